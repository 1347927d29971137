"""Two builds of the same commit give the same bytes: the cheap checks.

The full check builds the site twice from empty caches and compares every file
(``scripts/reproducible_build.py``, a few minutes: too slow for the test command). Here we
check what makes two builds differ, on the one build of the test session: nothing in a page
that depends on the machine, the folder, the clock or a random generator, and the figure
renderer giving the same bytes twice.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.site


def _text_files(site: Path):
    for path in sorted(site.rglob("*")):
        if (
            path.suffix in {".html", ".svg", ".json", ".xml", ".css", ".js", ".ipynb"}
            and "mathjax" not in path.parts
            and path.name != "lesson-times.json"
        ):
            yield path, path.read_text("utf-8", errors="replace")


def test_no_machine_paths_in_the_site(built_site):
    """No absolute path of this checkout, the build folder, a temp folder or the venv."""
    needles = {
        str(ROOT),
        str(built_site),
        tempfile.gettempdir() + os.sep,
        os.path.expanduser("~"),
        sys.prefix,
    }
    needles = {n for n in needles if len(n) > 4}
    found = [
        (p.relative_to(built_site), n)
        for p, text in _text_files(built_site)
        for n in needles
        if n in text
    ]
    assert not found, f"machine-specific paths on the site: {found[:10]}"


def test_no_dates_in_pages_or_figures(built_site):
    """Figures carry no creation date; the sitemap's dates come from SOURCE_DATE_EPOCH."""
    dated = [
        p.relative_to(built_site)
        for p, text in _text_files(built_site)
        if "<dc:date>" in text or "CreationDate" in text
    ]
    assert not dated, f"files with a creation date: {dated[:10]}"
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) <= {"1970-01-01"}


def test_cell_ids_are_numbered_not_random(built_site):
    """jupytext gives cells random ids; the build numbers them (pages and notebooks)."""
    for path, text in _text_files(built_site):
        if path.suffix == ".html":
            ids = re.findall(r'id="cell-id=([^"]+)"', text)
        elif path.suffix == ".ipynb":
            ids = re.findall(r'"id": "([^"]+)"', text)
        else:
            continue
        bad = [i for i in ids if not re.fullmatch(r"cell-\d+", i)]
        assert not bad, f"{path.relative_to(built_site)}: random cell ids {bad[:5]}"


def test_figure_files_are_named_by_their_content(built_site):
    """A figure file's name is the hash of its bytes, so the same figure keeps its name."""
    import hashlib

    figures = list(built_site.rglob("fig-*.*"))
    assert figures, "no figure files on the site"
    for path in figures:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        assert path.stem == f"fig-{digest}", f"{path.relative_to(built_site)}: name is not its hash"


def test_the_same_figure_renders_to_the_same_bytes():
    import matplotlib

    matplotlib.use("agg")
    import numpy as np

    from nnbook.plotting import figure_to_png, figure_to_svg, plot_curves, use_book_style

    use_book_style(inline_svg=False)

    def draw():
        rng = np.random.default_rng(0)
        return plot_curves({"a": rng.normal(size=50), "b": rng.normal(size=50)}, ylabel="y")

    assert figure_to_svg(draw()) == figure_to_svg(draw())
    assert figure_to_png(draw()) == figure_to_png(draw())


def test_a_change_in_nnbook_invalidates_the_executed_pages(tmp_path, monkeypatch):
    """The execution cache is keyed on a fingerprint of nnbook/ (mkdocs-jupyter's own key
    ignores it): editing any module must change the fingerprint, so every lesson re-runs."""
    import shutil

    from nnbook_site import cache as hooks

    shutil.copytree(
        ROOT / "nnbook", tmp_path / "nnbook", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "requirements.lock", tmp_path / "requirements.lock")
    monkeypatch.setattr(hooks, "ROOT", tmp_path)
    before = hooks.package_fingerprint()
    assert hooks.package_fingerprint() == before
    module = tmp_path / "nnbook" / "mlp.py"
    module.write_text(module.read_text("utf-8") + "\n# a comment\n", "utf-8")
    assert hooks.package_fingerprint() != before
