"""MkDocs hooks for the nnbook site (registered in ``mkdocs.yml``).

1. **Fresh outputs.**  mkdocs-jupyter caches executed pages under a key made of the
   page's bytes and its options only.  We add a fingerprint of ``nnbook/`` and of
   the locked dependency versions to the cache folder's name, so a change to the
   package re-executes the lessons, and old folders are removed.
2. **Reproducible output.**  Seeds and environment for the kernels (``PYTHONHASHSEED``,
   ``SOURCE_DATE_EPOCH`` so SVG figures carry no date) and deterministic cell ids.
3. **Offline maths.**  MathJax is copied from ``node_modules`` (``npm ci``) into the
   built site; no page asks a CDN for it.
4. **Notebook downloads and versions.**  Each lesson is also written as ``.ipynb`` next to its
   page. A line at the top of the page links to it and names the versions of Python, NumPy,
   TensorFlow (on pages that use it) and nnbook the page was executed with.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.nnbook")

ROOT = Path(__file__).resolve().parent.parent
MATHJAX = ROOT / "node_modules" / "mathjax" / "es5"
CACHE_ROOT = ROOT / ".cache" / "mkdocs-jupyter"
_state: dict = {}


def package_fingerprint() -> str:
    """Hash of every file the executed pages depend on besides themselves."""
    h = hashlib.sha256()
    files = sorted((ROOT / "nnbook").rglob("*.py")) + [ROOT / "requirements.lock"]
    for path in files:
        if path.exists():
            h.update(path.relative_to(ROOT).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _deterministic_cell_ids() -> None:
    """jupytext gives new cells random ids; number them instead."""
    import nbformat.v4.nbbase as nbbase

    counter = {"n": 0}

    def next_id() -> str:
        counter["n"] += 1
        return f"cell-{counter['n']}"

    nbbase.random_cell_id = next_id
    _state["reset_ids"] = lambda: counter.update(n=0)


def on_config(config):
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    os.environ["NNBOOK_SITE_BUILD"] = "1"
    _deterministic_cell_ids()
    plugin = config["plugins"].get("mkdocs-jupyter")
    if plugin is not None and plugin.config.get("cache", True):
        fp = package_fingerprint()
        cache_dir = CACHE_ROOT / fp
        plugin.config["cache_dir"] = str(cache_dir)
        _state["cache_dir"] = cache_dir
        log.info("nnbook fingerprint %s: executed pages cached in %s", fp, cache_dir)
    return config


def _is_lesson(page) -> bool:
    return page.file.src_uri.endswith(".py")


def on_pre_page(page, config, files):
    if _is_lesson(page):
        if "reset_ids" in _state:
            _state["reset_ids"]()
        _state.setdefault("started", {})[page.file.src_uri] = time.perf_counter()
    return page


def _record_execution_time(page) -> None:
    """Seconds spent rendering (so executing, on a cache miss) each lesson.

    Kept in ``lesson-times.json`` in the cache folder, so a page served from the cache keeps
    the time of its last real execution; copied into the site as ``.nnbook/lesson-times.json``.
    """
    started = _state.get("started", {}).pop(page.file.src_uri, None)
    cache_dir = _state.get("cache_dir")
    if started is None:
        return
    elapsed = time.perf_counter() - started
    times = _state.setdefault("times", _load_times(cache_dir))
    if elapsed > 1.0 or page.file.src_uri not in times:  # > 1 s: it really executed
        times[page.file.src_uri] = round(elapsed, 2)


def _load_times(cache_dir) -> dict:
    path = Path(cache_dir) / "lesson-times.json" if cache_dir else None
    if path and path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {}


def executed_with(source: str) -> str:
    """'Python 3.11.7 · NumPy 2.3.5 · ...': the versions a lesson runs with in this build."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"Python {platform.python_version()}"]
    wanted = [("NumPy", "numpy"), ("TensorFlow", "tensorflow"), ("PyTorch", "torch"),
              ("nnbook", "nnbook")]
    for label, dist in wanted:
        if dist in ("tensorflow", "torch") and f"import {dist}" not in source:
            continue
        try:
            parts.append(f"{label} {version(dist)}")
        except PackageNotFoundError:
            pass
    return " · ".join(parts)


def on_page_content(html, page, config, files):
    if not _is_lesson(page):
        return html
    _record_execution_time(page)
    name = Path(page.file.src_uri).with_suffix(".ipynb").name
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    meta = (
        f'<p class="nnbook-lesson-meta">Executed with {executed_with(source)} · '
        f'<a href="../{name}" download>Download this lesson as a Jupyter notebook</a></p>\n'
    )
    return meta + html


def on_post_build(config):
    site = Path(config["site_dir"])
    # 3. MathJax, from the npm package
    if not (MATHJAX / "tex-chtml.js").exists():
        raise SystemExit(
            "MathJax is missing: run `npm ci` in the repository root "
            "(the README's setup command does this)."
        )
    target = site / "assets" / "mathjax"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(MATHJAX, target, ignore=shutil.ignore_patterns("sre", "*.map", "node-main*"))
    # 4. Notebook downloads
    import jupytext

    docs = Path(config["docs_dir"])
    for src in sorted(docs.glob("*/*.py")):
        nb = jupytext.read(src)
        for i, cell in enumerate(nb.cells, 1):
            cell["id"] = f"cell-{i}"
        rel = src.relative_to(docs)
        dest = site / rel.parent / rel.with_suffix(".ipynb").name
        dest.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(nb, dest, fmt="ipynb")
    # Execution times, for the lesson checks
    times = _state.pop("times", {})
    lessons = {f"{p.parent.name}/{p.name}" for p in docs.glob("*/*.py")}
    times = {k: v for k, v in sorted(times.items()) if k in lessons}
    for folder in (site / ".nnbook", _state.get("cache_dir")):
        if folder is not None:
            Path(folder).mkdir(parents=True, exist_ok=True)
            (Path(folder) / "lesson-times.json").write_text(json.dumps(times, indent=1) + "\n")
    # 1. Remove cache folders of other fingerprints
    current = _state.get("cache_dir")
    if current is not None and CACHE_ROOT.exists():
        for old in CACHE_ROOT.iterdir():
            if old.is_dir() and old != current:
                shutil.rmtree(old, ignore_errors=True)
