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
# # Tensors: rank, shape and dtype
#
# **In this lesson we will** say exactly what a tensor is, and create and inspect tensors in NumPy and in
# TensorFlow side by side. On the way we will
#
# - define a tensor as the libraries use the word, and see how it differs from the mathematician's tensor,
# - read a tensor's **rank**, **shape** and **dtype** in both libraries,
# - create tensors of numbers and of strings with an explicit dtype, with the right TensorFlow calls,
# - meet the places where NumPy and TensorFlow make different choices (default dtypes, mutability),
# - check, after every pair of cells, that the two libraries agree.
#
# **Prerequisites.** Python lists and a first look at NumPy arrays, as in
# [Lecture 01](../../lectures/01-first-network/). No TensorFlow is assumed.
#
# **How to read the code.** Each idea is shown twice: a cell labelled **NumPy** (blue) and, right under it, a
# cell labelled **TensorFlow** (orange) that does the same thing. Both cells are real code, executed when this
# page was built, and both end with their result. A third line, `check_same(...)`, compares the two results: same
# shape, same dtype, same values. If they ever disagreed, the page would fail to build, and the test suite
# (`tests/test_tensors_tf.py`) runs every pair of this page again on its own.

# %% [markdown]
# <style>
# /* Label the paired cells by their tags, NumPy in blue and TensorFlow in orange (in both colour schemes). */
# .jp-Cell.celltag_NumPy .cell-tag, .jp-Cell.celltag_TensorFlow .cell-tag {
#   font-weight: 700 !important; font-size: 0.7rem !important; color: #fff !important;
#   border: 0 !important; border-radius: 3px !important; padding: 0 0.5rem !important;
# }
# .jp-Cell.celltag_NumPy .cell-tag { background-color: #3465a4 !important; }
# .jp-Cell.celltag_TensorFlow .cell-tag { background-color: #ce5c00 !important; }
# .jp-Cell.celltag_NumPy > .jp-Cell-inputWrapper { border-left: 4px solid #3465a4; }
# .jp-Cell.celltag_TensorFlow > .jp-Cell-inputWrapper { border-left: 4px solid #ce5c00; }
# </style>

# %%
import numpy as np

from nnbook.plotting import use_book_style
from nnbook.tensors import check_same, describe, import_tensorflow_quietly, show

tf = import_tensorflow_quietly()  # `import tensorflow as tf`, without its C++ start-up log
use_book_style()

# %% [markdown]
# ## What a tensor is
#
# In NumPy, TensorFlow and every deep-learning library, a **tensor** is a rectangular array of elements that
# all have the same type:
#
# - the elements sit on a regular grid with some number $n$ of **axes** (also called dimensions);
# - one element is picked out by $n$ integer indices, $t[i_0, i_1, \dots, i_{n-1}]$, with
#   $0 \le i_k < d_k$;
# - $n$ is the tensor's **rank**, the tuple $(d_0, \dots, d_{n-1})$ of lengths along the axes is its
#   **shape**, and the common type of the elements (32-bit float, 64-bit integer, string, ...) is its
#   **dtype**.
#
# The number of elements is the product of the lengths, $d_0 d_1 \cdots d_{n-1}$. NumPy calls its tensors
# *arrays* (`np.ndarray`) [@harris2020]; TensorFlow calls them *tensors* (`tf.Tensor`) and built its whole
# design around passing them between operations [@abadi2016].
#
# | rank | name | shape, for example | indexed as | where it appears in this book |
# |---|---|---|---|---|
# | 0 | scalar | `()` | `t[()]` | a loss value, a learning rate |
# | 1 | vector | `(30,)` | `t[i]` | one letter of Lecture 01, flattened to 30 pixels |
# | 2 | matrix | `(30, 5)` | `t[i, j]` | the weights `w1` of Lecture 01 |
# | 3 | — | `(8, 8, 3)` | `t[i, j, c]` | a small colour image: rows, columns, channels |
# | 4 | — | `(32, 8, 8, 3)` | `t[b, i, j, c]` | a batch of 32 such images |
#
# Two warnings about words:
#
# - **A vector of length 3 has exactly three numbers.** In linear algebra a vector in $\mathbb{R}^n$ has $n$
#   coordinates once a basis is chosen; in code, a rank-1 tensor of shape `(3,)` holds three numbers, always.
#   What varies from one vector to the next is the length $n$, not whether the coordinates are fixed.
# - **Rank here is not matrix rank.** The rank of a tensor counts its axes (NumPy calls it `ndim`). The rank of
#   a *matrix* in linear algebra counts its linearly independent rows. A $3\times 3$ matrix of ones has
#   tensor rank 2 and matrix rank 1:

# %%
ones = np.ones((3, 3))
print("tensor rank (number of axes):", ones.ndim)
print("matrix rank (independent rows):", np.linalg.matrix_rank(ones))

# %% [markdown]
# Mathematicians and physicists use "tensor" for something stronger: a multilinear object whose array of
# components changes in a fixed way when the basis changes. An array is what you get once a basis is chosen.
# Deep learning only ever uses the array, and so does this book. Kolda and Bader's survey calls the number of
# axes the *order* of a tensor and is a good next read on the mathematics [@kolda2009].
#
# ## Creating tensors, and reading rank, shape and dtype
#
# NumPy builds an array from nested Python lists with `np.array`; TensorFlow builds a tensor with
# `tf.constant`. Both take the dtype as a keyword argument. Here is a rank-2 tensor with two rows and three
# columns:

# %% tags=["NumPy"]
x = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int32)
print(describe(x))
x

# %% tags=["TensorFlow"]
x_tf = tf.constant([[1, 2, 3], [4, 5, 6]], dtype=tf.int32)
print(describe(x_tf))
x_tf

# %%
print(check_same(x, x_tf))

# %% [markdown]
# `describe` (from `nnbook.tensors`) puts the four facts in one line, for either library. Each library also
# has them as attributes. TensorFlow adds `tf.rank`, which returns the rank *as a tensor*: a scalar of dtype
# `int32`, whose `.numpy()` is a NumPy integer. The tensor's own `.ndim` is a plain Python `int`.

# %% tags=["NumPy"]
print("x.ndim  =", x.ndim)
print("x.shape =", x.shape)
print("x.dtype =", x.dtype)
print("x.size  =", x.size)
facts = (x.ndim, x.shape, x.dtype.name, x.size)
facts

# %% tags=["TensorFlow"]
print("tf.rank(x_tf) =", tf.rank(x_tf))
print("x_tf.shape    =", x_tf.shape)
print("x_tf.dtype    =", x_tf.dtype)
print("tf.size(x_tf) =", tf.size(x_tf))
facts_tf = (x_tf.ndim, tuple(x_tf.shape), x_tf.dtype.name, int(tf.size(x_tf)))
facts_tf

# %% [markdown]
# TensorFlow's shape is a `TensorShape`; `tuple(x_tf.shape)` turns it into the same tuple NumPy gives. Its
# dtype is a `tf.DType`, with `.name` the same string as NumPy's `dtype.name`.

# %%
print(check_same(facts, facts_tf))

# %% [markdown]
# ### Scalars, vectors and matrices
#
# A scalar is a tensor of rank 0: its shape is the empty tuple `()`, and it holds one element (the empty
# product is 1). A vector has rank 1 and a matrix rank 2.

# %% tags=["NumPy"]
s = np.array(42.0)
for t in [s, np.array([1.0, 2.0, 3.0]), np.eye(2)]:
    print(describe(t))
s

# %% tags=["TensorFlow"]
s_tf = tf.constant(42.0, dtype=tf.float64)
for t in [s_tf, tf.constant([1.0, 2.0, 3.0], dtype=tf.float64), tf.eye(2, dtype=tf.float64)]:
    print(describe(t))
s_tf

# %%
print(check_same(s, s_tf))

# %% [markdown]
# ### Where the two libraries choose differently: default dtypes
#
# Without a dtype, each library picks one, and **they do not pick the same one**. For Python integers NumPy
# chooses 64-bit integers (on every 64-bit platform since NumPy 2.0) and TensorFlow 32-bit integers; for
# Python floats NumPy chooses 64-bit floats and TensorFlow 32-bit floats, which is what neural networks
# usually train in. A tensor made *from a NumPy array*, on the other hand, keeps the array's dtype:

# %%
print("np.array([1, 2])        ->", np.array([1, 2]).dtype)
print("tf.constant([1, 2])     ->", tf.constant([1, 2]).dtype.name)
print("np.array([1.5])         ->", np.array([1.5]).dtype)
print("tf.constant([1.5])      ->", tf.constant([1.5]).dtype.name)
print("tf.constant(np.array([1, 2])) ->", tf.constant(np.array([1, 2])).dtype.name)

# %% [markdown]
# So whenever both libraries must give the same answer, write the dtype, or build the TensorFlow tensor from
# the NumPy array. The next lesson does the latter.
#
# Mixing dtypes is the other difference. NumPy *promotes* (an `int32` plus a `float64` gives a `float64`);
# TensorFlow refuses and asks you to convert with `tf.cast`:

# %%
print("NumPy:", (np.array([1], dtype=np.int32) + np.array([0.5])).dtype)
try:
    tf.constant([1], dtype=tf.int32) + tf.constant([0.5], dtype=tf.float64)
except tf.errors.InvalidArgumentError as err:
    print("TensorFlow:", type(err).__name__, "-", err.message.split(" [Op")[0])

# %% [markdown]
# Converting explicitly is the same idea in both: `astype` in NumPy, `tf.cast` in TensorFlow.

# %% tags=["NumPy"]
half = x.astype(np.float32) / 2
half

# %% tags=["TensorFlow"]
half_tf = tf.cast(x_tf, tf.float32) / 2
half_tf

# %%
print(check_same(half, half_tf))

# %% [markdown]
# ### Strings are tensors too
#
# A tensor's dtype need not be a number. Strings work in both libraries, stored differently: NumPy keeps
# fixed-width Unicode (`<U7` means "up to 7 characters"), TensorFlow keeps variable-length bytes (dtype
# `string`; `.numpy()` gives Python `bytes`). `check_same` compares them as text.

# %% tags=["NumPy"]
words = np.array(["Hello", "tensors"])
print(describe(words))
words

# %% tags=["TensorFlow"]
words_tf = tf.constant(["Hello", "tensors"])
print(describe(words_tf))
words_tf

# %%
print(check_same(words, words_tf))

# %% [markdown]
# ## Constants and variables
#
# A NumPy array can be changed in place. A `tf.Tensor` cannot: it is immutable, like a Python number.
# TensorFlow keeps values that change, the weights of a network above all, in a `tf.Variable`, which has an
# `assign` method and is what its gradient machinery watches during training
# ([Lecture 02](../../lectures/02-frameworks/) trains a network that way).

# %%
try:
    x_tf[0, 0] = 10
except TypeError as err:
    print("TypeError:", err)

# %% tags=["NumPy"]
w = np.zeros((2, 3), dtype=np.float32)
w[0, 1] = 5.0
w

# %% tags=["TensorFlow"]
w_tf = tf.Variable(tf.zeros([2, 3], dtype=tf.float32))
w_tf[0, 1].assign(5.0)
w_tf

# %%
print(check_same(w, w_tf))

# %% [markdown]
# ### The dtype of a variable: a keyword argument
#
# The article this chapter grew from creates its first tensors as `tf.Variable("Hello, TensorFlow!", tf.string)`,
# `tf.Variable(123, tf.int16)` and `tf.Variable(3.14, tf.float32)`. The signature of `tf.Variable` is
# `tf.Variable(initial_value=None, trainable=None, validate_shape=True, caching_device=None, name=None,
# variable_def=None, dtype=None, ...)`: the **second positional argument is `trainable`**, not the dtype.
# Those calls run without an error, so the mistake is easy to miss. Here is what they do:

# %%
wrong = tf.Variable(123, tf.int16)  # as in the source: tf.int16 lands in `trainable`
print("dtype:", wrong.dtype.name, "| trainable:", wrong.trainable)

# %% [markdown]
# The variable is an `int32`, not an `int16`, and `tf.int16` went into `trainable`. Pass the dtype by
# keyword. For values that never change, `tf.constant` is the right tool; its second positional argument
# *is* the dtype, but the keyword reads better.

# %%
right = tf.Variable(123, dtype=tf.int16)
print(describe(right), "| trainable:", right.trainable)
print(describe(tf.constant(123, dtype=tf.int16)))
print(describe(tf.constant("Hello, TensorFlow!")))
print(describe(tf.Variable(3.14, dtype=tf.float32)))

# %% [markdown]
# (A trainable `int16` variable does not make much sense: gradients are only computed for floating-point
# variables. It is the same call as the source's, corrected.)
#
# ## Looking at a tensor
#
# The last part of the source article prints a $3\times 3$ matrix, its sum, mean and transpose, then draws it
# with `plt.imshow`. `nnbook.tensors.show` draws any tensor of rank 0 to 3 as a heat map with its values
# written in, so that the picture and the numbers can be read together. The reductions have different names
# in the two libraries: `np.sum` and `np.mean` are `tf.reduce_sum` and `tf.reduce_mean`.

# %% tags=["NumPy"]
m = np.arange(1, 10).reshape(3, 3)
mean = np.mean(m)
print("sum :", np.sum(m))
print("mean:", mean)
mean

# %% tags=["TensorFlow"]
m_tf = tf.constant(m)
mean_tf = tf.reduce_mean(tf.cast(m_tf, tf.float64))
print("sum :", tf.reduce_sum(m_tf).numpy())
print("mean:", mean_tf.numpy())
mean_tf

# %%
print(check_same(mean, mean_tf))

# %% [markdown]
# Why the `tf.cast`? `tf.reduce_mean` of an integer tensor returns an integer tensor, so the mean is
# truncated, where `np.mean` returns a float. With a mean that is not a whole number you can see it:

# %%
print("np.mean       :", np.mean(np.array([1, 2])))
print("tf.reduce_mean:", tf.reduce_mean(tf.constant([1, 2])).numpy())

# %% [markdown]
# Sums differ in a quieter way: NumPy adds small integers in a wider type, so the sum of an `int32` array is
# an `int64`, while `tf.reduce_sum` keeps `int32` (and can overflow sooner).

# %%
small = np.array([1, 2], dtype=np.int32)
print("np.sum       :", np.sum(small).dtype)
print("tf.reduce_sum:", tf.reduce_sum(tf.constant(small)).dtype.name)

# %%
show(m, title="m = np.arange(1, 10).reshape(3, 3)")

# %% [markdown]
# The figure reads like the printed array: axis 0 runs down (rows), axis 1 across (columns). `show` accepts a
# TensorFlow tensor just as well, and never imports TensorFlow itself.
#
# ## Summary
#
# - A tensor is a rectangular array of elements of one dtype. Its **rank** is the number of axes, its
#   **shape** the length along each axis, its **size** the product of the lengths.
# - Tensor rank (`ndim`) is not matrix rank, and the mathematician's tensor is more than an array.
# - NumPy: `np.array(..., dtype=...)`, `.ndim`, `.shape`, `.dtype`, `.astype`. TensorFlow:
#   `tf.constant(..., dtype=...)`, `.ndim`, `tf.rank` (a tensor), `.shape` (a `TensorShape`), `.dtype`,
#   `tf.cast`.
# - The defaults differ (64-bit against 32-bit numbers), TensorFlow does not mix dtypes silently, and
#   `tf.reduce_mean` of integers is an integer: state the dtype.
# - `tf.Tensor` is immutable; `tf.Variable` holds values that change, and takes its dtype as
#   `dtype=`: its second positional argument is `trainable`.
#
# The [next lesson](../02-tensor-operations/) reshapes, slices, joins, broadcasts and transposes tensors.
#
# ## Exercises
#
# 1. Predict rank, shape and size of `np.zeros((4, 1, 3))`, `np.array([[[]]])` and `np.array(7)`; check with
#    `describe`.
# 2. Create the tensor `[[0.5, 1.5], [2.5, 3.5]]` as `float16` in both libraries and check that they agree.
# 3. Why does `tf.Variable([1, 2], tf.float32)` create an integer variable? Fix it.
# 4. A colour photo of 480 rows and 640 columns is stored as one byte per channel (red, green, blue). What are
#    its rank, shape, dtype and size in bytes? What about a batch of 16 such photos?
#
# <details class="tip"><summary>Hints and solutions</summary>
#
# 1. Ranks 3, 3 and 0; shapes `(4, 1, 3)`, `(1, 1, 0)` and `()`; sizes 12, 0 and 1. An axis of length 0 is
#    allowed, and makes the tensor empty.
# 2. `np.array([[0.5, 1.5], [2.5, 3.5]], dtype=np.float16)` and
#    `tf.constant([[0.5, 1.5], [2.5, 3.5]], dtype=tf.float16)`; these values are exact in `float16`, so
#    `check_same` reports equal values.
# 3. `tf.float32` is taken as `trainable`, and the dtype is inferred from the Python integers: `int32`.
#    Write `tf.Variable([1, 2], dtype=tf.float32)`.
# 4. Rank 3, shape `(480, 640, 3)`, dtype `uint8`, 921,600 bytes. The batch has rank 4, shape
#    `(16, 480, 640, 3)` and 16 times as many bytes.
#
# </details>
#
# ## References
#
# [@harris2020], [@abadi2016], [@kolda2009]. TensorFlow's own guide to tensors
# (<https://www.tensorflow.org/guide/tensor>) and the API pages of `tf.Variable`, `tf.constant`, `tf.rank` and
# `tf.cast` give the signatures used here.
