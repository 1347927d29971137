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
# # Recurrent network: a state that carries the past
#
# **In this lesson we will** build a plain recurrent network, train it by back-propagation through time with the
# book's autodiff engine, and find out exactly where it fails. We will
#
# - write one step of the network, $h_t = \tanh(x_t W_x + h_{t-1} W_h + b)$, as an engine primitive;
# - read digits one row at a time and classify them from the final state;
# - try the *adding problem*, which needs a memory of 50 steps, and see the network learn it for 10 steps but not
#   for 50;
# - measure $\lVert \partial L / \partial h_t \rVert$ through time and watch it vanish.
#
# The same two tasks return on the [LSTM](../lstm/) and [GRU](../gru/) pages, where gates fix what breaks here.
#
# **Prerequisites.** Back-propagation in a layered network ([Lecture 01](../../lectures/01-first-network/)) and
# reverse mode in `nnbook.autodiff`. The code lives in `nnbook.autodiff.recurrent` and
# `nnbook.architectures.rnn` ([API](../../api/architectures/)).

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
# A feed-forward network maps one fixed-size input to one output. Speech, text, sensor readings and prices come
# as *sequences* of varying length, where what matters now may have happened several steps ago. A recurrent
# network keeps a **hidden state** $h_t$, updates it from the new input $x_t$ and its own previous value, and so
# can, in principle, carry information forward for as long as it needs.
#
# Recurrent networks are older than the paper usually credited with them. Rumelhart, Hinton and Williams already
# showed in 1986 that a recurrent network run for $T$ steps is a layered network with $T$ layers that share their
# weights, so back-propagation trains it; this is **back-propagation through time** [@rumelhart1986]. Jeffrey
# Elman's "Finding structure in time" (*Cognitive Science* 14(2), 1990) [@elman1990] made the *simple recurrent network*
# popular: the hidden layer is copied into "context units" that feed it at the next step, and the network learns
# structure in letter and word sequences by predicting the next item. The network on this page has Elman's
# design, with $\tanh$ units where he used logistic ones.
#
# The hard part was found soon after. Bengio, Simard and Frasconi showed in 1994 that learning dependencies over
# long spans by gradient descent is difficult: to store information robustly, the network's dynamics must shrink
# perturbations, and then the gradient that flows back in time shrinks exponentially too [@bengio1994] (Sepp
# Hochreiter had analysed the same decay in his 1991 diploma thesis). The weights themselves do not become 0 or a
# million, as one informal account has it; it is the *product of the step-to-step Jacobians* that vanishes (or
# explodes).
#
# ## The model
#
# For a batch of sequences $x_1, \dots, x_T$ (each $x_t$ of shape $B \times D$), with $h_0 = 0$,
#
# $$
# h_t = \tanh(x_t W_x + h_{t-1} W_h + b), \qquad \hat y = h_T W_y + b_y .
# $$
#
# The same $W_x, W_h, b$ are used at every step. Reverse mode through the unrolled graph sends the adjoint of
# $h_t$ one step back with
#
# $$
# \bar h_{t-1} = \bigl(\bar h_t \odot (1 - h_t^2)\bigr)\, W_h^\top ,
# $$
#
# so $\bar h_{t-k}$ is $\bar h_t$ multiplied by $k$ such factors. Since $|\tanh'| \le 1$,
# $\lVert \bar h_{t-k} \rVert \le \lVert W_h \rVert^k \lVert \bar h_t \rVert$: if the recurrent matrix shrinks
# vectors (norm below 1) or the units saturate, the signal from step $t$ reaches step $t - k$ exponentially weak.
#
# One step is one primitive of the engine, with its forward rule, its vector-Jacobian product and its
# Jacobian-vector product. (The tests check it against central differences and against the same step written
# with the engine's elementary operations.)

# %%
show_source(recurrent.RNNStep)

# %% [markdown]
# The network runs the step along the sequence and reads the answer from the last state:

# %%
show_source(rnn.RecurrentNet.states)

# %% [markdown]
# ## Task 1: digits, one row at a time
#
# Each 8 x 8 digit becomes a sequence of $T = 8$ steps of 8 pixels, top row first; the network must classify it
# from $h_8$. We use 32 hidden units, Adam [@kingma2014] with learning rate 0.01, mini-batches of 64, 15 epochs,
# and the same split as the [CNN page](../cnn/).

# %%
X_train, X_test, y_train, y_test = rnn.digit_rows(seed=0)
net_digits = rnn.RecurrentNet("rnn", n_in=8, n_hidden=32, n_out=10, seed=0)
digits_history = rnn.train_digit_rows(
    net_digits, X_train, y_train, X_test, y_test, epochs=15, lr=0.01
)
print(
    f"plain RNN on digit rows: test accuracy {digits_history['test_acc'][-1]:.4f} "
    f"(train {digits_history['train_acc'][-1]:.4f})"
)

# %% [markdown]
# Eight steps are easy: the state only has to carry information across a short distance, and the plain network
# does well.
#
# ## Task 2: the adding problem
#
# Each sequence has $T$ steps. At every step the input is a pair: a random number in $[0, 1)$ and a marker, which
# is 1 at exactly two steps (one in the first half, one in the second) and 0 elsewhere. The target is the sum of
# the two marked numbers. This is a simpler variant of the adding problem that Hochreiter and Schmidhuber used to
# test the LSTM [@hochreiter1997].

# %%
X, y = rnn.adding_problem(3, 10, np.random.default_rng(0))
print("first sequence (number, marker) per step:\n", np.round(X[0].T, 2))
print("target:", np.round(y[0], 4))

# %% [markdown]
# A network that learns nothing predicts the average target, 1, and scores a mean squared error of
# $\operatorname{Var}(u_1 + u_2) = 2/12 \approx 0.167$. To beat that, it must notice the first marked number
# and keep it in its state until the end. We train on fresh batches of 32 sequences for 300 steps, with gradients
# clipped to norm 1, and measure the error on 500 held-out sequences, for $T = 10$ and $T = 50$.

# %%
curves, nets = {}, {}
for T in (10, 50):
    nets[T] = rnn.RecurrentNet("rnn", n_in=2, n_hidden=32, n_out=1, seed=0)
    curves[T] = rnn.train_adding(nets[T], T, steps=300, lr=0.01, eval_every=25, seed=0)
    print(
        f"T = {T}: mean squared error {curves[T]['mse'][-1]:.4f} after 300 steps; "
        f"predicting the mean scores {1 / 6:.4f}"
    )

# %%
plot_curves(
    {f"plain RNN, T = {T}": curves[T]["mse"] for T in (10, 50)}
    | {"predict the mean (1/6)": [1 / 6] * len(curves[10]["mse"])},
    x=curves[10]["step"],
    xlabel="training step",
    ylabel="mean squared error",
    logy=True,
    title="Adding problem: plain RNN",
    alt=f"Test error of the plain RNN on the adding problem during training, log scale. With 10 "
    f"steps it falls to {curves[10]['mse'][-1]:.3f}; with 50 steps it stays at "
    f"{curves[50]['mse'][-1]:.3f}, near the 0.167 of always predicting the mean.",
)

# %% [markdown]
# With 10 steps the network solves the task. With 50 it never gets below the trivial answer: it has learned to
# predict the mean and nothing else.
#
# ## Why: gradients through time
#
# `gradient_norms_through_time` builds the graph for a batch, runs reverse mode keeping the adjoint of every
# state, and returns $\lVert \partial L / \partial h_t \rVert$ for $t = 1, \dots, T$: how strongly the loss
# responds to the state at step $t$, and so how much the weights can learn about what happened there.

# %%
show_source(rnn.gradient_norms_through_time)

# %%
X_check, y_check = rnn.adding_problem(200, 50, np.random.default_rng(5))
untrained = rnn.RecurrentNet("rnn", n_in=2, n_hidden=32, n_out=1, seed=0)
norms = {
    "before training": rnn.gradient_norms_through_time(untrained, X_check, y_check),
    "after 300 steps": rnn.gradient_norms_through_time(nets[50], X_check, y_check),
}
for label, values in norms.items():
    print(
        f"{label}: |dL/dh_50| = {values[-1]:.2e}, |dL/dh_1| = {values[0]:.2e}, "
        f"ratio {values[0] / values[-1]:.1e}"
    )

# %%
rnn.plot_gradient_norms(
    norms,
    title="Plain RNN, adding problem, T = 50",
    alt=f"Gradient norm with respect to the hidden state at each of 50 steps, log scale, "
    f"for the plain RNN before and after training. It falls steadily from the last "
    f"step to the first, by a factor of {norms['before training'][0] / norms['before training'][-1]:.0e} "
    f"before training and {norms['after 300 steps'][0] / norms['after 300 steps'][-1]:.0e} after.",
)

# %% [markdown]
# The first marked number sits somewhere in steps 1 to 25, where the gradient is many orders of magnitude below
# its value at step 50. Training made it worse, not better: the network settled on the answer that needs no
# memory, and the weights that would carry a number across 25 or more steps receive almost no signal. Gradient
# clipping cannot help: it tames gradients that *explode*, and these vanish.
#
# ## What goes wrong, and what fixes it
#
# - **Vanishing gradients**: shown above. The fix is architectural: give the state a path through time along which
#   the gradient is multiplied by (nearly) 1 instead of by $W_h^\top$ and $\tanh'$. That is the LSTM's cell and the
#   GRU's update gate.
# - **Exploding gradients**: with a recurrent matrix of norm above 1 the same product grows exponentially;
#   clipping the gradient's norm (as `train_adding` does) keeps single steps from wrecking the weights.
# - **Wrong input shapes**: a batch of sequences is a rank-3 array (sequences, steps, features); the network says
#   so instead of failing inside a matrix product.

# %%
try:
    net_digits(X_test[0])  # one sequence, rank 2
except ValueError as err:
    print("ValueError:", err)

# %% [markdown]
# ## Summary
#
# - A recurrent network updates a hidden state with the same weights at every step, $h_t = \tanh(x_t W_x +
#   h_{t-1} W_h + b)$; back-propagation through the unrolled graph trains it [@rumelhart1986]. The simple
#   recurrent network is Elman's (1990).
# - It handles short sequences well (digits read in 8 rows) and the adding problem with 10 steps.
# - With 50 steps it fails: the gradient that reaches the early steps is orders of magnitude too small
#   [@bengio1994], as the measured norms show.
#
# ## Exercises
#
# 1. Run the adding problem with $T = 20$ and $T = 30$. Where does the plain network stop learning within 300
#    steps?
# 2. Initialise $W_h$ as $1.5$ times an orthogonal matrix and plot the gradient norms again. What happens, and what
#    does gradient clipping do about it?
#    <details class="tip"><summary>Hint</summary><code>net.Wh.value = 1.5 * net.Wh.value</code> before calling
#    <code>rnn.gradient_norms_through_time</code>.</details>
# 3. Show that $\bar h_{t-1} = (\bar h_t \odot (1 - h_t^2)) W_h^\top$ is the vector-Jacobian product of one step,
#    and find the line of `RNNStep.vjp` that computes it.
#    <details class="tip"><summary>Solution</summary>With $z = x W_x + h W_h + b$ and $h_t = \tanh z$, the chain
#    rule gives $\bar z = \bar h_t \odot (1 - h_t^2)$ and, since $z$ is linear in $h$, $\bar h = \bar z W_h^\top$.
#    In the code, <code>dz = g * (1.0 - node.value ** 2)</code>, then <code>_affine_vjp</code> returns
#    <code>dz @ Wh.T</code> for the state.</details>
# 4. Predict the *next row* of a digit from the rows so far (a target at every step, the source's "next term in
#    the sequence" idea). Which rows are hardest to predict?
#
# ## References
#
# - D. E. Rumelhart, G. E. Hinton and R. J. Williams, "Learning representations by back-propagating errors",
#   *Nature* 323, 533-536, 1986 [@rumelhart1986].
# - J. L. Elman, "Finding structure in time", *Cognitive Science* 14(2), 179-211, 1990 [@elman1990].
# - Y. Bengio, P. Simard and P. Frasconi, "Learning long-term dependencies with gradient descent is difficult",
#   *IEEE Transactions on Neural Networks* 5(2), 157-166, 1994 [@bengio1994].
# - S. Hochreiter and J. Schmidhuber, "Long short-term memory", *Neural Computation* 9(8), 1735-1780, 1997
#   [@hochreiter1997].
# - D. P. Kingma and J. Ba, "Adam: a method for stochastic optimization", ICLR 2015 [@kingma2014].
