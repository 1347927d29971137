r"""Autoencoders: squeeze the input through a narrow code and rebuild it; compared with PCA.

An autoencoder is two networks trained together on unlabelled data: an *encoder*
$f$ maps an input $x \in \mathbb{R}^d$ to a code $z = f(x) \in \mathbb{R}^k$ with $k < d$,
and a *decoder* $g$ maps the code back, $\hat x = g(z)$.  Training minimises the
reconstruction error

$$
L = \frac{1}{n d} \sum_{i=1}^n \lVert x_i - g(f(x_i)) \rVert^2 ,
$$

so the code must keep what matters most about $x$.

With no non-linearity, $\hat x = (x W_1 + b_1) W_2 + b_2$ can at best project onto
a $k$-dimensional affine subspace, and the best such subspace is the one of
principal component analysis (PCA): the minimum of $L$ is PCA's error with $k$
components (Bourlard and Kamp, 1988; Baldi and Hornik, 1989).  A *non-linear*
autoencoder can bend its subspace into a curved surface, and may do better.

Notation: ``X`` has one example per row, shape ``(n, d)``.  Taught on
``docs/architectures/autoencoder.py``.
"""

from __future__ import annotations

import time

import matplotlib.pyplot as plt
import numpy as np

from .. import autodiff as ad
from ..validation import as_float_array, as_rng, check_int, check_labels
from .training import Adam, check_mapping, check_sizes, minibatches, use_one_blas_thread

__all__ = [
    "Autoencoder",
    "pca_reconstruction",
    "plot_codes",
    "plot_reconstructions",
    "reconstruction_error",
    "subspace_cosines",
    "train_autoencoder",
]


class Autoencoder:
    """Encoder ``d -> hidden... -> k`` and a mirror-image decoder ``k -> ...hidden -> d``.

    Parameters
    ----------
    n_in : int
        Input size $d$.
    n_code : int
        Code size $k$ (the bottleneck).
    hidden : list of int
        Sizes of the encoder's hidden layers; the decoder uses them in reverse.
    activation : {"tanh", "relu", "linear"}
        Non-linearity of the hidden layers.  The code layer and the output are
        linear; with ``"linear"`` and no hidden layers the model is the linear
        autoencoder that PCA solves.
    seed : int
        Seed of the initial weights.

    Examples
    --------
    >>> ae = Autoencoder(64, 2, hidden=[32], seed=0)
    >>> [p.shape for p in ae.params]
    [(64, 32), (32,), (32, 2), (2,), (2, 32), (32,), (32, 64), (64,)]
    >>> ae.encode(np.zeros((5, 64))).shape, ae(np.zeros((5, 64))).shape
    ((5, 2), (5, 64))
    >>> ae(np.zeros((5, 8, 8)))
    Traceback (most recent call last):
    ...
    ValueError: X must be a 2-D array, got shape (5, 8, 8)
    """

    def __init__(
        self, n_in: int, n_code: int, hidden=(), *, activation: str = "tanh", seed: int = 0
    ):
        if activation not in ("tanh", "relu", "linear"):
            raise ValueError(f"activation must be 'tanh', 'relu' or 'linear', got {activation!r}")
        n_in, n_code = check_int(n_in, "n_in"), check_int(n_code, "n_code")
        hidden = check_sizes(hidden, "hidden")
        if not 0 < n_code < n_in:
            raise ValueError(
                f"n_code must be between 1 and n_in - 1 = {n_in - 1} (a bottleneck), got {n_code}"
            )
        self.n_in, self.activation = n_in, activation
        rng = as_rng(seed, "seed")
        sizes = [n_in, *hidden, n_code]
        self.encoder = self._layers(rng, sizes, "enc")
        self.decoder = self._layers(rng, sizes[::-1], "dec")
        self.params = [p for layer in self.encoder + self.decoder for p in layer]

    @staticmethod
    def _layers(rng, sizes, name):
        return [
            (
                ad.Variable(rng.standard_normal((a, b)) / np.sqrt(a), name=f"W_{name}{i}"),
                ad.Variable(np.zeros(b), name=f"b_{name}{i}"),
            )
            for i, (a, b) in enumerate(zip(sizes, sizes[1:], strict=False))
        ]

    def _run(self, layers, a):
        for k, (W, b) in enumerate(layers):
            a = a @ W + b
            if k < len(layers) - 1 and self.activation != "linear":  # last layer stays linear
                a = ad.tanh(a) if self.activation == "tanh" else ad.relu(a)
        return a

    def _check(self, X, name: str = "X", nonempty: bool = False):
        X = as_float_array(X, name, ndim=2, nonempty=nonempty)
        if X.shape[1] != self.n_in:
            raise ValueError(f"{name} must have {self.n_in} columns, got shape {X.shape}")
        return X

    def encode(self, X) -> ad.Node:
        """The codes $z = f(x)$, shape ``(n, k)``."""
        return self._run(self.encoder, ad.Constant(self._check(X)))

    def __call__(self, X) -> ad.Node:
        """The reconstructions $\\hat x = g(f(x))$, shape ``(n, d)``."""
        return self._run(self.decoder, self.encode(X))


def reconstruction_error(X, X_hat) -> float:
    """Mean squared error per entry, $\\frac{1}{nd}\\sum (x - \\hat x)^2$.

    Examples
    --------
    >>> reconstruction_error(np.zeros((2, 2)), np.ones((2, 2)))
    1.0
    """
    X = as_float_array(X, "X", nonempty=True)
    X_hat = as_float_array(X_hat.value if isinstance(X_hat, ad.Node) else X_hat, "X_hat")
    if X_hat.shape != X.shape:
        raise ValueError(f"X_hat must have the shape of X, {X.shape}, got {X_hat.shape}")
    return float(np.mean((X - X_hat) ** 2))


@use_one_blas_thread
def train_autoencoder(
    ae: Autoencoder,
    X_train,
    X_test,
    *,
    epochs: int,
    batch_size: int = 64,
    lr: float = 0.003,
    seed: int = 0,
) -> dict:
    """Adam on the mean squared reconstruction error; returns the errors per epoch.

    ``epochs`` and ``batch_size`` are integers of at least 1, ``lr`` a positive number.

    Returns
    -------
    dict
        ``"train"`` and ``"test"`` reconstruction errors after each epoch, ``"seconds"``.
    """
    if not isinstance(ae, Autoencoder):
        raise TypeError(f"ae must be an Autoencoder, got {type(ae).__name__}")
    X_train = ae._check(X_train, "X_train", nonempty=True)
    X_test = ae._check(X_test, "X_test", nonempty=True)
    epochs, batch_size = check_int(epochs, "epochs"), check_int(batch_size, "batch_size")
    rng = as_rng(seed, "seed")
    opt = Adam(ae.params, lr=lr)
    history = {"train": [], "test": []}
    start = time.perf_counter()
    for _ in range(epochs):
        for idx in minibatches(len(X_train), batch_size, rng):
            loss = ad.mean((ae(X_train[idx]) - X_train[idx]) ** 2)
            opt.zero_grad()
            loss.backward()
            opt.step()
        history["train"].append(reconstruction_error(X_train, ae(X_train)))
        history["test"].append(reconstruction_error(X_test, ae(X_test)))
    history["seconds"] = time.perf_counter() - start
    return history


def pca_reconstruction(X_train, X_test, n_components: int) -> dict:
    """Project onto the first principal components of ``X_train`` and back (scikit-learn).

    Returns ``{"train": error, "test": error, "X_hat": test reconstructions, "model": pca}``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 2)) @ rng.standard_normal((2, 5))   # rank 2
    >>> res = pca_reconstruction(X, X, 2)
    >>> res["train"] < 1e-20
    True
    """
    from sklearn.decomposition import PCA

    X_train = as_float_array(X_train, "X_train", ndim=2, nonempty=True)
    X_test = as_float_array(X_test, "X_test", ndim=2, nonempty=True)
    if X_test.shape[1] != X_train.shape[1]:
        raise ValueError(
            f"X_test must have {X_train.shape[1]} columns like X_train, got {X_test.shape}"
        )
    n_components = check_int(n_components, "n_components", high=min(X_train.shape))
    pca = PCA(n_components=n_components).fit(X_train)
    rebuild = [pca.inverse_transform(pca.transform(X)) for X in (X_train, X_test)]
    return {
        "train": reconstruction_error(X_train, rebuild[0]),
        "test": reconstruction_error(X_test, rebuild[1]),
        "X_hat": rebuild[1],
        "model": pca,
    }


def plot_reconstructions(rows: dict, shape=(8, 8), alt: str | None = None):
    """A grid of images: one row per entry of ``rows`` (label -> array of flattened images).

    Examples
    --------
    >>> fig = plot_reconstructions({"input": np.zeros((3, 64)), "PCA": np.ones((3, 64))})
    >>> len(fig.axes)
    6
    """
    from ..plotting import with_alt

    check_mapping(rows, "rows", "label -> images")
    if np.shape(shape) != (2,):
        raise TypeError(f"shape must be a pair (rows, columns), got {shape!r}")
    pixels = check_int(shape[0], "shape[0]") * check_int(shape[1], "shape[1]")
    rows = {k: as_float_array(v, f"rows[{k!r}]", ndim=2, nonempty=True) for k, v in rows.items()}
    for k, v in rows.items():
        if v.shape[1] != pixels:
            raise ValueError(
                f"rows[{k!r}] must hold images of {pixels} pixels, got shape {v.shape}"
            )
    labels = list(rows)
    n = len(rows[labels[0]])
    if any(len(v) != n for v in rows.values()):
        raise ValueError(
            f"rows must all hold the same number of images, got {[len(v) for v in rows.values()]}"
        )
    fig, axes = plt.subplots(
        len(labels), n, figsize=(0.8 * n + 0.8, 0.85 * len(labels)), squeeze=False
    )
    for r, label in enumerate(labels):
        for c in range(n):
            ax = axes[r, c]
            ax.imshow(np.asarray(rows[label][c]).reshape(shape), cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([]), ax.set_yticks([])
            ax.grid(False)
            for spine in ax.spines.values():
                spine.set_visible(False)
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center", fontsize=8)
    plt.close(fig)
    return with_alt(fig, alt) if alt else fig


def subspace_cosines(A, B) -> np.ndarray:
    """Cosines of the principal angles between the row spaces of ``A`` and ``B`` (1: same).

    Used to compare a linear autoencoder's decoder rows with PCA's components: the
    two span the same subspace when every cosine is 1, even if the rows differ.

    Examples
    --------
    >>> A = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    >>> B = np.array([[1.0, 1.0, 0.0], [1.0, -1.0, 0.0]])   # same plane, other axes
    >>> print(np.round(subspace_cosines(A, B), 6))
    [1. 1.]
    """
    A = as_float_array(A, "A", ndim=2, nonempty=True)
    B = as_float_array(B, "B", ndim=2, nonempty=True)
    if A.shape[1] != B.shape[1]:
        raise ValueError(
            f"A and B must have the same number of columns, got {A.shape} and {B.shape}"
        )
    qa = np.linalg.qr(A.T)[0]
    qb = np.linalg.qr(B.T)[0]
    return np.clip(np.linalg.svd(qa.T @ qb, compute_uv=False), 0.0, 1.0)


def plot_codes(codes: dict, labels, alt: str | None = None):
    """Scatter plots of two-dimensional codes, one panel per entry, coloured by digit.

    Examples
    --------
    >>> fig = plot_codes({"PCA": np.zeros((3, 2)), "AE": np.ones((3, 2))}, [0, 1, 2])
    >>> len(fig.axes)   # two panels and the colour bar
    3
    """
    from ..plotting import with_alt

    check_mapping(codes, "codes", "title -> codes")
    labels = check_labels(labels, "labels")
    fig, axes = plt.subplots(1, len(codes), figsize=(3.3 * len(codes), 3.0), squeeze=False)
    for ax, (name, z) in zip(axes[0], codes.items(), strict=True):
        z = as_float_array(z, f"codes[{name!r}]", ndim=2)
        if z.shape != (len(labels), 2):
            raise ValueError(
                f"codes[{name!r}] must have shape ({len(labels)}, 2), one 2-D code per label, "
                f"got {z.shape}"
            )
        points = ax.scatter(z[:, 0], z[:, 1], c=labels, cmap="tab10", s=6, vmin=-0.5, vmax=9.5)
        ax.set_title(name, fontsize=9)
        ax.set_xticks([]), ax.set_yticks([])
    fig.colorbar(points, ax=list(axes[0]), ticks=range(10), label="digit")
    plt.close(fig)
    return with_alt(fig, alt) if alt else fig
