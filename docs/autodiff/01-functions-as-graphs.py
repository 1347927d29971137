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
# # Functions as graphs, and the chain rule
#
# **In this lesson we will** take a formula apart into the small operations a computer actually performs,
# draw those operations as a graph, and see that the chain rule of calculus, applied to that graph, is all
# that automatic differentiation needs. We will
#
# - write $z = \sin(x_1 + x_2) + x_2^2 x_3$ as a list of elementary steps and as a graph,
# - build that graph with `nnbook.autodiff` and draw it,
# - state the multivariable chain rule, as a product of Jacobians and as a sum over paths,
# - see that a product of Jacobians can be evaluated from the right or from the left: these two orders are
#   *forward mode* and *reverse mode*, the subjects of the next two lessons.
#
# **Prerequisites.** Derivatives and partial derivatives; matrices and vectors in NumPy.
# [Lecture 01](../../lectures/01-first-network/) computes the gradient of a network by hand; this chapter
# shows how a program can do it for any formula. The code used here is documented in the
# [API reference](../../api/autodiff/).

# %%
import numpy as np

from nnbook.autodiff import Variable, sin
from nnbook.lessons.autodiff.draw import draw
from nnbook.lessons.autodiff.examples import reverse_example
from nnbook.plotting import use_book_style

use_book_style()

# %% [markdown]
# ## A formula is a sequence of small steps
#
# A computer never evaluates $z = \sin(x_1 + x_2) + x_2^2 x_3$ in one go. It performs one elementary
# operation at a time and keeps each intermediate result. Naming every result gives an *evaluation trace*:
#
# $$
# \begin{aligned}
# x_4 &= x_1 + x_2, & x_5 &= \sin x_4, & x_6 &= x_2^2, \\
# x_7 &= x_6\, x_3, & z = x_8 &= x_5 + x_7 .
# \end{aligned}
# $$
#
# Each step uses only values computed before it, and each is an operation whose derivative we know by heart:
# a sum, a product, a sine, a square. Automatic differentiation (AD) differentiates *these steps* exactly and
# combines the results with the chain rule; it never manipulates the whole formula symbolically, and it never
# approximates with finite differences [@baydin2018; @griewank2008].
#
# ## The same steps as a graph
#
# Draw one node per value and an arrow from each value to every step that uses it. The result is a
# **computational graph**: directed (values flow one way) and acyclic (no step can use its own result), so an
# order in which every node comes after the nodes it uses always exists. Such an order is called
# *topological*; evaluating the nodes in that order computes the function.
#
# In `nnbook.autodiff` a `Variable` is an input we want derivatives for, and every operation on nodes returns
# a new node that remembers its *parents* (the nodes it was computed from). The function
# `reverse_example` builds exactly the trace above and names each node:

# %%
from nnbook.display import show_source

show_source(reverse_example)

# %%
x1, x2, x3 = Variable(1.0, name="x1"), Variable(2.0, name="x2"), Variable(3.0, name="x3")
z = reverse_example(x1, x2, x3)
print("z =", z.value, " (by hand:", np.sin(1.0 + 2.0) + 2.0**2 * 3.0, ")")
print("parents of z:", [p.name for p in z.parents])

# %% [markdown]
# `draw` turns the graph into a picture. Red ellipses are the variables, green boxes the operations, each
# with its value. (The exponent of $x_2^2$ is a number fixed in the code, so it appears in the box, not as a
# node.)

# %%
draw(z)

# %% [markdown]
# Notice $x_2$: it has two outgoing arrows, because two steps use it. That *fan-out* is where the interesting
# part of the chain rule happens.
#
# ### Built while the code runs
#
# Nothing above declared the graph in advance: each line of Python computed its value at once and recorded
# where it came from. This is *dynamic* (define-by-run) construction, used by PyTorch [@paszke2019],
# TensorFlow 2's eager mode and HIPS autograd [@maclaurin2015]. TensorFlow 1 was built around the other
# style, *static* declaration, where a program first describes a symbolic graph and then feeds data through
# it [@abadi2016]; a static graph can be optimised as a whole, a dynamic one is simply Python with ordinary
# `if` and `for`. For instance, this loop builds a different graph for every value of `n`:


# %%
def repeated_sine(x, n):
    for _ in range(n):
        x = sin(x)
    return x


for n in (1, 3):
    print(n, "sines:", round(float(repeated_sine(Variable(1.0), n).value), 4))

# %% [markdown]
# ## The chain rule
#
# For one variable, $(f \circ g)'(x) = f'(g(x))\, g'(x)$. For vectors, let $g: \mathbb R^n \to \mathbb R^k$
# and $f: \mathbb R^k \to \mathbb R^m$, with Jacobian matrices $J_g(x) \in \mathbb R^{k \times n}$ and
# $J_f(u) \in \mathbb R^{m \times k}$ (row $i$, column $j$ holds $\partial f_i / \partial u_j$). Then
#
# $$
# J_{f \circ g}(x) = J_f\big(g(x)\big)\, J_g(x),
# \qquad\text{that is}\qquad
# \frac{\partial f_i}{\partial x_j} = \sum_{l=1}^{k} \frac{\partial f_i}{\partial u_l}\,
# \frac{\partial u_l}{\partial x_j} .
# $$
#
# The sum over $l$ runs over every intermediate value through which $x_j$ influences $f_i$. On a graph this
# reads: **the derivative of an output with respect to an input is the sum, over all paths from the input to
# the output, of the products of the local derivatives along each path.** For our example, $x_2$ reaches $z$
# along two paths:
#
# $$
# \frac{\partial z}{\partial x_2}
# = \underbrace{\frac{\partial z}{\partial x_5}\frac{\partial x_5}{\partial x_4}\frac{\partial x_4}{\partial x_2}}_{\text{through } x_4,\,x_5}
# + \underbrace{\frac{\partial z}{\partial x_7}\frac{\partial x_7}{\partial x_6}\frac{\partial x_6}{\partial x_2}}_{\text{through } x_6,\,x_7}
# = 1 \cdot \cos(x_1 + x_2) \cdot 1 + 1 \cdot x_3 \cdot 2 x_2 .
# $$
#
# Let us evaluate both paths by hand and let the engine do the same with `backward()`:

# %%
by_paths = np.cos(1.0 + 2.0) * 1.0 + 3.0 * 2 * 2.0
z.backward()
print(f"sum over the two paths: {by_paths:.6f}")
print(f"nnbook's backward():    {float(x2.grad):.6f}")
print(
    f"dz/dx1 = {float(x1.grad):.6f} (cos 3 = {np.cos(3.0):.6f}),  dz/dx3 = {float(x3.grad):.1f} (x2^2)"
)

# %% [markdown]
# After `backward()` the drawing also shows each variable's gradient:

# %%
draw(z)

# %% [markdown]
# ## Two orders for one product
#
# A longer trace is a longer composition, $F = f_K \circ \dots \circ f_2 \circ f_1$, and its Jacobian is a
# product of the steps' Jacobians, $J_F = J_K \cdots J_2 J_1$. Matrix products are associative, so the
# product can be evaluated in any order, and two orders matter:
#
# - **from the right**, pushing a direction $v$ through the steps in the order they ran:
#   $J_K(\cdots(J_2 (J_1 v)))$. That is *forward mode*: each step maps an input-sized tangent to the next.
# - **from the left**, pulling a weight vector $u$ back from the output:
#   $(((u^\top J_K) J_{K-1}) \cdots) J_1$. That is *reverse mode*: each step maps an output-sized adjoint to
#   the previous one. With $u = 1$ and a scalar output, it gives the whole gradient in one sweep.
#
# Either way only matrix-*vector* products appear, and for the steps a network is made of, such a product
# costs about as much as the step itself, while the Jacobian matrix can be enormous. The
# [cost lesson](../04-cost-of-the-modes/) measures this; the next two lessons carry out each order by hand and
# by the engine.
#
# ## Summary
#
# - A formula is evaluated as a sequence of elementary steps; drawn with one node per value and one arrow per
#   use, it is a directed acyclic graph, evaluated in topological order.
# - `nnbook.autodiff` records the graph while ordinary Python runs (define-by-run), as PyTorch and TensorFlow 2
#   do; `draw(node)` shows it.
# - The chain rule multiplies Jacobians; on a graph, a derivative is a sum over paths of products of local
#   derivatives. A value used twice (fan-out) contributes once per path.
# - Multiplying the chain from the right with a vector is forward mode; from the left, reverse mode.
#
# ## Exercises
#
# 1. Write the evaluation trace of $w = e^{x_1 x_2} + x_1$ and draw it with `draw`. Which node has fan-out?
# 2. Using the sum over paths, compute $\partial w / \partial x_1$ at $(x_1, x_2) = (1, 2)$, then check it
#    with `backward()`.
# 3. Build $b = a + a$ and $c = b + b$ from `a = Variable(1.0)`. Predict `a.grad` after `c.backward()`, and
#    explain it with paths.
# 4. Open question: $J_K \cdots J_1$ can also be multiplied in mixed orders. For a chain of three matrices of
#    shapes $1 \times 100$, $100 \times 100$ and $100 \times 1000$, which order uses the fewest multiplications?
#
# <details class="tip"><summary>Hint for 1 and 2</summary>
#
# The trace is $x_3 = x_1 x_2$, $x_4 = e^{x_3}$, $w = x_4 + x_1$: $x_1$ is used twice. The two paths give
# $\partial w/\partial x_1 = e^{x_1 x_2} x_2 + 1 = 2e^2 + 1 \approx 15.78$.
#
# </details>
#
# <details class="tip"><summary>Solution for 3</summary>
#
# There are four paths from $a$ to $c$ (two choices at each of the two additions), each with product 1, so
# `a.grad` is 4.0.
#
# </details>
#
# <details class="tip"><summary>Hint for 4</summary>
#
# Count $pqr$ multiplications for a $(p \times q)(q \times r)$ product. From the left (the $1 \times$ side
# first) every intermediate result is a single row.
#
# </details>
#
# ## References
#
# The survey by @baydin2018 introduces automatic differentiation for machine learning, with evaluation traces
# like the one above; @griewank2008 is the standard textbook. Define-by-run graphs are the design of
# PyTorch [@paszke2019] and HIPS autograd [@maclaurin2015]; static graphs were TensorFlow 1's [@abadi2016].
