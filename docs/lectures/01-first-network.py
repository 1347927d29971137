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
# # Your first neural network, in NumPy
#
# **In this lesson we will** build, train and test a neural network with one hidden layer using nothing
# but NumPy. It learns to tell three tiny pixel letters apart. On the way we will
#
# - write the forward pass as two matrix products and two sigmoids,
# - see why the weights must not all start at zero,
# - derive backpropagation by hand, with the shape of every matrix, and check it against finite differences,
# - train the network, watch its loss and accuracy, and look at what it predicts,
# - see what the learning rate does, and rewrite the network for mini-batches with biases.
#
# **Prerequisites.** Python and NumPy arrays (`@` is matrix multiplication), and the chain rule of calculus.
# Nothing about neural networks is assumed. Every function used here lives in
# [`nnbook.mlp`](../api/mlp.md): the page shows that code rather than a copy of it.

# %%
import numpy as np

from nnbook import mlp
from nnbook.datasets import LETTER_SHAPE, letters
from nnbook.display import show_source
from nnbook.gradcheck import max_relative_error, numerical_gradient
from nnbook.plotting import plot_confidence, plot_curves, plot_letters, use_book_style

use_book_style()
np.set_printoptions(precision=3, suppress=True)

# %% [markdown]
# ## The data: three letters of 30 pixels
#
# Each letter is a bitmap of 5 rows and 6 columns. We flatten it row by row into a vector of 30 numbers,
# 1 for ink and 0 for paper, and stack the three letters as the rows of a matrix $X$ of shape $(3, 30)$.
# The labels are *one-hot*: the target for A is $(1, 0, 0)$, for B $(0, 1, 0)$, for C $(0, 0, 1)$.
#
# The bitmaps printed in the lecture this page grew from each carry one stray pixel (A in its first row,
# B in its fourth, C in its third). We teach with clean letters and keep the original ones as a small test
# of what the network does with a slightly different input.

# %%
x, Y, names = letters()
x_source, _, _ = letters("source")
print("x:", x.shape, " Y:", Y.shape, " classes:", names)
print(Y)

# %%
plot_letters(
    np.vstack([x, x_source]),
    names,
    shape=LETTER_SHAPE,
    titles=[f"{c} (clean)" for c in names] + [f"{c} (source)" for c in names],
)

# %% [markdown]
# ## The network's shape
#
# The network has 30 inputs, a hidden layer of 5 units and 3 outputs, one per letter. We write one example
# per **row**, so a batch of $n$ examples flows through it as
#
# $$
# \underbrace{Z_1}_{n\times 5} = \underbrace{X}_{n\times 30}\,\underbrace{W_1}_{30\times 5},\qquad
# A_1 = \sigma(Z_1),\qquad
# \underbrace{Z_2}_{n\times 3} = \underbrace{A_1}_{n\times 5}\,\underbrace{W_2}_{5\times 3},\qquad
# A_2 = \sigma(Z_2).
# $$
#
# $\sigma$ acts on every entry separately. Row $i$ of $A_2$ holds the network's three outputs for example
# $i$; the position of the largest is its guess. In code the names are `x`, `w1`, `z1`, `a1`, `w2`, `z2`, `a2`,
# as in the lecture. This first network has no biases (no "$+\,b$"); we add them at the end.
#
# ## The sigmoid and its derivative
#
# The sigmoid squashes any number into the interval $(0, 1)$:
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}}, \qquad \sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr).$$
#
# The derivative follows from the quotient rule: $\sigma'(z) = e^{-z}/(1+e^{-z})^2$, and
# $e^{-z}/(1+e^{-z}) = 1 - \sigma(z)$. It is largest, $1/4$, at $z = 0$ and vanishes for large $|z|$:
# a saturated unit learns slowly. Computing $e^{-z}$ naively overflows for $z \approx -710$, so
# `nnbook.mlp.sigmoid` uses $e^{z}/(1+e^{z})$ for negative inputs.

# %%
show_source(mlp.sigmoid)

# %%
z = np.linspace(-8, 8, 200)
plot_curves({"σ(z)": mlp.sigmoid(z), "σ'(z)": mlp.sigmoid_deriv(z)}, x=z, xlabel="z")

# %% [markdown]
# ## The forward pass
#
# `forward` is the four equations above. It accepts one example (a vector of 30), a matrix of examples, or
# the lecture's list of $1\times 30$ rows, and it checks that the shapes fit before multiplying.

# %%
show_source(mlp.forward)

# %% [markdown]
# A wrong shape gets an error that says which argument is wrong and what was expected:

# %%
try:
    mlp.forward(np.ones(25), np.zeros((30, 5)), np.zeros((5, 3)))
except ValueError as err:
    print("ValueError:", err)

# %% [markdown]
# ## Why the weights must not start at zero
#
# Suppose every weight starts at the same value, zero for instance. Then every hidden unit computes the same
# sum of the same inputs, so all five have the same activation; each receives the same error signal from the
# outputs and so the same update. After any number of steps they are still identical: five hidden units
# behave like one. Random starting weights break this symmetry.
#
# We can watch it happen. `generate_wt(rows, cols, scale=0)` gives zeros; we train from there and measure
# how different the hidden units' incoming weights (the columns of $W_1$) have become.

# %%
w1_zero, w2_zero = mlp.generate_wt(30, 5, scale=0), mlp.generate_wt(5, 3, scale=0)
acc_zero, loss_zero, w1_after, w2_after = mlp.train(x, Y, w1_zero, w2_zero, alpha=1.0, epoch=200)
print("largest difference between two hidden units' weights:", np.ptp(w1_after, axis=1).max())
print("accuracy after 200 epochs from zero weights:", f"{acc_zero[-1]:.0%}")

# %% [markdown]
# The columns are equal up to floating-point rounding (differences of order $10^{-16}$), and the network
# is stuck at the accuracy of a constant guess. By default `generate_wt` draws each weight from a normal distribution with
# standard deviation $1/\sqrt{\text{number of inputs}}$, which keeps each unit's weighted sum of order one
# whatever the layer's width [@lecun1998efficient]. (The lecture says small random values such as
# $0.01 \times$ a normal draw are common, but its code does not scale at all; with sigmoids, weights that
# are too small make every unit start near $\sigma(0) = 0.5$ with tiny gradients.) We pass a seed so that
# this page shows the same numbers on every build.

# %%
show_source(mlp.generate_wt)

# %% [markdown]
# ## The loss: mean squared error
#
# For outputs $A_2$ and one-hot targets $Y$, both $n \times k$ with $k = 3$ classes, the loss is the
# mean of the squared differences over all $nk$ entries:
#
# $$L = \frac{1}{nk} \sum_{i=1}^{n}\sum_{j=1}^{k} \bigl(A_{2,ij} - Y_{ij}\bigr)^2 .$$
#
# (The lecture divided by the length of a global variable instead of the batch it was given; `loss` uses
# only its own arguments.)

# %%
show_source(mlp.loss)

# %% [markdown]
# ## Backpropagation, step by step
#
# Training needs $\partial L/\partial W_1$ and $\partial L/\partial W_2$. Backpropagation computes them with
# the chain rule, starting at the loss and moving backwards through the forward equations; each
# intermediate result is reused by the next step [@rumelhart1986]. We write $\odot$ for entrywise
# multiplication and give every shape.
#
# **Output layer.** Differentiating $L$ with respect to each output, then through the sigmoid:
#
# $$
# \frac{\partial L}{\partial A_2} = \frac{2}{nk}\,(A_2 - Y), \qquad
# \underbrace{\Delta_2}_{n\times k} := \frac{\partial L}{\partial Z_2}
#   = \frac{2}{nk}\,(A_2 - Y) \odot \sigma'(Z_2).
# $$
#
# **Weights $W_2$.** $Z_{2,ij} = \sum_h A_{1,ih} W_{2,hj}$, so
# $\partial L / \partial W_{2,hj} = \sum_i A_{1,ih}\,\Delta_{2,ij}$; as a matrix product
#
# $$\underbrace{\frac{\partial L}{\partial W_2}}_{5\times k} = \underbrace{A_1^{\top}}_{5\times n}\;\underbrace{\Delta_2}_{n\times k}.$$
#
# **Hidden layer.** The error reaches $A_1$ through $W_2$ and then passes through the hidden sigmoid:
#
# $$\underbrace{\Delta_1}_{n\times 5} := \frac{\partial L}{\partial Z_1}
#   = \bigl(\underbrace{\Delta_2}_{n\times k}\,\underbrace{W_2^{\top}}_{k\times 5}\bigr) \odot \sigma'(Z_1),
# \qquad
# \underbrace{\frac{\partial L}{\partial W_1}}_{30\times 5} = \underbrace{X^{\top}}_{30\times n}\;\underbrace{\Delta_1}_{n\times 5}.$$
#
# Every gradient has the shape of the weight it belongs to, which is a good first check on any derivation.
# `gradients` is these four lines; `back_prop` takes one step of gradient descent with them,
# $W \leftarrow W - \alpha\, \partial L/\partial W$, where $\alpha$ is the learning rate.

# %%
show_source(mlp.gradients)

# %%
show_source(mlp.back_prop)

# %% [markdown]
# ### Checking the gradient numerically
#
# A derivation can be wrong in ways that still let a network learn a little. So we check it against an
# independent oracle: the central difference $\bigl(L(w + \epsilon) - L(w - \epsilon)\bigr)/2\epsilon$ for
# each weight in turn, which `nnbook.gradcheck.numerical_gradient` computes.

# %%
rng = np.random.default_rng(0)
w1, w2 = mlp.generate_wt(30, 5, rng=rng), mlp.generate_wt(5, 3, rng=rng)
dw1, dw2 = mlp.gradients(x, Y, w1, w2)
num_dw1 = numerical_gradient(lambda w: mlp.loss(mlp.forward(x, w, w2), Y), w1)
num_dw2 = numerical_gradient(lambda w: mlp.loss(mlp.forward(x, w1, w), Y), w2)
print("largest relative error, W1:", f"{max_relative_error(dw1, num_dw1):.1e}")
print("largest relative error, W2:", f"{max_relative_error(dw2, num_dw2):.1e}")

# %% [markdown]
# Errors of order $10^{-7}$ or less are what finite differences with $\epsilon = 10^{-6}$ can resolve:
# the analytic gradient is right.
#
# This check caught a mistake in the lecture we started from. Its `back_prop` used $\Delta_2 = A_2 - Y$,
# leaving out $\sigma'(Z_2)$ and the factor $2/nk$. Is that the gradient of the mean squared error?

# %%
a1 = mlp.sigmoid(x @ w1)
a2 = mlp.sigmoid(a1 @ w2)
lecture_dw2 = a1.T @ (a2 - Y)  # the lecture's rule for the W2 gradient
print(
    "lecture's rule vs. finite differences of the MSE:",
    f"{max_relative_error(lecture_dw2, num_dw2):.2f}",
)

# %% [markdown]
# It is not: the relative error is of order one. The lecture's rule is the exact gradient of a different
# loss, the binary cross-entropy summed over outputs,
# $-\sum_{ij} \bigl[Y_{ij}\log A_{2,ij} + (1-Y_{ij})\log(1-A_{2,ij})\bigr]$, whose derivative with respect to
# $Z_2$ is exactly $A_2 - Y$ because the sigmoid's derivative cancels. Both losses teach the network the same
# letters, but a page should report the loss it descends. Here we keep the mean squared error the lecture
# reports and use its true gradient; the exercises come back to cross-entropy.
#
# ## Training
#
# `train` makes one gradient step per example (the lecture's *online* gradient descent) and, after each pass
# over the data (an *epoch*), records two different things: the loss, and the **accuracy**, the share of
# letters whose largest output is the right one. (The lecture reported $1 - \text{loss}$ as an accuracy; it
# is not one.)

# %%
show_source(mlp.train)

# %%
w1, w2 = mlp.generate_wt(30, 5, rng=1), mlp.generate_wt(5, 3, rng=2)
acc, losses, w1, w2 = mlp.train(x, Y, w1, w2, alpha=1.0, epoch=200)
first_perfect = next(i for i, a in enumerate(acc) if a == 1.0) + 1
print(f"loss: {losses[0]:.4f} after epoch 1, {losses[-1]:.5f} after epoch {len(losses)}")
print(
    f"accuracy: {acc[0]:.0%} after epoch 1; 100% from epoch {first_perfect} on: {min(acc[first_perfect - 1 :]) == 1.0}"
)

# %%
import matplotlib.pyplot as plt  # noqa: E402

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(8, 3))
plot_curves({"training loss (MSE)": losses}, ylabel="loss", logy=True, ax=ax_loss)
plot_curves({"training accuracy": acc}, ylabel="accuracy", ax=ax_acc)
fig.tight_layout()
fig

# %% [markdown]
# ## What the network predicts
#
# `predict` returns the three outputs for each input; the predicted letter is the one with the largest output.
# We draw each letter with the network's verdict and, as a *confidence*, its largest output as a share of the
# three (the outputs of independent sigmoids do not sum to one, so this is a convenient summary rather than a
# probability). The second row of pictures is the lecture's original bitmaps, each one pixel away from
# what the network was trained on.

# %%
out_clean = mlp.predict(x, w1, w2)
out_source = mlp.predict(x_source, w1, w2)
print("outputs for the clean letters:\n", out_clean)
print(
    "predicted:",
    "".join(names[k] for k in out_clean.argmax(axis=1)),
    "| for the source's bitmaps:",
    "".join(names[k] for k in out_source.argmax(axis=1)),
)

# %%
plot_letters(
    np.vstack([x, x_source]), names, shape=LETTER_SHAPE, outputs=np.vstack([out_clean, out_source])
)

# %%
plot_confidence(out_clean, names)

# %% [markdown]
# ## The learning rate
#
# The learning rate $\alpha$ sets the size of every step. We train the same network from the same starting
# weights with several rates and plot the loss.

# %%
rates = [0.1, 1.0, 10.0, 30.0, 100.0]
curves, trained = {}, {}
for alpha in rates:
    start1, start2 = mlp.generate_wt(30, 5, rng=1), mlp.generate_wt(5, 3, rng=2)
    acc_a, loss_a, w1_a, w2_a = mlp.train(x, Y, start1, start2, alpha=alpha, epoch=200)
    curves[f"α = {alpha:g}"], trained[alpha] = loss_a, (w1_a, w2_a)
    print(f"alpha {alpha:5g}: final loss {loss_a[-1]:.5f}, final accuracy {acc_a[-1]:.0%}")
plot_curves(curves, ylabel="training loss (MSE)", logy=True)

# %% [markdown]
# Too small a rate wastes epochs; up to a point, larger rates reach a low loss faster on this tiny problem.
# Beyond that point training fails. Look inside the network trained with $\alpha = 100$: the hidden
# activations and outputs for each letter.

# %%
w1_big, w2_big = trained[100.0]
a1_big = mlp.sigmoid(x @ w1_big)
print("hidden activations (rows: A, B, C):\n", a1_big)
print("sigmoid slope at the hidden units:\n", mlp.sigmoid_deriv(x @ w1_big))
print("outputs:\n", mlp.predict(x, w1_big, w2_big))

# %% [markdown]
# The first, very large steps pushed the hidden units into the flat tails of the sigmoid, where $\sigma'$ is
# almost zero. A letter whose hidden units all sit there sends almost no gradient back to $W_1$, so the network
# cannot recover, and its outputs stay where they are. There is no universally right learning rate; we choose
# it by watching curves like these.
#
# ## The same network, for mini-batches and with biases
#
# Looping over examples one at a time is how the maths reads, but NumPy is fastest when it processes many
# rows at once. `nnbook.mlp` also has a vectorised version: a batch is a matrix, and each layer gets a bias
# vector, $Z_1 = X W_1 + \mathbf{1} b_1^{\top}$ (NumPy broadcasting adds $b_1$ to every row). The bias gradient
# is the weight gradient for an input that is always 1: the column sums of $\Delta$.

# %%
show_source(mlp.gradients_batch)

# %%
from nnbook.datasets import digits  # noqa: E402

X_train, X_test, y_train, y_test = digits(seed=0)
Y_train = np.eye(10)[y_train]
params = mlp.init_params(64, 32, 10, rng=0)
history, params = mlp.train_batched(
    X_train, Y_train, params, lr=2.0, epochs=60, batch_size=32, rng=0
)
test_acc = np.mean(mlp.forward_batch(X_test, params).argmax(axis=1) == y_test)
print(
    f"digits, 64-32-10 network, 60 epochs of mini-batches of 32: "
    f"training accuracy {history['accuracy'][-1]:.1%}, test accuracy {test_acc:.1%}"
)
plot_curves({"training loss": history["loss"]}, ylabel="MSE", logy=True)

# %% [markdown]
# The same eight lines of maths, unchanged, now classify 8×8 handwritten digits from scikit-learn's bundled
# data set, measured on 450 test images the network never saw.
#
# ## What we changed from the original lecture
#
# | In the lecture | Here | Why |
# |---|---|---|
# | `loss` divided by `len(y)` of a global `y` | mean over its own arguments | a function should depend only on its inputs |
# | `train` passed the global `y[i]` to `back_prop` | passes its own `Y[i]` | the same |
# | "accuracy" $= (1 - \text{mean loss}) \times 100$ | share of correct argmax predictions, loss reported apart | $1-\text{loss}$ is not an accuracy |
# | $\Delta_2 = A_2 - Y$ | $\frac{2}{nk}(A_2 - Y)\odot\sigma'(Z_2)$ | the former is the gradient of cross-entropy, not of the MSE reported; checked numerically above |
# | `sigmoid_deriv` defined, never used | used in the backward pass | |
# | unscaled, unseeded `randn` in a Python loop | $\mathcal N(0, 1/\text{fan-in})$, seeded | stable starting activations; reproducible pages |
# | `predict` "shows the image and the letter" | returns outputs; figures drawn separately | it did neither |
# | plots `losss`, a name local to `train`; `acc, loss, w1, w2 = train(...)` hides the function `loss` | results returned and named apart | the original code raises `NameError` |
# | letters with stray pixels | clean letters; originals used as a test | |
#
# ## Summary
#
# - A one-hidden-layer network is two matrix products, each followed by a nonlinearity; with examples as rows,
#   $A_2 = \sigma(\sigma(X W_1) W_2)$.
# - Equal starting weights make hidden units identical forever; random, scaled, seeded weights break the symmetry.
# - Backpropagation is the chain rule applied from the loss backwards; every gradient has its weight's shape,
#   and a finite-difference check tells a right derivation from a nearly right one.
# - Accuracy and loss measure different things: report both.
# - The learning rate trades speed against stability; the same code vectorised over mini-batches, with biases,
#   scales to real data.
#
# ## Exercises
#
# 1. Find the largest learning rate that still reaches 100% accuracy within 200 epochs from the seeds above.
#    Does it change with the seed?
#    <details class="tip"><summary>Hint</summary>Loop over a grid of rates between 10 and 30, and over a
#    few seeds for <code>generate_wt</code>.</details>
# 2. Give the network only 1 hidden unit, then 2. How many does it need to separate the three letters?
#    <details class="tip"><summary>Hint</summary><code>mlp.generate_wt(30, h)</code> and
#    <code>mlp.generate_wt(h, 3)</code>.</details>
# 3. Add random noise to the letters (flip each pixel with probability 0.1) and measure the accuracy of the
#    trained network on 1000 noisy letters.
# 4. Replace the mean squared error by the binary cross-entropy. Show that $\Delta_2 = A_2 - Y$ (divided by
#    the number of outputs if you average) and check your gradient with `numerical_gradient`.
#    <details class="note"><summary>Solution sketch</summary>With $\ell = -[y\log a + (1-y)\log(1-a)]$ and
#    $a = \sigma(z)$: $\partial\ell/\partial a = (a-y)/(a(1-a))$ and $\partial a/\partial z = a(1-a)$, so
#    $\partial\ell/\partial z = a - y$.</details>
# 5. Show that the central difference has error $O(\epsilon^2)$ for a smooth function, and plot the relative
#    error of the gradient check against $\epsilon$ from $10^{-1}$ to $10^{-12}$. Why does it grow again for
#    small $\epsilon$?
#
# ## References
#
# The backpropagation algorithm for layered networks is described in [@rumelhart1986]; the weight scale
# follows [@lecun1998efficient]. The arrays and their operations are NumPy's [@harris2020]; the handwritten
# digits are the copy bundled with scikit-learn [@pedregosa2011]. For a longer derivation of backpropagation
# in the same spirit, see chapter 2 of @nielsen2015; @zhang2023 cover multilayer perceptrons and
# backpropagation again with deep-learning frameworks.
