"""The lesson anatomy (docs/contributing/lesson-anatomy.md), one small rule at a time.

Each rule takes a :class:`~nnbook_site.lessons.Lesson` and returns its problems;
:data:`RULES` lists them in the order their problems are reported, and :func:`check_anatomy`
runs them all. The rules that read the Markdown say nothing about a lesson without any (the
rule :func:`markdown_cell` reports that).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from nnbook_site.checks.problem import Problem
from nnbook_site.citations import CITATION_RE, NARRATIVE_RE
from nnbook_site.lessons import Lesson, LessonError, read_lesson

#: A Markdown heading: its hashes and its text.
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
#: The level-2 sections every lesson ends with, in this order.
SECTIONS = ("Summary", "Exercises", "References")
#: "Hint:", "**Solution.**", "1. Hint:" at the start of a line or of a sentence.
_SHOWN_HINT_RE = re.compile(
    r"(?:^\s*(?:(?:\d+[.)]|[-*])\s+)?|[.!?]\s+)[*_]*(?:hint|solution)s?(?:\s+sketch)?[*_]*\s*[:.]",
    re.I,
)
_SECTION_FIXES = {
    "Summary": "add a markdown cell `# ## Summary` near the end, with a short list of what "
    "the reader now knows",
    "Exercises": "add `# ## Exercises` after the summary: numbered exercises, from concrete "
    "to open, hints and solutions in "
    '`<details class="tip"><summary>Hint</summary>...</details>`',
    "References": "end with `# ## References`, naming the works the lesson relies on by "
    "citation key, `[@rumelhart1986]` (keys are in docs/references.bib)",
}


def needs_markdown(rule):
    """A rule that reads the Markdown: no problems when the lesson has none."""

    @functools.wraps(rule)
    def checked(lesson: Lesson) -> list[Problem]:
        return rule(lesson) if lesson.cells_of("markdown") else []

    return checked


# ---------------------------------------------------------------------------
# What the rules read
# ---------------------------------------------------------------------------


def _title(lesson: Lesson) -> tuple[int, str]:
    """``(line, text)`` of the first non-blank line of the first Markdown cell."""
    first = lesson.cells_of("markdown")[0]
    return next(((n, t) for n, t in first.lines if t.strip()), (first.line, ""))


def _intro(lesson: Lesson) -> list[tuple[int, str]]:
    """The Markdown lines before the first code cell."""
    code = lesson.cells_of("code")
    first_code = code[0].line if code else lesson.end + 1
    return [(n, t) for n, t in lesson.markdown_lines if n < first_code]


def _paragraph(lines: list[tuple[int, str]], index: int) -> str:
    """The paragraph of Markdown that starts at ``lines[index]``."""
    out = []
    for _, text in lines[index:]:
        if not text.strip():
            break
        out.append(text)
    return "\n".join(out)


def _sections(lesson: Lesson) -> dict[str, int]:
    """The line of each of :data:`SECTIONS` the lesson has (its first ``## Name`` heading)."""
    found: dict[str, int] = {}
    for n, t in lesson.markdown_lines:
        h = HEADING_RE.match(t)
        name = h.group(2).strip().rstrip(".:") if h else None
        if h and len(h.group(1)) == 2 and name in SECTIONS:
            found.setdefault(name, n)
    return found


def _section_body(lesson: Lesson, name: str) -> list[tuple[int, str]]:
    """The Markdown lines of a section, up to the next heading of level 1 or 2."""
    start = _sections(lesson).get(name)
    if start is None:
        return []
    body = []
    for n, t in lesson.markdown_lines:
        if n <= start:
            continue
        h = HEADING_RE.match(t)
        if h and len(h.group(1)) <= 2:
            break
        body.append((n, t))
    return body


# ---------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------


def jupytext_header(lesson: Lesson) -> list[Problem]:
    """The ``# ---`` header names Jupytext's percent format."""
    if lesson.format_name == "percent":
        return []
    return [
        Problem(
            lesson.path,
            1,
            "no Jupytext header naming the percent format",
            "copy the header (the lines between `# ---` and `# ---`) from "
            "nnbook_site/templates/lesson.py, or create lessons with scripts/new_lesson.py",
        )
    ]


def markdown_cell(lesson: Lesson) -> list[Problem]:
    """The lesson has Markdown (title, goals, prerequisites)."""
    if lesson.cells_of("markdown"):
        return []
    return [
        Problem(
            lesson.path,
            1,
            "no markdown cell (`# %% [markdown]`)",
            "start the lesson with a markdown cell holding `# # Title`, the goals and the "
            "prerequisites (see nnbook_site/templates/lesson.py)",
        )
    ]


@needs_markdown
def title(lesson: Lesson) -> list[Problem]:
    """The first Markdown cell starts with a level-1 heading."""
    line, text = _title(lesson)
    heading = HEADING_RE.match(text)
    if heading and len(heading.group(1)) == 1:
        return []
    return [
        Problem(
            lesson.path,
            line,
            "the lesson has no title",
            "make the first line of the first markdown cell a level-1 heading: `# # Title`",
        )
    ]


@needs_markdown
def goals(lesson: Lesson) -> list[Problem]:
    """The introduction says "In this lesson we will ..."."""
    if any(re.search(r"in this lesson we will", t, re.I) for _, t in _intro(lesson)):
        return []
    return [
        Problem(
            lesson.path,
            _title(lesson)[0],
            'no goals: the introduction does not say "In this lesson we will ..."',
            "after the title, write `**In this lesson we will** ...` and list what the reader "
            "will build and learn",
        )
    ]


@needs_markdown
def prerequisites(lesson: Lesson) -> list[Problem]:
    """A paragraph before the first code cell names the prerequisites, with links."""
    intro = _intro(lesson)
    start = next((i for i, (_, t) in enumerate(intro) if re.search(r"prerequisite", t, re.I)), None)
    if start is None:
        return [
            Problem(
                lesson.path,
                _title(lesson)[0],
                "no prerequisites before the first code cell",
                "add a paragraph `**Prerequisites.** ...` that links to the lessons and pages "
                "the reader should know, e.g. `[Lecture 01](../../lectures/01-first-network/)`",
            )
        ]
    if re.search(r"\]\(|<a\s+href=", _paragraph(intro, start)):
        return []
    return [
        Problem(
            lesson.path,
            intro[start][0],
            "the prerequisites link to nothing",
            "link each prerequisite to its page, e.g. "
            "`[Lecture 01](../../lectures/01-first-network/)`"
            " or the API page of the code it uses",
        )
    ]


@needs_markdown
def sections(lesson: Lesson) -> list[Problem]:
    """``## Summary``, ``## Exercises`` and ``## References`` are there."""
    found = _sections(lesson)
    return [
        Problem(lesson.path, lesson.end, f"no `## {name}` section", _SECTION_FIXES[name])
        for name in SECTIONS
        if name not in found
    ]


@needs_markdown
def section_order(lesson: Lesson) -> list[Problem]:
    """The sections come in the order of :data:`SECTIONS`."""
    found = _sections(lesson)
    lines = [found[name] for name in SECTIONS if name in found]
    if lines == sorted(lines):
        return []
    return [
        Problem(
            lesson.path,
            min(lines),
            "the sections are out of order",
            "put them in the order `## Summary`, `## Exercises`, `## References`",
        )
    ]


@needs_markdown
def exercises(lesson: Lesson) -> list[Problem]:
    """The exercises section lists exercises."""
    found = _sections(lesson)
    body = _section_body(lesson, "Exercises")
    if "Exercises" not in found or any(re.match(r"\s*(\d+[.)]|[-*])\s", t) for _, t in body):
        return []
    return [
        Problem(
            lesson.path,
            found["Exercises"],
            "the exercises section has no exercises",
            "list the exercises as a numbered list (`# 1. ...`)",
        )
    ]


@needs_markdown
def hints_collapsed(lesson: Lesson) -> list[Problem]:
    """Hints and solutions of the exercises are collapsed in ``<details>``."""
    problems, depth = [], 0
    for n, t in _section_body(lesson, "Exercises"):
        depth += len(re.findall(r"<details", t)) - len(re.findall(r"</details>", t))
        bare = re.sub(r"<summary>.*?</summary>", "", t)
        if depth <= 0 and _SHOWN_HINT_RE.search(bare):
            problems.append(
                Problem(
                    lesson.path,
                    n,
                    "a hint or solution is shown outright",
                    "make it collapsible: "
                    '`<details class="tip"><summary>Hint</summary>...</details>`',
                )
            )
    return problems


@needs_markdown
def references_cite(lesson: Lesson) -> list[Problem]:
    """The references section cites works by key."""
    found = _sections(lesson)
    body = _section_body(lesson, "References")
    if "References" not in found or any(
        CITATION_RE.search(t) or NARRATIVE_RE.search(t) for _, t in body
    ):
        return []
    return [
        Problem(
            lesson.path,
            found["References"],
            "the references section cites no work by key",
            "cite each work the lesson relies on as `[@key]`, with the key from "
            "docs/references.bib",
        )
    ]


@needs_markdown
def no_admonitions(lesson: Lesson) -> list[Problem]:
    """No ``!!!``/``???`` admonitions: nbconvert does not render them."""
    return [
        Problem(
            lesson.path,
            n,
            "admonition syntax (`!!!`/`???`) in a lesson: lessons are rendered by "
            "nbconvert, which prints it as text",
            'use raw HTML: `<details class="tip"><summary>Hint</summary>...</details>`, '
            "or a bold lead-in such as `**Note.**`",
        )
        for n, t in lesson.markdown_lines
        if re.match(r"\s*(!!!|\?\?\?\+?)\s", t)
    ]


@needs_markdown
def book_style(lesson: Lesson) -> list[Problem]:
    """The first code cell calls ``use_book_style()``."""
    code = lesson.cells_of("code")
    if not code or "use_book_style(" in code[0].source:
        return []
    return [
        Problem(
            lesson.path,
            code[0].line,
            "the first code cell does not call `use_book_style()`",
            "put the imports in the first code cell and end it with "
            "`from nnbook.plotting import use_book_style` / `use_book_style()`",
        )
    ]


#: The anatomy, in the order its problems are reported.
RULES = [
    jupytext_header,
    markdown_cell,
    title,
    goals,
    prerequisites,
    sections,
    section_order,
    exercises,
    hints_collapsed,
    references_cite,
    no_admonitions,
    book_style,
]


def check_anatomy(path: Path) -> list[Problem]:
    """Problems with the anatomy of one lesson (docs/contributing/lesson-anatomy.md)."""
    try:
        lesson = read_lesson(path)
    except LessonError as exc:
        return [
            Problem(
                Path(path),
                1,
                str(exc),
                "copy the header (the lines between `# ---` and `# ---`) from "
                "nnbook_site/templates/lesson.py, and start each cell with `# %%` or "
                "`# %% [markdown]`",
            )
        ]
    return [problem for rule in RULES for problem in rule(lesson)]
