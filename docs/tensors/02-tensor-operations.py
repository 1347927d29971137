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
# # Reshaping, slicing, joining, broadcasting and transposing
#
# **In this lesson we will** learn the five operations that move the elements of a tensor around, or combine
# two tensors, in NumPy and TensorFlow side by side. We will
#
# - reshape the flat letters of Lecture 01 back into images,
# - slice tensors, and pick elements by a list of indices or by a mask,
# - concatenate and stack tensors, and say what each does to the shape,
# - state the broadcasting rule precisely, draw it, and predict when it fails,
# - transpose matrices and permute the axes of a batch of colour images,
# - see which tensors the rest of the book passes around.
#
# **Prerequisites.** [Tensors: rank, shape and dtype](../01-rank-shape-dtype/), the previous lesson.
#
# As there, each operation has a **NumPy** cell and a **TensorFlow** cell, both executed when the page was
# built, followed by `check_same(...)`, which fails the build unless both give the same shape, dtype and
# values. The test suite runs every pair again, and checks each operation on many random shapes.

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
from sklearn.datasets import load_digits, load_sample_image

from nnbook.datasets import letters
from nnbook.mlp import generate_wt
from nnbook.plotting import use_book_style, with_alt
from nnbook.tensors import (
    broadcast_shape,
    check_same,
    describe,
    import_tensorflow_quietly,
    show,
    show_broadcast,
)

tf = import_tensorflow_quietly()  # `import tensorflow as tf`, without its C++ start-up log
use_book_style()

# %% [markdown]
# Every TensorFlow tensor on this page is made **from the NumPy array** with `tf.constant(array)`, so both
# libraries start from the same numbers with the same dtype (here NumPy's default integer, `int64`).

# %%
x = np.array([[1, 2, 3], [4, 5, 6]])
x_tf = tf.constant(x)
print(describe(x))
print(describe(x_tf))

# %% [markdown]
# ## Reshaping
#
# Reshaping gives the same elements a new shape. Both libraries read the elements in **row-major order** (the
# last axis changes fastest: `1, 2, 3, 4, 5, 6` for `x`) and pour them, in that order, into the new shape.
# The number of elements cannot change; one length may be written `-1`, and is then computed from the others.

# %% tags=["NumPy"]
r = np.reshape(x, (3, 2))
print(np.reshape(x, (-1,)))
r

# %% tags=["TensorFlow"]
r_tf = tf.reshape(x_tf, [3, 2])
print(tf.reshape(x_tf, [-1]).numpy())
r_tf

# %%
print(check_same(r, r_tf))

# %% [markdown]
# Reshaping is how the flat letters of [Lecture 01](../../lectures/01-first-network/) become pictures again.
# There, each letter is a row of 30 pixels, so the three letters form a matrix of shape `(3, 30)`. A letter
# is 5 rows of 6 pixels, stored row after row: reshaping to `(3, 5, 6)` puts every pixel back in place.

# %%
pixels, _, names = letters()
pixels_tf = tf.constant(pixels)
print(describe(pixels))

# %% tags=["NumPy"]
images = pixels.reshape(3, 5, 6)
images.shape

# %% tags=["TensorFlow"]
images_tf = tf.reshape(pixels_tf, [3, 5, 6])
tuple(images_tf.shape)

# %%
print(check_same(images, images_tf))

# %%
fig = show(images_tf, title="the letters of Lecture 01, reshaped from (3, 30) to (3, 5, 6)")
with_alt(
    fig,
    "Three 5 by 6 grids of zeros and ones, side by side; the ones draw the letters "
    "A, B and C: each row of 30 pixels became a picture again.",
)

# %% [markdown]
# Had we asked for `(3, 6, 5)` instead, the numbers would still fit, but each row of the picture would mix
# two rows of the letter: a reshape never checks that the result *means* anything. (Try it in the exercises.)
# A shape whose size does not match is an error in both libraries:

# %%
try:
    np.reshape(x, (4,))
except ValueError as err:
    print("NumPy:     ", err)
try:
    tf.reshape(x_tf, [4])
except tf.errors.InvalidArgumentError as err:
    print("TensorFlow:", err.message.split(" [Op")[0].split("}} ")[-1])

# %% [markdown]
# ## Slicing and indexing
#
# A slice `start:stop:step` along each axis selects a sub-tensor; `:` keeps a whole axis, a single integer
# removes the axis, and `...` stands for "all the axes in between". Both libraries accept the same syntax.

# %% tags=["NumPy"]
print(x[1])  # row 1: rank 1
print(x[:, -1])  # last column
print(x[::-1])  # rows in reverse order
cols = x[:, 1:]  # all rows, columns 1 and 2
cols

# %% tags=["TensorFlow"]
print(x_tf[1].numpy())
print(x_tf[:, -1].numpy())
print(x_tf[::-1].numpy())
cols_tf = x_tf[:, 1:]
cols_tf

# %%
print(check_same(cols, cols_tf))

# %% [markdown]
# Two differences. A NumPy slice is a **view**: it shares memory with `x`, so writing into it writes into
# `x` (copy it with `.copy()` if that is not what you want). A TensorFlow tensor is immutable, so the
# question does not arise. And TensorFlow's square brackets take integers, slices, `...` and `tf.newaxis`
# only; to pick elements by a *list* of indices, NumPy's "fancy indexing", TensorFlow has `tf.gather`:

# %% tags=["NumPy"]
picked = x[:, [0, 2]]
picked

# %% tags=["TensorFlow"]
picked_tf = tf.gather(x_tf, [0, 2], axis=1)
picked_tf

# %%
print(check_same(picked, picked_tf))

# %% [markdown]
# To keep the elements where a condition holds, NumPy indexes with a boolean array and TensorFlow has
# `tf.boolean_mask(tensor, mask)`. Both return the selected elements as a vector, in row-major order.

# %% tags=["NumPy"]
big = x[x > 2]
big

# %% tags=["TensorFlow"]
big_tf = tf.boolean_mask(x_tf, x_tf > 2)
big_tf

# %%
print(check_same(big, big_tf))

# %% [markdown]
# ## Concatenating and stacking
#
# **Concatenating** joins tensors *along an existing axis*: every other length must match, and the lengths
# along the joining axis add up. **Stacking** puts tensors of the same shape *along a new axis*: the rank
# goes up by one. NumPy names them `np.concatenate` and `np.stack`; TensorFlow `tf.concat` and `tf.stack`.

# %%
a = np.array([[1, 2], [3, 4]])
b = np.array([[5, 6], [7, 8]])
a_tf, b_tf = tf.constant(a), tf.constant(b)

# %% tags=["NumPy"]
print(np.concatenate([a, b], axis=1))
joined = np.concatenate([a, b], axis=0)
joined

# %% tags=["TensorFlow"]
print(tf.concat([a_tf, b_tf], axis=1).numpy())
joined_tf = tf.concat([a_tf, b_tf], axis=0)
joined_tf

# %%
print(check_same(joined, joined_tf))

# %% tags=["NumPy"]
stacked = np.stack([a, b], axis=0)
stacked.shape

# %% tags=["TensorFlow"]
stacked_tf = tf.stack([a_tf, b_tf], axis=0)
tuple(stacked_tf.shape)

# %%
print(check_same(stacked, stacked_tf))

# %%
show(stacked, title="np.stack([a, b]): shape (2, 2, 2), a is slice 0 and b slice 1")

# %% [markdown]
# This is how a **batch** is made: stacking $n$ examples of shape $s$ gives one tensor of shape $(n, *s)$,
# and a network then processes the whole batch at once.
#
# ## Broadcasting
#
# An element-wise operation such as `+` or `*` between tensors of *different* shapes is defined by the
# **broadcasting rule**, the same in NumPy and TensorFlow (TensorFlow took it from NumPy):
#
# 1. Line the two shapes up on the **right**. If one has fewer axes, pad its shape on the left with 1s.
# 2. Compare the lengths axis by axis. They must be **equal, or one of them must be 1**; otherwise the
#    operation fails.
# 3. The result has, on each axis, the larger of the two lengths. A tensor with length 1 on that axis is
#    used as if its single entry were repeated along the axis ("stretched").
#
# The stretching is only a way to think: neither library needs to copy the data to do it. Here is the rule applied
# to the article's example, a matrix of shape `(2, 2)` plus a vector of shape `(2,)`:

# %%
show_broadcast((2, 2), (2,), names=("a", "v"))

# %% [markdown]
# The vector is padded to shape `(1, 2)`, then stretched along axis 0: it is added to **every row**.

# %%
v = np.array([5, 6])
v_tf = tf.constant(v)

# %% tags=["NumPy"]
total = a + v
total

# %% tags=["TensorFlow"]
total_tf = a_tf + v_tf
total_tf

# %%
print(check_same(total, total_tf))

# %% [markdown]
# `np.broadcast_to` and `tf.broadcast_to` make the stretched tensor explicit (NumPy returns a read-only view;
# TensorFlow materialises a new tensor):

# %% tags=["NumPy"]
v_rows = np.broadcast_to(v, (2, 2))
v_rows

# %% tags=["TensorFlow"]
v_rows_tf = tf.broadcast_to(v_tf, [2, 2])
v_rows_tf

# %%
print(check_same(v_rows, v_rows_tf))

# %% [markdown]
# Both operands can be stretched at once. A column of shape `(3, 1)` plus a row of shape `(4,)` gives a
# `(3, 4)` table of all the sums, an "outer sum":

# %%
show_broadcast((3, 1), (4,), names=("column", "row"))

# %%
column = np.array([[0], [10], [20]])
row = np.array([1, 2, 3, 4])
column_tf, row_tf = tf.constant(column), tf.constant(row)

# %% tags=["NumPy"]
table = column + row
table

# %% tags=["TensorFlow"]
table_tf = column_tf + row_tf
table_tf

# %%
print(check_same(table, table_tf))

# %% [markdown]
# The rule works for any number of axes; the NumPy documentation's example aligns a rank-4 and a rank-3 shape.
# `nnbook.tensors.broadcast_shape` is the rule written as a small function, tested against
# `np.broadcast_shapes` on a few hundred random pairs of shapes in every test run:

# %%
show_broadcast((8, 1, 6, 1), (7, 1, 5))

# %%
print(broadcast_shape((8, 1, 6, 1), (7, 1, 5)))
print(np.broadcast_shapes((8, 1, 6, 1), (7, 1, 5)))
print(tf.broadcast_static_shape(tf.TensorShape([8, 1, 6, 1]), tf.TensorShape([7, 1, 5])))

# %% [markdown]
# When the rule fails, `broadcast_shape` says on which axis, counting from the right. The libraries' own
# messages give the two shapes:

# %%
try:
    broadcast_shape((2, 3), (2,), names=("x", "w"))
except ValueError as err:
    print("broadcast_shape:", err)
try:
    x + np.array([1, 2])
except ValueError as err:
    print("NumPy:          ", err)
try:
    x_tf + tf.constant([1, 2], dtype=tf.int64)
except tf.errors.InvalidArgumentError as err:
    print("TensorFlow:     ", err.message.split(" [Op")[0].split("}} ")[-1])

# %% [markdown]
# Broadcasting is everywhere in a network. A dense layer computes $XW + b$: the product has shape
# $(n, h)$, one row per example, and the bias $b$ has shape $(h,)$, so it is added to every example's row,
# exactly like `v` above.
#
# ## Transposing and permuting axes
#
# Transposing a matrix swaps its two axes: the element at `[i, j]` moves to `[j, i]`. For a tensor of any
# rank, both `np.transpose` and `tf.transpose` **reverse the order of all axes** by default, and accept a
# permutation saying which old axis becomes each new axis. NumPy calls it `axes`, TensorFlow `perm`.

# %% tags=["NumPy"]
xt = np.transpose(x)  # same as x.T
xt

# %% tags=["TensorFlow"]
xt_tf = tf.transpose(x_tf)
xt_tf

# %%
print(check_same(xt, xt_tf))

# %% [markdown]
# Permutations matter for images. A colour photo is a rank-3 tensor: rows, columns and three **channels**
# (red, green, blue). scikit-learn ships two photos, so we can make a **batch**, a rank-4 tensor, without
# downloading anything:

# %%
photos = np.stack([load_sample_image("china.jpg"), load_sample_image("flower.jpg")])
photos_tf = tf.constant(photos)
print(describe(photos))

# %%
fig = show(
    photos[0, ::40, ::40], axis=2, title="photo 0, every 40th pixel: one panel per channel (axis 2)"
)
with_alt(
    fig,
    "Three heat maps of 11 by 16 pixel values, one for each of the red, green and blue "
    "channels of the photo; the bright sky at the top is high in all three.",
)

# %% [markdown]
# This layout, `(batch, height, width, channels)` or "NHWC", is TensorFlow's default for images. Other
# libraries (PyTorch among them) expect channels first, `(batch, channels, height, width)` or "NCHW".
# Converting is one permutation: new axis 1 is old axis 3, and so on.

# %% tags=["NumPy"]
channels_first = np.transpose(photos, axes=(0, 3, 1, 2))
print(describe(channels_first))
channels_first.shape

# %% tags=["TensorFlow"]
channels_first_tf = tf.transpose(photos_tf, perm=[0, 3, 1, 2])
print(describe(channels_first_tf))
tuple(channels_first_tf.shape)

# %%
print(check_same(channels_first, channels_first_tf))

# %% [markdown]
# To transpose every matrix in a batch, only the last two axes must swap: `np.swapaxes(t, -1, -2)` in NumPy,
# `tf.linalg.matrix_transpose(t)` in TensorFlow. Here the three letters become three mirrored-and-turned
# letters of shape `(6, 5)`:

# %% tags=["NumPy"]
turned = np.swapaxes(images, -1, -2)
turned.shape

# %% tags=["TensorFlow"]
turned_tf = tf.linalg.matrix_transpose(images_tf)
tuple(turned_tf.shape)

# %%
print(check_same(turned, turned_tf))

# %% [markdown]
# ## Where tensors appear in the rest of the book
#
# **Weight matrices.** In [Lecture 01](../../lectures/01-first-network/) the letters, a matrix of shape
# `(3, 30)`, are multiplied by a weight matrix of shape `(30, 5)`: rank-2 tensors, and the product's shape
# follows the rule $(n, d)\,(d, h) \to (n, h)$. `@` works in both libraries (`tf.matmul` is the function).

# %%
w1 = generate_wt(30, 5, rng=0)
w1_tf = tf.constant(w1)

# %% tags=["NumPy"]
hidden = pixels @ w1
hidden.shape

# %% tags=["TensorFlow"]
hidden_tf = tf.matmul(pixels_tf, w1_tf)
tuple(hidden_tf.shape)

# %%
print(check_same(hidden, hidden_tf))

# %% [markdown]
# The two products are compared to a relative tolerance of $10^{-12}$, not exactly: the libraries may add
# the 30 products in a different order, and floating-point addition is not associative.
#
# **Images.** Grey-scale images form a rank-3 tensor `(n, height, width)`; colour images a rank-4 tensor, as
# above. scikit-learn's handwritten digits, which later chapters train on, are 1797 images of $8\times 8$
# pixels:

# %%
digit_images = load_digits().images
print(describe(digit_images))
fig = show(
    digit_images[:6], title="digit_images[:6]: six 8 x 8 images", annotate=False, cmap="Greys"
)
with_alt(fig, "Six 8 by 8 grey-scale images of handwritten digits, the first six of the data set.")

# %% [markdown]
# The filters of a [convolutional network](../../architectures/cnn/) are tensors too: TensorFlow stores the kernels of a 2-D convolution
# with shape `(kernel height, kernel width, input channels, output channels)`, and a convolutional layer turns
# a batch of shape `(n, H, W, C)` into another of shape `(n, H', W', C')`.
#
# **Sequences.** A batch of sequences, such as sentences or sensor readings over time, is a rank-3 tensor
# `(batch, time steps, features)`; a [recurrent network](../../architectures/rnn/) reads it one time step,
# one slice `t[:, k, :]`, at a time.
#
# **Gradients.** Every gradient of the loss with respect to a weight tensor has that tensor's shape; the
# [automatic-differentiation chapter](../../autodiff/) builds this bookkeeping from scratch.
#
# The [architectures chapter](../../architectures/) builds its networks on these shapes, and
# [Lecture 02](../../lectures/02-frameworks/) trains the network of Lecture 01 with `tf.Variable` weights,
# among other frameworks.
#
# ## Summary
#
# | operation | NumPy | TensorFlow | shape rule |
# |---|---|---|---|
# | reshape | `np.reshape(x, shape)` | `tf.reshape(x, shape)` | same size; row-major order; one `-1` allowed |
# | slice | `x[1:, ::2]` | `x[1:, ::2]` | a slice keeps an axis, an integer removes it |
# | pick by indices | `x[:, [0, 2]]` | `tf.gather(x, [0, 2], axis=1)` | that axis gets the list's length |
# | pick by mask | `x[mask]` | `tf.boolean_mask(x, mask)` | a mask of `x`'s shape gives a vector |
# | concatenate | `np.concatenate([a, b], axis=k)` | `tf.concat([a, b], axis=k)` | lengths on axis `k` add up |
# | stack | `np.stack([a, b], axis=k)` | `tf.stack([a, b], axis=k)` | a new axis at `k` |
# | broadcast | `a + b`, `np.broadcast_to` | `a + b`, `tf.broadcast_to` | align right; equal or 1 |
# | transpose | `np.transpose(x, axes)` | `tf.transpose(x, perm)` | axis `k` of the result is axis `perm[k]` |
# | batch transpose | `np.swapaxes(x, -1, -2)` | `tf.linalg.matrix_transpose(x)` | the last two axes swap |
#
# - Reshaping never checks meaning: know the order in which the elements are stored.
# - NumPy slices are views; TensorFlow tensors are immutable.
# - Broadcasting compares shapes from the right: equal lengths, or a 1 that is stretched.
#
# ## Exercises
#
# 1. Reshape the letters to `(3, 6, 5)` instead of `(3, 5, 6)` and `show` them. Why are they unreadable,
#    although no error is raised?
# 2. Without running it, give the shape of `np.zeros((5, 1, 3)) + np.zeros((4, 3))`; then check your answer
#    with `show_broadcast` and `broadcast_shape`. Does `np.zeros((5, 2, 3)) + np.zeros((4, 3))` work?
# 3. Standardise the columns of a data matrix `X` of shape `(n, d)`: subtract each column's mean and divide
#    by its standard deviation, in NumPy and in TensorFlow, without a loop. Which shapes broadcast here?
# 4. Take the `photos` batch and make a grey-scale batch of shape `(2, 427, 640)` by averaging the channels.
#    Then make it `(2, 427, 640, 1)` again with `np.expand_dims` / `tf.expand_dims`.
#
# <details class="tip"><summary>Hints and solutions</summary>
#
# 1. The 30 pixels of a letter are stored row by row, 6 per row. Reading them 5 at a time starts each new row
#    one pixel early, so the picture is sheared. A reshape only requires the same number of elements.
# 2. Padded, the shapes are `(5, 1, 3)` and `(1, 4, 3)`: the result is `(5, 4, 3)`. The second one fails on
#    axis -2, where the lengths are 2 and 4.
# 3. `X.mean(axis=0)` has shape `(d,)`, which broadcasts against `(n, d)` row by row:
#    `(X - X.mean(axis=0)) / X.std(axis=0)`. In TensorFlow: `tf.reduce_mean(X, axis=0)` and
#    `tf.math.reduce_std(X, axis=0)`, same expression.
# 4. `photos.mean(axis=-1)` (NumPy, giving `float64`) or `tf.reduce_mean(tf.cast(photos_tf, tf.float64),
#    axis=-1)`; then `np.expand_dims(grey, -1)` or `tf.expand_dims(grey_tf, -1)`. Without the cast,
#    `tf.reduce_mean` of `uint8` pixels would truncate, as in the previous lesson.
#
# </details>
#
# ## References
#
# [@harris2020] describes NumPy's arrays, views and broadcasting; [@abadi2016] TensorFlow's design. The
# NumPy user guide's page on broadcasting (<https://numpy.org/doc/stable/user/basics.broadcasting.html>) and
# TensorFlow's guide to tensors (<https://www.tensorflow.org/guide/tensor>) state the same rule with more
# examples.
