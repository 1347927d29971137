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
# # Forward mode: carrying a tangent beside every value
#
# **In this lesson we will** differentiate a function in the same order as we evaluate it. Next to every
# value the program computes, it also computes how fast that value changes when the input moves in a chosen
# direction. We will
#
# - write the chain rule correctly for forward mode and derive the rule for one graph node,
# - work through the example $f(x) = (x^4,\ x^2 + \sin x,\ -\sin x)$ node by node,
# - compute the same numbers with `nnbook.autodiff.jvp` and check them against the exact derivative,
# - see that one forward sweep gives one *column* of the Jacobian.
#
# **Prerequisites.** [Functions as graphs, and the chain rule](../01-functions-as-graphs/).

# %%
import numpy as np

from nnbook.autodiff import jvp
from nnbook.autodiff.elementwise import Sin
from nnbook.display import show_source
from nnbook.lessons.autodiff.examples import forward_example, forward_trace
from nnbook.plotting import use_book_style

use_book_style()

# %% [markdown]
# ## The rule for one node
#
# For a composition of one-variable functions the chain rule is
#
# $$
# \frac{d}{dx}\, f\big(g(x)\big) = f'\big(g(x)\big)\; g'(x).
# $$
#
# (The draft this chapter grew from wrote it with primes on both sides, $\partial f' \circ g$; the prime
# belongs on $f$ alone, evaluated at $g(x)$.) Forward mode computes $g'(x)$ first, together with $g(x)$, and
# then multiplies by $f'(g(x))$ while computing $f(g(x))$.
#
# In a graph, choose an input direction $\dot x$ (for one input, $\dot x = 1$). Give every node $x_j$ a
# **tangent** $\dot x_j$, the rate at which $x_j$ changes as the inputs move along $\dot x$. If node $j$ computes
# $x_j = f_j(x_{\pi(j)})$ from its parents $\pi(j)$, the chain rule gives
#
# $$
# \dot x_j = \sum_{i \in \pi(j)} \frac{\partial f_j}{\partial x_i}\, \dot x_i .
# $$
#
# The parents come before $j$ in topological order, so their tangents are ready when $j$ is evaluated: one
# sweep in evaluation order computes every value and every tangent. For vector-valued nodes
# $\partial f_j / \partial x_i$ is a Jacobian, and $\dot x_j$ is a *Jacobian-vector product* (JVP), which an
# engine computes without forming the Jacobian. For the sine, elementwise, the Jacobian is diagonal and the
# product is one multiplication, $\dot y = \cos(x) \odot \dot x$. This is nnbook's rule:

# %%
show_source(Sin)

# %% [markdown]
# ## The worked example
#
# Take $f: \mathbb R \to \mathbb R^3$,
#
# $$
# f(x) = \begin{bmatrix} x^4 \\ x^2 + \sin x \\ -\sin x \end{bmatrix},
# \qquad
# f'(x) = \begin{bmatrix} 4x^3 \\ 2x + \cos x \\ -\cos x \end{bmatrix}.
# $$
#
# Its evaluation trace, with the shared sine computed once, is
# $v_1 = x$, $v_2 = \sin v_1$, $v_3 = v_1^4$, $v_4 = v_1^2$, $v_5 = v_4 + v_2$, $v_6 = -v_2$, and the output
# stacks $(v_3, v_5, v_6)$. With $\dot v_1 = 1$ the tangents follow line by line:
#
# $$
# \dot v_2 = \cos(v_1)\,\dot v_1,\quad
# \dot v_3 = 4 v_1^3\, \dot v_1,\quad
# \dot v_4 = 2 v_1\, \dot v_1,\quad
# \dot v_5 = \dot v_4 + \dot v_2,\quad
# \dot v_6 = -\dot v_2 .
# $$
#
# `forward_trace` runs nnbook's forward sweep and lists each node with its value and tangent, at $x = 2$
# (steps that do not depend on each other may come in another order than above; any topological order works):

# %%
show_source(forward_example)

# %%
x0 = 2.0
for name, value, tangent in forward_trace(forward_example, (x0,), (1.0,)):
    print(
        f"{name:>6}:  value {np.array2string(np.asarray(value), precision=4):>28}"
        f"   tangent {np.array2string(np.asarray(tangent), precision=4)}"
    )

# %% [markdown]
# The last line holds $f(2)$ and $f'(2)$ together. `jvp` returns just those two, and we compare the tangent
# with the exact derivative:

# %%
value, tangent = jvp(forward_example, (x0,), (1.0,))
exact = np.array([4 * x0**3, 2 * x0 + np.cos(x0), -np.cos(x0)])
print("f(2)  =", value.round(6))
print("f'(2) =", tangent.round(6))
print("exact =", exact.round(6))
print(f"largest difference: {np.max(np.abs(tangent - exact)):.1e}")

# %% [markdown]
# The difference is zero or at the level of rounding: forward mode is exact up to floating point; nothing was
# approximated. For comparison, a central difference with step $10^{-5}$ is close but not exact:

# %%
h = 1e-5
f_plus, f_minus = (jvp(forward_example, (x,), (0.0,))[0] for x in (x0 + h, x0 - h))
central = (f_plus - f_minus) / (2 * h)
print(f"central difference error: {np.max(np.abs(central - exact)):.1e}")

# %% [markdown]
# ## One sweep, one column
#
# For $f: \mathbb R^n \to \mathbb R^m$ and a direction $v \in \mathbb R^n$, one forward sweep gives
# $J_f(x)\, v$, a vector of $m$ numbers. With $v = e_j$ (the $j$-th unit vector) that is the $j$-th column
# of the Jacobian, so the whole Jacobian takes $n$ sweeps. Our $f$ has $n = 1$ input and $m = 3$ outputs:
# one sweep was enough for all three derivatives. Forward mode suits *few-to-many* functions.
#
# Here is a function of two inputs; two sweeps give its $2 \times 2$ Jacobian, column by column:


# %%
def polar(r_theta):
    from nnbook.autodiff import cos, sin, stack

    r, theta = r_theta[0], r_theta[1]
    return stack([r * cos(theta), r * sin(theta)])


point = np.array([2.0, np.pi / 6])
columns = [jvp(polar, (point,), (e,))[1] for e in np.eye(2)]
J = np.stack(columns, axis=1)
print("Jacobian by two forward sweeps:\n", J.round(4))
r, t = point
exact_J = np.array([[np.cos(t), -r * np.sin(t)], [np.sin(t), r * np.cos(t)]])
print("exact [[cos t, -r sin t], [sin t, r cos t]]:\n", exact_J.round(4))

# %% [markdown]
# ## Summary
#
# - Forward mode carries a tangent $\dot x_j = \sum_{i \in \pi(j)} \frac{\partial f_j}{\partial x_i}\dot x_i$
#   beside each value, in evaluation order; each operation needs only its Jacobian-vector product.
# - `jvp(f, primals, tangents)` returns $f(x)$ and $J_f(x)\,v$, exact up to rounding.
# - One sweep gives one column of the Jacobian: $n$ sweeps for $n$ inputs, whatever the number of outputs.
#
# ## Exercises
#
# 1. Use `forward_trace` on $g(x) = \tanh(x^2)$ at $x = 0.5$ and check the last tangent against
#    $2x(1 - \tanh^2 x^2)$.
# 2. Compute the Jacobian of $h(a, b) = (ab,\ a + b,\ e^a)$ at $(1, 2)$ with two calls to `jvp`.
# 3. Why does `jvp` need no memory for the graph after a node's tangent is computed, in principle? (nnbook
#    builds the graph first and then sweeps it, which is simpler to read.)
#
# <details class="tip"><summary>Hint for 2</summary>
#
# Pass `(np.array(1.0), np.array(2.0))` as primals and the tangents `(1.0, 0.0)`, then `(0.0, 1.0)`. Each call
# returns one column: $(b, 1, e^a)$ and $(a, 1, 0)$.
#
# </details>
#
# <details class="tip"><summary>Solution for 3</summary>
#
# A node's tangent needs only its parents' values and tangents. Once every child of a node has been computed,
# the node can be forgotten, so forward mode can run alongside the evaluation with memory proportional to the
# widest "front" of the graph. Reverse mode, in contrast, must keep values until the backward sweep.
#
# </details>
#
# ## References
#
# Forward mode and its cost are treated in @griewank2008 (chapter 3) and in the survey of @baydin2018.
