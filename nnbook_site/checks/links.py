"""Every internal link and anchor of the built site resolves, lesson pages included (MkDocs
itself does not look inside them)."""

from __future__ import annotations

import difflib
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from nnbook_site import DOCS
from nnbook_site.checks.anatomy import HEADING_RE
from nnbook_site.checks.problem import Problem
from nnbook_site.lessons import read_lesson

_ID_RE = re.compile(r"""<[^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']""")
_TAG_RE = re.compile(r"<(?:a|img)\s[^>]*>", re.I)
_ATTR_RE = re.compile(r"""\b(href|src|class)\s*=\s*["']([^"']*)["']""", re.I)


def _links(html_text: str):
    """``(url, in_toc)`` for each ``<a href>`` and ``<img src>``; ``in_toc``: a contents entry."""
    for tag in _TAG_RE.findall(html_text):
        attrs = {k.lower(): v for k, v in _ATTR_RE.findall(tag)}
        url = attrs.get("href", attrs.get("src"))
        if url is not None:
            classes = attrs.get("class", "").split()
            yield url.strip(), "md-nav__link" in classes or "md-skip" in classes


def _slug(heading: str) -> str:
    return re.sub(r"\s+", "-", re.sub(r"[^\w\s-]", "", heading.lower()).strip())


def _heading_line(source: Path | None, anchor: str) -> int | None:
    """The line of the heading in ``source`` whose anchor is ``anchor``."""
    if source is None:
        return None
    pairs = (
        read_lesson(source).markdown_lines
        if source.suffix == ".py"
        else enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
    )
    for n, t in pairs:
        h = HEADING_RE.match(t)
        if h and _slug(h.group(2)) == anchor:
            return n
    return None


def _anchors(html_text: str) -> set[str]:
    return set(_ID_RE.findall(html_text))


def source_of(page: str, docs: Path) -> Path | None:
    """The file under ``docs`` a built page (``lectures/01-x/index.html``) was made from."""
    stem = page[: -len("index.html")].rstrip("/") if page.endswith("index.html") else page
    candidates = [f"{stem}.py", f"{stem}.md", f"{stem}/index.md", f"{stem}/README.md"]
    if not stem:
        candidates = ["index.md", "README.md"]
    for c in candidates:
        if (docs / c).is_file():
            return docs / c
    return None


def _page_url(doc: Path, docs: Path) -> str:
    """The directory URL MkDocs gives ``doc``: ``lectures/01-x.py`` -> ``lectures/01-x``."""
    rel = doc.relative_to(docs).with_suffix("").as_posix()
    return rel[: -len("index")].rstrip("/") if rel == "index" or rel.endswith("/index") else rel


def _suggest(href: str, source: Path, docs: Path) -> str | None:
    """For a link written to a ``.md``/``.py`` file in a lesson, the URL that works on the site."""
    parts = urlsplit(href)
    if not parts.path.endswith((".md", ".py")):
        return None
    target = Path(posixpath.normpath((source.parent / unquote(parts.path)).as_posix()))
    if not target.is_file():
        return None
    rel = posixpath.relpath(_page_url(target, docs) or ".", _page_url(source, docs) or ".")
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{parts.fragment}" if parts.fragment else "")


def _line_of(source: Path | None, needles: list[str]) -> int | None:
    if source is None:
        return None
    lines = source.read_text(encoding="utf-8").splitlines()
    for needle in needles:
        for n, t in enumerate(lines, 1):
            if needle and needle in t:
                return n
    return None


def check_links(site: Path, docs: Path = DOCS) -> list[Problem]:
    """Every relative link (``<a href>``, ``<img src>``) of a built site and its anchor resolve."""
    site, docs = Path(site), Path(docs)
    pages = {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(site.rglob("*.html"))
        if p.name != "404.html"
    }
    anchors: dict[str, set[str]] = {}
    problems = []
    for page, html_text in pages.items():
        source = source_of(page, docs)
        where = source or site / page
        seen = set()
        for href, in_toc in _links(html_text):
            parts = urlsplit(href)
            if (
                parts.scheme
                or parts.netloc
                or href.startswith(("/", "#__"))
                or (href, page) in seen
            ):
                continue
            seen.add((href, page))
            path = unquote(parts.path)
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
            )
            target_file = site / target
            if target_file.is_dir() or path.endswith("/"):
                target_file = target_file / "index.html"
            target = (
                target_file.relative_to(site).as_posix()
                if target_file.is_relative_to(site)
                else target
            )
            needles = [href, f"#{parts.fragment}" if parts.fragment else ""]
            if path:
                needles += [
                    posixpath.basename(path.rstrip("/")) + ext for ext in (".md", ".py", "")
                ]
            line = None if in_toc else _line_of(source, needles)
            if target.startswith("..") or not target_file.is_file():
                better = _suggest(href, source, docs) if source else None
                fix = (
                    f"write `{better}`: links inside a lesson are not rewritten by MkDocs, so they "
                    "name the built page's URL relative to the lesson's URL"
                    if better
                    else "point it at a page that exists; in a Markdown page link to the source "
                    "file (`../api/mlp.md#anchor`), in a lesson to the built URL "
                    "(`../../api/mlp/#anchor`)"
                )
                problems.append(
                    Problem(
                        where,
                        line,
                        f"link `{href}` leads to `{target}`, which is not in the built site",
                        fix,
                    )
                )
                continue
            if parts.fragment and target_file.suffix == ".html":
                if target not in anchors:
                    anchors[target] = _anchors(
                        pages.get(target)
                        or target_file.read_text(encoding="utf-8", errors="replace")
                    )
                frag = unquote(parts.fragment)
                if frag not in anchors[target]:
                    close = difflib.get_close_matches(
                        frag, sorted(anchors[target]), n=1, cutoff=0.5
                    )
                    if in_toc and close:
                        problems.append(
                            Problem(
                                where,
                                _heading_line(source, close[0]),
                                f"the table of contents links to `#{frag}`, but the heading's "
                                "anchor is "
                                f"`#{close[0]}`, so the entry leads nowhere",
                                "take the inline code (backticks) or HTML out of this heading: "
                                "mkdocs-jupyter leaves it out of the table of contents' anchors",
                            )
                        )
                        continue
                    problems.append(
                        Problem(
                            where,
                            line,
                            f"link `{href}`: the page `{target}` has no anchor `#{frag}`",
                            (f"did you mean `#{close[0]}`? " if close else "")
                            + "a heading's anchor is its text in lower case, punctuation dropped, "
                            "spaces as hyphens (`## The forward pass` -> `#the-forward-pass`)",
                        )
                    )
    return problems
