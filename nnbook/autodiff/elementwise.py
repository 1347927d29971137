r"""Elementwise operations: arithmetic with broadcasting, and the usual functions.

Each rule is written in the notation of the chapter: $y$ is the output,
$\bar y$ (``g``) its adjoint in reverse mode, $\dot x$ (``t``) a tangent in forward
mode.  For an elementwise $y = f(x)$ the Jacobian is diagonal, so

$$\bar x = \bar y \odot f'(x), \qquad \dot y = f'(x) \odot \dot x .$$

Binary operations broadcast like NumPy; their VJPs sum the gradient back to each
input's shape with `unbroadcast`.
"""

from __future__ import annotations

import numpy as np

from .. import numerics
from ..validation import check_real
from .primitive import Primitive, unbroadcast

__all__ = [
    "add",
    "cos",
    "divide",
    "exp",
    "log",
    "multiply",
    "negative",
    "power",
    "relu",
    "sigmoid",
    "sin",
    "subtract",
    "tanh",
]


# --------------------------------------------------------------------------- #
# Arithmetic
# --------------------------------------------------------------------------- #
class Add(Primitive):
    r"""$y = a + b$;  $\bar a = \bar y$, $\bar b = \bar y$;  $\dot y = \dot a + \dot b$."""

    name = "add"
    inputs = ("a", "b")
    broadcasts = "add (+)"

    def forward(self, a, b):
        return a + b

    def vjp(self, g, node, i):
        return unbroadcast(g, node.parents[i].value.shape)

    def jvp(self, tangents, node):
        return tangents[0] + tangents[1]


class Subtract(Primitive):
    r"""$y = a - b$;  $\bar a = \bar y$, $\bar b = -\bar y$;  $\dot y = \dot a - \dot b$."""

    name = "sub"
    inputs = ("a", "b")
    broadcasts = "subtract (-)"

    def forward(self, a, b):
        return a - b

    def vjp(self, g, node, i):
        return unbroadcast(g if i == 0 else -g, node.parents[i].value.shape)

    def jvp(self, tangents, node):
        return tangents[0] - tangents[1]


class Multiply(Primitive):
    r"""$y = a \odot b$.

    VJP: $\bar a = \bar y \odot b$, $\bar b = \bar y \odot a$.
    JVP: $\dot y = \dot a \odot b + a \odot \dot b$.
    """

    name = "mul"
    inputs = ("a", "b")
    broadcasts = "multiply (*)"

    def forward(self, a, b):
        return a * b

    def vjp(self, g, node, i):
        a, b = node.parents
        other = b if i == 0 else a
        return unbroadcast(g * other.value, node.parents[i].value.shape)

    def jvp(self, tangents, node):
        a, b = node.parents
        return tangents[0] * b.value + a.value * tangents[1]


class Divide(Primitive):
    r"""$y = a / b$.

    VJP: $\bar a = \bar y / b$, $\bar b = -\bar y \odot y / b$.
    JVP: $\dot y = (\dot a - y \odot \dot b) / b$.
    """

    name = "div"
    inputs = ("a", "b")
    broadcasts = "divide (/)"

    def forward(self, a, b):
        return a / b

    def vjp(self, g, node, i):
        a, b = node.parents
        if i == 0:
            return unbroadcast(g / b.value, a.value.shape)
        return unbroadcast(-g * node.value / b.value, b.value.shape)

    def jvp(self, tangents, node):
        return (tangents[0] - node.value * tangents[1]) / node.parents[1].value


class Power(Primitive):
    r"""$y = a^b$.

    VJP: $\bar a = \bar y\, b\, a^{b-1}$, $\bar b = \bar y\, y \ln a$.
    JVP: $\dot y = b a^{b-1} \dot a + y \ln a\, \dot b$.

    The derivative with respect to the exponent needs $\ln a$, so it exists only
    for $a > 0$; it is computed (and checked) only when the exponent depends on a
    variable.
    """

    name = "pow"
    inputs = ("a", "b")
    broadcasts = "power (**)"

    def forward(self, a, b):
        return np.power(a, b)

    @staticmethod
    def _log_base(node):
        a = node.parents[0].value
        if np.any(a <= 0):
            raise ValueError(
                f"power (**): the gradient with respect to the exponent needs log(base), "
                f"but the base of shape {a.shape} has non-positive entries "
                f"(smallest {a.min():.3g})"
            )
        return np.log(a)

    def vjp(self, g, node, i):
        a, b = node.parents
        if i == 0:
            return unbroadcast(g * b.value * np.power(a.value, b.value - 1.0), a.value.shape)
        return unbroadcast(g * node.value * self._log_base(node), b.value.shape)

    def jvp(self, tangents, node):
        a, b = node.parents
        t = 0.0
        if a.needs_grad:
            t = tangents[0] * b.value * np.power(a.value, b.value - 1.0)
        if b.needs_grad:
            t = t + tangents[1] * node.value * self._log_base(node)
        return t


class PowerConstant(Primitive):
    r"""$y = x^p$ for a number $p$ fixed in the code ($x^2$, $x^{-1}$, ...).

    VJP: $\bar x = \bar y\, p\, x^{p-1}$.
    JVP: $\dot y = p\, x^{p-1} \dot x$.
    """

    name = "pow"

    def label(self, node):
        return f"** {node.params['p']:g}"

    def forward(self, x, p):
        return x**p

    def _slope(self, node):
        p, x = node.params["p"], node.parents[0].value
        return 2.0 * x if p == 2.0 else p * x ** (p - 1.0)

    def vjp(self, g, node, i):
        return g * self._slope(node)

    def jvp(self, tangents, node):
        return self._slope(node) * tangents[0]


class Negative(Primitive):
    r"""$y = -x$;  $\bar x = -\bar y$;  $\dot y = -\dot x$."""

    name = "neg"

    def forward(self, x):
        return -x

    def vjp(self, g, node, i):
        return -g

    def jvp(self, tangents, node):
        return -tangents[0]


# --------------------------------------------------------------------------- #
# Functions of one argument
# --------------------------------------------------------------------------- #
class Exp(Primitive):
    r"""$y = e^x$;  $\bar x = \bar y \odot y$;  $\dot y = y \odot \dot x$."""

    name = "exp"

    def forward(self, x):
        return np.exp(x)

    def vjp(self, g, node, i):
        return g * node.value

    def jvp(self, tangents, node):
        return node.value * tangents[0]


class Log(Primitive):
    r"""$y = \ln x$;  $\bar x = \bar y / x$;  $\dot y = \dot x / x$.  Defined for $x > 0$."""

    name = "log"

    def forward(self, x):
        if np.any(x <= 0):
            raise ValueError(
                f"log: input of shape {x.shape} has non-positive entries "
                f"(smallest {x.min():.3g}); log is defined for x > 0"
            )
        return np.log(x)

    def vjp(self, g, node, i):
        return g / node.parents[0].value

    def jvp(self, tangents, node):
        return tangents[0] / node.parents[0].value


class Sin(Primitive):
    r"""$y = \sin x$;  $\bar x = \bar y \cos x$;  $\dot y = \cos x\, \dot x$."""

    name = "sin"

    def forward(self, x):
        return np.sin(x)

    def vjp(self, g, node, i):
        return g * np.cos(node.parents[0].value)

    def jvp(self, tangents, node):
        return np.cos(node.parents[0].value) * tangents[0]


class Cos(Primitive):
    r"""$y = \cos x$;  $\bar x = -\bar y \sin x$;  $\dot y = -\sin x\, \dot x$.

    (The source's engine forgot the minus sign.)
    """

    name = "cos"

    def forward(self, x):
        return np.cos(x)

    def vjp(self, g, node, i):
        return -g * np.sin(node.parents[0].value)

    def jvp(self, tangents, node):
        return -np.sin(node.parents[0].value) * tangents[0]


class Tanh(Primitive):
    r"""$y = \tanh x$;  $\bar x = \bar y (1 - y^2)$;  $\dot y = (1 - y^2)\, \dot x$."""

    name = "tanh"

    def forward(self, x):
        return np.tanh(x)

    def vjp(self, g, node, i):
        y = node.value
        return g * (1.0 - y * y)

    def jvp(self, tangents, node):
        y = node.value
        return (1.0 - y * y) * tangents[0]


class Sigmoid(Primitive):
    r"""$y = \sigma(x) = 1/(1+e^{-x})$;  $\bar x = \bar y\, y (1 - y)$;  $\dot y = y(1-y)\, \dot x$.

    Computed with `nnbook.numerics.sigmoid`, which neither overflows nor warns
    at $x = \pm 1000$; the derivative uses the output $y$ only, so it cannot
    overflow either (the source's ``sig**2/exp(X)`` did).
    """

    name = "sigmoid"

    def forward(self, x):
        return numerics.sigmoid(x)

    def vjp(self, g, node, i):
        y = node.value
        d = 1.0 - y  # a new array, so updating it in place is safe (and saves two copies)
        d *= y
        d *= g
        return d

    def jvp(self, tangents, node):
        y = node.value
        return y * (1.0 - y) * tangents[0]


class Relu(Primitive):
    r"""$y = \max(x, 0)$.

    VJP: $\bar x = \bar y \odot [x > 0]$.
    JVP: $\dot y = [x > 0] \odot \dot x$ (slope 0 at 0).
    """

    name = "relu"

    def forward(self, x):
        return np.maximum(x, 0.0)

    def vjp(self, g, node, i):
        return g * (node.parents[0].value > 0)

    def jvp(self, tangents, node):
        return (node.parents[0].value > 0) * tangents[0]


_add, _sub, _mul, _div, _neg = Add(), Subtract(), Multiply(), Divide(), Negative()
_pow, _pow_const = Power(), PowerConstant()
_exp, _log, _sin, _cos, _tanh = Exp(), Log(), Sin(), Cos(), Tanh()
_sigmoid, _relu = Sigmoid(), Relu()


def add(a, b):
    """``a + b`` with broadcasting.

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> a, b = Variable([[1.0, 2.0], [3.0, 4.0]]), Variable([10.0, 20.0])
    >>> (a + b).sum().backward()
    >>> print(b.grad)  # each entry of b was used twice
    [2. 2.]
    """
    return _add(a, b)


def subtract(a, b):
    """``a - b`` with broadcasting."""
    return _sub(a, b)


def multiply(a, b):
    """``a * b`` elementwise, with broadcasting.

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> a, b = Variable([1.0, 2.0]), Variable(3.0)
    >>> (a * b).sum().backward()
    >>> print(a.grad, b.grad)
    [3. 3.] 3.0
    """
    return _mul(a, b)


def divide(a, b):
    """``a / b`` elementwise, with broadcasting."""
    return _div(a, b)


def power(a, b):
    """``a ** b`` elementwise, with broadcasting.

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> x = Variable(3.0)
    >>> (x ** 2).backward()
    >>> print(x.grad)
    6.0
    """
    if isinstance(b, int | float) and not isinstance(b, bool):
        # a fixed exponent: no node for it, but the same refusal of NaN and inf as a Constant
        return _pow_const(a, p=check_real(b, "power: b"))
    return _pow(a, b)


def negative(x):
    """``-x``."""
    return _neg(x)


def exp(x):
    r"""$e^x$ elementwise.

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> x = Variable(0.0)
    >>> exp(x).backward()
    >>> print(x.grad)
    1.0
    """
    return _exp(x)


def log(x):
    r"""$\ln x$ elementwise; raises ``ValueError`` if an entry is not positive.

    Examples
    --------
    >>> print(log(np.e).value)
    1.0
    >>> log(np.array([1.0, -2.0]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: log: input of shape (2,) has non-positive entries (smallest -2); ...
    """
    return _log(x)


def sin(x):
    r"""$\sin x$ elementwise."""
    return _sin(x)


def cos(x):
    r"""$\cos x$ elementwise; its derivative is $-\sin x$.

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> x = Variable(np.pi / 2)
    >>> cos(x).backward()
    >>> print(x.grad)
    -1.0
    """
    return _cos(x)


def tanh(x):
    r"""$\tanh x$ elementwise."""
    return _tanh(x)


def sigmoid(x):
    r"""The logistic function $\sigma(x) = 1 / (1 + e^{-x})$, stable at any input.

    Examples
    --------
    >>> print(sigmoid(np.array([-1000.0, 0.0, 1000.0])).value)
    [0.  0.5 1. ]
    """
    return _sigmoid(x)


def relu(x):
    r"""$\max(x, 0)$ elementwise, with slope 0 at 0."""
    return _relu(x)
