#!/usr/bin/env python3
"""Check that every lesson of the book holds the lesson anatomy and builds into working pages.

A lesson is a Jupytext "percent" file ``docs/<section>/<slug>.py``. The checks, each one a
function you can import (``tests/test_lessons.py`` runs them all as part of the test command):

* :func:`check_anatomy`: title, "In this lesson we will" goals, prerequisites with links,
  ``## Summary``, ``## Exercises`` (hints and solutions collapsible), ``## References``, the
  Jupytext header, ``use_book_style()`` in the first code cell, no admonitions (nbconvert
  does not render them);
* :func:`check_citations`: every ``[@key]`` in a lesson or a Markdown page is an entry of
  ``docs/references.bib``;
* :func:`check_images`: no image file under ``docs/`` unless a script under ``scripts/`` makes it
  (figures are drawn by ``nnbook`` when the page executes);
* :func:`check_links`: every internal link and anchor of the built site resolves, notebook pages
  included (MkDocs itself does not look inside them);
* :func:`check_times`: every lesson executed within :data:`TIME_BUDGET` seconds in the build
  (``.nnbook/lesson-times.json``, written by ``scripts/mkdocs_hooks.py``);
* :func:`run_lesson`: run one lesson as a plain Python script and time it (quick, no build).

Every problem names the file, the line and the fix. From the command line::

    .venv/bin/python scripts/check_lessons.py                     # all lessons, no build (seconds)
    .venv/bin/python scripts/check_lessons.py docs/lectures/02-x.py --run  # one lesson; run it
    .venv/bin/python scripts/check_lessons.py --site /tmp/site    # + links, times of a built site
    .venv/bin/python scripts/check_lessons.py --build             # build the site first (slow)

It exits with status 1 when it finds a problem. It needs only the standard library.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import posixpath
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
BIB = DOCS / "references.bib"
#: Seconds a lesson may take to execute in the build. The lessons train small networks on small
#: data so that a reader can run them on a laptop CPU; a lesson that needs more is too slow to read.
TIME_BUDGET = 60.0
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".tif", ".tiff"}
TIMES_FILE = Path(".nnbook") / "lesson-times.json"

_KEY = r"[A-Za-z0-9_:-]+"
#: ``[@key]`` or ``[@key1; @key2]``, not followed by ``(`` or ``[`` (that would be a Markdown link).
CITATION_RE = re.compile(rf"\[(@{_KEY}(?:\s*;\s*@{_KEY})*)\](?![(\[])")
#: Anything in square brackets with an ``@key`` in it: a citation the build may not understand.
_CITATION_LIKE_RE = re.compile(r"\[([^\]\n]*?(?:^|[\s\[;])@[A-Za-z][^\]\n]*)\](?![(\[])")
#: A narrative citation, "as @hopfield1982 showed" (the form ``scripts/bib_hooks.py`` renders).
NARRATIVE_RE = re.compile(r"(?<![\w@/\[])@([a-z]+[0-9]{4}[a-z]*)(?![\w-])")
_BIB_ENTRY_RE = re.compile(r"^\s*@(\w+)\s*[{(]\s*([^,\s]+)\s*,", re.M)
_INLINE_CODE_RE = re.compile(r"(`+).+?\1")
_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_CELL_RE = re.compile(r"^# %%(.*)$")
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SECTIONS = ("Summary", "Exercises", "References")
#: "Hint:", "**Solution.**", "1. Hint:" at the start of a line or of a sentence.
_SHOWN_HINT_RE = re.compile(
    r"(?:^\s*(?:(?:\d+[.)]|[-*])\s+)?|[.!?]\s+)[*_]*(?:hint|solution)s?(?:\s+sketch)?[*_]*\s*[:.]",
    re.I,
)


# ---------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing to fix: where (file and line), what is wrong, and how to fix it."""

    path: Path
    line: int | None
    message: str
    fix: str

    def location(self) -> str:
        try:
            shown = self.path.resolve().relative_to(ROOT)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}" if self.line else f"{shown}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}\n    fix: {self.fix}"


# ---------------------------------------------------------------------------
# Reading a lesson
# ---------------------------------------------------------------------------


@dataclass
class Cell:
    """A cell of a percent file: ``kind`` is "markdown" or "code"; ``line`` is its ``# %%`` line.

    ``lines`` holds ``(line number, text)``; in a markdown cell the text is without its ``# ``.
    """

    kind: str
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(t for _, t in self.lines)


def parse_cells(text: str) -> list[Cell]:
    """Split a Jupytext percent file into cells (the ``# ---`` header is skipped)."""
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "# ---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "# ---"), 0)
        start = end + 1
    cells: list[Cell] = []
    for number, line in enumerate(lines[start:], start + 1):
        marker = _CELL_RE.match(line)
        if marker:
            kind = "markdown" if re.search(r"\[(markdown|md)\]", marker.group(1)) else "code"
            cells.append(Cell(kind, number))
        elif cells:
            if cells[-1].kind == "markdown":
                line = line[2:] if line.startswith("# ") else ("" if line.strip() == "#" else line)
            cells[-1].lines.append((number, line))
    return cells


def markdown_lines(cells: list[Cell]) -> list[tuple[int, str]]:
    return [pair for cell in cells if cell.kind == "markdown" for pair in cell.lines]


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------
# 1. Anatomy
# ---------------------------------------------------------------------------


def _paragraph(lines: list[tuple[int, str]], index: int) -> str:
    """The paragraph of markdown that starts at ``lines[index]``."""
    out = []
    for _, text in lines[index:]:
        if not text.strip():
            break
        out.append(text)
    return "\n".join(out)


def check_anatomy(path: Path) -> list[Problem]:
    """Problems with the anatomy of one lesson (docs/contributing/lesson-anatomy.md)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    cells = parse_cells(text)
    problems: list[Problem] = []

    def problem(line, message, fix):
        problems.append(Problem(path, line, message, fix))

    if "format_name: percent" not in "\n".join(text.splitlines()[:15]):
        problem(
            1,
            "no Jupytext header naming the percent format",
            "copy the header (the lines between `# ---` and `# ---`) from "
            "scripts/templates/lesson.py, or create lessons with scripts/new_lesson.py",
        )
    md_cells = [c for c in cells if c.kind == "markdown"]
    code_cells = [c for c in cells if c.kind == "code"]
    if not md_cells:
        problem(
            1,
            "no markdown cell (`# %% [markdown]`)",
            "start the lesson with a markdown cell holding `# # Title`, the goals and the "
            "prerequisites (see scripts/templates/lesson.py)",
        )
        return problems
    end = len(text.splitlines())

    # Title: the first markdown cell's first line is a level-1 heading.
    first = md_cells[0]
    first_text = next(((n, t) for n, t in first.lines if t.strip()), (first.line, ""))
    heading = _HEADING_RE.match(first_text[1])
    if not heading or len(heading.group(1)) != 1:
        problem(
            first_text[0],
            "the lesson has no title",
            "make the first line of the first markdown cell a level-1 heading: `# # Title`",
        )

    # Goals and prerequisites: in the markdown before the first code cell.
    first_code = code_cells[0].line if code_cells else end + 1
    intro = [(n, t) for n, t in markdown_lines(cells) if n < first_code]
    title_line = first_text[0]
    if not any(re.search(r"in this lesson we will", t, re.I) for _, t in intro):
        problem(
            title_line,
            'no goals: the introduction does not say "In this lesson we will ..."',
            "after the title, write `**In this lesson we will** ...` and list what the reader "
            "will build and learn",
        )
    prereq = next(
        (i for i, (_, t) in enumerate(intro) if re.search(r"prerequisite", t, re.I)), None
    )
    if prereq is None:
        problem(
            title_line,
            "no prerequisites before the first code cell",
            "add a paragraph `**Prerequisites.** ...` that links to the lessons and pages "
            "the reader should know, e.g. `[Lecture 01](../../lectures/01-first-network/)`",
        )
    elif not re.search(r"\]\(|<a\s+href=", _paragraph(intro, prereq)):
        problem(
            intro[prereq][0],
            "the prerequisites link to nothing",
            "link each prerequisite to its page, e.g. "
            "`[Lecture 01](../../lectures/01-first-network/)`"
            " or the API page of the code it uses",
        )

    # Summary, Exercises, References: level-2 headings, in this order.
    md = markdown_lines(cells)
    found: dict[str, int] = {}
    for n, t in md:
        h = _HEADING_RE.match(t)
        if h and len(h.group(1)) == 2 and h.group(2).strip().rstrip(".:") in _SECTIONS:
            found.setdefault(h.group(2).strip().rstrip(".:"), n)
    hints = {
        "Summary": "add a markdown cell `# ## Summary` near the end, with a short list of what "
        "the reader now knows",
        "Exercises": "add `# ## Exercises` after the summary: numbered exercises, from concrete "
        "to open, hints and solutions in "
        '`<details class="tip"><summary>Hint</summary>...</details>`',
        "References": "end with `# ## References`, naming the works the lesson relies on by "
        "citation key, `[@rumelhart1986]` (keys are in docs/references.bib)",
    }
    for name in _SECTIONS:
        if name not in found:
            problem(end, f"no `## {name}` section", hints[name])
    lines_in_order = [found[n] for n in _SECTIONS if n in found]
    if lines_in_order != sorted(lines_in_order):
        problem(
            min(lines_in_order),
            "the sections are out of order",
            "put them in the order `## Summary`, `## Exercises`, `## References`",
        )

    def section(name):
        if name not in found:
            return []
        start = found[name]
        body = []
        for n, t in md:
            if n <= start:
                continue
            h = _HEADING_RE.match(t)
            if h and len(h.group(1)) <= 2:
                break
            body.append((n, t))
        return body

    exercises = section("Exercises")
    if "Exercises" in found and not any(re.match(r"\s*(\d+[.)]|[-*])\s", t) for _, t in exercises):
        problem(
            found["Exercises"],
            "the exercises section has no exercises",
            "list the exercises as a numbered list (`# 1. ...`)",
        )
    depth = 0
    for n, t in exercises:
        depth += len(re.findall(r"<details", t)) - len(re.findall(r"</details>", t))
        bare = re.sub(r"<summary>.*?</summary>", "", t)
        if depth <= 0 and _SHOWN_HINT_RE.search(bare):
            problem(
                n,
                "a hint or solution is shown outright",
                'make it collapsible: `<details class="tip"><summary>Hint</summary>...</details>`',
            )
    references = section("References")
    if "References" in found and not any(
        CITATION_RE.search(t) or NARRATIVE_RE.search(t) for _, t in references
    ):
        problem(
            found["References"],
            "the references section cites no work by key",
            "cite each work the lesson relies on as `[@key]`, with the key from "
            "docs/references.bib",
        )

    for n, t in md:
        if re.match(r"\s*(!!!|\?\?\?\+?)\s", t):
            problem(
                n,
                "admonition syntax (`!!!`/`???`) in a lesson: lessons are rendered by "
                "nbconvert, which prints it as text",
                'use raw HTML: `<details class="tip"><summary>Hint</summary>...</details>`, '
                "or a bold lead-in such as `**Note.**`",
            )
    if code_cells and "use_book_style(" not in code_cells[0].text():
        problem(
            code_cells[0].line,
            "the first code cell does not call `use_book_style()`",
            "put the imports in the first code cell and end it with "
            "`from nnbook.plotting import use_book_style` / `use_book_style()`",
        )
    return problems


# ---------------------------------------------------------------------------
# 2. Citations
# ---------------------------------------------------------------------------


def bib_keys(bib: Path) -> set[str]:
    """The entry keys of a BibTeX file (``@comment``, ``@string``, ``@preamble`` excluded)."""
    text = Path(bib).read_text(encoding="utf-8")
    return {
        key
        for kind, key in _BIB_ENTRY_RE.findall(text)
        if kind.lower() not in {"comment", "string", "preamble"}
    }


def prose_lines(path: Path) -> list[tuple[int, str]]:
    """Prose lines of a lesson (markdown cells) or a Markdown page (no fences, no inline code)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        pairs = markdown_lines(parse_cells(text))
    else:
        pairs, fence = [], None
        for n, t in enumerate(text.splitlines(), 1):
            m = _FENCE_RE.match(t)
            if m and (fence is None or m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence)):
                fence = m.group(1) if fence is None else None
                continue
            if fence is None:
                pairs.append((n, t))
    in_code_fence = None
    out = []
    for n, t in pairs:  # fences inside markdown cells
        m = _FENCE_RE.match(t)
        if m:
            in_code_fence = None if in_code_fence else m.group(1)
            continue
        if not in_code_fence:
            out.append((n, _INLINE_CODE_RE.sub("", t)))
    return out


def citation_keys(path: Path) -> list[tuple[int, str]]:
    """``(line, key)`` for every ``[@key]`` and narrative ``@key`` in a lesson's or page's prose."""
    found = []
    for n, t in prose_lines(path):
        for m in CITATION_RE.finditer(t):
            found.extend((n, k.strip().lstrip("@")) for k in m.group(1).split(";"))
        found.extend((n, m.group(1)) for m in NARRATIVE_RE.finditer(CITATION_RE.sub(" ", t)))
    return found


def check_citations(paths, bib: Path = BIB) -> list[Problem]:
    """Every ``[@key]`` cited in ``paths`` is an entry of ``bib``."""
    bib = Path(bib)
    if not bib.exists():
        return [
            Problem(
                bib,
                None,
                f"the bibliography {_display(bib)} does not exist, so no "
                "citation key can be checked",
                f"restore it (`git checkout -- {_display(bib)}`) or create it: one "
                "BibTeX entry per cited work (see docs/contributing/cite-a-source.md)",
            )
        ]
    keys = bib_keys(bib)
    problems = []
    for path in paths:
        path = Path(path)
        for n, key in citation_keys(path):
            if key not in keys:
                close = difflib.get_close_matches(key, sorted(keys), n=2, cutoff=0.6)
                hint = (
                    f"did you mean {' or '.join(f'[@{c}]' for c in close)}? Otherwise "
                    if close
                    else ""
                )
                problems.append(
                    Problem(
                        path,
                        n,
                        f"cites [@{key}], which is not an entry of {_display(bib)}",
                        f"{hint}add a BibTeX entry with key `{key}` to {_display(bib)}, checked "
                        "against the work's DOI or publisher page "
                        "(docs/contributing/cite-a-source.md)",
                    )
                )
        for n, t in prose_lines(path):
            for m in _CITATION_LIKE_RE.finditer(t):
                if not CITATION_RE.fullmatch(m.group(0)):
                    problems.append(
                        Problem(
                            path,
                            n,
                            f"`{m.group(0)}` is not a citation the build understands",
                            "write citations as `[@key]` or `[@key1; @key2]`, with no other text "
                            "inside the brackets (put page numbers or 'see' in the sentence)",
                        )
                    )
    return problems


# ---------------------------------------------------------------------------
# 3. Images
# ---------------------------------------------------------------------------


def check_images(docs: Path = DOCS, scripts: Path = ROOT / "scripts") -> list[Problem]:
    """Image files under ``docs`` need a script under ``scripts`` that names (and makes) them."""
    scripts = Path(scripts)
    script_text = (
        "\n".join(
            p.read_text(encoding="utf-8", errors="replace") for p in sorted(scripts.rglob("*.py"))
        )
        if scripts.exists()
        else ""
    )
    problems = []
    for path in sorted(Path(docs).rglob("*")):
        if (
            path.suffix.lower() in IMAGE_SUFFIXES
            and path.is_file()
            and path.name not in script_text
        ):
            problems.append(
                Problem(
                    path,
                    None,
                    "image file under docs/ that no script makes",
                    "draw the figure on the page with a function of nnbook that returns a "
                    "matplotlib Figure (the build embeds it), and delete the file; if the page "
                    "needs a file, add "
                    f"the script under scripts/ that writes `{path.name}`",
                )
            )
    return problems


# ---------------------------------------------------------------------------
# 4. Links and anchors in the built site
# ---------------------------------------------------------------------------

_ID_RE = re.compile(r"""<[^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']""")
_TAG_RE = re.compile(r"<(?:a|img)\s[^>]*>", re.I)
_ATTR_RE = re.compile(r"""\b(href|src|class)\s*=\s*["']([^"']*)["']""", re.I)


def _links(html_text: str):
    """``(url, in_toc)`` for each ``<a href>`` and ``<img src>``; ``in_toc``: a contents entry."""
    for tag in _TAG_RE.findall(html_text):
        attrs = {k.lower(): v for k, v in _ATTR_RE.findall(tag)}
        url = attrs.get("href", attrs.get("src"))
        if url is not None:
            classes = attrs.get("class", "").split()
            yield url.strip(), "md-nav__link" in classes or "md-skip" in classes


def _slug(heading: str) -> str:
    return re.sub(r"\s+", "-", re.sub(r"[^\w\s-]", "", heading.lower()).strip())


def _heading_line(source: Path | None, anchor: str) -> int | None:
    """The line of the heading in ``source`` whose anchor is ``anchor``."""
    if source is None:
        return None
    pairs = (
        markdown_lines(parse_cells(source.read_text(encoding="utf-8")))
        if source.suffix == ".py"
        else enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
    )
    for n, t in pairs:
        h = _HEADING_RE.match(t)
        if h and _slug(h.group(2)) == anchor:
            return n
    return None


def _anchors(html_text: str) -> set[str]:
    return set(_ID_RE.findall(html_text))


def source_of(page: str, docs: Path) -> Path | None:
    """The file under ``docs`` a built page (``lectures/01-x/index.html``) was made from."""
    stem = page[: -len("index.html")].rstrip("/") if page.endswith("index.html") else page
    candidates = [f"{stem}.py", f"{stem}.md", f"{stem}/index.md", f"{stem}/README.md"]
    if not stem:
        candidates = ["index.md", "README.md"]
    for c in candidates:
        if (docs / c).is_file():
            return docs / c
    return None


def _page_url(doc: Path, docs: Path) -> str:
    """The directory URL MkDocs gives ``doc``: ``lectures/01-x.py`` -> ``lectures/01-x``."""
    rel = doc.relative_to(docs).with_suffix("").as_posix()
    return rel[: -len("index")].rstrip("/") if rel == "index" or rel.endswith("/index") else rel


def _suggest(href: str, source: Path, docs: Path) -> str | None:
    """For a link written to a ``.md``/``.py`` file in a lesson, the URL that works on the site."""
    parts = urlsplit(href)
    if not parts.path.endswith((".md", ".py")):
        return None
    target = Path(posixpath.normpath((source.parent / unquote(parts.path)).as_posix()))
    if not target.is_file():
        return None
    rel = posixpath.relpath(_page_url(target, docs) or ".", _page_url(source, docs) or ".")
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{parts.fragment}" if parts.fragment else "")


def _line_of(source: Path | None, needles: list[str]) -> int | None:
    if source is None:
        return None
    lines = source.read_text(encoding="utf-8").splitlines()
    for needle in needles:
        for n, t in enumerate(lines, 1):
            if needle and needle in t:
                return n
    return None


def check_links(site: Path, docs: Path = DOCS) -> list[Problem]:
    """Every relative link (``<a href>``, ``<img src>``) of a built site and its anchor resolve."""
    site, docs = Path(site), Path(docs)
    pages = {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(site.rglob("*.html"))
        if p.name != "404.html"
    }
    anchors: dict[str, set[str]] = {}
    problems = []
    for page, html_text in pages.items():
        source = source_of(page, docs)
        where = source or site / page
        seen = set()
        for href, in_toc in _links(html_text):
            parts = urlsplit(href)
            if (
                parts.scheme
                or parts.netloc
                or href.startswith(("/", "#__"))
                or (href, page) in seen
            ):
                continue
            seen.add((href, page))
            path = unquote(parts.path)
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
            )
            target_file = site / target
            if target_file.is_dir() or path.endswith("/"):
                target_file = target_file / "index.html"
            target = (
                target_file.relative_to(site).as_posix()
                if target_file.is_relative_to(site)
                else target
            )
            needles = [href, f"#{parts.fragment}" if parts.fragment else ""]
            if path:
                needles += [
                    posixpath.basename(path.rstrip("/")) + ext for ext in (".md", ".py", "")
                ]
            line = None if in_toc else _line_of(source, needles)
            if target.startswith("..") or not target_file.is_file():
                better = _suggest(href, source, docs) if source else None
                fix = (
                    f"write `{better}`: links inside a lesson are not rewritten by MkDocs, so they "
                    "name the built page's URL relative to the lesson's URL"
                    if better
                    else "point it at a page that exists; in a Markdown page link to the source "
                    "file (`../api/mlp.md#anchor`), in a lesson to the built URL "
                    "(`../../api/mlp/#anchor`)"
                )
                problems.append(
                    Problem(
                        where,
                        line,
                        f"link `{href}` leads to `{target}`, which is not in the built site",
                        fix,
                    )
                )
                continue
            if parts.fragment and target_file.suffix == ".html":
                if target not in anchors:
                    anchors[target] = _anchors(
                        pages.get(target)
                        or target_file.read_text(encoding="utf-8", errors="replace")
                    )
                frag = unquote(parts.fragment)
                if frag not in anchors[target]:
                    close = difflib.get_close_matches(
                        frag, sorted(anchors[target]), n=1, cutoff=0.5
                    )
                    if in_toc and close:
                        problems.append(
                            Problem(
                                where,
                                _heading_line(source, close[0]),
                                f"the table of contents links to `#{frag}`, but the heading's "
                                "anchor is "
                                f"`#{close[0]}`, so the entry leads nowhere",
                                "take the inline code (backticks) or HTML out of this heading: "
                                "mkdocs-jupyter leaves it out of the table of contents' anchors",
                            )
                        )
                        continue
                    problems.append(
                        Problem(
                            where,
                            line,
                            f"link `{href}`: the page `{target}` has no anchor `#{frag}`",
                            (f"did you mean `#{close[0]}`? " if close else "")
                            + "a heading's anchor is its text in lower case, punctuation dropped, "
                            "spaces as hyphens (`## The forward pass` -> `#the-forward-pass`)",
                        )
                    )
    return problems


# ---------------------------------------------------------------------------
# 5. Execution time
# ---------------------------------------------------------------------------


def lesson_paths(docs: Path = DOCS) -> list[Path]:
    """Every lesson: the ``.py`` files directly under a section folder of ``docs``."""
    return sorted(Path(docs).glob("*/*.py"))


def check_times(times_file: Path, lessons, docs: Path = DOCS, budget: float = TIME_BUDGET):
    """Problems, and ``{lesson: seconds or None}``, from the build's ``lesson-times.json``."""
    times_file = Path(times_file)
    if not times_file.exists():
        return [
            Problem(
                times_file,
                None,
                "no execution times were recorded in the built site",
                "build with the project's mkdocs.yml, whose hook scripts/mkdocs_hooks.py "
                "writes .nnbook/lesson-times.json",
            )
        ], {}
    times = json.loads(times_file.read_text(encoding="utf-8"))
    problems, table = [], {}
    for lesson in lessons:
        lesson = Path(lesson)
        key = lesson.relative_to(docs).as_posix()
        seconds = times.get(key)
        table[key] = seconds
        if seconds is None:
            problems.append(
                Problem(
                    lesson,
                    None,
                    "the build did not execute this lesson",
                    "add it to the nav in mkdocs.yml (scripts/new_lesson.py does) "
                    "and check that it is a `docs/<section>/<slug>.py` file",
                )
            )
        elif seconds > budget:
            problems.append(
                Problem(
                    lesson,
                    None,
                    f"took {seconds:.1f} s to execute, more than the budget of {budget:g} s",
                    "make it faster: fewer epochs or examples, smaller networks, vectorised code "
                    "in "
                    f"nnbook; time it with `time .venv/bin/python {_display(lesson)}`",
                )
            )
    return problems, table


#: A recorded time below this is a page served from mkdocs-jupyter's cache, not an execution.
CACHED_BELOW = 0.5


def format_time(seconds: float | None) -> str:
    """A lesson's time for the report: seconds, "not executed", or a cache hit."""
    if seconds is None:
        return "not executed"
    if seconds < CACHED_BELOW:
        return f"{seconds:6.1f} s (served from the cache; its execution time was not kept)"
    return f"{seconds:6.1f} s"


def run_lesson(path: Path, timeout: float = TIME_BUDGET) -> tuple[list[Problem], float]:
    """Run a lesson as a Python script, in its folder as the build does; problems and seconds."""
    path = Path(path).resolve()
    env = {**os.environ, "MPLBACKEND": "Agg"}
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, path.name],
            cwd=path.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        seconds = time.perf_counter() - start
        return [
            Problem(
                path,
                None,
                f"did not finish within {timeout:g} s",
                "make it faster (fewer epochs or examples, vectorised code in nnbook)",
            )
        ], seconds
    seconds = time.perf_counter() - start
    if proc.returncode == 0:
        return [], seconds
    frames = [
        int(n)
        for f, n in re.findall(r'File "([^"]+)", line (\d+)', proc.stderr)
        if Path(f).name == path.name
    ]
    line = frames[-1] if frames else None
    error = next((t for t in reversed(proc.stderr.strip().splitlines()) if t.strip()), "it failed")
    cells = parse_cells(path.read_text(encoding="utf-8"))
    cell = max((c.line for c in cells if line and c.line <= line), default=None)
    where = f"the cell at line {cell} raises" if cell else "raises"
    return [
        Problem(
            path,
            line,
            f"{where}: {error}",
            f"fix the code at line {line}; reproduce with `.venv/bin/python "
            f"{_display(path)}` (the build fails on any cell that raises)",
        )
    ], seconds


# ---------------------------------------------------------------------------
# 6. The nnbook code a lesson uses
# ---------------------------------------------------------------------------


def check_nnbook_imports(path: Path) -> list[Problem]:
    """Every name a lesson imports from ``nnbook``, and every ``module.attribute`` it uses, exists.

    Catches a lesson left behind by a rename in the package, in a second and without executing
    the lesson (it imports the ``nnbook`` modules the lesson imports).
    """
    import ast
    import importlib
    import importlib.util

    path = Path(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    problems: list[Problem] = []
    modules: dict[str, object] = {}  # local name -> nnbook module

    def load(name, line):
        try:
            return importlib.import_module(name)
        except ImportError as err:
            problems.append(
                Problem(
                    path,
                    line,
                    f"cannot import `{name}`: {err}",
                    "import a module that exists in nnbook/ (see the API reference)",
                )
            )
            return None

    def missing(module, name, line):
        names = [n for n in dir(module) if not n.startswith("_")]
        close = difflib.get_close_matches(name, names, n=1)
        problems.append(
            Problem(
                path,
                line,
                f"`{module.__name__}` has no `{name}`",
                (f"did you mean `{close[0]}`? " if close else "")
                + f"use a name that {module.__name__} defines (its API page lists them)",
            )
        )

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "nnbook":
            module = load(node.module, node.lineno)
            for alias in node.names if module else []:
                if hasattr(module, alias.name):
                    value = getattr(module, alias.name)
                elif hasattr(module, "__path__") and importlib.util.find_spec(
                    f"{node.module}.{alias.name}"
                ):
                    value = importlib.import_module(f"{node.module}.{alias.name}")
                else:
                    missing(module, alias.name, node.lineno)
                    continue
                if type(value).__name__ == "module":
                    modules[alias.asname or alias.name] = value
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "nnbook":
                    module = load(alias.name, node.lineno)
                    if module is not None and alias.asname:
                        modules[alias.asname] = module
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and not hasattr(modules[node.value.id], node.attr)
        ):
            missing(modules[node.value.id], node.attr, node.lineno)
    return problems


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def static_problems(lessons, docs: Path = DOCS, bib: Path = BIB, scripts: Path = ROOT / "scripts"):
    """The checks that need no build: anatomy of ``lessons``, citations of every page, images."""
    problems = [p for lesson in lessons for p in check_anatomy(lesson)]
    pages = list(lessons) + sorted(Path(docs).rglob("*.md"))
    problems += check_citations(pages, bib)
    problems += check_images(docs, scripts)
    return problems


def build_site(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    print("+", " ".join(cmd), flush=True)
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode:
        sys.exit("the build failed:\n" + "\n".join((proc.stdout + proc.stderr).splitlines()[-40:]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "lessons", nargs="*", type=Path, help="lesson files (default: every lesson)"
    )
    parser.add_argument(
        "--run", action="store_true", help="run each lesson as a script and time it"
    )
    parser.add_argument(
        "--site", type=Path, help="a built site: check its links, anchors and times"
    )
    parser.add_argument(
        "--build", action="store_true", help="build the site into a temporary folder first"
    )
    parser.add_argument("--budget", type=float, default=TIME_BUDGET, help="seconds per lesson")
    parser.add_argument("--docs", type=Path, default=DOCS, help=argparse.SUPPRESS)
    ns = parser.parse_args(argv)
    docs = ns.docs.resolve()
    lessons = [p.resolve() for p in ns.lessons] or lesson_paths(docs)
    problems = static_problems(lessons, docs, docs / "references.bib")
    done = ["anatomy", "citations", "images"]
    times: dict[str, float | None] = {}
    if ns.run:
        for lesson in lessons:
            found, seconds = run_lesson(lesson, timeout=ns.budget)
            problems += found
            times[lesson.relative_to(docs).as_posix()] = round(seconds, 2)
            if seconds > ns.budget and not found:
                problems.append(
                    Problem(
                        lesson,
                        None,
                        f"took {seconds:.1f} s, more than {ns.budget:g} s",
                        "make it faster (fewer epochs or examples)",
                    )
                )
        done.append("ran as scripts")
    with tempfile.TemporaryDirectory() as tmp:
        site = ns.site
        if ns.build:
            site = Path(tmp) / "site"
            build_site(site)
        if site is not None:
            problems += check_links(site, docs)
            found, built_times = check_times(site / TIMES_FILE, lessons, docs, ns.budget)
            problems += found
            if not ns.run:
                times = built_times
            done += ["links and anchors", "execution times in the build"]
    print(f"Checked {len(lessons)} lesson(s): {', '.join(done)}.")
    if times:
        print(f"Execution time per lesson (budget {ns.budget:g} s):")
        width = max(map(len, times))
        for name, seconds in times.items():
            print(f"  {name:<{width}}  {format_time(seconds)}")
    if not ns.site and not ns.build:
        print("Links, anchors and build times not checked: add --site <built site> or --build.")
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)." if problems else "No problems.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
