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
# # One network, five frameworks
#
# **In this lesson we will** take the network of Lecture 01 and write it five ways: in NumPy with the
# gradients we derived by hand, with the book's own automatic-differentiation engine `nnbook.autodiff`,
# with TensorFlow's `GradientTape`, with Keras's `compile` and `fit`, and with PyTorch's `nn.Sequential`
# and `loss.backward()`. Then we check that they compute the same thing. On the way we will
#
# - see which line of each version is the model, the forward pass, the loss, the gradients, the update
#   step and the training loop,
# - start all five from the same weights and feed them the same examples in the same order,
# - overlay their loss curves and measure the largest difference between them,
# - see why the differences are not exactly zero, and what single precision (float32) changes,
# - list what a framework gives us that our NumPy version lacks.
#
# **Prerequisites.** [Lecture 01](../../lectures/01-first-network/): the 30-5-3 network, its mean squared
# error and backpropagation. No framework is assumed; each line of framework code is explained below.
# The page needs the book's optional dependencies: `pip install -e ".[tf,torch]"` adds TensorFlow (with
# Keras) and PyTorch. The NumPy lessons need neither.

# %%
import numpy as np

from nnbook import mlp
from nnbook.frameworks import (
    IMPLEMENTATIONS,
    TOLERANCE,
    largest_difference,
    lecture_problem,
    plot_loss_curves,
    run_all,
    source_tabs,
    train_torch,
)
from nnbook.plotting import use_book_style
from nnbook.tensors import import_tensorflow_quietly

use_book_style()
tf = import_tensorflow_quietly()  # import tensorflow, without its C++ log
import keras  # noqa: E402
import torch  # noqa: E402

for library in (np, tf, keras, torch):
    print(f"{library.__name__:10s} {library.__version__}")

# %% [markdown]
# ## The network, the data and the starting point
#
# The network is Lecture 01's: 30 inputs, 5 hidden sigmoid units, 3 sigmoid outputs, no biases,
#
# $$\hat Y = \sigma\bigl(\sigma(X W_1)\, W_2\bigr),$$
#
# trained on the mean squared error over all $nk$ outputs of a batch,
# $L = \frac{1}{nk}\sum_{i,j} (\hat Y_{ij} - Y_{ij})^2$, with plain gradient descent (no momentum):
# $W \leftarrow W - \alpha\, \partial L/\partial W$ after every example. The data are the three clean letters
# A, B and C, always in that order.
#
# For the five versions to be comparable, everything that is usually random must be the same:
#
# - **the starting weights.** Each framework would draw its own (Keras's `Dense` layer uses Glorot's uniform
#   distribution by default, PyTorch's `nn.Linear` a uniform distribution of width $2/\sqrt{\text{inputs}}$);
#   we overwrite them with Lecture 01's $W_1$ and $W_2$;
# - **the order of the examples.** Keras's `fit` shuffles the examples every epoch unless told not to
#   (`shuffle=False`); PyTorch's `DataLoader` does not shuffle unless told to; we never shuffle;
# - **the arithmetic.** Every version computes in float64 (the last sections explain why that matters).
#
# `lecture_problem()` returns this common starting point as the keyword arguments of a training function.
# Lecture 01 trained for 200 epochs; to keep this page quick (Keras spends tens of milliseconds
# per epoch on its own bookkeeping) we train for the first 100 of them.

# %%
problem = lecture_problem(epochs=100)
for name, value in problem.items():
    shape = getattr(value, "shape", None)
    print(f"{name:10s}", f"array of shape {shape}" if shape else value)
steps = problem["epochs"] * len(problem["x"]) // problem["batch_size"]
print("gradient steps:", steps)

# %% [markdown]
# ## Five implementations
#
# Each tab below is the source of one function of `nnbook.frameworks`, shown by
# the same cell that collects them; the next code cell runs exactly these functions. All five have the
# same signature, `train_xxx(x, Y, w1, w2, lr, epochs, batch_size)`, and return the loss on all the data
# after each epoch and the trained weights, as NumPy arrays in Lecture 01's layout. Their first line,
# `_checked(...)`, is shared: it checks the shapes and gives each function its own float64 copy of the
# arrays. Each framework is imported inside its function, so that the NumPy lessons never need it.

# %%
source_tabs(IMPLEMENTATIONS)

# %% [markdown]
# How to read them, tab by tab:
#
# - **NumPy.** Nothing is automatic: `mlp.gradients` is the backpropagation we derived by hand in
#   Lecture 01, and the update is ordinary array arithmetic. This function repeats Lecture 01's `train`
#   exactly (we check it below).
# - **nnbook.autodiff.** The weights become `Variable`s; computing the loss with them records a graph of
#   the operations, and `loss.backward()` walks that graph backwards, filling `W1.grad` and `W2.grad`
#   [@baydin2018]. `backward()` *adds* into `.grad`, so the gradients of the previous step are reset with
#   `zero_grad` first. The update stays ours.
# - **TensorFlow.** The same three steps with TensorFlow's names [@abadi2016]: `tf.Variable` holds a
#   weight, `tf.GradientTape` records the operations run inside its `with` block, and
#   `tape.gradient(loss, [W1, W2])` returns the two gradients. `assign_sub` updates a variable in place.
#   `tf.data.Dataset.from_tensor_slices(...).batch(...)` is TensorFlow's data pipeline: it cuts the
#   arrays into batches, in order.
# - **Keras.** A higher level: the model is a list of layers (`Dense` is $\sigma(XW)$ with
#   `use_bias=False`); `compile` chooses the optimizer and the loss, and `fit` runs the whole training loop,
#   batches included. Keras converts float data to its default type, `keras.config.floatx()`, which is
#   float32 unless changed, and computes its losses in that type, so the function switches it to float64
#   while it runs. Keras calls a loss as `loss_fn(Y, Y_hat)`, targets first. The number `fit` itself reports
#   for an epoch is the average of the losses of that epoch's batches, each measured *before* its update
#   step; to record the same quantity as the others (the loss on all the data *after* the epoch), a
#   callback computes it at the end of every epoch.
# - **PyTorch.** `nn.Sequential` chains the layers [@paszke2019]. `nn.Linear` stores its weight as
#   (outputs, inputs), the transpose of Lecture 01's $W$, so we copy in `w1.T`, inside
#   `torch.no_grad()` because setting a starting value is not part of any computation to differentiate.
#   In the loop, `optimizer.zero_grad()` resets the gradients (PyTorch also accumulates them),
#   `loss.backward()` computes them, and `optimizer.step()` applies
#   $W \leftarrow W - \alpha\,\partial L/\partial W$ to every parameter; `torch.optim.SGD` without
#   `momentum` is exactly that. `DataLoader` is PyTorch's data pipeline.
#
# ## Do they compute the same thing?
#
# We run all five from the same problem. `run_all` gives each function its own copy of the arrays.

# %%
runs = run_all(problem)
curves = {name: run[0] for name, run in runs.items()}  # (losses, w1, w2)
print(f"{'':16s} {'loss after epoch 1':20s} after epoch {len(curves['NumPy'])}")
for name, losses in curves.items():
    print(f"{name:16s} {losses[0]:.17f}  {losses[-1]:.17f}")

# %% [markdown]
# The numbers agree to about sixteen significant digits, which is all a float64 number has. The largest
# difference between any two of the five loss curves, over all epochs, and between their trained weights:

# %%
gap, (first, second) = largest_difference(curves)
_, ref_w1, ref_w2 = runs["NumPy"]
weight_gap = max(
    max(np.abs(w1 - ref_w1).max(), np.abs(w2 - ref_w2).max()) for _, w1, w2 in runs.values()
)
print(f"loss curves:     {gap:.1e} (between {first} and {second})")
print(f"trained weights: {weight_gap:.1e} (from NumPy's)")
print(f"tolerance of the agreement test: {TOLERANCE:.0e}")
# If the five ever disagree, this cell raises and the page fails to build.
assert gap < TOLERANCE and weight_gap < TOLERANCE

# %% [markdown]
# The NumPy version is Lecture 01's training itself, to the last bit:

# %%
x, Y, w1, w2 = (problem[key] for key in ("x", "Y", "w1", "w2"))
lr, epochs = problem["lr"], problem["epochs"]  # 1.0 and 100
acc, lecture_losses, _, _ = mlp.train(x, Y, w1, w2, alpha=lr, epoch=epochs)
print("NumPy curve == Lecture 01's curve:", curves["NumPy"] == lecture_losses)

# %% [markdown]
# The figure overlays the five curves (left). They coincide, so the right panel shows what the eye
# cannot see: for every epoch, how far each curve is from the NumPy one, relative to the loss. We add a
# sixth run, PyTorch in single precision (float32), discussed below. The dashed and dotted lines mark the
# *machine epsilon* $\varepsilon$ of each type, the gap between 1 and the next representable number.

# %%
float32_losses, _, _ = train_torch(**problem, dtype="float32")
curves_with_float32 = {**curves, "PyTorch, float32": float32_losses}
plot_loss_curves(curves_with_float32)  # its alt text states the largest gaps

# %% [markdown]
# ## Why the differences are not zero
#
# The five versions do the same arithmetic in different orders. A matrix product is a sum, and each
# library adds its terms in its own order (NumPy hands it to a BLAS library; TensorFlow and PyTorch use their
# own kernels, blocked for the processor's vector units). Floating-point addition rounds after every
# operation, so it is not associative:

# %%
print("(0.1 + 0.2) + 0.3 =", (0.1 + 0.2) + 0.3)
print("0.1 + (0.2 + 0.3) =", 0.1 + (0.2 + 0.3))
print("float64 machine epsilon:", np.finfo(np.float64).eps)

# %% [markdown]
# Each such rounding changes a result by at most a relative $\varepsilon/2 \approx 1.1\times 10^{-16}$.
# The sigmoids are written differently too: `nnbook.mlp.sigmoid` uses $e^{z}/(1+e^{z})$ for negative $z$ to
# avoid overflow, the frameworks their own formulas. Over hundreds of training steps these rounding
# differences could in principle accumulate, but gradient descent on this problem does not amplify them:
# the curves stay a few $\varepsilon$ apart. That is why the test `tests/test_frameworks.py` asks for
# agreement to $10^{-10}$ and not to zero. If the rounding errors of every step simply added up, the 600
# steps of Lecture 01's 200 epochs, each made of sums of at most 30 terms, would move losses of at most
# 0.25 by at most about $600 \times 30 \times 1.1\times10^{-16}\times 0.25 \approx 5\times 10^{-13}$; the
# tolerance leaves a wide margin above that. A real difference (a different loss, a wrong
# learning rate, single precision) is many orders of magnitude larger, and the test checks that it notices
# a learning rate off by 0.1 % and float32 arithmetic.
#
# ## Single precision
#
# In float32 a number carries 24 significant bits instead of 53; its machine epsilon is about
# $1.2\times 10^{-7}$. Frameworks default to float32 because it halves memory and is much faster on graphics
# processors, and because the noise of training (random initialisation, shuffled mini-batches) is far larger
# than its rounding. What each library gives a new floating-point tensor by default:

# %%
one = np.array([1.0])  # a float64 array
defaults = {
    "np.array([1.0])": np.array([1.0]).dtype,
    "tf.constant(1.0)": tf.constant(1.0).dtype.name,
    "tf.constant(one)": tf.constant(one).dtype.name,
    "torch.tensor([1.0])": torch.tensor([1.0]).dtype,
    "torch.from_numpy(one)": torch.from_numpy(one).dtype,
    "keras.config.floatx()": keras.config.floatx(),
}
for expression, dtype in defaults.items():
    print(f"{expression:22s} {dtype}")
print("float32 machine epsilon:", np.finfo(np.float32).eps)
gap32, _ = largest_difference({"float64": curves["NumPy"], "float32": float32_losses})
print(f"largest difference, PyTorch float32 vs NumPy: {gap32:.1e}")
print(f"largest difference between the float64 versions: {gap:.1e}")

# %% [markdown]
# The float32 run trains just as well; its curve is indistinguishable on the left of the figure. Its gap
# from the float64 runs is about the float32 epsilon instead of the float64 one. For an agreement test
# this difference would swamp the one we are looking for, so the comparison uses float64 throughout, and
# each framework has to be asked for it: TensorFlow keeps the dtype of the NumPy arrays it receives,
# PyTorch's `nn.Linear` takes `dtype=`, and Keras needs `keras.config.set_floatx("float64")`.
#
# ## The concepts, side by side
#
# | Concept | NumPy | nnbook.autodiff | TensorFlow | PyTorch |
# |---|---|---|---|---|
# | parameters | arrays | `Variable` | `tf.Variable` | `nn.Linear` layers |
# | model | `mlp.forward` | a function | a function | `nn.Sequential` |
# | loss | `mlp.loss` | `mean(...)` | `tf.reduce_mean` | `nn.MSELoss` |
# | gradients | by hand | `loss.backward()` | `tape.gradient` | `loss.backward()` |
# | reset them | (not kept) | `zero_grad` | a new tape | `zero_grad()` |
# | update step | `w - lr * dw` | `W.value - lr * W.grad` | `assign_sub` | `optimizer.step()` |
# | batches | slices | slices | `tf.data.Dataset` | `DataLoader` |
# | training loop | `for` loops | `for` loops | `for` loops | `for` loops |
#
# Keras folds most of these rows into two calls. The parameters live in the `Dense` layers of a
# `keras.Sequential` model; the loss (`MeanSquaredError`) and the update rule (`SGD`) are given to
# `compile`; `fit(x, Y, batch_size=..., epochs=...)` then batches the data, computes and applies the
# gradients, and loops. Anything else that should happen during training, such as recording our loss after
# each epoch, goes into a callback.
#
# ## What a framework gives that our NumPy version lacks
#
# - **Automatic gradients.** Lecture 01 derived four lines of backpropagation by hand and needed finite
#   differences to catch a mistake in them. With `backward()` or `tape.gradient` any model built from the
#   library's operations gets exact gradients; changing the model no longer means deriving again. Our own
#   `nnbook.autodiff` does the same on a small scale, in the spirit of the autograd package for NumPy
#   [@maclaurin2015].
# - **Optimizers.** Plain gradient descent is one line; momentum or Adam [@kingma2014] are more, with
#   state to keep per parameter. Frameworks provide them behind one interface: swapping
#   `torch.optim.SGD` for `torch.optim.Adam` changes nothing else in the loop.
# - **Layers and initialisers.** `Dense` and `nn.Linear` bundle a weight, an optional bias and a sensible
#   random start; convolutional and recurrent layers come the same way.
# - **Data pipelines.** `DataLoader` and `tf.data` batch, shuffle (with a seed), and load data in
#   parallel with training; Keras's `fit` does it for arrays.
# - **Devices and speed.** The same code runs on a graphics processor (`model.to("cuda")` in PyTorch;
#   TensorFlow places operations on a GPU when one is present), and compilers (`tf.function`, XLA,
#   `torch.compile`) fuse operations. On a network of 165 weights none of that helps: each step is a few
#   hundred multiplications, less work than the framework's own bookkeeping per step (exercise 6
#   measures it).
#
# What NumPy gives in return is transparency: every number is an array we can print, and nothing happens
# that we did not write [@harris2020].
#
# ## What we changed from the source
#
# The text this page grew from ends its first lecture with three framework snippets. They do not run
# as printed, and they are not the lecture's network:
#
# | In the source | Here | Why |
# |---|---|---|
# | `input_size`, `hidden_size`, `loss_fn`, `optimizer`, `data`, `targets`, `inputs` used but never defined | every name defined; every snippet executed when the page is built | code on the site runs |
# | PyTorch, TensorFlow and Keras examples each build a different network (ReLU hidden layer, sigmoid or linear output, Adam, binary cross-entropy) | the lecture's network, loss and optimizer in every version | only the same computation can be compared |
# | the "TensorFlow" example is the Keras API (`tf.keras`) | TensorFlow's own level, `tf.GradientTape`, on one tab; Keras on another | they are different levels of the same library |
# | `from tensorflow import keras` and then `from keras.layers import Dense` | `import keras` only | since TensorFlow 2.16, `tf.keras` is Keras 3, the stand-alone `keras` package; mixing two import paths invites two versions |
# | "PyTorch provides flexibility, TensorFlow enables high performance, and Keras offers convenience" | the concept table and the list above | claims we can check on the page |
#
# ## Summary
#
# - One network can be written at four levels: gradients by hand (NumPy), a small autodiff engine, a
#   gradient tape (TensorFlow, PyTorch), or a complete training loop behind `fit` (Keras).
# - Every version has the same parts: parameters, a forward pass, a loss, gradients, an update step, and a
#   loop over batches; only their names differ.
# - Started from the same weights, fed the same examples in the same order, in float64, the five versions
#   agree to within a few machine epsilons; the remaining differences come from the order of floating-point
#   operations.
# - Frameworks default to float32, whose machine epsilon is $2^{29} \approx 5\times 10^{8}$ times larger:
#   harmless for training, but it must be switched off to compare implementations.
# - What frameworks add is automatic gradients, optimizers, layers, data pipelines and devices, which pay
#   off on large models and data, not on a network of 165 weights.
#
# ## Exercises
#
# 1. Replace `torch.optim.SGD` by `torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)` in a copy of
#    `train_torch`. Which other implementation can you change so that the two agree again?
#    <details class="tip"><summary>Hint</summary>Keras's <code>SGD</code> takes <code>momentum=</code>
#    too. Check that both use the same form of the update: read the formulas in each library's
#    documentation of <code>SGD</code>.</details>
# 2. Train with mini-batches of two letters (`batch_size=2`): the last batch of each epoch then holds a
#    single letter. Do the five versions still agree? What does each one average over in that last batch?
#    <details class="tip"><summary>Hint</summary><code>run_all({**lecture_problem(), "batch_size": 2})</code>
#    and <code>largest_difference</code>.</details>
# 3. Make the Keras version run in float32 (leave `floatx` alone) and measure its gap from NumPy. Is it the
#    same as PyTorch's float32 gap? Why might it not be?
# 4. Shuffle the examples every epoch while keeping all five versions in step.
#    <details class="tip"><summary>Hint</summary>Draw the permutations once with
#    <code>np.random.default_rng(seed)</code> and reorder <code>x</code> and <code>Y</code> yourself before
#    each epoch, rather than letting each framework shuffle with its own random generator.</details>
# 5. Train the five versions on real data: scikit-learn's breast-cancer measurements (30 features per
#    tumour, like the 30 pixels of a letter, and two classes), with mini-batches of 32. Do they still agree?
#    <details class="tip"><summary>Hint</summary><code>X_train, X_test, y_train, y_test =
#    nnbook.datasets.breast_cancer()</code>; the targets are <code>np.eye(2)[y_train]</code>, and
#    <code>lecture_problem()</code>'s weights have the right shapes for 30 inputs, 5 hidden units and
#    3 outputs only: draw new ones with <code>mlp.generate_wt(5, 2, rng=2)</code>. A smaller learning rate
#    helps.</details>
# 6. Time the five functions on Lecture 01's problem (`time.perf_counter()` around each call, after a first
#    call that imports the framework). Which is fastest? Then make the network larger (more hidden units,
#    the digits data) and time them again. Where does the order change?
#
# ## References
#
# NumPy is described in [@harris2020], TensorFlow in [@abadi2016], PyTorch in [@paszke2019] and Keras in
# [@chollet2015]. Automatic differentiation in machine learning is surveyed in [@baydin2018]; the
# autograd package, which inspired `nnbook.autodiff`, in [@maclaurin2015]; the Adam optimizer is
# [@kingma2014].
