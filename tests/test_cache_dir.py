"""The execution cache (``nnbook_site.cache``): what its key holds, and what it deletes.

* The fingerprint that names the cache folder changes with the BLAS kernel NumPy runs
  (``OPENBLAS_CORETYPE`` forces one) and with the Python version, so a page executed on another
  machine is not served here.
* ``NNBOOK_CACHE_DIR`` may name a folder shared with other programs (``~/.cache``): a build only
  ever deletes the fingerprint folders it made and marked, never another file or folder, nor
  anything behind a symlink.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nnbook_site import cache as hooks

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "nnbook_site" / "hooks" / "build.py"  # the build hook, which uses nnbook_site.cache


# --- the key ---------------------------------------------------------------------------------

PROBE = """
from nnbook_site import cache as hooks
print(hooks.blas_kernel())
print(hooks.package_fingerprint())
"""


def _fingerprint(coretype: str) -> tuple[str, str]:
    """(BLAS kernel, fingerprint) in a fresh interpreter with ``OPENBLAS_CORETYPE=coretype``."""
    env = {**os.environ, "OPENBLAS_CORETYPE": coretype}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    kernel, fingerprint = proc.stdout.splitlines()[-2:]
    return kernel, fingerprint


def test_fingerprint_differs_between_blas_kernels():
    # Prescott (OpenBLAS reports it as "Katmai") and Nehalem run on every x86-64 CPU.
    prescott, nehalem = _fingerprint("Prescott"), _fingerprint("Nehalem")
    assert "nehalem" in nehalem[0].lower() and "nehalem" not in prescott[0].lower(), (
        prescott,
        nehalem,
    )
    assert prescott[1] != nehalem[1]
    assert _fingerprint("Prescott") == prescott, "the fingerprint is not stable"
    assert hooks.FINGERPRINT_RE.fullmatch(prescott[1])


def test_fingerprint_includes_the_python_version(monkeypatch):
    monkeypatch.setattr(hooks, "blas_kernel", lambda: "openblas 0.3 Haswell")
    before = hooks.package_fingerprint()
    monkeypatch.setattr(hooks.sys, "version_info", (3, 99, 0, "final", 0))
    assert hooks.package_fingerprint() != before


def test_fingerprint_includes_the_blas_kernel(monkeypatch):
    monkeypatch.setattr(hooks, "blas_kernel", lambda: "openblas 0.3 Haswell")
    before = hooks.package_fingerprint()
    monkeypatch.setattr(hooks, "blas_kernel", lambda: "openblas 0.3 Nehalem")
    assert hooks.package_fingerprint() != before


# --- what a build deletes --------------------------------------------------------------------

OURS = hooks.CACHE_FORMAT + "\n"


def _shared_folder(tmp_path: Path) -> tuple[Path, list[Path]]:
    """A cache folder shared with other programs, and folders outside it that it links to."""
    cache, outside = tmp_path / "cache", tmp_path / "outside"
    files = {
        cache / "pip" / "http" / "0" / "entry": "a pip download",
        cache / "other-project" / "data.txt": "another project's data",
        cache / "notes.txt": "a file",
        cache / "0123456789abcdef" / "page.json": "named like a fingerprint, unmarked",
        cache / "fedcba9876543210" / hooks.CACHE_MARKER: "another program's marker\n",
        cache / "1111111111111111" / "page.json": "marker is a symlink",
        cache / "not-a-fingerprint" / hooks.CACHE_MARKER: OURS,  # marked, badly named
        outside / "marked" / hooks.CACHE_MARKER: OURS,  # looks ours behind a symlink
        outside / "marked" / "precious.txt": "behind a symlink named like a fingerprint",
        outside / "plain" / "precious.txt": "behind a symlink",
        outside / "linked-from-a-cache" / "precious.txt": "linked from inside a cache folder",
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (cache / "aaaaaaaaaaaaaaaa").symlink_to(outside / "marked", target_is_directory=True)
    (cache / "link-elsewhere").symlink_to(outside / "plain", target_is_directory=True)
    (cache / "1111111111111111" / hooks.CACHE_MARKER).symlink_to(
        outside / "marked" / hooks.CACHE_MARKER
    )
    return cache, [cache, outside]


def _snapshot(folders: list[Path], skip: set[str] = frozenset()) -> dict[str, str]:
    """Every path below ``folders`` (symlinks not followed) with its content or link target."""
    found = {}
    for top in folders:
        for dirpath, dirnames, filenames in os.walk(top):  # os.walk does not enter symlinks
            dirnames[:] = [d for d in dirnames if d not in skip]
            for name in dirnames + filenames:
                path = Path(dirpath) / name
                if path.is_symlink():
                    found[str(path)] = "-> " + os.readlink(path)
                elif path.is_file():
                    found[str(path)] = path.read_text(encoding="utf-8")
                else:
                    found[str(path)] = "folder"
    return found


def test_eviction_keeps_everything_the_build_did_not_make(tmp_path):
    cache, watched = _shared_folder(tmp_path)
    before = _snapshot(watched)
    old = hooks.claim_cache_dir(cache / "abcdefabcdefabcd")
    (old / "page.json").write_text("an old executed page")
    (old / "link").symlink_to(tmp_path / "outside" / "linked-from-a-cache")
    current = hooks.claim_cache_dir(cache / "0000000000000001")
    assert (current / hooks.CACHE_MARKER).read_text() == OURS

    assert hooks.evict_caches(cache, current) == [old]
    assert not old.exists() and current.is_dir()
    assert _snapshot(watched, skip={current.name}) == before


def test_claiming_a_folder_rewrites_a_foreign_marker(tmp_path):
    folder = tmp_path / "0000000000000002"
    folder.mkdir()
    (tmp_path / "elsewhere").write_text("not a marker")
    (folder / hooks.CACHE_MARKER).symlink_to(tmp_path / "elsewhere")
    hooks.claim_cache_dir(folder)
    marker = folder / hooks.CACHE_MARKER
    assert not marker.is_symlink() and marker.read_text() == OURS
    assert (tmp_path / "elsewhere").read_text() == "not a marker"


def _tiny_repo(tmp_path: Path) -> Path:
    """A repository with an empty nnbook/ and a site of one lesson and one page, built with
    the project's build hook."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    (repo / "nnbook").mkdir()
    (repo / "nnbook" / "__init__.py").write_text('"""Version one."""\n')
    (repo / "docs" / "sec").mkdir(parents=True)
    (repo / "docs" / "index.md").write_text("# Home\n\nA page.\n")
    (repo / "docs" / "sec" / "lesson.py").write_text(
        "# %% [markdown]\n# # A lesson\n\n# %%\nprint(1 + 1)\n"
    )
    (repo / "mkdocs.yml").write_text(
        f"""\
site_name: Tiny
theme: mkdocs
hooks:
  - {HOOK}
plugins:
  - mkdocs-jupyter:
      include: ["*/*.py"]
      execute: true
      allow_errors: false
nav:
  - Home: index.md
  - Lesson: sec/lesson.py
"""
    )
    return repo


def _build(repo: Path, cache: Path) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NNBOOK_CACHE_DIR": str(cache)}
    env.pop("NNBOOK_NO_CACHE", None)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(repo / "site")],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


@pytest.mark.slow
def test_two_real_builds_remove_only_their_own_old_folder(tmp_path):
    repo = _tiny_repo(tmp_path)
    cache, watched = _shared_folder(tmp_path)
    before = _snapshot(watched)

    _build(repo, cache)
    (first,) = [p for p in cache.iterdir() if str(p) not in before]
    assert hooks.FINGERPRINT_RE.fullmatch(first.name)
    assert (first / hooks.CACHE_MARKER).read_text() == OURS
    assert list(first.glob("*.json")), "the lesson was not cached"
    (first / "link").symlink_to(tmp_path / "outside" / "linked-from-a-cache")
    assert _snapshot(watched, skip={first.name}) == before

    (repo / "nnbook" / "__init__.py").write_text('"""Version two."""\n')  # a new fingerprint
    log = _build(repo, cache)
    (second,) = [p for p in cache.iterdir() if str(p) not in before]
    assert second.name != first.name and (second / hooks.CACHE_MARKER).is_file()
    assert not first.exists(), "the build's own old folder was kept"
    assert f"removed the execution cache of another fingerprint: {first}" in log
    assert _snapshot(watched, skip={second.name}) == before
