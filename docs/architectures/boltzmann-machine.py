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
# # Boltzmann machine: a network that learns a probability distribution
#
# **In this lesson we will** build a restricted Boltzmann machine (RBM), a network of binary stochastic units
# that learns to model its training data well enough to produce new examples. We will
#
# - write down its energy and derive the two conditional distributions that make it easy to sample,
# - train it with contrastive divergence on binarised handwritten digits,
# - look at its reconstructions and at the digits it dreams up,
# - compare it, number for number, with scikit-learn's `BernoulliRBM` trained on the same data.
#
# **Prerequisites.** The [Hopfield network](../hopfield/) (energy, binary units), the logistic function
# $\sigma(x) = 1/(1+e^{-x})$ and a little probability. The code lives in
# [`nnbook.architectures.rbm`](../../api/architectures/#nnbook.architectures.rbm).

# %%
import numpy as np
from sklearn.neural_network import BernoulliRBM

from nnbook.architectures.rbm import RBM, binarize, plot_images
from nnbook.datasets import digits
from nnbook.display import show_source
from nnbook.plotting import plot_curves, use_book_style, with_alt

use_book_style()

# %% [markdown]
# ## From Hopfield to Boltzmann
#
# A Hopfield network updates each unit deterministically, so it gets stuck in the first valley of the energy
# it finds. The **Boltzmann machine** of Hinton and Sejnowski makes the units *stochastic*: unit $i$ switches on
# with probability $\sigma(h_i)$ rather than whenever $h_i > 0$. Run long enough, such a network visits every
# state $x$ with the Boltzmann probability $p(x) = e^{-E(x)}/Z$ of statistical physics, where $Z$ sums
# $e^{-E}$ over all states. It also adds **hidden units**, which are never clamped to data and are free to
# represent whatever helps explain it.
#
# Hinton and Sejnowski proposed such networks in 1983, and the learning algorithm was published by Ackley,
# Hinton and Sejnowski in 1985 [@ackley1985]; Hinton and Sejnowski's 1986 chapter "Learning and relearning in
# Boltzmann machines" [@hinton1986] is a longer account. The learning rule is not back-propagation. It makes the model's distribution over the visible units match the data's, and the
# gradient of the log-likelihood with respect to a weight is a difference of two correlations:
#
# $$
# \frac{\partial \log p(\text{data})}{\partial w_{ij}} =
# \langle s_i s_j \rangle_\text{data} - \langle s_i s_j \rangle_\text{model},
# $$
#
# how often units $i$ and $j$ are on together when the visible units are clamped to training data, minus how
# often they are on together when the network runs freely. Both averages need the network to reach
# equilibrium by sampling, which is very slow in a fully connected network.
#
# The **restricted** Boltzmann machine removes the connections inside each layer: visible units connect only
# to hidden units. Smolensky studied this architecture in 1986 under the name *harmonium* [@smolensky1986].
# Without lateral connections, all hidden units can be sampled at once given the visible ones, and vice
# versa. In 2002 Hinton showed how to train it cheaply with **contrastive divergence** [@hinton2002], and
# RBMs became the building blocks of the [deep belief networks](../deep-belief-network/) of 2006.
#
# ## The model
#
# Visible units $v \in \{0,1\}^D$, hidden units $h \in \{0,1\}^H$, weights $W$ ($D \times H$), visible biases $b$
# and hidden biases $c$. The energy and the probability of a joint state are
#
# $$
# E(v, h) = -v^\top W h - b^\top v - c^\top h, \qquad p(v, h) = \frac{e^{-E(v, h)}}{Z}.
# $$
#
# Because the energy is a sum of terms that each involve one hidden unit, the hidden units are independent
# given $v$, and likewise the visible units given $h$:
#
# $$
# p(h_j = 1 \mid v) = \sigma\Big(c_j + \sum_i v_i W_{ij}\Big), \qquad
# p(v_i = 1 \mid h) = \sigma\Big(b_i + \sum_j W_{ij} h_j\Big).
# $$
#
# Summing $h$ out gives the probability of a visible vector through its **free energy** $F(v)$:
#
# $$
# p(v) = \frac{e^{-F(v)}}{Z}, \qquad F(v) = -b^\top v - \sum_j \log\big(1 + e^{c_j + v^\top W_{:,j}}\big).
# $$
#
# $Z$ sums over $2^{D}$ visible vectors ($2^{64}$ for our digits), so the likelihood itself is out of reach.
#
# **Contrastive divergence.** The log-likelihood gradient for $W$ is
# $\langle v h^\top \rangle_\text{data} - \langle v h^\top\rangle_\text{model}$. CD-$k$ estimates the second term by
# starting a Gibbs chain *at the data* and running it for only $k$ steps ($v_0 \to h_0 \to v_1 \to \dots \to v_k$):
#
# $$
# \Delta W = \epsilon\big(v_0^\top p(h \mid v_0) - v_k^\top p(h \mid v_k)\big) / n, \quad
# \Delta b = \epsilon\,\overline{(v_0 - v_k)}, \quad
# \Delta c = \epsilon\,\overline{\big(p(h \mid v_0) - p(h \mid v_k)\big)},
# $$
#
# averaged over a mini-batch of $n$ examples. This is not the gradient of the likelihood (it is biased), but
# it points in a useful direction and costs only $k$ matrix products per step.

# %%
show_source(RBM.cd_step)

# %% [markdown]
# ## The data: binarised digits
#
# scikit-learn's digits are 1797 images of $8 \times 8$ pixels with 17 grey levels. A binary RBM models
# binary data, so we threshold each pixel at half intensity. The split (1347 training, 450 test images) is
# stratified and seeded.

# %%
X_train, X_test, y_train, y_test = digits(seed=0)
X_train, X_test = binarize(X_train), binarize(X_test)
print(
    "training", X_train.shape, " test", X_test.shape, f" share of pixels on: {X_train.mean():.3f}"
)
with_alt(
    plot_images(X_train[:20], ncols=10),
    "Twenty binarised 8 by 8 training digits, black strokes on white.",
)

# %% [markdown]
# Giving the machine grey levels is an error it reports, rather than silently treating 0.5 as "on":

# %%
try:
    RBM(64, 100).fit(X_train * 0.5)
except ValueError as err:
    print("ValueError:", err)

# %% [markdown]
# ## Training with CD-1
#
# 100 hidden units, 30 epochs over shuffled mini-batches of 10 images, learning rate 0.1, weights drawn from
# $\mathcal{N}(0, 0.01^2)$ and biases at zero. We watch the **reconstruction error**: push a test image up to
# $p(h \mid v)$ and back down to $p(v \mid h)$, and take the mean squared difference per pixel.
#
# Two baselines frame the numbers. An *untrained* RBM reconstructs every pixel as about 0.5. The
# *independent-pixel* model knows how often each pixel is on in the training set and nothing else; it is an
# RBM with $W = 0$ and $b_i = \operatorname{logit}(\bar x_i)$, so the same code measures it.

# %%
hidden, epochs, lr, batch_size = 100, 30, 0.1, 10
rbm = RBM(64, hidden, seed=0)
untrained = RBM(64, hidden, seed=0)
independent = RBM.independent_pixels(X_train)
history = rbm.fit(X_train, epochs=epochs, lr=lr, batch_size=batch_size, k=1, monitor=X_test)
print(
    f"test reconstruction error: untrained {untrained.reconstruction_error(X_test):.4f}, "
    f"independent pixels {independent.reconstruction_error(X_test):.4f}, "
    f"after epoch 1 {history['monitor'][0]:.4f}, after epoch {epochs} {history['monitor'][-1]:.4f}"
)

# %%
with_alt(
    plot_curves(
        {"training set": history["train"], "test set": history["monitor"]},
        ylabel="reconstruction error (MSE per pixel)",
    ),
    f"Reconstruction error falls over {epochs} epochs, on the test set from "
    f"{history['monitor'][0]:.3f} to {history['monitor'][-1]:.3f}; the training and test "
    "curves stay close.",
)

# %% [markdown]
# Test images (top row) and their reconstructions (bottom row). The machine has not seen these images; it
# rebuilds each from the 100 hidden probabilities it infers.

# %%
with_alt(
    plot_images(
        np.vstack([X_test[:10], rbm.reconstruct(X_test[:10])]),
        ncols=10,
        row_labels=["test", "reconstructed"],
    ),
    "Ten test digits and, below each, the RBM's reconstruction, which looks almost the same "
    "with slightly grey edges.",
)

# %% [markdown]
# What did the hidden units learn? Each column of $W$ is a pattern over the 64 pixels that switches one
# hidden unit on. Here are 20 of them, each scaled by its largest absolute weight: dark pixels have positive
# weights (ink there turns the unit on), light pixels negative ones, and mid-grey is zero.

# %%
filters = rbm.W.T[:20]
with_alt(
    plot_images(0.5 + 0.5 * filters / np.abs(filters).max(axis=1, keepdims=True), ncols=10),
    "Twenty weight patterns of hidden units as 8 by 8 grey images: each shows dark and light "
    "stroke fragments, pieces of digits that switch a unit on or off.",
)

# %% [markdown]
# ## Dreaming: samples from the model
#
# A generative model should produce new examples. We start 10 Gibbs chains from random pixels and run them:
# sample $h$ given $v$, then $v$ given $h$, again and again. Rows show the chains after 1, 10, 100 and 1000
# steps (we draw $p(v \mid h)$ of the last step, which is smoother than a binary sample).

# %%
rows = [rbm.sample(10, steps=steps) for steps in (1, 10, 100, 1000)]
with_alt(
    plot_images(
        np.vstack(rows), ncols=10, row_labels=["1 step", "10 steps", "100 steps", "1000 steps"]
    ),
    "Four rows of ten samples from Gibbs chains started at random pixels: grey noise after one "
    "step, digit-like strokes after ten, and mostly recognisable digits after 100 and 1000 "
    "steps.",
)

# %% [markdown]
# After a few steps the noise has become digit-like strokes; after many steps most samples look like digits,
# though some are blends of two shapes. Nobody showed the machine these images.
#
# ## Against scikit-learn's BernoulliRBM
#
# scikit-learn's [`BernoulliRBM`](https://scikit-learn.org/stable/modules/generated/sklearn.neural_network.BernoulliRBM.html)
# implements the same model. We give it the same data, hidden size, learning rate, batch size and number of
# epochs (`n_iter`). One difference remains: it trains with *persistent* contrastive divergence (its negative
# chains carry over from one mini-batch to the next instead of restarting at the data), and it does not
# shuffle the data between epochs.
#
# To compare the two machines we use two measures computed by the same code for both (`RBM.from_sklearn` copies
# scikit-learn's fitted weights into our class):
#
# - the reconstruction error on the test set (lower is better);
# - the **pseudo-log-likelihood** $\sum_i \log p(v_i \mid v_{-i})$, averaged over test images (higher is
#   better). Each term is exact and cheap, $p(v_i \mid v_{-i}) = \sigma(F(\tilde v) - F(v))$ with $\tilde v$ equal
#   to $v$ with pixel $i$ flipped, so it measures how well the model predicts each pixel from all the others
#   without ever computing $Z$. scikit-learn's `score_samples` estimates the same quantity from one random
#   pixel per image.

# %%
sk = BernoulliRBM(
    n_components=hidden, learning_rate=lr, batch_size=batch_size, n_iter=epochs, random_state=0
).fit(X_train)
models = {
    "untrained RBM": untrained,
    "independent pixels": independent,
    "nnbook RBM (CD-1)": rbm,
    "scikit-learn BernoulliRBM (PCD)": RBM.from_sklearn(sk),
}
print(f"{'model':34s} {'recon. error':>13s} {'pseudo-log-lik.':>16s}")
for name, model in models.items():
    print(
        f"{name:34s} {model.reconstruction_error(X_test):13.4f} "
        f"{model.pseudo_log_likelihood(X_test):16.2f}"
    )
print(
    f"\nscikit-learn's own score_samples estimate for its model: {sk.score_samples(X_test).mean():.2f}"
)

# %% [markdown]
# Both trained machines beat both baselines by a wide margin on both measures, and they land close to
# each other; the table above says which is ahead on this split. The pseudo-log-likelihood of the
# independent-pixel model is its exact log-likelihood (its pixels are independent), so the gap between it and
# the RBMs is what the hidden units buy: knowing the other 63 pixels makes each pixel much more predictable.
#
# ## What goes wrong
#
# **Reconstruction error is not what CD optimises.** It is easy to compute and a useful sign of life, but a
# machine can reconstruct well while its free-running samples are poor: reconstruction starts at the data, the
# samples start from noise. Watch both.
#
# **Short chains are biased.** CD-1 compares the data with a point one Gibbs step away from it. Regions of the
# state space far from any data, where the model may put probability that it should not, are never visited
# and never corrected. Persistent chains (as in scikit-learn) or larger $k$ reduce the bias at a price.
#
# **Chains mix slowly.** Below, one chain starts at a test image and we look at it every 100 Gibbs steps. It
# wanders from digit to digit, but it lingers; a thousand steps are not many independent samples.

# %%
chain, v = [X_test[0]], X_test[:1]
for _ in range(10):
    v = rbm.gibbs(v, steps=100)
    chain.append(rbm.visible_probs(rbm.hidden_probs(v))[0])
with_alt(
    plot_images(
        np.vstack(chain), ncols=11, titles=["start"] + [f"{100 * (i + 1)}" for i in range(10)]
    ),
    "One Gibbs chain shown every 100 steps from a test digit: it changes from one digit "
    "shape to another, staying on some shapes for several snapshots.",
)

# %% [markdown]
# ## Summary
#
# - A Boltzmann machine is a network of stochastic binary units whose states follow $p \propto e^{-E}$; its
#   learning rule [@ackley1985] compares correlations under the data and under the model.
# - The restricted version has no connections within a layer [@smolensky1986], so each layer is sampled in
#   one step given the other, and its free energy is cheap.
# - Contrastive divergence [@hinton2002] replaces the model's equilibrium samples with a $k$-step chain started
#   at the data: cheap, biased, effective.
# - On binarised digits our CD-1 RBM and scikit-learn's PCD RBM reach similar reconstruction error and
#   pseudo-log-likelihood, far better than an untrained machine or a model of independent pixels.
#
# ## Exercises
#
# 1. Train with CD-10 instead of CD-1 (`k=10`). How do the reconstruction error, the pseudo-log-likelihood and
#    the samples change? How much longer does training take?
# 2. Use 16 hidden units instead of 100. Which measure suffers most?
# 3. Show that $p(h_j = 1 \mid v) = \sigma(c_j + v^\top W_{:,j})$ from the energy.
#    <details class="tip"><summary>Solution</summary>$p(h \mid v) \propto e^{v^\top W h + c^\top h} =
#    \prod_j e^{h_j (c_j + v^\top W_{:,j})}$, a product of one factor per hidden unit, so the units are
#    independent; normalising the factor of unit $j$ over $h_j \in \{0, 1\}$ gives
#    $e^{a}/(1 + e^{a}) = \sigma(a)$ with $a = c_j + v^\top W_{:,j}$.</details>
# 4. Implement persistent contrastive divergence: keep the negative chain `vk` between calls to `cd_step`
#    instead of restarting it at the data. Compare with scikit-learn.
#    <details class="tip"><summary>Hint</summary>Store the chain's state on the machine (one row per example
#    of a mini-batch) and run one Gibbs step from it at each update.</details>
#
# ## References
#
# - D. H. Ackley, G. E. Hinton and T. J. Sejnowski, "A learning algorithm for Boltzmann machines", 1985
#   [@ackley1985].
# - P. Smolensky, "Information processing in dynamical systems: foundations of harmony theory", 1986
#   [@smolensky1986].
# - G. E. Hinton, "Training products of experts by minimizing contrastive divergence", 2002 [@hinton2002].
