r"""Nodes of a computational graph, and reverse mode over them.

A graph is built while ordinary-looking code runs: every operation on a
`Node` computes its value at once and returns a new node that remembers
its *parents* (the nodes it was computed from) and its *operation* (a
`Primitive`).  Nothing is global: a graph is
simply the set of nodes reachable from its output through ``.parents``, so two
graphs never interfere and a graph is freed when its output is.

Three kinds of node:

* `Variable` -- an input we differentiate with respect to; after
  ``out.backward()`` its ``.grad`` holds $\partial\,\text{out} / \partial\,\text{variable}$.
* `Constant` -- an input we do not differentiate with respect to (data,
  targets, numbers written in code).
* `Node` -- the result of an operation.

**Accumulation.**  ``backward()`` *adds* into ``.grad`` (``None`` means zero), so a
variable used in two losses receives the sum of both gradients when ``backward``
is called on each.  Reset with `zero_grad` before the next step, as the
training loops of `nnbook.nn` do.

**Values are read at backward time.**  The gradient rules read ``.value`` of the
parents when ``backward()`` runs: give variables new values only *between* graphs
(build, backward, update, build again), never between building a graph and
calling its ``backward``.
"""

from __future__ import annotations

import math

import numpy as np

from ..validation import as_float_array

__all__ = ["Constant", "Node", "Variable", "as_node", "topological_order", "zero_grad"]


class Node:
    """One value of a computation and how it was computed.

    Users create `Variable` and `Constant` nodes; every other node is
    returned by an operation (``x * y``, ``exp(x)``, ``x @ w``, ...).  The
    operators (``+ - * / ** @``, indexing, ``.T``, ``.sum()``, ...) are attached
    by `nnbook.autodiff.operators`, so that this module needs no operation.

    Attributes
    ----------
    value : numpy.ndarray
        The float64 value, computed when the node is created.
    grad : numpy.ndarray or None
        The gradient of the output of the last ``backward()`` with respect to this
        node (same shape as ``value``); filled on variables, and on every node of
        the graph with ``backward(retain_grads=True)``.
    parents : tuple of Node
        The operation's inputs (empty for variables and constants).
    op : Primitive or None
        The operation that produced the node (``None`` for inputs).
    params : dict
        Keyword parameters of the operation (``axis``, ``shape``, ...).
    needs_grad : bool
        Whether the node depends on a `Variable`; reverse and forward mode
        visit only such nodes.
    name : str or None
        A label for drawings and error messages.

    Examples
    --------
    >>> x = Variable(3.0, name="x")
    >>> y = x * x + 1.0
    >>> print(y.value, y.op.name, [p.op.name for p in y.parents if p.op])
    10.0 add ['multiply']
    >>> y.backward()
    >>> print(x.grad)
    6.0
    """

    __slots__ = ("value", "grad", "parents", "op", "params", "needs_grad", "name")

    # Make ``ndarray + node`` call ``Node.__radd__`` instead of looping over the array.
    __array_ufunc__ = None

    def __init__(self, value, parents, op, params, needs_grad, name=None):
        self.value = value
        self.grad = None
        self.parents = parents
        self.op = op
        self.params = params
        self.needs_grad = needs_grad
        self.name = name

    # ------------------------------------------------------------------ #
    # NumPy-like attributes
    # ------------------------------------------------------------------ #
    @property
    def shape(self) -> tuple:
        """Shape of ``value``."""
        return self.value.shape

    @property
    def ndim(self) -> int:
        """Number of dimensions of ``value``."""
        return self.value.ndim

    @property
    def size(self) -> int:
        """Number of entries of ``value``."""
        return self.value.size

    def __repr__(self) -> str:
        kind = type(self).__name__
        what = f"name={self.name!r}, " if self.name else ""
        if self.op is not None:
            what += f"op={self.op.name!r}, "
        if self.value.size <= 6:
            shown = np.array2string(self.value, precision=4, separator=", ")
            return f"{kind}({what}value={shown})"
        return f"{kind}({what}shape={self.value.shape})"

    # ------------------------------------------------------------------ #
    # Reverse mode
    # ------------------------------------------------------------------ #
    def backward(self, seed=None, *, retain_grads=False) -> None:
        r"""Reverse mode: add $\partial\,\text{self} / \partial v$ to ``v.grad`` for each variable.

        Parameters
        ----------
        seed : array_like, optional
            The vector $\bar y$ of the vector-Jacobian product $\bar y^\top J$;
            shaped like ``self.value``.  May be omitted only for a node with a
            single entry (a loss), where it is 1.
        retain_grads : bool
            Also store the gradient of ``self`` with respect to every intermediate
            node in its ``.grad`` (overwriting it), for drawings and teaching.

        Raises
        ------
        ValueError
            If ``self`` has several entries and no seed is given, or the seed has
            the wrong shape.

        Examples
        --------
        >>> a = Variable([1.0, 2.0])
        >>> (a * a).sum().backward()
        >>> print(a.grad)
        [2. 4.]
        >>> (a * a).backward()  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: backward() on a node of shape (2,) needs a seed gradient of that shape ...
        """
        _sweep(self, seed, retain_grads)  # `reverse_sweep` run to the end, written for speed


class Variable(Node):
    """An input of the graph whose gradient we want (a weight, a point ``x``).

    Parameters
    ----------
    value : array_like
        Finite real numbers; copied into a new float64 array that the variable owns.
    name : str, optional
        A label for drawings and error messages.

    Raises
    ------
    TypeError
        If ``value`` is not numbers (``None``, a string, complex numbers).
    ValueError
        If ``value`` is ragged or holds NaN or an infinity.

    Examples
    --------
    >>> w = Variable([[1, 2]], name="w")
    >>> w.value.dtype, w.shape, w.grad is None
    (dtype('float64'), (1, 2), True)
    >>> Variable(None)
    Traceback (most recent call last):
    ...
    TypeError: Variable value must hold real numbers, got NoneType None
    >>> Variable([1.0, np.nan], name="w")
    Traceback (most recent call last):
    ...
    ValueError: w must hold finite numbers, found NaN or inf
    """

    __slots__ = ()

    def __init__(self, value, name=None):
        super().__init__(
            _to_array(value, name or "Variable value", copy=True), (), None, None, True, name
        )


class Constant(Node):
    """An input of the graph that is not differentiated (data, targets, numbers).

    Numbers and arrays that appear in an operation with a node are wrapped in a
    ``Constant`` automatically: ``2 * x`` is ``Constant(2) * x``.  Like a
    `Variable`, a constant must hold finite real numbers.

    Examples
    --------
    >>> c = Constant(2.5)
    >>> x = Variable(4.0)
    >>> (c * x).backward()
    >>> print(x.grad, c.grad)
    2.5 None
    """

    __slots__ = ()

    def __init__(self, value, name=None):
        super().__init__(_to_array(value, name or "Constant value"), (), None, None, False, name)


def _describe(value) -> str:
    """Type and (short) repr of ``value``, for an error message."""
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:37] + '...'}"


def _to_array(value, what, copy=False) -> np.ndarray:
    """``value`` as a float64 array of finite real numbers, or an error naming ``what``.

    Refuses ``None``, strings, complex numbers (whose imaginary part would be lost),
    NaN and infinities: an input of the graph must be a number.  Python numbers and
    float64 arrays, by far the most common inputs, take a short path.
    """
    kind = type(value)
    if kind is float or kind is int:
        if kind is int or math.isfinite(value):
            return np.array(value, dtype=np.float64)
    elif kind is np.ndarray and value.dtype == np.float64:
        if np.isfinite(value).all():
            return value.copy() if copy else value
    try:
        arr = as_float_array(value, what)
    except TypeError:
        raise TypeError(f"{what} must hold real numbers, got {_describe(value)}") from None
    if copy and isinstance(value, np.ndarray) and np.may_share_memory(arr, value):
        arr = arr.copy()
    return arr


def as_node(x) -> Node:
    """Return ``x`` if it is a node, else wrap it in a `Constant`.

    Raises
    ------
    TypeError, ValueError
        If ``x`` is not a node and not an array of finite real numbers.

    Examples
    --------
    >>> as_node(2.0)
    Constant(value=2.)
    >>> v = Variable(1.0)
    >>> as_node(v) is v
    True
    >>> as_node("2.0")
    Traceback (most recent call last):
    ...
    TypeError: Constant value must hold real numbers, got str '2.0'
    """
    return x if isinstance(x, Node) else Constant(x)


def _variable(value, what: str) -> Variable:
    """``Variable(value)`` without a name, but an error names the argument ``what``."""
    node = Variable.__new__(Variable)
    Node.__init__(node, _to_array(value, what, copy=True), (), None, None, True)
    return node


def _as_input(x, what: str) -> Node:
    """Like `as_node`, but an error names the argument ``what`` (``"cross_entropy: logits"``)."""
    if isinstance(x, Node):
        return x
    node = Constant.__new__(Constant)
    Node.__init__(node, _to_array(x, what), (), None, None, False)
    return node


def zero_grad(*nodes) -> None:
    """Reset ``.grad`` to ``None`` (zero) on each node, or each node of each list given.

    Examples
    --------
    >>> w, b = Variable(1.0), Variable(2.0)
    >>> (w * b).backward()
    >>> zero_grad([w, b])
    >>> w.grad is None and b.grad is None
    True
    """
    for item in nodes:
        for node in item if isinstance(item, list | tuple) else (item,):
            if not isinstance(node, Node):
                raise TypeError(
                    f"zero_grad: nodes must be nodes or lists of nodes, got {_describe(node)}"
                )
            node.grad = None


def _check_output(output, op: str) -> None:
    if not isinstance(output, Node):
        raise TypeError(f"{op}: output must be a node, got {_describe(output)}")


def _count_uses(output: Node, only_needs_grad: bool = True) -> dict:
    """For every node the output depends on, how many times it is a parent in the graph.

    A walk with an explicit stack (no recursion: a chain of a million nodes is fine).
    """
    uses = {}
    stack = [output]
    while stack:
        node = stack.pop()
        for parent in node.parents:
            if parent.needs_grad or not only_needs_grad:
                count = uses.get(parent)
                if count is None:  # first visit
                    uses[parent] = 1
                    stack.append(parent)
                else:
                    uses[parent] = count + 1
    return uses


def _children_first(output: Node, only_needs_grad: bool = True):
    """Yield the graph's nodes, each one only after every node that uses it.

    Kahn's algorithm run backwards from the output: a node becomes ready when the
    last of its uses has been visited.  This is exactly when its adjoint in reverse
    mode is complete, which is why reverse mode can follow this order.
    """
    uses = _count_uses(output, only_needs_grad)
    ready = [output]
    while ready:
        node = ready.pop()
        yield node
        for parent in node.parents:
            if parent in uses:
                left = uses[parent] - 1
                uses[parent] = left
                if left == 0:
                    ready.append(parent)


def topological_order(output: Node, *, only_needs_grad: bool = True) -> list:
    """Nodes of the graph of ``output``, every node after all of its parents.

    The reverse of a children-first order (Kahn's algorithm from the output, with
    an explicit stack).  With ``only_needs_grad`` the walk skips nodes that do not
    depend on a `Variable`, which reverse and forward mode never need.

    Examples
    --------
    >>> x = Variable(1.0, name="x")
    >>> y = (x * 2.0).sum()
    >>> [n.name or n.op.name for n in topological_order(y)]
    ['x', 'multiply', 'sum']
    >>> len(topological_order(y, only_needs_grad=False))  # with the constant 2.0
    4
    """
    _check_output(output, "topological_order")
    order = list(_children_first(output, only_needs_grad))
    order.reverse()
    return order


def reverse_sweep(output: Node, seed=None, *, retain_grads: bool = False):
    r"""Run reverse mode from ``output`` one node at a time (a generator).

    Visits each node after every node that uses it (see `topological_order`),
    so that when a node $x_j$ is reached its adjoint
    $\bar x_j = \partial\,\text{output}/\partial x_j$ is complete: every child has
    sent its contribution.  It then sends $\bar x_j\, \partial x_j/\partial x_i$ to
    each parent $x_i$ through the operation's VJP (one call gives every parent's
    share), and yields the node.
    The chapter's step-by-step figures draw the graph after each ``yield``;
    ``Node.backward`` runs the same sweep to the end (`_sweep`).  The order, and when
    a parent is released, come from the walk `_children_first`.

    Contributions are summed in a dictionary without writing into any array in
    place (two parents may receive the very same array, as ``a + b`` sends its
    gradient unchanged to both); the value stored in a variable's ``.grad`` is a
    fresh array the variable owns.

    Examples
    --------
    >>> x = Variable(2.0, name="x")
    >>> y = x * x
    >>> [n.name or n.op.name for n in reverse_sweep(y, retain_grads=True)]
    ['multiply', 'x']
    >>> print(y.grad, x.grad)
    1.0 4.0
    """
    seed = _seed(output, seed, "reverse_sweep")
    if not output.needs_grad:
        return
    adjoints = {output: seed}
    for node in _children_first(output):
        g = adjoints.pop(node)  # complete: every use of the node has sent its share
        if not node.parents:  # a variable: accumulate into .grad
            node.grad = np.array(g) if node.grad is None else node.grad + g
        else:
            if retain_grads:
                node.grad = g
            shares = node.op.vjp(g, node)  # every parent's share, from one VJP
            if type(shares) is not tuple:
                raise _vjp_error(node, shares)
            for parent, share in zip(node.parents, shares, strict=True):
                if parent.needs_grad:  # add the share to the parent's adjoint (never in place)
                    adjoints[parent] = adjoints[parent] + share if parent in adjoints else share
            del shares, share  # summed up: free them now, not when the next node is done
        yield node


def _sweep(output: Node, seed=None, retain_grads: bool = False) -> None:
    """``for _ in reverse_sweep(output, seed, retain_grads): pass``, the same sweep faster.

    ``Node.backward`` runs it: the loop of `reverse_sweep` over the same walk
    (`_children_first`), without yielding each node and with the lookups done once;
    see `nnbook.autodiff.fastpath` for why.  ``tests/autodiff/test_fastpath.py``
    checks that it gives the gradients of `reverse_sweep`.
    """
    seed = _seed(output, seed, "backward")
    if not output.needs_grad:
        return
    adjoints = {output: seed}
    pop_adjoint = adjoints.pop
    for node in _children_first(output):
        g = pop_adjoint(node)  # complete: every use of the node has sent its share
        parents = node.parents
        if not parents:  # a variable: accumulate into .grad
            node.grad = np.array(g) if node.grad is None else node.grad + g
            continue
        if retain_grads:
            node.grad = g
        shares = node.op.vjp(g, node)
        if type(shares) is not tuple or len(shares) != len(parents):
            raise _vjp_error(node, shares)
        for parent, share in zip(parents, shares):  # noqa: B905 (lengths checked: a keyword costs)
            if parent.needs_grad:
                adjoints[parent] = adjoints[parent] + share if parent in adjoints else share
        del shares, share  # summed up: free them now, not when the next node is done


def _seed(output, seed, op: str) -> np.ndarray:
    """The seed $\bar y$ of reverse mode from ``output``: checked, or 1 for a single entry."""
    _check_output(output, op)
    if seed is None:
        if output.value.size != 1:
            raise ValueError(
                f"backward() on a node of shape {output.value.shape} needs a seed gradient "
                "of that shape (only a single-entry output, such as a loss, has the "
                "implicit seed 1)"
            )
        return np.ones(output.value.shape)
    seed = as_float_array(seed, "backward(): seed")
    if seed.shape != output.value.shape:
        raise ValueError(
            f"backward(): seed must have the output's shape {output.value.shape}, got {seed.shape}"
        )
    return seed


def _vjp_error(node, grads) -> TypeError:
    """The error for a VJP that did not return one adjoint per parent."""
    n = len(node.parents)
    got = f"a tuple of {len(grads)}" if type(grads) is tuple else _describe(grads)
    return TypeError(
        f"{node.op.name}: vjp must return a tuple with one adjoint per parent ({n}), "
        f"got {got}; write `return (g_x,)` for a single parent"
    )
