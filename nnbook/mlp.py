r"""Lecture 01: a one-hidden-layer network written with nothing but NumPy.

The first half of this module keeps the lecture's function names and signatures
(``sigmoid``, ``forward(x, w1, w2)``, ``back_prop(x, y, w1, w2, alpha)``, ...) so a
reader can follow the page line by line.  The second half is the same network
vectorised over mini-batches and given biases, for comparison.

It is written to be read, not to be fast.  Notation (see the lecture page):

* ``x`` has one example per **row**: shape ``(n, d)`` (``d = 30`` pixels for the letters).
* ``w1`` has shape ``(d, h)`` and ``w2`` shape ``(h, k)``; there are no biases in the
  lecture's network.
* ``z1 = x @ w1``, ``a1 = sigmoid(z1)``, ``z2 = a1 @ w2``, ``a2 = sigmoid(z2)``.
* The loss is the mean squared error over every output of every example,
  $L = \frac{1}{nk}\sum_{i,j} (a2_{ij} - y_{ij})^2$.

How this code differs from the lecture it comes from is listed on the page
``docs/lectures/01-first-network.py`` ("What we changed from the original lecture").
"""

from __future__ import annotations

import numpy as np

from . import numerics
from .validation import as_float_array, as_rng, check_int, check_one_hot, check_real

__all__ = [
    "accuracy",
    "back_prop",
    "forward",
    "forward_batch",
    "generate_wt",
    "gradients",
    "gradients_batch",
    "init_params",
    "loss",
    "predict",
    "sigmoid",
    "sigmoid_deriv",
    "train",
    "train_batched",
]


# --------------------------------------------------------------------------- #
# Activation
# --------------------------------------------------------------------------- #
def sigmoid(x):
    r"""The logistic function $\sigma(x) = 1 / (1 + e^{-x})$, elementwise.

    The arithmetic is `nnbook.numerics.sigmoid`, the one stable sigmoid every
    module of the book uses; this function adds the argument check.

    Raises
    ------
    TypeError
        If ``x`` is not a number or an array of real numbers (``None``, a string).
    ValueError
        If ``x`` holds NaN or infinity.

    Examples
    --------
    >>> sigmoid(0.0)
    0.5
    >>> print(sigmoid(np.array([-1000.0, 0.0, 1000.0])))
    [0.  0.5 1. ]
    >>> sigmoid("1")
    Traceback (most recent call last):
    ...
    TypeError: x must be an array of numbers, got str '1'
    """
    out = numerics.sigmoid(as_float_array(x, "x"))
    return out.item() if out.ndim == 0 else out


def sigmoid_deriv(x):
    r"""The derivative of the sigmoid, $\sigma'(x) = \sigma(x)\,(1 - \sigma(x))$.

    Examples
    --------
    >>> sigmoid_deriv(0.0)
    0.25
    """
    s = sigmoid(x)
    return s * (1.0 - s)


# --------------------------------------------------------------------------- #
# Input checks shared by the functions below
# --------------------------------------------------------------------------- #
def _inputs(x, name="x", nonempty=False) -> np.ndarray:
    """Examples as rows: accept ``(d,)``, ``(n, d)`` or a list of ``(1, d)`` rows.

    ``nonempty`` refuses a batch with no examples (where a mean over it is taken).
    """
    arr = as_float_array(x, name, nonempty=nonempty)
    if arr.ndim == 1:
        arr = arr[None, :]
    elif arr.ndim == 3 and arr.shape[1] == 1:  # the lecture's list of (1, 30) rows
        arr = arr[:, 0, :]
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must hold one example per row, shape (n, d) or (d,), got shape {arr.shape}"
        )
    return arr


def _weights(x: np.ndarray, w1, w2, names=("x", "w1", "w2")) -> tuple[np.ndarray, np.ndarray]:
    """Check that ``w1`` and ``w2`` fit ``x`` and each other; ``names`` are used in errors."""
    nx, n1, n2 = names
    w1 = as_float_array(w1, n1, ndim=2)
    w2 = as_float_array(w2, n2, ndim=2)
    if x.shape[1] != w1.shape[0]:
        raise ValueError(
            f"{nx} has {x.shape[1]} features, but {n1} has shape {w1.shape}: "
            f"{n1} needs one row per feature"
        )
    if w1.shape[1] != w2.shape[0]:
        raise ValueError(
            f"{n1} has shape {w1.shape} (so {w1.shape[1]} hidden units) but {n2} has shape "
            f"{w2.shape}: {n2} needs {w1.shape[1]} rows"
        )
    return w1, w2


def _size(n, name: str) -> int:
    """A layer size: an integer (else TypeError) of at least 1 (else ValueError)."""
    if check_int(n, name, low=None) < 1:
        raise ValueError(f"{name} must be a positive integer (a layer size), got {n!r}")
    return int(n)


def _targets(y, out_shape: tuple[int, int], name: str) -> np.ndarray:
    """Targets with the same shape as the network's output ``(n, k)``."""
    arr = as_float_array(y, name)
    if arr.ndim == 1 and out_shape[0] == 1:
        arr = arr[None, :]
    elif arr.ndim == 3 and arr.shape[1] == 1:
        arr = arr[:, 0, :]
    if arr.shape != out_shape:
        raise ValueError(
            f"{name} must have shape {out_shape} (one row of {out_shape[1]} targets per "
            f"example, like the network's output), got shape {arr.shape}"
        )
    return arr


# --------------------------------------------------------------------------- #
# The lecture's network, with the lecture's names
# --------------------------------------------------------------------------- #
def forward(x, w1, w2):
    """Run the network forward and return its output ``a2`` of shape ``(n, k)``.

    Parameters
    ----------
    x : array_like, shape (n, d) or (d,)
        Inputs, one example per row.
    w1 : array_like, shape (d, h)
        Input-to-hidden weights.
    w2 : array_like, shape (h, k)
        Hidden-to-output weights.

    Examples
    --------
    >>> w1, w2 = np.zeros((30, 5)), np.zeros((5, 3))
    >>> forward(np.ones(30), w1, w2)
    array([[0.5, 0.5, 0.5]])
    >>> forward(np.ones(25), w1, w2)
    Traceback (most recent call last):
    ...
    ValueError: x has 25 features, but w1 has shape (30, 5): w1 needs one row per feature
    """
    x = _inputs(x)
    w1, w2 = _weights(x, w1, w2)
    a1 = sigmoid(x @ w1)  # hidden layer
    return sigmoid(a1 @ w2)  # output layer


def generate_wt(x, y, scale=None, rng=None):
    r"""Random ``(x, y)`` weight matrix drawn from $\mathcal{N}(0, \text{scale}^2)$.

    Parameters
    ----------
    x, y : int
        Number of rows (inputs of the layer) and columns (units of the layer).
    scale : float, optional
        Standard deviation.  The default $1/\sqrt{x}$ keeps each unit's weighted
        sum of order one whatever the number of inputs (LeCun et al., *Efficient
        BackProp*, 1998).  ``scale=0`` gives all-zero weights, which the lecture uses
        to show why they fail.
    rng : numpy.random.Generator or int, optional
        Random generator or seed, so that results can be reproduced.

    Raises
    ------
    TypeError
        If ``x`` or ``y`` is not an integer, or ``scale`` not a real number.
    ValueError
        If ``x`` or ``y`` is below 1, or ``scale`` is negative, NaN or infinite.

    Examples
    --------
    >>> generate_wt(30, 5, rng=0).shape
    (30, 5)
    >>> np.array_equal(generate_wt(3, 2, rng=1), generate_wt(3, 2, rng=1))
    True
    >>> generate_wt(2, 2, scale=0)
    array([[0., 0.],
           [0., 0.]])
    """
    x, y = _size(x, "x"), _size(y, "y")
    scale = 1.0 / np.sqrt(x) if scale is None else check_real(scale, "scale", low=0)
    rng = as_rng(rng, "rng")
    if scale == 0:
        return np.zeros((x, y))
    return scale * rng.standard_normal((x, y))  # one seeded draw, scaled


def loss(out, Y):
    r"""Mean squared error $\frac{1}{nk}\sum_{i,j}(\text{out}_{ij} - Y_{ij})^2$.

    Parameters
    ----------
    out : array_like, shape (n, k)
        Network outputs.
    Y : array_like, shape (n, k), or (k,) when n == 1
        Targets.

    Examples
    --------
    >>> loss(np.array([[0.5, 0.5, 0.5]]), np.array([1, 0, 0]))
    0.25
    """
    out = _inputs(out, "out", nonempty=True)  # the mean of nothing is not a loss
    Y = _targets(Y, out.shape, "Y")
    return float(np.mean((out - Y) ** 2))  # mean over every output of every example given


def gradients(x, y, w1, w2):
    r"""Gradients of ``loss(forward(x, w1, w2), y)`` with respect to ``w1`` and ``w2``.

    Backpropagation, with the shapes of every quantity for ``n`` examples:

    * ``d2 = dL/dz2 = 2 (a2 - y) / (n k) * sigmoid'(z2)``, shape ``(n, k)``
    * ``dw2 = a1.T @ d2``, shape ``(h, k)``
    * ``d1 = dL/dz1 = (d2 @ w2.T) * sigmoid'(z1)``, shape ``(n, h)``
    * ``dw1 = x.T @ d1``, shape ``(d, h)``

    Returns
    -------
    dw1, dw2 : numpy.ndarray
        Same shapes as ``w1`` and ``w2``.

    Examples
    --------
    >>> dw1, dw2 = gradients(np.ones((2, 4)), np.eye(2), np.zeros((4, 3)), np.zeros((3, 2)))
    >>> dw1.shape, dw2.shape
    ((4, 3), (3, 2))
    """
    x = _inputs(x, nonempty=True)
    w1, w2 = _weights(x, w1, w2)
    z1 = x @ w1
    a1 = sigmoid(z1)
    z2 = a1 @ w2
    a2 = sigmoid(z2)
    y = _targets(y, a2.shape, "y")
    # dL/dz2 for L = mean((a2 - y)^2): the 2/(nk) of the mean, times sigma'(z2)
    d2 = 2.0 * (a2 - y) / a2.size * sigmoid_deriv(z2)
    d1 = (d2 @ w2.T) * sigmoid_deriv(z1)  # dL/dz1: back through w2, times sigma'(z1)
    return x.T @ d1, a1.T @ d2


def back_prop(x, y, w1, w2, alpha):
    """One gradient-descent step: return ``w1 - alpha * dw1, w2 - alpha * dw2``.

    The inputs are not modified.  See `gradients` for the maths.  The learning rate
    ``alpha`` must be a positive real number.

    Examples
    --------
    >>> x, y = np.ones((1, 4)), np.array([[1.0, 0.0]])
    >>> w1, w2 = generate_wt(4, 3, rng=0), generate_wt(3, 2, rng=1)
    >>> new_w1, new_w2 = back_prop(x, y, w1, w2, alpha=1.0)
    >>> loss(forward(x, new_w1, new_w2), y) < loss(forward(x, w1, w2), y)
    True
    """
    alpha = check_real(alpha, "alpha", low=0, low_open=True)
    dw1, dw2 = gradients(x, y, w1, w2)
    return np.asarray(w1, float) - alpha * dw1, np.asarray(w2, float) - alpha * dw2


def accuracy(out, Y):
    """Share of examples whose largest output is at the position of the 1 in ``Y``.

    Examples
    --------
    >>> accuracy(np.array([[0.9, 0.2], [0.6, 0.7]]), np.array([[1, 0], [1, 0]]))
    0.5
    """
    out = _inputs(out, "out", nonempty=True)
    Y = _targets(Y, out.shape, "Y")
    check_one_hot(Y, "Y")
    return float(np.mean(out.argmax(axis=1) == Y.argmax(axis=1)))


def train(x, Y, w1, w2, alpha=0.01, epoch=10, verbose=False):
    """Train with one gradient step per example (online gradient descent).

    Parameters
    ----------
    x : array_like, shape (n, d), or a list of n rows of shape (1, d)
        Training inputs.
    Y : array_like, shape (n, k)
        One-hot targets.
    w1, w2 : array_like
        Initial weights, shapes ``(d, h)`` and ``(h, k)``; they are not modified.
    alpha : float
        Learning rate, a positive number.
    epoch : int
        Number of passes over the data, at least 1.
    verbose : bool
        Print the accuracy and loss after every epoch.

    Returns
    -------
    acc : list of float
        Accuracy (share of correct argmax predictions) on ``x`` after each epoch.
    losses : list of float
        Mean squared error on ``x`` after each epoch.
    w1, w2 : numpy.ndarray
        Trained weights.

    Raises
    ------
    TypeError
        If an array holds something other than real numbers, ``alpha`` is not a real
        number or ``epoch`` not an integer.
    ValueError
        If the shapes do not fit together, ``Y`` is not one-hot, ``x`` is empty,
        ``alpha`` is not positive and finite, or ``epoch`` is below 1.

    Examples
    --------
    >>> from nnbook.datasets import letters
    >>> x, Y, names = letters()
    >>> w1, w2 = generate_wt(30, 5, rng=0), generate_wt(5, 3, rng=1)
    >>> acc, losses, w1, w2 = train(x, Y, w1, w2, alpha=1.0, epoch=200)
    >>> acc[-1], losses[-1] < losses[0]
    (1.0, True)
    """
    x = _inputs(x, nonempty=True)
    w1, w2 = _weights(x, w1, w2)
    Y = _targets(Y, (x.shape[0], w2.shape[1]), "Y")
    check_one_hot(Y, "Y")
    alpha, epoch = check_real(alpha, "alpha", low=0, low_open=True), check_int(epoch, "epoch")
    acc, losses = [], []
    for j in range(epoch):
        for i in range(len(x)):
            # one example at a time: stochastic gradient descent
            w1, w2 = back_prop(x[i : i + 1], Y[i : i + 1], w1, w2, alpha)
        out = forward(x, w1, w2)
        acc.append(accuracy(out, Y))  # share of argmax matches; the loss is kept apart
        losses.append(loss(out, Y))
        if verbose:
            print(f"epoch {j + 1:4d}   accuracy {acc[-1]:6.1%}   loss {losses[-1]:.4f}")
    return acc, losses, w1, w2


def predict(x, w1, w2):
    """The network's outputs for ``x``; ``predict(...).argmax(axis=1)`` is the class.

    Examples
    --------
    >>> predict(np.zeros((2, 30)), np.zeros((30, 5)), np.zeros((5, 3))).shape
    (2, 3)
    """
    return forward(x, w1, w2)


# --------------------------------------------------------------------------- #
# The same network, vectorised over mini-batches and with biases
# --------------------------------------------------------------------------- #
def init_params(n_in, n_hidden, n_out, rng=None):
    """Weights ``W1 (n_in, n_hidden)``, ``W2 (n_hidden, n_out)`` and zero biases.

    Examples
    --------
    >>> {k: v.shape for k, v in init_params(30, 5, 3, rng=0).items()}
    {'W1': (30, 5), 'b1': (5,), 'W2': (5, 3), 'b2': (3,)}
    """
    n_in, n_hidden, n_out = _size(n_in, "n_in"), _size(n_hidden, "n_hidden"), _size(n_out, "n_out")
    rng = as_rng(rng, "rng")
    return {
        "W1": generate_wt(n_in, n_hidden, rng=rng),
        "b1": np.zeros(n_hidden),
        "W2": generate_wt(n_hidden, n_out, rng=rng),
        "b2": np.zeros(n_out),
    }


def _check_params(X: np.ndarray, params: dict) -> dict:
    if not isinstance(params, dict):
        kind = type(params).__name__
        raise TypeError(f"params must be a dict of W1, b1, W2, b2 (see init_params), got {kind}")
    missing = {"W1", "b1", "W2", "b2"} - set(params)
    if missing:
        raise ValueError(f"params is missing {sorted(missing)}; build it with init_params()")
    W1, W2 = _weights(X, params["W1"], params["W2"], names=("X", "W1", "W2"))
    b1 = as_float_array(params["b1"], "b1", ndim=1)
    b2 = as_float_array(params["b2"], "b2", ndim=1)
    if b1.shape != (W1.shape[1],) or b2.shape != (W2.shape[1],):
        raise ValueError(
            f"b1 and b2 must have shapes ({W1.shape[1]},) and ({W2.shape[1]},), "
            f"got {b1.shape} and {b2.shape}"
        )
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def forward_batch(X, params):
    """Outputs for a batch ``X`` of shape ``(n, d)``: ``sigmoid(sigmoid(X W1 + b1) W2 + b2)``.

    Examples
    --------
    >>> forward_batch(np.zeros((4, 30)), init_params(30, 5, 3, rng=0)).shape
    (4, 3)
    """
    X = _inputs(X, "X")
    p = _check_params(X, params)
    return sigmoid(sigmoid(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])


def gradients_batch(X, Y, params):
    """Gradients of the mean squared error over the batch, for every parameter.

    The bias gradients are the weight rules with an input that is always 1: the
    deltas summed over the batch.

    Examples
    --------
    >>> g = gradients_batch(np.ones((4, 30)), np.eye(3)[[0, 1, 2, 0]], init_params(30, 5, 3, rng=0))
    >>> sorted(g)
    ['W1', 'W2', 'b1', 'b2']
    """
    X = _inputs(X, "X", nonempty=True)
    p = _check_params(X, params)
    z1 = X @ p["W1"] + p["b1"]
    a1 = sigmoid(z1)
    z2 = a1 @ p["W2"] + p["b2"]
    a2 = sigmoid(z2)
    Y = _targets(Y, a2.shape, "Y")
    d2 = 2.0 * (a2 - Y) / a2.size * sigmoid_deriv(z2)
    d1 = (d2 @ p["W2"].T) * sigmoid_deriv(z1)
    return {"W1": X.T @ d1, "b1": d1.sum(axis=0), "W2": a1.T @ d2, "b2": d2.sum(axis=0)}


def train_batched(X, Y, params, lr=0.5, epochs=100, batch_size=32, rng=None):
    """Mini-batch gradient descent; returns ``(history, params)``.

    Each epoch shuffles the examples with ``rng`` and takes one step per batch.
    ``history`` holds the ``"loss"`` and ``"accuracy"`` on ``X`` after each epoch.
    ``lr`` must be positive, ``epochs`` and ``batch_size`` integers of at least 1.

    Examples
    --------
    >>> from nnbook.datasets import letters
    >>> X, Y, _ = letters()
    >>> history, params = train_batched(X, Y, init_params(30, 5, 3, rng=0), lr=2.0,
    ...                                 epochs=300, batch_size=3, rng=0)
    >>> history["accuracy"][-1]
    1.0
    """
    X = _inputs(X, "X", nonempty=True)
    params = _check_params(X, params)
    Y = _targets(Y, (X.shape[0], params["W2"].shape[1]), "Y")
    check_one_hot(Y, "Y")
    lr, epochs = check_real(lr, "lr", low=0, low_open=True), check_int(epochs, "epochs")
    batch_size = check_int(batch_size, "batch_size")
    rng = as_rng(rng, "rng")
    history = {"loss": [], "accuracy": []}
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]
            grads = gradients_batch(X[idx], Y[idx], params)
            params = {k: params[k] - lr * grads[k] for k in params}
        out = forward_batch(X, params)
        history["loss"].append(loss(out, Y))
        history["accuracy"].append(accuracy(out, Y))
    return history, params
