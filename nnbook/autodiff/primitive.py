r"""The base class of every operation: forward, VJP and JVP side by side, and the registry.

An operation $y = f(x_1, \dots, x_k)$ is differentiated through two products with
its Jacobians, never through the Jacobians themselves:

* the **vector-Jacobian product** (reverse mode)
  $\bar x_i = \bar y^\top \,\partial y / \partial x_i$,
  shaped like $x_i$: "how much the output of the whole graph changes per unit of $x_i$";
* the **Jacobian-vector product** (forward mode)
  $\dot y = \sum_i \partial y/\partial x_i\, \dot x_i$,
  shaped like $y$: "how fast $y$ moves when the inputs move along $\dot x$".

For $y = e^x$ elementwise the Jacobian is an $n \times n$ diagonal matrix, but both
products are one elementwise multiplication: $\bar x = \bar y \odot y$ and
$\dot y = y \odot \dot x$.  That is the whole trick that keeps an engine's memory
linear in the size of the values.

**One operation, one class.**  An operation is a subclass of `Primitive` with a
``name``, the maths in its docstring and three methods::

    class Square(Primitive):
        r'''$y = x^2$;  $\bar x = 2 x \bar y$;  $\dot y = 2 x \dot x$.'''

        name = "square"

        def forward(self, x):              # values in, value out
            return x * x

        def vjp(self, g, node):             # g = adjoint of the output
            (x,) = node.parents
            return (2.0 * x.value * g,)     # one adjoint per parent

        def jvp(self, tangents, node):      # tangents of the parents in
            (x,), (t,) = node.parents, tangents
            return 2.0 * x.value * t

Calling an instance, ``Square()(x)``, builds a node.  A subclass defined in a module
of `nnbook.autodiff` is also *registered* when the package is imported: one instance
goes into `operations` under its ``name``, and from it come the public function
``nnbook.autodiff.square`` (with the class's docstring and the signature of its
``forward``, or of ``prepare`` when the class has one), the name's place in
``nnbook.autodiff.__all__``, and the rows of the gradient-check table
(`nnbook.autodiff.checks.standard_cases`, from the class's `Primitive.cases`).  A
subclass defined anywhere else or later (a test, a page, your own code) is an
operation you call through its instance; it is not registered.

``vjp`` returns the adjoints of all the parents at once, as a tuple: a rule often
shares work between them (the gates of a recurrent step), and nothing needs to be
kept between calls.  The entry of a parent that does not depend on a variable
(``not parent.needs_grad``) is never read and may be ``None``, so a rule can skip
computing it; ``jvp`` receives a zero array for each such parent.
"""

from __future__ import annotations

import inspect

import numpy as np

from . import fastpath
from .node import Constant, Node, _as_input

__all__ = [
    "BROADCAST_PAIRS",
    "SHAPES",
    "Primitive",
    "broadcast_error",
    "operations",
    "unbroadcast",
]

#: The package whose `Primitive` subclasses are registered (``"nnbook.autodiff"``).
_ENGINE = __name__.rpartition(".")[0]

#: The shapes every operation of one input is checked on: scalar, vector, matrix, row, column.
SHAPES = [(), (3,), (2, 3), (1, 3), (3, 1)]
#: Operand shapes for operations that broadcast: equal shapes, then pairs that broadcast.
BROADCAST_PAIRS = [(s, s) for s in SHAPES] + [
    ((2, 3), (3,)),
    ((3,), (2, 3)),
    ((2, 3), (1, 3)),
    ((2, 3), (2, 1)),
    ((3, 1), (1, 3)),
    ((), (2, 3)),
    ((3,), ()),
]


class Primitive:
    """An operation of the graph; subclasses define ``forward``, ``vjp`` and ``jvp``.

    Calling an instance, ``op(x, y, axis=0)``, takes the arguments through
    `Primitive.prepare`, wraps the inputs as nodes, computes ``forward`` on their
    values and returns the new node; keyword settings are passed to ``forward``
    and kept in ``node.params`` for the gradient rules.

    Examples
    --------
    >>> class Twice(Primitive):
    ...     name = "twice"
    ...     def forward(self, x):
    ...         return 2.0 * x
    ...     def vjp(self, g, node):
    ...         return (2.0 * g,)
    ...     def jvp(self, tangents, node):
    ...         return 2.0 * tangents[0]
    >>> from nnbook.autodiff import Variable, jvp
    >>> x = Variable([1.0, 3.0])
    >>> y = Twice()(x)
    >>> y.sum().backward()
    >>> print(y.value, x.grad)
    [2. 6.] [2. 2.]
    >>> print(jvp(lambda v: Twice()(v), (np.ones(2),), (np.array([0.5, 1.0]),))[1])
    [1. 2.]
    """

    #: The operation's name: the name of its public function, and the label of its
    #: nodes in drawings and error messages.
    name = "primitive"
    #: Names of the inputs, for error messages (``("a", "b")``); unnamed ones are "input k".
    inputs = ("x",)
    #: For an operation whose two inputs broadcast like NumPy's, the text that names it
    #: in the error raised when they do not (``"add (+)"``); see `broadcast_error`.
    broadcasts = None
    #: Where the gradient checks draw the inputs: ``"real"`` (anywhere) or ``"positive"``.
    domain = "real"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._prepares = cls.prepare is not Primitive.prepare
        if _registering and cls.__module__.startswith(_ENGINE + "."):  # the engine's own
            _register(cls)

    def _input(self, x, k: int) -> Node:
        """Input ``k`` as a node: an array or number becomes a `Constant`, refused by name."""
        if isinstance(x, Node):
            return x
        try:
            return Constant(x)
        except (TypeError, ValueError):  # the same check again, naming the input this time
            what = self.inputs[k] if k < len(self.inputs) else f"input {k + 1}"
            return _as_input(x, f"{self.name}: {what}")

    def __call__(self, *args, **params) -> Node:
        """Build the node of this operation: ``op(x, y, axis=0)``.

        Check and normalise the arguments (`prepare`), wrap the inputs as nodes,
        compute the value from their values, and return a node that remembers its
        parents, this operation and the settings.
        """
        args, params = self.prepare(*args, **params)
        parents = tuple(self._input(x, k) for k, x in enumerate(args))
        values = [p.value for p in parents]
        try:
            value = self.forward(*values, **params)
        except ValueError:
            self._check_broadcast(values)  # a clearer error if the shapes cannot broadcast
            raise
        needs_grad = any(p.needs_grad for p in parents)
        return Node(np.asarray(value, dtype=np.float64), parents, self, params, needs_grad)

    def _check_broadcast(self, values) -> None:
        """Raise `broadcast_error` if this operation broadcasts and ``values`` cannot."""
        if self.broadcasts is not None:
            shapes = [v.shape for v in values]
            try:
                np.broadcast_shapes(*shapes)
            except ValueError:
                raise broadcast_error(self.broadcasts, *shapes, self.inputs) from None

    def prepare(self, *args, **params) -> tuple[tuple, dict]:
        """Turn the public function's arguments into the node's inputs and settings.

        Returns ``(inputs, settings)``: the inputs (nodes, arrays or numbers) and the
        keyword settings that ``forward`` receives and ``node.params`` keeps.  The
        default takes the arguments as they are; an operation overrides it to check
        or normalise its settings (an axis, a shape), and its signature is then the
        public function's.
        """
        return args, params

    def forward(self, *values, **params) -> np.ndarray:
        """The value of the operation at float64 arrays ``values``."""
        raise NotImplementedError

    def vjp(self, g: np.ndarray, node: Node) -> tuple:
        r"""The adjoints $\bar x_i = \bar y^\top \partial y / \partial x_i$ of all the parents.

        ``g`` is the adjoint $\bar y$ of the output, shaped like ``node.value``.  Must
        return a tuple with one entry per parent, in order, shaped like
        ``node.parents[i].value``; the entry of a parent that needs no gradient
        (``not node.parents[i].needs_grad``) is never read and may be ``None``.
        """
        raise NotImplementedError

    def jvp(self, tangents: tuple, node: Node) -> np.ndarray:
        r"""$\sum_i \partial y/\partial x_i\, \dot x_i$ for the parents' ``tangents``.

        Must return an array that broadcasts to ``node.value.shape``.
        """
        raise NotImplementedError

    def cases(self, point):
        """Where the tests check this operation's gradients: ``(label, f, args)`` triples.

        ``point(shape)`` draws an input of that shape (in the operation's ``domain``);
        ``f`` takes one node per entry of ``args`` and returns a node.  By default an
        operation whose inputs broadcast is checked on every pair of `BROADCAST_PAIRS`,
        and an operation of one input on every shape of `SHAPES`; an operation with
        settings or particular shapes overrides this.
        """
        if self.broadcasts is not None:
            for sa, sb in BROADCAST_PAIRS:
                yield f"{sa} and {sb}", self.function, (point(sa), point(sb))
        elif len(self.inputs) == 1:
            for s in SHAPES:
                yield str(s), self.function, (point(s),)

    def label(self, node: Node) -> str:
        """Text for ``node`` in a drawing; the name unless a subclass says more."""
        return self.name

    def __repr__(self) -> str:
        return f"<primitive {self.name}>"


#: The engine's operations by name: one instance of each `Primitive` subclass defined in
#: the modules of `nnbook.autodiff`, in the order Python read them.  Filled by
#: `Primitive.__init_subclass__` while the package is imported.
operations: dict[str, Primitive] = {}

#: True while `nnbook.autodiff` is imported; its ``__init__`` then calls `_close_registry`,
#: so that a subclass defined later (a doctest, a test, a page) is never registered.
_registering = True


def _close_registry() -> None:
    """Stop registering: the engine's operations are the ones its modules defined."""
    global _registering
    _registering = False


def _register(cls) -> None:
    """Add one instance of ``cls`` to `operations`; ``cls.function`` becomes its public function."""
    op = cls()
    if op.name in operations:
        raise TypeError(
            f"{cls.__qualname__} ({cls.__module__}) is named {op.name!r}, like "
            f"{type(operations[op.name]).__qualname__}: operation names must be unique"
        )
    cls.function = staticmethod(_public_function(op))
    operations[op.name] = op


def _public_function(op: Primitive):
    """The function ``nnbook.autodiff.<name>``: builds ``op``'s node, documented by its class.

    It builds the node with `nnbook.autodiff.fastpath.call`, which does what
    `Primitive.__call__` does, faster.
    """
    cls = type(op)

    def function(*args, **params):
        return fastpath.call(op, args, params)

    function.__name__ = function.__qualname__ = op.name
    function.__module__ = _ENGINE
    function.__doc__ = cls.__doc__
    signature = inspect.signature(cls.prepare if cls._prepares else cls.forward)
    function.__signature__ = signature.replace(parameters=list(signature.parameters.values())[1:])
    function.primitive = op
    return function


def broadcast_error(op: str, a_shape: tuple, b_shape: tuple, names=()) -> ValueError:
    """The error for two shapes that do not broadcast, naming the operation and the arguments.

    Every operation that broadcasts raises this one (`Primitive` does it for
    subclasses that set ``broadcasts``), so the message is the same everywhere.

    Examples
    --------
    >>> print(broadcast_error("add (+)", (2, 3), (4,), ("a", "b")))  # doctest: +ELLIPSIS
    add (+): cannot broadcast shapes (2, 3) and (4,) together: the trailing axes of a and b ...
    """
    a, b = names if len(names) == 2 else ("the operands", "")
    which = f"{a} and {b}" if b else a
    return ValueError(
        f"{op}: cannot broadcast shapes {a_shape} and {b_shape} together: "
        f"the trailing axes of {which} must be equal or 1"
    )


def unbroadcast(g: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum ``g`` over the axes that broadcasting added or stretched, to get ``shape``.

    If ``x`` of shape ``(3,)`` was broadcast against ``(2, 3)``, each entry of ``x``
    was used twice, so its gradient is the sum of the two: the VJP of broadcasting
    is a sum.

    Examples
    --------
    >>> g = np.arange(6.0).reshape(2, 3)
    >>> print(unbroadcast(g, (3,)), unbroadcast(g, (2, 1)).ravel(), unbroadcast(g, ()))
    [3. 5. 7.] [ 3. 12.] 15.0
    """
    if g.shape == shape:
        return g
    extra = g.ndim - len(shape)
    if extra:
        g = g.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    if stretched:
        g = g.sum(axis=stretched, keepdims=True)
    return g
