"""Forward and reverse mode agree with each other, and ``grad``/``jvp`` behave as documented."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnbook.autodiff as ad
from nnbook.gradcheck import max_relative_error, numerical_gradient


def _network(W, b, x):
    """A small composite function R^(4x3) x R^3 x R^(5x4) -> R^(5x3)."""
    return ad.softmax(ad.tanh(x @ W + b) * ad.sigmoid(b), axis=-1) + ad.sin(x @ W) ** 2


def test_reverse_and_forward_modes_agree_on_a_composite_function():
    """<u, J v> from one jvp equals <J^T u, v> from one backward, for random u and v."""
    rng = np.random.default_rng(0)
    W, b, x = rng.standard_normal((4, 3)), rng.standard_normal(3), rng.standard_normal((5, 4))
    for _ in range(5):
        vW, vb, vx = (rng.standard_normal(a.shape) for a in (W, b, x))
        _, Jv = ad.jvp(_network, (W, b, x), (vW, vb, vx))
        u = rng.standard_normal(Jv.shape)
        nodes = [ad.Variable(a) for a in (W, b, x)]
        _network(*nodes).backward(u)
        JTu_v = sum(float(np.sum(n.grad * v)) for n, v in zip(nodes, (vW, vb, vx), strict=True))
        assert np.isclose(np.sum(u * Jv), JTu_v, rtol=1e-12)


def test_grad_of_a_loss_matches_numerical_gradient_entry_by_entry():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((6, 3)), rng.integers(0, 2, 6)

    def loss(w):
        return ad.cross_entropy(ad.stack([X @ w, -(X @ w)], axis=1), y)

    w = rng.standard_normal(3)
    exact = ad.grad(loss)(w)
    approx = numerical_gradient(lambda v: loss(ad.Constant(v)).value, w)
    assert max_relative_error(exact, approx) < 1e-7


def test_grad_with_several_argnums_and_unused_arguments():
    dx, dz = ad.grad(lambda x, y, z: (x * y).sum(), argnums=(0, 2))(np.ones(2), np.arange(2.0), 5.0)
    np.testing.assert_array_equal(dx, [0.0, 1.0])
    assert dz == 0.0  # z is not used: its gradient is zero, not None


def test_grad_rejects_a_non_scalar_function():
    with pytest.raises(ValueError, match=r"single number.*shape \(3,\)"):
        ad.grad(lambda x: x * 2.0)(np.ones(3))


def test_jvp_on_the_source_forward_mode_example():
    """f(x) = (x^4, x^2 + sin x, -sin x) has f'(x) = (4x^3, 2x + cos x, -cos x)."""
    x = 0.3
    value, tangent = ad.jvp(lambda t: ad.stack([t**4, t**2 + ad.sin(t), -ad.sin(t)]), (x,), (1.0,))
    np.testing.assert_allclose(value, [x**4, x**2 + np.sin(x), -np.sin(x)], rtol=1e-15)
    np.testing.assert_allclose(tangent, [4 * x**3, 2 * x + np.cos(x), -np.cos(x)], rtol=1e-15)


def test_jvp_is_linear_in_the_tangent():
    f = lambda a, b: ad.exp(a) * ad.cos(b)  # noqa: E731
    a, b = np.array([0.1, 0.2]), np.array([0.3, -0.4])
    _, t1 = ad.jvp(f, (a, b), (np.ones(2), np.zeros(2)))
    _, t2 = ad.jvp(f, (a, b), (np.zeros(2), np.ones(2)))
    _, t12 = ad.jvp(f, (a, b), (2 * np.ones(2), 3 * np.ones(2)))
    np.testing.assert_allclose(t12, 2 * t1 + 3 * t2, rtol=1e-14)


def test_jvp_of_a_function_that_ignores_its_input():
    value, tangent = ad.jvp(lambda x: ad.Constant([1.0, 2.0]) * 3.0, (np.ones(2),), (np.ones(2),))
    np.testing.assert_array_equal(value, [3.0, 6.0])
    np.testing.assert_array_equal(tangent, [0.0, 0.0])


# ---------------------------------------------------------------------------
# Hypothesis: any finite input, any broadcastable pair of shapes
# ---------------------------------------------------------------------------
finite = st.floats(-5, 5, allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=40, deadline=None)
@given(
    shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3), data=st.data()
)
def test_broadcast_gradients_have_the_input_shapes_and_the_right_sums(shapes, data):
    sa, sb = shapes.input_shapes
    a = data.draw(hnp.arrays(np.float64, sa, elements=finite))
    b = data.draw(hnp.arrays(np.float64, sb, elements=finite))
    A, B = ad.Variable(a), ad.Variable(b)
    (A * B).sum().backward()
    assert A.grad.shape == sa and B.grad.shape == sb
    # d/dA sum(A * B) sums B over the broadcast axes; check against NumPy directly
    expected = ad.unbroadcast(np.broadcast_to(b, shapes.result_shape), sa)
    np.testing.assert_allclose(A.grad, expected, rtol=1e-12, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(
    x=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=4), elements=finite)
)
def test_elementwise_gradients_match_their_formulas(x):
    for f, df in [
        (ad.sin, np.cos),
        (ad.tanh, lambda v: 1 - np.tanh(v) ** 2),
        (ad.sigmoid, lambda v: np.exp(-v) / (1 + np.exp(-v)) ** 2),
        (ad.cos, lambda v: -np.sin(v)),
        (ad.exp, np.exp),
    ]:
        np.testing.assert_allclose(
            ad.grad(lambda v, f=f: f(v).sum())(x), df(x), rtol=1e-12, atol=1e-300
        )
        _, t = ad.jvp(f, (x,), (np.ones_like(x),))
        np.testing.assert_allclose(t, df(x), rtol=1e-12, atol=1e-300)


@settings(max_examples=30, deadline=None)
@given(
    z=hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 4), st.integers(2, 5)),
        elements=st.floats(-1e3, 1e3, allow_nan=False, width=64),
    )
)
def test_softmax_rows_are_probabilities_and_their_gradients_sum_to_zero(z):
    s = ad.softmax(z).value
    np.testing.assert_allclose(s.sum(axis=1), 1.0, rtol=1e-12)
    Z = ad.Variable(z)
    ad.cross_entropy(Z, np.zeros(z.shape[0], dtype=int)).backward()
    # shifting a row of logits does not change the loss, so each row's gradient sums to 0
    np.testing.assert_allclose(Z.grad.sum(axis=1), 0.0, atol=1e-12)
