"""MkDocs hooks for the nnbook site (registered in ``mkdocs.yml``).

1. **Fresh outputs.**  mkdocs-jupyter caches executed pages under a key made of the
   page's bytes and its options only.  We add a fingerprint of ``nnbook/`` and of
   the locked dependency versions to the cache folder's name, so a change to the
   package re-executes the lessons, and old folders are removed.
2. **Reproducible output.**  Seeds and environment for the kernels (``PYTHONHASHSEED``,
   ``SOURCE_DATE_EPOCH`` so SVG figures carry no date) and deterministic cell ids.
3. **Offline maths.**  MathJax is copied from ``node_modules`` (``npm ci``) into the
   built site; no page asks a CDN for it.
4. **Notebook downloads.**  Each lesson is also written as ``.ipynb`` next to its page,
   with a link at the top of the page.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
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
    if _is_lesson(page) and "reset_ids" in _state:
        _state["reset_ids"]()
    return page


def on_page_content(html, page, config, files):
    if not _is_lesson(page):
        return html
    name = Path(page.file.src_uri).with_suffix(".ipynb").name
    link = (
        f'<p class="nnbook-lesson-meta"><a href="../{name}" download>'
        f"Download this lesson as a Jupyter notebook</a></p>\n"
    )
    return link + html


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
    # 1. Remove cache folders of other fingerprints
    current = _state.get("cache_dir")
    if current is not None and CACHE_ROOT.exists():
        for old in CACHE_ROOT.iterdir():
            if old.is_dir() and old != current:
                shutil.rmtree(old, ignore_errors=True)
