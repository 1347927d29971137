"""Numerical stability at +-1000 (warnings are errors) and memory linear in the input."""

from __future__ import annotations

import tracemalloc
import warnings

import numpy as np
import pytest

import nnbook.autodiff as ad

EXTREME = np.array([[-1000.0, 0.0, 1000.0], [1000.0, 1000.0, -1000.0]])


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_sigmoid_at_plus_minus_1000():
    x = ad.Variable(EXTREME)
    y = ad.sigmoid(x)
    y.sum().backward()
    np.testing.assert_array_equal(y.value, [[0.0, 0.5, 1.0], [1.0, 1.0, 0.0]])
    np.testing.assert_array_equal(x.grad, [[0.0, 0.25, 0.0], [0.0, 0.0, 0.0]])
    _, t = ad.jvp(ad.sigmoid, (EXTREME,), (np.ones_like(EXTREME),))
    assert np.all(np.isfinite(t))


def test_softmax_and_log_softmax_at_plus_minus_1000():
    s = ad.softmax(EXTREME).value
    np.testing.assert_allclose(s, [[0, 0, 1], [0.5, 0.5, 0]], atol=1e-300)
    x = ad.Variable(EXTREME)
    ls = ad.log_softmax(x)
    log2 = np.log(2)
    np.testing.assert_allclose(ls.value, [[-2000, -1000, 0], [-log2, -log2, -2000 - log2]])
    (ls * np.array([[1.0, 0, 0], [0, 0, 1]])).sum().backward()
    assert np.all(np.isfinite(x.grad))
    np.testing.assert_allclose(x.grad, [[1, 0, -1], [-0.5, -0.5, 1]], atol=1e-12)
    for f in (ad.softmax, ad.log_softmax):
        _, t = ad.jvp(f, (EXTREME,), (np.ones_like(EXTREME),))
        assert np.all(np.isfinite(t))


def test_cross_entropy_from_logits_at_plus_minus_1000():
    z = ad.Variable(EXTREME)
    loss = ad.cross_entropy(z, np.array([0, 2]))  # both confidently wrong
    loss.backward()
    assert np.isclose(loss.value, (2000 + 2000 + np.log(2)) / 2)
    np.testing.assert_allclose(z.grad, [[-0.5, 0, 0.5], [0.25, 0.25, -0.5]], atol=1e-12)
    _, t = ad.jvp(
        lambda v: ad.cross_entropy(v, np.array([0, 2])), (EXTREME,), (np.ones_like(EXTREME),)
    )
    assert np.isfinite(t)


def test_memory_of_an_elementwise_graph_is_a_small_multiple_of_the_input():
    """A dense Jacobian of exp on 10^6 entries would need 8 TB; the engine needs a few arrays."""
    n = 1_000_000
    x0 = np.random.default_rng(0).standard_normal(n)
    tracemalloc.start()
    tracemalloc.reset_peak()
    x = ad.Variable(x0)  # a copy: 1 array
    y = ad.sum(ad.tanh(ad.sin(x) * x + ad.exp(-x * x)))  # 6 intermediate arrays
    y.backward()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert x.grad.shape == (n,)
    # the copy, 7 stored values and a few temporaries of the backward pass
    assert peak < 14 * x0.nbytes, f"peak {peak / x0.nbytes:.1f} times the input"
