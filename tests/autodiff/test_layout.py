"""The engine is the engine and nothing else, and every operation is wired from one place.

* Importing ``nnbook.autodiff`` imports NumPy and nnbook's NumPy-only helpers, never
  the chapter's code (``nnbook.lessons``), the networks (``nnbook.nn``), the
  architectures, nor a plotting, drawing or deep-learning library (checked in a
  fresh interpreter, where nothing else has imported them).
* Every operation a module of ``nnbook/autodiff/`` defines is registered, public in
  ``nnbook.autodiff.__all__``, and checked in the gradient-check table.
* The module map in ``nnbook/autodiff/__init__.py`` names every module.
"""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

import nnbook.autodiff as ad
from nnbook.autodiff.checks import standard_cases
from nnbook.autodiff.primitive import Primitive, operations

ENGINE = Path(ad.__file__).parent
FORBIDDEN = (
    "nnbook.lessons",
    "nnbook.nn",
    "nnbook.architectures",
    "matplotlib",
    "graphviz",
    "tensorflow",
    "torch",
    "scipy",
)


def _modules_after(statement: str) -> list:
    """The names in ``sys.modules`` after running ``statement`` in a fresh interpreter."""
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(out.stdout)


def test_importing_the_engine_imports_no_chapter_code_and_no_heavy_library():
    loaded = _modules_after("import nnbook.autodiff")
    bad = [m for m in loaded if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]
    assert bad == [], f"importing nnbook.autodiff imported {bad}"
    ours = {m for m in loaded if m == "nnbook" or m.startswith("nnbook.")}
    helpers = {"nnbook", "nnbook.autodiff", "nnbook.validation", "nnbook.numerics"}
    assert {m for m in ours if not m.startswith("nnbook.autodiff.")} <= helpers


def _engine_modules() -> list:
    return sorted(p.stem for p in ENGINE.glob("*.py") if p.stem != "__init__")


def test_the_module_map_names_every_module():
    missing = [m for m in _engine_modules() if f"`nnbook.autodiff.{m}`" not in ad.__doc__]
    assert missing == [], f"add {missing} to the module map of nnbook/autodiff/__init__.py"


@pytest.mark.parametrize("module", _engine_modules())
def test_every_operation_a_module_defines_is_registered(module):
    mod = importlib.import_module(f"nnbook.autodiff.{module}")
    defined = [
        cls
        for cls in vars(mod).values()
        if inspect.isclass(cls) and issubclass(cls, Primitive) and cls.__module__ == mod.__name__
    ]
    for cls in defined:
        if cls is Primitive:
            continue
        assert operations.get(cls.name).__class__ is cls, (
            f"{cls.__name__} in nnbook/autodiff/{module}.py is not registered: import the "
            "module in nnbook/autodiff/__init__.py, with the other operation modules"
        )


def test_every_registered_operation_is_public_and_checked():
    checked = {name for name, *_ in standard_cases()}
    for name, op in operations.items():
        assert name in ad.__all__, f"{name} is not in nnbook.autodiff.__all__"
        assert getattr(ad, name) is op.function
        assert name in checked, f"{type(op).__name__} yields no gradient-check case"
        assert getattr(ad, name).__doc__ == type(op).__doc__


def test_operation_names_are_the_names_of_their_functions():
    for name, op in operations.items():
        assert op.name == name == op.function.__name__
