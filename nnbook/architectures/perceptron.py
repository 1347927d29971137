r"""Rosenblatt's perceptron: a threshold unit and its error-correction learning rule.

The perceptron of Rosenblatt (1958) computes a weighted sum of its inputs and fires
when the sum passes a threshold:

$$ \hat y = \mathbb{1}[\,w^\top x + b > 0\,]. $$

It learns by *error correction*: after each example, add the input to the weights if
the unit should have fired and did not, subtract it if it fired and should not have,
and change nothing if it was right,

$$ w \leftarrow w + \eta\,(y - \hat y)\,x, \qquad b \leftarrow b + \eta\,(y - \hat y). $$

If some hyperplane separates the two classes, this rule stops making mistakes after
a finite number of updates (the perceptron convergence theorem, proved by Novikoff
in 1962).  If none does, as for XOR (Minsky and Papert, 1969), it never stops.
No gradient and no back-propagation is involved.

Notation: ``X`` has one example per **row**, shape ``(n, d)``; labels ``y`` are 0 or 1,
shape ``(n,)``; ``w`` has shape ``(d,)``.  The page ``docs/architectures/perceptron.py``
runs the experiments.

Examples
--------
>>> X, y = logic_gate("and")
>>> p = train_perceptron(X, y, epochs=20, seed=0)
>>> p.converged, p.predict(X).tolist()
(True, [0, 0, 0, 1])
>>> train_perceptron(*logic_gate("xor"), epochs=20, seed=0).converged
False
"""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np

from ..validation import as_float_array

__all__ = [
    "Perceptron",
    "logic_gate",
    "plot_decision_regions",
    "train_perceptron",
]


def _check_Xy(X, y) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"X has {X.shape[0]} examples (rows) but y has {y.shape[0]} labels: one label per row"
        )
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y must hold labels 0 and 1, found {y[(y != 0) & (y != 1)][0]!r}")
    return X, y


def logic_gate(name: str = "xor") -> tuple[np.ndarray, np.ndarray]:
    """The four inputs of a two-input logic gate and its outputs (``"and"``, ``"or"``, ``"xor"``).

    Examples
    --------
    >>> X, y = logic_gate("xor")
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0.0, 1.0, 1.0, 0.0])
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    table = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "xor": [0, 1, 1, 0]}
    if name not in table:
        raise ValueError(f"name must be one of {sorted(table)}, got {name!r}")
    return X, np.array(table[name], dtype=np.float64)


@dataclass
class Perceptron:
    """A trained perceptron: weights, bias and the history of its training.

    Attributes
    ----------
    w : numpy.ndarray, shape (d,)
    b : float
    mistakes : list of int
        Number of misclassified examples (= updates) in each epoch.
    converged : bool
        True if the last epoch made no mistake: the data are separated.
    snapshots : list of (numpy.ndarray, float)
        ``(w, b)`` at the end of each epoch, to follow the training.
    """

    w: np.ndarray
    b: float
    mistakes: list = field(default_factory=list)
    converged: bool = False
    snapshots: list = field(default_factory=list, repr=False)

    def at_epoch(self, epoch: int) -> Perceptron:
        """The perceptron as it was at the end of epoch ``epoch`` (1-based)."""
        w, b = self.snapshots[epoch - 1]
        return Perceptron(w, b, self.mistakes[:epoch], self.mistakes[epoch - 1] == 0)

    def decision(self, X) -> np.ndarray:
        """The weighted sum $w^\\top x + b$ for each row of ``X``."""
        X = as_float_array(X, "X", ndim=2)
        if X.shape[1] != self.w.shape[0]:
            raise ValueError(
                f"X has {X.shape[1]} features per example but the perceptron has "
                f"{self.w.shape[0]} weights: expected shape (n, {self.w.shape[0]}), got {X.shape}"
            )
        return X @ self.w + self.b

    def predict(self, X) -> np.ndarray:
        """0/1 output of the threshold unit for each row of ``X``."""
        return (self.decision(X) > 0).astype(int)

    def accuracy(self, X, y) -> float:
        """Share of the rows of ``X`` that are classified as ``y`` says."""
        X, y = _check_Xy(X, y)
        return float(np.mean(self.predict(X) == y))


def train_perceptron(X, y, epochs: int = 100, lr: float = 1.0, seed=None) -> Perceptron:
    r"""Rosenblatt's error-correction rule, one example at a time, in a shuffled order each epoch.

    Starts from zero weights and stops early after an epoch without a mistake.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Inputs, one example per row.
    y : array_like, shape (n,)
        Labels 0 or 1.
    epochs : int
        Maximum number of passes over the data.
    lr : float
        Step $\eta$.  Starting from zero weights, its value only rescales $w$ and $b$
        and leaves every prediction unchanged.
    seed : int, optional
        Seeds the order of the examples.

    Examples
    --------
    >>> X, y = logic_gate("or")
    >>> p = train_perceptron(X, y, seed=0)
    >>> p.converged, p.mistakes[-1]
    (True, 0)
    >>> train_perceptron(X, [0, 1, 1], seed=0)
    Traceback (most recent call last):
    ...
    ValueError: X has 4 examples (rows) but y has 3 labels: one label per row
    """
    X, y = _check_Xy(X, y)
    rng = np.random.default_rng(seed)
    w, b = np.zeros(X.shape[1]), 0.0
    mistakes, snapshots = [], []
    for _ in range(epochs):
        errors = 0
        for i in rng.permutation(X.shape[0]):
            y_hat = 1.0 if X[i] @ w + b > 0 else 0.0
            if y_hat != y[i]:  # error correction: move the boundary towards the right answer
                w += lr * (y[i] - y_hat) * X[i]
                b += lr * (y[i] - y_hat)
                errors += 1
        mistakes.append(errors)
        snapshots.append((w.copy(), b))
        if errors == 0:
            break
    return Perceptron(w, b, mistakes, mistakes[-1] == 0, snapshots)


def plot_decision_regions(models: dict, X, y, resolution: int = 200):
    """One panel per model: the 2-D inputs coloured by label over the model's decision regions.

    ``models`` maps a title to a function that takes an ``(n, 2)`` array and returns
    a score; the region where the score is above 0.5 (for probabilities) or 0 (for a
    decision value) is shaded.  Pass ``(function, threshold)`` to choose.

    Examples
    --------
    >>> X, y = logic_gate("and")
    >>> p = train_perceptron(X, y, seed=0)
    >>> fig = plot_decision_regions({"perceptron": (p.decision, 0.0)}, X, y)
    >>> fig.axes[0].get_title()
    'perceptron'
    """
    X = as_float_array(X, "X", ndim=2)
    y = np.asarray(y)
    pad = 0.5
    g0 = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, resolution)
    g1 = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, resolution)
    G0, G1 = np.meshgrid(g0, g1)
    grid = np.column_stack([G0.ravel(), G1.ravel()])
    fig, axes = plt.subplots(1, len(models), figsize=(3.0 * len(models), 3.0), squeeze=False)
    for ax, (title, model) in zip(axes[0], models.items(), strict=True):
        f, threshold = model if isinstance(model, tuple) else (model, 0.5)
        score = np.asarray(f(grid), dtype=float).reshape(G0.shape)
        ax.contourf(G0, G1, (score > threshold).astype(float), levels=[-0.5, 0.5, 1.5],
                    colors=["#f4cccc", "#cfe2f3"])
        ax.contour(G0, G1, score, levels=[threshold], colors="#555753", linewidths=1)
        for label, marker, colour in ((0, "o", "#cc0000"), (1, "s", "#3465a4")):
            pts = X[y == label]
            ax.scatter(pts[:, 0], pts[:, 1], marker=marker, c=colour, s=60,
                       edgecolors="black", label=f"y = {label}", zorder=3)
        ax.set_title(title)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.grid(False)
        ax.set_aspect("equal")
    axes[0, 0].legend(frameon=True, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    plt.close(fig)
    return fig
