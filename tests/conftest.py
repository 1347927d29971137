"""Shared fixtures.  ``built_site`` builds the whole website once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Build the site with ``mkdocs build --strict`` into a temporary folder and return it.

    The build executes every lesson (a cell that raises fails it).  Executed pages are
    cached under ``.cache/`` keyed on the page and on a fingerprint of ``nnbook/``
    (see ``nnbook_site/cache.py``), so a second run only re-executes what changed.

    To test a site you have already built (``mkdocs build --strict -d DIR``) without building
    it again, set ``NNBOOK_SITE=DIR``.
    """
    prebuilt = os.environ.get("NNBOOK_SITE")
    if prebuilt:
        site = Path(prebuilt)
        if not (site / "index.html").is_file():
            pytest.fail(
                f"NNBOOK_SITE={prebuilt} holds no built site (no index.html)", pytrace=False
            )
        return site
    site = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-60:])
        pytest.fail(
            f"mkdocs build --strict failed (exit {proc.returncode}). "
            f"Last lines of its output:\n{tail}",
            pytrace=False,
        )
    (site / ".build-log.txt").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    return site
