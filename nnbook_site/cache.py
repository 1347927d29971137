"""The execution cache: its key, and what a build may delete.

mkdocs-jupyter caches executed pages under a key made of the page's bytes and its options
only. The build adds a fingerprint of what else the outputs depend on to the cache folder's
name (:func:`package_fingerprint`): the files of ``nnbook/``, the locked dependency versions,
the Python version and the BLAS kernel NumPy picks on this CPU; a change to any of them
re-executes the lessons. The build marks each fingerprint folder it makes with a
``.nnbook-cache`` file (:func:`claim_cache_dir`); after a build it removes the marked folders
of other fingerprints, and nothing else (:func:`evict_caches`).

``NNBOOK_CACHE_DIR`` points the cache somewhere else (an empty folder gives a cold build, see
``scripts/reproducible_build.py``); the build puts its fingerprint folders in it and only ever
deletes those, so a shared folder such as ``~/.cache`` is safe, if untidy.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from nnbook_site import ROOT

log = logging.getLogger("mkdocs.hooks.nnbook")

#: The file that marks a fingerprint folder as made by the build, and its first line.
CACHE_MARKER = ".nnbook-cache"
CACHE_FORMAT = "nnbook execution cache, format 1"
FINGERPRINT_RE = re.compile(r"[0-9a-f]{16}")


def cache_root(root: Path | None = None) -> Path:
    """The folder that holds the fingerprint folders: ``NNBOOK_CACHE_DIR`` or ``.cache/``."""
    root = ROOT if root is None else root
    return Path(os.environ.get("NNBOOK_CACHE_DIR") or root / ".cache" / "mkdocs-jupyter")


_BLAS_PROBE = """
import numpy, threadpoolctl
for lib in threadpoolctl.threadpool_info():
    if lib.get("user_api") == "blas":
        print(lib.get("internal_api"), lib.get("version"), lib.get("architecture"))
"""


def blas_kernel() -> str:
    """``"openblas 0.3.30 Haswell"``: the BLAS library NumPy loads and the CPU kernel it runs.

    OpenBLAS picks its kernel for the CPU when it loads (``OPENBLAS_CORETYPE`` forces one), and
    kernels may round differently, so another machine may print other digits.  Asked of a fresh
    interpreter, as a lesson's kernel starts, so what this process has imported does not matter.
    """
    prefixes = ("OPENBLAS", "GOTO", "MKL", "NPY", "PYTHON")
    environment = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(prefixes)))
    return _blas_kernel(environment)


@lru_cache(maxsize=8)
def _blas_kernel(environment: tuple) -> str:  # cached for each value of the variables above
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _BLAS_PROBE], capture_output=True, text=True, timeout=120
        )
    except (OSError, subprocess.SubprocessError) as exc:  # no interpreter, or a timeout
        problem = str(exc)
    else:
        if proc.returncode == 0:
            return "; ".join(sorted(proc.stdout.splitlines())) or "no BLAS library"
        problem = (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
    log.warning(
        "cannot tell which BLAS kernel NumPy uses (%s): the execution cache cannot tell this "
        "machine from another",
        problem,
    )
    return "unknown"


def package_fingerprint(root: Path | None = None) -> str:
    """Hash of what the executed pages depend on besides themselves: the files of ``nnbook/``
    and ``requirements.lock`` under ``root`` (default: this repository), the Python version,
    and the BLAS kernel (:func:`blas_kernel`)."""
    root = ROOT if root is None else root
    h = hashlib.sha256()
    files = sorted((root / "nnbook").rglob("*.py")) + [root / "requirements.lock"]
    for path in files:
        if path.exists():
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    h.update("python {}.{}\n".format(*sys.version_info[:2]).encode())
    h.update(f"blas {blas_kernel()}\n".encode())
    return h.hexdigest()[:16]


def claim_cache_dir(cache_dir: Path) -> Path:
    """Create the fingerprint folder and mark it as the build's own (see :func:`evict_caches`)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    marker = cache_dir / CACHE_MARKER
    if not _is_own_cache(cache_dir):
        marker.unlink(missing_ok=True)  # a stray symlink or an old format: write it anew
        marker.write_text(CACHE_FORMAT + "\n", encoding="utf-8")
    return cache_dir


def _is_own_cache(folder: Path) -> bool:
    """A folder the build made: a real folder (no symlink) named like a fingerprint, marked."""
    marker = folder / CACHE_MARKER
    if not FINGERPRINT_RE.fullmatch(folder.name) or folder.is_symlink() or not folder.is_dir():
        return False
    if marker.is_symlink() or not marker.is_file():
        return False
    try:
        with open(marker, encoding="utf-8", errors="replace") as f:
            return f.readline(200).rstrip("\n") == CACHE_FORMAT
    except OSError:
        return False


def evict_caches(root: Path, keep: Path) -> list[Path]:
    """Delete the marked fingerprint folders in ``root`` other than ``keep``; return them.

    Anything else in ``root`` (files, other folders, symlinks and what they point to) stays:
    ``NNBOOK_CACHE_DIR`` may name a folder the build shares with other programs.
    """
    removed = []
    if not root.is_dir():
        return removed
    for folder in sorted(root.iterdir()):
        if folder.name != keep.name and _is_own_cache(folder):
            shutil.rmtree(folder, ignore_errors=True)  # rmtree does not follow symlinks inside
            log.info("removed the execution cache of another fingerprint: %s", folder)
            removed.append(folder)
    return removed
