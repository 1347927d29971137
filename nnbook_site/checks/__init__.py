"""The lesson checker: every lesson holds the lesson anatomy and builds into working pages.

A lesson is a Jupytext percent file ``docs/<section>/<slug>.py`` (:mod:`nnbook_site.lessons`).
The checks, each a function (``tests/test_lessons.py`` runs them all as part of the test
command; ``tests/site_code/`` tests each rule):

* :func:`check_anatomy`: the rules of :data:`~nnbook_site.checks.anatomy.RULES`: title,
  "In this lesson we will" goals, prerequisites with links, ``## Summary``, ``## Exercises``
  (hints and solutions collapsible), ``## References``, the Jupytext header,
  ``use_book_style()`` in the first code cell, no admonitions (nbconvert does not render them);
* :func:`check_citations`: every ``[@key]`` in a lesson or a Markdown page is an entry of
  ``docs/references.bib``;
* :func:`check_images`: no image file under ``docs/`` unless a script under ``scripts/`` makes
  it (figures are drawn by ``nnbook`` when the page executes);
* :func:`check_links`: every internal link and anchor of the built site resolves, lesson pages
  included (MkDocs itself does not look inside them);
* :func:`check_times`: every lesson executed within :data:`TIME_BUDGET` seconds in the build
  (``.nnbook/lesson-times.json``, written by the build hook);
* :func:`check_nnbook_imports`: every name a lesson imports from ``nnbook`` exists;
* :func:`run_lesson`: run one lesson as a plain Python script and time it (quick, no build).

Every problem names the file, the line and the fix. From the command line::

    .venv/bin/python scripts/check_lessons.py                     # all lessons, no build (seconds)
    .venv/bin/python scripts/check_lessons.py docs/lectures/02-x.py --run  # one lesson; run it
    .venv/bin/python scripts/check_lessons.py --site /tmp/site    # + links, times of a built site
    .venv/bin/python scripts/check_lessons.py --build             # build the site first (slow)

It exits with status 1 when it finds a problem.
"""

from nnbook_site import DOCS
from nnbook_site.checks.anatomy import RULES, check_anatomy
from nnbook_site.checks.citations import BIB, check_citations
from nnbook_site.checks.cli import main, static_problems
from nnbook_site.checks.execution import (
    CACHED_BELOW,
    TIME_BUDGET,
    TIMES_FILE,
    check_times,
    format_time,
    run_lesson,
)
from nnbook_site.checks.images import check_images
from nnbook_site.checks.imports import check_nnbook_imports
from nnbook_site.checks.links import check_links
from nnbook_site.checks.problem import Problem
from nnbook_site.lessons import lesson_paths

__all__ = [
    "BIB",
    "CACHED_BELOW",
    "DOCS",
    "Problem",
    "RULES",
    "TIMES_FILE",
    "TIME_BUDGET",
    "check_anatomy",
    "check_citations",
    "check_images",
    "check_links",
    "check_nnbook_imports",
    "check_times",
    "format_time",
    "lesson_paths",
    "main",
    "run_lesson",
    "static_problems",
]
