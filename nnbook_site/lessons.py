"""What a lesson is, and reading one.

A lesson is a Jupytext percent script one folder below ``docs/``: ``docs/<section>/<slug>.py``.
This module is the one place that says so. ``mkdocs.yml`` tells mkdocs-jupyter the same in its
``include`` (a test checks that the two agree), and the build hooks, the bibliography and the
lesson checker all ask :func:`is_lesson` or :func:`lesson_paths`.

A lesson is read by Jupytext, cell by cell, and each cell keeps the line numbers it has in the
file, so that a problem can name the line to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from nnbook_site import DOCS

#: A lesson, below ``docs/``: a ``.py`` file in a section folder.
BELOW_DOCS = "*/*.py"
#: mkdocs-jupyter's ``include`` in ``mkdocs.yml`` (it matches the path from the right).
INCLUDE = f"docs/{BELOW_DOCS}"
#: The format every lesson is written in.
FORMAT = {"extension": ".py", "format_name": "percent"}


def is_lesson(src_uri: str) -> bool:
    """Whether a path below ``docs/`` (MkDocs' ``File.src_uri``) is a lesson.

    >>> is_lesson("lectures/01-first-network.py"), is_lesson("index.md"), is_lesson("a/b/c.py")
    (True, False, False)
    """
    path = PurePosixPath(src_uri)
    return len(path.parts) == len(PurePosixPath(BELOW_DOCS).parts) and path.match(BELOW_DOCS)


def lesson_paths(docs: Path = DOCS) -> list[Path]:
    """Every lesson under ``docs``, sorted."""
    return sorted(Path(docs).glob(BELOW_DOCS))


@dataclass(frozen=True)
class Cell:
    """One cell of a lesson.

    ``kind`` is ``"markdown"``, ``"code"`` or ``"raw"``; ``line`` is the line of its ``# %%``
    marker; ``lines`` holds ``(line number, text)`` of its source as Jupyter sees it (Markdown
    without its ``# ``).
    """

    kind: str
    line: int
    lines: tuple[tuple[int, str], ...]

    @property
    def source(self) -> str:
        return "\n".join(text for _, text in self.lines)


@dataclass(frozen=True)
class Lesson:
    """A lesson as Jupytext reads it: the header's metadata and the cells, with line numbers."""

    path: Path
    text: str
    metadata: dict
    cells: tuple[Cell, ...]

    @property
    def end(self) -> int:
        """The number of the last line."""
        return len(self.text.splitlines())

    def cells_of(self, kind: str) -> list[Cell]:
        return [cell for cell in self.cells if cell.kind == kind]

    @cached_property
    def markdown_lines(self) -> list[tuple[int, str]]:
        """``(line number, text)`` of every Markdown line, in order, across cells."""
        return [pair for cell in self.cells_of("markdown") for pair in cell.lines]

    @property
    def markdown(self) -> str:
        """The Markdown cells, joined: the prose of the lesson."""
        return "\n\n".join(cell.source for cell in self.cells_of("markdown"))

    @property
    def format_name(self) -> str | None:
        """The format its header names (``"percent"``), or None without a Jupytext header."""
        return self.metadata.get("jupytext", {}).get("text_representation", {}).get("format_name")


def parse_lesson(text: str, path: Path | str = "<lesson>") -> Lesson:
    """Read the text of a lesson with Jupytext's percent reader, keeping each cell's lines.

    This is the loop of ``jupytext.reads`` (which keeps no line numbers), one cell at a time;
    ``tests/site_code/test_lesson_reader.py`` checks that both give the same cells.
    """
    from jupytext.formats import get_format_implementation
    from jupytext.header import header_to_metadata_and_cell

    implementation = get_format_implementation(FORMAT["extension"], FORMAT["format_name"])
    lines = text.splitlines()
    metadata, _, _, pos = header_to_metadata_and_cell(
        lines, implementation.header_prefix, implementation.header_suffix, FORMAT["extension"]
    )
    cells = []
    while pos < len(lines):
        reader = implementation.cell_reader_class(dict(FORMAT), "python")
        cell, length = reader.read(lines[pos:])
        marker = bool(
            reader.start_code_re.match(lines[pos])
            or reader.alternative_start_code_re.match(lines[pos])
        )
        first = pos + 1 + marker  # line number of the cell's first source line
        source = cell.source.split("\n") if cell.source else []
        numbered = tuple((first + i, line) for i, line in enumerate(source))
        cells.append(Cell(cell.cell_type, pos + 1, numbered))
        pos += length
    return Lesson(Path(path), text, metadata, tuple(cells))


class LessonError(ValueError):
    """A lesson that Jupytext cannot read (its header is not YAML, say)."""


def read_lesson(path: Path) -> Lesson:
    """The lesson in the file ``path``; :class:`LessonError` if Jupytext cannot read it."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        return parse_lesson(text, path)
    except Exception as exc:  # Jupytext's and PyYAML's errors have no common base
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise LessonError(f"Jupytext cannot read it ({type(exc).__name__}: {first})") from exc


def to_notebook(path: Path):
    """The lesson as an nbformat notebook whose cell ids are ``cell-1``, ``cell-2``, ...

    (Jupytext gives new cells random ids; numbered ones make two builds give the same file.)
    """
    import jupytext

    nb = jupytext.read(path)
    for i, cell in enumerate(nb.cells, 1):
        cell["id"] = f"cell-{i}"
    return nb
