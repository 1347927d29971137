r"""The operators of a node: ``a + b``, ``a @ b``, ``x ** 2``, ``x[i]``, ``x.T``, ``x.sum()``, ...

`Node` is defined without operators, so that `nnbook.autodiff.node` imports no
operation (the operations import it).  This module gives `Node` its operators once
the operations exist; `nnbook.autodiff` imports it after them.  Each operator is
the function of one operation, with the arguments in the order of the expression
(``2 - x`` is ``subtract(2, x)``).

Examples
--------
>>> from nnbook.autodiff import Variable
>>> x = Variable([1.0, 2.0])
>>> y = (2.0 - x) * x            # multiply(subtract(2.0, x), x)
>>> y.op.name, y.parents[0].op.name
('multiply', 'subtract')
>>> y.sum().backward()
>>> print(y.value, x.grad)       # d/dx (2 - x) x = 2 - 2x
[1. 0.] [ 0. -2.]
"""

from __future__ import annotations

import math

from ..validation import check_real
from .elementwise import Add, Divide, Multiply, Negative, Power, PowerConstant, Subtract
from .linalg import MatMul
from .node import Node
from .reductions import Mean, Sum
from .shape import Index, Reshape, Transpose

__all__ = []


def _swapped(f):
    """``f`` with its two arguments swapped: the reflected operator, as in ``2 - x``."""

    def reflected(self, other):
        return f(other, self)

    return reflected


def _power(self, other):
    """``x ** p``: `power_constant` for a number ``p`` (no node for it), else `power`."""
    if type(other) is float or type(other) is int:
        p = float(other)
        return PowerConstant.function(self, p if math.isfinite(p) else check_real(p, "power: b"))
    if isinstance(other, int | float) and not isinstance(other, bool):  # a subclass
        return PowerConstant.function(self, check_real(other, "power: b"))
    return Power.function(self, other)


def _sum(self, axis=None, keepdims=False):
    """``x.sum(axis)``: same as `nnbook.autodiff.sum`."""
    return Sum.function(self, axis=axis, keepdims=keepdims)


def _mean(self, axis=None, keepdims=False):
    """``x.mean(axis)``: same as `nnbook.autodiff.mean`."""
    return Mean.function(self, axis=axis, keepdims=keepdims)


def _reshape(self, *shape):
    """``x.reshape(2, 3)`` or ``x.reshape((2, 3))``: same as `nnbook.autodiff.reshape`."""
    if len(shape) == 1 and isinstance(shape[0], tuple | list):
        shape = tuple(shape[0])
    return Reshape.function(self, shape)


def _positive(self):
    """``+x`` is ``x`` itself."""
    return self


Node.__add__, Node.__radd__ = Add.function, _swapped(Add.function)
Node.__sub__, Node.__rsub__ = Subtract.function, _swapped(Subtract.function)
Node.__mul__, Node.__rmul__ = Multiply.function, _swapped(Multiply.function)
Node.__truediv__, Node.__rtruediv__ = Divide.function, _swapped(Divide.function)
Node.__pow__, Node.__rpow__ = _power, _swapped(Power.function)
Node.__matmul__, Node.__rmatmul__ = MatMul.function, _swapped(MatMul.function)
Node.__neg__, Node.__pos__ = Negative.function, _positive
Node.__getitem__ = Index.function
Node.T = property(Transpose.function, doc="The transpose (axes reversed), as a new node.")
Node.sum, Node.mean, Node.reshape = _sum, _mean, _reshape
