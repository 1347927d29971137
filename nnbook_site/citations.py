"""Citations: the ``[@key]`` syntax, the ``.bib`` file, and which Markdown is prose.

A page cites a work by its key in ``docs/references.bib``: ``[@hopfield1982]``, or several at
once, ``[@hopfield1982; @amit1985]``; or, naming the authors in the sentence, ``@hopfield1982``
without brackets (this form needs a key shaped like name + year). Text inside code (fenced blocks
and inline code) is never a citation.

This module is the one definition of that syntax: the build (:mod:`nnbook_site.bibliography`)
and the lesson checker (:mod:`nnbook_site.checks.citations`) both use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

_KEY = r"[A-Za-z0-9_:-]+"
#: ``[@key]`` or ``[@key1; @key2]``; not when followed by ``(`` or ``[``, which makes a
#: Markdown link such as ``[@user](url)``.
CITATION_RE = re.compile(rf"\[(@{_KEY}(?:\s*;\s*@{_KEY})*)\](?![(\[])")
#: ``@key`` in running text, for "Author (Year)". Only keys shaped like ``name1999`` or
#: ``name1999word``, not after a letter, ``@``, ``/`` or ``[`` (e-mail addresses, URLs, links).
NARRATIVE_RE = re.compile(r"(?<![\w@/\[])@([a-z]+[0-9]{4}[a-z]*)(?![\w-])")
#: Anything in square brackets with an ``@key`` in it: a citation the build may not understand
#: (``[see @key, p. 5]``) when it is not a :data:`CITATION_RE`.
CITATION_LIKE_RE = re.compile(r"\[([^\]\n]*?(?:^|[\s\[;])@[A-Za-z][^\]\n]*)\](?![(\[])")
_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_INLINE_CODE_RE = re.compile(r"(`+).+?\1")


# ---------------------------------------------------------------------------
# The .bib file
# ---------------------------------------------------------------------------


def load_bibliography(path: Path):
    """Parse a ``.bib`` file with pybtex; any syntax error or repeated key raises."""
    from pybtex.database import parse_file

    return parse_file(str(path), bib_format="bibtex")


def bib_keys(path: Path) -> set[str]:
    """The entry keys of a ``.bib`` file, as written there."""
    return set(load_bibliography(path).entries.keys())


# ---------------------------------------------------------------------------
# Prose and code
# ---------------------------------------------------------------------------


def fenced_lines(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str, bool]]:
    """``(line number, line, in_fence)`` for numbered Markdown lines; a fence line is in it.

    A fence opens on a line of three or more backticks or tildes and closes on a line of the
    same character, at least as long.
    """
    fence = None
    for number, line in lines:
        m = _FENCE_RE.match(line)
        if fence is None:
            fence = m.group(1) if m else None
            yield number, line, fence is not None
        else:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            yield number, line, True


def prose_pieces(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str, bool]]:
    """``(line number, text, is_code)`` for each piece of numbered Markdown lines.

    Fenced blocks (:func:`fenced_lines`) and inline code spans are code; the rest is prose.
    Joining the texts gives the lines back.
    """
    for number, line, in_fence in fenced_lines(lines):
        if in_fence:
            yield number, line, True
            continue
        last = 0
        for code in _INLINE_CODE_RE.finditer(line):
            yield number, line[last : code.start()], False
            yield number, code.group(0), True
            last = code.end()
        yield number, line[last:], False


def numbered(text: str, first: int = 1) -> list[tuple[int, str]]:
    """The lines of ``text`` (with their line ends) numbered from ``first``."""
    return list(enumerate(text.splitlines(keepends=True), first))


def map_prose(markdown: str, func) -> str:
    """Apply ``func`` to the prose of Markdown text, keep the code as it is."""
    return "".join(
        text if is_code else func(text) for _, text, is_code in prose_pieces(numbered(markdown))
    )


def page_title(markdown: str, fallback: str) -> str:
    """The first ``# Title`` outside fenced code, without Markdown emphasis or code marks."""
    for _, line, in_fence in fenced_lines(numbered(markdown)):
        if not in_fence and line.startswith("# "):
            return re.sub(r"[`*_]", "", line[2:]).strip()
    return fallback


# ---------------------------------------------------------------------------
# Citations in prose
# ---------------------------------------------------------------------------


def split_keys(group: str) -> list[str]:
    """``"@a; @b"`` -> ``["a", "b"]``."""
    return [part.strip()[1:] for part in group.split(";")]


def keys_in_prose(text: str) -> list[str]:
    """The keys cited in a piece of prose (no code in it): bracketed ones, then narrative."""
    found = [key for m in CITATION_RE.finditer(text) for key in split_keys(m.group(1))]
    found += [m.group(1) for m in NARRATIVE_RE.finditer(CITATION_RE.sub(" ", text))]
    return found


def cited_keys(lines: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """``(line number, key)`` of every citation in numbered Markdown lines, code excluded."""
    return [
        (number, key)
        for number, text, is_code in prose_pieces(lines)
        if not is_code
        for key in keys_in_prose(text)
    ]


def citations_in_markdown(markdown: str) -> list[str]:
    """Every key cited in Markdown text, code excluded, in order."""
    return [key for _, key in cited_keys(numbered(markdown))]


def prose_blocks(path: Path) -> list[list[tuple[int, str]]]:
    """The Markdown of a page, or of each Markdown cell of a lesson, as numbered lines."""
    from nnbook_site.lessons import read_lesson

    path = Path(path)
    if path.suffix == ".py":
        return [list(cell.lines) for cell in read_lesson(path).cells_of("markdown")]
    return [numbered(path.read_text(encoding="utf-8"))]


def cited_in_file(path: Path) -> list[tuple[int, str]]:
    """``(line number, key)`` of every citation in a page or a lesson."""
    return [pair for block in prose_blocks(path) for pair in cited_keys(block)]
