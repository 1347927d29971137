"""The chapter's measurements: Jacobians by both modes, dense costs, traces, experiments."""

from __future__ import annotations

import numpy as np

import nnbook.autodiff as ad
from nnbook.lessons.autodiff.cost import dense_jacobian_cost, jacobian_forward, jacobian_reverse
from nnbook.lessons.autodiff.examples import forward_trace, reverse_example, reverse_trace
from nnbook.lessons.autodiff.experiments import pca, run_softmax_net, source_split


def test_jacobians_by_both_modes_equal_the_formula():
    rng = np.random.default_rng(0)
    W, x = rng.standard_normal((3, 4)), rng.standard_normal(4)

    def f(v):
        return ad.tanh(W @ v)

    exact = (1 - np.tanh(W @ x) ** 2)[:, None] * W
    np.testing.assert_allclose(jacobian_forward(f, x), exact, rtol=1e-12)
    np.testing.assert_allclose(jacobian_reverse(f, x), exact, rtol=1e-12)


def test_dense_jacobian_memory_grows_quadratically_and_the_vjp_linearly():
    cost = dense_jacobian_cost(sizes=(200, 800), repeats=1)
    dense_growth = cost["dense_bytes"][1] / cost["dense_bytes"][0]
    vjp_growth = cost["vjp_bytes"][1] / cost["vjp_bytes"][0]
    assert dense_growth > 10  # (800 / 200)^2 = 16
    assert vjp_growth < 6  # 800 / 200 = 4


def test_traces_agree_with_backward_and_jvp():
    x = [ad.Variable(v, name=f"x{i + 1}") for i, v in enumerate((0.5, -1.0, 2.0))]
    rows = {name: adjoint for name, _, adjoint in reverse_trace(reverse_example(*x))}
    assert np.isclose(rows["x2"], np.cos(-0.5) + 2 * (-1.0) * 2.0)
    last = forward_trace(lambda a: ad.exp(a) * a, (1.0,), (1.0,))[-1]
    assert np.isclose(last[2], 2 * np.e)


def test_source_split_and_pca():
    X_train, X_test, y_train, y_test = source_split()
    assert len(X_train) == 300 and len(X_test) == 269
    P, Q = pca(X_train, X_test, 7)
    # principal components of the training set are uncorrelated, with decreasing variance
    C = np.cov(P, rowvar=False)
    np.testing.assert_allclose(C - np.diag(np.diag(C)), 0, atol=1e-8)
    assert np.all(np.diff(np.diag(C)) <= 1e-12)


def test_softmax_net_learns_the_training_set():
    X_train, X_test, y_train, y_test = source_split()
    r = run_softmax_net(X_train, y_train, X_test, y_test, seed=0, steps=300)
    assert r["train"] > 0.97 and r["test"] > 0.9
    assert r["losses"][-1] < r["losses"][0] / 5
