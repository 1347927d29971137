# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Differentiating through a linear solve, in nnbook and in TensorFlow
#
# **In this lesson we will** differentiate a function that contains a matrix inverse, with nnbook and with
# TensorFlow 2, and check both against a derivative worked out by hand. We will
#
# - derive the forward and reverse rules of $u = A^{-1} b$ without ever forming $A^{-1}$,
# - compute $y(x) = \lVert (AA^\top + xI)^{-1} b - c \rVert^2$ and $y'(x)$ with `nnbook.autodiff`,
# - do the same with TensorFlow 2's `tf.GradientTape`, side by side,
# - compare both with the closed form.
#
# **Prerequisites.** [Reverse mode](../03-reverse-mode/); solving linear systems with `np.linalg.solve`.

# %%
import numpy as np

from nnbook.autodiff.linalg import Solve
from nnbook.display import show_source
from nnbook.lessons.autodiff.examples import (
    solve_example_exact,
    solve_example_nnbook,
    solve_example_tensorflow,
)
from nnbook.plotting import use_book_style
from nnbook.tensors import import_tensorflow_quietly

use_book_style()
tf = (
    import_tensorflow_quietly()
)  # TensorFlow is used below; this keeps its C++ start-up log off the page

# %% [markdown]
# ## The rules of a linear solve
#
# Let $u = A^{-1} b$, computed by solving $A u = b$ (an LU factorisation, never an explicit inverse).
# Differentiate the equation $A u = b$ along a direction: $\dot A u + A \dot u = \dot b$, so
#
# $$
# \dot u = A^{-1}\big(\dot b - \dot A\, u\big) \qquad\text{(forward mode: one more solve)}.
# $$
#
# For reverse mode, we need $\bar b$ and $\bar A$ such that
# $\langle \bar u, \dot u\rangle = \langle \bar b, \dot b\rangle + \langle \bar A, \dot A\rangle$ for every direction. Writing $\bar b = A^{-\top} \bar u$,
#
# $$
# \langle \bar u, A^{-1}(\dot b - \dot A u)\rangle = \langle \bar b, \dot b\rangle - \langle \bar b, \dot A u\rangle
# = \langle \bar b, \dot b\rangle + \langle -\bar b\, u^\top, \dot A\rangle,
# $$
#
# hence $\bar b = A^{-\top}\bar u$ (a solve with the transpose) and $\bar A = -\bar b\, u^\top$. The engine's
# primitive has exactly these three lines:

# %%
show_source(Solve)

# %% [markdown]
# ## The example
#
# With $A \in \mathbb R^{10 \times 10}$ and $b, c \in \mathbb R^{10}$ drawn at random (seeded), and a scalar $x$:
#
# $$
# B(x) = AA^\top + xI, \qquad u = B^{-1} b, \qquad y(x) = \lVert u - c\rVert^2, \qquad z = y'(x).
# $$
#
# By hand: $B' = I$, so differentiating $B u = b$ gives $u' = -B^{-1} u$ and $y'(x) = 2 (u - c)^\top u'
# = -2\,(u - c)^\top B^{-1} u$. That is `solve_example_exact`, our third, independent answer.

# %%
rng = np.random.default_rng(2024)
A, b, c = rng.random((10, 10)), rng.random(10), rng.random(10)
x = 1.0

# %% [markdown]
# The two implementations, as they are in the package (TensorFlow is imported inside its function):

# %%
show_source(solve_example_nnbook)

# %%
show_source(solve_example_tensorflow)

# %% [markdown]
# The draft version of this example used TensorFlow 1 (`tf.Session`, `tf.matrix_solve`, `tf.gradients`), which
# TensorFlow 2 does not run; in TensorFlow 2 operations run eagerly and `tf.GradientTape` records them for
# reverse mode, and the solve is `tf.linalg.solve(matrix, rhs)` with `rhs` a matrix (hence the reshape to a
# column) [@abadi2016].

# %%
y_nn, z_nn = solve_example_nnbook(A, b, c, x)
y_tf, z_tf = solve_example_tensorflow(A, b, c, x)
y_ex, z_ex = solve_example_exact(A, b, c, x)
print(f"{'':12} {'y(1)':>22} {'y_prime(1)':>22}")
for name, yv, zv in (
    ("nnbook", y_nn, z_nn),
    ("TensorFlow", y_tf, z_tf),
    ("closed form", y_ex, z_ex),
):
    print(f"{name:12} {yv:22.15g} {zv:22.15g}")
print(f"nnbook vs TensorFlow, relative difference of y': {abs(z_nn - z_tf) / abs(z_tf):.1e}")
print(f"nnbook vs closed form, relative difference of y': {abs(z_nn - z_ex) / abs(z_ex):.1e}")

# %% [markdown]
# The three agree to about the precision of float64 (the printed relative differences).
#
# Let us also look at $y$ and $y'$ over a range of $x$, where a finite difference of $y$ from nnbook's values
# must match nnbook's derivative:

# %%
xs = np.linspace(0.2, 3.0, 8)
values = np.array([solve_example_nnbook(A, b, c, v) for v in xs])
h = 1e-6
fd = np.array(
    [
        (solve_example_exact(A, b, c, v + h)[0] - solve_example_exact(A, b, c, v - h)[0]) / (2 * h)
        for v in xs
    ]
)
for v, (yv, zv), f in zip(xs, values, fd, strict=True):
    print(f"x = {v:4.2f}: y = {yv:9.5f}  y' = {zv:10.6f}  central difference {f:10.6f}")

# %% [markdown]
# ## Summary
#
# - A linear solve is one primitive with simple rules: $\dot u = A^{-1}(\dot b - \dot A u)$,
#   $\bar b = A^{-\top}\bar u$, $\bar A = -\bar b\, u^\top$, each costing one solve or one outer product.
# - nnbook and TensorFlow 2's `GradientTape` give the same $y'(x)$ as the closed form, to rounding.
# - TensorFlow 1 code (`Session`, `tf.gradients`) must be rewritten for TensorFlow 2: eager operations recorded
#   by a `GradientTape`.
#
# ## Exercises
#
# 1. Differentiate $y$ with respect to $b$ instead of $x$ with `nnbook.autodiff.grad`, and check one entry with
#    a central difference.
# 2. Replace `solve` by an explicit inverse, `np.linalg.inv(B) @ b`. Why is that worse numerically and in cost?
# 3. Use `tf.autodiff.ForwardAccumulator` to get $y'(x)$ in forward mode in TensorFlow.
#
# <details class="tip"><summary>Hint for 1</summary>
#
# `grad(lambda bb: ad.sum((ad.solve(A @ A.T + x * np.eye(10), bb) - c) ** 2))(b)` returns a vector of 10
# entries; compare entry 0 with $(y(b + h e_0) - y(b - h e_0)) / 2h$.
#
# </details>
#
# <details class="tip"><summary>Hint for 3</summary>
#
# Create `x` with `tf.constant`, open `with tf.autodiff.ForwardAccumulator(x, tf.constant(1.0, tf.float64)) as acc:`,
# compute `y` inside, then `acc.jvp(y)`.
#
# </details>
#
# ## References
#
# Derivatives of matrix operations, the solve among them, are tabulated in @griewank2008; TensorFlow's design is
# described by @abadi2016. The example function is the draft's; its derivation here is ours.
