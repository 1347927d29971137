"""Show the package's own code on a page, so that a page never carries a copy.

Examples
--------
>>> from nnbook.mlp import sigmoid_deriv
>>> print(source_text(sigmoid_deriv).splitlines()[0])
def sigmoid_deriv(x):
>>> print(source_text(sigmoid_deriv, docstring=False))
def sigmoid_deriv(x):
    s = sigmoid(x)
    return s * (1.0 - s)
"""

from __future__ import annotations

import ast
import inspect
import textwrap

__all__ = ["show_source", "source_text"]


def source_text(obj, docstring: bool = True) -> str:
    """The source code of a function or class from `nnbook`, optionally without its docstring."""
    src = textwrap.dedent(inspect.getsource(obj))
    if docstring:
        return src.rstrip()
    tree = ast.parse(src)
    node = tree.body[0]
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        lines = src.splitlines()
        start, end = body[0].lineno - 1, body[0].end_lineno
        del lines[start:end]
        return "\n".join(lines).rstrip()
    return src.rstrip()


def show_source(obj, docstring: bool = False):
    """Display ``obj``'s source as highlighted code in a notebook (returns an IPython object)."""
    from IPython.display import Code

    return Code(source_text(obj, docstring=docstring), language="python")
