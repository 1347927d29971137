"""The shared starting point of the five implementations, and how their results are compared.

* `lecture_problem` -- Lecture 01's letters, starting weights and learning rate.
* `IMPLEMENTATIONS` -- the five training functions of `nnbook.frameworks.trainers`.
* `run_all` -- train with each of them from the same start.
* `largest_difference` -- the largest gap between loss curves, and
  `TOLERANCE`, the largest gap that still counts as agreement.
* `plot_loss_curves` -- the curves overlaid, and their gaps from a reference.
"""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np

from ..plotting import with_alt
from .trainers import train_autodiff, train_keras, train_numpy, train_tensorflow, train_torch

__all__ = [
    "IMPLEMENTATIONS",
    "TOLERANCE",
    "largest_difference",
    "lecture_problem",
    "plot_loss_curves",
    "run_all",
]

#: Display name -> training function, in the order the page shows them.
IMPLEMENTATIONS = {
    "NumPy": train_numpy,
    "nnbook.autodiff": train_autodiff,
    "TensorFlow": train_tensorflow,
    "Keras": train_keras,
    "PyTorch": train_torch,
}

#: Largest absolute difference between two float64 runs (loss per epoch, or a trained
#: weight) that counts as agreement.  Why 1e-10: every float64 operation rounds with a
#: relative error of at most u = 2**-53 = 1.1e-16, and the frameworks add and multiply in
#: different orders, so their results differ by rounding only.  Lecture 01's training is
#: 600 steps of sums of at most 30 terms; if each step's rounding errors just add up, the
#: losses (at most 0.25) drift apart by at most about 600 * 30 * 1.1e-16 * 0.25 = 5e-13
#: (measured: below 1e-16).  A real difference is far larger: float32 arithmetic moves
#: the losses by about 1e-8, a wrong loss or learning rate by 1e-3 or more.
TOLERANCE = 1e-10


def lecture_problem(epochs: int = 200) -> dict:
    """The arguments every implementation receives: Lecture 01's setting.

    The three clean letters in the order A, B, C (one example per step, no
    shuffling), the starting weights drawn as in Lecture 01 (``generate_wt`` with
    seeds 1 and 2) and its learning rate, 1.0.

    Returns
    -------
    dict
        Keys ``x (3, 30)``, ``Y (3, 3)``, ``w1 (30, 5)``, ``w2 (5, 3)``, ``lr``,
        ``epochs`` and ``batch_size``: pass it as ``train_xxx(**problem)``.

    Examples
    --------
    >>> p = lecture_problem()
    >>> {k: v.shape for k, v in p.items() if k in ("x", "Y", "w1", "w2")}
    {'x': (3, 30), 'Y': (3, 3), 'w1': (30, 5), 'w2': (5, 3)}
    >>> p["lr"], p["epochs"], p["batch_size"]
    (1.0, 200, 1)
    """
    from ..datasets import letters
    from ..mlp import generate_wt

    x, Y, _ = letters()
    return {
        "x": x,
        "Y": Y,
        "w1": generate_wt(30, 5, rng=1),
        "w2": generate_wt(5, 3, rng=2),
        "lr": 1.0,
        "epochs": int(epochs),
        "batch_size": 1,
    }


def run_all(problem: dict, implementations: dict | None = None) -> dict:
    """Train with each implementation from ``problem``; return name -> ``(losses, w1, w2)``.

    Each function receives its own copy of the arrays, so none can affect another.

    Examples
    --------
    >>> runs = run_all(lecture_problem(epochs=5), {"NumPy": train_numpy})
    >>> losses, w1, w2 = runs["NumPy"]
    >>> len(losses), w1.shape
    (5, (30, 5))
    """
    implementations = IMPLEMENTATIONS if implementations is None else implementations
    runs = {}
    for name, train in implementations.items():
        args = {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in problem.items()}
        runs[name] = train(**args)
    return runs


def largest_difference(curves: dict) -> tuple[float, tuple[str, str]]:
    """The largest absolute difference between any two curves, and which two.

    ``curves`` maps a name to a sequence of numbers; all must have the same length.

    Examples
    --------
    >>> largest_difference({"a": [1.0, 2.0], "b": [1.0, 2.5], "c": [1.0, 2.75]})
    (0.75, ('a', 'c'))
    """
    arrays = {name: np.asarray(c, dtype=np.float64) for name, c in curves.items()}
    if len(arrays) < 2:
        raise ValueError(f"curves must hold at least two curves, got {len(arrays)}")
    lengths = {name: a.shape for name, a in arrays.items()}
    if len(set(lengths.values())) != 1:
        raise ValueError(f"curves must all have the same length, got shapes {lengths}")
    best, pair = -1.0, None
    for (n1, a1), (n2, a2) in itertools.combinations(arrays.items(), 2):
        gap = float(np.max(np.abs(a1 - a2)))
        if gap > best:
            best, pair = gap, (n1, n2)
    return best, pair


def plot_loss_curves(
    curves: dict,
    reference: str | None = None,
    ylabel: str = "training loss (MSE)",
    alt: str | None = None,
):
    r"""Two panels: the loss curves overlaid, and each curve's relative gap from ``reference``.

    The first panel draws every curve (log scale); when the implementations agree
    they lie on top of each other.  The second shows, per epoch, the relative gap
    $|L - L_\text{ref}| / L_\text{ref}$ of every other curve as dots on a log
    scale, next to the machine epsilon $\varepsilon$ (the gap between 1 and the next
    number) of float64 and float32: gaps of rounding size sit near $\varepsilon$.
    Epochs where a curve equals the reference exactly have no dot (zero has no
    place on a log scale).  ``alt`` is the figure's alt text; by default it
    states the range of the reference curve and each curve's largest relative gap.

    Examples
    --------
    >>> from nnbook.plotting import alt_text
    >>> fig = plot_loss_curves({"a": [1.0, 0.5, 0.25], "b": [1.0, 0.5, 0.25 + 1e-15]})
    >>> [ax.get_yscale() for ax in fig.axes]
    ['log', 'log']
    >>> print(alt_text(fig))  # doctest: +NORMALIZE_WHITESPACE
    Left: 2 loss curves (a, b) over 3 epochs, from 1 to 0.25 for a, drawn on top of each
    other. Right: the largest relative gap of each curve from a: 4e-15 for b.
    """
    names = list(curves)
    reference = names[0] if reference is None else reference
    if reference not in curves:
        raise ValueError(f"reference must be one of {names}, got {reference!r}")
    ref = np.asarray(curves[reference], dtype=np.float64)
    largest = {}
    fig, (ax_loss, ax_gap) = plt.subplots(1, 2, figsize=(9.0, 3.6))
    styles = itertools.cycle(["-", "--", "-.", ":", (0, (5, 1)), (0, (1, 3))])
    colors = itertools.cycle(plt.rcParams["axes.prop_cycle"].by_key()["color"])
    epochs = np.arange(1, len(ref) + 1)
    for name, style, color in zip(names, styles, colors, strict=False):
        values = np.asarray(curves[name], dtype=np.float64)
        if values.shape != ref.shape:
            raise ValueError(
                f"curves must have the same length: {name!r} has {values.size} "
                f"values, {reference!r} has {ref.size}"
            )
        ax_loss.plot(epochs, values, linestyle=style, color=color, label=name)
        if name != reference:
            gap = np.abs(values - ref) / np.abs(ref)
            largest[name] = float(gap.max())
            shown = gap > 0
            ax_gap.plot(epochs[shown], gap[shown], ".", markersize=3, color=color, label=name)
    ax_loss.set(xlabel="epoch", ylabel=ylabel, yscale="log", title="the loss curves")
    ax_loss.legend(frameon=False, fontsize=8)
    for dtype, dashes in ((np.float64, "--"), (np.float32, ":")):
        eps = float(np.finfo(dtype).eps)
        ax_gap.axhline(
            eps,
            color="0.3",
            linestyle=dashes,
            linewidth=1.0,
            label=f"ε of {np.dtype(dtype).name} ({eps:.1e})",
        )
    ax_gap.set(
        xlabel="epoch",
        ylabel="relative gap",
        yscale="log",
        title=f"|loss − loss of {reference}| / loss of {reference}",
    )
    ax_gap.legend(frameon=False, fontsize=7, loc="center right", markerscale=3)
    fig.tight_layout()
    plt.close(fig)
    if alt is None:
        alt = (
            f"Left: {len(names)} loss curves ({', '.join(names)}) over {ref.size} epochs, "
            f"from {ref[0]:.2g} to {ref[-1]:.2g} for {reference}, drawn on top of each "
            f"other. Right: the largest relative gap of each curve from {reference}: "
            + "; ".join(f"{gap:.0e} for {name}" for name, gap in largest.items())
            + "."
        )
    return with_alt(fig, alt)
