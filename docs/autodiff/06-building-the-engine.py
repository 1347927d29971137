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
# # Building the engine, read from its own source
#
# **In this lesson we will** read the engine the previous lessons used, piece by piece, from its own source:
# a node, an operation with its three rules, broadcasting, the order of the backward sweep, and the forward
# sweep. Then we will measure how fast it trains a small network, against hand-written NumPy and against
# other engines. We will
#
# - see how a `Node` records a graph with no global state,
# - read a `Primitive`: its forward, its vector-Jacobian product (VJP) and its Jacobian-vector product (JVP),
# - see how gradients are summed back over broadcast axes, and how the backward sweep orders the nodes,
# - add an operation of our own, and
# - time one training step in nnbook, NumPy, HIPS autograd, TensorFlow and PyTorch.
#
# **Prerequisites.** The [forward-mode](../02-forward-mode/) and [reverse-mode](../03-reverse-mode/) lessons;
# Python classes.

# %%
import numpy as np

import nnbook.autodiff as ad
from nnbook import numerics
from nnbook.autodiff import node as node_module
from nnbook.autodiff import operators
from nnbook.autodiff.checks import check_grads
from nnbook.autodiff.elementwise import Sigmoid
from nnbook.autodiff.functional import jvp
from nnbook.autodiff.primitive import Primitive, unbroadcast
from nnbook.datasets import breast_cancer
from nnbook.display import show_source
from nnbook.lessons.autodiff.speed import format_table, run_benchmark
from nnbook.plotting import use_book_style
from nnbook.tensors import import_tensorflow_quietly

use_book_style()
tf = (
    import_tensorflow_quietly()
)  # TensorFlow is used below; this keeps its C++ start-up log off the page

# %% [markdown]
# ## Why a new engine
#
# The draft this chapter started from had an engine that taught the right idea with the wrong mechanics: its
# graph lived in global variables (`NodeCollection`, `counter`, a global step size `dt`), so two graphs could
# not coexist; every operation stored a dense Jacobian (`identity(n)`, `diagflat`), quadratic in memory; the
# cosine's derivative had the wrong sign; the sigmoid's derivative `sig**2/exp(X)` overflowed for large negative
# inputs; and `Variable.forward()` hid a gradient-descent step inside the forward pass. nnbook's engine keeps the
# idea and changes each of these, in the spirit of micrograd's readability and HIPS autograd's
# vector-Jacobian products [@maclaurin2015].
#
# ## A node
#
# A `Node` holds its value, its parents, the operation that produced it and the operation's parameters.
# `Variable` and `Constant` are the two kinds of input. There is no registry of nodes: a graph is whatever its
# output can reach through `.parents`, and it is freed when the output is.

# %%
show_source(ad.Variable)

# %% [markdown]
# `Node` itself has no operators, so the module of the graph needs none of the operations. A module of its own,
# `nnbook/autodiff/operators.py`, gives it `+`, `*`, `@`, `**`, indexing, `.T` and `.sum()` once the operations
# exist, each the function of one operation: `a * b` is `multiply(a, b)`.

# %%
show_source(operators, docstring=True)

# %%
a, b = ad.Variable(2.0, name="a"), ad.Variable(3.0, name="b")
c = a * b + 1.0
print(c, "\nparents:", c.parents)

# %% [markdown]
# ## A primitive: forward, VJP and JVP side by side
#
# Every operation is a subclass of `Primitive` with three methods: `forward` computes the value from the
# parents' values; `vjp(g, node)` returns, given the output's adjoint `g`, the tuple of every parent's
# $\bar y^\top \partial y / \partial x_i$; `jvp(tangents, node)` returns $\sum_i \partial y / \partial x_i\, \dot x_i$.
# Calling the primitive builds the node:

# %%
show_source(Primitive.__call__)

# %% [markdown]
# The functions of `nnbook.autodiff` (`ad.multiply`, and the operators) build the very same node with
# `nnbook/autodiff/fastpath.py`, which is this method with the common cases written out: building nodes is the
# engine's innermost loop, and for a batch of one example the Python around NumPy costs more than NumPy itself. A
# test builds and differentiates every case of the gradient-check table both ways and checks that they agree.
#
# The sigmoid shows all three rules. Its derivative uses the output alone,
# $\sigma'(x) = \sigma(x)(1 - \sigma(x))$, which cannot overflow, and its forward pass is
# `nnbook.numerics.sigmoid`, which is exact at $\pm 1000$ without warnings:

# %%
show_source(Sigmoid)

# %% [markdown]
# The class is the whole operation. When `nnbook.autodiff` is imported, `Primitive.__init_subclass__` registers
# each subclass that its modules define: the public function `ad.sigmoid` is made from it, with the class's
# docstring and the signature of its `forward`; its name goes into `nnbook.autodiff.__all__`; and the gradient
# checks ask it where to be checked (`Primitive.cases`). Adding an operation touches one module.

# %%
print(ad.sigmoid.__doc__.splitlines()[0])
print(ad.sigmoid.primitive, "is an instance of", type(ad.sigmoid.primitive).__name__)
print(len(ad.primitive.operations), "operations:", ", ".join(ad.primitive.operations))

# %% [markdown]
# ## Broadcasting
#
# When `x` of shape `(3,)` is added to a `(2, 3)` array, each entry of `x` is used twice, once per row. Each use
# contributes to the gradient, so the VJP *sums* the incoming gradient over the broadcast axis. `unbroadcast`
# does that for every binary operation:

# %%
show_source(unbroadcast)

# %%
x = ad.Variable([1.0, 2.0, 3.0])
M = ad.Variable(np.ones((2, 3)))
(M * x).sum().backward()
print("x.grad (each entry used twice, times 1):", x.grad)
print("M.grad (each row gets x):\n", M.grad)

# %% [markdown]
# ## The order of the backward sweep
#
# Reverse mode must visit a node only after every node that uses it. The engine counts, for each node, how many
# times the graph uses it, then walks back from the output, releasing a node when its count reaches zero
# (Kahn's algorithm, run from the output). Both walks use a Python list as an explicit stack, so a chain of
# 100,000 operations works where a recursive walk would hit Python's recursion limit. The walk, on its own:

# %%
show_source(node_module._children_first)

# %% [markdown]
# The count reaching zero is also exactly the condition for an adjoint to be complete, so reverse mode follows
# this walk, sending each node's adjoint to its parents through one VJP:

# %%
show_source(node_module.reverse_sweep)

# %% [markdown]
# Two details in that loop are decisions worth naming. **Accumulation:** `backward()` *adds* into a variable's
# `.grad`, so a variable used in two losses gets both gradients when `backward` is called on each; training
# loops reset with `zero_grad` before each step. **No copies on the way:** contributions are added with `+`,
# creating a new array, never in place, because several parents can receive the same array object (an
# addition passes its gradient unchanged to both sides); only the array finally stored in a variable's `.grad`
# is copied, so that each variable owns its gradient. `backward()` runs the same sweep over the same walk without
# yielding each node (`node._sweep`, for speed); a test checks that the two give the same gradients.
#
# ## The forward sweep
#
# `jvp` builds the graph, then walks it in topological order, asking each operation for its JVP. Operations
# that do not depend on a variable get zero tangents:

# %%
show_source(jvp)

# %% [markdown]
# ## Adding an operation
#
# A new operation needs only a subclass of `Primitive`; the core does not change. The engine has no SiLU (also
# called swish), $y = x\,\sigma(x)$, so here it is. Its derivative is
# $y' = \sigma(x) + x\,\sigma(x)(1 - \sigma(x)) = \sigma(x)\,(1 + x(1 - \sigma(x)))$, and the stable sigmoid of
# `nnbook.numerics` keeps it finite at any input.
# Defined here, outside the package, the class is not registered: we call its instance. We then check it in both
# modes against central differences with `check_grads`:


# %%
class SiLU(Primitive):
    """y = x sigmoid(x); VJP: g * s * (1 + x (1 - s)) with s = sigmoid(x); JVP: the same factor times t."""

    name = "silu"

    def forward(self, x):
        return x * numerics.sigmoid(x)

    def _slope(self, node):
        x = node.parents[0].value
        s = numerics.sigmoid(x)
        return s * (1.0 + x * (1.0 - s))

    def vjp(self, g, node):
        return (g * self._slope(node),)

    def jvp(self, tangents, node):
        return self._slope(node) * tangents[0]


silu = SiLU()
errors = check_grads(silu, (np.linspace(-3, 3, 7),))
print(
    f"silu: forward-mode error {errors['forward']:.1e}, reverse-mode error {errors['reverse']:.1e}"
)
print("silu at -5, 0, 5:", silu(np.array([-5.0, 0.0, 5.0])).value.round(4))

# %% [markdown]
# ## Errors that say what went wrong
#
# Mismatched shapes fail at the operation that received them, with both shapes in the message:

# %%
for bad in (
    lambda: ad.Variable(np.ones((2, 3))) @ np.ones((4, 5)),
    lambda: ad.Variable(np.ones((2, 3))) + np.ones(4),
    lambda: ad.Variable(np.ones(3)).backward(),
    lambda: ad.log(ad.Variable([1.0, -1.0])),
):
    try:
        bad()
    except ValueError as exc:
        print("ValueError:", exc)

# %% [markdown]
# ## How fast is it?
#
# The benchmark trains the breast-cancer network of the [next lesson](../07-breast-cancer/), $30 \to H \to 1$ with
# sigmoid units and the mean squared error in float64, with each engine from the same initial weights, on the
# same batches, taking turns, on one BLAS thread. The reference is a **handwritten NumPy** step, forward and
# backward written out by hand with the same sigmoid as the engine (`nnbook.numerics.sigmoid`), the fastest a
# NumPy-based engine can hope for; the ratio to it is the cost of automation. The last column checks that every
# engine ended with the same parameters.
#
# The table below is measured while this page is built, with few repetitions to keep the build short, on a
# machine that other jobs share: treat the ratios as indications. `benchmarks/autodiff.py` runs the same
# function with more repetitions. The engines listed are the ones installed where the page was built.

# %%
X_train, _, y_train, _ = breast_cancer(seed=0)
rows = run_benchmark(X_train, y_train, [(5, None), (64, None), (5, 1)], rounds=3, steps=20)

# %%
from IPython.display import Markdown  # noqa: E402

Markdown(format_table(rows))

# %%
for r in rows:
    if r.engine == "nnbook":
        print(
            f"nnbook, H = {r.hidden}, batch {r.batch_size}: {r.ratio:.2f} times handwritten NumPy"
        )

# %% [markdown]
# With a full batch, most of the time goes into NumPy's own work (matrix products, exponentials), which every
# engine must do; what an engine adds is Python bookkeeping per operation, a fixed cost per node. That cost
# matters most for the tiny batch of one example, and least for the wide layer ($H = 64$). The targets this
# engine was written to meet are at most 1.8 times NumPy at $H = 5$ with the full batch, 1.25 at $H = 64$ and
# 4 with a batch of one; `benchmarks/autodiff.py` reports whether they are met on the machine it runs on.
#
# ## Summary
#
# - A `Node` records value, parents and operation; graphs are independent because nothing is global.
# - A `Primitive` has a forward, a VJP and a JVP side by side and never forms a Jacobian; an operation is one
#   class, from which its function, its public name and its gradient checks are made.
# - Gradients of broadcast operands are summed back with `unbroadcast`; gradients of shared nodes are added.
# - The backward sweep releases a node when all its uses are done, with explicit stacks, and accumulates into
#   `.grad` until `zero_grad`.
# - The engine's overhead over handwritten NumPy is a small, fixed cost per operation.
#
# ## Exercises
#
# 1. Add a primitive `Square` ($y = x^2$) and check it with `check_grads`. Then check it with a wrong VJP
#    ($\bar x = \bar y\, x$) and read the error.
# 2. Read `nnbook/autodiff/reductions.py`. Why does the VJP of `sum` *broadcast* while the VJP of broadcasting
#    *sums*?
# 3. Time `x = Variable(1.0)` followed by 1,000 multiplications and one `backward()`. How much time is that per
#    node, and how does it compare with the cost of one NumPy operation on a tiny array?
#
# <details class="tip"><summary>Hint for 1</summary>
#
# Copy the `SiLU` cell; the forward is `x * x`, the VJP `(2.0 * node.parents[0].value * g,)` (a tuple: one
# adjoint per parent), and the JVP `2.0 * node.parents[0].value * tangents[0]`.
#
# </details>
#
# <details class="tip"><summary>Solution for 2</summary>
#
# They are transposes of each other: summing $n$ numbers has the Jacobian $(1, \dots, 1)$, a row, whose
# transpose copies one number $n$ times; broadcasting copies, so its transpose sums.
#
# </details>
#
# ## References
#
# HIPS autograd [@maclaurin2015] introduced the VJP-per-primitive design in Python. The engines timed here
# are described in @abadi2016 (TensorFlow) and @paszke2019 (PyTorch); NumPy is @harris2020.
