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


def test_maths_is_served_by_the_site_itself(built_site):
    assert (built_site / "assets" / "mathjax" / "tex-chtml.js").stat().st_size > 100_000
    fonts = list((built_site / "assets" / "mathjax" / "output" / "chtml" / "fonts").rglob("*.woff"))
    assert fonts, "MathJax fonts were not copied"
    index = (built_site / "index.html").read_text(encoding="utf-8")
    assert "cdn" not in index.lower() and "fonts.googleapis" not in index


def test_api_reference_renders_docstrings(built_site):
    html = (built_site / "api" / "mlp" / "index.html").read_text(encoding="utf-8")
    for name in ("back_prop", "generate_wt", "train_batched"):
        assert f'id="nnbook.mlp.{name}"' in html
