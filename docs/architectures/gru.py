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
# # Gated recurrent unit: two gates, no separate cell
#
# **In this lesson we will** build the gated recurrent unit (GRU), run it on the tasks of the
# [RNN](../rnn/) and [LSTM](../lstm/) pages, and compare the three recurrent networks side by side. We will
#
# - write the update and reset gates and see where the GRU's memory path is;
# - train the plain RNN, the LSTM and the GRU with the same settings on digits read row by row and on the adding
#   problem with $T = 50$;
# - compare their errors, their sizes, their training times and their gradients through time.
#
# **Prerequisites.** The [RNN](../rnn/) and [LSTM](../lstm/) pages. The code lives in `nnbook.autodiff.recurrent`
# and `nnbook.architectures.rnn` ([API](../../api/architectures/)).

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
# The GRU was introduced by Kyunghyun Cho and colleagues in 2014, as the hidden unit of their RNN
# encoder-decoder for machine translation ("Learning phrase representations using RNN encoder-decoder for
# statistical machine translation", EMNLP 2014) [@cho2014]. They wanted a unit that, like the LSTM, can keep
# information over many steps, but is simpler: two gates instead of three, and no memory cell separate from the
# hidden state. Later in 2014, Junyoung Chung, Caglar Gulcehre, Kyunghyun Cho and Yoshua Bengio compared GRUs,
# LSTMs and plain $\tanh$ units on polyphonic music and speech signals [@chung2014]: both gated units clearly beat
# the plain one, and the comparison between GRU and LSTM came out mixed, depending on the data set. (Chung et al.
# evaluated the GRU; they did not introduce it, as one informal account suggests. Nor did they find GRUs "less
# expressive"; they found no clear winner.)
#
# ## The model
#
# With rows as examples, the update gate $u$, the reset gate $r$ and the candidate state $n$ are
#
# $$
# u = \sigma(x_t W_x^u + h_{t-1} W_h^u + b^u), \qquad
# r = \sigma(x_t W_x^r + h_{t-1} W_h^r + b^r),
# $$
#
# $$
# n = \tanh\bigl(x_t W_x^n + (r \odot h_{t-1}) W_h^n + b^n\bigr), \qquad
# h_t = u \odot h_{t-1} + (1 - u) \odot n .
# $$
#
# The last line is the memory path. Where $u \approx 1$ the unit copies its previous value, and the gradient
# along that path is multiplied by $u$ alone, $\partial h_t / \partial h_{t-1} \ni \operatorname{diag}(u)$, like
# the LSTM's forget gate on its cell. Where $r \approx 0$ the candidate ignores the previous state and starts
# afresh from the input.
#
# Conventions differ, so read equations carefully when you compare sources: Cho et al. write
# $h_t = z \odot h_{t-1} + (1 - z) \odot \tilde h$, as we do (our $u$ is their $z$); Chung et al. swap the roles,
# $h_t = (1 - z) \odot h_{t-1} + z \odot \tilde h$; and PyTorch applies the reset gate *after* the product with the
# recurrent weights, $r \odot (h_{t-1} W_h^n + b_h^n)$. We follow Cho et al.

# %%
show_source(recurrent.GRUStep)

# %% [markdown]
# ## Three networks, same settings
#
# For each cell: 32 hidden units; digits read row by row for 15 epochs; the adding problem with $T = 50$ for 300
# steps of Adam (learning rate 0.01, batches of 32, gradients clipped to norm 1), all with seed 0, exactly as on
# the previous two pages.

# %%
X_train, X_test, y_train, y_test = rnn.digit_rows(seed=0)
T = 50
results, adding_nets, adding_curves = {}, {}, {}
for cell in ("rnn", "lstm", "gru"):
    net = rnn.RecurrentNet(cell, n_in=8, n_hidden=32, n_out=10, seed=0)
    digits_history = rnn.train_digit_rows(net, X_train, y_train, X_test, y_test, epochs=15, lr=0.01)
    adding_nets[cell] = rnn.RecurrentNet(cell, n_in=2, n_hidden=32, n_out=1, seed=0)
    adding_curves[cell] = rnn.train_adding(
        adding_nets[cell], T, steps=300, lr=0.01, eval_every=25, seed=0
    )
    results[cell] = {
        "weights": sum(p.value.size for p in adding_nets[cell].params),
        "digits": digits_history["test_acc"][-1],
        "adding": adding_curves[cell]["mse"][-1],
    }
print(f"{'cell':>5} {'weights':>8} {'digit rows, test acc':>21} {'adding T=50, MSE':>17}")
for cell, r in results.items():
    print(f"{cell:>5} {r['weights']:>8} {r['digits']:>21.4f} {r['adding']:>17.4f}")
print(f"predicting the mean on the adding problem: {1 / 6:.4f}")

# %% [markdown]
# The table is the comparison. On eight-step digits the three are close; on the long-range task the plain network
# stays at the trivial error while both gated networks go far below it. The GRU has three weight blocks to the
# LSTM's four, so three quarters of the recurrent weights (the weights column) and less work per step. (Run
# times are left off the page: they vary from machine to machine and would make two builds of the site differ.)

# %%
plot_curves(
    {
        name: adding_curves[cell]["mse"]
        for cell, name in (("rnn", "plain RNN"), ("lstm", "LSTM"), ("gru", "GRU"))
    }
    | {"predict the mean (1/6)": [1 / 6] * len(adding_curves["gru"]["mse"])},
    x=adding_curves["gru"]["step"],
    xlabel="training step",
    ylabel="mean squared error",
    logy=True,
    title="Adding problem, T = 50",
    alt=f"Test error on the adding problem with 50 steps during training, log scale, for three "
    f"networks. The plain RNN stays near 0.167; the LSTM ends at "
    f"{results['lstm']['adding']:.4f} and the GRU at {results['gru']['adding']:.4f}.",
)

# %% [markdown]
# With this seed the GRU leaves the plateau earlier than the LSTM. Do not read a general ranking into one seed and
# one task: Chung et al. found that which gated unit wins depends on the data, and so would a sweep over seeds
# here (exercise 2).
#
# ## Gradients through time
#
# The same measurement as before, for the three trained networks.

# %%
X_check, y_check = rnn.adding_problem(200, T, np.random.default_rng(5))
norms = {
    cell: rnn.gradient_norms_through_time(adding_nets[cell], X_check, y_check)
    for cell in adding_nets
}
for cell, values in norms.items():
    print(f"{cell:>5}: |dL/dh_1| / |dL/dh_50| = {values[0] / values[-1]:.1e}")

# %%
rnn.plot_gradient_norms(
    {"plain RNN": norms["rnn"], "LSTM": norms["lstm"], "GRU": norms["gru"]},
    title="After training, T = 50",
    alt=f"Gradient norm with respect to the hidden state at each of 50 steps, log scale, for "
    f"the three trained networks. The GRU's and the LSTM's stay level across the steps; "
    f"the plain RNN's falls by a factor {norms['rnn'][-1] / norms['rnn'][0]:.0e} from "
    f"step 50 to step 1.",
)

# %% [markdown]
# ## What goes wrong
#
# - **Untrained, the gates do not help.** At initialisation the gradients of all three networks vanish through
#   time; the level curves above are *learned*. Measure it:

# %%
for cell in ("rnn", "lstm", "gru"):
    fresh = rnn.RecurrentNet(cell, n_in=2, n_hidden=32, n_out=1, seed=0)
    fresh_norms = rnn.gradient_norms_through_time(fresh, X_check, y_check)
    print(f"untrained {cell:>4}: |dL/dh_1| / |dL/dh_50| = {fresh_norms[0] / fresh_norms[-1]:.1e}")

# %% [markdown]
#   The gates make a path along which the gradient *can* survive; training has to open it, and that is why all the
#   gated networks start on the plateau.
# - **A sequence must be a rank-3 batch.** One sequence of shape (steps, features) is refused with a message that
#   says how to fix it:

# %%
try:
    adding_nets["gru"](X_check[0])
except ValueError as err:
    print("ValueError:", err)

# %% [markdown]
# ## Summary
#
# - The GRU [@cho2014] has an update gate $u$ and a reset gate $r$ and no separate cell; its state moves by
#   $h_t = u \odot h_{t-1} + (1 - u) \odot n$, a path along which the gradient is multiplied by $u$.
# - With the same settings, both gated networks solved the adding problem with $T = 50$ and the plain network did
#   not; the GRU did it with fewer weights. On short sequences the three were close.
# - Chung et al. [@chung2014] compared GRUs and LSTMs and found no overall winner; our one-seed table is no ranking
#   either.
#
# ## Exercises
#
# 1. Show that a GRU with $r = 1$ and $u = 0$ everywhere is the plain RNN of the previous page.
#    <details class="tip"><summary>Solution</summary>With $u = 0$, $h_t = n$; with $r = 1$,
#    $n = \tanh(x_t W_x^n + h_{t-1} W_h^n + b^n)$, which is the plain step with $W_x = W_x^n$, $W_h = W_h^n$.
#    </details>
# 2. Repeat the adding experiment for seeds 0 to 4 for the LSTM and the GRU. How often does each reach an error below
#    0.05 within 300 steps?
#    <details class="tip"><summary>Hint</summary>Pass <code>seed=s</code> both to <code>RecurrentNet</code> and to
#    <code>train_adding</code>; keep the rest.</details>
# 3. Implement PyTorch's variant, $n = \tanh(x W_x^n + b_x^n + r \odot (h W_h^n + b_h^n))$, with the engine's
#    elementary operations, and check it with `nnbook.autodiff.checks.check_grads`.
# 4. Plot the update gate $u$ of the trained GRU along one adding sequence. What does it do at the marked steps?
#
# ## References
#
# - K. Cho, B. van Merriënboer, C. Gulcehre, D. Bahdanau, F. Bougares, H. Schwenk and Y. Bengio, "Learning phrase
#   representations using RNN encoder-decoder for statistical machine translation", EMNLP 2014 [@cho2014].
# - J. Chung, C. Gulcehre, K. Cho and Y. Bengio, "Empirical evaluation of gated recurrent neural networks on
#   sequence modeling", NIPS 2014 Deep Learning Workshop, arXiv:1412.3555 [@chung2014].
# - S. Hochreiter and J. Schmidhuber, "Long short-term memory", *Neural Computation* 9(8), 1735-1780, 1997
#   [@hochreiter1997].
