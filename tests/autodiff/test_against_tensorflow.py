"""nnbook against TensorFlow 2 (GradientTape for reverse mode, ForwardAccumulator for forward).

Kept in one module so that TensorFlow (about 5 s to import) is imported once.
"""

from __future__ import annotations

import numpy as np
import pytest

import nnbook.autodiff as ad

tf = pytest.importorskip("tensorflow")

# The same operations for both engines: name -> (nnbook, TensorFlow).
UNARY = {
    "sin": (ad.sin, tf.sin),
    "cos": (ad.cos, tf.cos),
    "tanh": (ad.tanh, tf.tanh),
    "sigmoid": (ad.sigmoid, tf.sigmoid),
    "exp_tanh": (lambda x: ad.exp(ad.tanh(x)), lambda x: tf.exp(tf.tanh(x))),
    "softmax": (ad.softmax, tf.nn.softmax),
    "log_softmax": (ad.log_softmax, tf.nn.log_softmax),
    "square": (lambda x: x**2, tf.square),
    "log1p_sq": (lambda x: ad.log(1.0 + x * x), lambda x: tf.math.log(1.0 + x * x)),
    "neg": (lambda x: -x, lambda x: -x),
}
BINARY = {
    "add": (lambda a, b: a + b, tf.add),
    "sub": (lambda a, b: a - b, tf.subtract),
    "mul": (lambda a, b: a * b, tf.multiply),
    "div": (lambda a, b: a / (1.5 + b * b), lambda a, b: a / (1.5 + b * b)),
    "matmul": (lambda a, b: a @ b, tf.matmul),
}


def random_expression(rng, depth):
    """A random expression over two (3, 3) inputs, as a tree of operation names."""
    if depth == 0:
        return ("x", int(rng.integers(2)))
    if rng.random() < 0.5:
        return (str(rng.choice(list(UNARY))), random_expression(rng, depth - 1))
    return (
        str(rng.choice(list(BINARY))),
        random_expression(rng, depth - 1),
        random_expression(rng, int(rng.integers(depth))),
    )


def evaluate(tree, inputs, engine):
    """Evaluate ``tree`` with engine 0 (nnbook) or 1 (TensorFlow)."""
    if tree[0] == "x":
        return inputs[tree[1]]
    if tree[0] in UNARY:
        return UNARY[tree[0]][engine](evaluate(tree[1], inputs, engine))
    a, b = evaluate(tree[1], inputs, engine), evaluate(tree[2], inputs, engine)
    return BINARY[tree[0]][engine](a, b)


@pytest.mark.parametrize("seed", range(25))
def test_random_expressions_match_tensorflow_in_both_modes(seed):
    rng = np.random.default_rng(seed)
    tree = random_expression(rng, depth=4)
    x = [rng.standard_normal((3, 3)) * 0.5 for _ in range(2)]
    u = rng.standard_normal((3, 3))  # output weights: loss = sum(u * f)
    v = [rng.standard_normal((3, 3)) for _ in range(2)]  # a forward direction

    # nnbook, reverse and forward
    nodes = [ad.Variable(a) for a in x]
    out = evaluate(tree, nodes, 0)
    (out * u).sum().backward()
    ours_grad = [n.grad if n.grad is not None else np.zeros((3, 3)) for n in nodes]
    ours_value, ours_tangent = ad.jvp(lambda *ns: evaluate(tree, ns, 0), tuple(x), tuple(v))

    # TensorFlow, reverse (GradientTape) and forward (ForwardAccumulator)
    tx = [tf.Variable(a, dtype=tf.float64) for a in x]
    with tf.GradientTape() as tape:
        t_out = evaluate(tree, tx, 1)
        t_loss = tf.reduce_sum(t_out * u)
    tf_grad = tape.gradient(t_loss, tx, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    tc = [tf.constant(a) for a in x]
    with tf.autodiff.ForwardAccumulator(tc, [tf.constant(d) for d in v]) as acc:
        t_fwd = evaluate(tree, tc, 1)
    tf_tangent = acc.jvp(t_fwd, unconnected_gradients=tf.UnconnectedGradients.ZERO)

    np.testing.assert_allclose(ours_value, t_out.numpy(), rtol=1e-12, atol=1e-12)
    for ours, theirs in zip(ours_grad, tf_grad, strict=True):
        np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(ours_tangent, tf_tangent.numpy(), rtol=1e-10, atol=1e-10)


def test_solve_example_matches_gradient_tape():
    """y(x) = ||(A A^T + x I)^{-1} b - c||^2 and dy/dx, the chapter's TensorFlow example."""
    from nnbook.autodiff.examples import solve_example_nnbook, solve_example_tensorflow

    rng = np.random.default_rng(0)
    A, b, c = rng.random((10, 10)), rng.random(10), rng.random(10)
    ours = solve_example_nnbook(A, b, c, 1.0)
    theirs = solve_example_tensorflow(A, b, c, 1.0)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10)


def test_cross_entropy_matches_tensorflow():
    rng = np.random.default_rng(1)
    z, labels = rng.standard_normal((6, 4)) * 10, rng.integers(0, 4, 6)
    Z = ad.Variable(z)
    loss = ad.cross_entropy(Z, labels)
    loss.backward()
    tz = tf.Variable(z)
    with tf.GradientTape() as tape:
        t_loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=tz)
        )
    np.testing.assert_allclose(loss.value, t_loss.numpy(), rtol=1e-12)
    np.testing.assert_allclose(Z.grad, tape.gradient(t_loss, tz).numpy(), rtol=1e-10, atol=1e-14)
