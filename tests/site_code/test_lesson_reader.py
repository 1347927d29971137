"""What a lesson is (``nnbook_site.lessons``), said once: mkdocs.yml agrees, and the reader sees
the cells Jupytext sees, each at its line of the file."""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest
import yaml

from nnbook_site import DOCS, ROOT
from nnbook_site.lessons import INCLUDE, LessonError, is_lesson, lesson_paths, read_lesson

TEMPLATE = ROOT / "nnbook_site" / "templates" / "lesson.py"
LESSONS = lesson_paths()


def _mkdocs_jupyter_include() -> list[str]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    plugins = [p for p in config["plugins"] if isinstance(p, dict) and "mkdocs-jupyter" in p]
    return plugins[0]["mkdocs-jupyter"]["include"]


def test_mkdocs_yml_includes_exactly_the_lessons():
    assert _mkdocs_jupyter_include() == [INCLUDE]


def test_every_py_file_that_mkdocs_jupyter_renders_is_a_lesson_and_back():
    """mkdocs-jupyter matches ``include`` against the path from the right (``PurePath.match``)."""
    rendered = {p for p in DOCS.rglob("*.py") if p.match(INCLUDE)}
    assert rendered == set(LESSONS)
    assert {p.relative_to(DOCS).as_posix() for p in LESSONS} == {
        p.relative_to(DOCS).as_posix()
        for p in DOCS.rglob("*.py")
        if is_lesson(p.relative_to(DOCS).as_posix())
    }


@pytest.mark.parametrize(
    ("src_uri", "expected"),
    [
        ("lectures/01-first-network.py", True),
        ("architectures/gan.py", True),
        ("index.md", False),
        ("lectures/index.md", False),
        ("top.py", False),
        ("a/b/deep.py", False),
    ],
)
def test_is_lesson(src_uri, expected):
    assert is_lesson(src_uri) is expected


@pytest.mark.parametrize("path", [*LESSONS, TEMPLATE], ids=lambda p: p.stem)
def test_the_reader_sees_the_cells_jupytext_sees(path):
    lesson = read_lesson(path)
    notebook = jupytext.read(path)
    assert [(c.kind, c.source) for c in lesson.cells] == [
        (c.cell_type, c.source) for c in notebook.cells
    ]
    assert lesson.format_name == "percent"


@pytest.mark.parametrize("path", [*LESSONS, TEMPLATE], ids=lambda p: p.stem)
def test_each_cell_line_is_its_line_in_the_file(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    for cell in read_lesson(path).cells:
        assert lines[cell.line - 1].startswith("# %%"), (cell.line, lines[cell.line - 1])
        for number, text in cell.lines:
            in_file = lines[number - 1]
            if cell.kind == "markdown":
                assert in_file == f"# {text}" or (text == "" and in_file.strip() == "#")
            else:
                assert in_file in (text, f"# {text}")  # a magic is commented in the file


def test_a_file_jupytext_cannot_read_raises_lesson_error(tmp_path):
    path = tmp_path / "bad.py"
    header = TEMPLATE.read_text(encoding="utf-8").split("# %%")[0]
    path.write_text(header.replace("percent", "[percent") + "# %%\nx = 1\n", encoding="utf-8")
    with pytest.raises(LessonError, match="Jupytext cannot read it"):
        read_lesson(path)


def test_markdown_is_the_prose_of_the_lesson():
    lesson = read_lesson(TEMPLATE)
    assert lesson.markdown.startswith("# {{TITLE}}\n")
    assert "import numpy" not in lesson.markdown
    assert Path(lesson.path) == TEMPLATE
