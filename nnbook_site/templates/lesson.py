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
# # {{TITLE}}
#
# **In this lesson we will** check a derivative that the book relies on, the sigmoid's, against
# finite differences, and draw both. On the way we will
#
# - show the package's code on the page instead of a copy of it,
# - compute a number and a figure from that code,
# - compare the result with an independent oracle.
#
# **Prerequisites.** [Lecture 01](../../lectures/01-first-network/), where the sigmoid and its
# derivative first appear, and the book's [notation](../../conventions/).

# %%
import numpy as np

from nnbook import mlp
from nnbook.display import show_source
from nnbook.gradcheck import max_relative_error, numerical_gradient
from nnbook.plotting import plot_curves, use_book_style, with_alt

use_book_style()

# %% [markdown]
# ## The derivative we want to check
#
# The sigmoid $\sigma(z) = 1/(1 + e^{-z})$ has the derivative
# $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$. `nnbook.mlp` computes it like this:

# %%
show_source(mlp.sigmoid_deriv)

# %% [markdown]
# ## An independent check
#
# The sum $f(z) = \sum_i \sigma(z_i)$ has the gradient $\partial f/\partial z_i = \sigma'(z_i)$,
# so the central differences of $f$ at a grid of points give $\sigma'$ at every point of the grid.

# %%
z = np.linspace(-6, 6, 121)
slope = numerical_gradient(lambda v: np.sum(mlp.sigmoid(v)), z)
error = max_relative_error(slope, mlp.sigmoid_deriv(z))
print(f"largest relative error between sigma' and finite differences: {error:.1e}")

# %%
with_alt(
    plot_curves({"σ(z)": mlp.sigmoid(z), "σ'(z), finite differences": slope}, x=z, xlabel="z"),
    "The sigmoid rises from 0 to 1; its slope is a bump that peaks at 1/4 at z = 0.",
)

# %% [markdown]
# The two derivatives agree to the precision finite differences can resolve, and the slope peaks at
# $1/4$ at $z = 0$, as $\sigma(0)\,(1 - \sigma(0)) = 1/4$ says.
#
# ## Summary
#
# - A derivative in the package is checked against central differences, an oracle that shares no
#   code with it.
# - Pages show the package's code with `show_source` and compute every number they quote.
#
# ## Exercises
#
# 1. Check $\tanh'(z) = 1 - \tanh^2(z)$ in the same way.
#    <details class="tip"><summary>Hint</summary>Replace <code>mlp.sigmoid</code> by
#    <code>np.tanh</code> in the lambda.</details>
# 2. Plot the relative error of the check against the step $\epsilon$ of `numerical_gradient`, from
#    $10^{-1}$ to $10^{-12}$. Where is it smallest, and why does it grow on both sides?
#    <details class="note"><summary>Solution sketch</summary>The truncation error of a central
#    difference falls like $\epsilon^2$; the rounding error grows like $10^{-16}/\epsilon$. Their
#    sum is smallest near $\epsilon \approx 10^{-5}$.</details>
#
# ## References
#
# The sigmoid units and the gradient they pass back are those of backpropagation [@rumelhart1986].
