r"""Operations that move entries around without changing them: reshape, transpose, indexing.

Their Jacobians hold only zeros and ones, so their VJPs move the adjoint back:
reshape it back, transpose it back with the inverse permutation, or scatter it
into a zero array at the indexed places (adding where an entry was picked
twice).  Their JVPs apply the same operation to the tangent.
"""

from __future__ import annotations

import numpy as np

from ..validation import check_int
from .node import Node, _as_input, _describe
from .primitive import Primitive

__all__ = ["Index", "Reshape", "Stack", "Transpose"]


class Reshape(Primitive):
    r"""The entries of ``x`` in a new ``shape`` (``-1`` infers one length).

    VJP: $\bar x = \bar y$ reshaped back;  JVP: $\dot y = \dot x$ reshaped.

    Examples
    --------
    >>> from nnbook.autodiff import Variable, reshape
    >>> x = Variable(np.arange(6.0))
    >>> y = reshape(x, (2, 3))
    >>> (y * np.array([[1.0], [10.0]])).sum().backward()
    >>> print(y.shape, x.grad)
    (2, 3) [ 1.  1.  1. 10. 10. 10.]
    """

    name = "reshape"

    def prepare(self, x, shape):
        if isinstance(shape, int | np.integer) and not isinstance(shape, bool):
            shape = (shape,)
        if not isinstance(shape, tuple | list):
            raise TypeError(
                f"reshape: shape must be an integer or a tuple of integers, "
                f"got {type(shape).__name__} {shape!r}"
            )
        shape = tuple(check_int(n, "reshape: shape entry", low=-1) for n in shape)
        if shape.count(-1) > 1:
            raise ValueError(f"reshape: shape may contain -1 (infer this length) once, got {shape}")
        return (x,), {"shape": shape}

    def forward(self, x, shape):
        try:
            return np.reshape(x, shape)
        except ValueError:
            raise ValueError(
                f"reshape: cannot reshape an array of shape {x.shape} "
                f"({x.size} entries) into shape {shape}"
            ) from None

    def vjp(self, g, node):
        return (np.reshape(g, node.parents[0].value.shape),)

    def jvp(self, tangents, node):
        return np.reshape(tangents[0], node.value.shape)

    def cases(self, point):
        yield "(2, 3) to (3, 2)", lambda x: self.function(x, (3, 2)), (point((2, 3)),)
        yield "(2, 3) to -1", lambda x: self.function(x, -1), (point((2, 3)),)


class Transpose(Primitive):
    r"""``x`` with its axes reversed, or permuted by ``axes``; ``x.T`` is the same.

    VJP: $\bar x = \bar y$ with the inverse permutation;  JVP: $\dot y = \dot x$ permuted.

    Examples
    --------
    >>> from nnbook.autodiff import Variable, transpose
    >>> x = Variable(np.zeros((2, 3)))
    >>> transpose(x).shape, x.T.shape, transpose(np.zeros((2, 3, 4)), (2, 0, 1)).shape
    ((3, 2), (3, 2), (4, 2, 3))

    Negative axes count from the end, as in NumPy: ``(-1, 0)`` is ``(1, 0)`` here.

    >>> transpose(x, (-1, 0)).shape
    (3, 2)
    >>> transpose(x, (0, 0))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: transpose: axes must be a permutation of (0, 1) ... got (0, 0)
    """

    name = "transpose"

    def prepare(self, x, axes=None):
        x = self._input(x, 0)
        # ``axes`` becomes a permutation of range(x.ndim), which the VJP inverts with argsort
        return (x,), {"axes": None if axes is None else _permutation(axes, x.value.shape)}

    def forward(self, x, axes=None):
        return np.transpose(x, axes)

    def vjp(self, g, node):
        axes = node.params["axes"]
        return (np.transpose(g, None if axes is None else np.argsort(axes)),)

    def jvp(self, tangents, node):
        return np.transpose(tangents[0], node.params["axes"])

    def cases(self, point):
        yield "(2, 3)", self.function, (point((2, 3)),)
        yield "(2, 3).T", lambda x: x.T, (point((2, 3)),)
        yield "(2, 3, 4) axes (2, 0, 1)", lambda x: self.function(x, (2, 0, 1)), (point((2, 3, 4)),)
        yield "(2, 3) axes (-1, 0)", lambda x: self.function(x, (-1, 0)), (point((2, 3)),)


def _permutation(axes, shape) -> tuple:
    """``axes`` as a permutation of ``range(len(shape))``: ints, each axis once, none negative."""
    if isinstance(axes, int | np.integer) and not isinstance(axes, bool):
        axes = (axes,)
    if not isinstance(axes, tuple | list | np.ndarray):
        raise TypeError(
            f"transpose: axes must be a sequence of integers, got {type(axes).__name__} {axes!r}"
        )
    ndim = len(shape)
    out = []
    for a in axes:
        a = check_int(a, "transpose: axes entry", low=None)
        out.append(a + ndim if -ndim <= a < 0 else a)
    if sorted(out) != list(range(ndim)):
        raise ValueError(
            f"transpose: axes must be a permutation of {tuple(range(ndim))} (negative axes "
            f"count from the end) for an input of shape {shape}, got {tuple(axes)}"
        )
    return tuple(out)


def _is_basic(index) -> bool:
    """True for integers, slices, ``None`` and ``...`` (no entry can be picked twice)."""
    items = index if isinstance(index, tuple) else (index,)
    return all(isinstance(k, int | np.integer | slice) or k is None or k is Ellipsis for k in items)


class Index(Primitive):
    r"""``x[index]`` for any NumPy index: integers, slices, masks, integer arrays.

    Written ``x[index]`` on a node.  VJP: $\bar x$ = zeros with $\bar y$ added at the
    indexed places (an entry picked several times receives the sum of its
    gradients);  JVP: $\dot y = \dot x[\text{index}]$.

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> x = Variable([1.0, 2.0, 3.0])
    >>> y = x[np.array([0, 0, 2])]
    >>> y.sum().backward()
    >>> print(y.value, x.grad)
    [1. 1. 3.] [2. 0. 1.]
    """

    name = "index"

    def prepare(self, x, index):
        if isinstance(index, list):
            index = np.asarray(index)
        if isinstance(index, tuple):
            index = tuple(np.asarray(k) if isinstance(k, list) else k for k in index)
        return (x,), {"index": index}

    def forward(self, x, index):
        try:
            return np.asarray(x[index])
        except IndexError as exc:
            raise IndexError(
                f"index: {index!r} is not a valid index for an input of shape {x.shape} ({exc})"
            ) from None

    def vjp(self, g, node):
        x = node.parents[0].value
        index = node.params["index"]
        out = np.zeros_like(x)
        if _is_basic(index):
            out[index] = g
        else:  # fancy indexing may repeat an entry: add, do not overwrite
            np.add.at(out, index, g)
        return (out,)

    def jvp(self, tangents, node):
        return tangents[0][node.params["index"]]

    def cases(self, point):
        x = point((2, 3))
        for label, index in [
            ("[1]", 1),
            ("[:, 1:]", (slice(None), slice(1, None))),
            ("[[1, 1, 0]] (a repeated row)", np.array([1, 1, 0])),
            ("[x > 0] (a mask)", x > 0),
        ]:
            yield f"(2, 3){label}", lambda v, k=index: self.function(v, k), (x,)


class Stack(Primitive):
    r"""Join nodes (or arrays) of the same shape along a new ``axis``.

    VJP: $\bar x_i$ = slice $i$ of $\bar y$ along ``axis``;  JVP: the tangents stacked.

    Examples
    --------
    >>> from nnbook.autodiff import Variable, stack
    >>> a, b = Variable(1.0), Variable([2.0, 3.0])
    >>> y = stack([a * b, b])
    >>> (y * np.array([[1.0, 1.0], [0.0, 10.0]])).sum().backward()
    >>> print(y.shape, a.grad, b.grad)
    (2, 2) 5.0 [ 1. 11.]
    """

    name = "stack"

    def prepare(self, xs, axis=0):
        if not isinstance(xs, list | tuple) or not xs:
            raise TypeError(
                f"stack: xs must be a non-empty list of nodes or arrays, got {_describe(xs)}"
            )
        axis = check_int(axis, "stack: axis", low=None)
        ndim = np.ndim(xs[0].value if isinstance(xs[0], Node) else xs[0]) + 1  # of the result
        if not -ndim <= axis < ndim:
            raise ValueError(
                f"stack: axis {axis} is out of range for the result, which has {ndim} dimension(s)"
            )
        return tuple(xs), {"axis": axis % ndim}

    def _input(self, x, k):
        return _as_input(x, f"stack: xs[{k}]")

    def forward(self, *xs, axis=0):
        try:
            return np.stack(xs, axis=axis)
        except ValueError:
            raise ValueError(
                f"stack: inputs must all have the same shape, got {[x.shape for x in xs]}"
            ) from None

    def vjp(self, g, node):
        axis = node.params["axis"]
        return tuple(
            np.take(g, i, axis=axis) if p.needs_grad else None for i, p in enumerate(node.parents)
        )

    def jvp(self, tangents, node):
        return np.stack(tangents, axis=node.params["axis"])

    def cases(self, point):
        for axis in (0, 1, -1):
            yield (
                f"3 x (2, 3) axis={axis}",
                lambda a, b, c, k=axis: self.function([a, b, c], axis=k),
                (point((2, 3)), point((2, 3)), point((2, 3))),
            )
