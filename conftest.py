"""Collect the examples in docstrings and Markdown pages as tests (with Sybil).

* ``nnbook/**/*.py``: every ``>>>`` example in a docstring is a test.
* ``docs/**/*.md``: every ```` ```python ```` block is run, in order, per page (a block of
  ``>>>`` examples is checked as a doctest).

Lessons (``docs/<section>/*.py``) are not collected here: the site build executes them.
"""

import numpy as np
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser as RestDocTestParser


def _setup(namespace):
    namespace["np"] = np
    np.set_printoptions(legacy="1.25")  # NumPy 2 prints np.float64(1.0); keep 1.0


def _teardown(namespace):
    np.set_printoptions(legacy=False)


pytest_collect_file = (
    Sybil(
        parsers=[RestDocTestParser()],
        patterns=["nnbook/*.py", "nnbook/**/*.py", "nnbook/*/*/*.py"],
        setup=_setup,
        teardown=_teardown,
        name="docstrings",
    )
    + Sybil(
        parsers=[PythonCodeBlockParser(), SkipParser()],
        patterns=["docs/*.md", "docs/**/*.md"],
        setup=_setup,
        teardown=_teardown,
        name="pages",
    )
).pytest()
