r"""Recurrent networks (plain, LSTM, GRU), two sequence tasks, and gradients through time.

One class, `RecurrentNet`, runs any of the three steps of
`nnbook.autodiff.recurrent` along a batch of sequences and reads the answer
from the last hidden state:

$$
h_t = \mathrm{step}(x_t, h_{t-1}) \quad (t = 1, \dots, T), \qquad \hat y = h_T W_y + b_y .
$$

Training unrolls the loop into one graph of $T$ steps that share their weights, and
reverse mode through that graph is *back-propagation through time*.

Two tasks, the same for the three cells:

* `digit_rows` -- scikit-learn's 8 x 8 digits read one row of 8 pixels per step
  (short: $T = 8$; a classification);
* `adding_problem` -- $T$ random numbers, two of them marked; the target is the sum
  of the two marked numbers (long-range: the first mark is in the first half).

`gradient_norms_through_time` measures $\lVert \partial L / \partial h_t \rVert$
for every $t$: how much the loss still "hears" step $t$.

Notation: a batch of sequences ``X`` has shape ``(B, T, D)``: sequences, time steps,
features per step.  Taught on the pages ``docs/architectures/{rnn,lstm,gru}.py``.
"""

from __future__ import annotations

import time

import matplotlib.pyplot as plt
import numpy as np

from .. import autodiff as ad
from ..autodiff import gru_step, lstm_step, rnn_step
from ..validation import as_float_array, as_rng, check_int, check_labels, check_nonempty, check_real
from .training import Adam, check_mapping, clip_grad_norm, minibatches, use_one_blas_thread

__all__ = [
    "CELLS",
    "RecurrentNet",
    "adding_problem",
    "digit_rows",
    "gradient_norms_through_time",
    "plot_gradient_norms",
    "train_adding",
    "train_digit_rows",
]

#: Number of weight blocks (gates and candidate) per cell.
CELLS = {"rnn": 1, "lstm": 4, "gru": 3}


class RecurrentNet:
    r"""A recurrent layer of ``n_hidden`` units followed by a linear read-out of $h_T$.

    Parameters
    ----------
    cell : {"rnn", "lstm", "gru"}
        The step: plain $\tanh$ (Elman), long short-term memory, or gated recurrent unit.
    n_in, n_hidden, n_out : int
        Features per step $D$, hidden units $H$, outputs (positive integers).
    seed : int
        Seed of the initial weights.
    forget_bias : float
        Initial bias of the LSTM's forget gate (1.0: start by remembering).

    Examples
    --------
    >>> net = RecurrentNet("lstm", n_in=2, n_hidden=5, n_out=1, seed=0)
    >>> [p.shape for p in net.params]
    [(2, 20), (5, 20), (20,), (5, 1), (1,)]
    >>> net(np.zeros((3, 7, 2))).shape    # 3 sequences of 7 steps
    (3, 1)
    >>> net(np.zeros((7, 2)))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: X must be a 3-D array (sequences, time steps, features), got shape (7, 2); ...
    """

    def __init__(
        self,
        cell: str,
        n_in: int,
        n_hidden: int,
        n_out: int,
        *,
        seed: int = 0,
        forget_bias: float = 1.0,
    ):
        if cell not in CELLS:
            raise ValueError(f"cell must be one of {sorted(CELLS)}, got {cell!r}")
        self.cell, self.n_in = cell, check_int(n_in, "n_in")
        self.n_hidden = check_int(n_hidden, "n_hidden")  # 2.5 is refused, not truncated to 2
        self.n_out = check_int(n_out, "n_out")
        forget_bias = check_real(forget_bias, "forget_bias")
        rng = as_rng(seed, "seed")
        g, H = CELLS[cell], self.n_hidden
        # each block of Wh is a random orthogonal matrix: lengths are kept at the start
        Wh = np.concatenate([np.linalg.qr(rng.standard_normal((H, H)))[0] for _ in range(g)], 1)
        b = np.zeros(g * H)
        if cell == "lstm":
            b[H : 2 * H] = forget_bias
        self.Wx = ad.Variable(
            rng.standard_normal((self.n_in, g * H)) / np.sqrt(self.n_in), name="Wx"
        )
        self.Wh = ad.Variable(Wh, name="Wh")
        self.b = ad.Variable(b, name="b")
        self.Wy = ad.Variable(rng.standard_normal((H, n_out)) / np.sqrt(H), name="Wy")
        self.by = ad.Variable(np.zeros(n_out), name="by")
        self.params = [self.Wx, self.Wh, self.b, self.Wy, self.by]

    def _check(self, X, name: str = "X") -> np.ndarray:
        X = as_float_array(X, name)
        if X.ndim != 3:
            raise ValueError(
                f"{name} must be a 3-D array (sequences, time steps, features), got shape "
                f"{X.shape}; a single sequence is {name}[None]"
            )
        if X.shape[2] != self.n_in:
            raise ValueError(
                f"{name} must have {self.n_in} features per time step, got shape {X.shape}"
            )
        if X.shape[1] == 0:
            raise ValueError(f"{name} must have at least one time step, got shape {X.shape}")
        check_nonempty(X, name)
        return X

    def states(self, X) -> list:
        """The hidden state after each step, a list of $T$ nodes of shape ``(B, H)``.

        For the LSTM each node is the state ``[h, c]`` of shape ``(2, B, H)``.
        """
        X = self._check(X)
        B, T, _ = X.shape
        step = {"rnn": rnn_step, "lstm": lstm_step, "gru": gru_step}[self.cell]
        shape = (2, B, self.n_hidden) if self.cell == "lstm" else (B, self.n_hidden)
        state = ad.Constant(np.zeros(shape), name="h0")
        out = []
        for t in range(T):
            state = step(X[:, t, :], state, self.Wx, self.Wh, self.b)
            out.append(state)
        return out

    def readout(self, state):
        """$\\hat y = h_T W_y + b_y$ from the last state."""
        h = state[0] if self.cell == "lstm" else state
        return h @ self.Wy + self.by

    def __call__(self, X):
        return self.readout(self.states(X)[-1])


# --------------------------------------------------------------------------- #
# Tasks
# --------------------------------------------------------------------------- #
def adding_problem(n: int, T: int, rng):
    """``n`` sequences of the adding problem: ``X`` of shape (n, T, 2), ``y`` of shape (n, 1).

    Feature 0 of each step is a number drawn uniformly from [0, 1); feature 1 is a
    marker, 1 at exactly two steps (one in the first half of the sequence, one in the
    second) and 0 elsewhere.  The target is the sum of the two marked numbers.
    Always answering 1, the mean of the target, gives a mean squared error of
    $2/12 \\approx 0.167$: a model must beat that to have learned anything.

    Examples
    --------
    >>> X, y = adding_problem(2, 6, np.random.default_rng(0))
    >>> X.shape, y.shape, X[:, :, 1].sum(axis=1).tolist()
    ((2, 6, 2), (2, 1), [2.0, 2.0])
    >>> bool(np.allclose(y[:, 0], (X[:, :, 0] * X[:, :, 1]).sum(axis=1)))
    True
    """
    n = check_int(n, "n")
    if check_int(T, "T", low=None) < 2:
        raise ValueError(f"T must be at least 2 (two marked steps), got {T}")
    rng = as_rng(rng, "rng")  # a Generator is used as it is; a seed makes one
    values = rng.random((n, T))
    marks = np.zeros((n, T))
    rows = np.arange(n)
    marks[rows, rng.integers(0, T // 2, n)] = 1.0
    marks[rows, rng.integers(T // 2, T, n)] = 1.0
    return np.stack([values, marks], axis=2), (values * marks).sum(axis=1, keepdims=True)


def digit_rows(test_size: float = 0.25, seed: int = 0):
    """Digits as sequences: each 8 x 8 image is 8 steps of 8 pixels (top row first).

    Returns ``X_train, X_test, y_train, y_test`` with ``X`` of shape (n, 8, 8), from the
    same split as `nnbook.datasets.digits`.

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = digit_rows()
    >>> X_train.shape, X_test.shape
    ((1347, 8, 8), (450, 8, 8))
    """
    from ..datasets import digits

    X_train, X_test, y_train, y_test = digits(test_size=test_size, seed=seed)
    return X_train.reshape(-1, 8, 8), X_test.reshape(-1, 8, 8), y_train, y_test


# --------------------------------------------------------------------------- #
# Training
# --------------------------------------------------------------------------- #
def _check_net(net) -> None:
    if not isinstance(net, RecurrentNet):
        raise TypeError(f"net must be a RecurrentNet, got {type(net).__name__}")


def _labelled(net, X, y, names) -> tuple[np.ndarray, np.ndarray]:
    """Sequences and their class labels (one per sequence), checked against ``net``."""
    X = net._check(X, names[0])
    y = check_labels(y, names[1], net.n_out)
    if len(y) != len(X):
        raise ValueError(
            f"{names[0]} has {len(X)} sequences but {names[1]} has {len(y)} labels: "
            "one label per sequence"
        )
    return X, y


def _mse(net, X, y) -> float:
    return float(np.mean((net(X).value - y) ** 2))


@use_one_blas_thread
def train_adding(
    net: RecurrentNet,
    T: int,
    *,
    steps: int,
    batch_size: int = 32,
    lr: float = 0.01,
    seed: int = 0,
    eval_every: int = 50,
    n_eval: int = 500,
    max_norm: float = 1.0,
) -> dict:
    """Train ``net`` on fresh batches of the adding problem; returns the learning curve.

    Each step draws a new batch (the task has unlimited data), takes one Adam step
    with the gradients clipped to global norm ``max_norm``, and every ``eval_every``
    steps measures the mean squared error on a fixed evaluation set of ``n_eval``
    sequences.

    ``net`` needs 2 inputs and 1 output.  ``steps``, ``batch_size``, ``eval_every`` and
    ``n_eval`` are integers of at least 1; ``lr`` and ``max_norm`` positive numbers.

    Returns
    -------
    dict
        ``"step"`` and ``"mse"`` (the evaluation curve), ``"seconds"``.
    """
    _check_net(net)
    if (net.n_in, net.n_out) != (2, 1):
        raise ValueError(
            f"net must have 2 inputs and 1 output for the adding problem, got "
            f"{net.n_in} and {net.n_out}"
        )
    steps, batch_size = check_int(steps, "steps"), check_int(batch_size, "batch_size")
    eval_every, n_eval = check_int(eval_every, "eval_every"), check_int(n_eval, "n_eval")
    max_norm = check_real(max_norm, "max_norm", low=0, low_open=True)
    rng = as_rng(seed, "seed")
    X_eval, y_eval = adding_problem(n_eval, T, np.random.default_rng(seed + 1))
    opt = Adam(net.params, lr=lr)
    curve = {"step": [0], "mse": [_mse(net, X_eval, y_eval)]}
    start = time.perf_counter()
    for step in range(1, steps + 1):
        X, y = adding_problem(batch_size, T, rng)
        loss = ad.mean((net(X) - y) ** 2)
        opt.zero_grad()
        loss.backward()
        clip_grad_norm(net.params, max_norm)
        opt.step()
        if step % eval_every == 0:
            curve["step"].append(step)
            curve["mse"].append(_mse(net, X_eval, y_eval))
    curve["seconds"] = time.perf_counter() - start
    return curve


@use_one_blas_thread
def train_digit_rows(
    net: RecurrentNet,
    X_train,
    y_train,
    X_test,
    y_test,
    *,
    epochs: int,
    batch_size: int = 64,
    lr: float = 0.01,
    seed: int = 0,
) -> dict:
    """Train ``net`` to classify digits read row by row; returns accuracies per epoch.

    ``y_train`` and ``y_test`` hold class labels (integers below ``net``'s number of
    outputs); ``epochs`` and ``batch_size`` are integers of at least 1.

    Returns
    -------
    dict
        ``"train_acc"``, ``"test_acc"`` (one entry per epoch) and ``"seconds"``.
    """
    _check_net(net)
    X_train, y_train = _labelled(net, X_train, y_train, ("X_train", "y_train"))
    X_test, y_test = _labelled(net, X_test, y_test, ("X_test", "y_test"))
    epochs, batch_size = check_int(epochs, "epochs"), check_int(batch_size, "batch_size")
    rng = as_rng(seed, "seed")
    opt = Adam(net.params, lr=lr)
    history = {"train_acc": [], "test_acc": []}
    start = time.perf_counter()
    for _ in range(epochs):
        for idx in minibatches(len(X_train), batch_size, rng):
            loss = ad.cross_entropy(net(X_train[idx]), y_train[idx])
            opt.zero_grad()
            loss.backward()
            clip_grad_norm(net.params, 1.0)
            opt.step()
        for split, X, y in (("train_acc", X_train, y_train), ("test_acc", X_test, y_test)):
            history[split].append(float(np.mean(net(X).value.argmax(axis=1) == y)))
    history["seconds"] = time.perf_counter() - start
    return history


@use_one_blas_thread
def gradient_norms_through_time(net: RecurrentNet, X, y) -> np.ndarray:
    r"""$\lVert \partial L / \partial h_t \rVert$ for $t = 1..T$, averaged over the batch.

    $L$ is the mean squared error of the read-out of $h_T$ against ``y``, of shape
    ``(B, n_out)`` (one row of targets per sequence of ``X``).  The
    gradient of $h_t$ reaches back from $h_T$ through $T - t$ steps, so a plain
    network whose steps shrink vectors shows a norm that falls exponentially as $t$
    moves away from $T$.

    Examples
    --------
    >>> net = RecurrentNet("rnn", 2, 8, 1, seed=0)
    >>> X, y = adding_problem(16, 20, np.random.default_rng(0))
    >>> norms = gradient_norms_through_time(net, X, y)
    >>> norms.shape, bool(norms[0] < norms[-1])
    ((20,), True)
    """
    _check_net(net)
    states = net.states(X)
    y = as_float_array(y, "y")
    B = states[0].shape[-2]  # sequences in the batch
    if y.shape != (B, net.n_out):
        raise ValueError(
            f"y must have shape ({B}, {net.n_out}), one row of targets per sequence "
            f"of X, got {y.shape}"
        )
    loss = ad.mean((net.readout(states[-1]) - y) ** 2)
    for p in net.params:
        p.grad = None
    loss.backward(retain_grads=True)
    norms = []
    for s in states:
        g = s.grad[0] if net.cell == "lstm" else s.grad
        norms.append(float(np.mean(np.linalg.norm(g, axis=1))))
    for p in net.params:
        p.grad = None
    return np.array(norms)


def plot_gradient_norms(norms: dict, title: str = "", alt: str | None = None):
    """One line per model: $\\lVert \\partial L/\\partial h_t\\rVert$ against $t$, log scale.

    Examples
    --------
    >>> fig = plot_gradient_norms({"rnn": [1e-6, 1e-3, 1.0]})
    >>> fig.axes[0].get_yscale()
    'log'
    """
    from ..plotting import with_alt

    check_mapping(norms, "norms", "label -> norms")
    fig, ax = plt.subplots()
    for label, values in norms.items():
        values = as_float_array(values, f"norms[{label!r}]", ndim=1, nonempty=True)
        ax.plot(np.arange(1, len(values) + 1), values, label=str(label))
    ax.set_yscale("log")
    ax.set_xlabel("time step $t$")
    ax.set_ylabel(r"$\|\partial L / \partial h_t\|$")
    if title:
        ax.set_title(title)
    if len(norms) > 1:
        ax.legend(frameon=False)
    plt.close(fig)
    return with_alt(fig, alt) if alt else fig
