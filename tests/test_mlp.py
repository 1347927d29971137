"""Lecture 01's network: gradients, training, and errors a reader would hit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnbook import mlp
from nnbook.datasets import letters
from nnbook.gradcheck import max_relative_error, numerical_gradient


def _weights(d, h, k, seed):
    rng = np.random.default_rng(seed)
    return mlp.generate_wt(d, h, rng=rng), mlp.generate_wt(h, k, rng=rng)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 4),
    d=st.integers(1, 6),
    h=st.integers(1, 5),
    k=st.integers(1, 4),
    seed=st.integers(0, 2**32 - 1),
)
def test_back_prop_gradient_matches_finite_differences_of_loss(n, d, h, k, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    y = np.eye(k)[rng.integers(0, k, size=n)]
    w1, w2 = _weights(d, h, k, seed)
    dw1, dw2 = mlp.gradients(x, y, w1, w2)
    num1 = numerical_gradient(lambda w: mlp.loss(mlp.forward(x, w, w2), y), w1)
    num2 = numerical_gradient(lambda w: mlp.loss(mlp.forward(x, w1, w), y), w2)
    # floor 1e-4: entries below it are held to 1e-9 absolute.  The central difference's
    # rounding noise is ~1e-16 * loss / 1e-6 (up to 4e-11 seen), over the 1e-11 that floor
    # 1e-6 allowed: 12-14 of 3000 random cases failed then; worst now 8.5e-7 (kernels SkylakeX
    # and Sandybridge).
    assert max_relative_error(dw1, num1, floor=1e-4) < 1e-5
    assert max_relative_error(dw2, num2, floor=1e-4) < 1e-5


def test_back_prop_is_one_gradient_step():
    x, Y, _ = letters()
    w1, w2 = _weights(30, 5, 3, 0)
    dw1, dw2 = mlp.gradients(x[:1], Y[:1], w1, w2)
    new1, new2 = mlp.back_prop(x[:1], Y[:1], w1, w2, alpha=0.5)
    np.testing.assert_allclose(new1, w1 - 0.5 * dw1)
    np.testing.assert_allclose(new2, w2 - 0.5 * dw2)


def test_training_on_the_letters_reaches_full_accuracy_from_a_fixed_seed():
    x, Y, _ = letters()
    w1, w2 = _weights(30, 5, 3, 1)
    acc, losses, w1_t, w2_t = mlp.train(x, Y, w1, w2, alpha=1.0, epoch=200)
    assert acc[-1] == 1.0
    assert losses[-1] < 0.1 * losses[0]
    assert np.array_equal(mlp.predict(x, w1_t, w2_t).argmax(axis=1), [0, 1, 2])
    assert len(acc) == len(losses) == 200


def test_train_does_not_modify_the_initial_weights():
    x, Y, _ = letters()
    w1, w2 = _weights(30, 5, 3, 2)
    w1_copy, w2_copy = w1.copy(), w2.copy()
    mlp.train(x, Y, w1, w2, alpha=1.0, epoch=2)
    assert np.array_equal(w1, w1_copy) and np.array_equal(w2, w2_copy)


def test_train_accepts_the_lectures_list_of_row_vectors():
    x, Y, _ = letters()
    rows = [row.reshape(1, 30) for row in x]
    w1, w2 = _weights(30, 5, 3, 3)
    a = mlp.train(rows, Y, w1, w2, alpha=1.0, epoch=3)
    b = mlp.train(x, Y, w1, w2, alpha=1.0, epoch=3)
    assert a[1] == b[1]


def test_zero_weights_keep_hidden_units_identical():
    x, Y, _ = letters()
    w1, w2 = mlp.generate_wt(30, 5, scale=0), mlp.generate_wt(5, 3, scale=0)
    _, _, w1_t, _ = mlp.train(x, Y, w1, w2, alpha=1.0, epoch=50)
    assert np.abs(w1_t).max() > 0  # the weights did move ...
    np.testing.assert_allclose(w1_t, w1_t[:, :1] * np.ones((1, 5)), atol=1e-12)  # ... all alike


def test_accuracy_is_argmax_agreement_not_one_minus_loss():
    out = np.array([[0.6, 0.5, 0.5], [0.1, 0.2, 0.3]])
    Y = np.array([[1, 0, 0], [0, 1, 0]])
    assert mlp.accuracy(out, Y) == 0.5


def test_sigmoid_is_stable_and_exact_at_the_extremes():
    with np.errstate(all="raise"):
        s = mlp.sigmoid(np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0]))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    np.testing.assert_allclose(s[1] + s[3], 1.0)


def test_batched_gradients_match_finite_differences():
    rng = np.random.default_rng(4)
    X, Y = rng.normal(size=(6, 4)), np.eye(3)[rng.integers(0, 3, 6)]
    params = mlp.init_params(4, 5, 3, rng=5)
    params["b1"] = rng.normal(size=5)
    params["b2"] = rng.normal(size=3)
    grads = mlp.gradients_batch(X, Y, params)
    for name in params:

        def f(value, name=name):
            return mlp.loss(mlp.forward_batch(X, {**params, name: value}), Y)

        assert max_relative_error(grads[name], numerical_gradient(f, params[name])) < 1e-5, name


def test_batched_and_per_example_networks_agree_when_biases_are_zero():
    x, Y, _ = letters()
    params = mlp.init_params(30, 5, 3, rng=0)
    np.testing.assert_allclose(
        mlp.forward_batch(x, params), mlp.forward(x, params["W1"], params["W2"])
    )
    g = mlp.gradients_batch(x, Y, params)
    dw1, dw2 = mlp.gradients(x, Y, params["W1"], params["W2"])
    np.testing.assert_allclose(g["W1"], dw1)
    np.testing.assert_allclose(g["W2"], dw2)


def test_train_batched_learns_the_letters_and_is_reproducible():
    x, Y, _ = letters()
    h1, p1 = mlp.train_batched(
        x, Y, mlp.init_params(30, 5, 3, rng=0), lr=2.0, epochs=300, batch_size=2, rng=7
    )
    h2, p2 = mlp.train_batched(
        x, Y, mlp.init_params(30, 5, 3, rng=0), lr=2.0, epochs=300, batch_size=2, rng=7
    )
    assert h1["accuracy"][-1] == 1.0
    assert h1 == h2 and all(np.array_equal(p1[k], p2[k]) for k in p1)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("call", "exc", "words"),
    [
        (
            lambda: mlp.forward(np.ones((3, 29)), np.ones((30, 5)), np.ones((5, 3))),
            ValueError,
            ["x has 29 features", "(30, 5)"],
        ),
        (
            lambda: mlp.forward(np.ones((3, 30)), np.ones((30, 5)), np.ones((4, 3))),
            ValueError,
            ["w2", "(4, 3)", "5 rows"],
        ),
        (
            lambda: mlp.forward([["a"] * 30], np.ones((30, 5)), np.ones((5, 3))),
            TypeError,
            ["x must hold numbers", "<U1"],
        ),
        (lambda: mlp.loss(np.ones((3, 3)), np.ones((3, 2))), ValueError, ["Y", "(3, 3)", "(3, 2)"]),
        (
            lambda: mlp.train(np.ones((3, 30)), np.ones((3, 3)), np.ones((30, 5)), np.ones((5, 3))),
            ValueError,
            ["Y must be one-hot", "row 0"],
        ),
        (
            lambda: mlp.train(np.ones((3, 30)), np.eye(3)[:2], np.ones((30, 5)), np.ones((5, 3))),
            ValueError,
            ["Y must have shape (3, 3)", "(2, 3)"],
        ),
        (lambda: mlp.generate_wt(30, 0), ValueError, ["y must be a positive integer"]),
        (
            lambda: mlp.forward(np.full((1, 30), np.nan), np.ones((30, 5)), np.ones((5, 3))),
            ValueError,
            ["x must hold finite numbers"],
        ),
        (
            lambda: mlp.forward_batch(np.ones((2, 30)), {"W1": np.ones((30, 5))}),
            ValueError,
            ["params is missing", "b1"],
        ),
    ],
)
def test_bad_input_gets_an_error_that_names_the_argument_and_shapes(call, exc, words):
    with pytest.raises(exc) as info:
        call()
    for word in words:
        assert word in str(info.value)
