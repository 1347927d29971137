r"""Neural networks built on the engine `nnbook.autodiff`: a perceptron net and a layered net.

Used by the chapter's breast-cancer experiments (`nnbook.lessons.autodiff.experiments`)
and by the architectures.  The three steps of training are separate and visible
in `train`::

    loss = loss_fn(net(X), y)          # build the graph (forward)
    zero_grad(net.params)              # forget the previous step's gradients
    loss.backward()                    # reverse mode fills p.grad
    gradient_descent_step(net.params, lr)   # p <- p - lr * p.grad

Two networks:

* `PerceptronNet` -- every unit is its own small graph, a sigmoid of a
  weighted sum of the previous layer's units, with one scalar weight
  `Variable` per connection (readable, slow: many nodes);
* `LayerNet` -- each layer is one matrix product, $A_{l} = \sigma(A_{l-1} W_l + b_l)$,
  with optional biases and an optional input normalisation drawn as two nodes
  of the graph (shift by the mean, scale by the inverse standard deviation).

Notation: ``X`` has one example per row; ``y`` one target per row.
"""

from __future__ import annotations

import numpy as np

from .autodiff import Constant, Node, Variable, cross_entropy, mean, sigmoid, zero_grad
from .autodiff import sum as ad_sum
from .autodiff.node import _as_input, _describe
from .validation import (
    as_float_array,
    check_int,
    check_labels,
    check_one_hot,
    check_real,
)

__all__ = [
    "LayerNet",
    "PerceptronNet",
    "accuracy",
    "gradient_descent_step",
    "softmax_cross_entropy",
    "squared_error",
    "train",
]


def _init(rng, shape, fan_in, init):
    if init == "uniform":  # in [0, 1), as the draft chapter's networks (see the breast-cancer page)
        return rng.random(shape)
    if init == "normal":  # zero mean, variance 1 / fan_in
        return rng.standard_normal(shape) / np.sqrt(fan_in)
    raise ValueError(f"init must be 'uniform' or 'normal', got {init!r}")


def _check_choice(value, name, choices):
    if not isinstance(value, str) or value not in choices:
        wanted = " or ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be {wanted}, got {_describe(value)}")
    return value


def _sizes(values, name) -> list:
    """A list of positive ints from a sequence (refusing strings, floats and a bare number)."""
    if isinstance(values, str | bytes) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list of integers, got {_describe(values)}")
    return [check_int(n, f"{name} entry") for n in values]


# --------------------------------------------------------------------------- #
# Losses and the update
# --------------------------------------------------------------------------- #
def squared_error(y_hat, y, reduction: str = "sum") -> Node:
    r"""$\sum_i (\hat y_i - y_i)^2$ (``reduction="sum"``) or its mean (``reduction="mean"``).

    Examples
    --------
    >>> print(squared_error(Variable([1.0, 2.0]), np.array([0.0, 0.0])).value)
    5.0
    >>> print(squared_error(Variable([1.0, 2.0]), np.array([0.0, 0.0]), "mean").value)
    2.5
    """
    _check_choice(reduction, "squared_error: reduction", ("sum", "mean"))
    y_hat = _as_input(y_hat, "squared_error: y_hat")
    y = _as_input(y, "squared_error: y")
    if y.value.shape != y_hat.value.shape:
        raise ValueError(
            f"squared_error: y must have the prediction's shape "
            f"{y_hat.value.shape}, got {y.value.shape}"
        )
    if reduction == "sum":
        return ad_sum((y_hat - y) ** 2)
    if y_hat.value.size == 0:
        raise ValueError(
            f"squared_error: y_hat must not be empty with reduction='mean' (a mean of no "
            f"numbers is NaN), got shape {y_hat.value.shape}"
        )
    return mean((y_hat - y) ** 2)


def softmax_cross_entropy(logits, y) -> Node:
    r"""Mean cross-entropy $-\frac1n\sum_i \log \mathrm{softmax}(z_i)_{y_i}$ from logits.

    ``y`` holds class indices or one-hot rows; see `cross_entropy`.

    Examples
    --------
    >>> print(round(float(softmax_cross_entropy(np.zeros((3, 2)), [0, 1, 1]).value), 4))
    0.6931
    """
    return cross_entropy(logits, y)


def gradient_descent_step(params, lr: float) -> None:
    r"""One step of plain gradient descent, $p \leftarrow p - \eta\, \partial L / \partial p$.

    Gives each variable a new value array (the old one is not modified); a
    variable whose ``.grad`` is ``None`` did not affect the loss and stays.

    Examples
    --------
    >>> w = Variable([1.0, -1.0])
    >>> squared_error(w, np.zeros(2)).backward()   # gradient 2 w
    >>> gradient_descent_step([w], lr=0.25)
    >>> print(w.value)
    [ 0.5 -0.5]
    """
    lr = check_real(lr, "gradient_descent_step: lr", low=0.0, low_open=True)
    params = _variables(params, "gradient_descent_step: params")
    for p in params:
        if p.grad is not None:
            p.value = p.value - lr * p.grad


def _variables(params, name) -> list:
    """``params`` as a list of variables; a single node is refused (iterating it would index it)."""
    if (
        isinstance(params, Node)
        or isinstance(params, str | bytes)
        or not hasattr(params, "__iter__")
    ):
        raise TypeError(
            f"{name} must be a list of variables (such as net.params), got {_describe(params)}"
        )
    params = list(params)
    for k, p in enumerate(params):
        if not isinstance(p, Variable):
            raise TypeError(f"{name}[{k}] must be a Variable, got {_describe(p)}")
    return params


def accuracy(scores, y) -> float:
    """Share of correct predictions: column scores thresholded at 0.5, or row argmax.

    Two kinds of ``scores``, ``n`` examples:

    * one probability per example (in [0, 1]), shape ``(n,)`` or ``(n, 1)``: the
      prediction is 1 where it is at least 0.5; ``y`` holds 0/1 labels, shape ``(n,)``
      or ``(n, 1)``;
    * one score per class, shape ``(n, k)`` with ``k >= 2``: the prediction is the
      row's argmax; ``y`` holds class labels ``0 .. k-1``, shape ``(n,)``, or
      one-hot rows, shape ``(n, k)`` (both are accepted).

    Raises
    ------
    ValueError
        If either is empty, the lengths differ, or ``y`` holds something other
        than labels of the right kind.

    Examples
    --------
    >>> accuracy(np.array([0.9, 0.2, 0.6]), np.array([1, 0, 0]))
    0.6666666666666666
    >>> accuracy(np.array([[2.0, 1.0], [0.0, 3.0]]), np.array([0, 1]))
    1.0
    >>> accuracy(np.array([[2.0, 1.0], [0.0, 3.0]]), np.eye(2))
    1.0
    >>> accuracy(np.array([0.9, 0.2]), np.eye(2))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: accuracy: y must hold one 0/1 label per example, ... got shape (2, 2)
    """
    s = as_float_array(
        scores.value if isinstance(scores, Node) else scores, "accuracy: scores", nonempty=True
    )
    y = as_float_array(y.value if isinstance(y, Node) else y, "accuracy: y", nonempty=True)
    if s.ndim == 2 and s.shape[1] > 1:  # one score per class
        n, k = s.shape
        if y.shape == s.shape:
            check_one_hot(y, "accuracy: y")
            truth = np.argmax(y, axis=1)
        elif y.shape == (n,):
            truth = check_labels(y, "accuracy: y", k)
        else:
            raise ValueError(
                f"accuracy: y must hold one class label per example, shape ({n},), or one-hot "
                f"rows, shape {s.shape}, to match scores of shape {s.shape}, got shape {y.shape}"
            )
        predicted = np.argmax(s, axis=1)
    elif s.ndim in (1, 2):  # one probability per example
        n = s.shape[0]
        if y.shape not in ((n,), (n, 1)):
            raise ValueError(
                f"accuracy: y must hold one 0/1 label per example, shape ({n},) or ({n}, 1), "
                f"to match scores of shape {s.shape}, got shape {y.shape}"
            )
        if s.min() < 0 or s.max() > 1:
            raise ValueError(
                f"accuracy: scores with one column are probabilities (thresholded at 0.5), so "
                f"they must lie in [0, 1], found {s.min() if s.min() < 0 else s.max():g} "
                "(logits? pass their sigmoid)"
            )
        truth = y.ravel()
        if not np.all((truth == 0) | (truth == 1)):
            bad = truth[(truth != 0) & (truth != 1)][0]
            raise ValueError(
                f"accuracy: y must hold 0/1 labels when scores has one column, found {bad:g}"
            )
        predicted = (s.ravel() >= 0.5).astype(float)
    else:
        raise ValueError(
            f"accuracy: scores must be 1-D (one probability per example) or 2-D "
            f"(examples, classes), got shape {s.shape}"
        )
    return float(np.mean(predicted == truth))


def train(net, loss_fn, X, y, *, lr: float, steps: int, callback=None) -> list:
    """Full-batch gradient descent; returns the loss before each step.

    ``callback(step, net)``, if given, is called after each update.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0]]); y = np.array([[0.0], [1.0]])
    >>> net = LayerNet(1, [], 1, bias=True, seed=0, init="normal")
    >>> losses = train(net, squared_error, X, y, lr=1.0, steps=200)
    >>> losses[-1] < losses[0] / 10
    True
    """
    lr = check_real(lr, "train: lr", low=0.0, low_open=True)
    steps = check_int(steps, "train: steps", low=1)
    for name, fn in (("net", net), ("loss_fn", loss_fn)):
        if not callable(fn):
            raise TypeError(f"train: {name} must be callable, got {_describe(fn)}")
    if callback is not None and not callable(callback):
        raise TypeError(f"train: callback must be callable or None, got {_describe(callback)}")
    losses = []
    for step in range(steps):
        loss = loss_fn(net(X), y)
        zero_grad(net.params)
        loss.backward()
        gradient_descent_step(net.params, lr)
        losses.append(float(loss.value))
        if callback is not None:
            callback(step, net)
    return losses


# --------------------------------------------------------------------------- #
# Networks
# --------------------------------------------------------------------------- #
class PerceptronNet:
    r"""A network of single perceptrons, one node per weight.

    A perceptron is $\sigma(\sum_j w_j a_j)$ over the previous layer's units $a_j$
    (no bias); each $a_j$ is a vector with one entry per example.

    Parameters
    ----------
    layer_sizes : sequence of int
        Number of inputs, then the sizes of the hidden layers; one output
        perceptron follows.
    seed : int
        Seed of the initial weights.
    init : {"uniform", "normal"}
        ``"uniform"`` draws weights in $[0, 1)$, as the draft chapter's networks did
        (the breast-cancer page reproduces them).

    Examples
    --------
    >>> net = PerceptronNet([2, 3], seed=0)
    >>> len(net.params), net(np.zeros((4, 2))).shape   # 2*3 + 3*1 weights
    (9, (4,))
    """

    def __init__(self, layer_sizes, seed: int = 0, init: str = "uniform"):
        sizes = _sizes(layer_sizes, "PerceptronNet: layer_sizes")
        if not sizes:
            raise ValueError(
                "PerceptronNet: layer_sizes must hold at least the number of inputs, got []"
            )
        _check_choice(init, "PerceptronNet: init", ("uniform", "normal"))
        rng = np.random.default_rng(check_int(seed, "PerceptronNet: seed", low=0))
        self.n_in = sizes[0]
        # weights[l][k] = the weights of unit k of layer l+1, one Variable per input
        self.weights = []
        for n_in, n_out in zip(sizes, sizes[1:] + [1], strict=True):
            self.weights.append(
                [
                    [Variable(_init(rng, (), n_in, init), name="w") for _ in range(n_in)]
                    for _ in range(n_out)
                ]
            )
        self.params = [w for layer in self.weights for unit in layer for w in unit]

    def __call__(self, X) -> Node:
        X = as_float_array(X, "X", ndim=2)
        if X.shape[1] != self.n_in:
            raise ValueError(
                f"X must have {self.n_in} columns (one per input), got shape {X.shape}"
            )
        units = [Constant(X[:, j], name=f"x{j + 1}") for j in range(self.n_in)]
        for layer in self.weights:
            units = [self._perceptron(units, unit) for unit in layer]
        return units[0]

    @staticmethod
    def _perceptron(inputs, weights) -> Node:
        total = inputs[0] * weights[0]
        for a, w in zip(inputs[1:], weights[1:], strict=True):
            total = total + a * w
        return sigmoid(total)


class LayerNet:
    r"""Layers as matrices: $A_l = \sigma(A_{l-1} W_l + b_l)$, sigmoid or softmax output.

    Parameters
    ----------
    n_in, hidden, n_out : int, list of int, int
        Sizes of the input, the hidden layers and the output.
    bias : bool or list of bool
        Whether each layer (hidden layers then output) has a bias.
    normalise : tuple of arrays, optional
        ``(mean, std)`` of the training inputs: the graph then starts with the
        nodes $X - \mu$ and $(X - \mu)\,\mathrm{diag}(1/s)$.
    output : {"sigmoid", "logits"}
        ``"sigmoid"`` applies $\sigma$ to the last layer (for the squared error);
        ``"logits"`` leaves it linear (for `softmax_cross_entropy`).
    seed : int
        Seed of the initial weights.
    init : {"uniform", "normal"}
        ``"uniform"`` draws weights and biases in $[0, 1)$, as the draft chapter's
        networks did.

    Examples
    --------
    >>> net = LayerNet(30, [5], 1, bias=True, seed=0)
    >>> [p.shape for p in net.params]
    [(30, 5), (5,), (5, 1), (1,)]
    >>> net(np.zeros((4, 30))).shape
    (4, 1)
    """

    def __init__(
        self,
        n_in: int,
        hidden,
        n_out: int,
        *,
        bias=True,
        normalise=None,
        output: str = "sigmoid",
        seed: int = 0,
        init: str = "uniform",
    ):
        sizes = [
            check_int(n_in, "LayerNet: n_in"),
            *_sizes(hidden, "LayerNet: hidden"),
            check_int(n_out, "LayerNet: n_out"),
        ]
        _check_choice(output, "LayerNet: output", ("sigmoid", "logits"))
        _check_choice(init, "LayerNet: init", ("uniform", "normal"))
        n_layers = len(sizes) - 1
        biases = [bias] * n_layers if isinstance(bias, bool) else bias
        wanted = f"LayerNet: bias must be a bool or a list of {n_layers} bools (one per layer)"
        if not isinstance(biases, list | tuple) or not all(isinstance(b, bool) for b in biases):
            raise TypeError(f"{wanted}, got {_describe(bias)}")
        if len(biases) != n_layers:
            raise ValueError(f"{wanted}, got {len(biases)}: {bias!r}")
        rng = np.random.default_rng(check_int(seed, "LayerNet: seed", low=0))
        self.output = output
        self.layers = []  # (W, b or None) per layer
        for k, (n_in, n_out) in enumerate(zip(sizes, sizes[1:], strict=False)):
            W = Variable(_init(rng, (n_in, n_out), n_in, init), name=f"W{k + 1}")
            b = Variable(_init(rng, (n_out,), n_in, init), name=f"b{k + 1}") if biases[k] else None
            self.layers.append((W, b))
        self.params = [p for layer in self.layers for p in layer if p is not None]
        self.shift = self.scale = None
        if normalise is not None:
            if not isinstance(normalise, tuple | list) or len(normalise) != 2:
                raise TypeError(
                    f"LayerNet: normalise must be a pair (mean, std), got {_describe(normalise)}"
                )
            mu, sd = (
                as_float_array(a, f"LayerNet: normalise {what}", ndim=1)
                for a, what in zip(normalise, ("mean", "std"), strict=True)
            )
            for arr, what in ((mu, "mean"), (sd, "std")):
                if arr.shape != (sizes[0],):
                    raise ValueError(
                        f"LayerNet: normalise {what} must have shape ({sizes[0]},), one entry "
                        f"per input, got {arr.shape}"
                    )
            if np.any(sd <= 0):
                raise ValueError(
                    f"LayerNet: normalise std must be positive (it divides the inputs), found "
                    f"{sd.min():g} at input {int(np.argmin(sd))}"
                )
            self.shift = Constant(-mu, name="-mean")
            self.scale = Constant(np.diag(1.0 / sd), name="diag(1/std)")

    def __call__(self, X) -> Node:
        X = as_float_array(X, "X", ndim=2)
        n_in = self.layers[0][0].value.shape[0]
        if X.shape[1] != n_in:
            raise ValueError(f"X must have {n_in} columns, got shape {X.shape}")
        a = Constant(X, name="X")
        if self.shift is not None:
            a = (a + self.shift) @ self.scale
        last = len(self.layers) - 1
        for k, (W, b) in enumerate(self.layers):
            a = a @ W
            if b is not None:
                a = a + b
            if k < last or self.output == "sigmoid":
                a = sigmoid(a)
        return a
