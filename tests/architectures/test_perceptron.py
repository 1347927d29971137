"""The perceptron rule converges on separable data and cannot fit XOR."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnbook.architectures import perceptron as pc


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), d=st.integers(1, 5))
def test_converges_on_linearly_separable_data(seed, d):
    rng = np.random.default_rng(seed)
    w_true = rng.standard_normal(d)
    X = rng.standard_normal((60, d))
    score = X @ w_true + 0.3
    keep = np.abs(score) > 0.2  # a margin, so convergence is quick
    X, y = X[keep], (score[keep] > 0).astype(float)
    p = pc.train_perceptron(X, y, epochs=1000, seed=seed)
    assert p.converged
    assert p.accuracy(X, y) == 1.0


def test_cannot_fit_xor_and_never_stops_making_mistakes():
    X, y = pc.logic_gate("xor")
    p = pc.train_perceptron(X, y, epochs=200, seed=0)
    assert not p.converged
    assert min(p.mistakes) >= 1
    assert p.accuracy(X, y) <= 0.75
    for epoch in range(1, 201):  # no weights seen during training separate XOR
        assert p.at_epoch(epoch).accuracy(X, y) <= 0.75


def test_mistake_counts_match_the_updates_and_lr_only_rescales():
    X, y = pc.logic_gate("and")
    a = pc.train_perceptron(X, y, lr=1.0, seed=3)
    b = pc.train_perceptron(X, y, lr=0.01, seed=3)
    assert a.mistakes == b.mistakes
    np.testing.assert_allclose(b.w, 0.01 * a.w)


def test_bad_input_raises_clear_errors():
    X, y = pc.logic_gate("or")
    with pytest.raises(ValueError, match="labels 0 and 1"):
        pc.train_perceptron(X, 2 * y - 1)
    with pytest.raises(ValueError, match="one label per row"):
        pc.train_perceptron(X, y[:3])
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        pc.train_perceptron(X[0], y[:1])
    p = pc.train_perceptron(X, y, seed=0)
    with pytest.raises(ValueError, match="expected shape \\(n, 2\\), got \\(4, 3\\)"):
        p.predict(np.ones((4, 3)))
