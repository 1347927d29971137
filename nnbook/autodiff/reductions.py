r"""Reductions: sums and means over axes.

$y = \sum_{j} x_j$ uses every input once, so every input receives the whole
adjoint: $\bar x_j = \bar y$.  The VJP of a sum is therefore a *broadcast* (the
reverse of the VJP of broadcasting, which is a sum).  A mean divides by the
number of entries averaged.
"""

from __future__ import annotations

import numpy as np

from ..validation import check_int
from .primitive import Primitive

__all__ = ["Mean", "Sum"]


def _normalise_axis(axis, ndim, op):
    """``axis`` as a sorted tuple of distinct non-negative ints, or ``None`` for all axes.

    A 0-d input accepts axis ``0`` or ``-1`` (as NumPy does), meaning all of it.
    """
    if axis is None:
        return None
    if isinstance(axis, tuple | list):
        axes = tuple(axis)
    elif isinstance(axis, int | np.integer) and not isinstance(axis, bool):
        axes = (axis,)
    else:
        raise TypeError(
            f"{op}: axis must be None, an integer or a tuple of integers, "
            f"got {type(axis).__name__} {axis!r}"
        )
    out = []
    for a in axes:
        a = check_int(a, f"{op}: axis", low=None)
        if not -max(ndim, 1) <= a < max(ndim, 1):
            raise ValueError(
                f"{op}: axis {a} is out of range for an input with {ndim} dimension(s)"
            )
        out.append(a % max(ndim, 1))
    if len(set(out)) != len(out):
        raise ValueError(f"{op}: axis {axis!r} names an axis twice")
    if ndim == 0:  # the only axis of a number is the number itself
        return None
    return tuple(sorted(out))


def _check_keepdims(keepdims, op):
    if not isinstance(keepdims, bool | np.bool_):
        raise TypeError(
            f"{op}: keepdims must be True or False, got {type(keepdims).__name__} {keepdims!r}"
        )
    return bool(keepdims)


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
    r"""Sum of the entries of ``x`` over ``axis`` (all axes by default).

    $y = \sum_{\text{axis}} x$;  VJP $\bar x = \bar y$ broadcast back;
    JVP $\dot y = \sum_{\text{axis}} \dot x$.

    Examples
    --------
    >>> from nnbook.autodiff import Variable, sum
    >>> x = Variable(np.arange(6.0).reshape(2, 3))
    >>> s = sum(x, axis=0)
    >>> print(s.value)
    [3. 5. 7.]
    >>> sum(s).backward()
    >>> print(x.grad)
    [[1. 1. 1.]
     [1. 1. 1.]]
    """

    name = "sum"

    def prepare(self, x, axis=None, keepdims=False):
        if isinstance(x, list):
            raise TypeError(
                "sum: x must be a node or an array, got a list; "
                "use functools.reduce(operator.add, nodes) to add several nodes"
            )
        x = self._input(x, 0)
        axis = _normalise_axis(axis, x.value.ndim, "sum")
        return (x,), {"axis": axis, "keepdims": _check_keepdims(keepdims, "sum")}

    def forward(self, x, axis=None, keepdims=False):
        return x.sum(axis=axis, keepdims=keepdims)

    def vjp(self, g, node):
        shape = node.parents[0].value.shape
        if node.params["axis"] is None:  # every entry gets the whole adjoint
            return (np.full(shape, g),)
        return (np.broadcast_to(_expand(g, node), shape),)

    def jvp(self, tangents, node):
        return np.sum(tangents[0], axis=node.params["axis"], keepdims=node.params["keepdims"])

    def cases(self, point):
        yield from super().cases(point)
        yield from _axis_cases(self, point)


class Mean(Primitive):
    r"""Mean of the entries of ``x`` over ``axis`` (all axes by default).

    $y = \frac{1}{m}\sum_{\text{axis}} x$ over $m$ entries;  VJP $\bar x = \bar y / m$
    broadcast back;  JVP $\dot y = \frac1m\sum \dot x$.

    Raises
    ------
    ValueError
        If a mean would be taken over no entries (an empty ``x``, or an axis of
        length 0): it would be NaN.

    Examples
    --------
    >>> from nnbook.autodiff import Variable, mean
    >>> x = Variable([1.0, 2.0, 6.0])
    >>> m = mean(x)
    >>> m.backward()
    >>> print(m.value, x.grad.round(4))
    3.0 [0.3333 0.3333 0.3333]
    >>> mean(np.zeros((0, 3)), axis=0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: mean: x must not be empty along axis (0,), got shape (0, 3) ...
    """

    name = "mean"

    def prepare(self, x, axis=None, keepdims=False):
        x = self._input(x, 0)
        axis = _normalise_axis(axis, x.value.ndim, "mean")
        if _count(x.value, axis) == 0:
            where = "" if axis is None else f" along axis {axis}"
            raise ValueError(
                f"mean: x must not be empty{where}, got shape {x.value.shape} "
                "(a mean of no numbers is NaN)"
            )
        return (x,), {"axis": axis, "keepdims": _check_keepdims(keepdims, "mean")}

    def forward(self, x, axis=None, keepdims=False):
        return x.sum(axis=axis, keepdims=keepdims) / _count(x, axis)

    def vjp(self, g, node):
        x, axis = node.parents[0].value, node.params["axis"]
        if axis is None:
            return (np.full(x.shape, g / x.size),)
        return (np.broadcast_to(_expand(g, node) / _count(x, axis), x.shape),)

    def jvp(self, tangents, node):
        return np.mean(tangents[0], axis=node.params["axis"], keepdims=node.params["keepdims"])

    def cases(self, point):
        yield from super().cases(point)
        yield from _axis_cases(self, point)


def _axis_cases(op, point):
    """A reduction of a (2, 3) input over each axis, with and without ``keepdims``."""
    for axis in (0, 1, -1, (0, 1), None):
        for keepdims in (False, True):
            yield (
                f"(2, 3) axis={axis} keepdims={keepdims}",
                lambda x, a=axis, k=keepdims: op.function(x, axis=a, keepdims=k),
                (point((2, 3)),),
            )
