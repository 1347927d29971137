r"""The categorical distribution of logits: softmax, log-softmax and the cross-entropy.

A softmax turns a row of scores (logits) into the probabilities of a categorical
distribution; the cross-entropy is the mean negative log-probability of the targets.
All three are computed from the logits, stable at any input (`nnbook.autodiff.logistic`
is the two-class counterpart, on one logit per example).

Along the chosen axis, with $s = \mathrm{softmax}(z)$, $s_k = e^{z_k} / \sum_j e^{z_j}$:

* softmax: $\bar z = s \odot (\bar s - \langle \bar s, s\rangle)$ and
  $\dot s = s \odot (\dot z - \langle s, \dot z\rangle)$;
* log-softmax $\ell = z - \log\sum_j e^{z_j}$: $\bar z = \bar\ell - s \sum_k \bar\ell_k$ and
  $\dot \ell = \dot z - \langle s, \dot z \rangle$;
* cross-entropy of one-hot (or probability) rows $Y$ against logits $Z$, averaged
  over the $n$ rows, $L = -\frac1n \sum_{i,k} Y_{ik}\, \ell_{ik}$:
  $\bar Z = \bar L\, (S - Y)/n$ when each row of $Y$ sums to 1.

Every formula shifts by the row maximum first, $\log\sum_j e^{z_j} = m + \log\sum_j e^{z_j - m}$,
so nothing overflows at $z = \pm 1000$ and no warning is raised.  The $n \times n$
Jacobian $\mathrm{diag}(s) - s s^\top$ of a softmax row never appears.
"""

from __future__ import annotations

import numpy as np

from ..validation import as_float_array, check_int
from .node import Node
from .primitive import SHAPES, Primitive

__all__ = ["CrossEntropy", "LogSoftmax", "Softmax"]


def _log_softmax(z, axis):
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _check_axis(x, axis, op):
    if x.ndim == 0 or not -x.ndim <= axis < x.ndim:
        raise ValueError(f"{op}: axis {axis} is out of range for an input of shape {x.shape}")
    if x.shape[axis] == 0:
        raise ValueError(
            f"{op}: x must have at least one entry along axis {axis}, got shape {x.shape}"
        )


class Softmax(Primitive):
    r"""$e^{x_k} / \sum_j e^{x_j}$ along ``axis``: each slice becomes probabilities.

    With $s = \mathrm{softmax}(z)$: VJP $\bar z = s \odot (\bar s - \langle \bar s, s\rangle)$;
    JVP $\dot s = s \odot (\dot z - \langle s, \dot z\rangle)$ (see the module docstring).

    Examples
    --------
    >>> from nnbook.autodiff import softmax
    >>> print(softmax(np.array([0.0, 1000.0, -1000.0])).value)
    [0. 1. 0.]
    >>> print(softmax(np.log([[1.0, 3.0]])).value)
    [[0.25 0.75]]
    """

    name = "softmax"

    def prepare(self, x, axis=-1):
        return (x,), {"axis": check_int(axis, "softmax: axis", low=None)}

    def forward(self, z, axis=-1):
        _check_axis(z, axis, "softmax")
        e = np.exp(z - np.max(z, axis=axis, keepdims=True))
        return e / np.sum(e, axis=axis, keepdims=True)

    def vjp(self, g, node):
        s, axis = node.value, node.params["axis"]
        return (s * (g - np.sum(g * s, axis=axis, keepdims=True)),)

    def jvp(self, tangents, node):
        s, axis = node.value, node.params["axis"]
        t = tangents[0]
        return s * (t - np.sum(s * t, axis=axis, keepdims=True))

    def cases(self, point):
        yield from _axis_cases(self, point)


class LogSoftmax(Primitive):
    r"""$x_k - \log \sum_j e^{x_j}$ along ``axis``, computed without overflow.

    With $\ell = z - \log \sum_j e^{z_j}$ and $s = e^\ell$: VJP
    $\bar z = \bar\ell - s \sum_k \bar\ell_k$; JVP $\dot \ell = \dot z - \langle s, \dot z \rangle$.

    Examples
    --------
    >>> from nnbook.autodiff import log_softmax
    >>> print(log_softmax(np.array([1000.0, 1000.0])).value.round(4))
    [-0.6931 -0.6931]
    """

    name = "log_softmax"

    def prepare(self, x, axis=-1):
        return (x,), {"axis": check_int(axis, "log_softmax: axis", low=None)}

    def forward(self, z, axis=-1):
        _check_axis(z, axis, "log_softmax")
        return _log_softmax(z, axis)

    def vjp(self, g, node):
        s, axis = np.exp(node.value), node.params["axis"]
        return (g - s * np.sum(g, axis=axis, keepdims=True),)

    def jvp(self, tangents, node):
        s, axis = np.exp(node.value), node.params["axis"]
        t = tangents[0]
        return t - np.sum(s * t, axis=axis, keepdims=True)

    def cases(self, point):
        yield from _axis_cases(self, point)


def _axis_cases(op, point):
    """Every shape of `SHAPES` but a number (which has no axis), then each axis of (3, 4)."""
    for s in SHAPES:
        if s != ():
            yield str(s), op.function, (point(s),)
    for axis in (0, 1):
        yield f"(3, 4) axis={axis}", lambda x, a=axis: op.function(x, axis=a), (point((3, 4)),)


class CrossEntropy(Primitive):
    r"""Mean cross-entropy of softmax(``logits``) against ``targets``, from the logits.

    $L = -\frac1n \sum_{i,k} Y_{ik}\, \mathrm{log\_softmax}(Z)_{ik}$ over the last axis;
    VJP $\bar Z = \bar L\, (S - Y)/n$ when each row of $Y$ sums to 1, and
    $\bar Y = -\bar L\, \mathrm{log\_softmax}(Z)/n$ (see the module docstring).

    ``logits`` (a node or an array of shape ``(n, k)``) holds the scores, one row per
    example (any real numbers).  ``targets`` holds class indices ``0 .. k-1`` (whole
    numbers) of shape ``(n,)``, or one-hot or probability rows of shape ``(n, k)``
    (entries in [0, 1], each row summing to 1); a target that is a `Node` is taken as
    given (only its shape is checked): it may be a variable the loss is differentiated
    with respect to.

    Raises
    ------
    ValueError
        If ``logits`` is empty or a number, or ``targets`` has neither shape, or
        holds an index outside ``0 .. k-1``, or a row that is not a probability
        vector.

    Examples
    --------
    >>> from nnbook.autodiff import Variable, cross_entropy
    >>> z = Variable([[2.0, 0.0], [0.0, 2.0]])
    >>> loss = cross_entropy(z, np.array([0, 1]))
    >>> loss.backward()
    >>> print(round(float(loss.value), 4), z.grad.round(4).tolist())
    0.1269 [[-0.0596, 0.0596], [0.0596, -0.0596]]
    >>> print(cross_entropy(np.array([[1000.0, -1000.0]]), np.array([[0.0, 1.0]])).value)
    2000.0
    >>> cross_entropy(z, np.array([0, -1]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: cross_entropy: targets: class indices must lie in 0..1 ... from -1 to 0
    """

    name = "cross_entropy"
    inputs = ("logits", "targets")

    def prepare(self, logits, targets):
        logits = self._input(logits, 0)
        z = logits.value
        _check_logits(z)
        if not isinstance(targets, Node):
            targets = _targets_as_rows(as_float_array(targets, "cross_entropy: targets"), z.shape)
        return (logits, targets), {}

    def forward(self, z, y):
        _check_logits(z)
        if z.shape != y.shape:
            raise ValueError(
                f"cross_entropy: logits and targets must have the same shape "
                f"(examples, classes), got {z.shape} and {y.shape}"
            )
        n = z.size // z.shape[-1]
        return -np.sum(y * _log_softmax(z, -1)) / n

    def vjp(self, g, node):
        (pz, py), gz, gy = node.parents, None, None
        z, y = pz.value, py.value
        n = z.size // z.shape[-1]
        logp = _log_softmax(z, -1)
        if pz.needs_grad:  # d/dz of -sum(y * logp) is s * sum(y) - y, per row
            gz = g * (np.exp(logp) * np.sum(y, axis=-1, keepdims=True) - y) / n
        if py.needs_grad:
            gy = -g * logp / n
        return gz, gy

    def jvp(self, tangents, node):
        z, y = node.parents[0].value, node.parents[1].value
        tz, ty = tangents
        n = z.size // z.shape[-1]
        logp = _log_softmax(z, -1)
        s = np.exp(logp)
        dz = np.sum((s * np.sum(y, axis=-1, keepdims=True) - y) * tz)
        return (dz - np.sum(ty * logp)) / n

    def cases(self, point):
        labels = np.array([0, 2, 1, 1, 0])
        yield "(5, 3), labels", lambda z: self.function(z, labels), (point((5, 3)),)
        rows = np.random.default_rng(13).dirichlet(np.ones(3), size=5)  # probability rows
        yield "(5, 3) and (5, 3)", self.function, (point((5, 3)), rows)


def _check_logits(z):
    if z.ndim == 0 or z.size == 0:
        raise ValueError(
            f"cross_entropy: logits must have shape (examples, classes) with at least one "
            f"example and one class, got shape {z.shape}"
        )


def _targets_as_rows(t, shape):
    """Class indices as one-hot rows; one-hot or probability rows checked and kept."""
    k = shape[-1]
    if t.shape == shape[:-1]:  # class indices
        if np.any(t != np.round(t)):
            bad = t[t != np.round(t)].flat[0]
            raise ValueError(
                f"cross_entropy: targets of shape {t.shape} are class indices, which must be "
                f"whole numbers, found {bad}"
            )
        if t.min() < 0 or t.max() >= k:
            raise ValueError(
                f"cross_entropy: targets: class indices must lie in 0..{k - 1} (logits have "
                f"{k} classes), got values from {t.min():g} to {t.max():g}"
            )
        return np.eye(k)[t.astype(np.intp)]
    if t.shape != shape:
        raise ValueError(
            f"cross_entropy: logits and targets must have the same shape (examples, classes), "
            f"or targets must be class indices of shape {shape[:-1]}; got {shape} and {t.shape}"
        )
    if t.min() < 0 or t.max() > 1:
        raise ValueError(
            f"cross_entropy: targets of shape {t.shape} must be one-hot or probability rows "
            f"(entries in [0, 1]), found {t.min() if t.min() < 0 else t.max():g}"
        )
    sums = t.sum(axis=-1)
    if not np.allclose(sums, 1.0, rtol=0.0, atol=1e-6):
        bad = np.unravel_index(np.argmax(np.abs(sums - 1.0)), sums.shape)
        raise ValueError(
            f"cross_entropy: targets must be one-hot or probability rows (each summing to 1), "
            f"but row {bad if len(bad) > 1 else bad[0]} sums to {sums[bad]:g}"
        )
    return t
