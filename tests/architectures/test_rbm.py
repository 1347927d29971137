"""The binary RBM learns (its reconstruction error falls) and rejects data it cannot model."""

import numpy as np
import pytest

from nnbook.architectures.rbm import RBM, binarize
from nnbook.datasets import digits
from nnbook.numerics import sigmoid


@pytest.fixture(scope="module")
def binary_digits():
    X_train, X_test, _, _ = digits(seed=0)
    return binarize(X_train), binarize(X_test)


def test_reconstruction_error_falls_and_beats_an_untrained_rbm(binary_digits):
    X_train, X_test = binary_digits
    untrained = RBM(64, 32, seed=0)
    rbm = RBM(64, 32, seed=0)
    history = rbm.fit(X_train, epochs=5, lr=0.1, batch_size=20, monitor=X_test)
    assert history["train"][-1] < history["train"][0]
    assert rbm.reconstruction_error(X_test) < 0.5 * untrained.reconstruction_error(X_test)
    assert rbm.pseudo_log_likelihood(X_test) > untrained.pseudo_log_likelihood(X_test) + 10


def test_pseudo_log_likelihood_matches_brute_force_conditionals():
    rbm = RBM(5, 3, seed=1, init_scale=1.0)
    rbm.b = np.random.default_rng(2).standard_normal(5)
    v = np.array([[1, 0, 1, 1, 0]], dtype=float)
    # p(v_i | v_-i) from the unnormalised marginal exp(-F(v)) of both values of v_i
    expected = 0.0
    for i in range(5):
        on, off = v.copy(), v.copy()
        on[0, i], off[0, i] = 1, 0
        p_on = sigmoid(rbm.free_energy(off)[0] - rbm.free_energy(on)[0])
        expected += np.log(p_on if v[0, i] == 1 else 1 - p_on)
    assert rbm.pseudo_log_likelihood(v) == pytest.approx(expected)


def test_free_energy_matches_a_sum_over_all_hidden_states():
    rbm = RBM(4, 3, seed=3, init_scale=1.0)
    v = np.array([[1, 1, 0, 1]], dtype=float)
    hs = np.array([[(k >> j) & 1 for j in range(3)] for k in range(8)], dtype=float)
    energies = -(v @ rbm.W @ hs.T)[0] - v[0] @ rbm.b - hs @ rbm.c
    assert rbm.free_energy(v)[0] == pytest.approx(-np.log(np.sum(np.exp(-energies))))


def test_same_seed_same_machine(binary_digits):
    X_train, _ = binary_digits
    a, b = RBM(64, 8, seed=5), RBM(64, 8, seed=5)
    a.fit(X_train[:200], epochs=2)
    b.fit(X_train[:200], epochs=2)
    np.testing.assert_array_equal(a.W, b.W)


def test_bad_input_raises_clear_errors(binary_digits):
    X_train, _ = binary_digits
    rbm = RBM(64, 8, seed=0)
    with pytest.raises(ValueError, match="must be binary"):
        rbm.fit(X_train * 0.5)
    with pytest.raises(ValueError, match="expected shape \\(n, 64\\), got \\(10, 63\\)"):
        rbm.fit(X_train[:10, :63])
    with pytest.raises(ValueError, match="n_hidden must be a positive integer"):
        RBM(64, 0)
    with pytest.raises(ValueError, match="h must have shape"):
        rbm.visible_probs(np.ones((2, 9)))
