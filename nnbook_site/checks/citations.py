"""Every citation of a lesson or a page is an entry of the bibliography, in a form the build
renders (the syntax is :mod:`nnbook_site.citations`)."""

from __future__ import annotations

import difflib
from pathlib import Path

from nnbook_site import DOCS
from nnbook_site.bibliography import BIB_NAME
from nnbook_site.checks.problem import Problem, display
from nnbook_site.citations import (
    CITATION_LIKE_RE,
    CITATION_RE,
    bib_keys,
    cited_keys,
    prose_blocks,
    prose_pieces,
)
from nnbook_site.lessons import LessonError

BIB = DOCS / BIB_NAME


def _unknown_key(path: Path, line: int, key: str, keys: set[str], bib: Path) -> Problem:
    close = difflib.get_close_matches(key, sorted(keys), n=2, cutoff=0.6)
    hint = f"did you mean {' or '.join(f'[@{c}]' for c in close)}? Otherwise " if close else ""
    return Problem(
        path,
        line,
        f"cites [@{key}], which is not an entry of {display(bib)}",
        f"{hint}add a BibTeX entry with key `{key}` to {display(bib)}, checked "
        "against the work's DOI or publisher page (docs/contributing/cite-a-source.md)",
    )


def _not_a_citation(path: Path, line: int, text: str) -> Problem:
    return Problem(
        path,
        line,
        f"`{text}` is not a citation the build understands",
        "write citations as `[@key]` or `[@key1; @key2]`, with no other text "
        "inside the brackets (put page numbers or 'see' in the sentence)",
    )


def check_citations(paths, bib: Path = BIB) -> list[Problem]:
    """Every ``[@key]`` cited in ``paths`` (lessons and Markdown pages) is an entry of ``bib``."""
    bib = Path(bib)
    if not bib.exists():
        return [
            Problem(
                bib,
                None,
                f"the bibliography {display(bib)} does not exist, so no "
                "citation key can be checked",
                f"restore it (`git checkout -- {display(bib)}`) or create it: one "
                "BibTeX entry per cited work (see docs/contributing/cite-a-source.md)",
            )
        ]
    try:
        keys = bib_keys(bib)
    except Exception as exc:  # pybtex's errors for bad syntax and repeated keys
        return [
            Problem(
                bib,
                None,
                f"{display(bib)} cannot be read: {exc}",
                "fix the entry it names; each entry is `@type{key, field = {...}, ...}` with a "
                "key used once (docs/contributing/cite-a-source.md)",
            )
        ]
    problems = []
    for path in map(Path, paths):
        try:
            blocks = prose_blocks(path)
        except LessonError:
            continue  # check_anatomy reports it
        problems += [
            _unknown_key(path, n, key, keys, bib)
            for block in blocks
            for n, key in cited_keys(block)
            if key not in keys
        ]
        problems += [
            _not_a_citation(path, n, m.group(0))
            for block in blocks
            for n, text, is_code in prose_pieces(block)
            if not is_code
            for m in CITATION_LIKE_RE.finditer(text)
            if not CITATION_RE.fullmatch(m.group(0))
        ]
    return problems
