"""The lesson checker's command line: ``scripts/check_lessons.py`` runs :func:`main`."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from nnbook_site import DOCS, ROOT
from nnbook_site.bibliography import BIB_NAME
from nnbook_site.checks.anatomy import check_anatomy
from nnbook_site.checks.citations import BIB, check_citations
from nnbook_site.checks.execution import (
    TIME_BUDGET,
    TIMES_FILE,
    check_times,
    format_time,
    run_lesson,
)
from nnbook_site.checks.images import check_images
from nnbook_site.checks.links import check_links
from nnbook_site.checks.problem import Problem
from nnbook_site.lessons import lesson_paths

DESCRIPTION = (
    "Check that every lesson of the book holds the lesson anatomy and builds into working pages."
)


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
    parser = argparse.ArgumentParser(description=DESCRIPTION)
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
    problems = static_problems(lessons, docs, docs / BIB_NAME)
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
