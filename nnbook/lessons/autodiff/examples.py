r"""The worked examples of the autodiff chapter, as functions the pages and tests share.

* `forward_example` -- $f(x) = (x^4,\ x^2 + \sin x,\ -\sin x)$, one input and three
  outputs: one forward-mode sweep gives the whole derivative.
* `reverse_example` -- $z = \sin(x_1 + x_2) + x_2^2 x_3$, three inputs and one
  output: one reverse-mode sweep gives the whole gradient.
* `solve_example_nnbook` and `solve_example_tensorflow` --
  $y(x) = \lVert (AA^\top + xI)^{-1} b - c \rVert^2$ and $y'(x)$, by nnbook and by
  TensorFlow 2's ``GradientTape``; `solve_example_exact` gives the closed form
  $y'(x) = -2\, r^\top B^{-1} u$ with $B = AA^\top + xI$, $u = B^{-1} b$, $r = u - c$.
"""

from __future__ import annotations

import numpy as np

from ...autodiff import Variable, jvp, sin, solve, stack, topological_order
from ...autodiff import sum as ad_sum
from ...autodiff.node import reverse_sweep
from ...validation import as_float_array, check_real

__all__ = [
    "forward_example",
    "forward_trace",
    "reverse_example",
    "reverse_trace",
    "solve_example_exact",
    "solve_example_nnbook",
    "solve_example_tensorflow",
]


def forward_example(x):
    r"""$f(x) = (x^4,\ x^2 + \sin x,\ -\sin x)$ as a graph (``x`` a node or number).

    Examples
    --------
        >>> value, derivative = jvp(forward_example, (2.0,), (1.0,))
    >>> print(derivative.round(4))   # (4 x^3, 2x + cos x, -cos x) at x = 2
    [32.      3.5839  0.4161]
    """
    s = sin(x)
    return stack([x**4, x**2 + s, -s])


def reverse_example(x1, x2, x3):
    r"""$z = \sin(x_1 + x_2) + x_2^2 x_3$ as a graph, with named intermediate nodes.

    Examples
    --------
    >>> x = [Variable(v, name=f"x{i + 1}") for i, v in enumerate((1.0, 2.0, 3.0))]
    >>> z = reverse_example(*x)
    >>> z.backward()
    >>> print([round(float(v.grad), 4) for v in x])  # cos(3), cos(3) + 2*2*3, 2^2
    [-0.99, 11.01, 4.0]
    """
    x4 = x1 + x2
    x4.name = "x4 = x1 + x2"
    x5 = sin(x4)
    x5.name = "x5 = sin x4"
    x6 = x2**2
    x6.name = "x6 = x2²"
    x7 = x6 * x3
    x7.name = "x7 = x6 x3"
    z = x5 + x7
    z.name = "z = x5 + x7"
    return z


def solve_example_nnbook(A, b, c, x: float):
    r"""$y(x) = \lVert (AA^\top + xI)^{-1} b - c\rVert^2$ and $y'(x)$ by nnbook's reverse mode.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> A, b, c = rng.random((4, 4)), rng.random(4), rng.random(4)
    >>> y, dy = solve_example_nnbook(A, b, c, 1.0)
    >>> bool(np.allclose([y, dy], solve_example_exact(A, b, c, 1.0)))
    True
    """
    A, b, c, x = _solve_inputs(A, b, c, x, "solve_example_nnbook")
    xv = Variable(x, name="x")
    B = A @ A.T + xv * np.eye(A.shape[0])
    y = ad_sum((solve(B, b) - c) ** 2)
    y.backward()
    return float(y.value), float(xv.grad)


def solve_example_tensorflow(A, b, c, x: float):
    """The same function and derivative with TensorFlow 2 (``GradientTape``, ``linalg.solve``)."""
    import tensorflow as tf

    A, b, c, x = _solve_inputs(A, b, c, x, "solve_example_tensorflow")
    A = tf.constant(A, dtype=tf.float64)
    b = tf.constant(b, dtype=tf.float64)
    c = tf.constant(c, dtype=tf.float64)
    xv = tf.Variable(x, dtype=tf.float64)
    with tf.GradientTape() as tape:
        B = tf.matmul(A, tf.transpose(A)) + xv * tf.eye(A.shape[0], dtype=tf.float64)
        u = tf.linalg.solve(B, tf.reshape(b, (-1, 1)))  # a column: solve wants a matrix
        y = tf.reduce_sum((tf.squeeze(u, axis=1) - c) ** 2)
    dy = tape.gradient(y, xv)
    return float(y.numpy()), float(dy.numpy())


def solve_example_exact(A, b, c, x: float):
    r"""The closed form: $y = \lVert r\rVert^2$, $y'(x) = -2\, r^\top B^{-1} u$.

    From $B u = b$: $B\, u' = -u$ (as $B' = I$), so $u' = -B^{-1} u$ and
    $y' = 2 r^\top u'$.
    """
    A, b, c, x = _solve_inputs(A, b, c, x, "solve_example_exact")
    B = A @ A.T + x * np.eye(A.shape[0])
    try:
        u = np.linalg.solve(B, b)
    except np.linalg.LinAlgError:
        raise ValueError(f"solve_example_exact: A A^T + x I is singular at x = {x:g}") from None
    r = u - c
    return float(r @ r), float(-2.0 * r @ np.linalg.solve(B, u))


def _solve_inputs(A, b, c, x, op):
    """``A`` (n, n), ``b`` and ``c`` (n,) as arrays and ``x`` as a float, or a named error."""
    A = as_float_array(A, f"{op}: A", ndim=2, nonempty=True)
    n = A.shape[0]
    if A.shape != (n, n):
        raise ValueError(f"{op}: A must be a square matrix, got shape {A.shape}")
    b = as_float_array(b, f"{op}: b")
    c = as_float_array(c, f"{op}: c")
    for name, v in (("b", b), ("c", c)):
        if v.shape != (n,):
            raise ValueError(f"{op}: {name} must have shape ({n},) to match A, got {v.shape}")
    return A, b, c, check_real(x, f"{op}: x")


def _label(node):
    if node.name:
        return node.name
    return node.op.label(node) if node.op is not None else "constant"


def forward_trace(f, primals, tangents) -> list:
    r"""The forward-mode sweep of ``f`` as a table: ``(node, value, tangent)`` in order.

    Each row is one node of the graph in topological order with its value $x_j$
    and its tangent $\dot x_j$, the numbers a reader would write down by hand.

    Examples
    --------
    >>> rows = forward_trace(lambda x: x * x + 1.0, (3.0,), (1.0,))
    >>> [(name, float(v), float(t)) for name, v, t in rows]
    [('x1', 3.0, 1.0), ('multiply', 9.0, 6.0), ('add', 10.0, 6.0)]
    """
    recorded = {}

    def g(*nodes):
        for k, n in enumerate(nodes):
            n.name = n.name or f"x{k + 1}"
        out = f(*nodes)
        recorded["out"] = out
        return out

    jvp(g, primals, tangents)  # checks the arguments
    out = recorded["out"]
    order = topological_order(out)
    tangent_of = {}
    for k, v in enumerate(n for n in order if not n.parents):
        tangent_of[v] = np.asarray(tangents[k], dtype=np.float64)
    rows = []
    for node in order:
        if node.parents:
            ts = tuple(
                tangent_of[p] if p.needs_grad else np.zeros_like(p.value) for p in node.parents
            )
            tangent_of[node] = np.broadcast_to(node.op.jvp(ts, node), node.value.shape)
        rows.append((_label(node), node.value, tangent_of[node]))
    return rows


def reverse_trace(output) -> list:
    r"""The reverse-mode sweep from ``output`` as a table: ``(node, value, adjoint)`` in order.

    Each row is one node, visited children first, with its value and its adjoint
    $\bar x_j = \partial\,\text{output} / \partial x_j$ (complete when visited).

    Examples
    --------
    >>> x = Variable(3.0, name="x")
    >>> [(name, float(v), float(a)) for name, v, a in reverse_trace(x * x + 1.0)]
    [('add', 10.0, 1.0), ('multiply', 9.0, 1.0), ('x', 3.0, 6.0)]
    """
    rows = []
    for node in reverse_sweep(output, retain_grads=True):
        rows.append((_label(node), node.value, node.grad))
    return rows
