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
# # Convolutional network: filters that slide over the image
#
# **In this lesson we will** build a small convolutional network with the book's autodiff engine and train
# it on handwritten digits. We will
#
# - write a convolution as one matrix product (*im2col*) and max pooling as a maximum over windows,
#   each with its gradient rules;
# - train convolution, ReLU, pooling and a dense read-out on scikit-learn's 8 x 8 digits;
# - judge it against logistic regression on exactly the same split;
# - look inside: the learned filters and the feature maps they produce.
#
# **Prerequisites.** A layered network trained by gradient descent ([Lecture 01](../../lectures/01-first-network/))
# and the autodiff engine's idea of a primitive with a forward rule and a vector-Jacobian product. The code lives
# in `nnbook.autodiff.conv` and `nnbook.architectures.cnn` ([API](../../api/architectures/)).

# %%
import numpy as np

from nnbook.architectures import cnn
from nnbook.autodiff import conv
from nnbook.datasets import digits
from nnbook.display import show_source
from nnbook.plotting import plot_curves, use_book_style

use_book_style()

# %% [markdown]
# ## What problem did it solve?
#
# A dense layer connects every pixel to every unit. For a 100 x 100 image that is 10 000 weights per unit, and
# nothing in the layer knows that neighbouring pixels belong together or that a "7" shifted by two pixels is
# still a "7". A convolutional network builds both facts in: each unit looks only at a small patch (*local
# receptive fields*), the same small set of weights is used at every position (*shared weights*), and a
# *subsampling* (pooling) layer makes the answer less sensitive to small shifts.
#
# LeCun, Bottou, Bengio and Haffner described the design and its training by back-propagation in "Gradient-based
# learning applied to document recognition", *Proceedings of the IEEE* 86(11), 1998 [@lecun1998]. Their LeNet-5
# alternates convolution layers with subsampling layers and reads ZIP-code and cheque digits; the paper also
# introduced the MNIST data set. Two corrections to the usual retelling: convolutional networks trained by
# back-propagation did not start in 1998 (LeCun's group had used them for ZIP codes since 1989, after Fukushima's
# neocognitron of 1980), and the 1998 paper already calls them convolutional networks. Its subsampling layers
# *add* the four values of each 2 x 2 window, multiply the sum by a trainable coefficient, add a bias and apply a
# sigmoid: a scaled average, not a maximum. **Max pooling**, which keeps the largest value in each window of each
# channel, is the later, now common, choice we use here.
#
# ## The model
#
# Images are arrays $x$ of shape $(N, C, H, W)$: examples, channels, rows, columns. A convolution layer with $F$
# filters $w_f$ of shape $(C, k, k)$ computes, at every position $(i, j)$,
#
# $$
# y_{n f i j} = \sum_{c=1}^{C} \sum_{a=0}^{k-1} \sum_{b=0}^{k-1} x_{n,\,c,\,i+a,\,j+b}\; w_{f c a b} + b_f .
# $$
#
# (This is a cross-correlation; deep-learning libraries call it convolution, and so do we.) Copy every $k \times k$
# patch into a row of a matrix $P$, flatten the filters into the rows of $W$, and the whole layer is one matrix
# product, $Y = P W^\top$. That trick is called **im2col**, and it gives the gradient rules for free: they are the
# rules of a matrix product, $\bar W = \bar Y^\top P$ and $\bar P = \bar Y W$, followed by *col2im*, which adds
# every row of $\bar P$ back onto the pixels its patch came from.

# %%
show_source(conv.Conv2d)

# %% [markdown]
# Max pooling keeps the largest value of each $2 \times 2$ window. Its vector-Jacobian product sends each window's
# adjoint to the entry that won and zero to the other three; its Jacobian-vector product reads the tangent at the
# winner. Both primitives are checked against central differences in random directions, in forward and reverse
# mode, and the convolution against a four-loop implementation of the formula above (`tests/autodiff/test_conv.py`).

# %%
show_source(conv.MaxPool2d)

# %% [markdown]
# The network: 32 filters of $3 \times 3$ with a border of zeros (so each map keeps the $8 \times 8$ size), ReLU,
# $2 \times 2$ max pooling to $4 \times 4$, a dense layer of 64 ReLU units, and ten class scores:
#
# $$
# A = \operatorname{relu}(x \star W + b), \quad P = \operatorname{maxpool}_2(A), \quad
# \hat z = \operatorname{relu}(\operatorname{flatten}(P)\,U + d)\,V + c .
# $$

# %%
show_source(cnn.ConvNet.__call__)

# %% [markdown]
# ## Experiment: digits against logistic regression
#
# scikit-learn's digits are 1797 images of 8 x 8 pixels with values 0 to 16 (scaled here to [0, 1]). We split them
# 75/25 with a fixed seed, stratified by class, and fit scikit-learn's multinomial logistic regression on the raw
# pixels as the baseline: a linear model that sees the same 64 numbers.

# %%
X_train, X_test, y_train, y_test = digits(seed=0)
images_train, images_test = X_train.reshape(-1, 8, 8), X_test.reshape(-1, 8, 8)
baseline = cnn.logistic_baseline(X_train, y_train, X_test, y_test)
print(f"{len(X_train)} training and {len(X_test)} test images")
print(
    f"logistic regression: train accuracy {baseline['train_acc']:.4f}, "
    f"test accuracy {baseline['test_acc']:.4f}"
)

# %% [markdown]
# The network is trained with Adam [@kingma2014] on the mean cross-entropy, in mini-batches of 32, for 12 epochs.

# %%
net = cnn.ConvNet(n_filters=32, n_hidden=64, seed=0)
n_weights = sum(p.value.size for p in net.params)
history = cnn.train_cnn(
    net, images_train, y_train, images_test, y_test, epochs=12, lr=0.003, seed=0
)
print(
    f"{n_weights} weights, of which {net.W.value.size + net.b.value.size} in the convolution layer"
)
print(
    f"CNN after 12 epochs: train accuracy {history['train_acc'][-1]:.4f}, "
    f"test accuracy {history['test_acc'][-1]:.4f}"
)
errors_cnn = round((1 - history["test_acc"][-1]) * len(y_test))
errors_lr = round((1 - baseline["test_acc"]) * len(y_test))
print(f"test errors: CNN {errors_cnn}, logistic regression {errors_lr} (out of {len(y_test)})")

# %%
plot_curves(
    {
        "CNN, test": history["test_acc"],
        "CNN, train": history["train_acc"],
        "logistic regression, test": [baseline["test_acc"]] * len(history["test_acc"]),
    },
    xlabel="epoch",
    ylabel="accuracy",
    title="Digits: accuracy per epoch",
    alt=f"Accuracy of the convolutional network per epoch on the training and test digits, from "
    f"{history['test_acc'][0]:.2f} on the test set after one epoch to "
    f"{history['test_acc'][-1]:.2f} after 12, with the logistic-regression test accuracy "
    f"({baseline['test_acc']:.2f}) drawn as a flat line for comparison.",
)

# %% [markdown]
# The printed numbers are the result: the network ends above the linear baseline on the same test images, but on
# 8 x 8 digits the margin is a handful of test images, and the test curve wobbles from one epoch to the next by
# about as much. These images are tiny and already centred, so a linear model on raw pixels is a strong
# baseline. A smaller network makes the point: 8 filters and no hidden layer, trained for 10 epochs.

# %%
tiny = cnn.ConvNet(n_filters=8, seed=0)
tiny_history = cnn.train_cnn(
    tiny, images_train, y_train, images_test, y_test, epochs=10, lr=0.003, seed=0
)
print(
    f"8 filters, no hidden layer ({sum(p.value.size for p in tiny.params)} weights): "
    f"test accuracy {tiny_history['test_acc'][-1]:.4f} against the baseline's "
    f"{baseline['test_acc']:.4f}"
)

# %% [markdown]
# Whether a convolutional network "wins" depends on its size, its training and the baseline; the comparison is
# only fair on the same split, which is why the baseline above uses exactly the training and test images of the
# network.
#
# ## Inside the network: filters and feature maps
#
# Each filter is nine weights. Red weights add the pixel under them, blue ones subtract it, so a filter with a red
# column next to a blue one responds to a vertical edge.

# %%
cnn.plot_filters(
    net,
    alt="The 32 learned 3 by 3 filters of the convolution layer, drawn with red for positive "
    "and blue for negative weights; many show a light-dark edge or a stroke in one "
    "direction.",
)

# %% [markdown]
# Applied to one test digit, each filter gives a *feature map*: bright where its pattern is present. Pooling then
# keeps the strongest response of each $2 \times 2$ window. We show the first eight maps.

# %%
small = cnn.ConvNet(n_filters=8, seed=0)  # a view of the first 8 filters of the trained network
small.W.value, small.b.value = net.W.value[:8], net.b.value[:8]
cnn.plot_feature_maps(
    small,
    images_test[0],
    alt=f"A test digit (label {y_test[0]}) and, for eight filters, its 8 by 8 feature map "
    "after ReLU and the 4 by 4 map after max pooling; different filters light up "
    "different strokes of the digit.",
)

# %% [markdown]
# ## What goes wrong
#
# - **A wrong image size is a silent bug in many libraries** (a reshape that happens to fit). Here the network
#   checks: it was built for 8 x 8 images and refuses anything else.

# %%
try:
    net(np.zeros((2, 28, 28)))
except ValueError as err:
    print("ValueError:", err)

# %% [markdown]
# - **Shift tolerance is limited.** Shared filters find a stroke anywhere, but the dense layer after pooling
#   still expects it in roughly the place it saw during training; $2 \times 2$ pooling hides at most a pixel of
#   movement. Shift every test image to the right and compare both models:

# %%
for pixels in (1, 2):
    shifted = np.roll(images_test, pixels, axis=2)
    shifted[:, :, :pixels] = 0.0
    flat = shifted.reshape(len(shifted), -1)
    print(
        f"shifted {pixels} pixel(s) right: CNN {net.accuracy(shifted, y_test):.4f}, "
        f"logistic regression {baseline['model'].score(flat, y_test):.4f}"
    )

# %% [markdown]
#   Both models lose a lot, and neither was trained to expect shifts: pooling alone does not make a network
#   shift-invariant. Training on shifted copies (exercise 4) is the usual remedy.

# %% [markdown]
# ## Summary
#
# - A convolution layer applies a few small filters at every position of the image: few weights, shared, and a
#   response wherever a pattern appears. im2col turns it into one matrix product, whose gradient rules we already
#   know; col2im adds the patch gradients back onto the pixels.
# - Max pooling keeps the largest value of each window of each channel; its gradient goes to the winner.
# - On 8 x 8 digits a small CNN trained in seconds beat logistic regression on the same split, by the margin
#   printed above; compare it with the smaller CNN's result. LeNet-5's subsampling was a scaled average; max
#   pooling came later.
#
# ## Exercises
#
# 1. Change `n_filters` to 4 and `n_hidden` to 0. How many weights does the network have, and how does its test
#    accuracy compare with the baseline?
# 2. Show that `nnbook.autodiff.conv2d(x, w, padding=1)` with a $3 \times 3$ filter that is 1 in the middle and 0 elsewhere
#    returns the image unchanged.
#    <details class="tip"><summary>Hint</summary><code>w = np.zeros((1, 1, 3, 3)); w[0, 0, 1, 1] = 1</code>,
#    then compare with <code>np.allclose</code>.</details>
# 3. Replace max pooling by average pooling (a mean over each window). Write its VJP: what does each entry of a
#    window receive?
#    <details class="tip"><summary>Solution</summary>Each of the $s^2$ entries receives $\bar y / s^2$, the
#    window's adjoint shared equally; the JVP is the mean of the tangents in the window.</details>
# 4. Train on images shifted at random by up to two pixels (data augmentation) and measure the accuracy on the
#    shifted test set again.
#
# ## References
#
# - Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "Gradient-based learning applied to document recognition",
#   *Proceedings of the IEEE* 86(11), 2278-2324, 1998 [@lecun1998].
# - D. P. Kingma and J. Ba, "Adam: a method for stochastic optimization", ICLR 2015 [@kingma2014].
