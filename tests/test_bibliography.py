"""The bibliography: every citation resolves, every entry is sound, the page lists them all,
and the book itself can be cited (CITATION.cff).

The rendering is tested on the real files with the functions the MkDocs hook uses
(``nnbook_site.bibliography`` and ``nnbook_site.citations``), without building the site; the
strict build is tested in ``tests/test_site_build.py``.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from nnbook_site import bibliography, citations

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
BIB = DOCS / "references.bib"
CFF = ROOT / "CITATION.cff"
CFF_SCHEMA = Path(__file__).parent / "data" / "cff-1.2.0.schema.json"

# Crossref's recommended pattern for modern DOIs (case-insensitive).
DOI_RE = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Z0-9]+$", re.IGNORECASE)
ARXIV_RE = re.compile(r"^\d{4}\.\d{4,5}(v\d+)?$")
KEY_RE = re.compile(r"^[a-z]+\d{4}[a-z]*$")


@pytest.fixture(scope="module")
def bib():
    return citations.load_bibliography(BIB)


@pytest.fixture(scope="module")
def cited():
    return bibliography.scan_sources(DOCS)


def _docstring_citations() -> dict[str, list[str]]:
    """Citations in the package's docstrings (rendered on the API pages)."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "nnbook").rglob("*.py")):
        for m in citations.CITATION_RE.finditer(path.read_text(encoding="utf-8")):
            for key in citations.split_keys(m.group(1)):
                found.setdefault(key, []).append(path.relative_to(ROOT).as_posix())
    return found


# --- every citation resolves ---------------------------------------------------------


def test_every_cited_key_is_in_the_bib_file(bib, cited):
    problems = bibliography.unknown_citations(cited, bib)
    problems += [
        f"{where} cites [@{key}], which is not in docs/references.bib"
        for key, places in _docstring_citations().items()
        if key not in bib.entries
        for where in places
    ]
    assert not problems, "\n".join(problems)


def test_every_entry_is_cited_or_marked_further_reading(bib, cited):
    cited_keys = set(cited) | set(_docstring_citations())
    orphans = [
        key
        for key, entry in bib.entries.items()
        if key not in cited_keys and not bibliography.is_further_reading(entry)
    ]
    assert not orphans, (
        f"entries no page cites: {orphans}. Cite them with [@key] where the book relies on them, "
        "or add `keywords = {further-reading}` to the entry."
    )


def test_unknown_keys_are_reported_with_the_page_that_cites_them(tmp_path, bib):
    (tmp_path / "a.md").write_text("# A\n\nSee [@hopfield1982; @nosuch1999].\n", encoding="utf-8")
    (tmp_path / "sec").mkdir()
    (tmp_path / "sec" / "lesson.py").write_text(
        "# %% [markdown]\n# # L\n#\n# As shown by [@madeup2001].\n\n# %%\nx = '[@incode2002]'\n",
        encoding="utf-8",
    )
    problems = bibliography.unknown_citations(bibliography.scan_sources(tmp_path), bib)
    assert problems == [
        "sec/lesson.py cites [@madeup2001], which is not in docs/references.bib",
        "a.md cites [@nosuch1999], which is not in docs/references.bib",
    ]


# --- every entry is sound --------------------------------------------------------------


def test_keys_are_unique_and_readable():
    keys = re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), re.M)
    repeated = [k for k, n in Counter(k.lower() for k in keys).items() if n > 1]
    assert not repeated, f"repeated keys: {repeated}"
    unreadable = [k for k in keys if not KEY_RE.match(k)]
    assert not unreadable, (
        f"keys should read like rosenblatt1958 or lecun1998efficient: {unreadable}"
    )


def test_key_year_matches_entry_year_or_first_release(bib):
    # kingma2014 is the ICLR 2015 paper first posted in 2014: allow one year of difference.
    for key, entry in bib.entries.items():
        key_year = int(re.search(r"\d{4}", key).group())
        assert abs(key_year - int(entry.fields["year"])) <= 1, key


def test_every_entry_has_authors_title_year_and_venue(bib):
    venue = {
        "article": "journal",
        "inproceedings": "booktitle",
        "incollection": "booktitle",
        "book": "publisher",
    }
    for key, entry in bib.entries.items():
        assert entry.persons.get("author"), f"{key}: no author"
        assert entry.fields.get("title"), f"{key}: no title"
        assert re.fullmatch(r"1[89]\d\d|20\d\d", entry.fields.get("year", "")), f"{key}: bad year"
        field = venue.get(entry.type)
        if field:
            assert entry.fields.get(field), f"{key}: @{entry.type} without {field}"


def test_every_entry_links_to_a_doi_arxiv_or_url(bib):
    for key, entry in bib.entries.items():
        f = entry.fields
        assert f.get("doi") or f.get("eprint") or f.get("url"), f"{key}: nothing to link to"
        if "eprint" in f:
            assert ARXIV_RE.match(f["eprint"]), f"{key}: eprint {f['eprint']!r} is not an arXiv id"
        if "url" in f:
            assert f["url"].startswith(("https://", "http://")), f"{key}: url {f['url']!r}"


def test_dois_are_well_formed_and_unique(bib):
    dois = {key: e.fields["doi"] for key, e in bib.entries.items() if "doi" in e.fields}
    assert len(dois) >= 20
    bad = {k: d for k, d in dois.items() if not DOI_RE.match(d)}
    assert not bad, f"write DOIs bare, as 10.xxxx/...: {bad}"
    repeated = [d for d, n in Counter(d.lower() for d in dois.values()).items() if n > 1]
    assert not repeated, f"two entries share a DOI: {repeated}"


def test_in_text_labels_tell_every_entry_apart(bib):
    labels = bibliography.in_text_labels(bib)
    assert labels["hopfield1982"] == "Hopfield, 1982"
    assert labels["hinton2006reducing"] == "Hinton and Salakhutdinov, 2006"
    assert labels["rumelhart1986"] == "Rumelhart et al., 1986"
    assert {labels["lecun1998"], labels["lecun1998efficient"]} == {
        "LeCun et al., 1998a",
        "LeCun et al., 1998b",
    }
    repeated = [label for label, n in Counter(labels.values()).items() if n > 1]
    assert not repeated, f"two entries would be cited the same way: {repeated}"


# --- the rendered page -----------------------------------------------------------------


def test_rendered_page_lists_every_entry_once_with_its_link_and_citing_pages(bib, cited):
    links = {
        uri: f"../{Path(uri).with_suffix('').as_posix()}/" for ps in cited.values() for uri, _ in ps
    }
    page = bibliography.render_bibliography(bib, cited, links.get)
    for key, entry in bib.entries.items():
        assert page.count(f'id="{key}"') == 1, f"{key} is not listed exactly once"
        block = page.split(f'id="{key}"', 1)[1].split("</div>", 1)[0]
        f = entry.fields
        if "doi" in f:
            assert f'href="https://doi.org/{f["doi"]}"' in block, f"{key}: no DOI link"
        elif "eprint" in f:
            assert f'href="https://arxiv.org/abs/{f["eprint"]}"' in block, f"{key}: no arXiv link"
        else:
            assert f'href="{f["url"]}"' in block, f"{key}: no link"
        for citing in cited.get(key, []):
            assert f'href="{links[citing.src_uri]}"' in block, (
                f"{key}: no back-link to {citing.src_uri}"
            )
    assert page.index("## Works cited") < page.index("## Further reading")


def test_rendered_page_back_links_name_the_citing_pages(tmp_path, bib):
    (tmp_path / "x.md").write_text("# Memories\n\nAs in [@hopfield1982] and [@hopfield1982].\n")
    cited = bibliography.scan_sources(tmp_path)
    assert cited == {"hopfield1982": [bibliography.CitingPage("x.md", "Memories")]}
    page = bibliography.render_bibliography(bib, cited, lambda uri: "../x/")
    block = page.split('id="hopfield1982"', 1)[1].split("</div>", 1)[0]
    assert 'Cited in: <a href="../x/">Memories</a>' in block
    works_cited = page.split("## Further reading")[0]
    assert 'id="hopfield1982"' in works_cited and 'id="rosenblatt1958"' not in works_cited


def test_bibliography_page_has_the_marker_and_offers_the_bib_file():
    text = (DOCS / "bibliography.md").read_text(encoding="utf-8")
    assert bibliography.MARKER in text
    assert "](references.bib)" in text


def test_hook_is_registered_after_the_foundation_hook_and_page_is_in_nav():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.index("nnbook_site/hooks/build.py") < text.index(
        "nnbook_site/hooks/bibliography.py"
    )
    assert re.search(r"^\s+- Bibliography: bibliography\.md$", text, re.M)


# --- the citation syntax ---------------------------------------------------------------


def test_citations_are_found_in_prose_but_not_in_code_or_links():
    text = (
        "One [@a1999], two [@b2000; @c2001].\n"
        "Code `[@d2002]`, a link [@user](https://example.org).\n"
        "```python\nx = '[@e2003]'\n```\n"
        "~~~\n[@f2004]\n~~~\n"
        "After the fence [@g2005]."
    )
    assert citations.citations_in_markdown(text) == ["a1999", "b2000", "c2001", "g2005"]


def test_narrative_citations_name_the_authors_in_the_sentence(bib):
    text = (
        "As @hopfield1982 showed [@amit1985]. Not a@b2000.org, https://x.org/@abc2000,\n"
        "`@code2000`, [@user2020](https://example.org) or @property."
    )
    assert citations.citations_in_markdown(text) == ["amit1985", "hopfield1982"]
    parts = bibliography.label_parts(bib)
    out = bibliography.rewrite_citations(text.splitlines()[0], parts, "bib.md", html_out=False)
    assert out == (
        "As [Hopfield (1982)](bib.md#hopfield1982) showed ([Amit et al., 1985](bib.md#amit1985)). "
        "Not a@b2000.org, https://x.org/@abc2000,"
    )
    html = bibliography.rewrite_citations("by @lecun1998efficient.", parts, "../b/", html_out=True)
    link = '<a class="nnbook-cite" href="../b/#lecun1998efficient">LeCun et al. (1998a)</a>'
    assert html == f"by {link}."


def test_html_citations_are_replaced_outside_code_only():
    html = "<p>See [@a1; @b2].</p><pre><code>[@c3]</code></pre><p><code>[@d4]</code> [@e5]</p>"
    out = bibliography.replace_in_html(html, lambda t: citations.CITATION_RE.sub("CITE", t))
    assert out == "<p>See CITE.</p><pre><code>[@c3]</code></pre><p><code>[@d4]</code> CITE</p>"


def test_citation_links_point_at_the_entries():
    labels = {"a1": "Ann, 1990", "b2": "Bob et al., 2000"}
    assert bibliography.cite_markdown(["a1", "b2"], labels, "../bibliography.md") == (
        "([Ann, 1990](../bibliography.md#a1); [Bob et al., 2000](../bibliography.md#b2))"
    )
    assert bibliography.cite_html(["a1"], labels, "../../bibliography/") == (
        '(<a class="nnbook-cite" href="../../bibliography/#a1">Ann, 1990</a>)'
    )


@given(
    st.lists(st.from_regex(r"[a-z]{1,8}[0-9]{4}[a-z]{0,3}", fullmatch=True), min_size=1, max_size=4)
)
def test_any_group_of_keys_is_read_back_in_order(keys):
    text = "Claim [" + "; ".join("@" + k for k in keys) + "]."
    assert citations.citations_in_markdown(text) == keys


# --- citing the book -------------------------------------------------------------------


@pytest.fixture(scope="module")
def cff():
    return yaml.safe_load(CFF.read_text(encoding="utf-8"))


def test_citation_cff_validates_against_the_cff_1_2_0_schema(cff):
    import jsonschema

    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(cff)]
    assert not errors, "\n".join(errors)


def test_citation_cff_has_what_the_book_promises(cff):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["version"] == pyproject["project"]["version"]
    assert cff["license"] == "MIT"
    assert cff["repository-code"] == "https://github.com/nnbook/nnbook"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", cff["date-released"])
    assert cff["authors"] and cff["preferred-citation"]["title"] == cff["title"]


def test_cite_this_book_bibtex_agrees_with_citation_cff(cff):
    from pybtex.database import parse_string

    pages = [DOCS / "bibliography.md", DOCS / "index.md"]
    snippets = []
    for page in pages:
        if page.exists():
            snippets += re.findall(r"```bibtex\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    assert snippets, "no BibTeX snippet to cite the book"
    for snippet in snippets:
        (entry,) = parse_string(snippet, "bibtex").entries.values()
        assert entry.fields["title"] == cff["title"]
        assert entry.fields["version"] == cff["version"]
        assert (
            entry.fields["year"]
            == cff["date-released"][:4]
            == str(cff["preferred-citation"]["year"])
        )
        assert entry.fields["url"] == cff["url"]
