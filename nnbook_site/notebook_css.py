"""Shrink the CSS that mkdocs-jupyter ships with every lesson to what the lessons use.

mkdocs-jupyter inlines JupyterLab's whole stylesheet (~590 KB: every widget of the Lab
interface, icon data URIs, two colour palettes) into each notebook page. The build hook
(:mod:`nnbook_site.hooks.build`) moves it into one shared file; :func:`prune` then keeps

* a style rule's selector only if every class it needs (outside ``:not(...)``) appears in
  the built lesson pages (selectors under ``:root`` inside the wrapper never match);
* a JupyterLab custom property (``--jp-name: value``) only if some kept declaration uses
  ``var(--jp-name``;
* the last copy of a rule that appears twice (the cascade keeps the same result).

At-rules (``@media``, ``@supports``) are pruned inside; other at-rules are kept as they are.
The parser is small and knows about strings, comments and parentheses; it is for this
generated CSS, not a general CSS parser. Standard library only.
"""

from __future__ import annotations

import re

_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
_VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")


def _skip_string(css: str, i: int) -> int:
    quote, i = css[i], i + 1
    while i < len(css) and css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def strip_comments(css: str) -> str:
    out, i, n = [], 0, len(css)
    while i < n:
        if css[i] in "\"'":
            j = _skip_string(css, i)
            out.append(css[i:j])
            i = j
        elif css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            out.append(css[i])
            i += 1
    return "".join(out)


def blocks(css: str) -> list[tuple[str, str | None]]:
    """Top-level ``(prelude, body)`` pairs; statements such as ``@charset`` have body None."""
    out, i, start, n = [], 0, 0, len(css)
    while i < n:
        c = css[i]
        if c in "\"'":
            i = _skip_string(css, i)
        elif c == ";":
            if css[start:i].strip():
                out.append((css[start:i].strip(), None))
            i = start = i + 1
        elif c == "{":
            depth, j = 1, i + 1
            while j < n and depth:
                if css[j] in "\"'":
                    j = _skip_string(css, j)
                    continue
                depth += {"{": 1, "}": -1}.get(css[j], 0)
                j += 1
            out.append((css[start:i].strip(), css[i + 1 : j - 1]))
            i = start = j
        else:
            i += 1
    return out


def _split(text: str, sep: str) -> list[str]:
    """Split at ``sep`` outside strings and parentheses."""
    parts, depth, cur, i = [], 0, [], 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            j = _skip_string(text, i)
            cur.append(text[i:j])
            i = j
            continue
        depth += {"(": 1, ")": -1}.get(c, 0)
        if c == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def _without_not(selector: str) -> str:
    out, i = [], 0
    while i < len(selector):
        if selector.startswith(":not(", i):
            depth, j = 0, i + 4
            while j < len(selector):
                depth += {"(": 1, ")": -1}.get(selector[j], 0)
                if depth == 0:
                    break
                j += 1
            i = j + 1
        else:
            out.append(selector[i])
            i += 1
    return "".join(out)


def _selector_used(selector: str, classes: set[str]) -> bool:
    if re.search(r"\s:root\b", selector):
        return False
    return all(name in classes for name in _CLASS.findall(_without_not(selector)))


def _prune_rules(css: str, classes: set[str]) -> list:
    """Rules as ``("rule", selectors, declarations)``, ``("at", prelude, rules)`` or
    ``("raw", text)``, keeping only what can apply."""
    rules = []
    for prelude, body in blocks(css):
        if body is None:
            rules.append(("raw", prelude + ";"))
        elif prelude.startswith(("@media", "@supports", "@layer")):
            inner = _prune_rules(body, classes)
            if inner:
                rules.append(("at", prelude, inner))
        elif prelude.startswith("@"):
            rules.append(("raw", f"{prelude}{{{body}}}"))
        else:
            selectors = [s for s in _split(prelude, ",") if _selector_used(s, classes)]
            if selectors:
                rules.append(("rule", ",".join(selectors), _split(body, ";")))
    return rules


def _declaration_lists(rules):
    for rule in rules:
        if rule[0] == "rule":
            yield rule[2]
        elif rule[0] == "at":
            yield from _declaration_lists(rule[2])


def _drop_unused_properties(rules) -> None:
    """Remove ``--jp-x: ...`` declarations no kept ``var(--jp-x`` uses (to a fixed point)."""
    while True:
        used = {
            name
            for block in _declaration_lists(rules)
            for d in block
            for name in _VAR_USE.findall(d)
        }
        removed = 0
        for block in _declaration_lists(rules):
            keep = [
                d for d in block if not d.startswith("--jp-") or d.split(":", 1)[0].strip() in used
            ]
            removed += len(block) - len(keep)
            block[:] = keep
        if not removed:
            return


def _render(rules) -> list[str]:
    out = []
    for rule in rules:
        if rule[0] == "raw":
            out.append(rule[1])
        elif rule[0] == "at":
            inner = _render(rule[2])
            if inner:
                out.append(f"{rule[1]}{{{''.join(inner)}}}")
        elif rule[2]:
            out.append(f"{rule[1]}{{{';'.join(rule[2])}}}")
    # the same rule twice: keep its last copy
    seen, kept = set(), []
    for text in reversed(out):
        if text not in seen:
            seen.add(text)
            kept.append(text)
    return kept[::-1]


def prune(css: str, classes: set[str]) -> str:
    """The rules of ``css`` that can apply to elements with ``classes``, one rule per line."""
    rules = _prune_rules(strip_comments(css), classes)
    _drop_unused_properties(rules)
    charset = [r for r in rules if r[0] == "raw" and r[1].startswith("@charset")]
    rules = charset[:1] + [r for r in rules if not (r[0] == "raw" and r[1].startswith("@charset"))]
    return "\n".join(_render(rules)) + "\n"
