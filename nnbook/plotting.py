"""The book's figure style, and the figures of the lectures.

Every figure on the site is drawn by a function in :mod:`nnbook`, never by code
that lives only in a page.  :func:`use_book_style` gives all of them one look:
an opaque white background and dark ink, so that a figure stays legible under the
site's light and dark colour schemes; one font size; SVG output with stable ids so
that two builds produce the same bytes.

Functions return a :class:`matplotlib.figure.Figure`; a page shows it by leaving
it as the last expression of a cell.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

__all__ = [
    "BOOK_STYLE",
    "plot_confidence",
    "plot_curves",
    "plot_letters",
    "use_book_style",
]

#: rcParams applied by :func:`use_book_style`.
BOOK_STYLE = {
    "figure.figsize": (6.0, 3.4),
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.bbox": "tight",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(
        color=["#3465a4", "#cc0000", "#4e9a06", "#f57900", "#75507b", "#555753"]
    ),
    "image.cmap": "viridis",
    "svg.hashsalt": "nnbook",  # deterministic ids in SVG output
    "svg.fonttype": "path",
}


def use_book_style(inline_svg: bool = True) -> None:
    """Apply :data:`BOOK_STYLE`; in a notebook, also show figures as SVG.

    Call it once at the top of a page.  Set the environment variable
    ``SOURCE_DATE_EPOCH`` to keep dates out of the SVG metadata (the site build
    does).

    Examples
    --------
    >>> use_book_style(inline_svg=False)
    >>> plt.rcParams["svg.hashsalt"]
    'nnbook'
    """
    plt.rcParams.update(BOOK_STYLE)
    if inline_svg:
        try:
            from matplotlib_inline.backend_inline import set_matplotlib_formats
        except ImportError:  # not in a notebook: nothing to configure
            return
        set_matplotlib_formats("svg")


def plot_curves(curves: dict, xlabel: str = "epoch", ylabel: str = "", title: str = "",
                logy: bool = False, ax=None, x=None):
    """Plot one line per entry of ``curves`` (label -> sequence of values).

    The horizontal axis counts 1, 2, 3, ... (epochs) unless ``x`` gives its values.

    Examples
    --------
    >>> fig = plot_curves({"loss": [3, 2, 1]}, ylabel="loss")
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['loss']
    """
    if ax is None:
        fig, ax = plt.subplots()
    else:
        fig = ax.figure
    for label, values in curves.items():
        values = np.asarray(values, dtype=float)
        xs = np.arange(1, len(values) + 1) if x is None else np.asarray(x, dtype=float)
        ax.plot(xs, values, label=str(label))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    if logy:
        ax.set_yscale("log")
    if len(curves) > 1:
        ax.legend(frameon=False)
    plt.close(fig)
    return fig


def plot_letters(x, names, shape=(5, 6), titles=None, outputs=None):
    """Draw letter bitmaps side by side, optionally with the network's verdict.

    Parameters
    ----------
    x : array_like, shape (n, rows * cols)
        One flattened bitmap per row.
    names : str
        ``names[i]`` is the letter of class ``i``.
    shape : tuple of int
        Rows and columns of a bitmap.
    titles : list of str, optional
        One title per bitmap.
    outputs : array_like, shape (n, len(names)), optional
        Network outputs; each panel is then titled with the predicted letter and
        its confidence (its output as a share of the sum of the outputs).

    Examples
    --------
    >>> from nnbook.datasets import letters
    >>> x, Y, names = letters()
    >>> fig = plot_letters(x, names, outputs=Y * 0.9)
    >>> [ax.get_title() for ax in fig.axes]
    ['predicted A (100%)', 'predicted B (100%)', 'predicted C (100%)']
    """
    x = np.asarray(x, dtype=float)
    n = x.shape[0]
    fig, axes = plt.subplots(1, n, figsize=(1.6 * n, 1.9), squeeze=False)
    for i, ax in enumerate(axes[0]):
        ax.imshow(x[i].reshape(shape), cmap="Greys", vmin=0, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        if outputs is not None:
            out = np.asarray(outputs, dtype=float)[i]
            k = int(np.argmax(out))
            ax.set_title(f"predicted {names[k]} ({out[k] / out.sum():.0%})")
        elif titles is not None:
            ax.set_title(titles[i])
    plt.close(fig)
    return fig


def plot_confidence(outputs, names, true=None):
    """Bar chart of each example's outputs, one group per example.

    Examples
    --------
    >>> fig = plot_confidence(np.eye(3) * 0.8 + 0.1, "ABC")
    >>> len(fig.axes[0].patches)
    9
    """
    outputs = np.asarray(outputs, dtype=float)
    n, k = outputs.shape
    fig, ax = plt.subplots(figsize=(6.0, 2.8))
    width = 0.8 / k
    for j in range(k):
        ax.bar(np.arange(n) + (j - (k - 1) / 2) * width, outputs[:, j], width,
               label=f"output for {names[j]}")
    labels = [f"input {names[t]}" for t in (true if true is not None else range(n))]
    ax.set_xticks(np.arange(n), labels)
    ax.set_ylim(0, 1)
    ax.set_ylabel("network output")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    plt.close(fig)
    return fig
