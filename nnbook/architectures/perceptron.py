r"""Rosenblatt's perceptron: a threshold unit and its error-correction learning rule.

The perceptron of Rosenblatt (1958) computes a weighted sum of its inputs and fires
when the sum passes a threshold:

$$ \hat y = \mathbb{1}[\,w^\top x + b > 0\,]. $$

It learns by *error correction*: after each example, add the input to the weights if
the unit should have fired and did not, subtract it if it fired and should not have,
and change nothing if it was right,

$$ w \leftarrow w + \eta\,(y - \hat y)\,x, \qquad b \leftarrow b + \eta\,(y - \hat y). $$

If some hyperplane separates the two classes, this rule stops making mistakes after
a finite number of updates (the perceptron convergence theorem, proved in 1962 by
Rosenblatt, by Block and by Novikoff).  If none does, as for XOR (Minsky and Papert,
1969), it never stops.  No gradient and no back-propagation is involved.

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

from ..mlp import sigmoid
from ..validation import as_float_array, as_rng, check_int, check_labels, check_real
from .training import check_mapping, check_sizes

__all__ = [
    "Perceptron",
    "logic_gate",
    "logistic_loss",
    "plot_decision_regions",
    "plot_hidden_space",
    "train_perceptron",
    "train_sigmoid_network",
]


def _check_Xy(X, y) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X, "X", ndim=2, nonempty=True)
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

    Examples
    --------
    >>> p = train_perceptron(*logic_gate("and"), epochs=20, seed=0)
    >>> p.at_epoch(0).w.tolist(), p.at_epoch(len(p.mistakes)).converged
    ([0.0, 0.0], True)
    >>> p.at_epoch(99)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: epoch must be an integer in [0, ...], got 99
    """

    w: np.ndarray
    b: float
    mistakes: list = field(default_factory=list)
    converged: bool = False
    snapshots: list = field(default_factory=list, repr=False)

    def at_epoch(self, epoch: int) -> Perceptron:
        """The perceptron as it was at the end of epoch ``epoch`` (1-based).

        Epoch 0 is the start of training, before any update: the zero weights that
        `train_perceptron` starts from.  ``epoch`` must lie in ``0..len(snapshots)``.
        """
        if not self.snapshots:
            raise ValueError("this perceptron has no snapshots: at_epoch needs train_perceptron's")
        epoch = check_int(epoch, "epoch", low=0, high=len(self.snapshots))
        if epoch == 0:
            return Perceptron(np.zeros_like(self.w), 0.0, [], False)
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
        Maximum number of passes over the data, at least 1.
    lr : float
        Step $\eta > 0$.  Starting from zero weights, its value only rescales $w$ and $b$
        and leaves every prediction unchanged.
    seed : int, optional
        Seeds the order of the examples.

    Raises
    ------
    TypeError
        If ``X`` or ``y`` do not hold real numbers, ``epochs`` is not an integer or
        ``lr`` not a real number.
    ValueError
        If ``X`` is empty, the shapes disagree, ``y`` holds something other than 0 and
        1, ``epochs`` is below 1 or ``lr`` is not positive and finite.

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
    epochs, lr = check_int(epochs, "epochs"), check_real(lr, "lr", low=0, low_open=True)
    rng = as_rng(seed, "seed")
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


# --------------------------------------------------------------------------- #
# The smooth successor: sigmoid units trained by gradient descent (nnbook.autodiff)
# --------------------------------------------------------------------------- #
def logistic_loss(z, y):
    r"""Mean cross-entropy of a sigmoid output from its pre-activation ``z``.

    $L = -\frac1n \sum_i [y_i \log \sigma(z_i) + (1 - y_i)\log(1 - \sigma(z_i))]$.

    ``z`` is the autodiff node of the pre-activations, shape ``(n, 1)``, and ``y`` the
    ``n`` labels, 0 or 1.  The loss is
    computed as a two-class softmax of the logits $(0, z_i)$, whose second
    probability is exactly $\sigma(z_i)$; this reuses the engine's overflow-free
    cross-entropy.

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> print(round(float(logistic_loss(Variable(np.zeros((2, 1))), np.array([0, 1])).value), 4))
    0.6931
    """
    from ..autodiff import Constant, Node
    from ..nn import softmax_cross_entropy

    y = check_labels(y, "y", n_classes=2)
    if np.shape(z) != (len(y), 1):
        raise ValueError(
            f"z must have shape ({len(y)}, 1), one value per label in y, got {np.shape(z)}"
        )
    as_float_array(z.value if isinstance(z, Node) else z, "z")  # refuse NaN and inf
    pair = z @ Constant(np.array([[0.0, 1.0]]))  # row i becomes (0, z_i)
    return softmax_cross_entropy(pair, y)


def train_sigmoid_network(X, y, hidden=(), lr: float = 0.5, steps: int = 1000, seed: int = 0):
    r"""Sigmoid units $\hat y = \sigma(\dots\sigma(x W_1 + b_1)\dots)$ trained by gradient descent.

    With ``hidden=()`` it is a single sigmoid unit (logistic regression); with
    ``hidden=(2,)`` it has one hidden layer of two units, enough for XOR.  The
    network is `nnbook.nn.LayerNet` and the gradients come from
    the book's autodiff engine; the loss is `logistic_loss`.

    Returns
    -------
    net : nnbook.nn.LayerNet
        Call ``net(X)`` for the pre-activation node; ``sigmoid`` of its value is
        the predicted probability of class 1.
    losses : list of float
        The loss before each full-batch step.

    ``hidden`` holds positive integers, ``lr`` is a positive number and ``steps`` an
    integer of at least 1; anything else raises a ``TypeError`` or ``ValueError`` that
    names the argument.

    Examples
    --------
    >>> X, y = logic_gate("xor")
    >>> net, losses = train_sigmoid_network(X, y, hidden=(3,), lr=2.0, steps=1500, seed=0)
    >>> (net(X).value.ravel() > 0).astype(int).tolist()
    [0, 1, 1, 0]
    """
    from ..nn import LayerNet, train

    X, y = _check_Xy(X, y)
    hidden = check_sizes(hidden, "hidden")
    lr, steps = check_real(lr, "lr", low=0, low_open=True), check_int(steps, "steps")
    net = LayerNet(
        X.shape[1], list(hidden), 1, bias=True, output="logits", seed=seed, init="normal"
    )
    losses = train(net, logistic_loss, X, y, lr=lr, steps=steps)
    return net, losses


def plot_decision_regions(models: dict, X, y, resolution: int = 200):
    """One panel per model: the 2-D inputs coloured by label over the model's decision regions.

    ``models`` maps a title to a function that takes an ``(n, 2)`` array and returns
    a score; the region where the score is above 0.5 (for probabilities) or 0 (for a
    decision value) is shaded.  Pass ``(function, threshold)`` to choose.  ``y`` may
    be a dict that maps each title to its own labels.

    Examples
    --------
    >>> X, y = logic_gate("and")
    >>> p = train_perceptron(X, y, seed=0)
    >>> fig = plot_decision_regions({"perceptron": (p.decision, 0.0)}, X, y)
    >>> fig.axes[0].get_title()
    'perceptron'
    """
    check_mapping(models, "models", "title -> function or (function, threshold)")
    X, resolution = as_float_array(X, "X", ndim=2), check_int(resolution, "resolution", low=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (points in the plane), got shape {X.shape}")
    labels = {title: _check_Xy(X, y[title] if isinstance(y, dict) else y)[1] for title in models}
    pad = 0.5
    g0 = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, resolution)
    g1 = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, resolution)
    G0, G1 = np.meshgrid(g0, g1)
    grid = np.column_stack([G0.ravel(), G1.ravel()])
    fig, axes = plt.subplots(1, len(models), figsize=(3.0 * len(models), 3.0), squeeze=False)
    for ax, (title, model) in zip(axes[0], models.items(), strict=True):
        f, threshold = model if isinstance(model, tuple) else (model, 0.5)
        if not callable(f):
            raise TypeError(f"models[{title!r}] must be a function or (function, threshold)")
        threshold = check_real(threshold, f"threshold of models[{title!r}]")
        score = np.asarray(f(grid), dtype=float).reshape(G0.shape)
        ax.contourf(
            G0,
            G1,
            (score > threshold).astype(float),
            levels=[-0.5, 0.5, 1.5],
            colors=["#f4cccc", "#cfe2f3"],
        )
        ax.contour(G0, G1, score, levels=[threshold], colors="#555753", linewidths=1)
        _scatter_classes(ax, X, labels[title])
        ax.set_title(title)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.grid(False)
        ax.set_aspect("equal")
    axes[0, 0].legend(frameon=True, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    plt.close(fig)
    return fig


def _scatter_classes(ax, points, labels) -> None:
    """Class 0 as red circles, class 1 as blue squares, at the rows of ``points`` (2 columns)."""
    labels = np.asarray(labels)
    for label, marker, colour in ((0, "o", "#cc0000"), (1, "s", "#3465a4")):
        pts = points[labels == label]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            marker=marker,
            c=colour,
            s=60,
            edgecolors="black",
            label=f"y = {label}",
            zorder=3,
        )


def plot_hidden_space(net, X, y):
    """Where a network with two hidden units sends each input: the hidden layer's view of the data.

    Draws the activations of the two hidden units for every row of ``X`` and the line
    on which the output unit's pre-activation is zero.

    Examples
    --------
    >>> X, y = logic_gate("xor")
    >>> net, _ = train_sigmoid_network(X, y, hidden=(2,), lr=2.0, steps=10, seed=0)
    >>> plot_hidden_space(net, X, y).axes[0].get_xlabel()
    'hidden unit 1'
    """
    from ..nn import LayerNet

    if not isinstance(net, LayerNet) or len(net.layers) != 2:
        raise TypeError(f"net must be a LayerNet with one hidden layer, got {type(net).__name__}")
    (W1, b1), (W2, b2) = net.layers
    if W1.value.shape[1] != 2:
        raise ValueError(f"net must have exactly 2 hidden units, got {W1.value.shape[1]}")
    X, y = _check_Xy(X, y)
    if X.shape[1] != W1.value.shape[0]:
        raise ValueError(f"X must have {W1.value.shape[0]} columns, got shape {X.shape}")
    H = sigmoid(X @ W1.value + b1.value)
    w, c = W2.value[:, 0], float(b2.value[0])
    fig, ax = plt.subplots(figsize=(3.6, 3.4))
    t = np.linspace(-0.1, 1.1, 50)
    if abs(w[1]) > 1e-12:  # w1 h1 + w2 h2 + c = 0
        ax.plot(t, -(w[0] * t + c) / w[1], color="#555753", lw=1, label="output = 0.5")
    _scatter_classes(ax, H, y)
    names: dict = {}  # inputs that land on (almost) the same hidden point share one label
    for (x1, x2), (h1, h2) in zip(X, H, strict=True):
        names.setdefault((round(h1, 2), round(h2, 2)), []).append(f"({x1:g}, {x2:g})")
    for (h1, h2), inputs in names.items():
        ax.annotate(
            " and ".join(inputs), (h1, h2), textcoords="offset points", xytext=(6, -11), fontsize=8
        )
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(-0.1, 1.1)
    ax.set_xlabel("hidden unit 1")
    ax.set_ylabel("hidden unit 2")
    ax.set_aspect("equal")
    ax.legend(frameon=True, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    plt.close(fig)
    return fig
