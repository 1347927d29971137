"""Compare nnbook with TensorFlow 2 on random expressions, in both modes.

One comparison, used twice: the chapter page "How we know the gradients are right"
prints its largest differences (`compare_random_expressions`), and
``tests/autodiff/test_against_tensorflow.py`` asserts on the arrays (`run_both`).
TensorFlow is imported when a function here runs, not when the module is imported.
"""

from __future__ import annotations

import numpy as np

from ...autodiff import Variable, cos, exp, jvp, log, log_softmax, sigmoid, sin, softmax, tanh
from ...validation import check_int

__all__ = ["compare_random_expressions", "random_case", "random_expression", "run_both", "to_text"]

UNARY = (
    "sin",
    "cos",
    "tanh",
    "sigmoid",
    "exp_tanh",
    "softmax",
    "log_softmax",
    "square",
    "log1p_sq",
    "neg",
)
BINARY = ("+", "-", "*", "/", "@")


def random_expression(rng, depth: int):
    """A random expression tree over two inputs ``x0`` and ``x1``, as nested tuples.

    Examples
    --------
    >>> to_text(random_expression(np.random.default_rng(5), 2))
    '((x1 @ x0) + sin(x1))'
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"random_expression: rng must be a numpy.random.Generator, got {type(rng).__name__}"
        )
    depth = check_int(depth, "random_expression: depth", low=0)
    if depth == 0:
        return ("x", int(rng.integers(2)))
    if rng.random() < 0.5:
        return (str(rng.choice(UNARY)), random_expression(rng, depth - 1))
    return (
        str(rng.choice(BINARY)),
        random_expression(rng, depth - 1),
        random_expression(rng, int(rng.integers(depth))),
    )


def to_text(tree) -> str:
    """The expression as readable text."""
    if tree[0] == "x":
        return f"x{tree[1]}"
    if len(tree) == 2:
        return f"{tree[0]}({to_text(tree[1])})"
    a, b = to_text(tree[1]), to_text(tree[2])
    if tree[0] == "/":  # a safe division: the denominator stays >= 1.5
        return f"({a} / (1.5 + {b}²))"
    return f"({a} {tree[0]} {b})"


def _ops(tf):
    if tf is None:
        return {
            "sin": sin,
            "cos": cos,
            "tanh": tanh,
            "sigmoid": sigmoid,
            "exp_tanh": lambda x: exp(tanh(x)),
            "softmax": softmax,
            "log_softmax": log_softmax,
            "square": lambda x: x**2,
            "log1p_sq": lambda x: log(1.0 + x * x),
            "neg": lambda x: -x,
        }
    return {
        "sin": tf.sin,
        "cos": tf.cos,
        "tanh": tf.tanh,
        "sigmoid": tf.sigmoid,
        "exp_tanh": lambda x: tf.exp(tf.tanh(x)),
        "softmax": tf.nn.softmax,
        "log_softmax": tf.nn.log_softmax,
        "square": tf.square,
        "log1p_sq": lambda x: tf.math.log(1.0 + x * x),
        "neg": lambda x: -x,
    }


def _evaluate(tree, inputs, ops):
    if tree[0] == "x":
        return inputs[tree[1]]
    if len(tree) == 2:
        return ops[tree[0]](_evaluate(tree[1], inputs, ops))
    a, b = _evaluate(tree[1], inputs, ops), _evaluate(tree[2], inputs, ops)
    return {
        "+": lambda: a + b,
        "-": lambda: a - b,
        "*": lambda: a * b,
        "/": lambda: a / (1.5 + b * b),
        "@": lambda: a @ b,
    }[tree[0]]()


def random_case(rng, depth: int = 4) -> dict:
    """A random expression and the arrays to run it on, drawn from ``rng``.

    Returns ``{"tree", "x", "u", "v"}``: the expression (see `random_expression`), its two
    ``(3, 3)`` inputs ``x``, the output weight ``u`` of the loss ``sum(u * f)`` and a
    forward direction ``v`` (one array per input).

    Examples
    --------
    >>> case = random_case(np.random.default_rng(0))
    >>> sorted(case), [a.shape for a in case["x"]]
    (['tree', 'u', 'v', 'x'], [(3, 3), (3, 3)])
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"random_case: rng must be a numpy.random.Generator, got {type(rng).__name__}"
        )
    tree = random_expression(rng, depth)
    x = [rng.standard_normal((3, 3)) * 0.5 for _ in range(2)]
    u = rng.standard_normal((3, 3))
    v = [rng.standard_normal((3, 3)) for _ in range(2)]
    return {"tree": tree, "x": x, "u": u, "v": v}


def run_both(case: dict) -> dict:
    """Evaluate a `random_case` with nnbook and with TensorFlow, in both modes.

    Reverse mode gives the gradient of ``sum(u * f)`` with respect to each input
    (``backward``; ``tf.GradientTape``); forward mode gives ``J v`` (`nnbook.autodiff.jvp`;
    ``tf.autodiff.ForwardAccumulator``).  TensorFlow is imported here.

    Returns
    -------
    dict
        ``{"nnbook": result, "tensorflow": result}``, each result a dict with the
        NumPy arrays ``"value"``, ``"gradients"`` (a list, one per input) and ``"tangent"``.
    """
    import tensorflow as tf

    tree, x, u, v = case["tree"], case["x"], case["u"], case["v"]
    ours_ops, tf_ops = _ops(None), _ops(tf)

    nodes = [Variable(a) for a in x]
    out = _evaluate(tree, nodes, ours_ops)
    (out * u).sum().backward()
    _, tangent = jvp(lambda *ns: _evaluate(tree, ns, ours_ops), tuple(x), tuple(v))
    ours = {
        "value": out.value,
        "gradients": [n.grad if n.grad is not None else np.zeros_like(n.value) for n in nodes],
        "tangent": tangent,
    }

    tx = [tf.Variable(a, dtype=tf.float64) for a in x]
    with tf.GradientTape() as tape:
        t_out = _evaluate(tree, tx, tf_ops)
        t_loss = tf.reduce_sum(t_out * u)
    t_grads = tape.gradient(t_loss, tx, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    tc = [tf.constant(a) for a in x]
    with tf.autodiff.ForwardAccumulator(tc, [tf.constant(d) for d in v]) as acc:
        t_fwd = _evaluate(tree, tc, tf_ops)
    t_tangent = acc.jvp(t_fwd, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    theirs = {
        "value": t_out.numpy(),
        "gradients": [g.numpy() for g in t_grads],
        "tangent": t_tangent.numpy(),
    }
    return {"nnbook": ours, "tensorflow": theirs}


def compare_random_expressions(count: int = 20, depth: int = 4, seed: int = 0) -> list:
    """Largest differences between nnbook and TensorFlow on ``count`` random expressions.

    Each expression maps two ``(3, 3)`` inputs to a ``(3, 3)`` output; `run_both`
    evaluates it in both engines and both modes.

    Returns
    -------
    list of dict
        ``{"expression", "value", "reverse", "forward"}``: expression text and the
        largest relative differences (relative to the largest entry of TensorFlow's result).
    """
    count = check_int(count, "compare_random_expressions: count")
    depth = check_int(depth, "compare_random_expressions: depth", low=0)
    seed = check_int(seed, "compare_random_expressions: seed", low=0)
    rng = np.random.default_rng(seed)

    def rel(a, b):
        a, b = np.asarray(a), np.asarray(b)
        return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))

    rows = []
    for _ in range(count):
        case = random_case(rng, depth)
        both = run_both(case)
        ours, theirs = both["nnbook"], both["tensorflow"]
        rows.append(
            {
                "expression": to_text(case["tree"]),
                "value": rel(ours["value"], theirs["value"]),
                "reverse": max(
                    rel(a, b) for a, b in zip(ours["gradients"], theirs["gradients"], strict=True)
                ),
                "forward": rel(ours["tangent"], theirs["tangent"]),
            }
        )
    return rows
