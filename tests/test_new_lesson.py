"""New lessons (``scripts/new_lesson.py``) with awkward titles and repeated runs, in copies of
the repository.

Whatever printable title it is given, the ``mkdocs.yml`` it writes parses to that title and the
test file it writes is valid Python whose docstring names it; a title with a control character is
refused before anything is written; a lesson that is already there (same file name, whatever its
number, or same title in the navigation) is refused with the file that has it. The happy path and
the new-section case are in ``tests/test_lessons.py``.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from nnbook_site import new_lesson

ROOT = Path(__file__).resolve().parent.parent


def _repo(tmp_path: Path) -> Path:
    """mkdocs.yml, the bibliography, a numbered and a named lesson, and the command."""
    root = tmp_path / "repo"
    for section in ("lectures", "architectures"):
        (root / "docs" / section).mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(ROOT / "docs" / "references.bib", root / "docs" / "references.bib")
    shutil.copy(ROOT / "docs" / "lectures" / "01-first-network.py", root / "docs" / "lectures")
    shutil.copy(ROOT / "docs" / "architectures" / "hopfield.py", root / "docs" / "architectures")
    (root / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "new_lesson.py", root / "scripts" / "new_lesson.py")
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def repo(tmp_path) -> Path:
    return _repo(tmp_path)


# --- titles ----------------------------------------------------------------------------------

AWKWARD = [
    'Triple """ quotes',
    'Ends with a quote "',
    "Back\\slash \\n and \\\\ two",
    'Colon: a "quoted" part # not a comment',
    "No",
    "null",
    "{braces} and {{TITLE}} and {title}",
    "'single' & <b>markup</b> `code` *stars*",
    "- leading dash: and ? question",
    "Ünïcödé — ευχαριστώ · 深度学习 😀",
    "Tab\u00a0and\u2003spaces",
]


@pytest.mark.parametrize("title", AWKWARD, ids=range(len(AWKWARD)))
@pytest.mark.parametrize("section", ["lectures", "architectures"])
def test_any_printable_title_gives_yaml_and_python_that_parse_back_to_it(repo, title, section):
    paths = new_lesson.create(title, section, root=repo, slug="awkward")
    expected = f"02 · {title}" if section == "lectures" else title
    nav = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    entries = [
        item for block in nav for item in next(iter(block.values())) if isinstance(block, dict)
    ]
    path = paths["lesson"].relative_to(repo / "docs").as_posix()
    assert {expected: path} in entries

    source = paths["test"].read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring.startswith(f'Tests of the lesson "{title}",\ndocs/{path}.')

    lesson = paths["lesson"].read_text(encoding="utf-8")
    assert f"\n# # {title}\n" in lesson
    ast.parse(lesson)


@pytest.mark.parametrize(
    "bad",
    [
        "Line one\nline two",
        "A\ttab",
        "Carriage\rreturn",
        "Nul\x00",
        "Sep\u2028arator",
        "Bidi \u202e override",
        "Next\x85line",
        "Escape \x1b[31m",
    ],
)
def test_a_title_with_a_control_character_is_refused_and_nothing_is_written(repo, bad):
    before = _files(repo)
    with pytest.raises(SystemExit, match=r"contains the control character .* \(U\+[0-9A-F]{4}\)"):
        new_lesson.create(bad, "lectures", root=repo)
    with pytest.raises(SystemExit, match="section title"):
        new_lesson.create("Fine", "new-section", root=repo, section_title=bad)
    assert _files(repo) == before


def test_empty_and_overlong_titles_are_refused(repo):
    with pytest.raises(SystemExit, match="empty"):
        new_lesson.create("   ", "lectures", root=repo, slug="x")
    with pytest.raises(SystemExit, match="characters long"):
        new_lesson.create("word " * 100, "lectures", root=repo)


# --- lessons that are already there ----------------------------------------------------------


def test_the_same_title_twice_is_refused_naming_the_lesson(repo):
    new_lesson.create("Momentum", "lectures", root=repo)
    before = _files(repo)
    with pytest.raises(SystemExit, match=r"docs/lectures/02-momentum\.py already exists"):
        new_lesson.create("Momentum", "lectures", root=repo)
    assert _files(repo) == before
    assert not (repo / "docs" / "lectures" / "03-momentum.py").exists()


def test_the_same_title_under_another_file_name_is_refused_naming_the_nav_entry(repo):
    new_lesson.create("Momentum", "lectures", root=repo)
    with pytest.raises(SystemExit, match=r"titled 'momentum'.*lectures/02-momentum\.py"):
        new_lesson.create("momentum  ", "lectures", root=repo, slug="heavy-ball")
    # a lesson the repository already had, whose nav title is quoted and numbered
    with pytest.raises(SystemExit, match=r"lectures/01-first-network\.py"):
        new_lesson.create("Your first neural network", "lectures", root=repo, slug="again")
    with pytest.raises(SystemExit, match=r"architectures/hopfield\.py"):
        new_lesson.create("Hopfield network", "architectures", root=repo, slug="again")


def test_the_same_file_name_with_another_number_is_refused(repo):
    with pytest.raises(SystemExit, match=r"docs/lectures/01-first-network\.py already exists"):
        new_lesson.create("First network", "lectures", root=repo, slug="first-network")


def test_the_same_title_in_another_section_is_allowed(repo):
    new_lesson.create("Hopfield network", "lectures", root=repo)
    assert (repo / "docs" / "lectures" / "02-hopfield-network.py").exists()


# --- the command line ------------------------------------------------------------------------


def _run(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(repo / "scripts" / "new_lesson.py"), *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def test_command_line_refusals_are_one_clear_line(repo):
    proc = _run(repo, "Two\nlines", "--section", "lectures")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("the title 'Two\\nlines' contains the control character")

    assert _run(repo, "Momentum", "--section", "lectures").returncode == 0
    proc = _run(repo, "Momentum", "--section", "lectures")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("docs/lectures/02-momentum.py already exists")
    nav = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    assert nav.count("Momentum") == 1


@pytest.mark.slow
def test_generated_test_for_a_title_with_triple_quotes_passes(repo):
    paths = new_lesson.create('Quotes """ and a \\ backslash', "lectures", root=repo)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(paths["test"])],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 passed" in proc.stdout
