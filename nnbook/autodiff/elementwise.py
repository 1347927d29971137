r"""Elementwise operations: arithmetic with broadcasting, and the usual functions.

Each rule is written in the notation of the chapter: $y$ is the output,
$\bar y$ (``g``) its adjoint in reverse mode, $\dot x$ (``t``) a tangent in forward
mode.  For an elementwise $y = f(x)$ the Jacobian is diagonal, so

$$\bar x = \bar y \odot f'(x), \qquad \dot y = f'(x) \odot \dot x .$$

Binary operations broadcast like NumPy; their VJPs sum the gradient back to each
input's shape with `unbroadcast`.  Each class below is one operation; its public
function, ``nnbook.autodiff.<name>``, is made from it (see `nnbook.autodiff.primitive`).
"""

from __future__ import annotations

import math

import numpy as np

from .. import numerics
from ..validation import check_real
from .primitive import SHAPES, Primitive, unbroadcast

__all__ = [
    "Add",
    "Cos",
    "Divide",
    "Exp",
    "Log",
    "Multiply",
    "Negative",
    "Power",
    "PowerConstant",
    "Relu",
    "Sigmoid",
    "Sin",
    "Subtract",
    "Tanh",
]


# --------------------------------------------------------------------------- #
# Arithmetic
# --------------------------------------------------------------------------- #
class Add(Primitive):
    r"""``a + b`` with broadcasting.

    $y = a + b$;  VJP $\bar a = \bar y$, $\bar b = \bar y$ (summed back over broadcast
    axes);  JVP $\dot y = \dot a + \dot b$.

    Examples
    --------
    >>> from nnbook.autodiff import Variable, add
    >>> a, b = Variable([[1.0, 2.0], [3.0, 4.0]]), Variable([10.0, 20.0])
    >>> add(a, b).sum().backward()
    >>> print(b.grad)  # each entry of b was used twice
    [2. 2.]
    """

    name = "add"
    inputs = ("a", "b")
    broadcasts = "add (+)"

    def forward(self, a, b):
        return a + b

    def vjp(self, g, node):
        a, b = node.parents
        return (
            unbroadcast(g, a.value.shape) if a.needs_grad else None,
            unbroadcast(g, b.value.shape) if b.needs_grad else None,
        )

    def jvp(self, tangents, node):
        return tangents[0] + tangents[1]


class Subtract(Primitive):
    r"""``a - b`` with broadcasting.

    $y = a - b$;  VJP $\bar a = \bar y$, $\bar b = -\bar y$;  JVP $\dot y = \dot a - \dot b$.
    """

    name = "subtract"
    inputs = ("a", "b")
    broadcasts = "subtract (-)"

    def forward(self, a, b):
        return a - b

    def vjp(self, g, node):
        a, b = node.parents
        return (
            unbroadcast(g, a.value.shape) if a.needs_grad else None,
            unbroadcast(-g, b.value.shape) if b.needs_grad else None,
        )

    def jvp(self, tangents, node):
        return tangents[0] - tangents[1]


class Multiply(Primitive):
    r"""``a * b`` elementwise, with broadcasting.

    $y = a \odot b$;  VJP $\bar a = \bar y \odot b$, $\bar b = \bar y \odot a$;
    JVP $\dot y = \dot a \odot b + a \odot \dot b$.

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> a, b = Variable([1.0, 2.0]), Variable(3.0)
    >>> (a * b).sum().backward()
    >>> print(a.grad, b.grad)
    [3. 3.] 3.0
    """

    name = "multiply"
    inputs = ("a", "b")
    broadcasts = "multiply (*)"

    def forward(self, a, b):
        return a * b

    def vjp(self, g, node):
        a, b = node.parents
        return (
            unbroadcast(g * b.value, a.value.shape) if a.needs_grad else None,
            unbroadcast(g * a.value, b.value.shape) if b.needs_grad else None,
        )

    def jvp(self, tangents, node):
        a, b = node.parents
        return tangents[0] * b.value + a.value * tangents[1]


class Divide(Primitive):
    r"""``a / b`` elementwise, with broadcasting.

    $y = a / b$;  VJP $\bar a = \bar y / b$, $\bar b = -\bar y \odot y / b$;
    JVP $\dot y = (\dot a - y \odot \dot b) / b$.
    """

    name = "divide"
    inputs = ("a", "b")
    broadcasts = "divide (/)"
    domain = "positive"

    def forward(self, a, b):
        return a / b

    def vjp(self, g, node):
        a, b = node.parents
        return (
            unbroadcast(g / b.value, a.value.shape) if a.needs_grad else None,
            unbroadcast(-g * node.value / b.value, b.value.shape) if b.needs_grad else None,
        )

    def jvp(self, tangents, node):
        return (tangents[0] - node.value * tangents[1]) / node.parents[1].value


class Power(Primitive):
    r"""``a ** b`` elementwise, with broadcasting; both may be variables.

    $y = a^b$;  VJP $\bar a = \bar y\, b\, a^{b-1}$, $\bar b = \bar y\, y \ln a$;
    JVP $\dot y = b a^{b-1} \dot a + y \ln a\, \dot b$.

    The derivative with respect to the exponent needs $\ln a$, so it exists only
    for $a > 0$; it is computed (and checked) only when the exponent depends on a
    variable.  ``x ** 2`` with a number as the exponent is `PowerConstant`.

    Examples
    --------
    >>> from nnbook.autodiff import Variable, power
    >>> a, b = Variable(2.0), Variable(3.0)
    >>> y = power(a, b)
    >>> y.backward()
    >>> print(y.value, a.grad, round(float(b.grad), 4))  # 3 a^2 and a^3 ln a
    8.0 12.0 5.5452
    """

    name = "power"
    inputs = ("a", "b")
    broadcasts = "power (**)"
    domain = "positive"

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

    def vjp(self, g, node):
        a, b = node.parents
        ga = gb = None
        if a.needs_grad:
            ga = unbroadcast(g * b.value * np.power(a.value, b.value - 1.0), a.value.shape)
        if b.needs_grad:
            gb = unbroadcast(g * node.value * self._log_base(node), b.value.shape)
        return ga, gb

    def jvp(self, tangents, node):
        a, b = node.parents
        t = 0.0
        if a.needs_grad:
            t = tangents[0] * b.value * np.power(a.value, b.value - 1.0)
        if b.needs_grad:
            t = t + tangents[1] * node.value * self._log_base(node)
        return t


class PowerConstant(Primitive):
    r"""``x ** p`` for a number ``p`` fixed in the code ($x^2$, $x^{-1}$, ...).

    $y = x^p$;  VJP $\bar x = \bar y\, p\, x^{p-1}$;  JVP $\dot y = p\, x^{p-1} \dot x$.
    The exponent is a setting, not a node, so a negative base is fine: ``x ** 2``
    on a node calls this operation.

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> x = Variable(-3.0)
    >>> (x ** 2).backward()
    >>> print(x.grad)
    -6.0
    """

    name = "power_constant"

    def prepare(self, x, p):
        if not (type(p) is float and math.isfinite(p)):  # else already a finite float
            p = check_real(p, "power_constant: p")
        return (x,), {"p": p}

    def label(self, node):
        return f"** {node.params['p']:g}"

    def forward(self, x, p):
        return x**p

    def _slope(self, node):
        p, x = node.params["p"], node.parents[0].value
        return 2.0 * x if p == 2.0 else p * x ** (p - 1.0)

    def vjp(self, g, node):
        return (g * self._slope(node),)

    def jvp(self, tangents, node):
        return self._slope(node) * tangents[0]

    def cases(self, point):
        for p in (2.0, 3.0):
            for s in SHAPES:
                yield f"{s} ** {p:g}", lambda x, p=p: self.function(x, p), (point(s),)
        for s in SHAPES:
            yield f"{s} ** -1.5", lambda x: self.function(x, -1.5), (point(s, positive=True),)


class Negative(Primitive):
    r"""``-x``.

    $y = -x$;  VJP $\bar x = -\bar y$;  JVP $\dot y = -\dot x$.
    """

    name = "negative"

    def forward(self, x):
        return -x

    def vjp(self, g, node):
        return (-g,)

    def jvp(self, tangents, node):
        return -tangents[0]


# --------------------------------------------------------------------------- #
# Functions of one argument
# --------------------------------------------------------------------------- #
class Exp(Primitive):
    r"""$e^x$ elementwise.

    $y = e^x$;  VJP $\bar x = \bar y \odot y$;  JVP $\dot y = y \odot \dot x$.

    Examples
    --------
    >>> from nnbook.autodiff import Variable, exp
    >>> x = Variable(0.0)
    >>> exp(x).backward()
    >>> print(x.grad)
    1.0
    """

    name = "exp"

    def forward(self, x):
        return np.exp(x)

    def vjp(self, g, node):
        return (g * node.value,)

    def jvp(self, tangents, node):
        return node.value * tangents[0]


class Log(Primitive):
    r"""$\ln x$ elementwise; raises ``ValueError`` if an entry is not positive.

    $y = \ln x$;  VJP $\bar x = \bar y / x$;  JVP $\dot y = \dot x / x$.

    Examples
    --------
    >>> from nnbook.autodiff import log
    >>> print(log(np.e).value)
    1.0
    >>> log(np.array([1.0, -2.0]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: log: input of shape (2,) has non-positive entries (smallest -2); ...
    """

    name = "log"
    domain = "positive"

    def forward(self, x):
        if np.any(x <= 0):
            raise ValueError(
                f"log: input of shape {x.shape} has non-positive entries "
                f"(smallest {x.min():.3g}); log is defined for x > 0"
            )
        return np.log(x)

    def vjp(self, g, node):
        return (g / node.parents[0].value,)

    def jvp(self, tangents, node):
        return tangents[0] / node.parents[0].value


class Sin(Primitive):
    r"""$\sin x$ elementwise.

    $y = \sin x$;  VJP $\bar x = \bar y \cos x$;  JVP $\dot y = \cos x\, \dot x$.
    """

    name = "sin"

    def forward(self, x):
        return np.sin(x)

    def vjp(self, g, node):
        return (g * np.cos(node.parents[0].value),)

    def jvp(self, tangents, node):
        return np.cos(node.parents[0].value) * tangents[0]


class Cos(Primitive):
    r"""$\cos x$ elementwise; its derivative is $-\sin x$.

    $y = \cos x$;  VJP $\bar x = -\bar y \sin x$;  JVP $\dot y = -\sin x\, \dot x$.

    Examples
    --------
    >>> from nnbook.autodiff import Variable, cos
    >>> x = Variable(np.pi / 2)
    >>> cos(x).backward()
    >>> print(x.grad)
    -1.0
    """

    name = "cos"

    def forward(self, x):
        return np.cos(x)

    def vjp(self, g, node):
        return (-g * np.sin(node.parents[0].value),)

    def jvp(self, tangents, node):
        return -np.sin(node.parents[0].value) * tangents[0]


class Tanh(Primitive):
    r"""$\tanh x$ elementwise.

    $y = \tanh x$;  VJP $\bar x = \bar y (1 - y^2)$;  JVP $\dot y = (1 - y^2)\, \dot x$.
    """

    name = "tanh"

    def forward(self, x):
        return np.tanh(x)

    def vjp(self, g, node):
        y = node.value
        return (g * (1.0 - y * y),)

    def jvp(self, tangents, node):
        y = node.value
        return (1.0 - y * y) * tangents[0]


class Sigmoid(Primitive):
    r"""The logistic function $\sigma(x) = 1 / (1 + e^{-x})$, stable at any input.

    $y = \sigma(x)$;  VJP $\bar x = \bar y\, y (1 - y)$;  JVP $\dot y = y(1-y)\, \dot x$.
    The value is `nnbook.numerics.sigmoid`, which neither overflows nor warns at
    $x = \pm 1000$; the derivative uses the output $y$ only, so it cannot overflow
    either.

    Examples
    --------
    >>> from nnbook.autodiff import sigmoid
    >>> print(sigmoid(np.array([-1000.0, 0.0, 1000.0])).value)
    [0.  0.5 1. ]
    """

    name = "sigmoid"

    def forward(self, x):
        return numerics.sigmoid(x)

    def vjp(self, g, node):
        y = node.value
        d = 1.0 - y  # a new array, so updating it in place is safe (and saves two copies)
        d *= y
        d *= g
        return (d,)

    def jvp(self, tangents, node):
        y = node.value
        return y * (1.0 - y) * tangents[0]


class Relu(Primitive):
    r"""$\max(x, 0)$ elementwise, with slope 0 at 0.

    $y = \max(x, 0)$;  VJP $\bar x = \bar y \odot [x > 0]$;  JVP $\dot y = [x > 0] \odot \dot x$.
    (A random point of the gradient checks is almost surely away from the kink.)
    """

    name = "relu"

    def forward(self, x):
        return np.maximum(x, 0.0)

    def vjp(self, g, node):
        return (g * (node.parents[0].value > 0),)

    def jvp(self, tangents, node):
        return (node.parents[0].value > 0) * tangents[0]
