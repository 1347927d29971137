r"""Check a differentiable function against central differences, in both modes.

For a random direction $v$ (one array per argument) and a random output weight
$u$, three numbers must agree:

* the central difference $\frac{f(x + \epsilon v) - f(x - \epsilon v)}{2\epsilon}$, which
  approximates $J v$ to order $\epsilon^2$ without any derivative rule;
* forward mode, $J v$ from `jvp`;
* reverse mode, through the identity $\langle u, J v\rangle = \langle J^\top u, v\rangle$,
  where $J^\top u$ is one ``backward(seed=u)``.

Random directions test every entry of the Jacobian at once (a wrong entry would
have to be cancelled by chance), at the cost of two evaluations per direction
instead of two per input entry.
"""

from __future__ import annotations

import numpy as np

from ..validation import as_float_array, check_int, check_real
from .functional import _returned_node, jvp
from .node import Constant, Variable, _describe

__all__ = [
    "BROADCAST_PAIRS",
    "SHAPES",
    "check_grads",
    "directional_errors",
    "error_table",
    "standard_cases",
]

#: The shapes every primitive is checked on: scalar, vector, matrix, row, column.
SHAPES = [(), (3,), (2, 3), (1, 3), (3, 1)]
#: Operand shapes for binary operations: equal shapes, then pairs that broadcast.
BROADCAST_PAIRS = [(s, s) for s in SHAPES] + [
    ((2, 3), (3,)),
    ((3,), (2, 3)),
    ((2, 3), (1, 3)),
    ((2, 3), (2, 1)),
    ((3, 1), (1, 3)),
    ((), (2, 3)),
    ((3,), ()),
]


def _relative(a, b, floor):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)), floor)
    return float(np.max(np.abs(a - b), initial=0.0)) / scale


def directional_errors(
    f, args, *, eps: float = 1e-6, directions: int = 3, seed: int = 0, floor: float = 1e-6
) -> dict:
    r"""Worst relative errors of forward and reverse mode against central differences.

    Parameters
    ----------
    f : callable
        Takes one node per argument and returns a node (any shape).
    args : tuple of array_like
        The point at which to check.
    eps : float
        Step of the central difference.
    directions : int
        Number of random directions $v$ (each with its own random $u$).
    seed : int
        Seed of the directions.
    floor : float
        Smallest scale of a relative error (so that two tiny numbers agree).

    Returns
    -------
    dict
        ``{"forward": e_fwd, "reverse": e_rev}``, the largest relative errors seen.

    Examples
    --------
    >>> from nnbook.autodiff import sin
    >>> errors = directional_errors(lambda x, y: sin(x * y), (np.ones(3), np.arange(3.0)))
    >>> errors["forward"] < 1e-8 and errors["reverse"] < 1e-8
    True
    """
    if not callable(f):
        raise TypeError(f"directional_errors: f must be a function, got {_describe(f)}")
    if not isinstance(args, tuple | list):
        raise TypeError(
            f"directional_errors: args must be a tuple (one array per argument of f), "
            f"got {_describe(args)}"
        )
    eps = check_real(eps, "directional_errors: eps", low=0.0, low_open=True)
    directions = check_int(directions, "directional_errors: directions")
    seed = check_int(seed, "directional_errors: seed", low=0)
    floor = check_real(floor, "directional_errors: floor", low=0.0, low_open=True)
    rng = np.random.default_rng(seed)
    args = [
        np.array(as_float_array(a, f"directional_errors: args[{k}]")) for k, a in enumerate(args)
    ]

    def value(xs):
        return _returned_node(f(*[Constant(x) for x in xs]), "directional_errors").value

    worst = {"forward": 0.0, "reverse": 0.0}
    for _ in range(directions):
        v = [rng.standard_normal(a.shape) for a in args]
        fd = (
            value([a + eps * d for a, d in zip(args, v, strict=True)])
            - value([a - eps * d for a, d in zip(args, v, strict=True)])
        ) / (2 * eps)
        _, tangent = jvp(f, tuple(args), tuple(v))
        worst["forward"] = max(worst["forward"], _relative(tangent, fd, floor))
        variables = [Variable(a) for a in args]
        out = _returned_node(f(*variables), "directional_errors")
        u = rng.standard_normal(np.shape(out.value))
        if out.needs_grad:
            out.backward(u)
        vjp_dot_v = sum(
            float(np.sum((x.grad if x.grad is not None else 0.0) * d))
            for x, d in zip(variables, v, strict=True)
        )
        worst["reverse"] = max(worst["reverse"], _relative(vjp_dot_v, np.sum(u * fd), floor))
    return worst


def check_grads(f, args, *, rtol: float = 1e-6, **kwargs) -> dict:
    """Raise ``AssertionError`` unless both modes match central differences within ``rtol``.

    Keyword arguments go to `directional_errors`; returns its errors.

    Examples
    --------
    >>> from nnbook.autodiff import Primitive, exp
    >>> _ = check_grads(lambda x: exp(x).sum(), (np.zeros(4),))
    >>> class BadCos(Primitive):  # the source's sign mistake
    ...     name = "badcos"
    ...     def forward(self, x): return np.cos(x)
    ...     def vjp(self, g, node, i): return g * np.sin(node.parents[0].value)
    ...     def jvp(self, ts, node): return np.sin(node.parents[0].value) * ts[0]
    >>> check_grads(BadCos(), (np.ones(3),))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: gradient check failed: ...
    """
    rtol = check_real(rtol, "check_grads: rtol", low=0.0, low_open=True)
    errors = directional_errors(f, args, **kwargs)
    if max(errors.values()) > rtol:
        raise AssertionError(
            f"gradient check failed: relative errors forward "
            f"{errors['forward']:.2e}, reverse {errors['reverse']:.2e} "
            f"(tolerance {rtol:.0e})"
        )
    return errors


def standard_cases(seed: int = 0):
    """``(operation, shapes, f, args)`` for every primitive, on the book's test shapes.

    Shapes ``()``, ``(3,)``, ``(2, 3)``, ``(1, 3)``, ``(3, 1)`` for one-argument
    operations; the same shapes and broadcasting pairs for arithmetic; matrix
    products, solves, reductions over each axis, softmax along each axis, the
    cross-entropy and the shape operations.

    Examples
    --------
    >>> cases = list(standard_cases())
    >>> len(cases) > 100, cases[0][:2]
    (True, ('exp', '()'))
    """
    return _standard_cases(check_int(seed, "standard_cases: seed", low=0))


def _standard_cases(seed):
    from . import (
        cos,
        cross_entropy,
        exp,
        log,
        log_softmax,
        matmul,
        mean,
        relu,
        reshape,
        sigmoid,
        sin,
        softmax,
        solve,
        stack,
        tanh,
        transpose,
    )
    from . import sum as ad_sum

    rng = np.random.default_rng(seed)
    shapes, pairs = SHAPES, BROADCAST_PAIRS

    def point(shape, positive=False):
        x = rng.standard_normal(shape)
        return np.abs(x) + 0.5 if positive else x

    unary = {
        "exp": exp,
        "log": log,
        "sin": sin,
        "cos": cos,
        "tanh": tanh,
        "sigmoid": sigmoid,
        "relu": relu,
        "neg": lambda x: -x,
        "sum": ad_sum,
        "mean": mean,
        "softmax": softmax,
        "log_softmax": log_softmax,
    }
    for name, f in unary.items():
        for s in shapes:
            if name.endswith("softmax") and s == ():
                continue
            yield name, str(s), f, (point(s, positive=name == "log"),)
    binary = {
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
        "*": lambda a, b: a * b,
        "/": lambda a, b: a / b,
        "**": lambda a, b: a**b,
    }
    for name, f in binary.items():
        for sa, sb in pairs:
            positive = name in ("/", "**")
            yield name, f"{sa} and {sb}", f, (point(sa, positive), point(sb, positive))
    for sa, sb in [
        ((2, 3), (3, 4)),
        ((3,), (3, 2)),
        ((2, 3), (3,)),
        ((3,), (3,)),
        ((4, 2, 3), (3, 2)),
    ]:
        yield "@", f"{sa} and {sb}", matmul, (point(sa), point(sb))
    for sb in [(4,), (4, 2)]:
        yield "solve", f"(4, 4) and {sb}", solve, (point((4, 4)) + 4 * np.eye(4), point(sb))
    for axis in (0, 1, (0, 1)):
        yield "sum", f"(2, 3) axis={axis}", (lambda x, a=axis: ad_sum(x, axis=a)), (point((2, 3)),)
        yield "mean", f"(2, 3) axis={axis}", (lambda x, a=axis: mean(x, axis=a)), (point((2, 3)),)
    for axis in (0, 1):
        yield (
            "softmax",
            f"(3, 4) axis={axis}",
            (lambda x, a=axis: softmax(x, axis=a)),
            (point((3, 4)),),
        )
    yield (
        "cross_entropy",
        "(5, 3), labels",
        (lambda z: cross_entropy(z, np.array([0, 2, 1, 1, 0]))),
        (point((5, 3)),),
    )
    yield (
        "cross_entropy",
        "(5, 3) and (5, 3)",
        cross_entropy,
        (point((5, 3)), rng.dirichlet(np.ones(3), size=5)),
    )
    yield "reshape", "(2, 3) to (3, 2)", (lambda x: reshape(x, (3, 2))), (point((2, 3)),)
    yield "transpose", "(2, 3, 4)", (lambda x: transpose(x, (2, 0, 1))), (point((2, 3, 4)),)
    yield "index", "(2, 3)[:, 1:]", (lambda x: x[:, 1:]), (point((2, 3)),)
    yield "index", "(3, 2)[[1, 1, 0]]", (lambda x: x[np.array([1, 1, 0])]), (point((3, 2)),)
    yield "stack", "3 x (2, 3)", (lambda x: stack([x, 2.0 * x, sin(x)])), (point((2, 3)),)


def error_table(seed: int = 0) -> list:
    """Run `directional_errors` on every case of `standard_cases`.

    Returns a list of ``(operation, shapes, forward error, reverse error)``.

    Examples
    --------
    >>> rows = error_table()
    >>> max(max(r[2], r[3]) for r in rows) < 1e-6
    True
    """
    seed = check_int(seed, "error_table: seed", low=0)
    return [
        (name, shapes, *directional_errors(f, args, seed=seed).values())
        for name, shapes, f, args in standard_cases(seed)
    ]
