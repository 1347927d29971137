"""How the public functions build a node: `Primitive.__call__`, written for speed.

`Primitive.__call__` is written to be read, and the chapter shows it: prepare the
arguments, wrap the inputs, compute the value, record the node.  Building a node is
also the engine's innermost loop: one training step of a small network builds a
dozen, and with a batch of one example the Python around NumPy costs more than
NumPy itself.  So the functions of `nnbook.autodiff` (``add``, ``sigmoid``,
``x @ w``, ...) build their nodes with `call`, which does what `Primitive.__call__`
does with the common cases written out: one or two inputs, no generator, no
``any()``, ``prepare`` only for the operations that define one.  (The backward sweep
has its fast twin too: ``Node.backward`` runs `nnbook.autodiff.node._sweep`, the
loop of `nnbook.autodiff.node.reverse_sweep` without yielding each node.)

``tests/autodiff/test_fastpath.py`` checks that both ways give identical nodes,
values, gradients and errors on every case of the gradient-check table.  Calling an
operation's instance, ``Exp()(x)``, takes the readable way.
"""

from __future__ import annotations

import numpy as np

from .node import Node

__all__ = ["call"]

_FLOAT64 = np.dtype(np.float64)


def call(op, args: tuple, params: dict) -> Node:
    """``op(*args, **params)``, the same node built faster.

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> from nnbook.autodiff.elementwise import Multiply
    >>> x = Variable([1.0, 2.0])
    >>> y = call(Multiply.function.primitive, (x, 3.0), {})
    >>> print(y.value, y.op.name, y.needs_grad)
    [3. 6.] multiply True
    """
    if op._prepares:
        args, params = op.prepare(*args, **params)
    n = len(args)
    if n == 2:
        a, b = args
        if not isinstance(a, Node):
            a = op._input(a, 0)
        if not isinstance(b, Node):
            b = op._input(b, 1)
        parents = (a, b)
        try:
            value = (
                op.forward(a.value, b.value, **params) if params else op.forward(a.value, b.value)
            )
        except ValueError:
            op._check_broadcast((a.value, b.value))
            raise
        needs_grad = a.needs_grad or b.needs_grad
    elif n == 1:
        (a,) = args
        if not isinstance(a, Node):
            a = op._input(a, 0)
        parents = (a,)
        value = op.forward(a.value, **params) if params else op.forward(a.value)
        needs_grad = a.needs_grad
    else:  # three inputs or more (stack, the recurrent steps): no shortcut
        parents = tuple([op._input(x, k) for k, x in enumerate(args)])
        values = [p.value for p in parents]
        try:
            value = op.forward(*values, **params)
        except ValueError:
            op._check_broadcast(values)
            raise
        needs_grad = any(p.needs_grad for p in parents)
    if type(value) is not np.ndarray or value.dtype is not _FLOAT64:  # NumPy gives 0-d scalars
        value = np.asarray(value, dtype=np.float64)
    return Node(value, parents, op, params, needs_grad)
