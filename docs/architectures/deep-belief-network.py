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
# # Deep belief network: stacking RBMs, one layer at a time
#
# **In this lesson we will** build a deep belief network (DBN) by training restricted Boltzmann machines one
# on top of the other, then turn it into a classifier and fine-tune it with back-propagation. We will
#
# - pre-train a stack of two RBMs on handwritten digits without using any labels,
# - copy the learned weights into a feed-forward network and fine-tune it with `nnbook.autodiff`,
# - compare it with the *same* network trained from random weights, with few labels and with many,
# - see when pre-training helps and when it stops mattering.
#
# **Prerequisites.** The [restricted Boltzmann machine](../boltzmann-machine/) and its contrastive-divergence
# training; a network of sigmoid layers trained by gradient descent (the end of the
# [perceptron](../perceptron/) lesson). The code lives in
# [`nnbook.architectures.dbn`](../../api/architectures/#nnbook.architectures.dbn).

# %%
import numpy as np
from sklearn.linear_model import LogisticRegression

from nnbook.architectures.dbn import DBN, fine_tune, random_classifier
from nnbook.architectures.rbm import binarize
from nnbook.datasets import digits
from nnbook.display import show_source
from nnbook.plotting import plot_curves, use_book_style, with_alt

use_book_style()

# %% [markdown]
# ## What problem did it solve?
#
# By the mid-2000s, networks with several hidden layers were known to be hard to train with back-propagation
# alone: started from small random weights, the gradients reaching the lower layers were tiny and training
# stalled in poor solutions. In 2006 Hinton, Osindero and Teh proposed a way round it [@hinton2006]. A
# **deep belief network** is a generative model with several layers of binary hidden units: the top two layers
# form an RBM, and each lower layer is generated from the one above through sigmoid units. Such a model is
# hard to train as a whole, but they showed that it can be learned **greedily**:
#
# 1. train an RBM on the data;
# 2. treat the hidden activities of that RBM, given the data, as data for a second RBM, and train it;
# 3. repeat for as many layers as wanted.
#
# The paper shows that adding a layer and training it this way improves a variational lower bound on the
# log-likelihood of the data under the whole model, provided the new layer is set up as the paper describes
# (for example, it starts from the transposed weights of the layer below). The paper then fine-tuned the
# generative model with a contrastive version of the wake-sleep algorithm.
#
# The same year, Hinton and Salakhutdinov used the greedy stack to *initialise* deep networks that were then
# fine-tuned with back-propagation, for autoencoders and for classification [@hinton2006reducing], and in 2007
# Bengio, Lamblin, Popovici and Larochelle studied why greedy layer-wise pre-training helps and extended it
# to other building blocks than RBMs [@bengio2007]. The recipe we follow is that one: **greedy unsupervised
# pre-training, then supervised fine-tuning**.
#
# ## The recipe in code
#
# The first RBM sees the binarised images. Each later RBM sees binary states sampled from the hidden
# probabilities of the layer below, $h^{(l)} \sim p(h^{(l)} \mid h^{(l-1)})$, drawn afresh every epoch:

# %%
show_source(DBN.pretrain)

# %% [markdown]
# To classify, we build a network of sigmoid layers with the same shapes,
#
# $$
# h^{(1)} = \sigma(x W_1 + c_1), \qquad h^{(2)} = \sigma(h^{(1)} W_2 + c_2), \qquad
# \hat y = \operatorname{softmax}(h^{(2)} W_3 + b_3),
# $$
#
# copy each RBM's weights $W_l$ and hidden biases $c_l$ into it (so that its hidden activities are the RBMs'
# $p(h \mid \cdot)$), add a randomly initialised output layer, and train the whole network with mini-batch
# gradient descent on the cross-entropy. The gradients come from the book's autodiff engine.

# %%
show_source(DBN.classifier)

# %%
show_source(fine_tune)

# %% [markdown]
# ## Pre-training on digits, without labels
#
# scikit-learn's $8\times 8$ digits, binarised at half intensity, split into 1347 training and 450 test images.
# The DBN has layers of 64, 100 and 100 units; each RBM trains with CD-1 for 20 epochs (mini-batches of 10,
# learning rate 0.1). Only the training images are used, not their labels.

# %%
X_train, X_test, y_train, y_test = digits(seed=0)
X_train, X_test = binarize(X_train), binarize(X_test)
sizes = [64, 100, 100]
dbn = DBN(sizes, seed=0)
pretrain_history = dbn.pretrain(X_train, epochs=20, lr=0.1, batch_size=10)
for layer, history in enumerate(pretrain_history, start=1):
    print(
        f"RBM {layer} ({sizes[layer - 1]}-{sizes[layer]}): reconstruction error "
        f"{history[0]:.4f} after epoch 1, {history[-1]:.4f} after epoch {len(history)}"
    )

# %%
with_alt(
    plot_curves(
        {f"RBM {k + 1}": h for k, h in enumerate(pretrain_history)},
        ylabel="reconstruction error of its input",
    ),
    "Reconstruction error of each RBM over the pre-training epochs: both fall, the second "
    "RBM's stays above the first's.",
)

# %% [markdown]
# The second RBM's error is higher because its input is harder to predict: binary samples of 100
# hidden units that are individually noisy, rather than clean images.
#
# ## Fine-tuning with few labels
#
# Pre-training should pay off most when labels are scarce, since it has already extracted structure from the
# unlabelled images. We keep only 10 labelled images per digit, 100 in all, and fine-tune two networks with
# identical shapes, training data and settings (60 epochs, mini-batches of 10, learning rate 0.5):
#
# - **pre-trained**: hidden layers from the DBN;
# - **random**: every weight drawn from $\mathcal{N}(0, 1/\text{fan-in})$, biases likewise, a standard
#   initialisation for sigmoid networks.
#
# A third baseline is **logistic regression** on the raw pixels of the same 100 images.

# %%
rng = np.random.default_rng(0)
few = np.concatenate(
    [rng.choice(np.flatnonzero(y_train == c), 10, replace=False) for c in range(10)]
)
settings = dict(epochs=60, lr=0.5, batch_size=10, seed=0, X_test=X_test, y_test=y_test)
few_pre = fine_tune(dbn.classifier(10, seed=0), X_train[few], y_train[few], **settings)
few_rand = fine_tune(random_classifier(sizes, 10, seed=0), X_train[few], y_train[few], **settings)
few_logreg = LogisticRegression(max_iter=5000).fit(X_train[few], y_train[few]).score(X_test, y_test)
print(
    f"100 labels -> test accuracy: pre-trained {few_pre['test_acc'][-1]:.3f}, "
    f"random weights {few_rand['test_acc'][-1]:.3f}, logistic regression {few_logreg:.3f}"
)
print(
    f"training accuracy at the end: pre-trained {few_pre['train_acc'][-1]:.3f}, "
    f"random {few_rand['train_acc'][-1]:.3f}"
)

# %%
with_alt(
    plot_curves(
        {"pre-trained (DBN)": few_pre["test_acc"], "random weights": few_rand["test_acc"]},
        ylabel="test accuracy",
        title="fine-tuning on 100 labelled digits",
    ),
    f"Test accuracy during fine-tuning on 100 labels: the pre-trained network starts at "
    f"{few_pre['test_acc'][0]:.2f} and ends at {few_pre['test_acc'][-1]:.2f}; the randomly "
    f"initialised one starts at {few_rand['test_acc'][0]:.2f} and ends at "
    f"{few_rand['test_acc'][-1]:.2f}.",
)

# %% [markdown]
# Both networks end up fitting their 100 training images (the training accuracies above), yet the
# pre-trained one classifies the 450 unseen test images much better. Its hidden layers were shaped by all 1347
# training images, so they already respond to the strokes that distinguish digits; the random network can
# only learn features from the 100 labelled images. It also starts far ahead, after a single epoch of
# fine-tuning:

# %%
print(
    f"test accuracy after the first epoch: pre-trained {few_pre['test_acc'][0]:.3f}, "
    f"random {few_rand['test_acc'][0]:.3f}"
)

# %% [markdown]
# ## Fine-tuning with all the labels
#
# Now every one of the 1347 training images has its label. Same networks, 30 epochs, mini-batches of 32.

# %%
settings = dict(epochs=30, lr=0.5, batch_size=32, seed=0, X_test=X_test, y_test=y_test)
all_pre = fine_tune(dbn.classifier(10, seed=0), X_train, y_train, **settings)
all_rand = fine_tune(random_classifier(sizes, 10, seed=0), X_train, y_train, **settings)
all_logreg = LogisticRegression(max_iter=5000).fit(X_train, y_train).score(X_test, y_test)
print(
    f"all labels -> test accuracy: pre-trained {all_pre['test_acc'][-1]:.3f}, "
    f"random weights {all_rand['test_acc'][-1]:.3f}, logistic regression {all_logreg:.3f}"
)
print(
    f"after the first epoch: pre-trained {all_pre['test_acc'][0]:.3f}, random {all_rand['test_acc'][0]:.3f}"
)

# %%
with_alt(
    plot_curves(
        {"pre-trained (DBN)": all_pre["test_acc"], "random weights": all_rand["test_acc"]},
        ylabel="test accuracy",
        title="fine-tuning on 1347 labelled digits",
    ),
    f"Test accuracy during fine-tuning on all labels: the pre-trained network starts at "
    f"{all_pre['test_acc'][0]:.2f} and climbs to {all_pre['test_acc'][-1]:.2f}; the randomly "
    f"initialised one starts near chance, climbs in jumps and ends at "
    f"{all_rand['test_acc'][-1]:.2f}.",
)

# %% [markdown]
# With all the labels the gap between the two networks is much smaller than with 100:

# %%
print(
    f"pre-trained minus random, test accuracy: {few_pre['test_acc'][-1] - few_rand['test_acc'][-1]:+.3f} "
    f"with 100 labels, {all_pre['test_acc'][-1] - all_rand['test_acc'][-1]:+.3f} with all labels"
)

# %% [markdown]
# The curves show how the two networks get there. The pre-trained network starts high and climbs steadily. The
# randomly initialised one first sits near chance (10 %) for a few epochs, a plateau typical of deep sigmoid
# networks started from random weights [@glorot2010], then climbs in jumps and narrows the gap.
#
# Logistic regression on the raw pixels is a strong baseline on this small, easy data set: compare its
# accuracy, printed above, with the two networks'. A deep model has to beat it, not only another deep model.
#
# ## What goes wrong, and what changed since
#
# - **The advantage shrinks as labels grow.** That is what we measured. It is also why, once large labelled
#   data sets, better random initialisations [@glorot2010] and units such as the rectified linear unit made
#   deep networks trainable from scratch, unsupervised pre-training of this kind fell out of use for
#   supervised tasks.
# - **One split, one seed.** Our numbers come from one split of a small data set and one random initialisation
#   of each network. Differences of one or two percentage points on 450 test images (about 5 to 9 images)
#   should not be trusted without repeating the experiment over seeds (exercise 1).
# - **Greedy is not optimal.** Each RBM is trained once and then frozen while the next one learns; the
#   fine-tuning changes all layers together, and for a classifier it forgets the generative model.
#
# ## Summary
#
# - A deep belief network [@hinton2006] is a stack of RBMs trained greedily, each one modelling the hidden
#   activities of the one below, with no labels.
# - Its weights initialise a deep sigmoid network, which is then fine-tuned with back-propagation
#   [@hinton2006reducing] [@bengio2007]; here the gradients come from `nnbook.autodiff`.
# - With 100 labelled digits the pre-trained network clearly beat the same network trained from random weights;
#   with all 1347 labels the difference was small.
#
# ## Exercises
#
# 1. Repeat the 100-label experiment for five seeds (of the DBN, of the random network and of the labelled
#    subset). Report the mean and spread of both accuracies. Is the difference larger than the spread?
# 2. Vary the number of labelled images per class (5, 10, 30, 100, all). Plot the test accuracy of both
#    networks against the number of labels.
# 3. Generate digits from the DBN: run a Gibbs chain in the top RBM, then go *down* through the first RBM
#    with $p(v \mid h)$. Compare with samples of a single RBM.
#    <details class="tip"><summary>Hint</summary><code>dbn.rbms[1].gibbs(...)</code> gives states of the first
#    hidden layer; <code>dbn.rbms[0].visible_probs(...)</code> turns them into images.</details>
# 4. Fine-tune with a smaller learning rate for the pre-trained layers than for the output layer. Does it
#    help with few labels?
#
# ## References
#
# - G. E. Hinton, S. Osindero and Y.-W. Teh, "A fast learning algorithm for deep belief nets", 2006
#   [@hinton2006].
# - G. E. Hinton and R. R. Salakhutdinov, "Reducing the dimensionality of data with neural networks", 2006
#   [@hinton2006reducing].
# - Y. Bengio, P. Lamblin, D. Popovici and H. Larochelle, "Greedy layer-wise training of deep networks", 2007
#   [@bengio2007].
