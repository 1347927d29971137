r"""Check a differentiable function against central differences, in both modes.

For a random direction $v$ (one array per argument) and a random output weight
$u$, three numbers must agree:

* the central difference $\frac{f(x + \epsilon v) - f(x - \epsilon v)}{2\epsilon}$, which
  approximates $J v$ to order $\epsilon^2$ without any derivative rule;
* forward mode, $J v$ from :func:`~nnbook.autodiff.jvp`;
* reverse mode, through the identity $\langle u, J v\rangle = \langle J^\top u, v\rangle$,
  where $J^\top u$ is one ``backward(seed=u)``.

Random directions test every entry of the Jacobian at once (a wrong entry would
have to be cancelled by chance), at the cost of two evaluations per direction
instead of two per input entry.
"""

from __future__ import annotations

import numpy as np

from .functional import jvp
from .node import Constant, Node, Variable

__all__ = ["check_grads", "directional_errors"]


def _relative(a, b, floor):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)),
                floor)
    return float(np.max(np.abs(a - b), initial=0.0)) / scale


def directional_errors(f, args, *, eps: float = 1e-6, directions: int = 3, seed: int = 0,
                       floor: float = 1e-6) -> dict:
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
    rng = np.random.default_rng(seed)
    args = [np.array(a, dtype=np.float64) for a in args]

    def value(xs):
        out = f(*[Constant(x) for x in xs])
        return out.value if isinstance(out, Node) else np.asarray(out, dtype=np.float64)

    worst = {"forward": 0.0, "reverse": 0.0}
    for _ in range(directions):
        v = [rng.standard_normal(a.shape) for a in args]
        fd = (value([a + eps * d for a, d in zip(args, v, strict=True)])
              - value([a - eps * d for a, d in zip(args, v, strict=True)])) / (2 * eps)
        _, tangent = jvp(f, tuple(args), tuple(v))
        worst["forward"] = max(worst["forward"], _relative(tangent, fd, floor))
        variables = [Variable(a) for a in args]
        out = f(*variables)
        u = rng.standard_normal(np.shape(out.value))
        if out.needs_grad:
            out.backward(u)
        vjp_dot_v = sum(float(np.sum((x.grad if x.grad is not None else 0.0) * d))
                        for x, d in zip(variables, v, strict=True))
        worst["reverse"] = max(worst["reverse"], _relative(vjp_dot_v, np.sum(u * fd), floor))
    return worst


def check_grads(f, args, *, rtol: float = 1e-6, **kwargs) -> dict:
    """Raise ``AssertionError`` unless both modes match central differences within ``rtol``.

    Keyword arguments go to :func:`directional_errors`; returns its errors.

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
    errors = directional_errors(f, args, **kwargs)
    if max(errors.values()) > rtol:
        raise AssertionError(f"gradient check failed: relative errors forward "
                             f"{errors['forward']:.2e}, reverse {errors['reverse']:.2e} "
                             f"(tolerance {rtol:.0e})")
    return errors
