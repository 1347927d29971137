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
# # Hopfield network: memories as valleys of an energy
#
# **In this lesson we will** build a Hopfield network, a memory that is addressed by its content: give it
# a damaged version of something it stored and it returns the whole. We will
#
# - store random patterns with the Hebbian rule, in one line of linear algebra,
# - recall them from corrupted cues by updating one unit at a time, and watch an energy fall,
# - measure how recall breaks down as we store more patterns, and compare with the theoretical capacity,
# - meet the memories nobody stored: spurious states.
#
# **Prerequisites.** NumPy arrays and matrix products. No gradient descent is involved: the network's
# weights are written down, not trained. The code lives in
# [`nnbook.architectures.hopfield`](../../api/architectures/#nnbook.architectures.hopfield); the page shows it rather than a copy.

# %%
import numpy as np

from nnbook.architectures import hopfield as hn
from nnbook.display import show_source
from nnbook.plotting import plot_curves, use_book_style, with_alt

use_book_style()

# %% [markdown]
# ## What problem did it solve?
#
# A recurrent network, whose units feed back into each other, can do almost anything: settle, oscillate,
# wander chaotically. In 1982 John Hopfield, a physicist then at Caltech and Bell Labs, described a
# recurrent network whose behaviour *can* be predicted, and used it as a content-addressable memory
# [@hopfield1982]. His two choices were
#
# 1. **symmetric weights**, $w_{ij} = w_{ji}$, with no self-connections ($w_{ii} = 0$);
# 2. **asynchronous updates**: one unit at a time, chosen at random, looks at its input and switches on or
#    off.
#
# With these, the network has an *energy* that no update can raise, so it must come to rest, and the
# resting points can be placed where we want the memories to be. Every unit is both input and output:
# we set the state of all units to a cue, let the network run, and read the state of all units when it
# stops.
#
# ## The model
#
# The network has $N$ units with states $s_i \in \{-1, +1\}$. (Hopfield wrote his units as $V_i \in \{0, 1\}$
# and the same rule with $2V_i - 1$; the $\pm 1$ form is shorter and is the one physicists analysed.)
# To store $P$ patterns $\xi^1, \dots, \xi^P \in \{-1, +1\}^N$ we set
#
# $$
# w_{ij} = \frac{1}{N} \sum_{\mu=1}^{P} \xi^\mu_i\, \xi^\mu_j \quad (i \neq j), \qquad w_{ii} = 0 .
# $$
#
# This is a *Hebbian* rule, after the psychologist Donald Hebb's idea that connections between neurons that
# are active together grow stronger: two units that agree in most patterns get a positive weight, two that
# disagree a negative one. In matrix form
# $W = \frac{1}{N}\Xi^\top \Xi$ with the diagonal set to zero, where $\Xi$ holds one pattern per row.
#
# To recall, we repeat: pick a unit $i$, compute its input $h_i = \sum_j w_{ij} s_j$ and set
# $s_i \leftarrow \operatorname{sign}(h_i)$. The energy of a state is
#
# $$
# E(s) = -\frac{1}{2} \sum_{i, j} w_{ij}\, s_i s_j = -\tfrac12\, s^\top W s .
# $$
#
# When unit $i$ changes from $s_i$ to $s_i' = \operatorname{sign}(h_i)$, the energy changes by
# $\Delta E = -(s_i' - s_i)\, h_i$ (this uses $w_{ij} = w_{ji}$ and $w_{ii} = 0$). The change $s_i' - s_i$ has the
# sign of $h_i$, so $\Delta E \le 0$. There are finitely many states, so the updates must stop at a state where
# no single flip lowers the energy: a **local minimum of $E$ in the space of states**. The weights never
# change during recall.
#
# Here is the code, storage and recall:

# %%
show_source(hn.hebbian_weights)

# %%
show_source(hn.recall)

# %% [markdown]
# ## Recall from a corrupted cue
#
# We store 6 random patterns in a network of $N = 100$ units (a load of $P/N = 0.06$), draw each as a
# $10 \times 10$ picture, flip 10 % and then 30 % of the units of each, and let the network run. The overlap
# $m = \frac1N \sum_i s_i \xi_i$ measures similarity: 1 for the stored pattern, 0 for an unrelated state.

# %%
rng = np.random.default_rng(0)
N, P = 100, 6
patterns = hn.random_patterns(P, N, rng=rng)
W = hn.hebbian_weights(patterns)

rows, titles = [], []
for noise in (0.1, 0.3):
    for mu in range(3):
        cue = hn.corrupt(patterns[mu], noise, rng=rng)
        result = hn.recall(W, cue, rng=rng)
        rows += [patterns[mu], cue, result.state]
        titles += [
            f"stored #{mu}",
            f"cue, {noise:.0%} flipped\nm = {hn.overlap(cue, patterns[mu]):.2f}",
            f"recalled, {result.sweeps} sweeps\nm = {hn.overlap(result.state, patterns[mu]):.2f}",
        ]
        print(
            f"noise {noise:.0%}, pattern {mu}: overlap of cue {hn.overlap(cue, patterns[mu]):.2f} -> "
            f"after recall {hn.overlap(result.state, patterns[mu]):.2f} ({result.sweeps} sweeps)"
        )

# %%
with_alt(
    hn.plot_states(rows, titles=titles, ncols=9),
    "Black-and-white 10 by 10 pictures in groups of three: a stored random pattern, the cue "
    "with 10 or 30 percent of its pixels flipped, and the state after recall, which is "
    "identical to the stored pattern in every group.",
)

# %% [markdown]
# Every corrupted cue above came back as the stored pattern it was made from (the overlaps after recall
# are printed above). The last sweep of each recall changed nothing: that is how `recall` knows it has
# reached a fixed point.
#
# The energy after every single-unit update shows the slide downhill. It never rises:

# %%
cue = hn.corrupt(patterns[0], 0.3, rng=rng)
trace = hn.recall(W, cue, rng=rng, track_energy=True)
print(
    f"energy of the cue {trace.energies[0]:.2f}, at rest {trace.energies[-1]:.2f}, "
    f"of the stored pattern {hn.energy(W, patterns[0]):.2f}"
)
print("largest increase between two updates:", max(np.diff(trace.energies)))
with_alt(
    plot_curves({"energy": trace.energies}, xlabel="single-unit updates", ylabel="E(s)"),
    f"The energy falls in steps from {trace.energies[0]:.1f} to {trace.energies[-1]:.1f} and "
    "then stays flat: it never rises.",
)

# %% [markdown]
# ## How many patterns fit? Recall against load
#
# Each stored pattern adds to every weight, and the other patterns act as noise on the input $h_i$ a
# unit receives when the state is near pattern $\xi^\mu$:
#
# $$
# h_i = \xi^\mu_i\,\frac{N-1}{N} + \frac{1}{N}\sum_{\nu \neq \mu} \sum_{j \neq i} \xi^\nu_i \xi^\nu_j \xi^\mu_j .
# $$
#
# The first term pulls towards the pattern; the second is a sum of about $PN$ random $\pm 1$ terms divided by
# $N$, with a standard deviation near $\sqrt{P/N}$. As the **load** $\alpha = P/N$ grows, this crosstalk
# wins. Using the statistical mechanics of spin glasses, Amit, Gutfreund and Sompolinsky showed that for
# large $N$ the states near the stored patterns stop being minima at $\alpha_c \approx 0.138$
# [@amit1985]. The "0.15 N" often quoted comes from Hopfield's own simulations of networks of 30 and 100
# units ("about 0.15 N states can be simultaneously remembered before error in recall is severe"); the
# theory gives 0.138 N.
#
# We measure it: networks of $N = 500$ units, loads from 0.02 to 0.30, cues with 10 % of units flipped. For
# each load, four networks and up to ten cues per network. The dashed line is the overlap of the cues
# themselves, 0.8: that is what we would get by doing nothing, our baseline.

# %%
loads = np.round(np.arange(0.02, 0.301, 0.02), 2)
capacity = hn.recall_vs_load(N=500, loads=loads, noise=0.1, networks=4, cues=10, seed=1)
print(" load   mean overlap   share perfect")
for a, m, p in zip(capacity["load"], capacity["overlap"], capacity["perfect"], strict=True):
    print(f"{a:5.2f}   {m:12.3f}   {p:13.2f}")

# %%
with_alt(
    hn.plot_capacity(capacity, cue_overlap=0.8),
    "Mean overlap after recall stays near 1 at low load and falls below the cues' overlap of "
    "0.8 at higher loads; the share of perfect recalls drops to zero. A vertical line marks "
    "the theoretical capacity 0.138, a dotted one Hopfield's estimate 0.15.",
)

# %%
below = capacity["load"] < hn.AMIT_CAPACITY - 0.03
above = capacity["load"] > hn.AMIT_CAPACITY + 0.03
print(
    f"loads below {hn.AMIT_CAPACITY - 0.03:.3f}: worst mean overlap {capacity['overlap'][below].min():.3f}"
)
print(
    f"loads above {hn.AMIT_CAPACITY + 0.03:.3f}: best mean overlap {capacity['overlap'][above].max():.3f}"
)
worse = capacity["load"][capacity["overlap"] < 0.8]
print(f"recall makes the cue worse (mean overlap < 0.8) from load {worse.min():.2f} on")

# %% [markdown]
# Well below $\alpha_c$ the network cleans up the cues; well above it, recall ends far from the stored pattern,
# further than the cue started: the memory has not just filled up, it has broken down for every pattern at
# once. With only 500 units the transition is smoother than the sharp jump the theory predicts for
# $N \to \infty$, and perfect recall (every one of the 500 units right) already becomes rare below
# $\alpha_c$: the theory predicts that close to $\alpha_c$ the minimum sits *near* each pattern (an overlap
# of about 0.97, so under 2 % of units wrong), not exactly on it [@amit1985].
#
# ## What goes wrong: spurious states
#
# The minima of the energy are points in the *space of states*, one for every stored pattern, but not only
# those. Two kinds of unwanted minima are easy to build:
#
# - **reversed patterns**: $E(-s) = E(s)$, so $-\xi^\mu$ is a minimum as deep as $\xi^\mu$;
# - **mixtures**: the state $\operatorname{sign}(\xi^1 + \xi^2 + \xi^3)$ agrees with each of the three patterns
#   on about 75 % of units (overlap 0.5), and for random patterns at low load it is itself stable.
#
# We store 5 random patterns in 400 units and start the network on the three-pattern mixture:

# %%
rng = np.random.default_rng(3)
xi = hn.random_patterns(5, 400, rng=rng)
W5 = hn.hebbian_weights(xi)
mix = hn.mixture_state(xi[:3])
rest = hn.recall(W5, mix, rng=rng)
print(
    f"started on the mixture: converged={rest.converged} after {rest.sweeps} sweep(s), "
    f"{int(np.sum(rest.state != mix))} units changed"
)
print(
    "overlap of the resting state with each stored pattern:",
    [round(hn.overlap(rest.state, p), 2) for p in xi],
)
print(
    f"energy of the mixture {hn.energy(W5, rest.state):.1f}; "
    f"of the stored patterns {[round(hn.energy(W5, p), 1) for p in xi]}"
)
flipped = hn.recall(W5, -xi[0], rng=rng).state
print("recall started from the reversed pattern -xi[0] ends at overlap", hn.overlap(flipped, xi[0]))

# %%
with_alt(
    hn.plot_states(
        np.vstack([xi[:3], rest.state]),
        shape=(20, 20),
        titles=["stored #0", "stored #1", "stored #2", "spurious mixture\n(a fixed point)"],
    ),
    "Three stored random 20 by 20 patterns and the mixture state, which agrees with each of "
    "them on about three quarters of the pixels and is stable although nobody stored it.",
)

# %% [markdown]
# The mixture is a fixed point that nobody stored. Its energy is higher than that of the stored patterns,
# so it is a shallower valley, but a cue that lands in its basin stays there. A noisy version of the update,
# in which a unit sometimes goes against its input, can climb out of shallow valleys; that is one road from
# here to the [Boltzmann machine](../boltzmann-machine/).
#
# ## Summary
#
# - A Hopfield network stores patterns in symmetric weights with the Hebbian rule
#   $W = \frac1N \Xi^\top\Xi$ (zero diagonal) and recalls them by asynchronous sign updates.
# - Each update can only lower the energy $E = -\frac12 s^\top W s$, so recall always stops, at a local
#   minimum in the space of states.
# - Random patterns are recalled well while the load $P/N$ stays below about 0.138 [@amit1985]; above it
#   recall fails for all patterns at once. We measured the breakdown in a network of 500 units.
# - Not every minimum is a memory: reversed patterns and mixtures of an odd number of patterns are
#   spurious states.
#
# ## Exercises
#
# 1. Replace the asynchronous updates by synchronous ones (all units at once, $s \leftarrow \operatorname{sign}(Ws)$)
#    and start from random states. Does the state always settle? Look for cycles of length 2.
#    <details class="tip"><summary>Hint</summary>With synchronous updates the energy argument no longer
#    holds; a quantity that involves two consecutive states does decrease, and it allows cycles of length 2.
#    </details>
# 2. Store binarised digits (`nnbook.datasets.digits()`, `2 * (X > 0.5) - 1`) instead of random patterns.
#    How many digits can you store before recall fails? Why is it far fewer than $0.138 \times 64$?
#    <details class="tip"><summary>Hint</summary>The capacity result assumes random, uncorrelated patterns.
#    Digits overlap strongly, so the crosstalk term is no longer a sum of random signs.</details>
# 3. Start recall from random states of the 400-unit network above and count how often it ends on a
#    stored pattern, its reverse, or something else.
# 4. Show that $\Delta E = -(s_i' - s_i) h_i$ for a single-unit change. Where do you use $w_{ii} = 0$?
#    <details class="tip"><summary>Solution</summary>Only the terms of $E$ that contain $s_i$ change:
#    $-\frac12 \sum_{j} (w_{ij} + w_{ji}) s_i s_j = -s_i \sum_{j} w_{ij} s_j$ by symmetry, plus
#    $-\frac12 w_{ii} s_i^2$, which is zero. Replacing $s_i$ by $s_i'$ changes this by
#    $-(s_i' - s_i)\, h_i$.</details>
#
# ## References
#
# - J. J. Hopfield, "Neural networks and physical systems with emergent collective computational abilities",
#   1982 [@hopfield1982].
# - D. J. Amit, H. Gutfreund and H. Sompolinsky, "Storing infinite numbers of patterns in a spin-glass model
#   of neural networks", 1985 [@amit1985].
