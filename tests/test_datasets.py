"""The data sets: the lecture's letters and scikit-learn's bundled data, loaded offline."""

import numpy as np
import pytest

from nnbook.datasets import LETTER_SHAPE, breast_cancer, digits, letters


def test_letters_are_binary_bitmaps_with_one_hot_labels():
    x, Y, names = letters()
    assert x.shape == (3, LETTER_SHAPE[0] * LETTER_SHAPE[1])
    assert set(np.unique(x)) == {0.0, 1.0}
    assert np.array_equal(Y, np.eye(3)) and names == "ABC"
    assert len({row.tobytes() for row in x}) == 3  # three different letters


def test_source_letters_differ_from_clean_ones_by_one_stray_pixel_each():
    clean, _, _ = letters("clean")
    source, _, _ = letters("source")
    assert np.abs(clean - source).sum(axis=1).tolist() == [1.0, 1.0, 1.0]


def test_unknown_letter_variant_is_refused():
    with pytest.raises(ValueError, match="variant must be 'clean' or 'source'"):
        letters("noisy")


def test_breast_cancer_split_is_stratified_standardised_and_seeded():
    X_train, X_test, y_train, y_test = breast_cancer(seed=3)
    assert X_train.shape[1] == X_test.shape[1] == 30
    assert len(y_train) + len(y_test) == 569
    np.testing.assert_allclose(X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(X_train.std(axis=0), 1)
    assert abs(y_train.mean() - y_test.mean()) < 0.02  # stratified
    again = breast_cancer(seed=3)
    assert np.array_equal(again[0], X_train)
    assert not np.array_equal(breast_cancer(seed=4)[0], X_train)


def test_digits_are_scaled_images():
    X_train, X_test, y_train, _ = digits(seed=0)
    assert X_train.shape[1] == 64 and 0.0 <= X_train.min() and X_train.max() == 1.0
    assert set(y_train.tolist()) == set(range(10))
