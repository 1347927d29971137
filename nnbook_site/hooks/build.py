"""MkDocs hook: how the site is built from executed lessons (registered in ``mkdocs.yml``).

1. **Fresh outputs.**  Executed pages are cached in a folder named by a fingerprint of what
   they depend on besides themselves; the build deletes only its own old folders
   (:mod:`nnbook_site.cache`). ``NNBOOK_NO_CACHE=1`` turns the cache off.
2. **Reproducible output.**  Seeds and environment for the kernels, numbered cell ids, and
   printed output merged into one block per cell (:mod:`nnbook_site.execution`).
3. **Notebook downloads and versions.**  Each lesson is also written as ``.ipynb`` next to its
   page. A line at the top of the page links to it and names the versions of Python, NumPy,
   TensorFlow (on pages that use it) and nnbook the page was executed with.
4. **Light lesson pages.**  Shared CSS and script, figures as files with alt text, links
   between lessons, a lighter search index (:mod:`nnbook_site.pages`).
5. **Maths without JavaScript.**  Every formula is typeset to SVG at build time by MathJax in
   Node.js (:mod:`nnbook_site.maths`, from ``node_modules``); pages load no MathJax and no
   fonts, and the site holds no copy of it.  A TeX error is a warning, so ``--strict`` fails
   on it.
6. **Execution times.**  Seconds each lesson took, in ``.nnbook/lesson-times.json`` of the site
   (the lesson checker reads them) and in the cache folder.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from pathlib import Path

from nnbook_site import maths, notebook_css, pages
from nnbook_site.cache import cache_root, claim_cache_dir, evict_caches, package_fingerprint
from nnbook_site.execution import (
    coalesce_streams_after_execution,
    executed_with,
    number_cells,
    reproducible_environment,
)
from nnbook_site.lessons import is_lesson, lesson_paths, to_notebook

log = logging.getLogger("mkdocs.hooks.nnbook")
TIMES = "lesson-times.json"
_state: dict = {}


def on_config(config):
    if not maths.MATHJAX.joinpath("startup.js").exists():
        raise SystemExit(
            "MathJax is missing: run `npm ci` in the repository root "
            "(the README's setup command does this)."
        )
    reproducible_environment()
    if "mathjax" in _state:  # `mkdocs serve`: a build that stopped half way left it running
        _state["mathjax"].close()
    _state.clear()
    _state.update(reset_ids=number_cells(), css=[], js=[], classes=set())
    coalesce_streams_after_execution()
    plugin = config["plugins"].get("mkdocs-jupyter")
    if plugin is not None and os.environ.get("NNBOOK_NO_CACHE") == "1":
        plugin.config["cache"] = False
    if plugin is not None and plugin.config.get("cache", True):
        root = Path(config["config_file_path"]).resolve().parent
        fingerprint = package_fingerprint(root)
        cache_dir = claim_cache_dir(cache_root(root) / fingerprint)
        plugin.config["cache_dir"] = str(cache_dir)
        _state["cache_dir"] = cache_dir
        log.info("nnbook fingerprint %s: executed pages cached in %s", fingerprint, cache_dir)
    return config


def on_pre_page(page, config, files):
    if is_lesson(page.file.src_uri):
        _state["reset_ids"]()
        _state.setdefault("started", {})[page.file.src_uri] = time.perf_counter()
    return page


def _record_execution_time(page) -> None:
    """Seconds spent rendering (so executing, on a cache miss) a lesson. A page served from the
    cache keeps the time of its last real execution."""
    started = _state.get("started", {}).pop(page.file.src_uri, None)
    if started is None:
        return
    elapsed = time.perf_counter() - started
    if "times" not in _state:
        path = Path(_state["cache_dir"]) / TIMES if "cache_dir" in _state else None
        _state["times"] = json.loads(path.read_text("utf-8")) if path and path.exists() else {}
    if elapsed > 1.0 or page.file.src_uri not in _state["times"]:  # > 1 s: it really executed
        _state["times"][page.file.src_uri] = round(elapsed, 2)


def on_page_content(html, page, config, files):
    html = pages.search_only_prose(html)
    if not is_lesson(page.file.src_uri):
        return html
    html = pages.lesson_links(html, page, files)
    _record_execution_time(page)
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    notebook = Path(page.file.src_uri).with_suffix(".ipynb").name
    return pages.lesson_meta(executed_with(source), notebook) + html


def on_post_page(output, page, config):
    base = pages.relative_base(page)
    if is_lesson(page.file.src_uri):
        output = pages.strip_notebook_assets(output, _state["css"], _state["js"])
        for names in re.findall(r'class="([^"]*)"', output):
            _state["classes"].update(names.split())
        folder = Path(config["site_dir"]) / Path(page.file.dest_uri).parent
        output = pages.externalise_figures(output, folder)
        output = pages.link_shared_assets(output, base)
    if "mathjax" not in _state:
        _state["mathjax"] = maths.MathJax()
    output, count, problems = maths.typeset_page(output, _state["mathjax"])
    for problem in problems:
        log.warning("%s: TeX error, %s", page.file.src_uri, problem)
    if count:
        _state["maths"] = _state.get("maths", 0) + count
        output = pages.link_in_head(output, f"{base}{pages.MATHS_CSS}")
    return pages.drop_mathjax(output)


def _write_shared_assets(site: Path) -> None:
    """jupyter.css (only the rules the lessons can use), jupyter.js, mathjax-svg.css."""
    css = _state.get("css")
    if css:
        css = [notebook_css.prune("\n".join(css), _state["classes"])]
    mathjax = _state.get("mathjax")
    maths_css = [mathjax.stylesheet()] if mathjax is not None and _state.get("maths") else None
    for rel, parts in (
        (pages.SHARED_CSS, css),
        (pages.SHARED_JS, _state.get("js")),
        (pages.MATHS_CSS, maths_css),
    ):
        if parts:
            path = site / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(parts), encoding="utf-8")


def on_post_build(config):
    import jupytext

    site, docs = Path(config["site_dir"]), Path(config["docs_dir"])
    _write_shared_assets(site)
    if "mathjax" in _state:
        _state.pop("mathjax").close()
    # Notebook downloads
    lessons = lesson_paths(docs)
    for src in lessons:
        rel = src.relative_to(docs)
        dest = site / rel.with_suffix(".ipynb")
        dest.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(to_notebook(src), dest, fmt="ipynb")
    # Execution times, for the lesson checks
    names = {src.relative_to(docs).as_posix() for src in lessons}
    times = {k: v for k, v in sorted(_state.pop("times", {}).items()) if k in names}
    for folder in (site / ".nnbook", _state.get("cache_dir")):
        if folder is not None:
            Path(folder).mkdir(parents=True, exist_ok=True)
            (Path(folder) / TIMES).write_text(json.dumps(times, indent=1) + "\n")
    # Remove the cache folders this build made for other fingerprints, nothing else
    current = _state.get("cache_dir")
    if current is not None:
        evict_caches(current.parent, current)
