"""MkDocs hooks for the nnbook site (registered in ``mkdocs.yml``).

1. **Fresh outputs.**  mkdocs-jupyter caches executed pages under a key made of the
   page's bytes and its options only.  We add a fingerprint of ``nnbook/``, the locked
   dependency versions, the Python version and the BLAS kernel NumPy picks on this CPU to the
   cache folder's name, so a change to any of them re-executes the lessons.  The build marks
   each fingerprint folder it makes with a ``.nnbook-cache`` file; after a build it removes
   the marked folders of other fingerprints, and nothing else.
2. **Reproducible output.**  Seeds and environment for the kernels (``PYTHONHASHSEED``,
   ``SOURCE_DATE_EPOCH`` so SVG figures carry no date), deterministic cell ids, and printed
   output merged into one block per cell however the kernel flushed it.
3. **Offline maths.**  MathJax comes from ``node_modules`` (``npm ci``); no page asks a CDN
   for it (see 6; the package is still copied into the site for readers' own use).
4. **Notebook downloads and versions.**  Each lesson is also written as ``.ipynb`` next to its
   page. A line at the top of the page links to it and names the versions of Python, NumPy,
   TensorFlow (on pages that use it) and nnbook the page was executed with.
5. **Light lesson pages.**  mkdocs-jupyter inlines ~590 KB of CSS and a copy-button script
   into every lesson, and its figures as base64 ``data:`` URIs.  ``on_post_page`` moves the
   CSS (deduplicated) to ``assets/stylesheets/jupyter.css`` and the script to
   ``assets/javascripts/jupyter.js``, served once and cached; drops the template's MathJax 2
   config, empty ``<script src="">`` and the Mermaid loader (it imports from a CDN); and
   writes each figure to a file named by its content next to the page, with the alt text
   that :mod:`nnbook.plotting` put in the figure (the SVG's ``<title>``, the PNG's
   ``Description``).
6. **Maths without JavaScript.**  Every formula is typeset to SVG at build time by MathJax
   in Node.js (``scripts/maths.py``); pages load no MathJax and no fonts.  A TeX error is
   a warning, so ``--strict`` fails on it.
7. **A lighter search index.**  API source listings and lesson outputs are marked
   ``data-search-exclude`` (Material's search skips them); prose, headings and code stay.
8. **Links in lessons.**  ``[API](../api/mlp.md)`` in a lesson's Markdown cell is rewritten
   to the page's URL, as MkDocs does on Markdown pages.

Environment: ``NNBOOK_CACHE_DIR`` points the execution cache somewhere else (an empty folder
gives a cold build, see ``scripts/reproducible_build.py``); the build puts its fingerprint folders
in it and only ever deletes those, so a shared folder such as ``~/.cache`` is safe, if untidy.
``NNBOOK_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.nnbook")

ROOT = Path(__file__).resolve().parent.parent
MATHJAX = ROOT / "node_modules" / "mathjax" / "es5"
#: The file that marks a fingerprint folder as made by this hook, and its first line.
CACHE_MARKER = ".nnbook-cache"
CACHE_FORMAT = "nnbook execution cache, format 1"
FINGERPRINT_RE = re.compile(r"[0-9a-f]{16}")
_state: dict = {}


def cache_root() -> Path:
    """The folder that holds the fingerprint folders: ``NNBOOK_CACHE_DIR`` or ``.cache/``."""
    return Path(os.environ.get("NNBOOK_CACHE_DIR") or ROOT / ".cache" / "mkdocs-jupyter")


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


def package_fingerprint() -> str:
    """Hash of what the executed pages depend on besides themselves: the files of ``nnbook/``
    and ``requirements.lock``, the Python version, and the BLAS kernel (:func:`blas_kernel`)."""
    h = hashlib.sha256()
    files = sorted((ROOT / "nnbook").rglob("*.py")) + [ROOT / "requirements.lock"]
    for path in files:
        if path.exists():
            h.update(path.relative_to(ROOT).as_posix().encode())
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
    """A folder this hook made: a real folder (no symlink) named like a fingerprint, marked."""
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


def _deterministic_cell_ids() -> None:
    """jupytext gives new cells random ids; number them instead."""
    import nbformat.v4.nbbase as nbbase

    counter = {"n": 0}

    def next_id() -> str:
        counter["n"] += 1
        return f"cell-{counter['n']}"

    nbbase.random_cell_id = next_id
    _state["reset_ids"] = lambda: counter.update(n=0)


def _coalesce_streams_after_execution() -> None:
    """A loop that prints lands in one or several stdout outputs depending on when the
    kernel flushed: merge them after execution (nbconvert's own merge runs before it)."""
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor, ExecutePreprocessor

    if getattr(ExecutePreprocessor.preprocess, "_nnbook", False):
        return
    execute = ExecutePreprocessor.preprocess

    def preprocess(self, nb, resources=None, km=None):
        nb, resources = execute(self, nb, resources, km)
        return CoalesceStreamsPreprocessor().preprocess(nb, resources)

    preprocess._nnbook = True
    ExecutePreprocessor.preprocess = preprocess


def on_config(config):
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    os.environ["NNBOOK_SITE_BUILD"] = "1"
    _deterministic_cell_ids()
    _coalesce_streams_after_execution()
    _state["css"], _state["js"], _state["classes"] = [], [], set()
    plugin = config["plugins"].get("mkdocs-jupyter")
    if plugin is not None and os.environ.get("NNBOOK_NO_CACHE") == "1":
        plugin.config["cache"] = False
    _state.pop("cache_dir", None)
    if plugin is not None and plugin.config.get("cache", True):
        fp = package_fingerprint()
        cache_dir = claim_cache_dir(cache_root() / fp)
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
    wanted = [
        ("NumPy", "numpy"),
        ("TensorFlow", "tensorflow"),
        ("PyTorch", "torch"),
        ("nnbook", "nnbook"),
    ]
    for label, dist in wanted:
        if dist in ("tensorflow", "torch") and f"import {dist}" not in source:
            continue
        try:
            parts.append(f"{label} {version(dist)}")
        except PackageNotFoundError:
            pass
    return " · ".join(parts)


def _search_only_prose(html: str) -> str:
    """7. Keep listings out of the search index: source code of the API pages and the
    printed outputs of lessons (they were half of its weight, and every page loads it)."""
    html = html.replace(
        '<details class="mkdocstrings-source">',
        '<details class="mkdocstrings-source" data-search-exclude>',
    )
    return html.replace(
        '<div class="jp-OutputArea jp-Cell-outputArea">',
        '<div class="jp-OutputArea jp-Cell-outputArea" data-search-exclude>',
    )


_DOC_LINK = re.compile(r'href="(?![a-zA-Z][\w+.-]*:|/|#)([^"#]+\.(?:md|py))(#[^"]*)?"')


def _lesson_links(html: str, page, files) -> str:
    """8. Links in lessons to ``../api/mlp.md`` or ``02-x.py`` become page URLs.

    MkDocs rewrites such links on Markdown pages only; nbconvert leaves them as written,
    so on the site they pointed at source files that do not exist.  A link to a missing
    page is a warning (so ``--strict`` fails), as MkDocs does for Markdown pages."""
    import posixpath

    def link(m):
        target = posixpath.normpath(
            posixpath.join(posixpath.dirname(page.file.src_uri), m.group(1))
        )
        file = files.get_file_from_path(target)
        if file is None or not (file.is_documentation_page() or file.page is not None):
            log.warning(
                "%s: link to '%s', which is not a page of the site", page.file.src_uri, m.group(1)
            )
            return m.group(0)
        return f'href="{file.url_relative_to(page.file)}{m.group(2) or ""}"'

    return _DOC_LINK.sub(link, html)


def on_page_content(html, page, config, files):
    html = _search_only_prose(html)
    if not _is_lesson(page):
        return html
    html = _lesson_links(html, page, files)
    _record_execution_time(page)
    name = Path(page.file.src_uri).with_suffix(".ipynb").name
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    meta = (
        f'<p class="nnbook-lesson-meta">Executed with {executed_with(source)} · '
        f'<a href="../{name}" download>Download this lesson as a Jupyter notebook</a></p>\n'
    )
    return meta + html


# ---------------------------------------------------------------------------------------- #
# 5. Light lesson pages
# ---------------------------------------------------------------------------------------- #
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.S)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>\s*", re.S)
_DATA_IMG = re.compile(r'<img\b([^>]*?)src="data:image/(svg\+xml|png);base64,([^"]+)"([^>]*)>')
_NO_ALT = "No description has been provided for this image"
_MATH_DELIMS = re.compile(r"\$|\\\(|\\\[|\\begin\{")
SHARED_CSS = "assets/stylesheets/jupyter.css"
SHARED_JS = "assets/javascripts/jupyter.js"
MATHS_CSS = "assets/stylesheets/mathjax-svg.css"


def _keep_unique(store: list, text: str) -> None:
    if text not in store:
        store.append(text)


def _strip_notebook_assets(output: str) -> str:
    """Move inline <style> and the copy-button script out; drop dead and CDN scripts."""

    def style(m):
        _keep_unique(_state["css"], m.group(1).strip() + "\n")
        return ""

    def script(m):
        attrs, body = m.group(1), m.group(2)
        if 'src=""' in attrs or "text/x-mathjax-config" in attrs or "cdnjs.cloudflare" in body:
            return ""
        if "ClipboardCopyElement" in body or "'clipboard-copy'" in body:
            _keep_unique(_state["js"], body.strip() + "\n")
            return ""
        return m.group(0)

    head, sep, body = output.partition("</head>")
    wrapper = body.find('<div class="jupyter-wrapper">')
    if not sep or wrapper < 0:
        return output
    # Everything mkdocs-jupyter inlines sits in the article, just before the wrapper.
    start = body.rfind("<article", 0, wrapper)
    before, notebook = body[:start], body[start:]
    notebook = _SCRIPT.sub(script, _STYLE.sub(style, notebook))
    return head + sep + before + notebook


def _figure_alt(kind: str, data: bytes) -> str:
    """The alt text nnbook.plotting stored in a figure, or a description of its text."""
    if kind == "png":
        try:
            from PIL import Image

            text = Image.open(io.BytesIO(data)).text.get("Description", "")
        except Exception:  # not a PNG Pillow reads: no stored text
            text = ""
        return text or "Figure (no description was given)."
    svg = data.decode("utf-8", "replace")
    m = re.match(
        r"(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE[^>]*>\s*)?(?:<!--.*?-->\s*)*<svg\b[^>]*>\s*"
        r"<title>(.*?)</title>",
        svg,
        re.S,
    )
    if m:
        return htmllib.unescape(m.group(1)).strip()
    words = [htmllib.unescape(t).strip() for t in re.findall(r"<text\b[^>]*>([^<]+)</text>", svg)]
    words = [w for w in words if w and not re.fullmatch(r"[-\u2212\d.,%e ]+", w)]
    return ("Figure showing " + ", ".join(words[:12]) + ".") if words else "Figure."


def _externalise_figures(output: str, page, config) -> str:
    """Write each data-URI figure to ``fig-<hash>.<ext>`` next to the page, with alt text."""
    folder = Path(config["site_dir"]) / Path(page.file.dest_uri).parent

    def figure(m):
        before, kind, b64, after = m.groups()
        data = base64.b64decode(b64)
        ext = "svg" if kind == "svg+xml" else "png"
        name = f"fig-{hashlib.sha256(data).hexdigest()[:16]}.{ext}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        attrs = re.sub(r'\s*alt="[^"]*"', "", before + after).strip()
        alt = re.search(r'alt="([^"]*)"', before + after)
        text = alt.group(1) if alt and alt.group(1) != _NO_ALT else _figure_alt(kind, data)
        extra = f" {attrs}" if attrs else ""
        return (
            f'<img src="{name}" alt="{htmllib.escape(text, quote=True)}" '
            f'loading="lazy" decoding="async"{extra}>'
        )

    return _DATA_IMG.sub(figure, output)


def _drop_mathjax(output: str) -> str:
    """Remove run-time MathJax (older configs listed it in extra_javascript)."""
    scripts = r"(?:mathjax-config\.js|mathjax/(?:tex-chtml|startup)\.js)"
    return re.sub(rf'<script src="[^"]*{scripts}"></script>\s*', "", output)


def _typeset_maths(output: str, page) -> str:
    """6. Maths typeset to SVG at build time (``scripts/maths.py``)."""
    maths = _sibling("maths")
    if _state.get("mathjax") is None:
        _state["mathjax"] = maths.MathJax()
    output, count, problems = maths.typeset_page(output, _state["mathjax"])
    for problem in problems:
        log.warning("%s: TeX error, %s", page.file.src_uri, problem)
    if count:
        _state["maths"] = _state.get("maths", 0) + count
        base = "../" * page.url.count("/") if page.url else ""
        output = output.replace(
            "</head>", f'  <link rel="stylesheet" href="{base}{MATHS_CSS}">\n  </head>', 1
        )
    return _drop_mathjax(output)


def on_post_page(output, page, config):
    base = "../" * page.url.count("/") if page.url else ""
    if _is_lesson(page):
        output = _strip_notebook_assets(output)
        for names in re.findall(r'class="([^"]*)"', output):
            _state["classes"].update(names.split())
        output = _externalise_figures(output, page, config)
        output = output.replace(
            "</head>", f'  <link rel="stylesheet" href="{base}{SHARED_CSS}">\n  </head>', 1
        )
        output = output.replace(
            "</body>", f'  <script src="{base}{SHARED_JS}"></script>\n  </body>', 1
        )
    return _typeset_maths(output, page)


def _sibling(name: str):
    """Import ``scripts/<name>.py`` (the hooks folder is not a package)."""
    import importlib.util
    import sys

    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _write_shared_assets(site: Path) -> None:
    """jupyter.css (only the rules the lessons can use), jupyter.js, mathjax-svg.css."""
    css = _state.get("css")
    if css:
        css = [_sibling("notebook_css").prune("\n".join(css), _state["classes"])]
    mathjax = _state.get("mathjax")
    maths_css = [mathjax.stylesheet()] if mathjax is not None and _state.get("maths") else None
    for rel, parts in ((SHARED_CSS, css), (SHARED_JS, _state.get("js")), (MATHS_CSS, maths_css)):
        if parts:
            path = site / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(parts), encoding="utf-8")


def on_post_build(config):
    site = Path(config["site_dir"])
    _write_shared_assets(site)
    if _state.get("mathjax") is not None:
        _state.pop("mathjax").close()
    # 3. MathJax, from the npm package
    if not (MATHJAX / "startup.js").exists():
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
    # 1. Remove the cache folders this hook made for other fingerprints, nothing else
    current = _state.get("cache_dir")
    if current is not None:
        evict_caches(current.parent, current)
