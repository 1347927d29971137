r"""The Hopfield network: a content-addressable memory with an energy function.

A Hopfield network (Hopfield, 1982) has $N$ binary units $s_i \in \{-1, +1\}$, every
unit connected to every other by a symmetric weight $w_{ij} = w_{ji}$ and none to
itself ($w_{ii} = 0$).  It stores $P$ patterns $\xi^1, \dots, \xi^P$ with the Hebbian
rule

$$ w_{ij} = \frac{1}{N} \sum_{\mu=1}^{P} \xi^\mu_i \xi^\mu_j \quad (i \ne j), $$

and recalls by *asynchronous* updates: pick one unit, set it to the sign of its input
$h_i = \sum_j w_{ij} s_j$, repeat.  Each such update never raises the energy

$$ E(s) = -\tfrac{1}{2} \sum_{i,j} w_{ij} s_i s_j, $$

so the state slides downhill to a fixed point, a local minimum of $E$ *in the space of
states*.  Near each stored pattern there is such a minimum as long as the load
$P/N$ stays below about $0.138$ (Amit, Gutfreund and Sompolinsky, 1985); other
minima (mixtures of patterns, reversed patterns) are *spurious states*.

Hopfield's paper used units valued 0 and 1 and wrote the same rule with
$(2V_i - 1)$; we use $\pm 1$ units, which makes the formulas shorter.  Nothing here
is trained by gradient descent.  The page ``docs/architectures/hopfield.py`` runs the
experiments.

Examples
--------
>>> rng = np.random.default_rng(0)
>>> patterns = random_patterns(3, 100, rng=rng)
>>> W = hebbian_weights(patterns)
>>> cue = corrupt(patterns[0], 0.1, rng=rng)
>>> result = recall(W, cue, rng=rng)
>>> print(overlap(result.state, patterns[0]))
1.0
"""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np

from ..validation import as_float_array, as_rng, check_int, check_real

__all__ = [
    "AMIT_CAPACITY",
    "RecallResult",
    "corrupt",
    "energy",
    "hebbian_weights",
    "mixture_state",
    "overlap",
    "plot_capacity",
    "plot_states",
    "random_patterns",
    "recall",
    "recall_vs_load",
]

#: Critical load $P/N$ below which random patterns are (near-)stable, for large N
#: (Amit, Gutfreund and Sompolinsky, 1985).
AMIT_CAPACITY = 0.138


def _spins(value, name: str, ndim: int) -> np.ndarray:
    """A non-empty float array of +1/-1 entries with ``ndim`` dimensions, or a clear error."""
    arr = as_float_array(value, name, ndim=ndim, nonempty=True)
    bad = (arr != 1) & (arr != -1)
    if np.any(bad):
        example = arr[bad].flat[0]
        raise ValueError(
            f"{name} must hold only -1 and +1 (a Hopfield unit is off or on), found {example!r}; "
            "for 0/1 data use 2 * x - 1"
        )
    return arr


def random_patterns(P: int, N: int, rng=None) -> np.ndarray:
    """``P`` random patterns of ``N`` units, each unit +1 or -1 with probability 1/2.

    Examples
    --------
    >>> random_patterns(2, 5, rng=0).shape
    (2, 5)
    """
    P, N = check_int(P, "P"), check_int(N, "N")
    rng = as_rng(rng, "rng")
    return rng.choice(np.array([-1.0, 1.0]), size=(P, N))


def hebbian_weights(patterns) -> np.ndarray:
    r"""Hebbian storage: $W = \frac{1}{N} \Xi^\top \Xi$ with a zero diagonal.

    Parameters
    ----------
    patterns : array_like, shape (P, N)
        One pattern of +1/-1 per row.

    Returns
    -------
    numpy.ndarray, shape (N, N)
        Symmetric weights with $w_{ii} = 0$.

    Examples
    --------
    >>> W = hebbian_weights([[1, -1, 1]])
    >>> print(W * 3)
    [[ 0. -1.  1.]
     [-1.  0. -1.]
     [ 1. -1.  0.]]
    """
    xi = _spins(patterns, "patterns", ndim=2)
    N = xi.shape[1]
    W = xi.T @ xi / N
    np.fill_diagonal(W, 0.0)  # no unit talks to itself
    return W


def _check_state(W, s, name: str = "s") -> tuple[np.ndarray, np.ndarray]:
    """``W`` square and the state ``s`` (the argument ``name``) of +1/-1, one entry per unit."""
    W = as_float_array(W, "W", ndim=2, nonempty=True)
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be square (N, N), got shape {W.shape}")
    s = _spins(s, name, ndim=1)
    if s.shape[0] != W.shape[0]:
        which = "" if name == "s" else f" (s is {name}, the starting state)"
        raise ValueError(
            f"s has {s.shape[0]} units but W has shape {W.shape}: "
            f"the state needs one entry per unit{which}"
        )
    return W, s


def energy(W, s) -> float:
    r"""The energy $E(s) = -\frac{1}{2} s^\top W s$ of state ``s``.

    Examples
    --------
    >>> W = hebbian_weights([[1, -1, 1]])
    >>> print(round(energy(W, [1, -1, 1]), 3), round(energy(W, [1, 1, 1]), 3))
    -1.0 0.333
    """
    W, s = _check_state(W, s)
    return float(-0.5 * s @ W @ s)


def overlap(a, b) -> float:
    r"""The overlap $m = \frac{1}{N} \sum_i a_i b_i$: 1 if equal, -1 if opposite, ~0 if unrelated.

    Examples
    --------
    >>> overlap([1, 1, -1, -1], [1, 1, -1, 1])
    0.5
    """
    a, b = _spins(a, "a", ndim=1), _spins(b, "b", ndim=1)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    return float(a @ b / a.size)


def corrupt(pattern, fraction: float, rng=None) -> np.ndarray:
    """A copy of ``pattern`` with exactly ``round(fraction * N)`` units flipped, chosen at random.

    Examples
    --------
    >>> p = np.ones(20)
    >>> int((corrupt(p, 0.1, rng=0) != p).sum())
    2
    """
    p = _spins(pattern, "pattern", ndim=1)
    fraction = check_real(fraction, "fraction", low=0, high=1)
    rng = as_rng(rng, "rng")
    flip = rng.choice(p.size, size=round(fraction * p.size), replace=False)
    out = p.copy()
    out[flip] *= -1
    return out


@dataclass
class RecallResult:
    """What `recall` returns.

    Attributes
    ----------
    state : numpy.ndarray
        The final state.
    converged : bool
        True if a full sweep changed no unit (a fixed point was reached).
    sweeps : int
        Number of sweeps over all units.
    energies : list of float
        Energy after every single-unit update (starting with the cue's).
    """

    state: np.ndarray
    converged: bool
    sweeps: int
    energies: list = field(default_factory=list)


def recall(W, cue, max_sweeps: int = 100, rng=None, track_energy: bool = False) -> RecallResult:
    r"""Asynchronous recall: update units one at a time, in random order, until nothing changes.

    Unit $i$ becomes $\operatorname{sign}(h_i)$ with $h_i = \sum_j w_{ij} s_j$ (a unit
    whose input is exactly 0 keeps its state).  The input vector $h = W s$ is kept up to
    date incrementally: when unit $i$ flips, $h$ changes by $2 s_i W_{:, i}$.

    Parameters
    ----------
    W : array_like, shape (N, N)
        Weights, e.g. from `hebbian_weights`.
    cue : array_like, shape (N,)
        Starting state of +1/-1.
    max_sweeps : int
        Give up after this many sweeps (a sweep visits every unit once); at least 1.
    rng : numpy.random.Generator or int, optional
        Order of the updates.
    track_energy : bool
        Record the energy after every update (costs one extra multiply per update).

    Examples
    --------
    >>> W = hebbian_weights([[1, -1, 1, -1, 1]])
    >>> r = recall(W, [1, -1, 1, -1, -1], rng=0, track_energy=True)
    >>> r.state, r.converged, r.energies[0] > r.energies[-1]
    (array([ 1., -1.,  1., -1.,  1.]), True, True)
    """
    W, s = _check_state(W, cue, "cue")
    max_sweeps = check_int(max_sweeps, "max_sweeps")
    rng = as_rng(rng, "rng")
    s = s.copy()
    h = W @ s
    energies = [float(-0.5 * s @ h)] if track_energy else []
    for sweep in range(1, max_sweeps + 1):
        changed = False
        for i in rng.permutation(s.size):
            new = s[i] if h[i] == 0 else np.sign(h[i])
            if new != s[i]:
                s[i] = new
                h += 2.0 * new * W[:, i]  # the input every unit receives from unit i changed
                changed = True
            if track_energy:
                energies.append(float(-0.5 * s @ h))
        if not changed:
            return RecallResult(s, True, sweep, energies)
    return RecallResult(s, False, max_sweeps, energies)


def mixture_state(patterns) -> np.ndarray:
    r"""The mixture $\operatorname{sign}(\xi^1 + \xi^2 + \dots)$ of an odd number of patterns.

    For random patterns at low load this is a stable state that is none of the
    stored patterns: a *spurious* minimum of the energy (Amit, Gutfreund and
    Sompolinsky, 1985).

    Examples
    --------
    >>> print(mixture_state([[1, 1, -1], [1, -1, -1], [-1, -1, 1]]))
    [ 1. -1. -1.]
    """
    xi = _spins(patterns, "patterns", ndim=2)
    if xi.shape[0] % 2 == 0:
        raise ValueError(f"mix an odd number of patterns (no ties), got {xi.shape[0]}")
    return np.sign(xi.sum(axis=0))


def recall_vs_load(
    N: int, loads, noise: float = 0.1, networks: int = 4, cues: int = 10, seed: int = 0
) -> dict:
    r"""Recall quality of a Hopfield network of ``N`` units as its load $P/N$ grows.

    For each load, ``networks`` networks each store $P = \text{round}(\text{load}\cdot N)$
    random patterns; up to ``cues`` of them are corrupted by flipping a share ``noise``
    of their units and recalled.  ``loads`` are shares $\ge 0$, ``noise`` lies in
    $[0, 1]$, and ``N``, ``networks`` and ``cues`` are integers of at least 1.

    Returns
    -------
    dict
        ``"load"`` (the actual $P/N$), ``"overlap"`` (mean final overlap with the
        stored pattern) and ``"perfect"`` (share of recalls that end exactly on it).

    Examples
    --------
    >>> r = recall_vs_load(100, [0.05], networks=1, cues=3)
    >>> print(r["perfect"])
    [1.]
    """
    N, networks, cues = check_int(N, "N"), check_int(networks, "networks"), check_int(cues, "cues")
    noise = check_real(noise, "noise", low=0, high=1)
    loads = as_float_array(loads, "loads", ndim=1, nonempty=True)
    if np.any(loads < 0):
        raise ValueError(f"loads must be shares P/N >= 0, found {loads[loads < 0][0]}")
    rng = as_rng(seed, "seed")
    out = {"load": [], "overlap": [], "perfect": []}
    for load in loads:
        P = max(1, round(load * N))
        overlaps = []
        for _ in range(networks):
            xi = random_patterns(P, N, rng=rng)
            W = hebbian_weights(xi)
            for mu in range(min(cues, P)):
                final = recall(W, corrupt(xi[mu], noise, rng=rng), rng=rng).state
                overlaps.append(overlap(final, xi[mu]))
        overlaps = np.array(overlaps)
        out["load"].append(P / N)
        out["overlap"].append(overlaps.mean())
        out["perfect"].append(np.mean(overlaps == 1.0))
    return {k: np.array(v) for k, v in out.items()}


# --------------------------------------------------------------------------- #
# Figures
# --------------------------------------------------------------------------- #
def plot_states(states, titles=None, shape=None, ncols=None):
    """Draw +1/-1 states as black-and-white images, one panel per state.

    Examples
    --------
    >>> fig = plot_states(random_patterns(3, 100, rng=0), titles=["a", "b", "c"])
    >>> [ax.get_title() for ax in fig.axes]
    ['a', 'b', 'c']
    """
    states = np.atleast_2d(as_float_array(states, "states", nonempty=True))
    if states.ndim != 2:
        raise ValueError(f"states must hold one state per row, got shape {states.shape}")
    n, N = states.shape
    if shape is None:
        side = int(round(np.sqrt(N)))
        shape = (side, N // side)
        if side * (N // side) != N:
            raise ValueError(f"states have {N} units, not a near-square picture: pass shape")
    if np.shape(shape) != (2,):
        raise TypeError(f"shape must be a pair (rows, columns), got {shape!r}")
    if check_int(shape[0], "shape[0]") * check_int(shape[1], "shape[1]") != N:
        raise ValueError(f"shape must have rows * columns = {N} (units per state), got {shape}")
    ncols = n if ncols is None else check_int(ncols, "ncols")
    if titles is not None and (isinstance(titles, str) or np.ndim(titles) != 1):
        raise TypeError(f"titles must be a list of {n} titles, got {titles!r}")
    if titles is not None and len(titles) != n:
        raise ValueError(f"titles must hold one title per state ({n}), got {len(titles)}")
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.5 * ncols, 1.75 * nrows), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        if k >= n:
            ax.axis("off")
            continue
        ax.imshow(states[k].reshape(shape), cmap="Greys", vmin=-1, vmax=1)
        if titles is not None:
            ax.set_title(titles[k], fontsize=8)
    fig.tight_layout()
    plt.close(fig)
    return fig


def plot_capacity(
    result: dict, cue_overlap: float | None = None, hopfield_estimate: float | None = 0.15
):
    """Recall quality against load, with the theoretical capacity marked.

    ``result`` comes from `recall_vs_load`.  ``cue_overlap`` draws the overlap
    of the corrupted cues themselves: below that line, recall made the cue worse.
    ``hopfield_estimate`` marks Hopfield's (1982) simulation estimate, dotted.

    Examples
    --------
    >>> fig = plot_capacity({"load": [0.05, 0.2], "overlap": [1.0, 0.4], "perfect": [1.0, 0.0]})
    >>> fig.axes[0].get_xlabel()
    'load P/N'
    """
    if not isinstance(result, dict) or not {"load", "overlap", "perfect"} <= set(result):
        raise TypeError(
            f"result must be the dict recall_vs_load returns, got {type(result).__name__}"
        )
    if cue_overlap is not None:
        check_real(cue_overlap, "cue_overlap", low=-1, high=1)  # an overlap
    if hopfield_estimate is not None:
        check_real(hopfield_estimate, "hopfield_estimate", low=0)  # a load
    fig, ax = plt.subplots(figsize=(7.5, 3.4))
    ax.plot(result["load"], result["overlap"], "o-", label="mean overlap after recall")
    ax.plot(result["load"], result["perfect"], "s--", label="share recalled perfectly")
    if cue_overlap is not None:
        ax.axhline(
            cue_overlap,
            color="#555753",
            lw=0.8,
            ls="--",
            label=f"overlap of the cues ({cue_overlap:g})",
        )
    ax.axvline(
        AMIT_CAPACITY, color="#4e9a06", lw=1.2, label=rf"theory: $\alpha_c \approx {AMIT_CAPACITY}$"
    )
    if hopfield_estimate:
        ax.axvline(
            hopfield_estimate,
            color="#555753",
            lw=0.8,
            ls=":",
            label=f"Hopfield's estimate ({hopfield_estimate:g})",
        )
    ax.set_xlabel("load P/N")
    ax.set_ylabel("recall quality")
    ax.set_ylim(-0.02, 1.05)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    plt.close(fig)
    return fig
