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


# --------------------------------------------------------------------------- #
# The sigmoid successors, trained with nnbook.autodiff
# --------------------------------------------------------------------------- #
def test_logistic_loss_is_the_binary_cross_entropy_and_its_gradient_checks():
    from nnbook.autodiff import Variable
    from nnbook.gradcheck import max_relative_error, numerical_gradient

    rng = np.random.default_rng(0)
    z0 = rng.standard_normal((6, 1)) * 3
    y = np.array([0, 1, 1, 0, 1, 0])
    p = 1 / (1 + np.exp(-z0[:, 0]))
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    z = Variable(z0)
    loss = pc.logistic_loss(z, y)
    assert float(loss.value) == pytest.approx(expected, rel=1e-12)
    loss.backward()
    numeric = numerical_gradient(lambda v: float(pc.logistic_loss(Variable(v), y).value), z0)
    assert max_relative_error(z.grad, numeric) < 1e-6
    np.testing.assert_allclose(z.grad[:, 0], (p - y) / len(y), rtol=1e-9)


def test_hidden_layer_of_sigmoid_units_solves_xor():
    X, y = pc.logic_gate("xor")
    net, losses = pc.train_sigmoid_network(X, y, hidden=(3,), lr=2.0, steps=1500, seed=0)
    assert losses[-1] < 0.1 * losses[0]
    np.testing.assert_array_equal((net(X).value.ravel() > 0).astype(int), y)


def test_sigmoid_unit_beats_the_majority_class_on_breast_cancer():
    from nnbook.datasets import breast_cancer

    X_train, X_test, y_train, y_test = breast_cancer(seed=0)
    net, _ = pc.train_sigmoid_network(X_train, y_train, lr=0.5, steps=300, seed=0)
    acc = np.mean((net(X_test).value.ravel() > 0) == y_test)
    majority = max(np.mean(y_test), 1 - np.mean(y_test))
    assert acc > majority + 0.25
