"""The ``nnbook`` code a lesson imports exists: a lesson left behind by a rename in the package
is caught in a second, without executing it."""

from __future__ import annotations

import difflib
from pathlib import Path

from nnbook_site.checks.problem import Problem


def check_nnbook_imports(path: Path) -> list[Problem]:
    """Every name a lesson imports from ``nnbook``, and every ``module.attribute`` it uses, exists.

    Catches a lesson left behind by a rename in the package, in a second and without executing
    the lesson (it imports the ``nnbook`` modules the lesson imports).
    """
    import ast
    import importlib
    import importlib.util

    path = Path(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    problems: list[Problem] = []
    modules: dict[str, object] = {}  # local name -> nnbook module

    def load(name, line):
        try:
            return importlib.import_module(name)
        except ImportError as err:
            problems.append(
                Problem(
                    path,
                    line,
                    f"cannot import `{name}`: {err}",
                    "import a module that exists in nnbook/ (see the API reference)",
                )
            )
            return None

    def missing(module, name, line):
        names = [n for n in dir(module) if not n.startswith("_")]
        close = difflib.get_close_matches(name, names, n=1)
        problems.append(
            Problem(
                path,
                line,
                f"`{module.__name__}` has no `{name}`",
                (f"did you mean `{close[0]}`? " if close else "")
                + f"use a name that {module.__name__} defines (its API page lists them)",
            )
        )

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "nnbook":
            module = load(node.module, node.lineno)
            for alias in node.names if module else []:
                if hasattr(module, alias.name):
                    value = getattr(module, alias.name)
                elif hasattr(module, "__path__") and importlib.util.find_spec(
                    f"{node.module}.{alias.name}"
                ):
                    value = importlib.import_module(f"{node.module}.{alias.name}")
                else:
                    missing(module, alias.name, node.lineno)
                    continue
                if type(value).__name__ == "module":
                    modules[alias.asname or alias.name] = value
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "nnbook":
                    module = load(alias.name, node.lineno)
                    if module is not None and alias.asname:
                        modules[alias.asname] = module
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and not hasattr(modules[node.value.id], node.attr)
        ):
            missing(modules[node.value.id], node.attr, node.lineno)
    return problems
