"""Softplus and the binary cross-entropy from logits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nnbook.autodiff as ad
from nnbook.autodiff import softplus
from nnbook.autodiff.checks import check_grads
from nnbook.autodiff.logistic import binary_cross_entropy_with_logits


@pytest.mark.parametrize("shape", [(), (3,), (2, 3)], ids=str)
def test_softplus_matches_central_differences(shape):
    check_grads(softplus, (np.random.default_rng(0).standard_normal(shape) * 3,))


def test_bce_with_logits_matches_central_differences_in_logits():
    rng = np.random.default_rng(1)
    y = rng.random((4, 1))
    check_grads(lambda z: binary_cross_entropy_with_logits(z, y), (rng.standard_normal((4, 1)),))


@given(st.floats(-15, 15), st.sampled_from([0.0, 1.0]))
def test_bce_equals_the_textbook_formula_where_that_is_finite(z, y):
    p = 1.0 / (1.0 + np.exp(-z))
    textbook = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    got = float(binary_cross_entropy_with_logits(np.array([z]), np.array([y])).value)
    assert got == pytest.approx(textbook, rel=1e-6, abs=1e-9)


def test_bce_stays_finite_with_a_finite_gradient_for_huge_logits():
    z = ad.Variable([-1000.0, 1000.0])
    loss = binary_cross_entropy_with_logits(z, np.array([1.0, 0.0]))
    loss.backward()
    assert np.isfinite(loss.value) and loss.value == pytest.approx(1000.0)
    np.testing.assert_allclose(z.grad, [-0.5, 0.5])


def test_bce_rejects_labels_of_the_wrong_shape():
    with pytest.raises(ValueError, match="do not broadcast"):
        binary_cross_entropy_with_logits(np.zeros((4, 2)), np.zeros(3))
