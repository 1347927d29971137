r"""Reductions: sums and means over axes.

$y = \sum_{j} x_j$ uses every input once, so every input receives the whole
adjoint: $\bar x_j = \bar y$.  The VJP of a sum is therefore a *broadcast* (the
reverse of the VJP of broadcasting, which is a sum).  A mean divides by the
number of entries averaged.
"""

from __future__ import annotations

import builtins

import numpy as np

from .node import as_node
from .primitive import Primitive

__all__ = ["mean", "sum"]


def _normalise_axis(axis, ndim, op):
    """``axis`` as a sorted tuple of non-negative ints, or ``None`` for all axes."""
    if axis is None:
        return None
    axes = (axis,) if isinstance(axis, int | np.integer) else tuple(axis)
    out = []
    for a in axes:
        if not -ndim <= a < max(ndim, 1):
            raise ValueError(
                f"{op}: axis {a} is out of range for an input with {ndim} dimension(s)"
            )
        out.append(int(a) % max(ndim, 1))
    return tuple(sorted(out))


def _count(x, axis) -> int:
    """Number of entries that each output of a reduction over ``axis`` sums."""
    if axis is None:
        return x.size
    return int(np.prod([x.shape[a] for a in axis]))


def _expand(g, node):
    """Give ``g`` (shaped like the reduced output) back the reduced axes, as size 1."""
    axis, keepdims = node.params["axis"], node.params["keepdims"]
    if keepdims or axis is None:
        return g
    return np.expand_dims(g, axis)


class Sum(Primitive):
    r"""$y = \sum_{\text{axis}} x$.

    VJP: $\bar x = \bar y$ broadcast back.
    JVP: $\dot y = \sum_{\text{axis}} \dot x$.
    """

    name = "sum"

    def forward(self, x, axis=None, keepdims=False):
        return x.sum(axis=axis, keepdims=keepdims)

    def vjp(self, g, node, i):
        shape = node.parents[0].value.shape
        if node.params["axis"] is None:  # every entry gets the whole adjoint
            return np.full(shape, g)
        return np.broadcast_to(_expand(g, node), shape)

    def jvp(self, tangents, node):
        return np.sum(tangents[0], axis=node.params["axis"], keepdims=node.params["keepdims"])


class Mean(Primitive):
    r"""$y = \frac{1}{m}\sum_{\text{axis}} x$ over $m$ entries.

    VJP: $\bar x = \bar y / m$.
    JVP: $\dot y = \frac1m\sum \dot x$.
    """

    name = "mean"

    def forward(self, x, axis=None, keepdims=False):
        return x.sum(axis=axis, keepdims=keepdims) / _count(x, axis)

    def vjp(self, g, node, i):
        x, axis = node.parents[0].value, node.params["axis"]
        if axis is None:
            return np.full(x.shape, g / x.size)
        return np.broadcast_to(_expand(g, node) / _count(x, axis), x.shape)

    def jvp(self, tangents, node):
        return np.mean(tangents[0], axis=node.params["axis"], keepdims=node.params["keepdims"])


_sum, _mean = Sum(), Mean()


def sum(x, axis=None, keepdims=False):  # noqa: A001 (NumPy's name, on purpose)
    r"""Sum of the entries of ``x`` over ``axis`` (all axes by default).

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> x = Variable(np.arange(6.0).reshape(2, 3))
    >>> s = sum(x, axis=0)
    >>> print(s.value)
    [3. 5. 7.]
    >>> sum(s).backward()
    >>> print(x.grad)
    [[1. 1. 1.]
     [1. 1. 1.]]
    """
    if isinstance(x, builtins.list):
        raise TypeError(
            "sum: x must be a node or an array, got a list; "
            "use functools.reduce(operator.add, nodes) to add several nodes"
        )
    x = as_node(x)
    return _sum(x, axis=_normalise_axis(axis, x.value.ndim, "sum"), keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    r"""Mean of the entries of ``x`` over ``axis`` (all axes by default).

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> x = Variable([1.0, 2.0, 6.0])
    >>> m = mean(x)
    >>> m.backward()
    >>> print(m.value, x.grad.round(4))
    3.0 [0.3333 0.3333 0.3333]
    """
    x = as_node(x)
    return _mean(x, axis=_normalise_axis(axis, x.value.ndim, "mean"), keepdims=keepdims)
