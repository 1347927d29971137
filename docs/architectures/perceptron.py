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
# # Perceptron: the first neuron that learned
#
# **In this lesson we will** build Rosenblatt's perceptron, a single threshold unit with a learning rule that
# needs no calculus, and find out exactly what it can and cannot learn. We will
#
# - implement the perceptron's error-correction rule and watch it converge on simple logic gates,
# - train it to diagnose tumours in the breast-cancer data set and compare it with honest baselines,
# - see it fail on XOR, the problem that made the perceptron's limits famous,
# - fix XOR with one hidden layer of sigmoid units trained by gradient descent with `nnbook.autodiff`.
#
# **Prerequisites.** Vectors and dot products. The last part uses the book's
# [automatic-differentiation engine](../../autodiff/), `nnbook.autodiff`, only as a tool: you do not need to
# know how it works. The code lives in
# [`nnbook.architectures.perceptron`](../../api/architectures/#nnbook.architectures.perceptron).

# %%
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from nnbook.architectures import perceptron as pc
from nnbook.datasets import breast_cancer
from nnbook.display import show_source
from nnbook.plotting import plot_curves, use_book_style, with_alt

use_book_style()

# %% [markdown]
# ## What problem did it solve?
#
# In 1958 the psychologist Frank Rosenblatt, at the Cornell Aeronautical Laboratory, published "The
# perceptron: a probabilistic model for information storage and organization in the brain" in
# *Psychological Review* (volume 65, issue 6, pages 386 to 408) [@rosenblatt1958]. Its question was how a
# network of neurons could *learn* to recognise patterns rather than have them wired in. His perceptron had
# sensory units, association units wired to them at random, and response units; experience changed how
# strongly the association units drove the responses. Rosenblatt also built it in hardware, the Mark I
# Perceptron.
#
# Reduced to its core, and in the form the rest of the field adopted, a perceptron is one **threshold unit**
# with adjustable weights, trained by **error correction**. Rosenblatt set out this rule and proved that it
# converges in his 1962 book *Principles of Neurodynamics*; Novikoff gave the short proof with a bound on the
# number of mistakes the same year. It is not trained by back-propagation, which came decades later, for networks
# with hidden layers.
#
# ## The model and the learning rule
#
# For an input $x \in \mathbb{R}^d$ the perceptron outputs
#
# $$
# \hat y = \begin{cases} 1 & \text{if } w^\top x + b > 0, \\ 0 & \text{otherwise.} \end{cases}
# $$
#
# It learns from labelled examples $(x, y)$, $y \in \{0, 1\}$, one at a time:
#
# $$
# w \leftarrow w + \eta\, (y - \hat y)\, x, \qquad b \leftarrow b + \eta\, (y - \hat y).
# $$
#
# If the answer was right, $y - \hat y = 0$ and nothing changes. If the unit stayed silent when it should have
# fired, the input is added to the weights, which raises $w^\top x$ for this and similar inputs; if it fired
# wrongly, the input is subtracted. Starting from $w = 0$, $b = 0$, the step $\eta$ only rescales the weights and
# never changes a prediction, so we use $\eta = 1$.
#
# **Convergence theorem.** If some hyperplane separates the two classes with a margin $\gamma > 0$ (the
# distance from the hyperplane to the closest example, in the space of $(x, 1)$ with a unit-length normal
# vector) and every $(x, 1)$ has length at most $R$, the rule makes at most $(R/\gamma)^2$ mistakes, whatever the
# order of the examples. If no hyperplane separates them, it never stops making mistakes.

# %%
show_source(pc.train_perceptron)

# %% [markdown]
# ## Logic gates: two that work, one that cannot
#
# The four inputs $(0,0), (0,1), (1,0), (1,1)$ with the outputs of AND, OR and XOR (exclusive or: 1 when exactly
# one input is 1). We run the rule for up to 100 epochs on each.

# %%
gates = {}
for name in ("and", "or", "xor"):
    X, y = pc.logic_gate(name)
    gates[name] = p = pc.train_perceptron(X, y, epochs=100, seed=0)
    print(
        f"{name.upper():4s} converged={p.converged!s:5s} epochs={len(p.mistakes):3d} "
        f"mistakes per epoch (first 8): {p.mistakes[:8]}  accuracy {p.accuracy(X, y):.2f}"
    )

# %%
titles = {name: f"{name.upper()} (after {len(p.mistakes)} epochs)" for name, p in gates.items()}
fig = pc.plot_decision_regions(
    {titles[name]: (p.decision, 0.0) for name, p in gates.items()},
    X,
    {titles[name]: pc.logic_gate(name)[1] for name in gates},
)
with_alt(
    fig,
    "Three panels with the four inputs of AND, OR and XOR and the perceptron's straight "
    "boundary after training. For AND and OR the line separates the two classes; for XOR "
    "no line can, and the trained boundary leaves inputs on the wrong side.",
)

# %% [markdown]
# Each panel shades the region where the perceptron fires (blue) and marks the true outputs. For AND and OR
# the rule stops within a few epochs with every input on the right side. For XOR it never does: no straight
# line puts $(0,1)$ and $(1,0)$ on one side and $(0,0)$ and $(1,1)$ on the other, because the two sums
# $w_1 + b > 0$ and $w_2 + b > 0$ would give $w_1 + w_2 + 2b > 0$, while $b \le 0$ and $w_1 + w_2 + b \le 0$ would
# give $w_1 + w_2 + 2b \le 0$. The perceptron cycles forever, at best right on 3 of the 4 inputs.
#
# In 1969 Minsky and Papert analysed precisely which predicates single-layer perceptrons can compute
# [@minsky1969]. XOR is the two-input case of *parity*, one of their central examples of what a perceptron with
# limited connections cannot learn.

# %% [markdown]
# ## A real task: breast-cancer diagnosis
#
# The Wisconsin diagnostic breast-cancer data [@street1993], bundled with scikit-learn, describe 569 tumours by
# 30 numbers measured on images of cell nuclei; the label is benign (1) or malignant (0). We split it 75/25, stratified
# and seeded, and standardise each feature with the training set's mean and standard deviation.

# %%
X_train, X_test, y_train, y_test = breast_cancer(seed=0)
print(
    "training",
    X_train.shape,
    " test",
    X_test.shape,
    f" share benign: train {y_train.mean():.3f}, test {y_test.mean():.3f}",
)
perceptron = pc.train_perceptron(X_train, y_train, epochs=2000, seed=0)
print(
    f"converged: {perceptron.converged} after {len(perceptron.mistakes)} epochs, "
    f"{sum(perceptron.mistakes)} updates in total"
)
test_curve = [
    perceptron.at_epoch(e).accuracy(X_test, y_test) for e in range(1, len(perceptron.mistakes) + 1)
]

# %% [markdown]
# The rule stopped: it found weights that classify every training tumour correctly, so the training set is
# linearly separable. How many mistakes did the theorem allow? A linear support-vector machine with a very
# large penalty finds a separating hyperplane; its margin $\gamma$ gives one valid bound $(R/\gamma)^2$.

# %%
svm = LinearSVC(C=1e6, max_iter=200_000, tol=1e-8).fit(X_train, y_train)
w_aug = np.r_[svm.coef_[0], svm.intercept_]
X_aug = np.hstack([X_train, np.ones((len(X_train), 1))])
signed = (2 * y_train - 1) * (X_aug @ w_aug) / np.linalg.norm(w_aug)
gamma, R = signed.min(), np.linalg.norm(X_aug, axis=1).max()
print(f"SVM separates the training set: {bool(gamma > 0)}; margin {gamma:.4f}, R {R:.2f}")
print(
    f"bound (R/gamma)^2 = {(R / gamma) ** 2:,.0f} mistakes; the perceptron made {sum(perceptron.mistakes):,}"
)

# %% [markdown]
# The bound holds with plenty of room. Mistakes per epoch fall quickly and then linger for hundreds of epochs:
# the last few training tumours sit very close to any separating hyperplane. Meanwhile the accuracy on the
# *test* set wanders from epoch to epoch:

# %%
with_alt(
    plot_curves(
        {"mistakes on the training set": perceptron.mistakes},
        ylabel="mistakes per epoch",
        logy=True,
    ),
    f"Mistakes per epoch on a log scale: {perceptron.mistakes[0]} in the first epoch, then a "
    f"long tail of a few mistakes per epoch until none in epoch {len(perceptron.mistakes)}.",
)

# %%
with_alt(
    plot_curves({"test accuracy": test_curve}, ylabel="accuracy on the test set"),
    f"Test accuracy after each epoch jumps between {min(test_curve):.3f} and "
    f"{max(test_curve):.3f} without settling.",
)

# %% [markdown]
# To judge these numbers we need baselines, all on the same split:
#
# - the **majority class**: always answer "benign";
# - scikit-learn's **logistic regression**, a single *sigmoid* unit $\sigma(w^\top x + b)$ fitted by maximum
#   likelihood with scikit-learn's default L2 penalty;
# - the same sigmoid unit trained by us: plain gradient descent on the cross-entropy, with gradients from
#   `nnbook.autodiff` (500 full-batch steps, learning rate 0.5, no penalty).

# %%
majority = max(y_train.mean(), 1 - y_train.mean())
majority_label = int(y_train.mean() > 0.5)
logreg = LogisticRegression(max_iter=1000).fit(X_train, y_train)
unit, unit_losses = pc.train_sigmoid_network(X_train, y_train, hidden=(), lr=0.5, steps=500, seed=0)


def unit_accuracy(X, y):
    return float(np.mean((unit(X).value.ravel() > 0) == y))


rows = [
    ("majority class", np.mean(y_train == majority_label), np.mean(y_test == majority_label)),
    (
        "perceptron rule, at convergence",
        perceptron.accuracy(X_train, y_train),
        perceptron.accuracy(X_test, y_test),
    ),
    (
        "perceptron rule, after 10 epochs",
        perceptron.at_epoch(10).accuracy(X_train, y_train),
        perceptron.at_epoch(10).accuracy(X_test, y_test),
    ),
    (
        "sigmoid unit, nnbook.autodiff",
        unit_accuracy(X_train, y_train),
        unit_accuracy(X_test, y_test),
    ),
    (
        "logistic regression, scikit-learn",
        logreg.score(X_train, y_train),
        logreg.score(X_test, y_test),
    ),
]
print(f"{'model':36s} {'train acc.':>10s} {'test acc.':>10s}")
for name, tr, te in rows:
    print(f"{name:36s} {tr:10.3f} {te:10.3f}")
print(f"(test set: {len(y_test)} tumours, so one tumour is {1 / len(y_test):.3f} of accuracy)")

# %% [markdown]
# Every linear model is far above the majority class. The perceptron reaches 100 % on the training set by
# construction, but its hyperplane is simply the first one that separates the training data, squeezed against
# the last few examples it corrected; the sigmoid unit, which keeps pushing every example away from the
# boundary through its smooth loss, chooses a hyperplane that does at least as well on new tumours here. The
# difference between them is a few tumours of the test set, so do not read more into it than that.
#
# ## Fixing XOR with a hidden layer
#
# XOR becomes easy if we first compute two intermediate features, for example "$x_1$ OR $x_2$" and
# "$x_1$ AND $x_2$", and then output "OR and not AND". Those features are themselves perceptrons, so a network
# with one **hidden layer** can represent XOR. The perceptron rule cannot train it, though: it needs to know
# what each hidden unit *should* have output, and nobody says. Replace the threshold by the smooth sigmoid
# $\sigma(z) = 1/(1+e^{-z})$, and the network's output becomes a differentiable function of every weight, so
# gradient descent can adjust all of them. We use a 2-2-1 network,
#
# $$
# h = \sigma(x W_1 + b_1), \qquad \hat y = \sigma(h W_2 + b_2),
# $$
#
# the cross-entropy loss, and gradients from the book's autodiff engine (1000 full-batch steps, learning rate
# 2).

# %%
show_source(pc.train_sigmoid_network)

# %%
X, y = pc.logic_gate("xor")
net, losses = pc.train_sigmoid_network(X, y, hidden=(2,), lr=2.0, steps=1000, seed=0)
prob = 1 / (1 + np.exp(-net(X).value.ravel()))
print("inputs:", X.tolist())
print("targets:", y.astype(int).tolist(), " network output:", prob.round(3).tolist())
print(f"loss: {losses[0]:.3f} at the start, {losses[-1]:.4f} after {len(losses)} steps")

# %%
fig = pc.plot_decision_regions(
    {
        "single perceptron": (gates["xor"].decision, 0.0),
        "2 hidden sigmoid units": (lambda G: 1 / (1 + np.exp(-net(G).value.ravel())), 0.5),
    },
    X,
    y,
)
with_alt(
    fig,
    "XOR inputs over two decision regions. The single perceptron's straight boundary "
    "misclassifies inputs; the network with two hidden units has a bent region that puts "
    "(0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on the other.",
)

# %% [markdown]
# The hidden layer bends the boundary. Looking at the data through the two hidden units shows how: the hidden
# layer moves the four points to new positions where a single straight line, the output unit's, separates
# the classes.

# %%
with_alt(
    pc.plot_hidden_space(net, X, y),
    "The four XOR inputs at the positions given by the two hidden units' activations. The two "
    "inputs of class 0 land together, and a straight line, the output unit's, separates them "
    "from the two inputs of class 1.",
)

# %% [markdown]
# ## What goes wrong
#
# **A single unit has a straight boundary**, whatever the rule that trains it. We saw XOR; more generally, any
# problem whose classes are not linearly separable in the given features is beyond it.
#
# **Gradient descent can get stuck.** The loss of the hidden-layer network is not convex. With only two hidden
# units, some random initialisations lead to a poor local minimum or a long plateau. We train ten networks
# that differ only in their random initial weights:

# %%
solved = []
for seed in range(10):
    net_s, losses_s = pc.train_sigmoid_network(X, y, hidden=(2,), lr=2.0, steps=1000, seed=seed)
    ok = bool(np.all((net_s(X).value.ravel() > 0) == y))
    solved.append(ok)
    print(f"seed {seed}: final loss {losses_s[-1]:.4f}, solves XOR: {ok}")
print(f"{sum(solved)} of {len(solved)} initialisations solve XOR with 2 hidden units")

# %% [markdown]
# More hidden units than strictly needed make such failures rarer (try three), one reason why networks used in
# practice are much larger than the smallest one that could represent the task.
#
# ## Summary
#
# - The perceptron [@rosenblatt1958] is a threshold unit $\mathbb{1}[w^\top x + b > 0]$ trained by error
#   correction, $w \leftarrow w + \eta (y - \hat y) x$; no gradients, no back-propagation.
# - On linearly separable data the rule stops after finitely many mistakes, at most $(R/\gamma)^2$. On the
#   breast-cancer training set it needed hundreds of epochs, and the test accuracy of its final hyperplane was
#   no better than that of a sigmoid unit trained by gradient descent.
# - It cannot represent XOR [@minsky1969]. A hidden layer of sigmoid units can, and gradient descent with
#   automatic differentiation trains it, though not from every starting point.
#
# ## Exercises
#
# 1. Train the perceptron on the breast-cancer data with the examples in a fixed order (no shuffling). Does it
#    still converge? After how many epochs?
# 2. The *averaged perceptron* predicts with the average of the weight vectors over all steps instead of the
#    last one. Compute it from `perceptron.snapshots` (averaging the end-of-epoch weights is a fair
#    approximation) and compare its test accuracy with the last weights'.
#    <details class="tip"><summary>Hint</summary><code>w = np.mean([w for w, b in perceptron.snapshots],
#    axis=0)</code>, likewise for <code>b</code>; then <code>pc.Perceptron(w, b).accuracy(X_test, y_test)</code>.
#    </details>
# 3. Write down weights for a 2-2-1 network of *threshold* units that computes XOR, using the OR and AND
#    features above.
#    <details class="tip"><summary>Solution</summary>Hidden unit 1 (OR): $w = (1, 1)$, $b = -0.5$. Hidden unit 2
#    (AND): $w = (1, 1)$, $b = -1.5$. Output: $w = (1, -1)$, $b = -0.5$, which fires when OR is on and AND is
#    off.</details>
# 4. Prove the convergence bound. Follow how $w^\top w^*$ grows (by at least $\gamma$ per mistake) and how
#    $\lVert w \rVert^2$ grows (by at most $R^2$ per mistake), and combine the two with the Cauchy-Schwarz
#    inequality.
#
# ## References
#
# - F. Rosenblatt, "The perceptron: a probabilistic model for information storage and organization in the
#   brain", *Psychological Review* 65(6), 386-408, 1958 [@rosenblatt1958].
# - M. Minsky and S. Papert, *Perceptrons: An Introduction to Computational Geometry*, MIT Press, 1969
#   [@minsky1969].
# - F. Rosenblatt, *Principles of Neurodynamics*, Spartan Books, 1962, and A. B. J. Novikoff, "On convergence
#   proofs on perceptrons", *Symposium on the Mathematical Theory of Automata*, 1962: the learning rule in the
#   form used here and its convergence proof.
