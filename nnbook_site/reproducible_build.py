"""Build the site twice from scratch and check that the two builds are byte-identical.

The builds use a snapshot of one commit (``git archive``, default ``HEAD``; the build imports
``nnbook`` and ``nnbook_site`` from it), so edits in the work tree do not leak in. Each build
runs ``mkdocs build --strict`` into its own folder with its own, empty execution cache
(``NNBOOK_CACHE_DIR``, see :mod:`nnbook_site.cache`), so every lesson is executed twice. Then it
compares every file of the two sites, and prints the timings:

* cold build: empty cache (the first build);
* warm rebuild: the same command again with the first build's cache and nothing changed;

and the ratio warm / cold (issue 9 asks for under 0.1). Pass ``--keep DIR`` to keep the
sites and caches in ``DIR``. It takes a few minutes (every lesson runs twice); the test
suite checks a cheaper invariant (``tests/test_reproducible.py``).

    .venv/bin/python scripts/reproducible_build.py            # exit status 1 if they differ
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nnbook_site import ROOT


def snapshot(commit: str, dest: Path) -> Path:
    """The files of ``commit`` in ``dest`` (with this checkout's node_modules linked in)."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


def build(src: Path, site: Path, cache: Path) -> float:
    """Build ``src`` strictly into ``site``, execution cache in ``cache``; seconds taken."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "NNBOOK_CACHE_DIR": str(cache),
        "PYTHONPATH": str(src),
    }  # the build and its kernels import nnbook and nnbook_site from the snapshot
    env.pop("NNBOOK_NO_CACHE", None)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(
            f"build into {site} failed:\n"
            + "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
        )
    return elapsed


#: Build metadata, not pages: how long each lesson took to execute (read by check_lessons.py).
MEASURED = {Path(".nnbook/lesson-times.json")}


def _files(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()} - MEASURED


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ or exist in only one of two folders (relative paths), except the
    execution times in :data:`MEASURED`."""
    out = []
    files_a, files_b = _files(a), _files(b)
    out += [f"only in the first build: {p}" for p in sorted(files_a - files_b)]
    out += [f"only in the second build: {p}" for p in sorted(files_b - files_a)]
    for rel in sorted(files_a & files_b):
        if not filecmp.cmp(a / rel, b / rel, shallow=False):
            out.append(f"differs: {rel}")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keep", type=Path, help="keep sites and caches in this folder")
    parser.add_argument("--commit", default="HEAD", help="the commit to build (default HEAD)")
    ns = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = ns.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        src = snapshot(ns.commit, work / "src")
        cold1 = build(src, work / "site1", work / "cache1")
        print(f"cold build 1: {cold1:.1f} s", flush=True)
        warm = build(src, work / "site1-warm", work / "cache1")
        print(f"warm rebuild: {warm:.1f} s ({warm / cold1:.2f} of the cold build)", flush=True)
        cold2 = build(src, work / "site2", work / "cache2")
        print(f"cold build 2: {cold2:.1f} s", flush=True)
        diff = differences(work / "site1", work / "site2")
        html_pages = sum(1 for _ in (work / "site1").rglob("*.html"))
        files = len(_files(work / "site1"))
        if diff:
            print(f"{len(diff)} of {files} files differ between two clean builds:")
            print("\n".join(diff))
            return 1
        warm_diff = differences(work / "site1", work / "site1-warm")
        print(
            f"two clean builds: all {files} files identical ({html_pages} HTML pages); "
            f"warm rebuild: {len(warm_diff)} files differ from the cold one"
        )
        if warm_diff:
            print("\n".join(warm_diff))
        return 1 if warm_diff else 0
