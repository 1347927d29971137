r"""The binary restricted Boltzmann machine (RBM), trained by contrastive divergence.

An RBM has $D$ visible units $v \in \{0, 1\}^D$ and $H$ hidden units
$h \in \{0, 1\}^H$, with weights only *between* the two layers.  Its energy is

$$ E(v, h) = -v^\top W h - b^\top v - c^\top h, $$

and it gives each configuration the probability $p(v, h) = e^{-E(v, h)} / Z$.
Because no two hidden units are connected (nor two visible units), the units of one
layer are independent given the other:

$$ p(h_j = 1 \mid v) = \sigma(c_j + v^\top W_{:, j}), \qquad
   p(v_i = 1 \mid h) = \sigma(b_i + W_{i, :}\, h). $$

The gradient of the log-likelihood of the data is
$\langle v_i h_j \rangle_\text{data} - \langle v_i h_j \rangle_\text{model}$ (the
Boltzmann machine rule of Ackley, Hinton and Sejnowski, 1985).  The second term
needs samples from the model; *contrastive divergence* CD-$k$ (Hinton, 2002)
replaces them with $k$ steps of Gibbs sampling started at the data.

Notation: ``X`` or ``v`` has one example per **row**, shape ``(n, D)``; ``W`` has
shape ``(D, H)``; ``b`` (visible biases) shape ``(D,)``; ``c`` (hidden biases)
shape ``(H,)``.  The page ``docs/architectures/boltzmann-machine.py`` runs the
experiments.

Examples
--------
>>> X = np.array([[1, 1, 0, 0], [0, 0, 1, 1]] * 20, dtype=float)
>>> rbm = RBM(4, 2, seed=0)
>>> before = rbm.reconstruction_error(X)
>>> _ = rbm.fit(X, epochs=200, lr=0.1, batch_size=10)
>>> rbm.reconstruction_error(X) < before
True
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..numerics import sigmoid
from ..validation import as_float_array, as_rng, check_int, check_real

__all__ = ["RBM", "binarize", "check_binary", "plot_images"]


def binarize(X, threshold: float = 0.5) -> np.ndarray:
    """0/1 copy of ``X``: 1 where ``X > threshold``.

    Examples
    --------
    >>> binarize([[0.2, 0.7]])
    array([[0., 1.]])
    """
    return (as_float_array(X, "X") > check_real(threshold, "threshold")).astype(np.float64)


def _rows(X, name: str, n_features: int | None, nonempty: bool = False) -> np.ndarray:
    """``X`` as a float array of shape ``(n, n_features)`` (a single row may be 1-D)."""
    arr = as_float_array(X, name, nonempty=nonempty)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2:
        raise ValueError(f"{name} must have one example per row, shape (n, D), got {arr.shape}")
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(
            f"{name} has {arr.shape[1]} columns but the RBM has {n_features} "
            f"visible units: expected shape (n, {n_features}), got {arr.shape}"
        )
    return arr


def check_binary(
    X, name: str = "X", n_features: int | None = None, nonempty: bool = False
) -> np.ndarray:
    """``X`` as a float array of 0s and 1s, shape ``(n, n_features)``, or a clear error.

    ``nonempty`` refuses data without examples (where a mean over them is taken).

    Examples
    --------
    >>> check_binary([[0, 1, 0.5]])
    Traceback (most recent call last):
    ...
    ValueError: X must be binary (0 or 1), found 0.5: binarise it first, e.g. with rbm.binarize(X)
    """
    if n_features is not None:
        n_features = check_int(n_features, "n_features")
    arr = _rows(X, name, n_features, nonempty)
    bad = (arr != 0) & (arr != 1)
    if np.any(bad):
        raise ValueError(
            f"{name} must be binary (0 or 1), found {float(arr[bad].flat[0]):g}: "
            "binarise it first, e.g. with rbm.binarize(X)"
        )
    return arr


class RBM:
    r"""A binary-binary restricted Boltzmann machine.

    Parameters
    ----------
    n_visible, n_hidden : int
        $D$ and $H$.
    seed : int, optional
        Seeds the initial weights (normal, standard deviation ``init_scale``) and
        every sample this machine draws.
    init_scale : float
        Standard deviation of the initial weights (>= 0); the biases start at zero.

    Attributes
    ----------
    W : numpy.ndarray, shape (D, H)
    b : numpy.ndarray, shape (D,)
        Visible biases.
    c : numpy.ndarray, shape (H,)
        Hidden biases.

    Examples
    --------
    >>> rbm = RBM(6, 3, seed=0)
    >>> rbm.hidden_probs(np.ones((2, 6))).shape
    (2, 3)
    >>> rbm.hidden_probs(np.ones((2, 5)))
    Traceback (most recent call last):
    ...
    ValueError: v has 5 columns but the RBM has 6 visible units: expected shape (n, 6), got (2, 5)
    """

    def __init__(self, n_visible: int, n_hidden: int, seed=None, init_scale: float = 0.01):
        for name, n in (("n_visible", n_visible), ("n_hidden", n_hidden)):
            if check_int(n, name, low=None) < 1:
                raise ValueError(f"{name} must be a positive integer, got {n!r}")
        init_scale = check_real(init_scale, "init_scale", low=0)
        self.rng = as_rng(seed, "seed")
        self.W = init_scale * self.rng.standard_normal((n_visible, n_hidden))
        self.b = np.zeros(n_visible)
        self.c = np.zeros(n_hidden)

    @property
    def n_visible(self) -> int:
        return self.W.shape[0]

    @property
    def n_hidden(self) -> int:
        return self.W.shape[1]

    # ----------------------------------------------------------------- conditionals
    def _v(self, v, binary: bool = True, name: str = "v", nonempty: bool = False) -> np.ndarray:
        if binary:
            return check_binary(v, name, self.n_visible, nonempty)
        return _rows(v, name, self.n_visible, nonempty)

    def hidden_probs(self, v) -> np.ndarray:
        r"""$p(h_j = 1 \mid v) = \sigma(c + v W)$, one row per example.

        ``v`` may hold probabilities as well as binary states.
        """
        return sigmoid(self._v(v, binary=False) @ self.W + self.c)

    def visible_probs(self, h) -> np.ndarray:
        r"""$p(v_i = 1 \mid h) = \sigma(b + h W^\top)$, one row per example."""
        h = as_float_array(h, "h")
        h = h[None, :] if h.ndim == 1 else h
        if h.ndim != 2 or h.shape[1] != self.n_hidden:
            raise ValueError(f"h must have shape (n, {self.n_hidden}), got {h.shape}")
        return sigmoid(h @ self.W.T + self.b)

    def _sample(self, p: np.ndarray) -> np.ndarray:
        return (self.rng.random(p.shape) < p).astype(np.float64)

    def gibbs(self, v, steps: int = 1) -> np.ndarray:
        """Run ``steps`` rounds of block Gibbs sampling v -> h -> v; return binary visible states.

        Examples
        --------
        >>> RBM(4, 2, seed=0).gibbs(np.zeros((3, 4)), steps=5).shape
        (3, 4)
        """
        v, steps = self._v(v), check_int(steps, "steps")
        for _ in range(steps):
            h = self._sample(self.hidden_probs(v))
            v = self._sample(self.visible_probs(h))
        return v

    # ----------------------------------------------------------------- measures
    def free_energy(self, v) -> np.ndarray:
        r"""The free energy $F(v) = -b^\top v - \sum_j \log(1 + e^{c_j + v^\top W_{:, j}})$.

        It gives the probability of a visible vector, $p(v) = e^{-F(v)} / Z$.
        """
        v = self._v(v)
        return -v @ self.b - np.logaddexp(0.0, v @ self.W + self.c).sum(axis=1)

    def reconstruct(self, v) -> np.ndarray:
        """Mean-field reconstruction: $p(v \\mid h)$ with $h$ set to $p(h \\mid v)$."""
        return self.visible_probs(self.hidden_probs(self._v(v)))

    def reconstruction_error(self, X) -> float:
        """Mean squared difference between ``X`` and its mean-field reconstruction, per pixel.

        Examples
        --------
        >>> rbm = RBM(4, 2, seed=0, init_scale=0.0)  # every p(v_i = 1 | h) is 1/2
        >>> print(rbm.reconstruction_error(np.ones((1, 4))))
        0.25
        """
        X = self._v(X, name="X", nonempty=True)
        return float(np.mean((X - self.reconstruct(X)) ** 2))

    def pseudo_log_likelihood(self, X) -> float:
        r"""Mean over examples of $\sum_i \log p(v_i \mid v_{-i})$, exact for every unit $i$.

        $p(v_i \mid v_{-i}) = \sigma(F(\tilde v) - F(v))$, where $\tilde v$ is $v$ with
        unit $i$ flipped.  (scikit-learn's ``score_samples`` estimates the same sum from
        one randomly chosen unit per example.)

        Examples
        --------
        >>> rbm = RBM(4, 2, seed=0, init_scale=0.0)  # each unit is on with probability 1/2
        >>> print(round(rbm.pseudo_log_likelihood(np.ones((1, 4))), 3), round(4 * np.log(0.5), 3))
        -2.773 -2.773
        """
        v = self._v(X, name="X", nonempty=True)
        F = self.free_energy(v)
        total = np.zeros(v.shape[0])
        for i in range(v.shape[1]):
            flipped = v.copy()
            flipped[:, i] = 1 - flipped[:, i]
            total += -np.logaddexp(0.0, -(self.free_energy(flipped) - F))  # log sigma(F~ - F)
        return float(total.mean())

    # ----------------------------------------------------------------- learning
    def cd_step(self, v0, lr: float = 0.1, k: int = 1) -> None:
        r"""One contrastive-divergence update (CD-$k$) from the mini-batch ``v0``.

        $\Delta W = \frac{\epsilon}{n}\left(v_0^\top p(h \mid v_0) - v_k^\top p(h \mid v_k)\right)$,
        and likewise for the biases.  The hidden states that drive the chain are
        sampled; the statistics use probabilities, which lowers their variance.
        ``lr`` must be positive and ``k`` an integer of at least 1.
        """
        v0 = self._v(v0, name="v0", nonempty=True)
        lr, k = check_real(lr, "lr", low=0, low_open=True), check_int(k, "k")
        ph0 = self.hidden_probs(v0)
        vk, phk = v0, ph0
        for _ in range(k):  # Gibbs chain started at the data
            vk = self._sample(self.visible_probs(self._sample(phk)))
            phk = self.hidden_probs(vk)
        n = v0.shape[0]
        self.W += lr * (v0.T @ ph0 - vk.T @ phk) / n  # <v h>_data - <v h>_reconstruction
        self.b += lr * (v0 - vk).mean(axis=0)
        self.c += lr * (ph0 - phk).mean(axis=0)

    def fit(
        self, X, epochs: int = 10, lr: float = 0.1, batch_size: int = 10, k: int = 1, monitor=None
    ) -> dict:
        """Train with CD-``k`` on shuffled mini-batches; return the reconstruction error per epoch.

        Parameters
        ----------
        X : array_like, shape (n, D)
            Binary training data.
        epochs, batch_size, k : int
            Passes over the data, examples per update, Gibbs steps per update (>= 1).
        lr : float
            Learning rate (> 0).
        monitor : array_like, optional
            Binary data (e.g. a test set) whose reconstruction error is also recorded.

        Returns
        -------
        dict
            ``"train"`` (and ``"monitor"``): reconstruction error after each epoch.
        """
        X = self._v(X, name="X", nonempty=True)
        if monitor is not None:
            monitor = self._v(monitor, name="monitor", nonempty=True)
        epochs, batch_size = check_int(epochs, "epochs"), check_int(batch_size, "batch_size")
        lr, k = check_real(lr, "lr", low=0, low_open=True), check_int(k, "k")
        history = {"train": []} if monitor is None else {"train": [], "monitor": []}
        for _ in range(epochs):
            order = self.rng.permutation(X.shape[0])
            for start in range(0, X.shape[0], batch_size):
                self.cd_step(X[order[start : start + batch_size]], lr=lr, k=k)
            history["train"].append(self.reconstruction_error(X))
            if monitor is not None:
                history["monitor"].append(self.reconstruction_error(monitor))
        return history

    def sample(self, n: int, steps: int = 1000, start=None) -> np.ndarray:
        """Draw ``n`` samples with Gibbs chains of ``steps`` steps from random (or given) states.

        Returns mean-field visible probabilities of the last step, which show the
        samples without the salt-and-pepper noise of the final binary draw.  ``start``,
        if given, must hold ``n`` rows.
        """
        n, steps = check_int(n, "n"), check_int(steps, "steps")
        if start is None:
            v = self._sample(np.full((n, self.n_visible), 0.5))
        else:
            v = self._v(start, name="start")
            if len(v) != n:
                raise ValueError(f"start must hold n = {n} rows, got shape {v.shape}")
        v = self.gibbs(v, steps=steps)
        return self.visible_probs(self._sample(self.hidden_probs(v)))

    @classmethod
    def independent_pixels(cls, X, n_hidden: int = 1) -> RBM:
        r"""The baseline that knows only how often each pixel is on.

        It is the RBM with $W = 0$ and $b_i = \operatorname{logit}(\bar x_i)$.

        With no weights the visible units are independent and $p(v_i = 1) = \bar x_i$,
        the share of training images in which pixel $i$ is on (clipped to
        $[10^{-3}, 1 - 10^{-3}]$).  Any RBM worth training must beat it.

        Examples
        --------
        >>> base = RBM.independent_pixels(np.array([[1, 0], [1, 1]]))
        >>> print(base.reconstruct(np.array([[0, 0]])).round(3))
        [[0.999 0.5  ]]
        """
        X = check_binary(X, nonempty=True)
        p = np.clip(X.mean(axis=0), 1e-3, 1 - 1e-3)
        rbm = cls(X.shape[1], n_hidden, seed=0, init_scale=0.0)
        rbm.b = np.log(p / (1 - p))
        return rbm

    @classmethod
    def from_sklearn(cls, model) -> RBM:
        """Wrap a fitted ``sklearn.neural_network.BernoulliRBM`` so that the same measures apply.

        scikit-learn stores ``components_`` with shape ``(H, D)``, ``intercept_visible_``
        and ``intercept_hidden_``.
        """
        if not all(
            hasattr(model, a) for a in ("components_", "intercept_visible_", "intercept_hidden_")
        ):
            raise TypeError(
                f"model must be a fitted sklearn BernoulliRBM, got {type(model).__name__}"
            )
        rbm = cls(model.components_.shape[1], model.components_.shape[0], seed=0)
        rbm.W = np.array(model.components_.T, dtype=np.float64)
        rbm.b = np.array(model.intercept_visible_, dtype=np.float64)
        rbm.c = np.array(model.intercept_hidden_, dtype=np.float64)
        return rbm


def plot_images(images, shape=(8, 8), titles=None, ncols: int = 10, row_labels=None):
    """Draw images (one flattened image per row, values in [0, 1]) on a grid.

    Examples
    --------
    >>> fig = plot_images(np.zeros((4, 64)), ncols=2)
    >>> len(fig.axes)
    4
    """
    images = np.atleast_2d(as_float_array(images, "images", nonempty=True))
    if np.shape(shape) != (2,):
        raise TypeError(f"shape must be a pair (rows, columns), got {shape!r}")
    shape = (check_int(shape[0], "shape[0]"), check_int(shape[1], "shape[1]"))
    if images.ndim != 2 or images.shape[1] != shape[0] * shape[1]:
        raise ValueError(
            f"images must hold one flattened {shape} image per row, got shape {images.shape}"
        )
    ncols = check_int(ncols, "ncols")
    n = images.shape[0]
    nrows = int(np.ceil(n / ncols))
    for name, labels in (("titles", titles), ("row_labels", row_labels)):
        if labels is not None and (isinstance(labels, str) or np.ndim(labels) != 1):
            raise TypeError(f"{name} must be a list of strings, got {labels!r}")
    if titles is not None and len(titles) != n:
        raise ValueError(f"titles must hold one title per image ({n}), got {len(titles)}")
    if row_labels is not None and len(row_labels) > nrows:
        raise ValueError(f"row_labels must hold at most {nrows} labels, got {len(row_labels)}")
    fig, axes = plt.subplots(nrows, ncols, figsize=(0.8 * ncols, 0.85 * nrows + 0.2), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if k < n:
            ax.imshow(images[k].reshape(shape), cmap="Greys", vmin=0, vmax=1)
            if titles is not None:
                ax.set_title(titles[k], fontsize=7)
        else:
            ax.axis("off")
    if row_labels is not None:
        for r, label in enumerate(row_labels):
            axes[r, 0].set_ylabel(label, fontsize=8, rotation=0, ha="right", va="center")
    fig.subplots_adjust(wspace=0.08, hspace=0.15)
    plt.close(fig)
    return fig
