"""Create a new lesson: the page from the template, its navigation entry, and its test file.

    .venv/bin/python scripts/new_lesson.py "Gradient descent with momentum" --section lectures

creates

* ``docs/lectures/02-gradient-descent-with-momentum.py`` from ``nnbook_site/templates/lesson.py``
  (a small complete lesson that builds and passes ``scripts/check_lessons.py``: replace its
  content with yours);
* an entry ``"02 · Gradient descent with momentum": lectures/02-...py`` at the end of the
  section's navigation in ``mkdocs.yml`` (a new section is added after the last section of
  lessons);
* ``tests/lessons/test_02_gradient_descent_with_momentum.py``, which checks the lesson's anatomy
  and citations and that the ``nnbook`` code it imports exists.

In a folder whose lessons are numbered (``01-...``) the new lesson gets the next number; in a
folder of named lessons (``hopfield.py``) it gets none. ``--slug`` and ``--number`` override
this. It touches nothing else and refuses to overwrite a file.

It refuses a title with a control character (a newline, a tab), and a lesson that is already
there: a lesson of the section with the same file name (whatever its number) or the same title
in the navigation. The title is written as a double-quoted YAML string in ``mkdocs.yml`` and
escaped in the test file's docstring, so any other character is safe.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

from nnbook_site import ROOT
from nnbook_site.lessons import is_lesson, lesson_paths

TEMPLATE = Path(__file__).resolve().parent / "templates" / "lesson.py"
#: ``{title}`` is escaped by :func:`_docstring_text`; the other fields are checked file names.
TEST_TEMPLATE = '''"""Tests of the lesson "{title}",
{lesson}.

The site build executes the lesson (a cell that raises fails it). These tests check in a second,
without executing it, that the lesson keeps the lesson anatomy and cites only works of
docs/references.bib, and that every name it imports from nnbook exists. Tests of what the lesson
claims about its results belong here too; tests of the nnbook functions themselves belong in
tests/test_<module>.py.
"""

from __future__ import annotations

from pathlib import Path

from nnbook_site.checks import check_anatomy, check_citations, check_nnbook_imports

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / {parts}
BIB = ROOT / "docs" / "references.bib"


def _report(problems) -> str:
    return "\\n".join(map(str, problems))


def test_lesson_has_the_anatomy():
    problems = check_anatomy(LESSON)
    assert not problems, _report(problems)


def test_lesson_cites_only_works_in_the_bibliography():
    problems = check_citations([LESSON], BIB)
    assert not problems, _report(problems)


def test_the_nnbook_code_the_lesson_imports_exists():
    problems = check_nnbook_imports(LESSON)
    assert not problems, _report(problems)
'''


#: What a title may not hold: control characters (newline, tab, ...), line and paragraph
#: separators, surrogates, the bidirectional overrides that reorder how source reads, and the
#: two characters YAML refuses.
_FORBIDDEN_CATEGORIES = {"Cc", "Cs", "Zl", "Zp"}
_FORBIDDEN_CHARS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufffe\uffff")
MAX_TITLE = 200


def check_title(title: str, what: str = "title") -> str:
    """``title`` without surrounding spaces; SystemExit if empty or with a control character."""
    for c in title:
        if unicodedata.category(c) in _FORBIDDEN_CATEGORIES or c in _FORBIDDEN_CHARS:
            raise SystemExit(
                f"the {what} {title!r} contains the control character {c!r} (U+{ord(c):04X}): "
                f"give a {what} on one line, without tabs or other control characters"
            )
    title = title.strip()
    if not title:
        raise SystemExit(f"the {what} is empty: give one")
    if len(title) > MAX_TITLE:
        raise SystemExit(
            f"the {what} is {len(title)} characters long: keep it under {MAX_TITLE} "
            "(it is the page's heading and its entry in the navigation)"
        )
    return title


def _docstring_text(text: str) -> str:
    """``text`` for a triple-quoted string: backslashes and double quotes escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def slugify(title: str, limit: int = 48) -> str:
    """``"Gradient descent: momentum & Nesterov"`` -> ``"gradient-descent-momentum-nesterov"``."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    if not slug:
        raise SystemExit(f"cannot make a file name from the title {title!r}: give --slug")
    return slug


def _lessons_of(folder: Path) -> list[Path]:
    """The lessons of a section folder under docs/."""
    return [path for path in lesson_paths(folder.parent) if path.parent == folder]


def next_number(folder: Path) -> int | None:
    """The next lesson number in ``folder``, or None when its lessons are not numbered."""
    lessons = _lessons_of(folder)
    numbers = [int(m.group(1)) for p in lessons if (m := re.match(r"(\d+)-", p.name))]
    if lessons and not numbers:
        return None
    return max(numbers, default=0) + 1


def _yaml_quote(text: str) -> str:
    """``text`` as a double-quoted YAML string (``text`` holds no control character).

    Always quoted: a plain key may read as something else (``No`` is false, ``a: b`` a mapping).
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _nav(mkdocs_yml: str) -> list:
    """The ``nav`` of ``mkdocs.yml`` (tags such as ``!ENV`` read as nothing)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return (yaml.load(mkdocs_yml, Loader=Loader) or {}).get("nav") or []


def _nav_entries(mkdocs_yml: str, section: str) -> list[tuple[str, str]]:
    """(title without its number, path) of each lesson of ``section`` in the nav."""
    entries = []

    def walk(items):
        for item in items if isinstance(items, list) else []:
            for title, value in item.items() if isinstance(item, dict) else []:
                if isinstance(value, list):
                    walk(value)
                elif (
                    isinstance(value, str) and is_lesson(value) and value.startswith(f"{section}/")
                ):
                    entries.append((re.sub(r"^\d+ · ", "", str(title)), value))

    walk(_nav(mkdocs_yml))
    return entries


def _refuse_duplicates(root: Path, folder: Path, base: str, title: str, mkdocs_yml: str) -> None:
    """SystemExit if the section has a lesson with this file name (any number) or this title."""
    slug = re.sub(r"^\d+-", "", base)
    for path in _lessons_of(folder):
        if re.sub(r"^\d+-", "", path.stem) == slug:
            raise SystemExit(
                f"{path.relative_to(root).as_posix()} already exists: a lesson with the file name "
                f"'{slug}'. Edit that lesson, or give another title or --slug"
            )
    wanted = " ".join(title.split()).casefold()
    for nav_title, path in _nav_entries(mkdocs_yml, folder.name):
        if " ".join(nav_title.split()).casefold() == wanted:
            raise SystemExit(
                f"mkdocs.yml already has a lesson titled {title!r} in its nav: {path}. "
                "Edit that lesson, or give another title"
            )


def add_to_nav(
    mkdocs_yml: str, section: str, entry_path: str, label: str, section_title: str | None = None
) -> str:
    """Return ``mkdocs_yml`` with ``label: entry_path`` appended to ``section``'s nav block.

    Only the ``nav:`` list is touched, line by line, so comments and formatting elsewhere stay.
    """
    lines = mkdocs_yml.splitlines(keepends=True)
    if any(re.search(rf"(:|-)\s*{re.escape(entry_path)}\s*$", line) for line in lines):
        raise SystemExit(f"{entry_path} is already in the nav of mkdocs.yml")
    try:
        nav = next(i for i, line in enumerate(lines) if re.match(r"nav:\s*$", line))
    except StopIteration:
        raise SystemExit("mkdocs.yml has no `nav:` list") from None
    # Top-level items of the nav: (first line, last line) of each block.
    blocks, item_indent = [], None
    i = nav + 1
    while i < len(lines):
        line = lines[i]
        if line.strip() and not line.startswith((" ", "-")):
            break  # the next top-level key of mkdocs.yml
        m = re.match(r"(\s*)- ", line)
        if m and (item_indent is None or len(m.group(1)) == item_indent):
            item_indent = len(m.group(1))
            blocks.append([i, i])
        elif blocks and line.strip():
            blocks[-1][1] = i
        i += 1
    if not blocks:
        raise SystemExit("the nav of mkdocs.yml is empty")

    def mentions(block, pattern):
        return any(re.search(pattern, lines[j]) for j in range(block[0], block[1] + 1))

    owner = [b for b in blocks if mentions(b, rf"[:-]\s*{re.escape(section)}/")]
    if owner:
        first, last = owner[0]
        child = next(
            (lines[j] for j in range(first + 1, last + 1) if lines[j].strip().startswith("- ")),
            None,
        )
        indent = (len(child) - len(child.lstrip())) if child else item_indent + 4
        new = [f"{' ' * indent}- {_yaml_quote(label)}: {entry_path}\n"]
    else:
        lessons = [b for b in blocks if mentions(b, r"[:-]\s*[\w-]+/[^\s/]+\.py\s*$")]
        last = (lessons[-1] if lessons else blocks[0])[1]
        title = section_title or section.replace("-", " ").replace("_", " ").capitalize()
        new = [
            f"{' ' * item_indent}- {_yaml_quote(title)}:\n",
            f"{' ' * (item_indent + 4)}- {_yaml_quote(label)}: {entry_path}\n",
        ]
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    return "".join(lines[: last + 1] + new + lines[last + 1 :])


def create(
    title: str,
    section: str,
    slug: str | None = None,
    number: int | None = None,
    root: Path = ROOT,
    section_title: str | None = None,
) -> dict[str, Path]:
    """Create the lesson, its nav entry and its test file under ``root``; return the paths."""
    title = check_title(title)
    if section_title is not None:
        section_title = check_title(section_title, "section title")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", section):
        raise SystemExit(f"--section must be a folder name such as 'lectures', got {section!r}")
    if section in {"api", "assets", "contributing"}:
        raise SystemExit(f"docs/{section}/ holds no lessons; choose a section of lessons")
    folder = root / "docs" / section
    if number is None:
        number = next_number(folder)
    base = slug or slugify(title)
    if number is not None and not re.match(r"\d+-", base):
        base = f"{number:02d}-{base}"
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", base):
        raise SystemExit(
            f"a lesson's file name is lower case letters, digits and hyphens, got {base!r}"
        )
    lesson = folder / f"{base}.py"
    test = root / "tests" / "lessons" / f"test_{base.replace('-', '_')}.py"
    mkdocs = root / "mkdocs.yml"
    mkdocs_yml = mkdocs.read_text(encoding="utf-8")
    _refuse_duplicates(root, folder, base, title, mkdocs_yml)
    for path in (lesson, test):
        if path.exists():
            raise SystemExit(f"{path.relative_to(root)} already exists")
    label = f"{number:02d} · {title}" if number is not None else title
    nav = add_to_nav(mkdocs_yml, section, f"{section}/{base}.py", label, section_title)

    text = TEMPLATE.read_text(encoding="utf-8").replace("{{TITLE}}", title)
    parts = " / ".join(f'"{p}"' for p in ("docs", section, f"{base}.py"))
    test_text = TEST_TEMPLATE.format(
        lesson=f"docs/{section}/{base}.py", title=_docstring_text(title), parts=parts
    )
    folder.mkdir(parents=True, exist_ok=True)
    test.parent.mkdir(parents=True, exist_ok=True)
    lesson.write_text(text, encoding="utf-8")
    test.write_text(test_text, encoding="utf-8")
    mkdocs.write_text(nav, encoding="utf-8")
    return {"lesson": lesson, "test": test, "mkdocs": mkdocs}


def main(argv=None, root: Path = ROOT) -> int:
    """The command line; ``root`` is the repository to add the lesson to."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("title", help='the lesson\'s title, e.g. "Gradient descent with momentum"')
    parser.add_argument(
        "--section",
        required=True,
        help="folder under docs/: lectures, tensors, autodiff, architectures, ...",
    )
    parser.add_argument("--slug", help="file name without .py (default: from the title)")
    parser.add_argument("--number", type=int, help="lesson number (default: the folder's next)")
    parser.add_argument(
        "--section-title", help="nav title of a new section (default: from --section)"
    )
    ns = parser.parse_args(argv)
    paths = create(
        ns.title, ns.section, ns.slug, ns.number, root=root, section_title=ns.section_title
    )
    lesson = paths["lesson"].relative_to(root)
    test = paths["test"].relative_to(root)
    print(f"created {lesson}")
    print(f"created {test}")
    print(f"added {lesson.relative_to('docs').as_posix()} to the nav in mkdocs.yml")
    print("next:")
    print(
        f"  .venv/bin/python scripts/check_lessons.py {lesson} --run   # check and run it (seconds)"
    )
    print(
        "  python3 scripts/book.py serve                      # preview it at http://127.0.0.1:8000"
    )
    print(f"  python3 scripts/book.py test {test}   # its tests")
    return 0
