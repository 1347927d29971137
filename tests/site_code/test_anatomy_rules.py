"""Each rule of the lesson anatomy (``nnbook_site.checks.anatomy.RULES``), on a lesson that breaks
it: the rule reports one problem, with the line to fix and a message that says what is wrong."""

from __future__ import annotations

import re

import pytest

from nnbook_site.checks import anatomy
from nnbook_site.checks.anatomy import RULES, check_anatomy
from nnbook_site.lessons import parse_lesson

HEADER = """\
# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

"""

GOOD = (
    HEADER
    + """\
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
)


def _edit(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new)


def _line(text: str, fragment: str) -> int:
    return next(n for n, t in enumerate(text.splitlines(), 1) if fragment in t)


SUMMARY = "# ## Summary\n#\n# - One and one make two.\n#\n"

#: rule -> (broken lesson, words of the message, a fragment of the line it names)
CASES = {
    anatomy.jupytext_header: (
        GOOD.replace(HEADER, ""),
        "no Jupytext header naming the percent format",
        "# %% [markdown]",
    ),
    anatomy.markdown_cell: (HEADER + "# %%\nx = 1\n", "no markdown cell", "# ---"),
    anatomy.title: (
        _edit("# # A tiny lesson", "# A tiny lesson"),
        "the lesson has no title",
        "# A tiny lesson",
    ),
    anatomy.goals: (
        _edit("**In this lesson we will** add", "We add"),
        'no goals: the introduction does not say "In this lesson we will ..."',
        "# # A tiny lesson",
    ),
    anatomy.prerequisites: (
        _edit("[Lecture 01](../01-first-network/) and the [API](../../api/mlp/)", "Lecture 01"),
        "the prerequisites link to nothing",
        "**Prerequisites.**",
    ),
    anatomy.sections: (
        _edit("# ## Summary\n", ""),
        "no `## Summary` section",
        "Backpropagation",
    ),
    anatomy.section_order: (
        GOOD.replace(SUMMARY, "").replace("# ## References", SUMMARY + "# ## References"),
        "the sections are out of order",
        "# ## Exercises",
    ),
    anatomy.exercises: (
        _edit("# 1. Add three numbers.", "# Add three numbers."),
        "the exercises section has no exercises",
        "# ## Exercises",
    ),
    anatomy.hints_collapsed: (
        _edit(
            '#    <details class="tip"><summary>Hint</summary>Use <code>+</code> twice.</details>',
            "#    Hint: use `+` twice.",
        ),
        "a hint or solution is shown outright",
        "Hint: use",
    ),
    anatomy.references_cite: (
        _edit("Backpropagation [@rumelhart1986].", "Backpropagation, by Rumelhart."),
        "the references section cites no work by key",
        "# ## References",
    ),
    anatomy.no_admonitions: (
        _edit("# - One and one make two.", "# !!! note\n#     One and one make two."),
        "admonition syntax (`!!!`/`???`) in a lesson",
        "!!! note",
    ),
    anatomy.book_style: (
        _edit("use_book_style()\n", ""),
        "the first code cell does not call `use_book_style()`",
        "# %%\nfrom nnbook.plotting",
    ),
}


def test_every_rule_has_a_broken_lesson_here():
    assert set(CASES) == set(RULES)


def test_the_good_lesson_passes_every_rule(tmp_path):
    lesson = parse_lesson(GOOD, tmp_path / "02-tiny.py")
    assert {rule.__name__: rule(lesson) for rule in RULES} == {r.__name__: [] for r in RULES}


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_rule_reports_the_broken_lesson_at_its_line(rule, tmp_path):
    text, message, fragment = CASES[rule]
    path = tmp_path / "02-tiny.py"
    (problem,) = rule(parse_lesson(text, path))
    assert problem.path == path
    assert message in problem.message
    assert problem.fix and problem.fix != problem.message
    if "\n" in fragment:  # the line before the fragment's second line: a cell marker
        assert problem.line == _line(text, fragment.split("\n")[1]) - 1
    else:
        assert problem.line == _line(text, fragment)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_check_anatomy_reports_what_the_rule_reports(rule, tmp_path):
    text, message, _ = CASES[rule]
    path = tmp_path / "02-tiny.py"
    path.write_text(text, encoding="utf-8")
    assert any(message in p.message for p in check_anatomy(path))


def test_the_rules_that_read_markdown_stay_quiet_without_it(tmp_path):
    text = HEADER + "# %%\nx = 1\n"
    problems = check_anatomy_of(text, tmp_path)
    assert [p.message for p in problems] == ["no markdown cell (`# %% [markdown]`)"]


def test_no_prerequisites_at_all_names_the_title_line(tmp_path):
    text = _edit(
        "# **Prerequisites.** [Lecture 01](../01-first-network/) and the [API](../../api/mlp/).\n",
        "",
    )
    (problem,) = anatomy.prerequisites(parse_lesson(text, tmp_path / "x.py"))
    assert problem.message == "no prerequisites before the first code cell"
    assert problem.line == _line(text, "# # A tiny lesson")


def test_a_lesson_jupytext_cannot_read_is_one_problem_at_line_1(tmp_path):
    text = GOOD.replace("format_name: percent", "format_name: [percent")  # not YAML
    (problem,) = check_anatomy_of(text, tmp_path)
    assert problem.line == 1
    assert re.match(r"Jupytext cannot read it \(\w+", problem.message), problem.message
    assert "nnbook_site/templates/lesson.py" in problem.fix


def check_anatomy_of(text: str, tmp_path):
    path = tmp_path / "02-tiny.py"
    path.write_text(text, encoding="utf-8")
    return check_anatomy(path)
