"""The book's figures: one style, alt text on every figure, light files."""

from __future__ import annotations

import io
import re
import shutil

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from nnbook import plotting  # noqa: E402
from nnbook.plotting import (  # noqa: E402
    alt_text,
    figure_to_png,
    figure_to_svg,
    plot_confidence,
    plot_curves,
    plot_letters,
    use_book_style,
    with_alt,
)


@pytest.fixture(autouse=True)
def book_style():
    with plt.rc_context():
        use_book_style(inline_svg=False)
        yield


def _svg_title(svg: str) -> str:
    m = re.search(r"<svg\b[^>]*>\s*<title>(.*?)</title>", svg, re.S)
    assert m, "the SVG does not start with a <title>"
    return m.group(1)


def test_default_alt_text_names_what_the_figure_shows():
    fig = plot_curves({"train": [3, 2, 1], "test": [3, 2, 2]}, ylabel="loss", title="Training")
    text = alt_text(fig)
    for word in ("line chart", "Training", "loss", "epoch", "train", "test"):
        assert word in text
    bars = alt_text(plot_confidence(np.eye(3) * 0.8 + 0.1, "ABC"))
    assert "bar chart" in bars and "network output" in bars


def test_multi_panel_alt_text_counts_panels_and_groups_repeats():
    x = np.eye(6, 30)
    text = alt_text(plot_letters(x, "ABCDEF"))
    assert text.startswith("Figure with 6 panels") and "image x 6" in text


def test_given_alt_text_wins_and_reaches_svg_and_png():
    fig = plot_curves({"loss": [3, 2, 1]}, alt="The loss falls from 3 to 1 in three epochs.")
    assert alt_text(fig) == "The loss falls from 3 to 1 in three epochs."
    assert _svg_title(figure_to_svg(fig)) == "The loss falls from 3 to 1 in three epochs."
    from PIL import Image

    png = Image.open(io.BytesIO(figure_to_png(fig)))
    assert png.text["Description"] == "The loss falls from 3 to 1 in three epochs."
    assert png.mode == "P", "PNG figures are palette images (small files)"


@settings(max_examples=20, deadline=None)
@given(st.text(min_size=1, max_size=80).filter(lambda s: s.strip()))
def test_alt_text_with_any_characters_stays_valid_svg(text):
    import xml.etree.ElementTree as ET

    fig = plot_curves({"y": [1, 2]})
    try:
        with_alt(fig, text)
    except ValueError:  # nothing printable left: refused, as it should be
        assume(False)
    root = ET.fromstring(figure_to_svg(fig).encode("utf-8"))
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert title is not None and title.text == alt_text(fig)
    plt.close(fig)


@pytest.mark.parametrize("bad", ["", "   ", None, 3])
def test_empty_alt_text_is_refused(bad):
    with pytest.raises(ValueError, match="alt text"):
        with_alt(plot_curves({"y": [1, 2]}), bad)


def test_svg_has_no_date_and_keeps_text_as_text():
    svg = figure_to_svg(plot_curves({"loss": [3, 2, 1]}, ylabel="loss"))
    assert "<dc:date>" not in svg
    assert re.search(r"<text\b[^>]*>loss</text>", svg), "labels should be SVG text"
    assert "sans-serif" in svg


def test_heavy_figures_go_to_the_page_as_png():
    rng = np.random.default_rng(0)
    fig, ax = plt.subplots()
    ax.scatter(rng.normal(size=20_000), rng.normal(size=20_000), s=1)
    plt.close(fig)
    assert plotting._svg_unless_heavy(fig) is None
    png = plotting._png_if_heavy(fig)
    assert png and len(png) < plotting.SVG_BUDGET
    light = plot_curves({"y": [1, 2, 3]})
    assert plotting._svg_unless_heavy(light).lstrip().startswith("<?xml")
    assert plotting._png_if_heavy(light) is None


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_graphs_get_alt_text_from_their_labels():
    import graphviz

    g = graphviz.Digraph()
    g.node("a", label="x")
    g.node("b", label="sin")
    g.edge("a", "b")
    title = _svg_title(plotting.graph_to_svg(g))
    assert title == "Graph of 2 nodes and 1 edges: x; sin."
    g.comment = "x flows into sin."
    assert _svg_title(plotting.graph_to_svg(g)) == "x flows into sin."
