r"""A deep belief network: RBMs stacked greedily, one layer at a time, then fine-tuned.

Hinton, Osindero and Teh (2006) showed that a stack of restricted Boltzmann machines
can be learned *greedily*: train an RBM on the data, then train a second RBM on the
hidden activities of the first, and so on.  Each added layer improves a bound on
the likelihood of the data under the whole generative model.  The learned weights
are also a good *initialisation* for a feed-forward network: copy them into a
network of sigmoid layers, add an output layer, and fine-tune everything with
back-propagation on labelled data (Hinton and Salakhutdinov, 2006; Bengio et al.,
2007).

Here:

* `DBN` holds the stack of `RBM` and does the
  greedy pre-training (`DBN.pretrain`);
* `DBN.classifier` copies the weights into an
  `nnbook.nn.LayerNet`;
* `fine_tune` trains any such network with mini-batch gradient descent on the
  cross-entropy, with gradients from `nnbook.autodiff`;
* `random_classifier` builds the same network from random weights, the
  baseline.

The page ``docs/architectures/deep-belief-network.py`` runs the experiments.

Examples
--------
>>> X = np.array([[1, 1, 0, 0], [0, 0, 1, 1]] * 10, dtype=float)
>>> dbn = DBN([4, 3, 2], seed=0)
>>> history = dbn.pretrain(X, epochs=5)
>>> [len(h) for h in history], dbn.transform(X).shape
([5, 5], (20, 2))
"""

from __future__ import annotations

import numpy as np

from ..validation import as_float_array, as_rng, check_int, check_labels, check_real
from .rbm import RBM, check_binary
from .training import check_sizes

__all__ = ["DBN", "fine_tune", "random_classifier"]


class DBN:
    """A stack of binary RBMs of the given layer sizes.

    Parameters
    ----------
    sizes : sequence of int
        Visible size, then the size of each hidden layer: ``[64, 100, 100]`` is two
        RBMs, 64-100 and 100-100.  Every size is a positive integer.
    seed : int
        Seeds every RBM (layer ``k`` gets ``seed + k``).

    Examples
    --------
    >>> [r.W.shape for r in DBN([64, 100, 50]).rbms]
    [(64, 100), (100, 50)]
    >>> DBN([64])
    Traceback (most recent call last):
    ...
    ValueError: sizes must list the visible size and at least one hidden size, got [64]
    """

    def __init__(self, sizes, seed: int = 0):
        sizes = check_sizes(sizes, "sizes")
        if len(sizes) < 2:
            raise ValueError(
                f"sizes must list the visible size and at least one hidden size, got {sizes}"
            )
        self.sizes = sizes
        pairs = zip(sizes[:-1], sizes[1:], strict=True)
        self.rbms = [RBM(a, b, seed=seed + k) for k, (a, b) in enumerate(pairs)]

    def pretrain(
        self, X, epochs: int = 10, lr: float = 0.1, batch_size: int = 10, k: int = 1
    ) -> list:
        r"""Greedy layer-wise training: each RBM learns to model the layer below.

        The first RBM trains on ``X``.  Each later RBM trains on binary states
        sampled from $p(h \mid \text{layer below})$, freshly drawn every epoch, so
        that it sees data of the kind a binary RBM models.  ``epochs``, ``batch_size``
        and ``k`` are integers of at least 1, ``lr`` a positive number.

        Returns
        -------
        list of list of float
            For each layer, its reconstruction error on its own training data after
            each epoch.
        """
        data = check_binary(X, "X", self.sizes[0], nonempty=True)
        epochs, batch_size = check_int(epochs, "epochs"), check_int(batch_size, "batch_size")
        lr, k = check_real(lr, "lr", low=0, low_open=True), check_int(k, "k")
        histories = []
        for layer, rbm in enumerate(self.rbms):
            probs = None if layer == 0 else self._up(data, layer)
            history = []
            for _ in range(epochs):
                layer_data = data if probs is None else rbm._sample(probs)
                history += rbm.fit(layer_data, epochs=1, lr=lr, batch_size=batch_size, k=k)["train"]
            histories.append(history)
        return histories

    def _up(self, X: np.ndarray, layers: int) -> np.ndarray:
        h = X
        for rbm in self.rbms[:layers]:
            h = rbm.hidden_probs(h)
        return h

    def transform(self, X, layers: int | None = None) -> np.ndarray:
        """Mean-field features: $p(h \\mid v)$ passed up through the first ``layers`` RBMs.

        All layers by default; otherwise ``layers`` is an integer in ``1..len(rbms)``.
        """
        X = check_binary(X, "X", self.sizes[0])
        n = len(self.rbms)
        return self._up(X, n if layers is None else check_int(layers, "layers", high=n))

    def classifier(self, n_classes: int, seed: int = 0):
        """A `nnbook.nn.LayerNet` whose hidden layers start as this DBN's weights.

        Layer ``k`` gets the RBM's ``W`` and its *hidden* biases ``c``, so that the
        network's hidden activities are exactly `transform`'s.  The output
        layer (``n_classes`` logits) starts from small random weights.

        Examples
        --------
        >>> dbn = DBN([4, 3], seed=0)
        >>> net = dbn.classifier(2)
        >>> X = np.array([[1.0, 0.0, 1.0, 0.0]])
        >>> hidden = 1 / (1 + np.exp(-(X @ net.layers[0][0].value + net.layers[0][1].value)))
        >>> bool(np.allclose(hidden, dbn.transform(X)))
        True
        """
        from ..nn import LayerNet

        n_classes = check_int(n_classes, "n_classes")
        net = LayerNet(
            self.sizes[0],
            self.sizes[1:],
            n_classes,
            bias=True,
            output="logits",
            seed=seed,
            init="normal",
        )
        for (W, b), rbm in zip(net.layers[:-1], self.rbms, strict=True):
            W.value = rbm.W.copy()
            b.value = rbm.c.copy()
        return net


def random_classifier(sizes, n_classes: int, seed: int = 0):
    r"""The same network as `DBN.classifier` with random weights: the baseline.

    Weights are drawn from $\mathcal{N}(0, 1/\text{fan-in})$, a standard choice that
    keeps each unit's input of order one.

    Examples
    --------
    >>> [p.shape for p in random_classifier([64, 100], 10).params]
    [(64, 100), (100,), (100, 10), (10,)]
    """
    from ..nn import LayerNet

    sizes, n_classes = check_sizes(sizes, "sizes"), check_int(n_classes, "n_classes")
    if not sizes:
        raise ValueError("sizes must hold at least the input size, got []")
    return LayerNet(
        sizes[0], sizes[1:], n_classes, bias=True, output="logits", seed=seed, init="normal"
    )


def _labelled(net, X, y, names) -> tuple[np.ndarray, np.ndarray]:
    """Check ``X`` (one example per row, as many columns as ``net`` has inputs) and its labels."""
    from ..nn import LayerNet

    if not isinstance(net, LayerNet):
        raise TypeError(
            f"net must be a LayerNet (e.g. from DBN.classifier), got {type(net).__name__}"
        )
    (W_in, _), (W_out, _) = net.layers[0], net.layers[-1]
    X = as_float_array(X, names[0], ndim=2, nonempty=True)
    if X.shape[1] != W_in.value.shape[0]:
        raise ValueError(f"{names[0]} must have {W_in.value.shape[0]} columns, got shape {X.shape}")
    labels = check_labels(y, names[1], W_out.value.shape[1])
    if len(labels) != len(X) or not np.issubdtype(np.asarray(y).dtype, np.integer):
        raise ValueError(
            f"{names[1]} must hold one integer class index per row of {names[0]} "
            f"(shape ({X.shape[0]},)), got dtype {np.asarray(y).dtype} and shape {np.shape(y)}"
        )
    return X, labels


def fine_tune(
    net,
    X,
    y,
    epochs: int = 30,
    lr: float = 0.5,
    batch_size: int = 32,
    seed: int = 0,
    X_test=None,
    y_test=None,
) -> dict:
    """Mini-batch gradient descent on the softmax cross-entropy, with `nnbook.autodiff`.

    Parameters
    ----------
    net : nnbook.nn.LayerNet
        A network with ``output="logits"``, e.g. from `DBN.classifier`.
    X : array_like, shape (n, d)
    y : array_like of int, shape (n,)
        Class indices.
    X_test, y_test : optional
        Data on which the accuracy is also recorded after each epoch.
    epochs, batch_size : int
        At least 1.
    lr : float
        Learning rate, a positive number.

    Returns
    -------
    dict
        ``"loss"`` (mean training loss in each epoch), ``"train_acc"`` and, with test
        data, ``"test_acc"``, one value per epoch.

    Examples
    --------
    >>> X = np.array([[1, 0], [0, 1]] * 8, dtype=float); y = np.array([0, 1] * 8)
    >>> h = fine_tune(random_classifier([2, 3], 2), X, y, epochs=20, lr=1.0, batch_size=4)
    >>> h["train_acc"][-1]
    1.0
    """
    from ..autodiff.node import zero_grad
    from ..nn import accuracy, gradient_descent_step, softmax_cross_entropy

    X, y = _labelled(net, X, y, ("X", "y"))
    if X_test is not None or y_test is not None:
        X_test, y_test = _labelled(net, X_test, y_test, ("X_test", "y_test"))
    epochs, batch_size = check_int(epochs, "epochs"), check_int(batch_size, "batch_size")
    lr = check_real(lr, "lr", low=0, low_open=True)
    rng = as_rng(seed, "seed")
    history = {"loss": [], "train_acc": []}
    if X_test is not None:
        history["test_acc"] = []
    for _ in range(epochs):
        order, losses = rng.permutation(X.shape[0]), []
        for start in range(0, X.shape[0], batch_size):
            batch = order[start : start + batch_size]
            loss = softmax_cross_entropy(net(X[batch]), y[batch])
            zero_grad(net.params)
            loss.backward()
            gradient_descent_step(net.params, lr)
            losses.append(float(loss.value) * len(batch))
        history["loss"].append(sum(losses) / X.shape[0])
        history["train_acc"].append(accuracy(net(X), y))
        if X_test is not None:
            history["test_acc"].append(accuracy(net(X_test), y_test))
    return history
