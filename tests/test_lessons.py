"""The lesson checker (nnbook_site.checks), on the real lessons and on broken ones.

The broken cases use tiny synthetic lessons, bibliographies and HTML pages in temporary folders,
so they run in well under a second; only the check of the real site's links and execution times
uses the built site.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nnbook_site import checks as cl
from nnbook_site import new_lesson

ROOT = Path(__file__).resolve().parent.parent

LESSONS = cl.lesson_paths()

GOOD = """\
# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # A tiny lesson
#
# **In this lesson we will** add two numbers.
#
# **Prerequisites.** [Lecture 01](../01-first-network/) and the [API](../../api/mlp/).

# %%
from nnbook.plotting import use_book_style

use_book_style()

# %%
total = 1 + 1

# %% [markdown]
# ## Summary
#
# - One and one make two.
#
# ## Exercises
#
# 1. Add three numbers.
#    <details class="tip"><summary>Hint</summary>Use <code>+</code> twice.</details>
#
# ## References
#
# Backpropagation [@rumelhart1986].
"""

BIB = """\
% a comment
@article{rumelhart1986,
  author = {Rumelhart, David E. and Hinton, Geoffrey E. and Williams, Ronald J.},
  title  = {Learning representations by back-propagating errors},
  year   = {1986},
}
"""


@pytest.fixture
def docs(tmp_path) -> Path:
    """A tiny docs/ folder: one good lesson, an API page and a bibliography."""
    docs = tmp_path / "docs"
    (docs / "lectures").mkdir(parents=True)
    (docs / "api").mkdir()
    (docs / "lectures" / "02-tiny.py").write_text(GOOD, encoding="utf-8")
    (docs / "api" / "mlp.md").write_text("# nnbook.mlp\n", encoding="utf-8")
    (docs / "references.bib").write_text(BIB, encoding="utf-8")
    return docs


def _lesson(docs: Path, text: str) -> Path:
    path = docs / "lectures" / "02-tiny.py"
    path.write_text(text, encoding="utf-8")
    return path


def _line(text: str, fragment: str) -> int:
    return next(n for n, t in enumerate(text.splitlines(), 1) if fragment in t)


def _one(problems, *words) -> cl.Problem:
    """The single problem found, after checking that its text contains every word."""
    assert len(problems) == 1, "\n".join(map(str, problems))
    text = str(problems[0])
    for word in words:
        assert word in text, text
    return problems[0]


# --- the real lessons --------------------------------------------------------------------


def test_there_are_lessons():
    assert any(p.parent.name == "lectures" for p in LESSONS)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_real_lesson_has_the_anatomy(lesson):
    problems = cl.check_anatomy(lesson)
    assert not problems, "\n".join(map(str, problems))


def test_real_pages_cite_only_works_in_the_bibliography():
    pages = LESSONS + sorted(cl.DOCS.rglob("*.md"))
    problems = cl.check_citations(pages)
    assert not problems, "\n".join(map(str, problems))


def test_no_image_under_docs_without_a_script_that_makes_it():
    problems = cl.check_images()
    assert not problems, "\n".join(map(str, problems))


def test_the_lesson_template_has_the_anatomy():
    template = ROOT / "nnbook_site" / "templates" / "lesson.py"
    assert not cl.check_anatomy(template)
    assert not cl.check_citations([template])
    assert not cl.check_nnbook_imports(template)


@pytest.mark.site
def test_built_site_links_and_anchors_resolve(built_site):
    problems = cl.check_links(built_site)
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.site
def test_every_lesson_executed_within_the_time_budget(built_site):
    problems, times = cl.check_times(built_site / cl.TIMES_FILE, LESSONS)
    print(f"\nexecution time per lesson (budget {cl.TIME_BUDGET:g} s):")
    for name, seconds in times.items():
        print(f"  {name:<45} {cl.format_time(seconds)}")
    assert not problems, "\n".join(map(str, problems))


# --- anatomy, broken on purpose ----------------------------------------------------------


def test_the_tiny_lesson_passes(docs):
    lesson = docs / "lectures" / "02-tiny.py"
    assert cl.check_anatomy(lesson) == []
    assert cl.check_citations([lesson], docs / "references.bib") == []


def test_missing_summary(docs):
    lesson = _lesson(docs, GOOD.replace("# ## Summary\n", ""))
    p = _one(cl.check_anatomy(lesson), "no `## Summary` section", "# ## Summary")
    assert p.path == lesson and p.line


def test_missing_goals(docs):
    text = GOOD.replace("**In this lesson we will** add", "We add")
    lesson = _lesson(docs, text)
    p = _one(cl.check_anatomy(lesson), "In this lesson we will", "fix:")
    assert p.line == _line(text, "# # A tiny lesson")


def test_missing_title(docs):
    text = GOOD.replace("# # A tiny lesson", "# A tiny lesson")
    p = _one(cl.check_anatomy(_lesson(docs, text)), "no title", "`# # Title`")
    assert p.line == _line(text, "# A tiny lesson")


def test_prerequisites_without_links(docs):
    text = GOOD.replace(
        "[Lecture 01](../01-first-network/) and the [API](../../api/mlp/)", "Lecture 01"
    )
    p = _one(cl.check_anatomy(_lesson(docs, text)), "prerequisites link to nothing")
    assert p.line == _line(text, "**Prerequisites.**")


def test_sections_out_of_order(docs):
    summary = "# ## Summary\n#\n# - One and one make two.\n#\n"
    text = GOOD.replace(summary, "").replace("# ## References", summary + "# ## References")
    problems = cl.check_anatomy(_lesson(docs, text))
    p = _one(problems, "out of order", "`## Summary`, `## Exercises`, `## References`")
    assert p.line == _line(text, "# ## Exercises")


def test_hint_shown_outright(docs):
    text = GOOD.replace(
        '#    <details class="tip"><summary>Hint</summary>Use <code>+</code> twice.</details>',
        "#    Hint: use `+` twice.",
    )
    p = _one(cl.check_anatomy(_lesson(docs, text)), "shown outright", "<details")
    assert p.line == _line(text, "Hint: use")


def test_admonition_in_a_lesson(docs):
    text = GOOD.replace("# - One and one make two.", "# !!! note\n#     One and one make two.")
    p = _one(cl.check_anatomy(_lesson(docs, text)), "admonition", "<details")
    assert p.line == _line(text, "!!! note")


def test_first_code_cell_without_book_style(docs):
    text = GOOD.replace("use_book_style()\n", "")
    p = _one(cl.check_anatomy(_lesson(docs, text)), "use_book_style()")
    assert p.line == _line(text, "from nnbook.plotting") - 1


# --- citations ---------------------------------------------------------------------------


def test_missing_citation_key(docs):
    text = GOOD.replace("[@rumelhart1986]", "[@rumelhart1968]")
    lesson = _lesson(docs, text)
    p = _one(
        cl.check_citations([lesson], docs / "references.bib"),
        "[@rumelhart1968]",
        "did you mean [@rumelhart1986]",
        "references.bib",
    )
    assert (p.path, p.line) == (lesson, _line(text, "[@rumelhart1968]"))


def test_unknown_narrative_citation(docs):
    text = GOOD.replace(
        "Backpropagation [@rumelhart1986].", "As @rumelhart1986 and @hinton2099 showed."
    )
    p = _one(cl.check_citations([_lesson(docs, text)], docs / "references.bib"), "[@hinton2099]")
    assert p.line == _line(text, "@hinton2099")


def test_citation_in_a_form_the_build_does_not_render(docs):
    text = GOOD.replace("[@rumelhart1986]", "[see @rumelhart1986, p. 5]")
    _one(cl.check_citations([_lesson(docs, text)], docs / "references.bib"), "[@key]")


def test_citations_in_code_are_not_citations(docs):
    page = docs / "cite.md"
    page.write_text("Write `[@nokey]` to cite.\n\n```text\n[@nokey]\n```\n", encoding="utf-8")
    assert cl.check_citations([page], docs / "references.bib") == []


def test_missing_bibliography_is_named(docs):
    (docs / "references.bib").unlink()
    lesson = docs / "lectures" / "02-tiny.py"
    _one(cl.check_citations([lesson], docs / "references.bib"), "references.bib does not exist")


# --- a cell that raises ------------------------------------------------------------------


def test_cell_that_raises(tmp_path):
    text = "# %%\nx = 1\n\n# %% [markdown]\n# Divide.\n\n# %%\ny = 2\nz = y / (x - 1)\n"
    lesson = tmp_path / "raises.py"
    lesson.write_text(text, encoding="utf-8")
    problems, seconds = cl.run_lesson(lesson, timeout=30)
    cell = _line(text, "y = 2") - 1
    p = _one(problems, "ZeroDivisionError", f"the cell at line {cell} raises")
    assert p.line == _line(text, "z = y / (x - 1)")
    assert seconds < 30


def test_lesson_that_runs_is_timed(tmp_path):
    lesson = tmp_path / "fine.py"
    lesson.write_text("# %%\nx = sum(range(10))\n", encoding="utf-8")
    problems, seconds = cl.run_lesson(lesson, timeout=30)
    assert problems == [] and 0 < seconds < 30


# --- links and anchors in a built site ---------------------------------------------------


def _site(tmp_path, lesson_html: str) -> Path:
    site = tmp_path / "site"
    for page, html in {
        "lectures/02-tiny/index.html": lesson_html,
        "api/mlp/index.html": '<h2 id="nnbook.mlp.forward">forward</h2>',
        "index.html": '<a href="lectures/02-tiny/">lesson</a>',
    }.items():
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text(html, encoding="utf-8")
    return site


def test_links_that_resolve_pass(tmp_path, docs):
    html = '<a href="../../api/mlp/#nnbook.mlp.forward">f</a> <a href="https://example.org/x">x</a>'
    assert cl.check_links(_site(tmp_path, html), docs) == []


def test_dead_anchor(tmp_path, docs):
    text = GOOD.replace("[API](../../api/mlp/)", "[API](../../api/mlp/#nnbook.mlp.forwrd)")
    lesson = _lesson(docs, text)
    site = _site(tmp_path, '<a href="../../api/mlp/#nnbook.mlp.forwrd">forward</a>')
    p = _one(cl.check_links(site, docs), "no anchor `#nnbook.mlp.forwrd`", "#nnbook.mlp.forward")
    assert (p.path, p.line) == (lesson, _line(text, "#nnbook.mlp.forwrd"))


def test_dead_link_in_a_lesson_gets_the_url_that_works(tmp_path, docs):
    text = GOOD.replace("[API](../../api/mlp/)", "[API](../api/mlp.md)")
    lesson = _lesson(docs, text)
    site = _site(tmp_path, '<a href="../api/mlp.md">mlp</a>')
    p = _one(cl.check_links(site, docs), "not in the built site", "write `../../api/mlp/`")
    assert (p.path, p.line) == (lesson, _line(text, "../api/mlp.md"))


def test_anchor_into_a_notebook_page(tmp_path, docs):
    index = docs / "index.md"
    index.write_text("See [the summary](lectures/02-tiny.py#summry).\n", encoding="utf-8")
    site = _site(tmp_path, '<h2 id="summary">Summary</h2>')
    (site / "index.html").write_text('<a href="lectures/02-tiny/#summry">s</a>', encoding="utf-8")
    p = _one(cl.check_links(site, docs), "no anchor `#summry`", "did you mean `#summary`")
    assert (p.path, p.line) == (index, 1)
    (site / "index.html").write_text('<a href="lectures/02-tiny/#summary">s</a>', encoding="utf-8")
    assert cl.check_links(site, docs) == []


def test_contents_entry_that_leads_nowhere(tmp_path, docs):
    text = GOOD.replace("# ## Summary", "# ## Summary of `total`")
    _lesson(docs, text)
    html = '<a class="md-nav__link" href="#summary-of">S</a><h2 id="summary-of-total">S</h2>'
    p = _one(cl.check_links(_site(tmp_path, html), docs), "table of contents", "backticks")
    assert p.line == _line(text, "# ## Summary of")


# --- images and execution times ----------------------------------------------------------


def test_stray_image(tmp_path, docs):
    image = docs / "lectures" / "plot.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    p = _one(cl.check_images(docs, scripts), "no script makes", "plot.png")
    assert p.path == image
    (scripts / "make_plot.py").write_text('fig.savefig("docs/lectures/plot.png")\n')
    assert cl.check_images(docs, scripts) == []


def test_execution_times_against_the_budget(tmp_path, docs):
    slow = docs / "lectures" / "03-slow.py"
    slow.write_text(GOOD, encoding="utf-8")
    never = docs / "lectures" / "04-never.py"
    never.write_text(GOOD, encoding="utf-8")
    times = tmp_path / "lesson-times.json"
    times.write_text('{"lectures/02-tiny.py": 3.5, "lectures/03-slow.py": 75.2}')
    lessons = cl.lesson_paths(docs)
    problems, table = cl.check_times(times, lessons, docs, budget=60)
    assert table == {
        "lectures/02-tiny.py": 3.5,
        "lectures/03-slow.py": 75.2,
        "lectures/04-never.py": None,
    }
    assert len(problems) == 2
    assert problems[0].path == slow and "75.2 s" in problems[0].message
    assert problems[1].path == never and "did not execute" in problems[1].message


def test_missing_times_file_is_named(tmp_path, docs):
    problems, table = cl.check_times(tmp_path / "nothing.json", cl.lesson_paths(docs), docs)
    _one(problems, "no execution times")


# --- the nnbook code a lesson imports ----------------------------------------------------


def test_lesson_importing_a_name_nnbook_does_not_have(docs):
    text = GOOD.replace(
        "use_book_style()\n",
        "use_book_style()\nfrom nnbook import mlp\n"
        "from nnbook.gradcheck import numerical_gradiant\n"
        "s = mlp.sigmoid_derivative(0.0)\n",
    )
    problems = cl.check_nnbook_imports(_lesson(docs, text))
    assert len(problems) == 2, "\n".join(map(str, problems))
    assert "did you mean `numerical_gradient`" in str(problems[0])
    assert problems[0].line == _line(text, "numerical_gradiant")
    assert "nnbook.mlp` has no `sigmoid_derivative`" in str(problems[1])


# --- the command line --------------------------------------------------------------------


def test_command_line_names_file_line_and_fix(docs, capsys):
    text = GOOD.replace("[@rumelhart1986]", "[@nobody2000]")
    lesson = _lesson(docs, text)
    assert cl.main(["--docs", str(docs), str(lesson)]) == 1
    out = capsys.readouterr().out
    assert f"{lesson}:{_line(text, '[@nobody2000]')}: cites [@nobody2000]" in out
    assert "fix: " in out and "1 problem(s)." in out


def test_command_line_passes_a_good_lesson(docs, capsys):
    assert cl.main(["--docs", str(docs)]) == 0
    assert "No problems." in capsys.readouterr().out


# --- new lessons (nnbook_site.new_lesson) --------------------------------------------------


def _repo(tmp_path) -> Path:
    """A small copy of the repository: mkdocs.yml, the bibliography, one lecture."""
    root = tmp_path / "repo"
    (root / "docs" / "lectures").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(ROOT / "docs" / "references.bib", root / "docs" / "references.bib")
    shutil.copy(ROOT / "docs" / "lectures" / "01-first-network.py", root / "docs" / "lectures")
    return root


@pytest.mark.slow
def test_new_lesson_is_created_numbered_in_the_nav_and_passes_its_tests(tmp_path):
    import yaml

    root = _repo(tmp_path)
    before = (root / "mkdocs.yml").read_text(encoding="utf-8")
    paths = new_lesson.create("Momentum: a heavier ball", "lectures", root=root)
    lesson = root / "docs" / "lectures" / "02-momentum-a-heavier-ball.py"
    assert paths["lesson"] == lesson
    assert cl.check_anatomy(lesson) == []
    assert cl.check_citations([lesson], root / "docs" / "references.bib") == []
    after = (root / "mkdocs.yml").read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == [
        '      - "02 · Momentum: a heavier ball": lectures/02-momentum-a-heavier-ball.py'
    ]
    nav = yaml.safe_load(after)["nav"]
    lectures = next(item["Lectures"] for item in nav if "Lectures" in item)
    assert lectures[-1] == {
        "02 · Momentum: a heavier ball": "lectures/02-momentum-a-heavier-ball.py"
    }
    # the generated test file passes as created
    test = root / "tests" / "lessons" / "test_02_momentum_a_heavier_ball.py"
    assert paths["test"] == test
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 passed" in proc.stdout


def test_new_lesson_in_a_new_section_and_refusals(tmp_path):
    import yaml

    root = _repo(tmp_path)

    def lesson_sections(nav):
        return [i for i, item in enumerate(nav) if ".py" in str(item)]

    before = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    new_lesson.create("Convolutions", "cnn", root=root, section_title="Convolutional networks")
    nav = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    titles = [next(iter(item)) for item in nav]
    assert titles.index("Convolutional networks") == lesson_sections(before)[-1] + 1
    assert nav[titles.index("Convolutional networks")]["Convolutional networks"] == [
        {"01 · Convolutions": "cnn/01-convolutions.py"}
    ]
    with pytest.raises(SystemExit, match="already exists"):
        new_lesson.create("Convolutions", "cnn", root=root, number=1)
    with pytest.raises(SystemExit, match="holds no lessons"):
        new_lesson.create("Oops", "api", root=root)


def test_named_lessons_get_no_number(tmp_path):
    folder = tmp_path / "architectures"
    folder.mkdir()
    (folder / "hopfield.py").write_text("")
    assert new_lesson.next_number(folder) is None
    assert new_lesson.next_number(tmp_path / "new-section") == 1
    assert new_lesson.slugify("Boltzmann machines & RBMs: a first look") == (
        "boltzmann-machines-rbms-a-first-look"
    )
