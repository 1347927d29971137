"""Citations rendered as links, and the Bibliography page (pybtex, offline).

A citation (the syntax is in :mod:`nnbook_site.citations`) becomes a link to its entry on the
Bibliography page: ``[@hopfield1982; @amit1985]`` reads "(Hopfield, 1982; Amit et al., 1985)",
``@hopfield1982`` reads "Hopfield (1982)". The page lists each entry, formatted by pybtex, with
the pages that cite it. The MkDocs hook :mod:`nnbook_site.hooks.bibliography` calls these
functions; ``tests/test_bibliography.py`` and ``tests/test_bib_escaping.py`` test them.

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
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from nnbook_site.citations import CITATION_RE, NARRATIVE_RE, cited_in_file, page_title, split_keys
from nnbook_site.lessons import is_lesson, read_lesson

BIB_NAME = "references.bib"  # relative to docs_dir; MkDocs copies it into the site as is
BIB_PAGE = "bibliography.md"
MARKER = "<!-- nnbook:bibliography -->"
FURTHER_READING = "further-reading"
_HTML_SPLIT_RE = re.compile(r"(<!--.*?-->|<[^>]+>)", re.DOTALL)
_HTML_SKIP = ("pre", "code", "script", "style", "textarea")


# ---------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------


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
# Which pages cite which works
# ---------------------------------------------------------------------------


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
        text = read_lesson(path).markdown if is_lesson(src_uri) else path.read_text("utf-8")
        page = CitingPage(src_uri, page_title(text, Path(src_uri).stem))
        for key in dict.fromkeys(key for _, key in cited_in_file(path)):
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
