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
# # Reverse mode: sending sensitivities back through the graph
#
# **In this lesson we will** differentiate in the opposite order to evaluation: starting from the output, each
# node passes back to its parents how much the output depends on them. This is the algorithm behind
# backpropagation [@rumelhart1986]. We will
#
# - define the *adjoint* of a node and derive the rule that computes it,
# - run reverse mode on $z = \sin(x_1 + x_2) + x_2^2 x_3$ one node at a time, with a drawing after each step,
# - write the derivation rigorously, with parents $\pi(i)$, as a formula a program can follow,
# - see that one reverse sweep gives one *row* of the Jacobian, hence a whole gradient.
#
# **Prerequisites.** [Functions as graphs](../01-functions-as-graphs/) and
# [forward mode](../02-forward-mode/).

# %%
import numpy as np
from IPython.display import display

from nnbook.autodiff import Variable
from nnbook.autodiff.elementwise import Multiply
from nnbook.display import show_source
from nnbook.lessons.autodiff.draw import draw_reverse_steps
from nnbook.lessons.autodiff.examples import reverse_example, reverse_trace
from nnbook.plotting import use_book_style

use_book_style()

# %% [markdown]
# ## Adjoints
#
# Let the graph end in one scalar output $z$. The **adjoint** of a node $x_j$ is
#
# $$
# \bar x_j = \frac{\partial z}{\partial x_j},
# $$
#
# the sensitivity of the output to that node, with every node computed *from* $x_j$ allowed to change with it.
# The output's own adjoint is $\bar z = 1$. A node $x_i$ influences $z$ only through the nodes that use it,
# its *children* $\{j : i \in \pi(j)\}$, so by the chain rule
#
# $$
# \bar x_i = \sum_{j\,:\, i \in \pi(j)} \bar x_j\, \frac{\partial f_j}{\partial x_i} .
# $$
#
# Each child $j$ contributes its own adjoint times its local derivative. The children of a node come after it
# in evaluation order, so the adjoints are computed **in reverse order**: when a node is reached, all its
# children have already sent their contributions. For arrays, $\bar x_j\, \partial f_j / \partial x_i$ is a
# *vector-Jacobian product* (VJP). For the product $y = a \odot b$, the VJPs are $\bar a = \bar y \odot b$ and
# $\bar b = \bar y \odot a$ (summed back over any broadcast axes):

# %%
show_source(Multiply)

# %% [markdown]
# ## The worked example, step by step
#
# Recall the trace $x_4 = x_1 + x_2$, $x_5 = \sin x_4$, $x_6 = x_2^2$, $x_7 = x_6 x_3$, $z = x_5 + x_7$,
# at $(x_1, x_2, x_3) = (1, 2, 3)$. By hand, from the output backwards:
#
# $$
# \begin{aligned}
# \bar z &= 1, &
# \bar x_5 &= \bar z \cdot 1 = 1, &
# \bar x_7 &= \bar z \cdot 1 = 1, \\
# \bar x_6 &= \bar x_7\, x_3 = 3, &
# \bar x_3 &= \bar x_7\, x_6 = 4, &
# \bar x_4 &= \bar x_5 \cos x_4 = \cos 3, \\
# \bar x_1 &= \bar x_4 = \cos 3, &
# \bar x_2 &= \bar x_4 + \bar x_6 \cdot 2 x_2 = \cos 3 + 12 .
# \end{aligned}
# $$
#
# The last line is the fan-out of $x_2$: two children, two contributions, added. Now the engine does the same.
# `draw_reverse_steps` runs nnbook's reverse sweep and draws the graph after each node has sent its adjoint to
# its parents; the node just processed has a thick blue border and every node shows its `grad` once known.

# %%
x1, x2, x3 = Variable(1.0, name="x1"), Variable(2.0, name="x2"), Variable(3.0, name="x3")
z = reverse_example(x1, x2, x3)
steps = list(draw_reverse_steps(z, rankdir="LR"))
print(len(steps), "steps, in this order:", [node.name for node, _ in steps])

# %% [markdown]
# Below, each step is printed with what happened, then drawn. Watch $x_2$: it is processed only after both of
# its children, $x_4$ and $x_6$, have sent their shares.

# %%
for k, (node, figure) in enumerate(steps, start=1):
    if node.parents:
        sent = ", ".join(p.name for p in node.parents)
        print(
            f"Step {k}: {node.name} has its complete adjoint {float(node.grad):.4g}; "
            f"its VJP sends contributions to {sent}."
        )
    else:
        print(
            f"Step {k}: variable {node.name} has received everything: gradient "
            f"{float(node.grad):.4g}."
        )
    display(figure)

# %% [markdown]
# The same sweep as a table, and the comparison with the hand computation:

# %%
fresh = [Variable(v, name=f"x{i + 1}") for i, v in enumerate((1.0, 2.0, 3.0))]
for name, value, adjoint in reverse_trace(reverse_example(*fresh)):
    print(f"{name:>14}:  value {float(value):8.4f}   adjoint {float(adjoint):8.4f}")
print(f"by hand: x1 {np.cos(3):.4f}, x2 {np.cos(3) + 12:.4f}, x3 {4.0:.4f}")

# %% [markdown]
# ## The derivation, rigorously
#
# Number the inputs $x_1, \dots, x_n$ and the steps $x_{n+1}, \dots, x_N$, each computed from earlier
# values only:
#
# $$
# x_i = f_i\big(\mathbf x_{\pi(i)}\big), \qquad \pi(i) \subseteq \{1, \dots, i-1\}, \qquad i = n+1, \dots, N,
# $$
#
# where $\mathbf x_{\pi(i)}$ is the tuple of the parents' values, and $x_N$ is the output. Fix $j$ and think of
# $x_N$ as a function of $x_1, \dots, x_j$ alone, the later values being *computed* from these by the steps
# $j+1, \dots, N$. Call that function $x_N^{(j)}(x_1, \dots, x_j)$; so $x_N^{(N)}$ is the identity in its last
# argument and $x_N^{(n)}$ is the function of the inputs we want to differentiate. Going from $j$ to $j-1$
# substitutes $x_j = f_j(\mathbf x_{\pi(j)})$:
#
# $$
# x_N^{(j-1)}(x_1, \dots, x_{j-1}) = x_N^{(j)}\big(x_1, \dots, x_{j-1},\ f_j(\mathbf x_{\pi(j)})\big).
# $$
#
# Differentiating with respect to $x_i$, $i < j$, with the chain rule:
#
# $$
# \frac{\partial x_N^{(j-1)}}{\partial x_i}
# = \frac{\partial x_N^{(j)}}{\partial x_i}
# + \frac{\partial x_N^{(j)}}{\partial x_j}\,
#   \frac{\partial f_j}{\partial x_i} \quad [\,i \in \pi(j)\,].
# $$
#
# Start at $j = N$ with $\partial x_N^{(N)} / \partial x_N = 1$ and apply this for $j = N, N-1, \dots, i+1$. Each
# step adds one term to the derivative with respect to $x_i$ exactly when $i$ is a parent of $j$, so
#
# $$
# \bar x_i := \frac{\partial x_N^{(i)}}{\partial x_i}
# = \sum_{j\,:\, i \in \pi(j)} \bar x_j\, \frac{\partial f_j}{\partial x_i}\big(\mathbf x_{\pi(j)}\big),
# \qquad \bar x_N = 1,
# $$
#
# and for an input, $\bar x_i = \partial x_N^{(n)} / \partial x_i$ (no step after $n$ has an input as its
# output) is the derivative we wanted. Two facts make this an algorithm: the local derivative
# $\partial f_j / \partial x_i$ depends only on the values $\mathbf x_{\pi(j)}$, stored during evaluation; and
# every $\bar x_j$ on the right has $j > i$, so it is final when visiting the nodes in the order
# $N, N-1, \dots, 1$ (or any order that visits a node after all its children).
#
# ## One sweep, one row
#
# For $f: \mathbb R^n \to \mathbb R^m$, start the sweep with a weight vector $u \in \mathbb R^m$ on the outputs
# instead of 1: the sweep returns $u^\top J_f(x)$, a row vector with $n$ entries. In nnbook this is
# `y.backward(u)`. With $u = e_i$ it is the $i$-th row of the Jacobian, so the whole Jacobian takes $m$ sweeps,
# however many inputs there are. A loss has $m = 1$: **one reverse sweep gives the gradient with respect to
# every weight of a network**, which is why neural networks are trained with reverse mode.

# %%
rng = np.random.default_rng(0)
W = rng.standard_normal((2, 4))
x = Variable(rng.standard_normal(4))
y = (W @ x) ** 2  # two outputs, four inputs
rows = []
for u in np.eye(2):
    x.grad = None  # backward adds into .grad: reset between sweeps
    y.backward(u)
    rows.append(x.grad)
print("Jacobian by two reverse sweeps:\n", np.array(rows).round(4))
print("exact 2 diag(Wx) W:\n", (2 * (W @ x.value)[:, None] * W).round(4))

# %% [markdown]
# The price of reverse mode is memory: the backward sweep needs the values of the forward sweep, so every node
# is kept until `backward` has run. For the networks of this book that is a few arrays per layer.
#
# ## Summary
#
# - The adjoint $\bar x_i = \partial z / \partial x_i$ satisfies
#   $\bar x_i = \sum_{j : i \in \pi(j)} \bar x_j\, \partial f_j / \partial x_i$, with $\bar z = 1$.
# - Reverse mode visits nodes from the output back, each after all of its children, and each operation needs
#   only its vector-Jacobian product.
# - A value used several times receives the sum of the contributions of its uses.
# - One sweep gives one row of the Jacobian: the whole gradient of a scalar loss in one sweep, at a cost of
#   storing the forward values.
#
# ## Exercises
#
# 1. Redo the hand computation at $(x_1, x_2, x_3) = (0, 1, -1)$ and check it with `reverse_trace`.
# 2. For $y = a / b$ derive the VJPs $\bar a$ and $\bar b$, then compare with `nnbook.autodiff.elementwise.Divide`
#    (use `show_source`).
# 3. In `test_graph.py` the engine differentiates a chain of 100,000 multiplications. Why would a recursive
#    implementation of the topological order fail on it in Python?
#
# <details class="tip"><summary>Hint for 2</summary>
#
# $\partial y / \partial a = 1/b$ and $\partial y / \partial b = -a / b^2 = -y / b$; multiply by $\bar y$.
#
# </details>
#
# <details class="tip"><summary>Solution for 3</summary>
#
# Each recursive call uses a Python stack frame, and CPython stops at about 1,000 nested calls
# (`sys.getrecursionlimit()`), raising `RecursionError`. nnbook walks the graph with an explicit list used as
# a stack, so depth costs memory, not stack frames.
#
# </details>
#
# ## References
#
# Reverse mode applied to layered networks is the backpropagation of @rumelhart1986. The derivation above
# follows the structure of @griewank2008 (chapter 3); @baydin2018 survey both modes.
