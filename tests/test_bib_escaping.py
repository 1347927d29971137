"""Whatever a ``.bib`` file holds reaches the pages as text: no markup, no script link.

A tiny MkDocs site in a temporary folder, built with the project's citation hook
(``nnbook_site/hooks/bibliography.py``) and mkdocs-jupyter (without executing), cites hostile
entries from a Markdown page and from a lesson, and lists them on its Bibliography page. The built
HTML is parsed: no tag or attribute from the ``.bib`` file, no ``javascript:`` or ``data:`` link,
and the hostile text is there for the reader to see. An entry without a field its type needs stops
the build with one line naming it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnbook_site import bibliography, citations

ROOT = Path(__file__).resolve().parent.parent

SVG_KEY = '"><svg/onload=alert(5)>'  # BibTeX allows any key without spaces, commas or braces

HOSTILE_BIB = f"""\
@article{{evil2020,
  author  = {{Smith<script>alert(1)</script>, Ann and Jones, <b>Bob</b>}},
  title   = {{<img src=x onerror=alert(2)>}},
  journal = {{<iframe src="javascript:alert(3)"></iframe>}},
  year    = {{2020<i>}},
  url     = {{javascript:alert(1)}},
}}

@misc{{{SVG_KEY},
  author = {{Doe, Jane}},
  title  = {{A key that closes its attribute}},
  year   = {{2019}},
  url    = {{data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==}},
}}

@article{{quote2021,
  author  = {{Roe, Rick}},
  title   = {{Quotes in links}},
  journal = {{J}},
  year    = {{2021}},
  doi     = {{10.1000/x"onmouseover="alert(6)}},
  url     = {{https://example.org/"onfocus="alert(7)}},
}}

@misc{{latex2022,
  author = {{Poe, Pat}},
  title  = {{\\href{{javascript:alert(10)}}{{click}} and \\url{{javascript:alert(11)}}}},
  year   = {{2022}},
  url    = {{ JavaScript:alert(8)}},
}}
"""

INDEX = """\
# Home

Bracketed [@evil2020; @quote2021], narrative @evil2020 and @latex2022.
"""

LESSON = """\
# %% [markdown]
# # A lesson
#
# In a lesson: [@evil2020], and as @evil2020 showed.

# %%
x = 1
"""


def _write_site(root: Path, bib: str) -> Path:
    docs = root / "docs"
    (docs / "sec").mkdir(parents=True)
    (docs / "references.bib").write_text(bib, encoding="utf-8")
    (docs / "index.md").write_text(INDEX, encoding="utf-8")
    (docs / "bibliography.md").write_text(
        f"# Bibliography\n\n{bibliography.MARKER}\n", encoding="utf-8"
    )
    (docs / "sec" / "lesson.py").write_text(LESSON, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        f"""\
site_name: Hostile bibliography
theme: mkdocs
hooks:
  - {ROOT / "nnbook_site" / "hooks" / "bibliography.py"}
plugins:
  - mkdocs-jupyter:
      include: ["*/*.py"]
      execute: false
      cache: false
markdown_extensions: [attr_list, md_in_html]
nav:
  - Home: index.md
  - Lesson: sec/lesson.py
  - Bibliography: bibliography.md
""",
        encoding="utf-8",
    )
    return config


def _build(config: Path, site: Path, strict: bool = False) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    return subprocess.run(
        cmd + (["--strict"] if strict else []),
        cwd=config.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )


class _Page(HTMLParser):
    """Every start tag with its attributes, the text of scripts, and the visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    config = _write_site(root, HOSTILE_BIB)
    proc = _build(config, root / "site")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site", proc.stdout + proc.stderr


PAGES = ["index.html", "sec/lesson/index.html", "bibliography/index.html"]


@pytest.mark.parametrize("name", PAGES)
def test_no_markup_or_script_link_from_the_bib_file_reaches_the_page(hostile_site, name):
    site, _ = hostile_site
    page = _parse(site / name)
    for tag, attrs in page.tags:
        # The theme's icons are <i class="fa ...">, the notebook's copy button an <svg class=...>;
        # the .bib file's <i> and <svg/onload=...> have no class.
        hostile = tag in ("img", "iframe", "b") or (tag in ("i", "svg") and "class" not in attrs)
        assert not hostile, f"{name}: a <{tag}> from the .bib file became a tag"
        handlers = [a for a in attrs if a.startswith("on")]
        assert not handlers, f"{name}: <{tag}> has event handlers {handlers}"
        for attr in ("href", "src", "action", "formaction"):
            value = (attrs.get(attr) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:")), f"{name}: {attr}={value!r}"
    assert not any("alert(" in script for script in page.scripts), f"{name}: script from .bib"


@pytest.mark.parametrize("name", PAGES[:2])
def test_citations_link_to_the_entries_and_show_the_hostile_text_as_text(hostile_site, name):
    site, _ = hostile_site
    page = _parse(site / name)
    links = [(attrs.get("href", ""), attrs) for tag, attrs in page.tags if tag == "a"]
    assert sum(h.endswith("bibliography/#evil2020") for h, _ in links) == 2, f"{name}: {links}"
    text = "".join(page.text)
    assert "(Smith<script>alert(1)</script> and Jones, 2020<i>" in text, f"{name}: not as text"
    assert "Smith<script>alert(1)</script> and Jones (2020<i>)" in text, f"{name}: not as text"


def test_bibliography_page_keeps_keys_urls_and_titles_inside_their_attributes(hostile_site):
    site, _ = hostile_site
    page = _parse(site / "bibliography" / "index.html")
    ids = {attrs.get("id") for _, attrs in page.tags}
    assert {"evil2020", SVG_KEY, "quote2021", "latex2022"} <= ids, "an entry has no id"
    hrefs = [attrs.get("href", "") for tag, attrs in page.tags if tag == "a"]
    assert 'https://doi.org/10.1000/x"onmouseover="alert(6)' in hrefs
    text = "".join(page.text)
    shown_as_text = (
        "Smith<script>alert(1)</script> and Jones, 2020<i>",  # the label
        "<img src=x onerror=alert(2)>",  # the title
        '<iframe src="javascript:alert(3)"></iframe>',  # the journal
        SVG_KEY,  # the key, shown in <code>
    )
    for shown in shown_as_text:
        assert shown in text, f"{shown!r} is not shown as text"
    assert "javascript:alert(1)" in text  # the unsafe url is shown as text, not linked


def test_build_warns_about_each_url_it_does_not_link(hostile_site):
    _, log = hostile_site
    warnings = [line for line in log.splitlines() if "not an http(s) or DOI address" in line]
    assert len(warnings) == 3, log
    for key in ("evil2020", SVG_KEY, "latex2022"):
        assert any(f"entry '{key}'" in line for line in warnings), f"no warning names {key}"
    assert "quote2021" not in "\n".join(warnings)


# --- the pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://doi.org/10.1/x", "https://doi.org/10.1/x"),
        ("HTTP://example.org", "HTTP://example.org"),
        ("doi:10.1162/neco.1997.9.8.1735", "https://doi.org/10.1162/neco.1997.9.8.1735"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("https://exa mple.org", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
        ("//example.org/x", None),
        ("ftp://example.org", None),
    ],
)
def test_only_http_and_doi_addresses_are_linked(url, expected):
    assert bibliography.safe_url(url) == expected


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=40))
def test_markdown_text_reads_back_as_the_same_text_with_no_tag(text):
    import markdown

    out = markdown.markdown(f"[{bibliography.markdown_text(text)}](page.md#key)")
    page = _Page()
    page.feed(out)
    assert [tag for tag, _ in page.tags] == ["p", "a"], out
    assert page.tags[1][1] == {"href": "page.md#key"}
    assert " ".join("".join(page.text).split()) == " ".join(text.split())


def test_html_citations_escape_the_labels():
    parts = {"evil2020": ('<b>A</b> & "B"', "2020<i>")}
    out = bibliography.rewrite_citations("[@evil2020] and @evil2020", parts, "../b/", html_out=True)
    assert "<b>" not in out and "<i>" not in out
    assert "&lt;b&gt;A&lt;/b&gt; &amp; &quot;B&quot;, 2020&lt;i&gt;" in out
    assert "&lt;b&gt;A&lt;/b&gt; &amp; &quot;B&quot; (2020&lt;i&gt;)" in out


# --- a missing field -------------------------------------------------------------------------

MISSING_JOURNAL = """\
% an article needs a journal
@book{fine2000,
  author = {Fine, Fay}, title = {Fine}, publisher = {P}, year = {2000},
}

@article{nojournal2001,
  author = {Nobody, Ned},
  title  = {Where was it published?},
  year   = {2001},
}
"""


def test_a_missing_field_is_one_line_with_the_entry_the_field_and_the_fix(tmp_path):
    from mkdocs.exceptions import PluginError

    path = tmp_path / "references.bib"
    path.write_text(MISSING_JOURNAL, encoding="utf-8")
    with pytest.raises(PluginError) as info:
        bibliography.format_entries(citations.load_bibliography(path), path)
    message = str(info.value)
    assert message == (
        "docs/references.bib:6: entry 'nojournal2001' (@article) has no journal field, which an "
        "@article needs: add `journal = {...}` to it."
    )


def test_a_missing_field_stops_the_build_without_a_traceback(tmp_path):
    config = _write_site(tmp_path, MISSING_JOURNAL)
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nSee [@nojournal2001].\n")
    (tmp_path / "docs" / "sec" / "lesson.py").write_text(LESSON.replace("evil2020", "fine2000"))
    proc = _build(config, tmp_path / "site", strict=True)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "entry 'nojournal2001' (@article) has no journal field" in log, log
    assert "add `journal = {...}`" in log
    assert "Traceback" not in log and "FieldIsMissing" not in log, log
