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
# # Generative adversarial network: two networks in a game
#
# **In this lesson we will** train a generator to produce numbers that look as if they came from a target
# distribution, by pitting it against a discriminator. Everything is one-dimensional, so we can see the whole
# distribution at every moment. We will
#
# - write the two losses as binary cross-entropies computed from logits, without overflow;
# - train a generator and a discriminator in alternation and watch the generated density approach the target;
# - read the losses, which do not fall the way a classifier's do;
# - show what goes wrong: the spread of the samples oscillating, and the limits of a continuous generator on a
#   target with two separate modes.
#
# **Prerequisites.** A layered network trained by gradient descent ([Lecture 01](../../lectures/01-first-network/))
# and the cross-entropy of a binary classifier. The code lives in `nnbook.architectures.gan` and
# `nnbook.autodiff.logistic` ([API](../../api/architectures/)).

# %%
import numpy as np
from scipy.stats import norm

from nnbook.architectures import gan as gn
from nnbook.autodiff import logistic
from nnbook.display import show_source
from nnbook.plotting import plot_curves, use_book_style

use_book_style()

# %% [markdown]
# ## What problem did it solve?
#
# To generate new images, sounds or numbers that resemble a data set, the classical route is to write down a
# probability model and maximise its likelihood, which requires computing (or approximating) that likelihood.
# Ian Goodfellow and seven co-authors (Pouget-Abadie, Mirza, Xu, Warde-Farley, Ozair, Courville and Bengio)
# proposed another route in "Generative adversarial nets" at NIPS 2014 [@goodfellow2014]: train a generator only
# through a second network that tries to tell its samples from real data. Their analogy is a team of
# counterfeiters, who try to produce fake currency and use it without being caught, against the police, who try
# to detect it; competition drives both to improve until the fakes cannot be told from the real thing. (The
# journal version in *Communications of the ACM*, 2020, is a different publication from the 2014 paper.)
#
# The paper proves that, *if both players were arbitrarily flexible and each reached its best response*, the game
# would end with the generator's distribution equal to the data's and the discriminator answering $\frac12$
# everywhere. Training with gradient steps on finite networks comes with no such guarantee, as we will see.
#
# ## The model
#
# The generator $G$ maps noise $z \sim \mathcal N(0, 1)$ to a number $G(z)$. The discriminator $D$ maps a number to
# a logit, so $\sigma(D(x))$ is its probability that $x$ is real. The game's value is
#
# $$
# V(D, G) = \mathbb E_{x \sim p_\text{data}} \log \sigma(D(x)) + \mathbb E_{z} \log\bigl(1 - \sigma(D(G(z)))\bigr),
# \qquad \min_G \max_D V(D, G).
# $$
#
# We alternate one Adam step [@kingma2014] for each player on a batch of 64:
#
# - the discriminator minimises $\operatorname{BCE}(D(x), 1) + \operatorname{BCE}(D(G(z)), 0)$, that is, it
#   maximises $V$;
# - the generator minimises $\operatorname{BCE}(D(G(z)), 1) = -\log \sigma(D(G(z)))$. This is not $-V$: the paper
#   itself recommends it, because early in training $D$ rejects the fakes easily, $\log(1 - \sigma(D(G(z))))$ is
#   then flat, and the generator would learn nothing.
#
# Both are binary cross-entropies from logits, $\operatorname{softplus}(z) - y z$, which stays finite where the
# textbook $-\log \sigma(z)$ would overflow:

# %%
show_source(logistic.binary_cross_entropy_with_logits)

# %% [markdown]
# The generator has two hidden layers of 16 $\tanh$ units, the discriminator two of 32; one training step:

# %%
show_source(gn.train_gan)

# %% [markdown]
# ## Experiment 1: a normal distribution
#
# The target is $\mathcal N(4, 1.25^2)$. The generator starts near 0 with a small spread. We train for 3000 steps
# (learning rate $5 \cdot 10^{-4}$, seed 0) and keep 2000 generated samples every 50 steps.

# %%
target_mean, target_std = 4.0, 1.25
model = gn.GAN(seed=0)
history = gn.train_gan(model, gn.gaussian_mixture, steps=3000, lr=5e-4, seed=0, snapshot_every=50)
final = model.sample(10_000, np.random.default_rng(1))
print(f"target:    mean {target_mean:.3f}, standard deviation {target_std:.3f}")
print(f"generated: mean {final.mean():.3f}, standard deviation {final.std():.3f} (10 000 samples)")

# %%
shown = {step: history["snapshots"][step] for step in (0, 250, 500, 1000, 2000, 3000)}
gn.plot_densities(
    shown,
    lambda x: norm.pdf(x, target_mean, target_std),
    alt=f"Histograms of generated samples at steps 0, 250, 500, 1000, 2000 and 3000 against the "
    f"target normal density with mean 4 and standard deviation 1.25. At step 0 the samples "
    f"sit near 0 in a narrow peak; they move to the target and widen; at step 3000 their "
    f"mean is {final.mean():.2f} and their standard deviation {final.std():.2f}.",
)

# %% [markdown]
# The losses do not go to zero: each player's loss is the other's gain. At the ideal end point $\sigma(D) =
# \frac12$ everywhere, so the discriminator's loss (two cross-entropies) is $2 \log 2 \approx 1.386$ and the
# generator's is $\log 2 \approx 0.693$. The curves are averages over 100 steps.


# %%
def smooth(values, width=100):
    return np.convolve(values, np.ones(width) / width, mode="valid")


plot_curves(
    {
        "discriminator": smooth(history["d_loss"]),
        "generator": smooth(history["g_loss"]),
        "2 log 2": np.full(len(history["d_loss"]) - 99, 2 * np.log(2)),
        "log 2": np.full(len(history["d_loss"]) - 99, np.log(2)),
    },
    xlabel="training step",
    ylabel="loss (mean over 100 steps)",
    title="Losses of the two players",
    alt="Losses of the discriminator and of the generator during training, averaged over 100 steps, "
    "with the equilibrium values 2 log 2 and log 2 as flat lines. After the first few hundred "
    "steps both losses hover near their equilibrium values.",
)

# %%
late = slice(len(history["d_loss"]) // 2, None)
print(
    f"second half of training: discriminator loss {np.mean(history['d_loss'][late]):.3f}, "
    f"generator loss {np.mean(history['g_loss'][late]):.3f}, "
    f"mean sigma(D(real)) {np.mean(history['d_real'][late]):.3f}"
)

# %% [markdown]
# The losses sitting at their equilibrium values tell us the discriminator can no longer separate the two
# distributions *with its current weights*; they do not tell us the distributions are equal. Judge the generator by
# its samples, as in the histograms, not by its loss.
#
# ## What goes wrong 1: the spread oscillates
#
# Double the learning rate to $10^{-3}$ and run two seeds. We follow the standard deviation of the generated
# samples through training.

# %%
spread = {"lr 5e-4, seed 0": history}
for seed in (0, 1):
    run = gn.train_gan(
        gn.GAN(seed=seed), gn.gaussian_mixture, steps=3000, lr=1e-3, seed=seed, snapshot_every=50
    )
    spread[f"lr 1e-3, seed {seed}"] = run
steps = list(history["snapshots"])
curves = {label: [np.std(run["snapshots"][s]) for s in steps] for label, run in spread.items()}
for label, values in curves.items():
    second_half = values[len(values) // 2 :]
    print(
        f"{label}: standard deviation over steps 1500-3000 between {min(second_half):.2f} and "
        f"{max(second_half):.2f} (target {target_std})"
    )

# %%
plot_curves(
    curves | {"target": [target_std] * len(steps)},
    x=steps,
    xlabel="training step",
    ylabel="std of generated samples",
    title="Spread of the generator during training",
    alt="Standard deviation of the generated samples every 50 steps for three runs, against the "
    "target 1.25. The printed ranges give, for each run, how far it swings during the second half "
    "of training.",
)

# %% [markdown]
# The runs do not settle the way a loss minimisation does. The generator's spread rises and falls: when it
# under-disperses (a milder cousin of *mode collapse*, where the generator covers only part of the target) the
# discriminator learns to reject the narrow region, the generator moves or widens, and the discriminator
# follows. Gradient steps on a two-player game can circle around an equilibrium instead of converging to it; a
# smaller learning rate damped the swings here, but no setting removes the possibility. Always compare several
# seeds.
#
# ## What goes wrong 2: two modes and a continuous generator
#
# Now the target is an equal mixture of $\mathcal N(-2, 0.5^2)$ and $\mathcal N(2, 0.5^2)$, with almost no mass
# between the modes. The generator is a continuous function of one-dimensional noise, so its samples fill an
# interval: whatever it learns, it must put some samples in the gap.


# %%
def two_modes(n, rng):
    return gn.gaussian_mixture(n, rng, means=(-2.0, 2.0), stds=(0.5, 0.5))


bimodal = gn.GAN(seed=0)
bimodal_history = gn.train_gan(bimodal, two_modes, steps=2000, lr=5e-4, seed=0, snapshot_every=500)
fake = bimodal.sample(10_000, np.random.default_rng(1))[:, 0]
real = two_modes(10_000, np.random.default_rng(2))[:, 0]
for name, x in (("target", real), ("generated", fake)):
    print(
        f"{name:>9}: share above 0 {np.mean(x > 0):.3f}, share in the gap |x| < 0.5 "
        f"{np.mean(np.abs(x) < 0.5):.4f}"
    )

# %%
gn.plot_densities(
    bimodal_history["snapshots"],
    lambda x: 0.5 * norm.pdf(x, -2, 0.5) + 0.5 * norm.pdf(x, 2, 0.5),
    bins=np.linspace(-5, 5, 60),
    alt=f"Histograms of generated samples for a two-mode target at steps 0, 500, 1000, 1500 "
    f"and 2000. The generator finds both modes; a thin bridge of samples remains between "
    f"them ({np.mean(np.abs(fake) < 0.5):.4f} of the samples within 0.5 of zero, against "
    f"{np.mean(np.abs(real) < 0.5):.4f} for the target).",
)

# %% [markdown]
# With this seed and these settings the generator covered both modes with about the right shares; it did not
# collapse onto one. It does keep a thin bridge of samples between them: compare the two shares within 0.5 of zero,
# where the target has almost nothing. Mode
# collapse is common on harder targets and in higher dimensions, and it is one of the main practical problems of
# GANs; one run without it proves nothing general.
#
# ## Summary
#
# - A GAN trains a generator through a discriminator that tries to tell its samples from data; the two play
#   $\min_G \max_D V(D, G)$ [@goodfellow2014], with the generator's non-saturating loss in practice.
# - On a one-dimensional normal target the generator matched the mean and the spread to within the printed
#   numbers. The losses hovered near $2 \log 2$ and $\log 2$, which says little about sample quality.
# - Training is a game, not a minimisation: with a larger learning rate the spread oscillated and depended on the
#   seed. A continuous generator cannot leave a gap between modes empty.
#
# ## Exercises
#
# 1. Replace the generator's loss by the minimax one, $\log(1 - \sigma(D(G(z))))$ (minimise
#    $-\operatorname{BCE}(D(G(z)), 0)$). How far does the generator get in 3000 steps?
#    <details class="tip"><summary>Hint</summary>In a copy of <code>train_gan</code>, use
#    <code>g_loss = -binary_cross_entropy_with_logits(gan.discriminate(fake), zeros)</code>.</details>
# 2. Give the discriminator five steps for each generator step. What happens to the losses and to the samples?
# 3. Show that for a fixed generator with density $p_g$, the best discriminator gives
#    $\sigma(D^*(x)) = p_\text{data}(x) / (p_\text{data}(x) + p_g(x))$.
#    <details class="tip"><summary>Solution</summary>For each $x$, maximise $a \log s + b \log(1 - s)$ over
#    $s \in (0, 1)$ with $a = p_\text{data}(x)$, $b = p_g(x)$: the derivative $a/s - b/(1-s)$ vanishes at
#    $s = a / (a + b)$.</details>
# 4. Use two-dimensional noise (`GAN(n_noise=2)`) on the two-mode target. Does the bridge between the modes
#    shrink?
#
# ## References
#
# - I. Goodfellow, J. Pouget-Abadie, M. Mirza, B. Xu, D. Warde-Farley, S. Ozair, A. Courville and Y. Bengio,
#   "Generative adversarial nets", *Advances in Neural Information Processing Systems* 27 (NIPS 2014)
#   [@goodfellow2014].
# - D. P. Kingma and J. Ba, "Adam: a method for stochastic optimization", ICLR 2015 [@kingma2014].
