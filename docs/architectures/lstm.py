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
# # Long short-term memory: a cell that keeps its gradient
#
# **In this lesson we will** build an LSTM step as an engine primitive, put it in the same network as the
# [plain recurrent network](../rnn/), and run it on the same two tasks. We will
#
# - write the four gates and the memory cell, and see why the cell lets the gradient through;
# - solve the adding problem with $T = 50$, which the plain network failed;
# - measure the gradient norms through time of both networks after training.
#
# **Prerequisites.** The [recurrent network](../rnn/) page: its tasks, its failure and its gradient norms. The code
# lives in `nnbook.autodiff.recurrent` and `nnbook.architectures.rnn` ([API](../../api/architectures/)).

# %%
import numpy as np

from nnbook.architectures import rnn
from nnbook.autodiff import recurrent
from nnbook.display import show_source
from nnbook.plotting import plot_curves, use_book_style

use_book_style()

# %% [markdown]
# ## What problem did it solve?
#
# A plain recurrent network multiplies the gradient by $W_h^\top$ and by $\tanh'$ at every step back, so after a
# few dozen steps almost nothing is left. Sepp Hochreiter and Jürgen Schmidhuber's "Long short-term memory"
# (*Neural Computation* 9(8), 1997) built a unit around a *memory cell* whose state is carried to the next step
# with weight 1 (their *constant error carousel*), so the error signal flowing back along the cell neither
# shrinks nor grows [@hochreiter1997]. Multiplicative **gates** decide what gets written into the cell (the input
# gate) and when its content is shown to the rest of the network (the output gate). They solved tasks with time
# lags of hundreds or a thousand steps, among them the adding problem we use here.
#
# A correction to a common retelling: the 1997 LSTM had **no forget gate**. Its cell could only accumulate,
# which breaks down on long continual input streams. Felix Gers, Jürgen Schmidhuber and Fred Cummins added an
# adaptive forget gate that lets the cell reset itself ("Learning to forget: continual prediction with LSTM",
# ICANN 1999; *Neural Computation* 12(10), 2000) [@gers2000]. The LSTM in today's libraries, and on this page, is the one with
# a forget gate.
#
# ## The model
#
# With $z = x_t W_x + h_{t-1} W_h + b$ split into four blocks (input, forget, candidate, output),
#
# $$
# i = \sigma(z_i), \quad f = \sigma(z_f), \quad g = \tanh(z_g), \quad o = \sigma(z_o),
# $$
#
# $$
# c_t = f \odot c_{t-1} + i \odot g, \qquad h_t = o \odot \tanh(c_t).
# $$
#
# The state is the pair $[h_t, c_t]$. The key line is the cell update: it is *additive*, and the only factor on
# the path from $c_{t-1}$ to $c_t$ is the forget gate,
#
# $$
# \frac{\partial c_t}{\partial c_{t-1}} = \operatorname{diag}(f) ,
# $$
#
# with no weight matrix and no squashing derivative. While $f \approx 1$ the adjoint $\bar c$ travels back
# unchanged, however many steps; the network *learns* when to let it fade. We start the forget gate's bias at 1,
# so that a fresh network leans towards remembering.
#
# As one primitive, the step computes all four gates in one matrix product. Its VJP is the back-propagation of
# these equations, written out; the tests compare it with the same equations written with the engine's
# elementary operations, and with central differences in both modes.

# %%
show_source(recurrent.LSTMStep)

# %% [markdown]
# The network is the same `RecurrentNet` as on the previous page with `cell="lstm"`; for 32 hidden units and 2
# inputs it has four times the recurrent weights of the plain network.

# %%
for cell in ("rnn", "lstm"):
    net = rnn.RecurrentNet(cell, n_in=2, n_hidden=32, n_out=1, seed=0)
    print(f"{cell:>4}: {sum(p.value.size for p in net.params)} weights")

# %% [markdown]
# ## Task 1: digits, one row at a time
#
# The same split, sizes and training as on the [RNN page](../rnn/): 32 hidden units, Adam, 15 epochs.

# %%
X_train, X_test, y_train, y_test = rnn.digit_rows(seed=0)
lstm_digits = rnn.RecurrentNet("lstm", n_in=8, n_hidden=32, n_out=10, seed=0)
history = rnn.train_digit_rows(lstm_digits, X_train, y_train, X_test, y_test, epochs=15, lr=0.01)
print(
    f"LSTM on digit rows: test accuracy {history['test_acc'][-1]:.4f} "
    f"(train {history['train_acc'][-1]:.4f})"
)

# %% [markdown]
# On eight steps gating is not needed; the plain network did about as well. The difference shows on long
# sequences.
#
# ## Task 2: the adding problem with $T = 50$
#
# The same data, seed, batch size (32), learning rate (0.01), clipping and number of steps (300) as the plain
# network on the previous page, which stayed at the trivial error of $1/6$.

# %%
T = 50
nets, curves = {}, {}
for cell in ("rnn", "lstm"):
    nets[cell] = rnn.RecurrentNet(cell, n_in=2, n_hidden=32, n_out=1, seed=0)
    curves[cell] = rnn.train_adding(nets[cell], T, steps=300, lr=0.01, eval_every=25, seed=0)
    print(f"{cell:>4}: mean squared error {curves[cell]['mse'][-1]:.4f} after 300 steps")
print(f"predicting the mean: {1 / 6:.4f}")

# %%
plot_curves(
    {
        "plain RNN": curves["rnn"]["mse"],
        "LSTM": curves["lstm"]["mse"],
        "predict the mean (1/6)": [1 / 6] * len(curves["rnn"]["mse"]),
    },
    x=curves["lstm"]["step"],
    xlabel="training step",
    ylabel="mean squared error",
    logy=True,
    title="Adding problem, T = 50",
    alt=f"Test error on the adding problem with 50 steps during training, log scale. The plain RNN "
    f"stays near 0.167; the LSTM sits on that plateau at first, then drops to "
    f"{curves['lstm']['mse'][-1]:.4f}.",
)

# %% [markdown]
# The LSTM first sits on the same plateau as the plain network (it too begins by predicting the mean), then finds
# the marked numbers and its error drops by more than an order of magnitude below the trivial answer. One test
# sequence, decoded:

# %%
X_demo, y_demo = rnn.adding_problem(3, T, np.random.default_rng(7))
predicted = nets["lstm"](X_demo).value[:, 0]
for k in range(3):
    marked = np.flatnonzero(X_demo[k, :, 1])
    print(
        f"marked steps {marked + 1}, numbers {np.round(X_demo[k, marked, 0], 3)}: "
        f"target {y_demo[k, 0]:.3f}, LSTM {predicted[k]:.3f}"
    )

# %% [markdown]
# ## Gradients through time, after training
#
# The same measurement as on the previous page, $\lVert \partial L / \partial h_t \rVert$ for each step, now for
# both trained networks.

# %%
X_check, y_check = rnn.adding_problem(200, T, np.random.default_rng(5))
norms = {cell: rnn.gradient_norms_through_time(nets[cell], X_check, y_check) for cell in nets}
for cell, values in norms.items():
    print(f"{cell:>4}: |dL/dh_1| / |dL/dh_50| = {values[0] / values[-1]:.1e}")

# %%
rnn.plot_gradient_norms(
    {"plain RNN": norms["rnn"], "LSTM": norms["lstm"]},
    title="After training, T = 50",
    alt=f"Gradient norm with respect to the hidden state at each of 50 steps, log scale, "
    f"after training. The LSTM's stays within a factor "
    f"{max(norms['lstm'].max() / norms['lstm'].min(), 1):.0f} across all steps; the plain "
    f"RNN's falls by a factor {norms['rnn'][-1] / norms['rnn'][0]:.0e} from step 50 to "
    f"step 1.",
)

# %% [markdown]
# The LSTM's gradient reaches step 1 about as strongly as step 50; the plain network's is many orders of
# magnitude weaker there. That is the whole point of the cell: the weights that must react to the first marked
# number get a usable signal.
#
# ## What goes wrong
#
# - **It is not free.** Each step computes four blocks instead of one; the timings above show the cost.
# - **It still starts on the plateau.** For the first hundred or so steps the LSTM learns only the mean; with
#   fewer steps, a smaller learning rate or another seed it may not leave the plateau in the budget. In the tests
#   (`tests/architectures/test_rnn.py`) a smaller LSTM with 16 units solves the task in 250 steps for seed 0; we
#   saw other seeds need longer.
# - **Gates can saturate.** A forget gate stuck near 0 turns the cell back into a short memory; that is one reason
#   for starting its bias at 1.
#
# ## Summary
#
# - The LSTM [@hochreiter1997] adds a memory cell with an additive update, $c_t = f \odot c_{t-1} + i \odot g$, and
#   gates that control writing, keeping and reading. The forget gate came later, from Gers, Schmidhuber and
#   Cummins (1999/2000).
# - Along the cell the gradient is multiplied by $f$, not by $W_h^\top \tanh'$, so it survives many steps.
# - On the adding problem with 50 steps the LSTM got far below the trivial error where the plain network could
#   not, and its measured gradient norms stayed level through time.
#
# ## Exercises
#
# 1. Set `forget_bias=0.0` and train again. Does the LSTM still leave the plateau within 300 steps?
# 2. Remove the forget gate: fix $f = 1$ by giving its bias a large value (say 20) and freezing it (drop `b` from the
#    optimiser's list, or reset it after each step). This is close to the 1997 LSTM. How does it do?
#    <details class="tip"><summary>Hint</summary>After each <code>opt.step()</code>, set
#    <code>net.b.value[32:64] = 20.0</code>; you need your own copy of the training loop of
#    <code>rnn.train_adding</code>.</details>
# 3. Derive $\bar c_{t-1}$ from $\bar h_t$ and $\bar c_t$, and find it in `LSTMStep`.
#    <details class="tip"><summary>Solution</summary>$\bar c_t^{\text{total}} = \bar c_t + \bar h_t \odot o \odot
#    (1 - \tanh^2 c_t)$, then $\bar c_{t-1} = \bar c_t^{\text{total}} \odot f$: the lines <code>dc = gc + gh * o *
#    (1.0 - tc ** 2)</code> and <code>dc * f</code>.</details>
# 4. Try $T = 100$. How many training steps does the LSTM need?
#
# ## References
#
# - S. Hochreiter and J. Schmidhuber, "Long short-term memory", *Neural Computation* 9(8), 1735-1780, 1997
#   [@hochreiter1997].
# - F. A. Gers, J. Schmidhuber and F. Cummins, "Learning to forget: continual prediction with LSTM", *Neural
#   Computation* 12(10), 2451-2471, 2000 (first at ICANN 1999) [@gers2000].
# - Y. Bengio, P. Simard and P. Frasconi, "Learning long-term dependencies with gradient descent is difficult",
#   *IEEE Transactions on Neural Networks* 5(2), 157-166, 1994 [@bengio1994].
