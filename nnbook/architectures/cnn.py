r"""A small convolutional network for 8 x 8 digits: convolution, ReLU, max pooling, dense read-out.

The network has one convolution layer of $F$ filters of $3 \times 3$ pixels (with a
border of zeros, so the maps keep the image's size), a ReLU, $2 \times 2$ max
pooling, and a dense layer from the pooled maps to the ten class scores:

$$
A = \operatorname{relu}(x \star W + b), \qquad P = \operatorname{maxpool}_2(A), \qquad
\hat z = \operatorname{flatten}(P)\, V + c .
$$

Every filter is applied at every position of the image (*weight sharing*), so the
layer has $F \cdot 9 + F$ weights whatever the image size, and a stroke is detected
wherever it appears.  Pooling keeps the strongest response in each $2 \times 2$
window, so the read-out tolerates shifts of a pixel.

`logistic_baseline` fits scikit-learn's logistic regression on the same split
so that the page can judge the network.  Taught on ``docs/architectures/cnn.py``.
"""

from __future__ import annotations

import time

import matplotlib.pyplot as plt
import numpy as np

from .. import autodiff as ad
from ..autodiff import conv2d, max_pool2d
from ..validation import as_float_array, as_rng, check_int, check_labels, check_real
from .training import Adam, check_sizes, minibatches, use_one_blas_thread

__all__ = [
    "ConvNet",
    "logistic_baseline",
    "plot_feature_maps",
    "plot_filters",
    "train_cnn",
]


class ConvNet:
    """Convolution (``n_filters`` of 3 x 3) + ReLU + 2 x 2 max pooling + dense layer.

    Parameters
    ----------
    n_filters : int
        Number of filters $F$ (feature maps).
    image_shape : tuple of int
        Rows and columns of the images (even numbers, for the pooling).
    n_classes : int
        Number of outputs (class scores, or logits).
    n_hidden : int
        Units of an optional dense ReLU layer before the read-out (0: none).
    seed : int
        Seed of the initial weights.

    Examples
    --------
    >>> net = ConvNet(n_filters=4, seed=0)
    >>> [p.shape for p in net.params]
    [(4, 1, 3, 3), (4, 1, 1), (64, 10), (10,)]
    >>> net(np.zeros((5, 8, 8))).shape
    (5, 10)
    >>> net(np.zeros((5, 28, 28)))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: images must be 8 x 8 pixels, got X of shape (5, 28, 28); ...
    """

    def __init__(
        self,
        n_filters: int = 8,
        image_shape=(8, 8),
        n_classes: int = 10,
        *,
        n_hidden: int = 0,
        seed: int = 0,
    ):
        n_filters, n_classes = check_int(n_filters, "n_filters"), check_int(n_classes, "n_classes")
        n_hidden = check_int(n_hidden, "n_hidden", low=0)
        shape = check_sizes(image_shape, "image_shape")
        if len(shape) != 2 or shape[0] % 2 or shape[1] % 2:
            raise ValueError(f"image_shape must hold two even sizes, got {tuple(image_shape)}")
        rows, cols = shape
        self.image_shape, self.n_classes = (rows, cols), n_classes
        rng = as_rng(seed, "seed")
        n_pooled = n_filters * (rows // 2) * (cols // 2)
        # He initialisation: variance 2 / fan-in keeps ReLU activations at a steady size
        self.W = ad.Variable(rng.standard_normal((n_filters, 1, 3, 3)) * np.sqrt(2.0 / 9), name="W")
        self.b = ad.Variable(np.zeros((n_filters, 1, 1)), name="b")
        self.hidden = []
        if n_hidden:
            self.hidden = [
                ad.Variable(
                    rng.standard_normal((n_pooled, n_hidden)) * np.sqrt(2.0 / n_pooled), name="U"
                ),
                ad.Variable(np.zeros(n_hidden), name="d"),
            ]
            n_pooled = n_hidden
        self.V = ad.Variable(
            rng.standard_normal((n_pooled, n_classes)) / np.sqrt(n_pooled), name="V"
        )
        self.c = ad.Variable(np.zeros(n_classes), name="c")
        self.params = [self.W, self.b, *self.hidden, self.V, self.c]

    def _images(self, X, name: str = "X") -> np.ndarray:
        X = as_float_array(X, name, nonempty=True)
        if X.ndim == 2 and X.shape[1] == self.image_shape[0] * self.image_shape[1]:
            X = X.reshape(-1, *self.image_shape)  # flattened images, one per row
        if X.ndim != 3 or X.shape[1:] != self.image_shape:
            rows, cols = self.image_shape
            raise ValueError(
                f"images must be {rows} x {cols} pixels, got {name} of shape {X.shape}; "
                f"this network was built for image_shape={self.image_shape}"
            )
        return X[:, None, :, :]  # one channel

    def _labelled(self, X, y, names=("X", "y")) -> tuple[np.ndarray, np.ndarray]:
        """Images ``(N, rows, cols)`` and their ``N`` class labels, checked."""
        images = self._images(X, names[0])[:, 0]
        labels = check_labels(y, names[1], self.n_classes)
        if len(labels) != len(images):
            raise ValueError(
                f"{names[0]} has {len(images)} images but {names[1]} has {len(labels)} labels: "
                "one label per image"
            )
        return images, labels

    def feature_maps(self, X) -> ad.Node:
        """The maps $A = \\operatorname{relu}(x \\star W + b)$, shape ``(N, F, rows, cols)``."""
        return ad.relu(conv2d(self._images(X), self.W, padding=1) + self.b)

    def __call__(self, X) -> ad.Node:
        """Class scores (logits), shape ``(N, n_classes)``; ``X`` is ``(N, rows, cols)``."""
        pooled = max_pool2d(self.feature_maps(X), size=2)
        a = ad.reshape(pooled, (pooled.shape[0], -1))
        if self.hidden:
            a = ad.relu(a @ self.hidden[0] + self.hidden[1])
        return a @ self.V + self.c

    def accuracy(self, X, y) -> float:
        """Share of images whose highest score is their label.

        ``y`` holds one class label per image (integers in ``0..n_classes - 1``);
        one-hot rows are refused with a hint to pass ``y.argmax(axis=1)``.
        """
        images, labels = self._labelled(X, y)
        return float(np.mean(self(images).value.argmax(axis=1) == labels))


@use_one_blas_thread
def train_cnn(
    net: ConvNet,
    X_train,
    y_train,
    X_test,
    y_test,
    *,
    epochs: int = 10,
    batch_size: int = 32,
    lr: float = 0.01,
    seed: int = 0,
) -> dict:
    """Train with Adam on the mean cross-entropy; returns loss and accuracies per epoch.

    ``y_train`` and ``y_test`` hold class labels (integers); ``epochs`` and
    ``batch_size`` are integers of at least 1 and ``lr`` a positive number.

    Returns
    -------
    dict
        ``"loss"`` (mean training loss of each epoch), ``"train_acc"``, ``"test_acc"``,
        ``"seconds"``.
    """
    if not isinstance(net, ConvNet):
        raise TypeError(f"net must be a ConvNet, got {type(net).__name__}")
    X_train, y_train = net._labelled(X_train, y_train, ("X_train", "y_train"))
    X_test, y_test = net._labelled(X_test, y_test, ("X_test", "y_test"))
    epochs, batch_size = check_int(epochs, "epochs"), check_int(batch_size, "batch_size")
    rng = as_rng(seed, "seed")
    opt = Adam(net.params, lr=lr)
    history = {"loss": [], "train_acc": [], "test_acc": []}
    start = time.perf_counter()
    for _ in range(epochs):
        losses = []
        for idx in minibatches(len(X_train), batch_size, rng):
            loss = ad.cross_entropy(net(X_train[idx]), y_train[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(float(loss.value))
        history["loss"].append(float(np.mean(losses)))
        history["train_acc"].append(net.accuracy(X_train, y_train))
        history["test_acc"].append(net.accuracy(X_test, y_test))
    history["seconds"] = time.perf_counter() - start
    return history


def logistic_baseline(X_train, y_train, X_test, y_test, *, C: float = 1.0) -> dict:
    """Multinomial logistic regression on the raw pixels (scikit-learn), on the same split.

    Returns ``{"train_acc": ..., "test_acc": ..., "model": ...}``.

    Examples
    --------
    >>> from nnbook.datasets import digits
    >>> X_train, X_test, y_train, y_test = digits(seed=0)
    >>> base = logistic_baseline(X_train, y_train, X_test, y_test)
    >>> 0.9 < base["test_acc"] < 1.0
    True
    """
    from sklearn.linear_model import LogisticRegression

    C = check_real(C, "C", low=0, low_open=True)
    flat, labels = [], []
    for split, X, y in (("train", X_train, y_train), ("test", X_test, y_test)):
        X = as_float_array(X, f"X_{split}", nonempty=True)
        labels.append(check_labels(y, f"y_{split}"))
        if X.ndim < 2 or len(X) != len(labels[-1]):
            raise ValueError(
                f"X_{split} must hold one example per row, {len(labels[-1])} rows for the "
                f"labels in y_{split}, got shape {X.shape}"
            )
        flat.append(X.reshape(len(X), -1))
    if flat[0].shape[1] != flat[1].shape[1]:
        raise ValueError(
            f"X_train and X_test must have the same number of pixels, got "
            f"{flat[0].shape[1]} and {flat[1].shape[1]}"
        )
    y_train, y_test = labels
    model = LogisticRegression(C=C, max_iter=2000).fit(flat[0], y_train)
    return {
        "train_acc": float(model.score(flat[0], y_train)),
        "test_acc": float(model.score(flat[1], y_test)),
        "model": model,
    }


def plot_filters(net: ConvNet, alt: str | None = None):
    """The learned 3 x 3 filters, one panel each (blue negative, red positive).

    Examples
    --------
    >>> len(plot_filters(ConvNet(n_filters=4)).axes)
    4
    """
    from ..plotting import with_alt

    if not isinstance(net, ConvNet):
        raise TypeError(f"net must be a ConvNet, got {type(net).__name__}")
    W = net.W.value[:, 0]
    fig, axes = plt.subplots(1, len(W), figsize=(1.1 * len(W), 1.4))
    axes = np.atleast_1d(axes)
    for k, (ax, w) in enumerate(zip(axes, W, strict=True)):
        lim = np.abs(w).max() or 1.0
        ax.imshow(w, cmap="RdBu_r", vmin=-lim, vmax=lim)
        ax.set_title(f"filter {k + 1}", fontsize=8)
        ax.set_axis_off()
    plt.close(fig)
    return with_alt(fig, alt) if alt else fig


def plot_feature_maps(net: ConvNet, image, alt: str | None = None):
    """An image, then its feature map under each filter (after ReLU) and after pooling.

    Examples
    --------
    >>> fig = plot_feature_maps(ConvNet(n_filters=3), np.zeros((8, 8)))
    >>> len(fig.axes)
    7
    """
    from ..plotting import with_alt

    if not isinstance(net, ConvNet):
        raise TypeError(f"net must be a ConvNet, got {type(net).__name__}")
    image = as_float_array(image, "image")
    if image.size != net.image_shape[0] * net.image_shape[1]:
        rows, cols = net.image_shape
        raise ValueError(f"image must hold {rows} x {cols} pixels, got shape {image.shape}")
    image = image.reshape(net.image_shape)
    maps = net.feature_maps(image[None]).value[0]
    pooled = max_pool2d(maps[None], size=2).value[0]
    n = len(maps)
    fig = plt.figure(figsize=(1.1 * (n + 1), 2.4))
    grid = fig.add_gridspec(2, n + 1)
    ax = fig.add_subplot(grid[:, 0])
    ax.imshow(image, cmap="gray_r")
    ax.set_title("input", fontsize=8)
    panels = [ax]
    for k in range(n):
        for row, (arr, label) in enumerate(((maps[k], f"map {k + 1}"), (pooled[k], "pooled"))):
            ax = fig.add_subplot(grid[row, k + 1])
            ax.imshow(arr, cmap="viridis", vmin=0, vmax=max(maps.max(), 1e-12))
            ax.set_title(label, fontsize=7)
            panels.append(ax)
    for ax in panels:
        ax.set_axis_off()
    plt.close(fig)
    return with_alt(fig, alt) if alt else fig
