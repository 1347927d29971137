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
# # Autoencoder: compress, rebuild, and compare with PCA
#
# **In this lesson we will** train networks whose target is their own input, squeezed through a narrow middle
# layer, and hold them against principal component analysis (PCA). We will
#
# - build an encoder and a decoder from the autodiff engine's operations and train them on the reconstruction
#   error;
# - pass 8 x 8 digits through codes of 2 and 8 numbers and compare the errors and the pictures with PCA using as
#   many components;
# - watch a *linear* autoencoder find PCA's error by gradient descent, and see what it does not find.
#
# **Prerequisites.** A layered network trained by gradient descent ([Lecture 01](../../lectures/01-first-network/)).
# PCA is used through scikit-learn; knowing that it projects onto the directions of largest variance is enough.
# The code lives in `nnbook.architectures.autoencoder` ([API](../../api/architectures/)).

# %%
import numpy as np

from nnbook.architectures import autoencoder as aec
from nnbook.datasets import digits
from nnbook.display import show_source
from nnbook.plotting import plot_curves, use_book_style

use_book_style()

# %% [markdown]
# ## What problem did it solve?
#
# Most data carry no labels. An autoencoder learns from unlabelled data by setting itself a task that needs no
# teacher: reproduce the input at the output, through a layer too small to copy it. To succeed, the small layer
# (the *code*) must keep what matters most about the input; the network has learned a compressed
# representation.
#
# The idea is as old as back-propagation: "encoder problems", in which a network must pass 8 one-hot patterns
# through 3 hidden units, were standard tests in the mid-1980s. Hervé Bourlard and Yves Kamp then showed that for
# auto-association the optimum is given by the singular value decomposition, that is, by PCA, and that non-linear
# hidden units do not change that optimum when the output units are linear ("Auto-association by multilayer
# perceptrons and singular value decomposition", *Biological Cybernetics* 59, 1988) [@bourlard1988]. Baldi and
# Hornik (1989) [@baldi1989] showed that the error surface of the linear autoencoder has no local minima other than the global
# one: gradient descent can find PCA.
#
# Deep autoencoders, with several non-linear layers, were hard to train by back-propagation from random weights.
# Hinton and Salakhutdinov (*Science*, 2006) initialised them layer by layer with restricted Boltzmann machines,
# then fine-tuned them, and obtained codes much better than PCA's on images and documents
# [@hinton2006reducing]. Autoencoders did not disappear afterwards, as one informal account claims: variational
# autoencoders (Kingma and Welling, 2014), denoising autoencoders and the image compressors inside modern
# generative models are autoencoders.
#
# ## The model
#
# An encoder $f$ maps $x \in \mathbb R^{64}$ to a code $z \in \mathbb R^k$; a decoder $g$ maps it back. Here
# $f$ has one hidden layer of 64 $\tanh$ units and a linear code layer, and $g$ mirrors it:
#
# $$
# z = \tanh(x W_1 + b_1)\,W_2 + b_2, \qquad \hat x = \tanh(z W_3 + b_3)\, W_4 + b_4,
# $$
#
# trained on the mean squared reconstruction error $L = \frac{1}{64 n} \sum_i \lVert x_i - \hat x_i \rVert^2$.
# The *linear* autoencoder drops the hidden layers and the $\tanh$: $\hat x = (x W_1 + b_1) W_2 + b_2$. Its
# reconstructions lie in a $k$-dimensional affine subspace, and the best such subspace is PCA's, so PCA's error
# is a floor for it and a target for the non-linear one.

# %%
show_source(aec.Autoencoder._run)

# %% [markdown]
# ## Experiment: digits through a bottleneck
#
# Digits with pixels in [0, 1], the same 75/25 split as the other pages. PCA is fitted on the training images. The
# non-linear autoencoder trains for 40 epochs of Adam [@kingma2014] (learning rate 0.003, batches of 32).

# %%
X_train, X_test, y_train, y_test = digits(seed=0)
results, models = {}, {}
for k in (2, 8):
    pca = aec.pca_reconstruction(X_train, X_test, k)
    models[k] = aec.Autoencoder(64, k, hidden=[64], activation="tanh", seed=0)
    history = aec.train_autoencoder(models[k], X_train, X_test, epochs=40, batch_size=32, lr=0.003)
    results[k] = {"pca": pca, "history": history}
    print(
        f"k = {k}: PCA error train {pca['train']:.4f}, test {pca['test']:.4f} | autoencoder train "
        f"{history['train'][-1]:.4f}, test {history['test'][-1]:.4f}"
    )

# %%
plot_curves(
    {f"autoencoder, k = {k}, test": results[k]["history"]["test"] for k in (2, 8)}
    | {f"PCA, k = {k}, test": [results[k]["pca"]["test"]] * 40 for k in (2, 8)},
    xlabel="epoch",
    ylabel="mean squared error per pixel",
    logy=True,
    title="Reconstruction error on the test digits",
    alt=f"Test reconstruction error of the autoencoder per epoch for codes of 2 and 8 numbers, log "
    f"scale, with PCA's errors as flat lines. With k = 2 the autoencoder ends at "
    f"{results[2]['history']['test'][-1]:.4f} against PCA's {results[2]['pca']['test']:.4f}; "
    f"with k = 8 at {results[8]['history']['test'][-1]:.4f} against "
    f"{results[8]['pca']['test']:.4f}.",
)

# %% [markdown]
# With these settings the non-linear autoencoder ends below PCA on the test images for both code sizes; compare the
# printed errors for the size of the gain. It starts above PCA and needs some epochs to pass it. The pictures:
# the first ten test digits, their reconstructions by PCA and by the autoencoder.

# %%
rows = {"input": X_test[:10]}
for k in (2, 8):
    rows[f"PCA, k={k}"] = results[k]["pca"]["X_hat"][:10]
    rows[f"AE, k={k}"] = np.clip(models[k](X_test[:10]).value, 0.0, 1.0)
aec.plot_reconstructions(
    rows,
    alt="Ten test digits (top row) and their reconstructions by PCA and by the "
    "autoencoder with codes of 2 and 8 numbers. With 2 numbers both are blurry "
    "and some digits turn into others; with 8 most digits are recognisable.",
)

# %% [markdown]
# With two numbers per image we can draw every code. Each point is a test digit, coloured by its label, which
# neither method ever saw.

# %%
aec.plot_codes(
    {
        "PCA, 2 components": results[2]["pca"]["model"].transform(X_test),
        "autoencoder, 2-number code": models[2].encode(X_test).value,
    },
    y_test,
    alt="Two scatter plots of the test digits in two dimensions, coloured by digit: the first two "
    "principal components, and the autoencoder's two-number code. Both group digits of the "
    "same class together, with overlaps.",
)

# %% [markdown]
# ## A linear autoencoder finds PCA's error
#
# Drop the non-linearity and train by gradient descent (200 epochs, learning rate 0.01, batches of 128). PCA's error
# is the optimum, so the ratio below can only approach 1 from above.

# %%
linear = {}
for k in (2, 8):
    linear[k] = aec.Autoencoder(64, k, activation="linear", seed=0)
    history = aec.train_autoencoder(linear[k], X_train, X_test, epochs=200, batch_size=128, lr=0.01)
    ratio = history["train"][-1] / results[k]["pca"]["train"]
    print(
        f"k = {k}: linear autoencoder train error {history['train'][-1]:.5f}, PCA "
        f"{results[k]['pca']['train']:.5f}, ratio {ratio:.4f}"
    )

# %% [markdown]
# Gradient descent gets within a fraction of a percent of PCA's error (the printed ratios), where PCA itself is
# one singular value decomposition.
#
# ## What goes wrong
#
# - **Same error, not the same code.** The linear autoencoder matches PCA's *error*, but nothing asks its code
#   to be PCA's components: any invertible mixing of the $k$ code units, undone by the decoder, gives the same
#   reconstructions. Two checks: the cosines of the angles between the subspace spanned by the decoder's $k$ rows
#   and the one spanned by the first $k$ principal components (all 1 if they coincide), and the angle between
#   decoder row 1 and component 1.

# %%
for k in (2, 8):
    decoder_rows = linear[k].decoder[0][0].value  # W_2, shape (k, 64)
    components = results[k]["pca"]["model"].components_
    row_cos = np.abs(decoder_rows @ components.T) / np.linalg.norm(decoder_rows, axis=1)[:, None]
    print(
        f"k = {k}: subspace cosines min {aec.subspace_cosines(decoder_rows, components).min():.4f}; "
        f"|cos| between decoder row 1 and component 1: {row_cos[0, 0]:.3f}"
    )

# %% [markdown]
#   For $k = 2$ the subspaces nearly coincide. For $k = 8$ the smallest cosine shows one direction still off:
#   the error hardly changes along directions of nearly equal variance, so an error within a percent of PCA's
#   does not mean PCA's subspace, and the individual rows are mixtures of components.
# - **Non-linear does not mean better everywhere.** The autoencoder's gain over PCA depends on the code size, the
#   number of training images and the training time; with few images a larger network memorises the training set
#   and its test error rises (exercise 3).
# - **Bad input is refused**: the network was built for rows of 64 pixels.

# %%
try:
    models[8](X_test.reshape(-1, 8, 8))
except ValueError as err:
    print("ValueError:", err)

# %% [markdown]
# ## Summary
#
# - An autoencoder trains an encoder and a decoder to rebuild the input through a small code; no labels are
#   needed.
# - A linear autoencoder can do no better than PCA with as many components [@bourlard1988]; trained by gradient
#   descent it reached PCA's error to within the printed ratio, in the same subspace but with other axes.
# - A non-linear autoencoder with one $\tanh$ layer on each side beat PCA's test error on digits for codes of 2 and
#   8 numbers. Deep autoencoders were first made to work by layer-wise pre-training [@hinton2006reducing].
#
# ## Exercises
#
# 1. Plot the reconstruction error of PCA against the number of components, from 1 to 32. How many components does
#    PCA need to match the non-linear autoencoder with $k = 2$?
#    <details class="tip"><summary>Hint</summary><code>[aec.pca_reconstruction(X_train, X_test, k)["test"] for k
#    in range(1, 33)]</code>.</details>
# 2. Train the linear autoencoder with `hidden=[64]` and `activation="linear"`. Can the extra layer lower the error
#    below PCA's? Why not?
#    <details class="tip"><summary>Solution</summary>No: a product of linear maps is linear, and the 2- or
#    8-number code still limits the reconstructions to a $k$-dimensional affine subspace, whose best choice is
#    PCA's.</details>
# 3. Train the non-linear autoencoder on the first 100 training images only. Compare its training and test errors
#    with PCA's.
# 4. Decode a grid of codes for $k = 2$ (for example $z$ from $-3$ to $3$ in each coordinate, around the codes'
#    range) and show the images. Which regions of the code plane produce no digit at all?
#
# ## References
#
# - H. Bourlard and Y. Kamp, "Auto-association by multilayer perceptrons and singular value decomposition",
#   *Biological Cybernetics* 59(4-5), 291-294, 1988 [@bourlard1988].
# - P. Baldi and K. Hornik, "Neural networks and principal component analysis: learning from examples without
#   local minima", *Neural Networks* 2(1), 53-58, 1989 [@baldi1989].
# - G. E. Hinton and R. R. Salakhutdinov, "Reducing the dimensionality of data with neural networks", *Science*
#   313(5786), 504-507, 2006 [@hinton2006reducing].
# - D. P. Kingma and M. Welling, "Auto-encoding variational Bayes", ICLR 2014.
# - D. P. Kingma and J. Ba, "Adam: a method for stochastic optimization", ICLR 2015 [@kingma2014].
