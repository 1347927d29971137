r"""nnbook's automatic-differentiation engine: reverse and forward mode on a graph of NumPy arrays.

Taught in the chapter *Automatic differentiation* (``docs/autodiff/``).  Build a
graph by computing with nodes, then differentiate it (see the example at the end).

Modules, one concept each, in the order the chapter builds them:

* `nnbook.autodiff.node` -- `Node`, `Variable`, `Constant`: the graph, its
  topological order with an explicit stack, reverse mode (``backward``), `zero_grad`.
* `nnbook.autodiff.primitive` -- `Primitive`, the base class of every operation
  (forward, VJP and JVP side by side), the registry of operations, `unbroadcast`.
* `nnbook.autodiff.fastpath` -- how the public functions build a node: what
  ``Primitive.__call__`` does, written for speed (``Node.backward`` likewise runs a
  faster twin of ``reverse_sweep``).
* `nnbook.autodiff.elementwise` -- `add`, `subtract`, `multiply`, `divide`,
  `power`, `power_constant`, `negative`, `exp`, `log`, `sin`, `cos`, `tanh`,
  `sigmoid`, `relu`.
* `nnbook.autodiff.reductions` -- `sum`, `mean`.
* `nnbook.autodiff.linalg` -- `matmul` (``@``) and `solve`.
* `nnbook.autodiff.shape` -- `reshape`, `transpose`, `index` (``x[i]``), `stack`.
* `nnbook.autodiff.categorical` -- `softmax`, `log_softmax`, `cross_entropy`.
* `nnbook.autodiff.logistic` -- `softplus`, and the binary cross-entropy from logits.
* `nnbook.autodiff.conv` -- `conv2d`, `max_pool2d` (the convolutional network).
* `nnbook.autodiff.recurrent` -- `rnn_step`, `lstm_step`, `gru_step` (the recurrent
  networks).
* `nnbook.autodiff.operators` -- gives `Node` its operators (``+ - * / ** @``,
  ``x[i]``, ``.T``, ``.sum()``, ...).
* `nnbook.autodiff.functional` -- `grad` and `jvp` for functions of arrays.
* `nnbook.autodiff.checks` -- `check_grads`, both modes against central differences
  in random directions, and the table of every operation's checks.

Each operation is one class in its module; the function of the same name here is
made from it when the module is imported (see `nnbook.autodiff.primitive`), and so
are this package's ``__all__`` and the gradient-check table.

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

Adding an operation
-------------------
Write one class in the module of its relatives (or in a new module, imported
below): a subclass of `Primitive` with a ``name``, the maths in its docstring, and
``forward(*values, **settings)``, ``vjp(g, node)`` and ``jvp(tangents, node)``;
add ``prepare`` to check settings and ``cases`` to say where its gradients are
checked.  Its function, its place in ``__all__`` and its rows in the tests follow.
``docs/contributing/add-an-autodiff-op.md`` walks through one.  The rules must never
form a Jacobian matrix.

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

# isort: off
# The operation modules, in the order of the chapter: importing one registers its operations.
from . import elementwise, reductions, linalg, shape, categorical, logistic, conv, recurrent  # noqa
from . import operators  # noqa: F401 (gives Node its operators)

# isort: on
from .functional import grad, jvp  # noqa: F401 (public: see __all__)
from .node import Constant, Node, Variable, as_node, topological_order, zero_grad  # noqa: F401
from .primitive import Primitive, _close_registry, operations, unbroadcast  # noqa: F401

_close_registry()

# The public function of every operation, by its name: add, subtract, ..., gru_step.
globals().update({name: op.function for name, op in operations.items()})

__all__ = sorted(
    [
        "Constant",
        "Node",
        "Primitive",
        "Variable",
        "as_node",
        "grad",
        "jvp",
        "topological_order",
        "unbroadcast",
        "zero_grad",
        *operations,
    ]
)
