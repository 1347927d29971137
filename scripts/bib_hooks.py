"""MkDocs hooks for citations and the bibliography page (registered in ``mkdocs.yml``).

A page cites a work by its key in ``docs/references.bib``: ``[@hopfield1982]``, or several
at once, ``[@hopfield1982; @amit1985]``, which read "(Hopfield, 1982)"; or, to name the authors
in the sentence, ``@hopfield1982`` without brackets, which reads "Hopfield (1982)" (this form
needs a key shaped like name + year). The build turns each citation into links to the entry on
the Bibliography page, formats the entries with pybtex (offline), and
lists under each entry the pages that cite it.

How the pieces fit together:

1. ``on_files`` reads the ``.bib`` file and scans every page source *before* any page is
   rendered: Markdown pages, and the Markdown cells of executed lessons (``docs/<section>/*.py``).
   A key that is not in the ``.bib`` file stops the build with the file and the key.
2. ``on_nav`` puts the citing pages of each entry in navigation order.
3. ``on_page_markdown`` rewrites citations on Markdown pages into Markdown links to
   ``bibliography.md#<key>`` (so MkDocs checks each link and anchor), and fills the
   Bibliography page at the marker ``<!-- nnbook:bibliography -->``.
4. ``on_page_content`` rewrites citations left in the HTML: lessons, which mkdocs-jupyter
   renders without ``on_page_markdown``, and docstrings inserted by mkdocstrings.

Text inside code (fenced blocks, inline code, ``<pre>``/``<code>``) is never treated as a
citation. The functions below are also used by ``tests/test_bibliography.py``.

Everything that comes from the ``.bib`` file (keys, names, titles, years, venues, links) is
escaped wherever it lands in a page: as HTML text or attribute, or as Markdown link text (which
may not hold raw HTML or Markdown syntax, see :func:`markdown_text`). Links are made only to
``http(s)`` addresses (a DOI, arXiv id or PubMed id becomes one); any other ``url`` is shown as
text and the build warns, naming the entry (see :func:`unsafe_links`). An entry without a field
its type needs (an ``@article`` without ``journal``) stops the build with one line naming the
entry, the field and the fix.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger("mkdocs.hooks.nnbook.bibliography")

ROOT = Path(__file__).resolve().parent.parent
BIB_NAME = "references.bib"  # relative to docs_dir; MkDocs copies it into the site as is
BIB_PAGE = "bibliography.md"
MARKER = "<!-- nnbook:bibliography -->"
FURTHER_READING = "further-reading"

_KEY = r"[A-Za-z0-9_:-]+"
#: ``[@key]`` or ``[@key1; @key2]``; not when followed by ``(`` or ``[``, which makes a
#: Markdown link such as ``[@user](url)``.
CITATION_RE = re.compile(rf"\[(@{_KEY}(?:\s*;\s*@{_KEY})*)\](?![(\[])")
#: ``@key`` in running text, for "Author (Year)". Only keys shaped like ``name1999`` or
#: ``name1999word``, not after a letter, ``@``, ``/`` or ``[`` (e-mail addresses, URLs, links).
NARRATIVE_RE = re.compile(r"(?<![\w@/\[])@([a-z]+[0-9]{4}[a-z]*)(?![\w-])")
_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_INLINE_CODE_RE = re.compile(r"(`+)(?:.+?)\1", re.DOTALL)
_HTML_SPLIT_RE = re.compile(r"(<!--.*?-->|<[^>]+>)", re.DOTALL)
_HTML_SKIP = ("pre", "code", "script", "style", "textarea")

_state: dict = {}


# ---------------------------------------------------------------------------
# Reading the bibliography
# ---------------------------------------------------------------------------


def load_bibliography(path: Path):
    """Parse a ``.bib`` file with pybtex; any syntax error or repeated key raises."""
    from pybtex.database import parse_file

    return parse_file(str(path), bib_format="bibtex")


def is_further_reading(entry) -> bool:
    """True when the entry is marked ``keywords = {further-reading}``."""
    words = entry.fields.get("keywords", "")
    return FURTHER_READING in {w.strip().lower() for w in re.split(r"[,;]", words)}


def _plain(name: str) -> str:
    """A BibTeX name part without braces or TeX accents commands."""
    return re.sub(r"[{}]", "", name).strip()


def _family_name(person) -> str:
    return _plain(" ".join(person.prelast_names + person.last_names))


def _sort_text(text: str) -> str:
    """Lower case, accents removed: 'Solé' sorts as 'sole'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _people(entry):
    return entry.persons.get("author") or entry.persons.get("editor") or []


def _author_part(entry) -> str:
    people = _people(entry)
    names = [_family_name(p) for p in people]
    if not names:
        return _plain(entry.fields.get("title", "Anonymous"))
    if len(names) == 1:
        return names[0]
    if len(names) == 2 and names[1].lower() != "others":
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def sort_key(key: str, entry) -> tuple:
    """Order of the list: first author's family name, year, title."""
    people = _people(entry)
    first = _family_name(people[0]) if people else ""
    return (
        _sort_text(first),
        entry.fields.get("year", ""),
        _sort_text(entry.fields.get("title", "")),
        key,
    )


def label_parts(bib) -> dict[str, tuple[str, str]]:
    """(authors, year) of each citation; "1998a"/"1998b" when two would read the same."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, entry in bib.entries.items():
        groups[(_author_part(entry), entry.fields.get("year", "n.d."))].append(key)
    parts = {}
    for (authors, year), keys in groups.items():
        keys.sort(key=lambda k: sort_key(k, bib.entries[k]))
        for i, key in enumerate(keys):
            suffix = "abcdefghijklmnopqrstuvwxyz"[i] if len(keys) > 1 else ""
            parts[key] = (authors, f"{year}{suffix}")
    return parts


def in_text_labels(bib) -> dict[str, str]:
    """The text of each parenthetical citation: "Author, Year"."""
    return {key: f"{authors}, {year}" for key, (authors, year) in label_parts(bib).items()}


def safe_url(url: str) -> str | None:
    """``url`` if a page may link to it (``http(s)://``; ``doi:`` becomes a doi.org link), or None.

    The result is not escaped yet: put it in an attribute with ``html.escape(url, quote=True)``.
    """
    url = url.strip()
    if re.search(r"[\x00-\x20\x7f]", url):  # browsers drop tabs and newlines: "java\nscript:"
        return None
    if re.match(r"https?://", url, re.IGNORECASE):
        return url
    if re.match(r"doi:10\.", url, re.IGNORECASE):
        return "https://doi.org/" + url[4:]
    return None


def unsafe_links(bib) -> list[str]:
    """One warning per ``url`` field that is not an http(s) or DOI address (it is shown as text)."""
    return [
        f"docs/{BIB_NAME}: entry '{key}' has url = {{{entry.fields['url']!r}}}, which is not an "
        "http(s) or DOI address: it is shown as text, not as a link. Write the https:// address."
        for key, entry in bib.entries.items()
        if "url" in entry.fields and safe_url(entry.fields["url"]) is None
    ]


def _html_backend():
    """pybtex's HTML backend, with links escaped and made to http(s) addresses only.

    pybtex escapes text, but writes ``href="{url}"`` as given: a ``"`` in a DOI would end the
    attribute, and ``url = {javascript:...}`` would become a live link.
    """
    from pybtex.plugin import find_plugin

    base = find_plugin("pybtex.backends", "html")

    class SafeLinks(base):
        @staticmethod
        def format_href(url, text, external=False):
            target = safe_url(url)
            if target is None:
                return text  # pybtex already escaped the text
            return f'<a href="{html.escape(target, quote=True)}">{text}</a>' if text else ""

    return SafeLinks()


def _entry_line(bib_path, key: str) -> str:
    """``":12"``, the line of ``@type{key,`` in the ``.bib`` file, or ``""`` if not found."""
    try:
        text = Path(bib_path).read_text(encoding="utf-8")
    except (OSError, TypeError, ValueError):
        return ""
    m = re.search(rf"@\w+\s*[{{(]\s*{re.escape(key)}\s*,", text)
    return f":{text.count(chr(10), 0, m.start()) + 1}" if m else ""


def format_entries(bib, bib_path=None) -> dict[str, str]:
    """Each entry as HTML in one style (pybtex ``unsrt``), with its DOI, arXiv or URL link.

    An entry without a field the style needs raises :class:`mkdocs.exceptions.PluginError` with
    one line: where the entry is (``bib_path``, if given, for the line number), the missing
    field and the fix.
    """
    from mkdocs.exceptions import PluginError
    from pybtex.plugin import find_plugin
    from pybtex.style.template import FieldIsMissing

    style = find_plugin("pybtex.style.formatting", "unsrt")()
    backend = _html_backend()
    out = {}
    for key, entry in bib.entries.items():
        try:
            text = style.format_entry(key, entry).text.render(backend)
        except FieldIsMissing as exc:
            field = exc.field_name
            raise PluginError(
                f"docs/{BIB_NAME}{_entry_line(bib_path, key)}: entry '{key}' (@{entry.type}) has "
                f"no {field} field, which an @{entry.type} needs: add `{field} = {{...}}` to it."
            ) from None
        out[key] = " ".join(text.split())
    return out


# ---------------------------------------------------------------------------
# Finding citations in page sources
# ---------------------------------------------------------------------------


def split_keys(group: str) -> list[str]:
    """``"@a; @b"`` -> ``["a", "b"]``."""
    return [part.strip()[1:] for part in group.split(";")]


def _map_prose(markdown: str, func) -> str:
    """Apply ``func`` to the parts of Markdown text that are not code, keep the rest."""
    out = []
    fence = None
    for line in markdown.splitlines(keepends=True):
        m = _FENCE_RE.match(line)
        if fence is None and m:
            fence = m.group(1)[0] * len(m.group(1))
            out.append(line)
            continue
        if fence is not None:
            if m and m.group(1).startswith(fence):
                fence = None
            out.append(line)
            continue
        pieces, last = [], 0
        for code in _INLINE_CODE_RE.finditer(line):
            pieces.append(func(line[last : code.start()]))
            pieces.append(code.group(0))
            last = code.end()
        pieces.append(func(line[last:]))
        out.append("".join(pieces))
    return "".join(out)


def citations_in_markdown(markdown: str) -> list[str]:
    """Every key cited in Markdown text, code excluded: bracketed ones first, then narrative."""
    found: list[str] = []

    def collect(text: str) -> str:
        for m in CITATION_RE.finditer(text):
            found.extend(split_keys(m.group(1)))
        found.extend(m.group(1) for m in NARRATIVE_RE.finditer(CITATION_RE.sub(" ", text)))
        return text

    _map_prose(markdown, collect)
    return found


def lesson_markdown(path: Path) -> str:
    """The Markdown cells of a jupytext percent lesson, joined (code cells are not prose)."""
    import jupytext

    nb = jupytext.read(path)
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def page_title(markdown: str, fallback: str) -> str:
    """The first ``# Title`` outside code, without Markdown emphasis or code marks."""
    fence = None
    for line in markdown.splitlines():
        m = _FENCE_RE.match(line)
        if m:
            fence = None if fence else m.group(1)
            continue
        if fence is None and line.startswith("# "):
            return re.sub(r"[`*_]", "", line[2:]).strip()
    return fallback


def is_lesson(src_uri: str) -> bool:
    """Lessons are the ``.py`` files one folder below docs/ (mkdocs-jupyter's ``include``)."""
    return src_uri.endswith(".py") and src_uri.count("/") == 1


class CitingPage(NamedTuple):
    src_uri: str  # path below docs/, e.g. "lectures/01-first-network.py"
    title: str


def scan_sources(docs_dir: Path, src_uris=None) -> dict[str, list[CitingPage]]:
    """Map each cited key to the pages that cite it (each page once, in page order)."""
    docs_dir = Path(docs_dir)
    if src_uris is None:
        src_uris = sorted(
            p.relative_to(docs_dir).as_posix()
            for p in docs_dir.rglob("*")
            if p.suffix == ".md"
            or (p.suffix == ".py" and is_lesson(p.relative_to(docs_dir).as_posix()))
        )
    cited: dict[str, list[CitingPage]] = defaultdict(list)
    for src_uri in src_uris:
        path = docs_dir / src_uri
        text = lesson_markdown(path) if is_lesson(src_uri) else path.read_text(encoding="utf-8")
        page = CitingPage(src_uri, page_title(text, Path(src_uri).stem))
        for key in dict.fromkeys(citations_in_markdown(text)):
            cited[key].append(page)
    return dict(cited)


def unknown_citations(cited: dict[str, list[CitingPage]], bib) -> list[str]:
    """One readable line per citation of a key missing from the ``.bib`` file."""
    return [
        f"{page.src_uri} cites [@{key}], which is not in docs/{BIB_NAME}"
        for key, pages in sorted(cited.items())
        if key not in bib.entries
        for page in pages
    ]


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------


def relative_url(target_url: str, from_url: str) -> str:
    """URL of a page as seen from another page (both as MkDocs ``File.url``)."""
    from mkdocs.utils import get_relative_url

    return get_relative_url(target_url, from_url)


def render_bibliography(bib, cited: dict[str, list[CitingPage]], page_link, texts=None) -> str:
    """The body of the Bibliography page: Markdown headings and one HTML block per entry.

    ``page_link(src_uri)`` returns the URL of a citing page as seen from the Bibliography
    page (or None to show the title without a link). ``texts`` is :func:`format_entries`
    (computed here when not given).
    """
    labels = in_text_labels(bib)
    texts = format_entries(bib) if texts is None else texts
    keys = sorted(bib.entries, key=lambda k: sort_key(k, bib.entries[k]))
    works_cited = [k for k in keys if k in cited]
    further = [k for k in keys if k not in cited]

    def block(key: str) -> str:
        label = html.escape(labels[key])
        key_html = html.escape(key, quote=True)
        lines = [
            f'<div class="nnbook-ref" id="{key_html}" markdown="0">',
            f"<p><strong>{label}</strong> <code>{key_html}</code><br>",
            f"{texts[key]}</p>",
        ]
        pages = cited.get(key, [])
        if pages:
            links = []
            for page in pages:
                url = page_link(page.src_uri)
                title = html.escape(page.title)
                href = html.escape(url or "", quote=True)
                links.append(f'<a href="{href}">{title}</a>' if url else title)
            lines.append(
                f'<p class="nnbook-ref-cited"><small>Cited in: {", ".join(links)}</small></p>'
            )
        lines.append("</div>")
        return "\n".join(lines)

    parts = [f"## Works cited\n\n{len(works_cited)} works are cited on the pages of the book.\n"]
    parts += [block(k) + "\n" for k in works_cited]
    parts.append(
        f"## Further reading\n\n{len(further)} works are not cited on a page; they are listed "
        "for readers who want to go further.\n"
    )
    parts += [block(k) + "\n" for k in further]
    return "\n".join(parts)


def markdown_text(text: str) -> str:
    """``text`` as Markdown that reads as this text, whatever it holds.

    Letters, digits, spaces and ``,.-`` stay; every other character becomes a numeric character
    reference (``<`` is ``&#60;``), so no HTML tag, emphasis, code span or link can start in it.
    """
    return "".join(c if c.isalnum() or c in " ,.-" else f"&#{ord(c)};" for c in text)


def cite_markdown(keys: list[str], labels: dict[str, str], bib_path: str) -> str:
    """``(A, 1998; B, 2006)`` with each part a Markdown link to ``bib_path#key``."""
    links = [f"[{markdown_text(labels[k])}]({bib_path}#{k})" for k in keys]
    return "(" + "; ".join(links) + ")"


def rewrite_citations(text: str, parts, href: str, html_out: bool, check=None) -> str:
    """Replace the citations in one piece of prose (no code in it) by links to ``href#key``.

    ``parts`` is :func:`label_parts`; ``check(keys)`` may raise for unknown keys.
    """
    labels = {key: f"{a}, {y}" for key, (a, y) in parts.items()}

    def bracketed(m):
        keys = split_keys(m.group(1))
        if check:
            check(keys)
        return cite_html(keys, labels, href) if html_out else cite_markdown(keys, labels, href)

    def narrative(m):
        key = m.group(1)
        if check:
            check([key])
        authors, year = parts[key]
        if html_out:
            target = html.escape(f"{href}#{key}", quote=True)
            text = f"{html.escape(authors)} ({html.escape(year)})"
            return f'<a class="nnbook-cite" href="{target}">{text}</a>'
        return f"[{markdown_text(authors)} ({markdown_text(year)})]({href}#{key})"

    return NARRATIVE_RE.sub(narrative, CITATION_RE.sub(bracketed, text))


def cite_html(keys: list[str], labels: dict[str, str], bib_url: str) -> str:
    """``(A, 1998; B, 2006)`` with each part an HTML link to ``bib_url#key``."""
    links = [
        f'<a class="nnbook-cite" href="{html.escape(f"{bib_url}#{k}", quote=True)}">'
        f"{html.escape(labels[k])}</a>"
        for k in keys
    ]
    return "(" + "; ".join(links) + ")"


def _check_keys(keys: list[str], where: str) -> None:
    from mkdocs.exceptions import PluginError

    missing = [k for k in keys if k not in _state["bib"].entries]
    if missing:
        raise PluginError(
            f"{where} cites {', '.join('[@' + k + ']' for k in missing)}: not in docs/{BIB_NAME}"
        )


def replace_in_html(content: str, replace) -> str:
    """Apply ``replace`` to the text of an HTML fragment outside tags, comments and code."""
    out, depth = [], 0
    for piece in _HTML_SPLIT_RE.split(content):
        if piece.startswith("<"):
            m = re.match(r"<(/?)([A-Za-z][A-Za-z0-9]*)", piece)
            if m and m.group(2).lower() in _HTML_SKIP and not piece.endswith("/>"):
                depth += -1 if m.group(1) else 1
                depth = max(depth, 0)
            out.append(piece)
        else:
            out.append(replace(piece) if depth == 0 else piece)
    return "".join(out)


# ---------------------------------------------------------------------------
# MkDocs events
# ---------------------------------------------------------------------------


def on_files(files, config):
    from mkdocs.exceptions import PluginError

    docs_dir = Path(config["docs_dir"])
    try:
        bib = load_bibliography(docs_dir / BIB_NAME)
    except Exception as exc:  # pybtex raises its own error types for syntax and repeated keys
        raise PluginError(f"docs/{BIB_NAME} cannot be read: {exc}") from exc
    texts = format_entries(bib, docs_dir / BIB_NAME)  # a missing field stops the build here
    for warning in unsafe_links(bib):
        log.warning(warning)
    src_uris = [
        f.src_uri
        for f in files
        if f.is_documentation_page() or (f.src_uri.endswith(".py") and is_lesson(f.src_uri))
    ]
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

    return _map_prose(markdown, replace)


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
