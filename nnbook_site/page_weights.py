"""Serve a built site on 127.0.0.1, open its pages in headless Chromium, and weigh them.

The weight of a page is what a first visit with an empty cache downloads: the HTML and
every file the browser then asks for (CSS, JavaScript, fonts, figures, the search index),
as recorded by the browser itself. Each file is counted twice: as stored, and gzip-compressed
(what a static host such as GitHub Pages sends over the wire for text files; images and web
fonts are already compressed and are counted as stored). The budget of the book
(issue 9) is on the transferred weight: heaviest page under 1 MiB, median under 300 KiB.

    .venv/bin/python scripts/page_weights.py --site /tmp/site   # print the table
    .venv/bin/python scripts/page_weights.py --build --write     # build, write the report page

``tests/test_browser.py`` uses :func:`serve`, :func:`launch` and :func:`page_urls` from here;
``scripts/page_weights.py`` runs :func:`main`.
Chromium is Debian's (``/usr/bin/chromium``), driven by Playwright's Python package; nothing
is downloaded.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from nnbook_site import ROOT

REPORT = ROOT / "docs" / "contributing" / "page-weights.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # No network but the loopback: any other host fails to resolve (the tests record it).
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
MIB, KIB = 1024 * 1024, 1024
BUDGET_MAX, BUDGET_MEDIAN = 1 * MIB, 300 * KIB
#: Files already compressed: sent as they are.
BINARY = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2", ".ico", ".ipynb.gz"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@contextmanager
def serve(site: Path):
    """Serve ``site`` on 127.0.0.1 (a free port) from a thread; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    """Debian's Chromium, headless, with no background traffic of its own."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def page_urls(site: Path) -> list[str]:
    """Every HTML page of the built site, as a path relative to its root ('' is the home)."""
    urls = []
    for path in sorted(site.rglob("index.html")):
        parts = path.parent.relative_to(site).parts
        if parts[:1] == ("assets",) or any(part.startswith(".") for part in parts):
            continue
        urls.append("/".join(parts) + "/" if parts else "")
    return urls


def local_file(site: Path, url: str) -> Path | None:
    """The file of ``site`` that a loopback URL serves (None for other hosts)."""
    parts = urlsplit(url)
    if parts.hostname != "127.0.0.1":
        return None
    path = unquote(parts.path).lstrip("/")
    target = site / path
    if path == "" or path.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


@functools.lru_cache(maxsize=4096)
def _sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    if "".join(path.suffixes[-2:]) in BINARY or path.suffix in BINARY:
        return len(data), len(data)
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def weigh(site: Path, urls) -> dict:
    """Stored and gzip-transferred bytes of the files behind ``urls``, by kind."""
    out = {"raw": 0, "transferred": 0, "files": 0, "by_kind": {}}
    for url in sorted(set(urls)):
        path = local_file(site, url)
        if path is None:
            continue
        raw, sent = _sizes(path)
        kind = {
            ".html": "HTML",
            ".css": "CSS",
            ".js": "JS",
            ".json": "search index",
            ".woff": "fonts",
            ".woff2": "fonts",
        }.get(path.suffix, "images")
        out["raw"] += raw
        out["transferred"] += sent
        out["files"] += 1
        out["by_kind"][kind] = out["by_kind"].get(kind, 0) + sent
    return out


def load_everything(page) -> None:
    """Make lazy images load and wait for them, and for MathJax if the page uses it."""
    page.evaluate("""async () => {
        document.querySelectorAll('img[loading="lazy"]').forEach(img => img.loading = "eager");
        await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
        if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
            await MathJax.startup.promise;
            if (MathJax.typesetPromise) await MathJax.typesetPromise();
        }
    }""")


def measure_site(site: Path) -> list[dict]:
    """Open every page of ``site`` in a fresh browser context and weigh what it downloaded."""
    from playwright.sync_api import sync_playwright

    rows = []
    with serve(site) as base, sync_playwright() as pw:
        browser = launch(pw)
        try:
            for rel in page_urls(site):
                context = browser.new_context()
                page = context.new_page()
                requested = []
                page.on("requestfinished", lambda r, requested=requested: requested.append(r.url))
                page.goto(base + rel, wait_until="load")
                load_everything(page)
                page.wait_for_load_state("networkidle")
                rows.append({"page": rel, **weigh(site, requested)})
                context.close()
        finally:
            browser.close()
    return rows


def summary(rows: list[dict]) -> dict:
    sent = [r["transferred"] for r in rows]
    heaviest = max(rows, key=lambda r: r["transferred"])
    return {
        "pages": len(rows),
        "max": max(sent),
        "max_page": heaviest["page"],
        "median": statistics.median(sent),
    }


def _kib(n: float) -> str:
    return f"{n / KIB:,.0f}"


def report(rows: list[dict]) -> str:
    s = summary(rows)
    kinds = ["HTML", "CSS", "JS", "images", "fonts", "search index"]
    lines = [
        "# Page weights",
        "",
        "<!-- Generated by scripts/page_weights.py --write: do not edit by hand. -->",
        "",
        "What a first visit to each page of the site downloads, with an empty browser cache,",
        "as recorded by headless Chromium: the HTML and every file the page then asks for.",
        "*Transferred* counts text files gzip-compressed (as a static host sends them) and",
        "images and fonts as stored. Budget: the heaviest page under 1 MiB (1,024 KiB), the",
        "median under 300 KiB. Regenerate this page with",
        "`.venv/bin/python scripts/page_weights.py --build --write`.",
        "",
        f"**{s['pages']} pages. Heaviest: {_kib(s['max'])} KiB (`{s['max_page'] or '/'}`). "
        f"Median: {_kib(s['median'])} KiB.**",
        "",
        "| Page | Transferred (KiB) | Stored (KiB) | Files | " + " | ".join(kinds) + " |",
        "|---|---:|---:|---:|" + "---:|" * len(kinds),
    ]
    for r in sorted(rows, key=lambda r: -r["transferred"]):
        cells = [_kib(r["by_kind"].get(k, 0)) for k in kinds]
        lines.append(
            f"| `{r['page'] or '/'}` | {_kib(r['transferred'])} | {_kib(r['raw'])} | "
            f"{r['files']} | " + " | ".join(cells) + " |"
        )
    lines += [
        "",
        "The columns after *Files* split the transferred KiB by kind of file. The CSS, the",
        "JavaScript and the search index are the same files on every page: a reader downloads",
        "them once per visit. Maths is typeset to SVG when the site is built, so pages load",
        "no maths JavaScript and no web fonts.",
        "",
    ]
    return "\n".join(lines)


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        check=True,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--build", action="store_true", help="build the site into a temp folder")
    parser.add_argument("--write", action="store_true", help=f"write {REPORT.relative_to(ROOT)}")
    ns = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = ns.site
        if site is None or ns.build:
            site = Path(tmp) / "site"
            build(site)
        rows = measure_site(site)
    text = report(rows)
    print(text)
    if ns.write:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(text, encoding="utf-8")
        print(f"wrote {REPORT.relative_to(ROOT)}", file=sys.stderr)
    s = summary(rows)
    ok = s["max"] < BUDGET_MAX and s["median"] < BUDGET_MEDIAN
    print(
        f"heaviest {s['max'] / BUDGET_MAX:.2f} of budget, "
        f"median {s['median'] / BUDGET_MEDIAN:.2f} of budget",
        file=sys.stderr,
    )
    return 0 if ok else 1
