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

from ..validation import as_float_array, check_int
from .node import Node, _describe, _variable, topological_order

__all__ = ["grad", "jvp"]


def _returned_node(out, who: str) -> Node:
    """Return ``out`` if ``f`` returned a node, else raise a ``TypeError`` that says so.

    A function that returns a NumPy array or a number computed its result outside
    the graph (``np.sin(x.value)``, a forgotten ``return``), so its derivative
    cannot be followed back to the inputs: refusing it is better than answering 0.
    """
    if not isinstance(out, Node):
        raise TypeError(
            f"{who}: f must return a value computed from its inputs with nnbook.autodiff "
            f"operations (a Node), but it returned {_describe(out)}"
        )
    return out


def _argnums(argnums) -> tuple:
    """``argnums`` as a non-empty tuple of ints (range and repeats are checked per call)."""
    if isinstance(argnums, tuple | list):
        nums = tuple(check_int(k, "grad: argnums entry", low=None) for k in argnums)
        if not nums:
            raise ValueError("grad: argnums must name at least one argument, got ()")
        return nums
    if not isinstance(argnums, int | np.integer) or isinstance(argnums, bool):
        raise TypeError(
            f"grad: argnums must be an integer or a tuple of integers, got {_describe(argnums)}"
        )
    return (int(argnums),)


def grad(f, argnums=0):
    r"""The function that returns the gradient of the scalar function ``f``.

    Parameters
    ----------
    f : callable
        Takes arrays (the ones in ``argnums`` arrive as `Variable` nodes) and
        returns a node with a single entry, built with `nnbook.autodiff`
        operations.
    argnums : int or tuple of int
        Which positional arguments to differentiate with respect to (negative
        numbers count from the end); each argument at most once.

    Returns
    -------
    callable
        ``g(*args)`` returns the gradient (an array shaped like the argument), or a
        tuple of gradients when ``argnums`` is a tuple.

    Raises
    ------
    TypeError
        If ``argnums`` is not integers, or (when ``g`` is called) ``f`` returns
        something other than a node, such as a NumPy array or a number.
    ValueError
        If ``argnums`` names an argument twice or one that ``g`` was not given, or
        ``f`` returns a node with several entries.

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
    >>> grad(lambda x: x * x, argnums=(0, 0))
    Traceback (most recent call last):
    ...
    ValueError: grad: argnums (0, 0) names argument 0 twice
    >>> grad(lambda x: np.sin(x.value))(1.0)  # NumPy's sin: outside the graph  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: grad: f must return a value computed from its inputs with ... returned float64 ...
    """
    if not callable(f):
        raise TypeError(f"grad: f must be a function, got {_describe(f)}")
    several = isinstance(argnums, tuple | list)
    nums = _argnums(argnums)
    if len(set(nums)) != len(nums):
        twice = next(k for k in nums if nums.count(k) > 1)
        raise ValueError(f"grad: argnums {argnums!r} names argument {twice} twice")

    def gradient(*args):
        args = list(args)
        for k in nums:
            if not -len(args) <= k < len(args):
                raise ValueError(
                    f"grad: argnums {argnums!r} asks for argument {k}, but the "
                    f"function was called with {len(args)} argument(s)"
                )
        positions = [k % len(args) for k in nums]
        if len(set(positions)) != len(positions):
            raise ValueError(
                f"grad: argnums {argnums!r} names one argument twice (counting negative "
                f"numbers from the end of the {len(args)} argument(s))"
            )
        variables = [_variable(args[k], f"grad: argument {k}") for k in positions]
        for k, v in zip(positions, variables, strict=True):
            args[k] = v
        out = _returned_node(f(*args), "grad")
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

    Raises
    ------
    TypeError
        If ``primals`` or ``tangents`` is not a tuple of arrays of real numbers, or
        ``f`` returns something other than a node (a NumPy array, a number).
    ValueError
        If they differ in length, a tangent's shape is not its primal's, or an
        entry is NaN or infinite.

    Examples
    --------
    The forward-mode lesson's example $f(x) = (x^4,\ x^2 + \sin x,\ -\sin x)$ at $x = 1$:

    >>> from nnbook.autodiff import sin, stack
    >>> f = lambda x: stack([x ** 4, x ** 2 + sin(x), -sin(x)])
    >>> value, tangent = jvp(f, (1.0,), (1.0,))
    >>> print(value.round(4), tangent.round(4))
    [ 1.      1.8415 -0.8415] [ 4.      2.5403 -0.5403]
    """
    if not callable(f):
        raise TypeError(f"jvp: f must be a function, got {_describe(f)}")
    for what, seq in (("primals", primals), ("tangents", tangents)):
        if not isinstance(seq, tuple | list):
            raise TypeError(
                f"jvp: {what} must be a tuple (one entry per argument of f), got {_describe(seq)}"
            )
    if len(primals) != len(tangents):
        raise ValueError(f"jvp: got {len(primals)} primal(s) but {len(tangents)} tangent(s)")
    variables = [_variable(p, f"jvp: primals[{k}]") for k, p in enumerate(primals)]
    tangent_of = {}
    for k, (v, t) in enumerate(zip(variables, tangents, strict=True)):
        t = as_float_array(t, f"jvp: tangents[{k}]")
        if t.shape != v.value.shape:
            raise ValueError(
                f"jvp: tangent {k} must have the primal's shape {v.value.shape}, got {t.shape}"
            )
        tangent_of[v] = t
    out = _returned_node(f(*variables), "jvp")
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
