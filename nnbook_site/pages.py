"""Light lesson pages: what the build does to the HTML of a page after rendering it.

mkdocs-jupyter inlines ~590 KB of CSS and a copy-button script into every lesson, and its
figures as base64 ``data:`` URIs. The build hook (:mod:`nnbook_site.hooks.build`) uses

* :func:`strip_notebook_assets` to move the CSS (deduplicated) to
  ``assets/stylesheets/jupyter.css`` and the script to ``assets/javascripts/jupyter.js``, served
  once and cached; and to drop the template's MathJax 2 config, empty ``<script src="">`` and
  the Mermaid loader (it imports from a CDN);
* :func:`externalise_figures` to write each figure to a file named by its content next to the
  page, with the alt text that :mod:`nnbook.plotting` put in the figure (the SVG's
  ``<title>``, the PNG's ``Description``);
* :func:`lesson_links` to turn ``[API](../api/mlp.md)`` in a lesson's Markdown cell into the
  page's URL, as MkDocs does on Markdown pages;
* :func:`search_only_prose` to keep API source listings and lesson outputs out of the search
  index (``data-search-exclude``); prose, headings and code stay.
"""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import io
import logging
import posixpath
import re
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.nnbook")

SHARED_CSS = "assets/stylesheets/jupyter.css"
SHARED_JS = "assets/javascripts/jupyter.js"
MATHS_CSS = "assets/stylesheets/mathjax-svg.css"
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.S)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>\s*", re.S)
_DATA_IMG = re.compile(r'<img\b([^>]*?)src="data:image/(svg\+xml|png);base64,([^"]+)"([^>]*)>')
_NO_ALT = "No description has been provided for this image"
_DOC_LINK = re.compile(r'href="(?![a-zA-Z][\w+.-]*:|/|#)([^"#]+\.(?:md|py))(#[^"]*)?"')


def relative_base(page) -> str:
    """The way from a page's URL back to the site's root: ``"../../"``."""
    return "../" * page.url.count("/") if page.url else ""


def link_in_head(output: str, href: str) -> str:
    """``output`` with a stylesheet link at the end of its ``<head>``."""
    return output.replace("</head>", f'  <link rel="stylesheet" href="{href}">\n  </head>', 1)


def search_only_prose(html: str) -> str:
    """Keep listings out of the search index: source code of the API pages and the printed
    outputs of lessons (they were half of its weight, and every page loads it)."""
    html = html.replace(
        '<details class="mkdocstrings-source">',
        '<details class="mkdocstrings-source" data-search-exclude>',
    )
    return html.replace(
        '<div class="jp-OutputArea jp-Cell-outputArea">',
        '<div class="jp-OutputArea jp-Cell-outputArea" data-search-exclude>',
    )


def lesson_links(html: str, page, files) -> str:
    """Links in lessons to ``../api/mlp.md`` or ``02-x.py`` become page URLs.

    MkDocs rewrites such links on Markdown pages only; nbconvert leaves them as written,
    so on the site they pointed at source files that do not exist.  A link to a missing
    page is a warning (so ``--strict`` fails), as MkDocs does for Markdown pages."""

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


def lesson_meta(versions: str, notebook_name: str) -> str:
    """The line at the top of a lesson: the versions it ran with and its notebook download."""
    return (
        f'<p class="nnbook-lesson-meta">Executed with {versions} · '
        f'<a href="../{notebook_name}" download>'
        "Download this lesson as a Jupyter notebook</a></p>\n"
    )


def _keep_unique(store: list, text: str) -> None:
    if text not in store:
        store.append(text)


def strip_notebook_assets(output: str, css: list[str], js: list[str]) -> str:
    """Move inline <style> (into ``css``) and the copy-button script (into ``js``) out of a
    lesson page; drop dead and CDN scripts."""

    def style(m):
        _keep_unique(css, m.group(1).strip() + "\n")
        return ""

    def script(m):
        attrs, body = m.group(1), m.group(2)
        if 'src=""' in attrs or "text/x-mathjax-config" in attrs or "cdnjs.cloudflare" in body:
            return ""
        if "ClipboardCopyElement" in body or "'clipboard-copy'" in body:
            _keep_unique(js, body.strip() + "\n")
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


def link_shared_assets(output: str, base: str) -> str:
    """Link a lesson page to the shared notebook CSS and script."""
    output = link_in_head(output, f"{base}{SHARED_CSS}")
    return output.replace("</body>", f'  <script src="{base}{SHARED_JS}"></script>\n  </body>', 1)


def figure_alt(kind: str, data: bytes) -> str:
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


def externalise_figures(output: str, folder: Path) -> str:
    """Write each data-URI figure to ``folder/fig-<hash>.<ext>`` and link it, with alt text."""

    def figure(m):
        before, kind, b64, after = m.groups()
        data = base64.b64decode(b64)
        ext = "svg" if kind == "svg+xml" else "png"
        name = f"fig-{hashlib.sha256(data).hexdigest()[:16]}.{ext}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        attrs = re.sub(r'\s*alt="[^"]*"', "", before + after).strip()
        alt = re.search(r'alt="([^"]*)"', before + after)
        text = alt.group(1) if alt and alt.group(1) != _NO_ALT else figure_alt(kind, data)
        extra = f" {attrs}" if attrs else ""
        return (
            f'<img src="{name}" alt="{htmllib.escape(text, quote=True)}" '
            f'loading="lazy" decoding="async"{extra}>'
        )

    return _DATA_IMG.sub(figure, output)


def drop_mathjax(output: str) -> str:
    """Remove run-time MathJax (older configs listed it in extra_javascript)."""
    scripts = r"(?:mathjax-config\.js|mathjax/(?:tex-chtml|startup)\.js)"
    return re.sub(rf'<script src="[^"]*{scripts}"></script>\s*', "", output)
