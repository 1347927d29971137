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
from .primitive import BROADCAST_PAIRS, SHAPES, operations

__all__ = [
    "BROADCAST_PAIRS",
    "SHAPES",
    "check_grads",
    "directional_errors",
    "error_table",
    "standard_cases",
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
    >>> class BadCos(Primitive):  # the derivative of cos with the wrong sign
    ...     name = "badcos"
    ...     def forward(self, x): return np.cos(x)
    ...     def vjp(self, g, node): return (g * np.sin(node.parents[0].value),)
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
    """``(operation, shapes, f, args)`` for every operation of the engine, from its own class.

    Each operation of `nnbook.autodiff.primitive.operations` says where it is checked
    (`nnbook.autodiff.Primitive.cases`): by default every shape of `SHAPES` for one
    input, every pair of `BROADCAST_PAIRS` for two inputs that broadcast; matrix
    products, solves, reductions over each axis, softmax along each axis, the
    cross-entropy, the shape operations, convolutions and recurrent steps add their
    own.  Inputs are drawn from one generator seeded with ``seed``, positive where
    the operation's ``domain`` says so.

    Examples
    --------
    >>> cases = list(standard_cases())
    >>> len(cases) > 100, cases[0][:2]
    (True, ('add', '() and ()'))
    >>> {name for name, *_ in cases} == set(operations)
    True
    """
    return _standard_cases(check_int(seed, "standard_cases: seed", low=0))


def _standard_cases(seed):
    rng = np.random.default_rng(seed)
    for op in operations.values():

        def point(shape, positive=op.domain == "positive", scale=1.0):
            x = scale * rng.standard_normal(shape)
            return np.abs(x) + 0.5 if positive else x

        for shapes, f, args in op.cases(point):
            yield op.name, shapes, f, args


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
