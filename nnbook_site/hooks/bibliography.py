"""MkDocs hook: ``[@key]`` citations and the Bibliography page (registered in ``mkdocs.yml``).

1. ``on_files`` reads the ``.bib`` file and scans every page source *before* any page is
   rendered: Markdown pages, and the Markdown cells of executed lessons. A key that is not in
   the ``.bib`` file stops the build with the file and the key.
2. ``on_nav`` puts the citing pages of each entry in navigation order.
3. ``on_page_markdown`` rewrites citations on Markdown pages into Markdown links to
   ``bibliography.md#<key>`` (so MkDocs checks each link and anchor), and fills the
   Bibliography page at the marker ``<!-- nnbook:bibliography -->``.
4. ``on_page_content`` rewrites citations left in the HTML: lessons, which mkdocs-jupyter
   renders without ``on_page_markdown``, and docstrings inserted by mkdocstrings.

The work is done by :mod:`nnbook_site.bibliography` and :mod:`nnbook_site.citations`.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path

from mkdocs.exceptions import PluginError

from nnbook_site.bibliography import (
    BIB_NAME,
    BIB_PAGE,
    MARKER,
    format_entries,
    label_parts,
    relative_url,
    render_bibliography,
    replace_in_html,
    rewrite_citations,
    scan_sources,
    unknown_citations,
    unsafe_links,
)
from nnbook_site.citations import load_bibliography, map_prose
from nnbook_site.lessons import is_lesson

log = logging.getLogger("mkdocs.hooks.nnbook.bibliography")
_state: dict = {}


def _check_keys(keys: list[str], where: str) -> None:
    missing = [k for k in keys if k not in _state["bib"].entries]
    if missing:
        raise PluginError(
            f"{where} cites {', '.join('[@' + k + ']' for k in missing)}: not in docs/{BIB_NAME}"
        )


def on_files(files, config):
    docs_dir = Path(config["docs_dir"])
    try:
        bib = load_bibliography(docs_dir / BIB_NAME)
    except Exception as exc:  # pybtex raises its own error types for syntax and repeated keys
        raise PluginError(f"docs/{BIB_NAME} cannot be read: {exc}") from exc
    texts = format_entries(bib, docs_dir / BIB_NAME)  # a missing field stops the build here
    for warning in unsafe_links(bib):
        log.warning(warning)
    src_uris = [f.src_uri for f in files if f.is_documentation_page() or is_lesson(f.src_uri)]
    cited = scan_sources(docs_dir, src_uris)
    problems = unknown_citations(cited, bib)
    if problems:
        raise PluginError("Unknown citation keys:\n  " + "\n  ".join(problems))
    _state.update(bib=bib, cited=cited, parts=label_parts(bib), texts=texts)
    log.info("bibliography: %d entries, %d cited", len(bib.entries), len(cited))
    return files


def on_nav(nav, config, files):
    """List the citing pages of each entry in the order of the navigation."""
    if "cited" in _state:
        order = {page.file.src_uri: i for i, page in enumerate(nav.pages)}
        for pages in _state["cited"].values():
            pages.sort(key=lambda p: (order.get(p.src_uri, len(order)), p.src_uri))
    return nav


def on_page_markdown(markdown, page, config, files):
    if "bib" not in _state:
        return markdown
    src_uri = page.file.src_uri
    if src_uri == BIB_PAGE and MARKER in markdown:
        bib_file = files.get_file_from_path(BIB_PAGE)

        def page_link(uri):
            target = files.get_file_from_path(uri)
            return relative_url(target.url, bib_file.url) if target else None

        body = render_bibliography(_state["bib"], _state["cited"], page_link, _state["texts"])
        markdown = markdown.replace(MARKER, body)
    if is_lesson(src_uri):
        return markdown
    bib_path = posixpath.relpath(BIB_PAGE, posixpath.dirname(src_uri) or ".")

    def replace(text: str) -> str:
        check = lambda keys: _check_keys(keys, src_uri)  # noqa: E731
        return rewrite_citations(text, _state["parts"], bib_path, html_out=False, check=check)

    return map_prose(markdown, replace)


def on_page_content(html_content, page, config, files):
    if "bib" not in _state or "@" not in html_content:
        return html_content
    bib_file = files.get_file_from_path(BIB_PAGE)
    if bib_file is None:
        return html_content
    bib_url = relative_url(bib_file.url, page.file.url)

    def replace(text: str) -> str:
        check = lambda keys: _check_keys(keys, page.file.src_uri)  # noqa: E731
        return rewrite_citations(text, _state["parts"], bib_url, html_out=True, check=check)

    return replace_in_html(html_content, replace)
