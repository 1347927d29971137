"""How long lessons take: in the build (``.nnbook/lesson-times.json``, written by the build
hook), or run here as plain scripts (:func:`run_lesson`, seconds, no build)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from nnbook_site import DOCS
from nnbook_site.checks.problem import Problem, display
from nnbook_site.lessons import read_lesson

#: Seconds a lesson may take to execute in the build. The lessons train small networks on small
#: data so that a reader can run them on a laptop CPU; a lesson that needs more is too slow to read.
TIME_BUDGET = 60.0
#: Where the build writes the execution times, in the site.
TIMES_FILE = Path(".nnbook") / "lesson-times.json"


def check_times(times_file: Path, lessons, docs: Path = DOCS, budget: float = TIME_BUDGET):
    """Problems, and ``{lesson: seconds or None}``, from the build's ``lesson-times.json``."""
    times_file = Path(times_file)
    if not times_file.exists():
        return [
            Problem(
                times_file,
                None,
                "no execution times were recorded in the built site",
                "build with the project's mkdocs.yml, whose hook nnbook_site/hooks/build.py "
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
                    f"nnbook; time it with `time .venv/bin/python {display(lesson)}`",
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
    cells = read_lesson(path).cells
    cell = max((c.line for c in cells if line and c.line <= line), default=None)
    where = f"the cell at line {cell} raises" if cell else "raises"
    return [
        Problem(
            path,
            line,
            f"{where}: {error}",
            f"fix the code at line {line}; reproduce with `.venv/bin/python "
            f"{display(path)}` (the build fails on any cell that raises)",
        )
    ], seconds
