"""How the site's code is laid out (docs/contributing/code-layout.md), checked: each concept is
defined once in ``nnbook_site``, the MkDocs hooks and ``scripts/`` are thin, and nothing is
imported by file path or by editing ``sys.path``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from nnbook_site import ROOT, checks

PACKAGE = ROOT / "nnbook_site"
#: Standalone scripts, run with the system's Python before the virtual environment exists.
STANDALONE = {"book.py", "portability.py"}
#: Tests of a standalone script load it by path: it is no module of a package.
LOADS_A_STANDALONE_SCRIPT = {"test_book_setup.py"}


def _sources(folder: Path, skip=frozenset()) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if p.name not in skip)


def _config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def test_nothing_is_imported_by_path_or_by_editing_sys_path():
    forbidden = re.compile(r"sys\.path\.(insert|append)|spec_from_file_location|SourceFileLoader")
    files = (
        _sources(PACKAGE)
        + _sources(ROOT / "scripts", skip=STANDALONE)
        + _sources(ROOT / "tests", skip=LOADS_A_STANDALONE_SCRIPT | {Path(__file__).name})
    )
    found = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in files
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert not found, f"import nnbook_site modules instead: {found}"


def test_the_hooks_mkdocs_loads_are_the_package_hook_modules():
    hooks = [ROOT / h for h in _config()["hooks"]]
    assert hooks == [PACKAGE / "hooks" / "build.py", PACKAGE / "hooks" / "bibliography.py"]


@pytest.mark.parametrize("hook", ["build.py", "bibliography.py"])
def test_a_hook_module_holds_only_events_and_small_helpers(hook):
    tree = ast.parse((PACKAGE / "hooks" / hook).read_text(encoding="utf-8"))
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert all(f.name.startswith(("on_", "_")) for f in functions), [f.name for f in functions]
    assert all(f.end_lineno - f.lineno < 40 for f in functions), "move the work into a module"
    assert not [node for node in tree.body if isinstance(node, ast.ClassDef)]


def test_scripts_are_entry_points_into_the_package():
    for path in _sources(ROOT / "scripts", skip=STANDALONE):
        text = path.read_text(encoding="utf-8")
        assert "from nnbook_site" in text, path
        assert len(text.splitlines()) <= 20, f"{path.name}: put the code in nnbook_site"


@pytest.mark.parametrize(
    ("definition", "home"),
    [
        (r"^CITATION_RE = ", "citations.py"),
        (r"^NARRATIVE_RE = ", "citations.py"),
        (r"^_FENCE_RE = ", "citations.py"),
        (r"\bparse_file\(", "citations.py"),  # the .bib file, read by pybtex
        (r"jupytext\.reads?\(|cell_reader_class", "lessons.py"),  # a lesson, read by Jupytext
        (r"[\"']\*/\*\.py[\"']", "lessons.py"),  # what a lesson is
    ],
)
def test_each_concept_is_defined_in_one_module(definition, home):
    pattern = re.compile(definition, re.M)
    homes = [
        p.relative_to(PACKAGE).as_posix()
        for p in _sources(PACKAGE)
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert homes == [home]


def test_the_checker_exports_a_sorted_public_surface():
    assert checks.__all__ == sorted(checks.__all__)
    assert all(hasattr(checks, name) for name in checks.__all__)
