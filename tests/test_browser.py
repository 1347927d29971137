"""The built site, opened page by page in a real browser (headless Chromium) with no network.

The site built once per test session (``built_site``) is served on 127.0.0.1 by a thread of
this process. Every page is visited once, in a fresh browser context, and what the reader
would notice is recorded; the tests below then check, per page:

* no console error, no failed request, no request to any other host (they are blocked:
  the site must work offline and tell no third party about its readers);
* every image loads, every figure has alt text;
* every maths block is typeset (at build time, see ``nnbook_site/maths.py``): one
  ``mjx-container`` per ``arithmatex`` block, on lessons one per formula written in the
  Markdown cells, none empty, no TeX error and no TeX left as text;
* every code block has a working copy button;
* the palette toggle switches to the dark scheme, and each figure then still shows dark ink
  on its own light background;

and for the whole site: search finds three words on the right pages, every internal link and
anchor resolves (links into lesson pages included), and pages read from a folder on disk.
Chromium is Debian's ``/usr/bin/chromium`` (``scripts/book.py test`` installs it with apt);
the helpers that serve the site and start the browser are in ``nnbook_site/page_weights.py``.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from nnbook_site import maths, page_weights

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

pytestmark = [
    pytest.mark.site,
    pytest.mark.skipif(
        not Path(page_weights.CHROMIUM).exists(),
        reason="Chromium missing: run `python3 scripts/book.py test` (installs it)",
    ),
]


def expected_pages() -> list[str]:
    """Every page the site should have, from the sources (``use_directory_urls``)."""
    urls = set()
    for src in DOCS.rglob("*"):
        rel = src.relative_to(DOCS)
        if rel.parts[0] == "assets" or not src.is_file():
            continue
        if src.suffix == ".md" or (src.suffix == ".py" and len(rel.parts) == 2):
            stem = rel.with_suffix("")
            url = stem.parent.as_posix() if stem.name == "index" else stem.as_posix()
            urls.add("" if url == "." else url + "/")
    return sorted(urls)


PAGES = expected_pages()
LESSONS = {p for p in PAGES if (DOCS / p.rstrip("/")).with_suffix(".py").is_file()}


def source_maths(lesson: Path) -> list[str]:
    """The formulas written in a lesson's Markdown cells (not in code spans or fences)."""
    found, in_markdown, fence = [], False, False
    cell: list[str] = []

    def flush():
        text = re.sub(r"(`+).+?\1", "", "\n".join(cell), flags=re.S)  # inline code
        found.extend(m.group(0) for m in maths.MATH.finditer(text))
        cell.clear()

    for line in lesson.read_text("utf-8").splitlines():
        if line.startswith("# %%"):
            flush()
            in_markdown, fence = "[markdown]" in line, False
            continue
        if not in_markdown:
            continue
        text = line[2:] if line.startswith("# ") else line.lstrip("#")
        if text.lstrip().startswith(("```", "~~~")):
            fence = not fence
        elif not fence:
            cell.append(text)
    flush()
    return found


COLLECT = r"""() => {
  const q = (s, root = document) => [...root.querySelectorAll(s)];
  const content = document.querySelector(".md-content");
  return {
    brokenImages: q("img").filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src),
    figures: q(".md-content img").map(i => ({src: i.src, alt: i.getAttribute("alt")})),
    arithmatex: q(".arithmatex").length,
    arithmatexBad: q(".arithmatex").filter(e => e.querySelectorAll("mjx-container").length !== 1)
                     .map(e => e.textContent.slice(0, 60)),
    lessonMaths: q(".jupyter-wrapper mjx-container").length,
    mathErrors: q("mjx-merror, [data-mjx-error], mjx-container [fill=red]")
                  .map(e => e.closest("mjx-container").textContent.slice(0, 80)),
    emptyMaths: q("mjx-container").filter(c => !c.querySelector("svg use, svg rect, svg path"))
                  .length,
    rawTeX: (() => {  // text the reader sees that still holds maths delimiters
      const found = [];
      for (const root of q(".jupyter-wrapper .jp-RenderedMarkdown, .md-content .arithmatex")) {
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          if (n.parentElement.closest("pre, code, script, style, mjx-container")) continue;
          if (/(^|[^\\])\$|\\\(|\\\[/.test(n.textContent)) {
            found.push(n.textContent.slice(0, 60));
          }
        }
      }
      return found;
    })(),
    codeBlocks: q(".md-content .highlight pre > code").length,
    copyButtons: q(".md-content .highlight pre .md-code__button[data-md-type=copy]").length,
    lessonCode: q(".jupyter-wrapper .jp-CodeCell .jp-InputArea-editor").length,
    lessonCopy: q(".jupyter-wrapper clipboard-copy").filter(b => {
        const target = document.getElementById(b.getAttribute("for"));
        return target && target.textContent.trim().length > 0;
    }).length,
    clipboardElement: !!customElements.get("clipboard-copy"),
    ids: q("[id]").map(e => e.id).concat(q("a[name]").map(a => a.name)),
    links: q("a[href]").map(a => a.href),
    hasContent: !!content && content.innerText.trim().length > 50,
  };
}"""


def figure_legibility(png: bytes) -> tuple[float, int]:
    """Median luminance of a figure's 3-pixel border (its background, whatever the rounded
    corners show), and its darkest pixel (its ink)."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    w, h = img.size
    px = img.load()
    border = [
        px[x, y] for x in range(w) for y in range(h) if x < 3 or y < 3 or x >= w - 3 or y >= h - 3
    ]
    return sorted(border)[len(border) // 2], img.getextrema()[0]


def visit(browser, base: str, rel: str, site: Path) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    record = {"console": [], "failed": [], "external": [], "requested": []}

    def request(r):  # the browser cannot reach other hosts (see page_weights.CHROMIUM_ARGS)
        if r.url.startswith(("http:", "https:", "ws:", "wss:")):
            if urlsplit(r.url).hostname != "127.0.0.1":
                record["external"].append(r.url)

    page.on("request", request)
    page.on("console", lambda m: m.type == "error" and record["console"].append(m.text))
    page.on("pageerror", lambda e: record["console"].append(f"uncaught: {e}"))
    page.on(
        "requestfailed",
        lambda r: (
            urlsplit(r.url).hostname == "127.0.0.1"
            and record["failed"].append(f"{r.url} ({r.failure})")
        ),
    )
    page.on(
        "response", lambda r: r.status >= 400 and record["failed"].append(f"{r.url} {r.status}")
    )
    page.on("requestfinished", lambda r: record["requested"].append(r.url))
    page.goto(base + rel, wait_until="load")
    page_weights.load_everything(page)
    page.wait_for_load_state("networkidle")
    record.update(page.evaluate(COLLECT))
    # Dark mode: the palette toggle, then every figure still reads as dark ink on light.
    toggle = page.locator("form[data-md-component=palette] label:visible")
    record["toggles"] = toggle.count()
    if record["toggles"]:
        toggle.first.click()
        page.wait_for_timeout(150)
    record["scheme"] = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    record["dark_figures"] = []
    for img in page.locator(".md-content .jp-OutputArea-output img").all():
        shot = img.screenshot(scale="css", animations="disabled")
        record["dark_figures"].append((img.get_attribute("src"), figure_legibility(shot)))
    record["weight"] = page_weights.weigh(site, record["requested"])
    context.close()
    return record


@pytest.fixture(scope="module")
def site_visits(built_site):
    playwright_api = pytest.importorskip("playwright.sync_api")
    visits = {}
    with page_weights.serve(built_site) as base, playwright_api.sync_playwright() as pw:
        browser = page_weights.launch(pw)
        try:
            for rel in page_weights.page_urls(built_site):
                try:
                    visits[rel] = visit(browser, base, rel, built_site)
                except Exception as exc:  # one broken page must not hide the others
                    visits[rel] = {"crash": repr(exc)}
        finally:
            browser.close()
    return {"base": base, "pages": visits}


def _page(site_visits, rel) -> dict:
    record = site_visits["pages"].get(rel)
    assert record is not None, f"/{rel} was not built"
    assert "crash" not in record, f"/{rel}: the browser could not open it: {record.get('crash')}"
    return record


def test_every_source_page_is_built_and_visited(built_site, site_visits):
    assert sorted(page_weights.page_urls(built_site)) == PAGES


@pytest.mark.parametrize("rel", PAGES)
def test_page_loads_cleanly_and_offline(site_visits, rel):
    record = _page(site_visits, rel)
    assert record["hasContent"], "the page shows no content"
    assert not record["external"], f"requests to other hosts: {record['external']}"
    assert not record["failed"], f"failed requests: {record['failed']}"
    assert not record["console"], f"console errors: {record['console']}"


@pytest.mark.parametrize("rel", PAGES)
def test_images_load_and_figures_have_alt_text(site_visits, rel):
    record = _page(site_visits, rel)
    assert not record["brokenImages"], f"images that did not load: {record['brokenImages']}"
    no_alt = [
        f["src"][-40:]
        for f in record["figures"]
        if not (f["alt"] or "").strip() or "No description has been provided" in f["alt"]
    ]
    assert not no_alt, f"figures without alt text: {no_alt}"


@pytest.mark.parametrize("rel", PAGES)
def test_every_maths_block_is_typeset(built_site, site_visits, rel):
    record = _page(site_visits, rel)
    assert not record["mathErrors"], f"TeX errors: {record['mathErrors']}"
    assert not record["arithmatexBad"], f"maths not typeset: {record['arithmatexBad']}"
    assert not record["emptyMaths"], f"{record['emptyMaths']} formulas drawn empty"
    assert not record["rawTeX"], (
        f"TeX left as text (a $ that opens no formula, or a formula split by Markdown, e.g. a "
        f"line starting with + or - became a list item; write \\$ for a dollar): "
        f"{record['rawTeX']}"
    )
    if rel in LESSONS:
        written = source_maths((DOCS / rel.rstrip("/")).with_suffix(".py"))
        assert record["lessonMaths"] == len(written), (
            f"{len(written)} formulas in the lesson's Markdown cells, "
            f"{record['lessonMaths']} typeset on the page"
        )


@pytest.mark.parametrize("rel", PAGES)
def test_code_blocks_have_copy_buttons(site_visits, rel):
    record = _page(site_visits, rel)
    assert record["copyButtons"] == record["codeBlocks"], (
        f"{record['codeBlocks']} code blocks, {record['copyButtons']} copy buttons"
    )
    if rel in LESSONS:
        assert record["clipboardElement"], "the lesson's copy-button script did not load"
        assert record["lessonCopy"] == record["lessonCode"] > 0, (
            f"{record['lessonCode']} code cells, {record['lessonCopy']} working copy buttons"
        )


@pytest.mark.parametrize("rel", PAGES)
def test_dark_mode_toggle_and_figures_stay_legible(site_visits, rel):
    record = _page(site_visits, rel)
    assert record["toggles"] == 1, "no palette toggle in the header"
    assert record["scheme"] == "slate", f"after the toggle the scheme is {record['scheme']!r}"
    for src, (background, darkest) in record["dark_figures"]:
        assert background > 200, f"{src}: figure background is dark ({background:.0f}/255)"
        assert darkest < 110, f"{src}: no dark ink on the figure (darkest {darkest}/255)"


def test_page_weights_within_budget(site_visits):
    weights = {
        rel: r["weight"]["transferred"] for rel, r in site_visits["pages"].items() if "weight" in r
    }
    ordered = sorted(weights.values())
    median = (
        ordered[len(ordered) // 2]
        if len(ordered) % 2
        else (ordered[len(ordered) // 2 - 1] + ordered[len(ordered) // 2]) / 2
    )
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] < page_weights.BUDGET_MAX, (
        f"/{heaviest} transfers {weights[heaviest] / 1024:.0f} KiB (budget 1024 KiB)"
    )
    assert median < page_weights.BUDGET_MEDIAN, f"median page {median / 1024:.0f} KiB (budget 300)"


def test_every_internal_link_and_anchor_resolves(built_site, site_visits):
    base = site_visits["base"]
    pages = site_visits["pages"]
    problems = []
    for rel, record in pages.items():
        for href in record.get("links", []):
            if not href.startswith(base):
                continue
            parts = urlsplit(href)
            target = parts.path[len(urlsplit(base).path) :]
            if target in pages:
                if parts.fragment and html.unescape(parts.fragment) not in pages[target]["ids"]:
                    problems.append(f"/{rel}: anchor #{parts.fragment} missing on /{target}")
            elif not (built_site / target).is_file():
                problems.append(f"/{rel}: link to missing /{target}")
    assert not problems, "\n".join(sorted(set(problems)))


SEARCHES = {
    "backpropagation": "lectures/01-first-network/",
    "Hopfield": "architectures/hopfield/",
    "broadcasting": "tensors/02-tensor-operations/",
}


@pytest.fixture(scope="module")
def browser(built_site):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with page_weights.serve(built_site) as base, playwright_api.sync_playwright() as pw:
        chromium = page_weights.launch(pw)
        yield base, chromium
        chromium.close()


@pytest.mark.parametrize("word", SEARCHES)
def test_search_finds_the_page_that_teaches_it(browser, word):
    base, chromium = browser
    page = chromium.new_page()
    page.goto(base, wait_until="load")
    page.keyboard.press("/")  # Material opens its search box on "/"
    page.keyboard.type(word)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    links = page.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.map(a => a.href)"
    )
    page.close()
    found = [urlsplit(link).path.lstrip("/") for link in links]
    assert SEARCHES[word] in found[:3], f"search for {word!r} gave {found}"


@pytest.mark.parametrize("rel", ["", "lectures/01-first-network/"])
def test_pages_read_from_a_folder_on_disk(browser, built_site, rel):
    """Opened as file:// with every other request blocked: text, figures and maths show."""
    _, chromium = browser
    page = chromium.new_page()
    outside = []
    page.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(("file:", "data:"))
            else (outside.append(r.request.url), r.abort())
        ),
    )
    page.goto((built_site / rel / "index.html").as_uri(), wait_until="load")
    page_weights.load_everything(page)
    state = page.evaluate(COLLECT)
    page.close()
    assert not outside, f"requests that left the folder: {outside}"
    assert state["hasContent"]
    assert not state["brokenImages"], state["brokenImages"]
    if rel in LESSONS:
        assert state["lessonMaths"] > 0 and not state["mathErrors"]
