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
# # How we know the gradients are right
#
# **In this lesson we will** check every rule of the engine against oracles that share no code with it, and show
# the worst errors measured while this page was built. We will
#
# - explain the check in random directions, which tests forward and reverse mode against central differences,
# - run it on every primitive over scalars, vectors, matrices, rows, columns and broadcasting pairs,
# - compare nnbook with TensorFlow 2 in both modes on random expressions,
# - watch the check catch a wrong rule: the cosine with the sign mistake of the draft engine,
# - list what the test suite checks beyond this page.
#
# **Prerequisites.** [Forward mode](../02-forward-mode/) and [reverse mode](../03-reverse-mode/).

# %%
import numpy as np
from IPython.display import Markdown

from nnbook.autodiff import Primitive
from nnbook.autodiff.checks import directional_errors, error_table
from nnbook.display import show_source
from nnbook.lessons.autodiff.tensorflow_check import compare_random_expressions
from nnbook.plotting import use_book_style
from nnbook.tensors import import_tensorflow_quietly

use_book_style()
tf = (
    import_tensorflow_quietly()
)  # TensorFlow is used below; this keeps its C++ start-up log off the page

# %% [markdown]
# ## The check in random directions
#
# Finite differences need no derivative rule at all: for a direction $v$,
#
# $$
# \frac{f(x + \epsilon v) - f(x - \epsilon v)}{2\epsilon} = J_f(x)\, v + O(\epsilon^2),
# $$
#
# with a rounding error of order $\text{eps}/\epsilon$ on top, so in float64 with $\epsilon = 10^{-6}$ we expect
# agreement to roughly $10^{-8}$ to $10^{-10}$ relative error. For a random $v$ (and a random output weight $u$),
#
# - **forward mode** must give the same $J v$ from `jvp`;
# - **reverse mode** must satisfy $\langle u, J v\rangle = \langle J^\top u, v\rangle$, where $J^\top u$ comes from one
#   `backward(u)`.
#
# A random direction exercises every entry of the Jacobian at once: a wrong entry would have to be cancelled by
# chance. The function that does this:

# %%
show_source(directional_errors)

# %% [markdown]
# ## Every primitive, every shape
#
# `error_table` runs the check, with three random directions each, on every operation of the engine. Each
# operation's class says where it is checked (`Primitive.cases`), so a new operation joins the table without
# editing it: the elementwise functions on shapes `()`, `(3,)`, `(2, 3)`, `(1, 3)`, `(3, 1)`; the arithmetic
# operators on broadcasting pairs; matrix products with vectors, matrices and stacks; the solve; sums and means
# over each axis; softmax along each axis; the cross-entropy with labels and with probability targets; reshape,
# transpose, indexing and stacking; convolution, pooling and the recurrent steps.

# %%
rows = error_table(seed=0)
print(f"{len(rows)} cases checked")
worst_forward = max(rows, key=lambda r: r[2])
worst_reverse = max(rows, key=lambda r: r[3])
print(
    f"worst forward-mode error: {worst_forward[2]:.1e}  ({worst_forward[0]} on {worst_forward[1]})"
)
print(
    f"worst reverse-mode error: {worst_reverse[3]:.1e}  ({worst_reverse[0]} on {worst_reverse[1]})"
)

# %% [markdown]
# The worst error per operation, over all its shapes:

# %% tags=["hide-input"]
by_op = {}
for name, _shapes, fwd, rev in rows:
    old = by_op.get(name, (0, 0.0, 0.0))
    by_op[name] = (old[0] + 1, max(old[1], fwd), max(old[2], rev))
lines = [
    "| operation | cases | worst forward error | worst reverse error |",
    "|:---|---:|---:|---:|",
]
lines += [f"| `{name}` | {n} | {f:.1e} | {r:.1e} |" for name, (n, f, r) in by_op.items()]
Markdown("\n".join(lines))

# %% [markdown]
# All errors are at the level that finite differences themselves allow. The test suite asserts the same
# bound, $10^{-6}$, on every case (`tests/autodiff/test_primitives.py`).
#
# ## Against TensorFlow, in both modes
#
# Finite differences are one oracle; an independent implementation is another. We draw random expressions of
# depth 4 over two $3 \times 3$ inputs, from sines, cosines, tanh, sigmoid, softmax, log-softmax, squares, logs,
# sums, products, safe divisions and matrix products, evaluate each with nnbook and with TensorFlow 2 [@abadi2016],
# and compare the values, the reverse-mode gradients (`tf.GradientTape`) and the forward-mode tangents
# (`tf.autodiff.ForwardAccumulator`):

# %%
comparison = compare_random_expressions(count=20, depth=4, seed=0)
for row in comparison[:5]:
    print(row["expression"])
worst = {key: max(r[key] for r in comparison) for key in ("value", "reverse", "forward")}
print(
    f"\nover {len(comparison)} expressions, largest relative differences from TensorFlow: "
    f"values {worst['value']:.1e}, reverse mode {worst['reverse']:.1e}, "
    f"forward mode {worst['forward']:.1e}"
)

# %% [markdown]
# The differences are a few units of float64 rounding ($2.2 \times 10^{-16}$): the two engines compute the same
# numbers, up to the order of floating-point operations.
#
# ## The check can fail
#
# A check that cannot fail proves nothing. Here is the cosine with the draft engine's mistake, a derivative of
# $+\sin x$ instead of $-\sin x$, written as a primitive:


# %%
class DraftCos(Primitive):
    name = "draft_cos"

    def forward(self, x):
        return np.cos(x)

    def vjp(self, g, node):
        return (g * np.sin(node.parents[0].value),)  # the draft's sign

    def jvp(self, tangents, node):
        return np.sin(node.parents[0].value) * tangents[0]


errors = directional_errors(DraftCos(), (np.linspace(-2, 2, 5),))
print(
    f"draft cosine: forward-mode error {errors['forward']:.2f}, reverse-mode error {errors['reverse']:.2f}"
)

# %% [markdown]
# Errors of order one, not $10^{-9}$: the check flags it at once, in both modes.
#
# ## What else the tests check
#
# The test suite (`tests/autodiff/`) runs on every change. Beyond the checks on this page it asserts:
#
# - **fan-out**: with `b = a + a` and `c = b + b`, `a.grad` is 4;
# - **depth**: a chain of 100,000 multiplications differentiates in both modes (no recursion);
# - **memory**: differentiating an elementwise graph on $10^6$ entries peaks at a small multiple of the input
#   (`tracemalloc`), where a dense Jacobian would need 8 TB;
# - **stability**: sigmoid, softmax, log-softmax and the cross-entropy at $\pm 1000$ give exact values and finite
#   gradients with every warning turned into an error;
# - **random inputs** with Hypothesis: broadcast gradients have their inputs' shapes and the right sums; softmax
#   rows sum to one and the cross-entropy's gradient rows sum to zero, for logits up to $\pm 1000$;
# - **independence of graphs**, accumulation until `zero_grad`, and error messages that name the operation and the
#   shapes;
# - the network gradients of `nnbook.nn` against entry-by-entry central differences, and the linear-solve
#   example against TensorFlow and a closed form.
#
# ## Summary
#
# - Central differences in random directions check both modes of every primitive without sharing any code with
#   them; the worst errors measured in this build are printed above.
# - TensorFlow's `GradientTape` and `ForwardAccumulator` agree with nnbook to float64 rounding on random
#   expressions.
# - The check catches a wrong derivative immediately; the test suite adds structural checks (fan-out, depth,
#   memory, stability).
#
# ## Exercises
#
# 1. Run `directional_errors` on `lambda x: nnbook.autodiff.relu(x)` at a point with an entry exactly 0. What
#    happens, and why is it not a bug in the rule?
# 2. Change $\epsilon$ in `directional_errors` to $10^{-3}$ and to $10^{-10}$. Explain both results.
# 3. Open question: a rule could be wrong only for shapes the tests never use. Which shapes would you add?
#
# <details class="tip"><summary>Hint for 1</summary>
#
# At 0 the ReLU has no derivative: the central difference sees the average slope $1/2$, the rule uses 0.
#
# </details>
#
# <details class="tip"><summary>Hint for 2</summary>
#
# With a large step the $O(\epsilon^2)$ truncation error dominates; with a tiny step the rounding error
# $\text{eps}/\epsilon$ does.
#
# </details>
#
# ## References
#
# Checking derivatives in random directions, and the identity $\langle u, Jv\rangle = \langle J^\top u, v\rangle$
# between the modes, are standard in AD practice [@griewank2008]; HIPS autograd's `check_grads` does the same
# [@maclaurin2015].
