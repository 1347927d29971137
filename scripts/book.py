#!/usr/bin/env python3
"""Set up, build, serve and test nnbook with one command (standard library only).

    python3 scripts/book.py serve    # set up, then build and serve the site on http://127.0.0.1:8000/nnbook/
    python3 scripts/book.py test     # set up, then run every test (builds the site strictly)
    python3 scripts/book.py build    # set up, then build the site into site/
    python3 scripts/book.py setup    # only set up
    python3 scripts/book.py lock     # refresh requirements.lock from pyproject.toml in a fresh venv

Setting up means, each step skipped when already done:

1. system packages from apt: graphviz (the `dot` program draws computational graphs) and,
   for the browser tests, chromium (run as root, or with sudo available);
2. a virtual environment in .venv with the exact versions of requirements.lock and nnbook
   installed in editable mode;
3. MathJax from npm (package-lock.json) into node_modules/, which the build copies into the site.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
LOCK = ROOT / "requirements.lock"
APT_FOR = {"dot": "graphviz", "chromium": "chromium"}


def run(cmd: list, **kw) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kw)


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes() if p.exists() else b"")
    return h.hexdigest()


def _stamp_ok(stamp: Path, digest: str) -> bool:
    return stamp.exists() and stamp.read_text().strip() == digest


def apt_packages(programs: list[str]) -> None:
    missing = [APT_FOR[p] for p in programs if shutil.which(p) is None]
    if not missing:
        return
    if shutil.which("apt-get") is None:
        sys.exit(f"Please install {', '.join(missing)} with your system's package manager.")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(sudo + ["apt-get", "update", "-qq"], env=env)
    run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env)


def python_env() -> None:
    if not PY.exists():
        run([sys.executable, "-m", "venv", VENV])
    stamp = VENV / ".nnbook-installed"
    digest = _digest(LOCK, ROOT / "pyproject.toml")
    if _stamp_ok(stamp, digest):
        return
    run([PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([PY, "-m", "pip", "install", "--quiet", "-r", LOCK])
    run([PY, "-m", "pip", "install", "--quiet", "--no-deps", "-e", "."])
    stamp.write_text(digest)


def node_env() -> None:
    stamp = ROOT / "node_modules" / ".nnbook-installed"
    digest = _digest(ROOT / "package-lock.json")
    if _stamp_ok(stamp, digest):
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed to install MathJax (install Node.js 18 or newer).")
    run([npm, "ci", "--no-audit", "--no-fund"])
    stamp.write_text(digest)


def setup(with_browser: bool) -> None:
    apt_packages(["dot", "chromium"] if with_browser else ["dot"])
    python_env()
    node_env()


def lock() -> None:
    """Resolve pyproject.toml's dependencies (all extras) afresh; pin them in requirements.lock."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        run([sys.executable, "-m", "venv", venv])
        py = venv / "bin" / "python"
        run([py, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        run([py, "-m", "pip", "install", "--quiet", ".[all]"])
        frozen = subprocess.run(
            [py, "-m", "pip", "freeze", "--exclude", "nnbook"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    # Drop local version labels (torch==2.13.0+cpu -> torch==2.13.0): "==2.13.0" still matches
    # the CPU build where one is provided, and the line stays installable from plain PyPI.
    frozen = re.sub(r"^([A-Za-z0-9_.-]+==[^+\s]+)\+\S+$", r"\1", frozen, flags=re.M)
    header = (
        "# Exact versions that the README's commands and CI install.\n"
        "# Refresh with: python3 scripts/book.py lock   (then run the tests)\n"
    )
    LOCK.write_text(header + frozen)
    print(f"wrote {LOCK.relative_to(ROOT)} ({len(frozen.splitlines())} packages)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["setup", "serve", "build", "test", "lock"])
    parser.add_argument("args", nargs=argparse.REMAINDER, help="passed on to pytest or mkdocs")
    ns = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if ns.command == "lock":
        lock()
        return 0
    setup(with_browser=ns.command in ("test", "setup"))
    if ns.command == "serve":
        run([BIN / "mkdocs", "serve", "--livereload", "-a", "127.0.0.1:8000", *ns.args])
    elif ns.command == "build":
        run([BIN / "mkdocs", "build", "--strict", *ns.args])
    elif ns.command == "test":
        result = subprocess.run([str(PY), "-m", "pytest", *ns.args], cwd=ROOT)
        return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
