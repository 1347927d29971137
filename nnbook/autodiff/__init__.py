r"""nnbook's automatic-differentiation engine: reverse and forward mode on a graph of NumPy arrays.

Taught in the chapter *Automatic differentiation* (``docs/autodiff/``).  Build a
graph by computing with nodes, then differentiate it (see the example at the end).

Modules, one concept each:

* `nnbook.autodiff.node` -- `Variable`, `Constant`, the graph,
  topological order with an explicit stack, reverse mode (``backward``), `zero_grad`.
* `nnbook.autodiff.primitive` -- `Primitive`, the base class of every
  operation (forward, VJP and JVP side by side), and `unbroadcast`.
* `nnbook.autodiff.elementwise` -- ``+ - * / **``, unary ``-``, `exp`,
  `log`, `sin`, `cos`, `tanh`, `sigmoid`, `relu`.
* `nnbook.autodiff.reductions` -- `sum`, `mean`.
* `nnbook.autodiff.linalg` -- ``@`` (`matmul`) and `solve`.
* `nnbook.autodiff.shape` -- `reshape`, `transpose`, indexing, `stack`.
* `nnbook.autodiff.softmax` -- `softmax`, `log_softmax`, `cross_entropy`.
* `nnbook.autodiff.functional` -- `grad` and `jvp` for functions of arrays.
* `nnbook.autodiff.checks` -- `check_grads`, both modes
  against central differences in random directions.

The engine imports NumPy and nothing else outside nnbook's NumPy-only helpers
(`nnbook.validation`, `nnbook.numerics`).  What the chapter does with it lives
beside the chapter, in `nnbook.lessons.autodiff` (worked examples, drawings,
measurements, the TensorFlow comparison); the networks and losses built on it are
`nnbook.nn`; the speed benchmark is ``benchmarks/autodiff.py``.

Semantics
---------
* Every node has ``.value``, a float64 array computed when the node is made.
* ``out.backward()`` *adds* the gradient into ``.grad`` of each `Variable`
  ``out`` depends on (``None`` means zero); `zero_grad` resets.  A node used
  several times receives the sum of its gradients.
* Gradients of broadcast operands are summed back to the operand's shape.
* No global state: a graph is what its output can reach, so graphs never interfere.
* Inputs (variables, constants, and the numbers and arrays an operation wraps as
  constants) must be finite real numbers, and settings (axes, sizes, strides, learning
  rates) must be of the right kind and range: anything else raises ``TypeError`` or
  ``ValueError`` naming the argument, never a silent wrong answer.

Adding an operation (for example a convolution, max pooling, a recurrent step)
-----------------------------------------------------------------------------
Write a new module, say ``nnbook/autodiff/conv.py``, without touching this core:

1. subclass `Primitive`; give it a ``name`` and three methods:
   ``forward(*values, **params)`` returns the output array;
   ``vjp(g, node, i)`` returns $\bar y^\top \partial y/\partial x_i$ for parent ``i``
   (shaped like ``node.parents[i].value``), reading ``node.value``,
   ``node.parents[k].value`` and ``node.params``; ``jvp(tangents, node)`` returns
   $\sum_i \partial y / \partial x_i\, \dot x_i$ (shaped like ``node.value``);
2. make one instance and a documented function that calls it with the inputs as
   positional arguments and the settings as keywords, ``_conv(x, w, stride=1)``;
3. test it like the others: ``tests/autodiff/test_primitives.py`` checks any
   function with `nnbook.autodiff.checks.check_grads` (finite differences
   in random directions, in both modes).

The rules must never form a Jacobian matrix.  ``vjp`` is only called for parents
that depend on a variable, and ``jvp`` receives zeros for the others.

Examples
--------
>>> import numpy as np
>>> from nnbook.autodiff import Variable, sin
>>> x1, x2, x3 = Variable(1.0, name="x1"), Variable(2.0, name="x2"), Variable(3.0, name="x3")
>>> z = sin(x1 + x2) + x2 ** 2 * x3
>>> z.backward()
>>> print(np.round([z.value, x1.grad, x2.grad, x3.grad], 4))
[12.1411 -0.99   11.01    4.    ]
"""

from . import operators  # noqa: F401 (gives Node its operators)
from .elementwise import (
    add,
    cos,
    divide,
    exp,
    log,
    multiply,
    negative,
    power,
    relu,
    sigmoid,
    sin,
    subtract,
    tanh,
)
from .functional import grad, jvp
from .linalg import matmul, solve
from .node import Constant, Node, Variable, as_node, topological_order, zero_grad
from .primitive import Primitive, unbroadcast
from .reductions import mean, sum  # noqa: A004
from .shape import index, reshape, stack, transpose
from .softmax import cross_entropy, log_softmax, softmax

__all__ = [
    "Constant",
    "Node",
    "Primitive",
    "Variable",
    "add",
    "as_node",
    "cos",
    "cross_entropy",
    "divide",
    "exp",
    "grad",
    "index",
    "jvp",
    "log",
    "log_softmax",
    "matmul",
    "mean",
    "multiply",
    "negative",
    "power",
    "relu",
    "reshape",
    "sigmoid",
    "sin",
    "softmax",
    "solve",
    "stack",
    "subtract",
    "sum",
    "tanh",
    "topological_order",
    "transpose",
    "unbroadcast",
    "zero_grad",
]
