"""Show the source of several functions as tabs on a page (Material for MkDocs' tab markup).

A lesson page is a notebook: a Markdown cell cannot hold tabs that run code, so a
code cell calls `source_tabs` with the very functions it runs next.  Each tab
holds `nnbook.display.source_text` of one function, highlighted with Pygments,
in the HTML that ``pymdownx.tabbed`` (``alternate_style``) writes, so Material's
stylesheet turns it into tabs.  Outside the site (in Jupyter) the tabs appear one
below the other, each under its label.

Examples
--------
>>> from nnbook.mlp import sigmoid, sigmoid_deriv
>>> html = source_tabs_html({"sigmoid": sigmoid, "its derivative": sigmoid_deriv})
>>> html.count('class="tabbed-block"'), html.count('type="radio"')
(2, 2)
"""

from __future__ import annotations

import hashlib
import html as html_lib

from ..display import source_text

__all__ = ["source_tabs", "source_tabs_html"]


def source_tabs_html(functions: dict, docstring: bool = False) -> str:
    """HTML of Material tabs, one per ``label -> function``, each showing the function's source.

    The first tab is selected.  Element ids derive from the labels and the code,
    so two builds write the same bytes and two tab sets on one page do not clash.

    Parameters
    ----------
    functions : dict
        Tab label -> function or class whose source to show.
    docstring : bool
        Keep the docstrings (default: drop them, as `nnbook.display.show_source` does).

    Examples
    --------
    >>> from nnbook.mlp import sigmoid_deriv
    >>> html = source_tabs_html({"derivative": sigmoid_deriv})
    >>> '<label for=' in html and "sigmoid_deriv" in html
    True
    >>> source_tabs_html({})
    Traceback (most recent call last):
    ...
    ValueError: functions must map at least one tab label to a function, got {}
    """
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    if not functions:
        raise ValueError(
            f"functions must map at least one tab label to a function, got {functions!r}"
        )
    sources = {str(label): source_text(fn, docstring=docstring) for label, fn in functions.items()}
    key = hashlib.sha256(repr(sorted(sources.items())).encode()).hexdigest()[:10]
    group = f"__tabbed_nnbook_{key}"
    # long lines scroll sideways rather than wrap, as in Material's own code blocks
    formatter = HtmlFormatter(wrapcode=True, prestyles="white-space: pre; overflow-x: auto")
    inputs, labels, blocks = [], [], []
    for k, (label, fn) in enumerate(zip(sources, functions.values(), strict=True), start=1):
        tab_id = f"{group}_{k}"
        checked = ' checked="checked"' if k == 1 else ""
        inputs.append(f'<input{checked} id="{tab_id}" name="{group}" type="radio">')
        labels.append(f'<label for="{tab_id}">{html_lib.escape(label)}</label>')
        where = f"{fn.__module__}.{fn.__qualname__}"
        blocks.append(
            '<div class="tabbed-block">'
            f"<p><code>{html_lib.escape(where)}</code></p>"
            f"{highlight(sources[label], PythonLexer(), formatter)}</div>"
        )
    return (
        f'<div class="tabbed-set tabbed-alternate" data-tabs="{len(sources)}">'
        + "".join(inputs)
        + '<div class="tabbed-labels">'
        + "".join(labels)
        + "</div>"
        + '<div class="tabbed-content">'
        + "".join(blocks)
        + "</div></div>"
    )


def source_tabs(functions: dict, docstring: bool = False):
    """Display `source_tabs_html` in a notebook (returns an ``IPython.display.HTML``)."""
    from IPython.display import HTML

    return HTML(source_tabs_html(functions, docstring=docstring))
