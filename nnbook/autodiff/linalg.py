r"""Linear algebra: the matrix product ``@`` and the linear solve.

For $Y = AB$ the Jacobian with respect to $A$ has $(nm) \times (nk)$ entries, yet
its products are two more matrix products:

$$\bar A = \bar Y B^\top, \qquad \bar B = A^\top \bar Y, \qquad \dot Y = \dot A B + A \dot B.$$

For $x = A^{-1} b$ (computed by `numpy.linalg.solve`, never by an inverse),
differentiating $A x = b$ gives $A \dot x = \dot b - \dot A x$, hence

$$\dot x = A^{-1}(\dot b - \dot A x), \qquad \bar b = A^{-\top} \bar x,
\qquad \bar A = -\bar b\, x^\top .$$
"""

from __future__ import annotations

import numpy as np

from .primitive import Primitive, unbroadcast

__all__ = ["MatMul", "Solve"]


class MatMul(Primitive):
    r"""The matrix product ``a @ b`` (NumPy's rules for 1-D and stacked operands).

    $Y = AB$;  VJP $\bar A = \bar Y B^\top$, $\bar B = A^\top \bar Y$;
    JVP $\dot Y = \dot A B + A \dot B$ (see the module docstring).

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> A = Variable([[1.0, 2.0], [3.0, 4.0]])
    >>> x = Variable([1.0, 1.0])
    >>> y = (A @ x).sum()
    >>> y.backward()
    >>> print(y.value, A.grad.tolist(), x.grad)
    10.0 [[1.0, 1.0], [1.0, 1.0]] [4. 6.]
    >>> A @ Variable([1.0, 2.0, 3.0])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: matmul (@): shapes (2, 2) and (3,) are not aligned: 2 (last axis ...
    """

    name = "matmul"
    inputs = ("a", "b")

    def forward(self, a, b):
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError(
                f"matmul (@): operands must have at least one dimension, got "
                f"shapes {a.shape} and {b.shape}; use * for scalars"
            )
        try:
            return a @ b
        except ValueError:
            raise _matmul_error(a.shape, b.shape) from None

    def vjp(self, g, node):
        (pa, pb), ga, gb = node.parents, None, None
        a, b = pa.value, pb.value
        if a.ndim == 2 and b.ndim == 2:  # the common case, as in the formulas
            return (g @ b.T if pa.needs_grad else None, a.T @ g if pb.needs_grad else None)
        if a.ndim == 1 and b.ndim == 1:  # inner product: y = <a, b>
            return g * b, g * a
        # General case: make 1-D operands 2-D, as matmul does, then undo.
        a2 = a[None, :] if a.ndim == 1 else a
        b2 = b[:, None] if b.ndim == 1 else b
        g2 = g
        if a.ndim == 1:
            g2 = np.expand_dims(g2, -2)
        if b.ndim == 1:
            g2 = np.expand_dims(g2, -1)
        if pa.needs_grad:
            ga = unbroadcast(g2 @ np.swapaxes(b2, -1, -2), a2.shape).reshape(a.shape)
        if pb.needs_grad:
            gb = unbroadcast(np.swapaxes(a2, -1, -2) @ g2, b2.shape).reshape(b.shape)
        return ga, gb

    def jvp(self, tangents, node):
        a, b = node.parents
        ta, tb = tangents
        return ta @ b.value + a.value @ tb

    def cases(self, point):
        for sa, sb in [
            ((2, 3), (3, 4)),
            ((3,), (3, 2)),
            ((2, 3), (3,)),
            ((3,), (3,)),
            ((4, 2, 3), (3, 2)),
            ((2, 3), (5, 3, 2)),
        ]:
            yield f"{sa} and {sb}", self.function, (point(sa), point(sb))


def _matmul_error(a_shape, b_shape) -> ValueError:
    """Why ``a @ b`` is impossible: the summed axes differ, or the stacks do not broadcast."""
    ka = a_shape[-1]
    kb = b_shape[-2] if len(b_shape) > 1 else b_shape[0]
    b_axis = "second-to-last" if len(b_shape) > 1 else "only"
    if ka != kb:
        return ValueError(
            f"matmul (@): shapes {a_shape} and {b_shape} are not aligned: "
            f"{ka} (last axis of a) != {kb} ({b_axis} axis of b)"
        )
    stack_a, stack_b = a_shape[:-2], b_shape[:-2]
    return ValueError(
        f"matmul (@): shapes {a_shape} and {b_shape} are not aligned: the summed axes agree "
        f"(last axis of a and {b_axis} axis of b, both {ka}), but the stacks of matrices "
        f"{stack_a} of a and {stack_b} of b do not broadcast (trailing lengths must be equal or 1)"
    )


class Solve(Primitive):
    r"""The solution $x$ of $A x = b$, differentiable in both $A$ and $b$.

    $x = A^{-1} b$ for a square $A$ and $b$ of shape ``(n,)`` or ``(n, k)``;
    VJP $\bar b = A^{-\top} \bar x$, $\bar A = -\bar b\, x^\top$;
    JVP $\dot x = A^{-1}(\dot b - \dot A x)$ (see the module docstring).

    Examples
    --------
    >>> from nnbook.autodiff import Variable, solve
    >>> A = Variable([[2.0, 0.0], [0.0, 4.0]])
    >>> b = Variable([2.0, 2.0])
    >>> x = solve(A, b)
    >>> x.sum().backward()
    >>> print(x.value, b.grad, A.grad.tolist())
    [1.  0.5] [0.5  0.25] [[-0.5, -0.25], [-0.25, -0.125]]
    """

    name = "solve"
    inputs = ("a", "b")

    def forward(self, a, b):
        if a.ndim != 2 or a.shape[0] != a.shape[1]:
            raise ValueError(f"solve: A must be a square matrix, got shape {a.shape}")
        if b.ndim not in (1, 2) or b.shape[0] != a.shape[0]:
            raise ValueError(
                f"solve: b must have shape ({a.shape[0]},) or ({a.shape[0]}, k) "
                f"to match A of shape {a.shape}, got {b.shape}"
            )
        try:
            return np.linalg.solve(a, b)
        except np.linalg.LinAlgError as exc:
            raise ValueError(f"solve: A of shape {a.shape} is singular ({exc})") from None

    def vjp(self, g, node):
        a, x = node.parents[0], node.value
        gb = np.linalg.solve(a.value.T, g)  # A^{-T} x_bar
        ga = None
        if a.needs_grad:
            ga = -np.outer(gb, x) if x.ndim == 1 else -gb @ x.T
        return ga, gb

    def jvp(self, tangents, node):
        ta, tb = tangents
        a, x = node.parents[0].value, node.value
        return np.linalg.solve(a, tb - ta @ x)

    def cases(self, point):
        for sb in [(4,), (4, 2)]:  # A well conditioned
            yield f"(4, 4) and {sb}", self.function, (point((4, 4)) + 4 * np.eye(4), point(sb))
