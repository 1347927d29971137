r"""Softplus and the binary cross-entropy computed from logits, without overflow.

A classifier that outputs one logit $z$ (so $p = \sigma(z)$) for a label $y \in [0, 1]$
has the binary cross-entropy

$$
-y \log \sigma(z) - (1 - y) \log(1 - \sigma(z)) = \operatorname{softplus}(z) - y z,
\qquad \operatorname{softplus}(z) = \log(1 + e^{z}),
$$

because $-\log\sigma(z) = \operatorname{softplus}(-z)$ and $\operatorname{softplus}(z) -
\operatorname{softplus}(-z) = z$.  Written this way nothing overflows: softplus is
computed as ``np.logaddexp(0, z)`` (`nnbook.numerics.softplus`), and its derivative
is $\sigma(z)$, so

$$ \bar z = \bar y\, \sigma(z), \qquad \dot y = \sigma(z)\, \dot z . $$

Taking $\log$ of a sigmoid output instead gives ``-inf`` as soon as $\sigma(z)$
rounds to 0 (near $z = -745$), and its gradient is ``nan``.
"""

from __future__ import annotations

import numpy as np

from .. import numerics
from ..validation import as_float_array, check_nonempty
from .node import Constant, Node, _as_input
from .primitive import SHAPES, Primitive

__all__ = ["Softplus", "binary_cross_entropy_with_logits"]


class Softplus(Primitive):
    r"""$\log(1 + e^x)$, elementwise; about $x$ for large $x$ and $e^x$ for very negative $x$.

    $y = \log(1 + e^x)$ (`nnbook.numerics.softplus`);  VJP $\bar x = \bar y\, \sigma(x)$;
    JVP $\dot y = \sigma(x)\, \dot x$.

    Examples
    --------
    >>> from nnbook.autodiff import Variable, softplus
    >>> x = Variable([-1000.0, 0.0, 1000.0])
    >>> y = softplus(x)
    >>> y.sum().backward()
    >>> print(np.round(y.value, 4).tolist(), x.grad.tolist())
    [0.0, 0.6931, 1000.0] [0.0, 0.5, 1.0]
    """

    name = "softplus"

    def forward(self, x):
        return numerics.softplus(x)

    def vjp(self, g, node):
        return (g * numerics.sigmoid(node.parents[0].value),)

    def jvp(self, tangents, node):
        return numerics.sigmoid(node.parents[0].value) * tangents[0]

    def cases(self, point):
        for s in SHAPES:
            yield str(s), self.function, (point(s, scale=3.0),)


def binary_cross_entropy_with_logits(z, y) -> Node:
    r"""Mean of $\operatorname{softplus}(z) - y z$: the cross-entropy of $\sigma(z)$ against ``y``.

    ``y`` is an array of labels in $[0, 1]$ with the shape of ``z`` (or broadcasting to it);
    it is not differentiated.  ``z`` must not be empty.

    Examples
    --------
    >>> z = np.array([0.0, 40.0, -40.0])
    >>> print(round(float(binary_cross_entropy_with_logits(z, np.array([1.0, 1.0, 0.0])).value), 4))
    0.231
    >>> print(round(float(binary_cross_entropy_with_logits(z, np.array([0.0, 0.0, 1.0])).value), 4))
    26.8977
    """
    op = "binary_cross_entropy_with_logits"
    z = _as_input(z, f"{op}: z")
    y = as_float_array(y.value if isinstance(y, Node) else y, f"{op}: y")
    check_nonempty(z.value, f"{op}: z")
    if np.any((y < 0) | (y > 1)):
        bad = y[(y < 0) | (y > 1)].flat[0]
        raise ValueError(f"{op}: y must hold labels in [0, 1], found {bad:g}")
    try:  # y must broadcast *to* z's shape: a larger y would change what the mean averages
        shape = np.broadcast_shapes(z.shape, y.shape)
    except ValueError:
        shape = None
    if shape != z.shape:
        raise ValueError(
            f"{op}: labels y of shape {y.shape} do not broadcast to the logits' shape "
            f"{z.shape} (y's trailing axes must equal z's or be 1, and y may not add axes)"
        )
    return (Softplus.function(z) - Constant(y) * z).mean()
