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
>>> y.sum().backward()
>>> print(y.value, x.grad)       # d/dx (2 - x) x = 2 - 2x
[1. 0.] [ 0. -2.]
"""

from __future__ import annotations

from .elementwise import add, divide, multiply, negative, power, subtract
from .linalg import matmul
from .node import Node
from .reductions import mean
from .reductions import sum as ad_sum
from .shape import index, reshape, transpose

__all__ = []


def _swapped(f):
    """``f`` with its two arguments swapped: the reflected operator, as in ``2 - x``."""

    def reflected(self, other):
        return f(other, self)

    return reflected


def _sum(self, axis=None, keepdims=False):
    """``x.sum(axis)``: same as `nnbook.autodiff.sum`."""
    return ad_sum(self, axis=axis, keepdims=keepdims)


def _mean(self, axis=None, keepdims=False):
    """``x.mean(axis)``: same as `nnbook.autodiff.mean`."""
    return mean(self, axis=axis, keepdims=keepdims)


def _reshape(self, *shape):
    """``x.reshape(2, 3)`` or ``x.reshape((2, 3))``: same as `nnbook.autodiff.reshape`."""
    if len(shape) == 1 and isinstance(shape[0], tuple | list):
        shape = tuple(shape[0])
    return reshape(self, shape)


def _positive(self):
    """``+x`` is ``x`` itself."""
    return self


Node.__add__, Node.__radd__ = add, _swapped(add)
Node.__sub__, Node.__rsub__ = subtract, _swapped(subtract)
Node.__mul__, Node.__rmul__ = multiply, _swapped(multiply)
Node.__truediv__, Node.__rtruediv__ = divide, _swapped(divide)
Node.__pow__, Node.__rpow__ = power, _swapped(power)
Node.__matmul__, Node.__rmatmul__ = matmul, _swapped(matmul)
Node.__neg__, Node.__pos__ = negative, _positive
Node.__getitem__ = index
Node.T = property(transpose, doc="The transpose (axes reversed), as a new node.")
Node.sum, Node.mean, Node.reshape = _sum, _mean, _reshape
