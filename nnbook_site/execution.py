"""Executing lessons so that two builds give the same pages.

The kernels get fixed seeds and environment (:func:`reproducible_environment`), the cells of an
executed notebook are numbered instead of given random ids (:func:`number_cells`), and printed
output is merged into one block per cell however the kernel flushed it
(:func:`coalesce_streams_after_execution`). :func:`executed_with` names the versions a page
was executed with.
"""

from __future__ import annotations

import os


def reproducible_environment() -> None:
    """Seeds and settings the lesson kernels inherit from the build."""
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")  # SVG figures carry no date
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    os.environ["NNBOOK_SITE_BUILD"] = "1"


def number_cells():
    """Make nbformat number new cells (``cell-1``, ...) instead of giving them random ids.

    Returns a function that starts the numbering again: call it before each lesson.
    """
    import nbformat.v4.nbbase as nbbase

    counter = {"n": 0}

    def next_id() -> str:
        counter["n"] += 1
        return f"cell-{counter['n']}"

    nbbase.random_cell_id = next_id
    return lambda: counter.update(n=0)


def coalesce_streams_after_execution() -> None:
    """A loop that prints lands in one or several stdout outputs depending on when the
    kernel flushed: merge them after execution (nbconvert's own merge runs before it)."""
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor, ExecutePreprocessor

    if getattr(ExecutePreprocessor.preprocess, "_nnbook", False):
        return
    execute = ExecutePreprocessor.preprocess

    def preprocess(self, nb, resources=None, km=None):
        nb, resources = execute(self, nb, resources, km)
        return CoalesceStreamsPreprocessor().preprocess(nb, resources)

    preprocess._nnbook = True
    ExecutePreprocessor.preprocess = preprocess


def executed_with(source: str) -> str:
    """'Python 3.11.7 · NumPy 2.3.5 · ...': the versions a lesson runs with in this build
    (TensorFlow and PyTorch only when its ``source`` imports them)."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"Python {platform.python_version()}"]
    wanted = [
        ("NumPy", "numpy"),
        ("TensorFlow", "tensorflow"),
        ("PyTorch", "torch"),
        ("nnbook", "nnbook"),
    ]
    for label, dist in wanted:
        if dist in ("tensorflow", "torch") and f"import {dist}" not in source:
            continue
        try:
            parts.append(f"{label} {version(dist)}")
        except PackageNotFoundError:
            pass
    return " · ".join(parts)
