"""Typeset the site's maths at build time (MathJax 3 in Node.js, SVG output).

A page then needs no MathJax at run time: no 160 KiB of JavaScript, no web fonts, no flash
of raw TeX, and the maths reads the same from a folder on disk. The build hook
(:mod:`nnbook_site.hooks.build`) calls :func:`typeset_page` on every page:

* Markdown pages: ``pymdownx.arithmatex`` (generic mode) wraps maths in
  ``<span class="arithmatex">\\(...\\)</span>`` and ``<div class="arithmatex">\\[...\\]</div>``;
* lessons: nbconvert leaves ``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]`` and
  ``\\begin{env}...\\end{env}`` in the text of the rendered cells. They are found the way
  MathJax finds them in a browser: in each text node of ``.jupyter-wrapper`` separately,
  outside ``pre``, ``code``, ``script``, ``style`` and ``textarea``; ``\\$`` is a dollar sign.

Each formula becomes MathJax's ``<mjx-container jax="SVG">`` with hidden MathML for screen
readers. A TeX error (or an undefined macro) is reported with the page and the formula.
``mathjax_svg.js``, next to this module, runs in one Node.js process for the whole build.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).with_name("mathjax_svg.js")
#: MathJax 3 from npm (``npm ci``), which :data:`SCRIPT` runs.
MATHJAX = SCRIPT.parent.parent / "node_modules" / "mathjax" / "es5"

#: Maths in the text of a lesson cell (MathJax's delimiters, in the order it tries them).
MATH = re.compile(
    r"(?<!\\)\$\$(?P<d1>.+?)(?<!\\)\$\$"
    r"|\\\[(?P<d2>.+?)\\\]"
    r"|(?P<env>\\begin\{(?P<name>\w+\*?)\}.+?\\end\{(?P=name)\})"
    r"|\\\((?P<i1>.+?)\\\)"
    r"|(?<!\\)\$(?P<i2>.+?)(?<!\\)\$",
    re.S,
)
_ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
_TOKENS = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_SKIP = {"pre", "code", "script", "style", "textarea"}


class MathJax:
    """A Node.js process running ``mathjax_svg.js``; started on first use."""

    def __init__(self):
        self.proc = None
        self.css = ""

    def _ask(self, request: dict) -> dict:
        if self.proc is None:
            node = shutil.which("node")
            if node is None or not MATHJAX.exists():
                raise RuntimeError(
                    "Typesetting maths needs Node.js and MathJax: run `npm ci` "
                    "(python3 scripts/book.py setup does it)."
                )
            self.proc = subprocess.Popen(
                [node, str(SCRIPT)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            self.css = ""
            self.css = self._ask({"stylesheet": True})["css"]
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("MathJax stopped: " + self.proc.stderr.read())
        return json.loads(line)

    def render(self, items: list[tuple[str, bool]]) -> tuple[list[str], list[str], str]:
        """SVG HTML and error message ('' if none) for each ``(tex, display)``, and the
        hidden ``<svg>`` holding the glyph shapes they all use (one per page)."""
        if not items:
            return [], [], ""
        answer = self._ask({"items": [{"tex": t, "display": d} for t, d in items]})
        errors = [
            e or ("undefined macro" if 'mathcolor="red"' in h else "")
            for h, e in zip(answer["html"], answer["errors"], strict=True)
        ]
        return answer["html"], errors, answer["defs"]

    def stylesheet(self) -> str:
        if self.proc is None:
            self._ask({"stylesheet": True})
        return self.css

    def close(self) -> None:
        if self.proc is not None:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
            self.proc = None


def _tex_of(match: re.Match) -> tuple[str, bool]:
    for group, display in (("d1", True), ("d2", True), ("env", True), ("i1", False), ("i2", False)):
        if match.group(group) is not None:
            return html.unescape(match.group(group)), display
    raise AssertionError(match.group(0))


def find_lesson_maths(page: str) -> list[tuple[int, int, str, bool]]:
    """``(start, end, tex, display)`` of each formula in the prose of a lesson's cells."""
    start = page.find('<div class="jupyter-wrapper">')
    if start < 0:
        return []
    found, skip, pos = [], [], start
    for token in _TOKENS.split(page[start:]):
        if token.startswith("<"):
            m = re.match(r"<(/?)([a-zA-Z][\w-]*)", token)
            if m and m.group(2).lower() in _SKIP:
                if m.group(1):
                    if skip:
                        skip.pop()
                elif not token.endswith("/>"):
                    skip.append(m.group(2).lower())
        elif not skip:
            for match in MATH.finditer(token):
                tex, display = _tex_of(match)
                found.append((pos + match.start(), pos + match.end(), tex, display))
        pos += len(token)
    return found


def find_arithmatex(page: str) -> list[tuple[int, int, str, bool]]:
    """``(start, end, tex, display)`` of the inside of each arithmatex element."""
    found = []
    for m in _ARITHMATEX.finditer(page):
        inner = m.group(2).strip()
        display = m.group(1) == "div"
        for opening, closing in (("\\(", "\\)"), ("\\[", "\\]"), ("$$", "$$"), ("$", "$")):
            if inner.startswith(opening) and inner.endswith(closing):
                inner = inner[len(opening) : -len(closing)]
                break
        found.append((m.start(2), m.end(2), html.unescape(inner), display))
    return found


def typeset_page(page: str, mathjax: MathJax) -> tuple[str, int, list[str]]:
    """The page with every formula typeset; how many there were; the TeX errors."""
    spans = sorted(find_arithmatex(page) + find_lesson_maths(page))
    rendered, errors, defs = mathjax.render([(tex, display) for _, _, tex, display in spans])
    out, last, problems = [], 0, []
    for (start, end, tex, _), svg, error in zip(spans, rendered, errors, strict=True):
        out += [page[last:start], svg]
        last = end
        if error:
            problems.append(f"{error}: {tex.strip()[:80]}")
    out.append(page[last:])
    page = "".join(out)
    if defs:  # the glyph shapes, once, at the top of the body
        body = re.search(r"<body\b[^>]*>", page)
        at = body.end() if body else 0
        page = page[:at] + defs + page[at:]
    return page, len(spans), problems
