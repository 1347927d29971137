"""Draw a computational graph with Graphviz: the figures of the autodiff chapter.

`draw` returns a `graphviz.Digraph`; a notebook shows it as SVG (this
needs Graphviz's ``dot`` program: ``apt-get install graphviz``, or ``brew install
graphviz``).  Variables are drawn as red ellipses, constants as grey ellipses,
operations as green boxes; each box shows the value and, once ``backward`` has
filled it, the gradient.
"""

from __future__ import annotations

import graphviz
import numpy as np

from ...autodiff import Constant, Node, Variable, topological_order
from ...autodiff.node import _describe, reverse_sweep
from ...validation import check_int

__all__ = ["draw", "draw_reverse_steps", "format_array"]

_STYLE = {
    Variable: {"shape": "ellipse", "color": "#cc0000", "fillcolor": "#fde8e8"},
    Constant: {"shape": "ellipse", "color": "#555753", "fillcolor": "#eeeeec"},
    Node: {"shape": "box", "color": "#4e9a06", "fillcolor": "#eaf5e0"},
}


def format_array(a, digits: int = 4, max_entries: int = 4) -> str:
    """Short text for a value in a drawing: the numbers if few, else the shape.

    Examples
    --------
    >>> format_array(np.array(0.123456)), format_array(np.array([1.0, 2.5]))
    ('0.1235', '[1, 2.5]')
    >>> format_array(np.zeros((30, 5)))
    'shape (30, 5)'
    """
    digits = check_int(digits, "format_array: digits")
    max_entries = check_int(max_entries, "format_array: max_entries", low=0)
    a = np.asarray(a)
    if a.size > max_entries:
        return f"shape {a.shape}"
    if a.ndim == 0:
        return f"{float(a):.{digits}g}"
    text = ", ".join(f"{float(v):.{digits}g}" for v in a.ravel())
    return f"[{text}]" if a.ndim == 1 else f"[{text}] shape {a.shape}"


def draw(
    output: Node, *, show_grads: bool = True, highlight=(), rankdir: str = "LR", digits: int = 4
) -> graphviz.Digraph:
    """A Graphviz drawing of the graph that computes ``output``.

    Parameters
    ----------
    output : Node
        The last node; every node it depends on is drawn, constants included.
    show_grads : bool
        Show ``.grad`` where it is set (``backward(retain_grads=True)`` sets it on
        every node, plain ``backward()`` on variables only).
    highlight : Node or iterable of Node
        Nodes drawn with a thick blue border (the node being processed in a
        step-by-step figure).
    rankdir : {"LR", "TB"}
        Left to right, or top to bottom.
    digits : int
        Significant digits of the numbers shown.

    Examples
    --------
    >>> from nnbook.autodiff import Variable, sin
    >>> x1, x2 = Variable(1.0, name="x1"), Variable(2.0, name="x2")
    >>> z = sin(x1 + x2)
    >>> dot = draw(z)
    >>> print(dot.source.count("->"), "edges")
    3 edges
    """
    if not isinstance(output, Node):
        raise TypeError(f"draw: output must be a node, got {_describe(output)}")
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(
            f"draw: rankdir must be 'LR' or 'TB' (or 'RL', 'BT'), got {_describe(rankdir)}"
        )
    digits = check_int(digits, "draw: digits")
    if isinstance(highlight, Node):
        highlight = (highlight,)
    marked = {id(n) for n in highlight}
    dot = graphviz.Digraph(format="svg")
    dot.attr(rankdir=rankdir, bgcolor="white")
    dot.attr("node", style="filled", fontname="Helvetica", fontsize="11")
    dot.attr("edge", color="#555753", arrowsize="0.7")
    nodes = topological_order(output, only_needs_grad=False)
    ids = {id(n): f"n{k}" for k, n in enumerate(nodes)}
    for n in nodes:
        label = n.op.label(n) if n.op is not None else None
        title = n.name or label or format_array(n.value, digits)
        lines = [title]
        if n.op is not None and n.name:
            lines.append(f"({label})")
        if n.op is not None or n.name:
            lines.append(f"value {format_array(n.value, digits)}")
        if show_grads and n.grad is not None:
            lines.append(f"grad {format_array(n.grad, digits)}")
        style = dict(_STYLE[type(n)])
        if id(n) in marked:
            style.update(color="#204a87", penwidth="3")
        dot.node(ids[id(n)], "\n".join(lines), **style)
        for p in n.parents:
            dot.edge(ids[id(p)], ids[id(n)])
    return dot


def draw_reverse_steps(output: Node, **kwargs):
    """Run reverse mode on ``output`` one node at a time, drawing the graph after each step.

    Clears ``.grad`` on every node of the graph first, then yields ``(node, drawing)``
    after ``node`` has sent its adjoint to its parents; the node just processed is
    highlighted.  Keyword arguments go to `draw`.

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> x = Variable(3.0, name="x")
    >>> steps = list(draw_reverse_steps(x * x))
    >>> [n.name or n.op.name for n, _ in steps], float(x.grad)
    (['multiply', 'x'], 6.0)
    """
    for node in topological_order(output, only_needs_grad=False):
        node.grad = None
    for node in reverse_sweep(output, retain_grads=True):
        yield node, draw(output, highlight=node, **kwargs)
