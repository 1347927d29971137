"""The book's figure style, how figures reach the page, and the figures of the lectures.

Every figure on the site is drawn by a function in `nnbook`, never by code
that lives only in a page.  `use_book_style` gives all of them one look:
an opaque white background and dark ink, so that a figure stays legible under the
site's light and dark colour schemes; one font size; SVG output with stable ids and
no date, so that two builds produce the same bytes.

Every figure carries **alt text** for readers who cannot see it.  Give it with
`with_alt` (or the ``alt=`` argument of the figure functions below); without
one, `alt_text` describes the figure from its titles, axis labels and legend.
In a notebook, `use_book_style` renders each figure as SVG with the alt text
as the image's ``<title>``; a figure whose SVG would be heavy (thousands of points)
is sent as a palette PNG instead, with the alt text in its ``Description`` field.
The site build turns either into the ``alt`` of the page's ``<img>``.

Functions return a `matplotlib.figure.Figure`; a page shows it by leaving
it as the last expression of a cell.
"""

from __future__ import annotations

import html
import io
import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

__all__ = [
    "BOOK_STYLE",
    "alt_text",
    "figure_to_png",
    "figure_to_svg",
    "plot_confidence",
    "plot_curves",
    "plot_letters",
    "use_book_style",
    "with_alt",
]

#: rcParams applied by `use_book_style`.
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
    # Text stays text (the browser draws it with a sans-serif font): figures are 25-50 %
    # lighter than with "path", which spells every glyph out as a curve.
    "svg.fonttype": "none",
}

#: An SVG heavier than this many bytes is sent to the page as a PNG instead.
SVG_BUDGET = 150_000
_ALT = "_nnbook_alt"
#: Characters XML (so SVG) cannot hold.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def use_book_style(inline_svg: bool = True) -> None:
    """Apply `BOOK_STYLE`; in a notebook, also show figures as SVG with alt text.

    Call it once at the top of a page.  In a notebook (IPython kernel) it registers
    `figure_to_svg` as the way figures are displayed, so every figure on the
    page carries alt text (see `alt_text`), and a heavy figure falls back to a
    compressed PNG (`figure_to_png`).

    Examples
    --------
    >>> use_book_style(inline_svg=False)
    >>> plt.rcParams["svg.hashsalt"], plt.rcParams["svg.fonttype"]
    ('nnbook', 'none')
    """
    plt.rcParams.update(BOOK_STYLE)
    if not inline_svg:
        return
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # not in a notebook: nothing to configure
        return
    shell = get_ipython()
    if shell is None:
        return
    set_matplotlib_formats("svg")
    formatters = shell.display_formatter.formatters
    formatters["image/svg+xml"].for_type(Figure, _svg_unless_heavy)
    formatters["image/png"].for_type(Figure, _png_if_heavy)
    try:
        import graphviz
    except ImportError:
        return
    formatters["image/svg+xml"].for_type(graphviz.Digraph, graph_to_svg)
    formatters["image/svg+xml"].for_type(graphviz.Graph, graph_to_svg)


def with_alt(fig: Figure, text: str) -> Figure:
    """Attach alt text to ``fig`` and return it (so it can end a cell).

    Describe what a reader should take from the figure, not how it is drawn.

    Examples
    --------
    >>> fig = with_alt(plot_curves({"loss": [3, 2, 1]}), "The loss falls from 3 to 1.")
    >>> alt_text(fig)
    'The loss falls from 3 to 1.'
    """
    clean = " ".join(_NOT_XML.sub("", text).split()) if isinstance(text, str) else ""
    if not clean:
        raise ValueError(f"alt text must be a non-empty string, got {text!r}")
    setattr(fig, _ALT, clean)
    return fig


def _describe_axes(ax) -> str:
    if getattr(ax, "_colorbar", None) is not None:
        label = ax.get_ylabel() or ax.get_xlabel()
        return f"colour scale of {label}" if label else "colour scale"
    kinds = []
    if ax.images:
        kinds.append("image")
    if any(isinstance(p, matplotlib.patches.Rectangle) for p in ax.patches):
        kinds.append("bar chart")
    if any(isinstance(c, matplotlib.collections.PathCollection) for c in ax.collections):
        kinds.append("scatter plot")
    if ax.lines and not kinds:
        kinds.append("line chart")
    what = " and ".join(kinds) or "chart"
    title, xlabel, ylabel = (
        " ".join(t.split()) for t in (ax.get_title(), ax.get_xlabel(), ax.get_ylabel())
    )
    text = f"{what} titled {title!r}" if title else what
    if ylabel and xlabel:
        text += f" of {ylabel} against {xlabel}"
    elif ylabel or xlabel:
        text += f" of {ylabel or xlabel}"
    legend = ax.get_legend()
    if legend is not None:
        labels = [t.get_text() for t in legend.get_texts() if t.get_text()]
        if labels:
            text += " (" + ", ".join(labels) + ")"
    return text


def alt_text(fig: Figure) -> str:
    """The alt text of ``fig``: the one given to `with_alt`, else a description.

    The description names the kind of each panel (line chart, bar chart, image,
    scatter plot) with its title, axis labels and legend entries, so a page that
    forgets alt text still says something true about the figure.

    Examples
    --------
    >>> fig = plot_curves({"train": [3, 2, 1], "test": [3, 2, 2]}, ylabel="loss")
    >>> alt_text(fig)
    'Figure: line chart of loss against epoch (train, test).'
    >>> alt_text(plot_letters(np.eye(3, 30), "ABC", titles=["A", "B", "C"]))
    "Figure with 3 panels: image titled 'A'; image titled 'B'; image titled 'C'."
    """
    given = getattr(fig, _ALT, None)
    if given:
        return given
    axes = [ax for ax in fig.axes if ax.get_visible() and ax.axison or ax.images]
    axes = axes or fig.axes
    parts = [_describe_axes(ax) for ax in axes]
    suptitle = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
    head = f"Figure {' '.join(suptitle.split())!r}" if suptitle else "Figure"
    if len(parts) == 1:
        return f"{head}: {parts[0]}."
    runs = []  # "image x 9" rather than nine times "image"
    for part in parts:
        if runs and runs[-1][0] == part:
            runs[-1][1] += 1
        else:
            runs.append([part, 1])
    shown = [p if n == 1 else f"{p} x {n}" for p, n in runs]
    if len(shown) > 12:
        shown = shown[:12] + [f"and {len(parts) - sum(n for _, n in runs[:12])} more"]
    return f"{head} with {len(parts)} panels: " + "; ".join(shown) + "."


def _svg_title(svg: str, alt: str) -> str:
    """Insert ``<title>alt</title>`` (the accessible name of an SVG) after the root tag."""
    title = f"<title>{html.escape(_NOT_XML.sub('', alt), quote=False)}</title>"
    root = re.search(r"<svg\b[^>]*>", svg)
    if root is None:
        return svg
    tag = root.group(0)
    if "role=" not in tag:
        tag = tag[:-1] + ' role="img">'
    return svg[: root.start()] + tag + "\n " + title + svg[root.end() :]


def figure_to_svg(fig: Figure) -> str:
    """Render ``fig`` as SVG text with its alt text as ``<title>`` and no date.

    Examples
    --------
    >>> svg = figure_to_svg(with_alt(plot_curves({"loss": [3, 2, 1]}), "Loss falls."))
    >>> "<title>Loss falls.</title>" in svg, "<dc:date>" in svg
    (True, False)
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buf.getvalue().decode("utf-8")
    # Mathematical text names DejaVu Sans only: let the browser fall back to its sans-serif.
    svg = svg.replace("font-family: 'DejaVu Sans'\"", "font-family: 'DejaVu Sans', sans-serif\"")
    svg = svg.replace("font-family: 'DejaVu Sans';", "font-family: 'DejaVu Sans', sans-serif;")
    return _svg_title(svg, alt_text(fig))


def figure_to_png(fig: Figure, dpi: int = 120) -> bytes:
    """Render ``fig`` as a compressed palette PNG with its alt text as ``Description``.

    Examples
    --------
    >>> from PIL import Image
    >>> png = figure_to_png(with_alt(plot_curves({"loss": [3, 2, 1]}), "Loss falls."))
    >>> Image.open(io.BytesIO(png)).text["Description"]
    'Loss falls.'
    """
    from PIL import Image, PngImagePlugin

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    image = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    info = PngImagePlugin.PngInfo()
    info.add_text("Description", alt_text(fig))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True, pnginfo=info)
    return out.getvalue()


def _svg_unless_heavy(fig: Figure):
    if not fig.axes:
        return None
    svg = figure_to_svg(fig)
    heavy = len(svg.encode("utf-8")) > SVG_BUDGET
    fig._nnbook_as_png = heavy
    return None if heavy else svg


def _png_if_heavy(fig: Figure):
    if not getattr(fig, "_nnbook_as_png", False):
        return None
    import base64

    return base64.b64encode(figure_to_png(fig)).decode("ascii")


def graph_to_svg(graph) -> str:
    """Render a `graphviz.Digraph` as SVG whose ``<title>`` lists its nodes' labels.

    A graph's own alt text can be given as its ``comment``.
    """
    svg = graph.pipe(format="svg", encoding="utf-8")
    alt = (graph.comment or "").strip()
    if not alt:
        labels = []
        for line in graph.body:
            m = re.search(r'label=(?:"((?:[^"\\]|\\.)*)"|<(.*?)>\s*[\],]|([^\s\],"<]+))', line)
            if m and "->" not in line and " -- " not in line:
                label = m.group(1) if m.group(1) is not None else m.group(3)
                if label is None:
                    label = re.sub(r"<[^>]+>", " ", m.group(2))
                labels.append(" ".join(label.replace("\\n", " ").split()))
        edges = sum("->" in line or " -- " in line for line in graph.body)
        alt = f"Graph of {len(labels)} nodes and {edges} edges"
        if labels:
            alt += ": " + "; ".join(labels[:15]) + ("; ..." if len(labels) > 15 else "")
        alt += "."
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)  # graphviz version comments
    return _svg_title(svg, alt)


def plot_curves(
    curves: dict,
    xlabel: str = "epoch",
    ylabel: str = "",
    title: str = "",
    logy: bool = False,
    ax=None,
    x=None,
    alt: str | None = None,
):
    """Plot one line per entry of ``curves`` (label -> sequence of values).

    The horizontal axis counts 1, 2, 3, ... (epochs) unless ``x`` gives its values.
    ``alt`` is the figure's alt text (default: described by `alt_text`).

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
    return with_alt(fig, alt) if alt else fig


def plot_letters(x, names, shape=(5, 6), titles=None, outputs=None, alt: str | None = None):
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
    alt : str, optional
        Alt text of the figure (default: described by `alt_text`).

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
    return with_alt(fig, alt) if alt else fig


def plot_confidence(outputs, names, true=None, alt: str | None = None):
    """Bar chart of each example's outputs, one group per example.

    ``alt`` is the figure's alt text (default: described by `alt_text`).

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
        ax.bar(
            np.arange(n) + (j - (k - 1) / 2) * width,
            outputs[:, j],
            width,
            label=f"output for {names[j]}",
        )
    labels = [f"input {names[t]}" for t in (true if true is not None else range(n))]
    ax.set_xticks(np.arange(n), labels)
    ax.set_ylim(0, 1)
    ax.set_ylabel("network output")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    plt.close(fig)
    return with_alt(fig, alt) if alt else fig
