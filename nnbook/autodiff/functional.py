r"""Differentiate functions of arrays: ``grad`` (reverse mode) and ``jvp`` (forward mode).

Both build the graph by calling the function on nodes, then sweep it:

* `grad` sweeps backwards from the scalar output, one VJP per node: one
  sweep gives the derivative with respect to *every* input;
* `jvp` sweeps forwards from the inputs, one JVP per node, carrying a
  tangent $\dot x_j$ beside each value: one sweep gives the derivative of *every*
  output along *one* input direction.

Neither ever forms a Jacobian matrix, and neither uses finite differences.
"""

from __future__ import annotations

import numpy as np

from .node import Node, Variable, topological_order

__all__ = ["grad", "jvp"]


def grad(f, argnums=0):
    r"""The function that returns the gradient of the scalar function ``f``.

    Parameters
    ----------
    f : callable
        Takes arrays (the ones in ``argnums`` arrive as `Variable` nodes) and
        returns a node with a single entry, built with `nnbook.autodiff`
        operations.
    argnums : int or tuple of int
        Which positional arguments to differentiate with respect to.

    Returns
    -------
    callable
        ``g(*args)`` returns the gradient (an array shaped like the argument), or a
        tuple of gradients when ``argnums`` is a tuple.

    Examples
    --------
    >>> from nnbook.autodiff import sin
    >>> df = grad(lambda x: sin(x) * x)
    >>> print(round(float(df(0.5)), 6), round(np.sin(0.5) + 0.5 * np.cos(0.5), 6))
    0.918217 0.918217
    >>> dw, db = grad(lambda w, b, x: ((x @ w + b) ** 2).sum(), argnums=(0, 1))(
    ...     np.ones(2), 0.0, np.eye(2))
    >>> print(dw, db)
    [2. 2.] 4.0
    """
    several = isinstance(argnums, tuple | list)
    nums = tuple(argnums) if several else (argnums,)

    def gradient(*args):
        args = list(args)
        for k in nums:
            if not -len(args) <= k < len(args):
                raise ValueError(
                    f"grad: argnums {argnums} asks for argument {k}, but the "
                    f"function was called with {len(args)} argument(s)"
                )
        variables = [Variable(args[k]) for k in nums]
        for k, v in zip(nums, variables, strict=True):
            args[k] = v
        out = f(*args)
        if isinstance(out, Node):
            if out.value.size != 1:
                raise ValueError(
                    f"grad: f must return a single number (a loss), got a node "
                    f"of shape {out.value.shape}; use jvp, or backward(seed)"
                )
            out.backward()
        grads = tuple(np.zeros_like(v.value) if v.grad is None else v.grad for v in variables)
        return grads if several else grads[0]

    gradient.__name__ = f"grad_{getattr(f, '__name__', 'f')}"
    return gradient


def jvp(f, primals, tangents):
    r"""Forward mode: the value of ``f`` at ``primals`` and its derivative along ``tangents``.

    Computes $f(x)$ and $J_f(x)\, v$ together by carrying, through every node in
    topological order, the tangent
    $\dot x_j = \sum_{i \in \pi(j)} \frac{\partial x_j}{\partial x_i} \dot x_i$
    with each operation's JVP rule.

    Parameters
    ----------
    f : callable
        Takes one node per primal and returns a node (any shape).
    primals : tuple of array_like
        The point $x$.
    tangents : tuple of array_like
        The direction $v$, one array shaped like each primal.

    Returns
    -------
    value, tangent : numpy.ndarray
        $f(x)$ and $J_f(x)\, v$, both shaped like the output.

    Examples
    --------
    The source's example $f(x) = (x^4,\ x^2 + \sin x,\ -\sin x)$ at $x = 1$:

    >>> from nnbook.autodiff import sin, stack
    >>> f = lambda x: stack([x ** 4, x ** 2 + sin(x), -sin(x)])
    >>> value, tangent = jvp(f, (1.0,), (1.0,))
    >>> print(value.round(4), tangent.round(4))
    [ 1.      1.8415 -0.8415] [ 4.      2.5403 -0.5403]
    """
    if not isinstance(primals, tuple | list) or not isinstance(tangents, tuple | list):
        raise TypeError("jvp: primals and tangents must be tuples (one entry per argument of f)")
    if len(primals) != len(tangents):
        raise ValueError(f"jvp: got {len(primals)} primal(s) but {len(tangents)} tangent(s)")
    variables = [Variable(p) for p in primals]
    tangent_of = {}
    for k, (v, t) in enumerate(zip(variables, tangents, strict=True)):
        t = np.asarray(t, dtype=np.float64)
        if t.shape != v.value.shape:
            raise ValueError(
                f"jvp: tangent {k} must have the primal's shape {v.value.shape}, got {t.shape}"
            )
        tangent_of[v] = t
    out = f(*variables)
    if not isinstance(out, Node):
        out = np.asarray(out, dtype=np.float64)
        return out, np.zeros_like(out)
    for node in topological_order(out):
        if node.parents:
            ts = tuple(
                tangent_of[p] if p.needs_grad else np.zeros_like(p.value) for p in node.parents
            )
            t = node.op.jvp(ts, node)
            tangent_of[node] = np.broadcast_to(t, node.value.shape)
    if not out.needs_grad:
        return out.value, np.zeros_like(out.value)
    return out.value, np.array(tangent_of[out])
