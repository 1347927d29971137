"""nnbook against TensorFlow 2 (GradientTape for reverse mode, ForwardAccumulator for forward).

The random expressions and their evaluation in both engines are
`nnbook.lessons.autodiff.tensorflow_check`, which the chapter page runs too; this
module asserts on the arrays.  Kept in one module so that TensorFlow (about 5 s to
import) is imported once.
"""

from __future__ import annotations

import numpy as np
import pytest

import nnbook.autodiff as ad
from nnbook.lessons.autodiff.tensorflow_check import random_case, run_both

tf = pytest.importorskip("tensorflow")


@pytest.mark.parametrize("seed", range(25))
def test_random_expressions_match_tensorflow_in_both_modes(seed):
    both = run_both(random_case(np.random.default_rng(seed), depth=4))
    ours, theirs = both["nnbook"], both["tensorflow"]
    np.testing.assert_allclose(ours["value"], theirs["value"], rtol=1e-12, atol=1e-12)
    for g_ours, g_theirs in zip(ours["gradients"], theirs["gradients"], strict=True):
        np.testing.assert_allclose(g_ours, g_theirs, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(ours["tangent"], theirs["tangent"], rtol=1e-10, atol=1e-10)


def test_solve_example_matches_gradient_tape():
    """y(x) = ||(A A^T + x I)^{-1} b - c||^2 and dy/dx, the chapter's TensorFlow example."""
    from nnbook.lessons.autodiff.examples import solve_example_nnbook, solve_example_tensorflow

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
