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
# # What each mode costs, and why Jacobians are never built
#
# **In this lesson we will** compare the two modes by what they cost, first on paper and then with a stopwatch,
# and measure why an engine must work with products of Jacobians instead of the matrices themselves. We will
#
# - summarise the cost of forward and reverse mode for $f: \mathbb R^n \to \mathbb R^m$ in a table,
# - time the full Jacobian by each mode while $n$ or $m$ grows,
# - measure the memory and time of a dense Jacobian against a vector-Jacobian product.
#
# **Prerequisites.** [Forward mode](../02-forward-mode/) and [reverse mode](../03-reverse-mode/).

# %%
from nnbook.lessons.autodiff.cost import (
    dense_jacobian_cost,
    plot_dense_cost,
    plot_mode_costs,
    time_jacobian_modes,
)
from nnbook.plotting import use_book_style

use_book_style()

# %% [markdown]
# ## On paper
#
# Let one evaluation of $f$ cost $C$. A forward sweep and a reverse sweep each cost a small constant times $C$
# (each operation's JVP or VJP costs about as much as the operation) [@griewank2008; @baydin2018]:
#
# | for $f: \mathbb R^n \to \mathbb R^m$ | forward mode | reverse mode |
# |---|---|---|
# | one sweep gives | $J v$: a column (for $v = e_j$) | $u^\top J$: a row (for $u = e_i$) |
# | sweeps for the whole Jacobian | $n$ | $m$ |
# | memory beyond evaluating $f$ | little: tangents travel with the values | the values of every node, kept for the backward sweep |
# | suited to | few inputs, many outputs ($n \ll m$) | many inputs, few outputs ($n \gg m$), e.g. a loss |
# | typical use | sensitivity of many outputs to one parameter | gradients for training and inverse problems |
#
# A network's loss has $n$ = millions of weights and $m = 1$: reverse mode gets the whole gradient in one sweep,
# forward mode would need one sweep per weight.
#
# ## With a stopwatch
#
# The test function is one layer, $f(x) = \tanh(W x)$ with a random $W \in \mathbb R^{m \times n}$. We time the
# whole Jacobian by $n$ forward sweeps (`jacobian_forward`) and by $m$ reverse sweeps (`jacobian_reverse`):
# first with $m = 1$ and $n$ growing, then with $n = 1$ and $m$ growing.

# %%
times = time_jacobian_modes(sizes=(1, 4, 16, 64, 256), fixed=1, repeats=3)
for key, label in (("vary_n", "n"), ("vary_m", "m")):
    for s, tf, tr in zip(times["sizes"], times[key]["forward"], times[key]["reverse"], strict=True):
        print(f"{label} = {s:3d}: forward {tf * 1e3:7.2f} ms   reverse {tr * 1e3:7.2f} ms")

# %%
plot_mode_costs(times)

# %% [markdown]
# The measurements follow the table. With one output (left), reverse mode takes the same time whatever $n$,
# while forward mode grows in proportion to $n$; with one input (right) the roles swap. The constant costs at
# the small end are Python's: building a graph of a few nodes.
#
# ## Why an engine never builds a Jacobian
#
# The draft engine this chapter replaces stored, for every operation, its full Jacobian: `identity(n)` for a
# sum, `diagflat(...)` for an elementwise function. For $y = e^x$ with $x \in \mathbb R^n$ that is an
# $n \times n$ matrix holding $n$ useful numbers on its diagonal and $n^2 - n$ zeros. The VJP
# $\bar x = \bar y \odot e^x$ gives the same numbers with $n$ multiplications. We measure both, peak memory
# with `tracemalloc` and time with the best of three runs:

# %%
cost = dense_jacobian_cost(sizes=(100, 300, 1000, 2000, 4000), repeats=3)
for n, db, vb, dt, vt in zip(
    cost["sizes"],
    cost["dense_bytes"],
    cost["vjp_bytes"],
    cost["dense_seconds"],
    cost["vjp_seconds"],
    strict=True,
):
    print(
        f"n = {n:5d}: dense {db / 1e6:8.2f} MB {dt * 1e3:8.3f} ms   "
        f"VJP {vb / 1e6:6.3f} MB {vt * 1e3:6.3f} ms"
    )

# %%
plot_dense_cost(cost)

# %% [markdown]
# The dense Jacobian's memory grows as $n^2$ and the VJP's as $n$. Extrapolating the dense column: one
# elementwise operation on an array of $10^6$ numbers (a modest image batch) would need a
# $10^6 \times 10^6$ float64 matrix, $8 \times 10^{12}$ bytes, 8 TB, where the VJP needs 8 MB. In
# `nnbook.autodiff` no Jacobian matrix is ever formed: every primitive has a VJP and a JVP, and
# `tests/autodiff/test_stability_and_memory.py` checks that differentiating an elementwise graph on $10^6$
# entries keeps the peak memory within a small multiple of the input.
#
# ## Summary
#
# - A full Jacobian costs about $n$ forward sweeps or $m$ reverse sweeps: forward mode for few-to-many,
#   reverse mode for many-to-few. A loss is many-to-one, so training uses reverse mode.
# - Reverse mode pays for its speed with memory: it keeps the forward values.
# - Jacobian matrices are quadratic in size; products with them are linear. Engines store only the rules for
#   the products.
#
# ## Exercises
#
# 1. Using `time_jacobian_modes`, find the size at which forward and reverse mode cost the same for a square
#    function ($n = m$). What do you expect, and what do you measure?
# 2. The Jacobian of $y = Wx$ with respect to $W$ ($m \times n$) has $m \cdot mn$ entries. Write its VJP in one
#    line of NumPy.
# 3. Open question: a Hessian-vector product $H v$ of a loss can be computed by forward mode applied to a reverse
#    sweep. How many sweeps would the full Hessian of a function of $n$ inputs need that way?
#
# <details class="tip"><summary>Hint for 1</summary>
#
# With $n = m$ both need the same number of sweeps; any difference comes from the cost of one sweep in each
# mode (nnbook's forward sweep builds the graph and then sweeps it; its reverse sweep does the same).
#
# </details>
#
# <details class="tip"><summary>Solution for 2</summary>
#
# $\bar W = \bar y\, x^\top$, that is `np.outer(y_bar, x)`: $mn$ numbers, computed without the $m^2 n$-entry
# Jacobian.
#
# </details>
#
# ## References
#
# The cost of the two modes is derived in @griewank2008 (chapters 3 and 4) and summarised by @baydin2018.
