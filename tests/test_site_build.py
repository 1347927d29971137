"""The website builds strictly, and what a reader sees on it came from executed code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "docs").glob("*/*.py"))

pytestmark = pytest.mark.site


def _page(site: Path, lesson: Path) -> Path:
    rel = lesson.relative_to(ROOT / "docs").with_suffix("")
    return site / rel / "index.html"


def test_strict_build_writes_every_page(built_site):
    assert (built_site / "index.html").exists()
    for lesson in LESSONS:
        assert _page(built_site, lesson).exists(), f"no page built for {lesson}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_page_shows_executed_outputs_and_no_traceback(built_site, lesson):
    html = _page(built_site, lesson).read_text(encoding="utf-8")
    n_code = len(re.findall(r"^# %%(?! \[markdown\])", lesson.read_text(encoding="utf-8"), re.M))
    n_out = html.count("jp-OutputArea-output")
    assert n_code > 0 and n_out > 0, f"{lesson.name}: no executed output on the page"
    assert "Traceback (most recent call last)" not in html
    assert "ansi-red-fg" not in html, f"{lesson.name}: an error was published"


def test_lecture01_shows_figures_maths_and_measured_numbers(built_site):
    html = (built_site / "lectures" / "01-first-network" / "index.html").read_text(encoding="utf-8")
    assert html.count('<img src="fig-') >= 5, "figures missing"  # written by the build hook
    assert "largest relative error, W1:" in html  # the gradient check ran
    assert 'mjx-container class="MathJax" jax="SVG" display="true"' in html  # maths typeset
    assert 'href="../01-first-network.ipynb"' in html


def test_every_lesson_downloads_as_a_runnable_notebook(built_site):
    for lesson in LESSONS:
        rel = lesson.relative_to(ROOT / "docs")
        nb = json.loads((built_site / rel.with_suffix(".ipynb")).read_text(encoding="utf-8"))
        assert nb["nbformat"] == 4
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert code, f"{rel}: the notebook has no code cells"


def test_maths_needs_no_mathjax_in_the_site(built_site):
    """Formulas are SVG made at build time (nnbook_site/maths.py): no page loads MathJax, so the
    site carries no copy of it (it was ~20 MB) and asks no CDN for it."""
    assert not (built_site / "assets" / "mathjax").exists()
    assert not list(built_site.rglob("tex-*.js")), "a MathJax component is in the site"
    loading = [
        page.relative_to(built_site).as_posix()
        for page in sorted(built_site.rglob("*.html"))
        if re.search(r"assets/mathjax|<script[^>]+mathjax", page.read_text(encoding="utf-8"), re.I)
    ]
    assert not loading, f"pages that load MathJax: {loading}"
    index = (built_site / "index.html").read_text(encoding="utf-8")
    assert "cdn" not in index.lower() and "fonts.googleapis" not in index


def test_api_reference_renders_docstrings(built_site):
    html = (built_site / "api" / "mlp" / "index.html").read_text(encoding="utf-8")
    for name in ("back_prop", "generate_wt", "train_batched"):
        assert f'id="nnbook.mlp.{name}"' in html
