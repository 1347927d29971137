r"""A generative adversarial network on the real line: a generator learns to imitate a distribution.

Two small networks play a game (Goodfellow et al., 2014).  The *generator* $G$ turns
noise $z \sim \mathcal N(0, 1)$ into samples $G(z)$; the *discriminator* $D$ gives
each number $x$ a logit $D(x)$, the log-odds that $x$ came from the data rather than
from $G$.  With $\sigma$ the logistic function, the game's value is

$$
V(D, G) = \mathbb E_{x \sim p_{\text{data}}} \log \sigma(D(x))
        + \mathbb E_{z} \log\bigl(1 - \sigma(D(G(z)))\bigr),
$$

which $D$ maximises and $G$ minimises.  In practice we alternate one gradient step
for each player, and $G$ maximises $\log \sigma(D(G(z)))$ instead of minimising
$\log(1 - \sigma(D(G(z))))$: the same fixed point, but strong gradients early on,
when $D$ easily rejects the fakes (the paper's own recommendation).  Both losses are
binary cross-entropies computed from logits
(`binary_cross_entropy_with_logits`).

Notation: samples are column vectors of shape ``(n, 1)``.  Taught on
``docs/architectures/gan.py``.
"""

from __future__ import annotations

import time

import matplotlib.pyplot as plt
import numpy as np

from .. import autodiff as ad
from ..autodiff.logistic import binary_cross_entropy_with_logits
from ..validation import as_float_array, as_rng, check_int
from .training import Adam, check_mapping, check_sizes, use_one_blas_thread

__all__ = [
    "GAN",
    "MLP",
    "gaussian_mixture",
    "plot_densities",
    "train_gan",
]


class MLP:
    """A small fully connected network with ``tanh`` hidden layers and a linear output.

    ``sizes`` lists the input size, the hidden sizes and the output size (positive integers).

    Examples
    --------
    >>> net = MLP([1, 8, 1], seed=0)
    >>> [p.shape for p in net.params], net(np.zeros((3, 1))).shape
    ([(1, 8), (8,), (8, 1), (1,)], (3, 1))
    """

    def __init__(self, sizes, *, seed: int = 0, name: str = "W"):
        sizes = check_sizes(sizes, "sizes")
        if len(sizes) < 2:
            raise ValueError(f"sizes must list at least an input and an output size, got {sizes}")
        rng = as_rng(seed, "seed")
        self.layers = [
            (
                ad.Variable(rng.standard_normal((a, b)) / np.sqrt(a), name=f"{name}{i}"),
                ad.Variable(np.zeros(b), name=f"b{name}{i}"),
            )
            for i, (a, b) in enumerate(zip(sizes, sizes[1:], strict=False))
        ]
        self.params = [p for layer in self.layers for p in layer]
        self.n_in = sizes[0]

    def __call__(self, a):
        for k, (W, b) in enumerate(self.layers):
            a = a @ W + b
            if k < len(self.layers) - 1:
                a = ad.tanh(a)
        return a


def gaussian_mixture(n: int, rng, means=(4.0,), stds=(1.25,), weights=None) -> np.ndarray:
    """``n`` samples, shape (n, 1), of a mixture of normal distributions (one by default).

    ``means`` and ``stds`` (positive) have one entry per component; ``weights``, if
    given, too, non-negative and summing to 1.  ``rng`` is a Generator or a seed.

    Examples
    --------
    >>> x = gaussian_mixture(100_000, np.random.default_rng(0))
    >>> print(round(float(x.mean()), 2), round(float(x.std()), 2))
    4.0 1.25
    """
    n, rng = check_int(n, "n"), as_rng(rng, "rng")
    means = as_float_array(means, "means", ndim=1, nonempty=True)
    stds = as_float_array(stds, "stds", ndim=1, nonempty=True)
    if means.shape != stds.shape:
        raise ValueError(
            f"means and stds must have the same length, got {means.shape} and {stds.shape}"
        )
    if np.any(stds <= 0):
        raise ValueError(f"stds must be positive, found {stds[stds <= 0][0]}")
    if weights is None:
        weights = np.full(len(means), 1 / len(means))
    else:
        weights = as_float_array(weights, "weights", ndim=1)
        if weights.shape != means.shape or np.any(weights < 0) or not np.isclose(weights.sum(), 1):
            raise ValueError(
                f"weights must hold {len(means)} non-negative numbers that sum to 1, got {weights}"
            )
    which = rng.choice(len(means), size=n, p=weights)
    return (means[which] + stds[which] * rng.standard_normal(n))[:, None]


class GAN:
    """A generator ``noise -> hidden -> 1`` and a discriminator ``1 -> hidden -> logit``.

    Parameters
    ----------
    n_noise : int
        Size of the noise vector $z$ (a positive integer).
    g_hidden, d_hidden : list of int
        Hidden layer sizes of the generator and of the discriminator (positive integers).
    seed : int
        Seed of both networks' initial weights.

    Examples
    --------
    >>> gan = GAN(seed=0)
    >>> gan.sample(5, np.random.default_rng(0)).shape
    (5, 1)
    >>> gan.discriminate(np.zeros((5, 2)))
    Traceback (most recent call last):
    ...
    ValueError: x must have shape (n, 1): one number per row, got (5, 2)
    """

    def __init__(self, n_noise: int = 1, g_hidden=(16, 16), d_hidden=(32, 32), *, seed: int = 0):
        self.n_noise = check_int(n_noise, "n_noise")
        g_hidden, d_hidden = check_sizes(g_hidden, "g_hidden"), check_sizes(d_hidden, "d_hidden")
        self.G = MLP([self.n_noise, *g_hidden, 1], seed=seed, name="G")
        self.D = MLP([1, *d_hidden, 1], seed=seed + 1, name="D")

    def generate(self, z) -> ad.Node:
        """$G(z)$ for noise ``z`` of shape ``(n, n_noise)``, as a node."""
        z = as_float_array(z, "z", ndim=2)
        if z.shape[1] != self.n_noise:
            raise ValueError(f"z must have shape (n, {self.n_noise}), got {z.shape}")
        return self.G(ad.Constant(z))

    def sample(self, n: int, rng) -> np.ndarray:
        """``n`` generated numbers, shape ``(n, 1)``; ``rng`` is a Generator or a seed."""
        n, rng = check_int(n, "n"), as_rng(rng, "rng")
        return self.generate(rng.standard_normal((n, self.n_noise))).value

    def discriminate(self, x) -> ad.Node:
        """The logits $D(x)$ for ``x`` of shape ``(n, 1)`` (an array or a node)."""
        if not isinstance(x, ad.Node):
            x = as_float_array(x, "x")
            if x.ndim != 2 or x.shape[1] != 1:
                raise ValueError(f"x must have shape (n, 1): one number per row, got {x.shape}")
            x = ad.Constant(x)
        return self.D(x)


def _check_run(gan, sample_data, steps, batch_size, snapshot_every, n_snapshot) -> None:
    """The checks of `train_gan`: types, counts, and one trial call of ``sample_data``."""
    if not isinstance(gan, GAN):
        raise TypeError(f"gan must be a GAN, got {type(gan).__name__}")
    if not callable(sample_data):
        raise TypeError(f"sample_data must be a function (n, rng) -> samples, got {sample_data!r}")
    counts = {"steps": steps, "batch_size": batch_size, "n_snapshot": n_snapshot}
    for name, value in counts.items():
        check_int(value, name)
    check_int(snapshot_every, "snapshot_every", low=0)
    trial = as_float_array(sample_data(batch_size, np.random.default_rng(0)), "sample_data(n, rng)")
    if trial.shape != (batch_size, 1):
        raise ValueError(
            f"sample_data(n, rng) must return n samples of shape (n, 1); for n = {batch_size} "
            f"it returned shape {trial.shape}"
        )


@use_one_blas_thread
def train_gan(
    gan: GAN,
    sample_data,
    *,
    steps: int,
    batch_size: int = 64,
    lr: float = 1e-3,
    seed: int = 0,
    snapshot_every: int = 0,
    n_snapshot: int = 2000,
) -> dict:
    """Alternate one discriminator step and one generator step, ``steps`` times.

    Parameters
    ----------
    sample_data : callable
        ``sample_data(n, rng)`` returns ``n`` real samples, shape ``(n, 1)``.
    steps, batch_size, n_snapshot : int
        At least 1.
    lr : float
        Learning rate of both Adam optimisers (positive).
    snapshot_every : int
        If positive, keep ``n_snapshot`` generated samples every that many steps.

    Returns
    -------
    dict
        ``"d_loss"``, ``"g_loss"`` (one per step), ``"d_real"`` (mean $\\sigma(D(x))$
        on real data per step), ``"snapshots"`` (step -> samples), ``"seconds"``.
    """
    _check_run(gan, sample_data, steps, batch_size, snapshot_every, n_snapshot)
    rng = as_rng(seed, "seed")
    # Adam with beta1 = 0.5, a common choice for GANs: less momentum in a moving game
    opt_d = Adam(gan.D.params, lr=lr, betas=(0.5, 0.999))
    opt_g = Adam(gan.G.params, lr=lr, betas=(0.5, 0.999))
    ones, zeros = np.ones((batch_size, 1)), np.zeros((batch_size, 1))
    history = {"d_loss": [], "g_loss": [], "d_real": [], "snapshots": {}}
    snap_rng = np.random.default_rng(seed + 1)
    start = time.perf_counter()
    for step in range(steps + 1):
        if snapshot_every and step % snapshot_every == 0:
            history["snapshots"][step] = gan.sample(n_snapshot, snap_rng)[:, 0]
        if step == steps:
            break
        # discriminator: real -> 1, fake -> 0 (the fakes are constants here)
        real = sample_data(batch_size, rng)
        fake = gan.sample(batch_size, rng)
        d_real = gan.discriminate(real)
        d_loss = binary_cross_entropy_with_logits(d_real, ones) + binary_cross_entropy_with_logits(
            gan.discriminate(fake), zeros
        )
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        # generator: make D call the fakes real (non-saturating loss)
        fake = gan.generate(rng.standard_normal((batch_size, gan.n_noise)))
        g_loss = binary_cross_entropy_with_logits(gan.discriminate(fake), ones)
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
        history["d_loss"].append(float(d_loss.value))
        history["g_loss"].append(float(g_loss.value))
        history["d_real"].append(float(np.mean(1.0 / (1.0 + np.exp(-d_real.value)))))
    history["seconds"] = time.perf_counter() - start
    return history


def plot_densities(snapshots: dict, target_pdf=None, *, bins=None, alt: str | None = None):
    """Histograms of generated samples at several steps, against the target density.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> fig = plot_densities({0: rng.normal(size=500), 100: rng.normal(3, 1, size=500)})
    >>> len(fig.axes)
    2
    """
    from ..plotting import with_alt

    check_mapping(snapshots, "snapshots", "step -> samples")
    snapshots = {
        k: as_float_array(v, f"snapshots[{k!r}]", nonempty=True) for k, v in snapshots.items()
    }
    if target_pdf is not None and not callable(target_pdf):
        raise TypeError(f"target_pdf must be a function of x, or None, got {target_pdf!r}")
    if bins is not None and as_float_array(bins, "bins", ndim=1).size < 2:
        raise ValueError(f"bins must hold at least two bin edges, got {bins!r}")
    steps = list(snapshots)
    fig, axes = plt.subplots(
        1, len(steps), figsize=(1.9 * len(steps), 2.3), sharey=True, squeeze=False
    )
    allx = np.concatenate([np.asarray(v) for v in snapshots.values()])
    lo, hi = np.percentile(allx, [0.5, 99.5])
    if bins is None:
        bins = np.linspace(min(lo, -1.0), max(hi, 8.0), 50)
    grid = np.linspace(bins[0], bins[-1], 300)
    for ax, step in zip(axes[0], steps, strict=True):
        ax.hist(
            snapshots[step], bins=bins, density=True, color="#3465a4", alpha=0.7, label="generated"
        )
        if target_pdf is not None:
            ax.plot(grid, target_pdf(grid), color="#cc0000", label="target")
        ax.set_title(f"step {step}", fontsize=9)
        ax.set_xlabel("$x$")
    axes[0, 0].set_ylabel("density")
    if target_pdf is not None:
        axes[0, -1].legend(frameon=False, fontsize=7)
    plt.close(fig)
    return with_alt(fig, alt) if alt else fig
