"""Convolution and max pooling: both modes against central differences, values against loops."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnbook.autodiff as ad
from nnbook.autodiff import conv2d, max_pool2d
from nnbook.autodiff.checks import check_grads


def _point(shape, seed):
    return np.random.default_rng(seed).standard_normal(shape)


def _conv_by_loops(x, w, stride, padding):
    """The definition, one output entry at a time (an oracle independent of im2col)."""
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n, f, kh, kw = x.shape[0], w.shape[0], w.shape[2], w.shape[3]
    ho = (xp.shape[2] - kh) // stride + 1
    wo = (xp.shape[3] - kw) // stride + 1
    out = np.zeros((n, f, ho, wo))
    for a in range(n):
        for b in range(f):
            for i in range(ho):
                for j in range(wo):
                    patch = xp[a, :, i * stride : i * stride + kh, j * stride : j * stride + kw]
                    out[a, b, i, j] = np.sum(patch * w[b])
    return out


SETTINGS = [  # x shape, w shape, stride, padding
    ((2, 1, 5, 5), (3, 1, 3, 3), 1, 0),
    ((2, 2, 6, 5), (3, 2, 3, 2), 1, 1),
    ((1, 3, 7, 7), (2, 3, 3, 3), 2, 0),
    ((2, 2, 6, 6), (1, 2, 2, 2), 2, 1),
]


@pytest.mark.parametrize(("xs", "ws", "stride", "padding"), SETTINGS, ids=str)
def test_conv2d_matches_the_definition(xs, ws, stride, padding):
    x, w = _point(xs, 1), _point(ws, 2)
    got = conv2d(x, w, stride=stride, padding=padding).value
    np.testing.assert_allclose(got, _conv_by_loops(x, w, stride, padding), atol=1e-12)


@pytest.mark.parametrize(("xs", "ws", "stride", "padding"), SETTINGS, ids=str)
def test_conv2d_matches_central_differences(xs, ws, stride, padding):
    check_grads(
        lambda x, w: conv2d(x, w, stride=stride, padding=padding), (_point(xs, 3), _point(ws, 4))
    )


def test_conv2d_with_bias_and_relu_in_a_graph():
    def layer(x, w, b):
        return ad.relu(conv2d(x, w, padding=1) + ad.reshape(b, (-1, 1, 1))).sum()

    check_grads(layer, (_point((2, 1, 4, 4), 5), _point((3, 1, 3, 3), 6), _point((3,), 7)))


@pytest.mark.parametrize("shape", [(2, 3, 4, 4), (1, 1, 6, 4)], ids=str)
@pytest.mark.parametrize("size", [2])
def test_max_pool2d_matches_central_differences(shape, size):
    # a random point has no ties, so the maximum is differentiable there
    check_grads(lambda x: max_pool2d(x, size=size), (_point(shape, 8),))


def test_max_pool2d_keeps_the_largest_value_of_each_window_and_channel():
    x = _point((2, 3, 6, 6), 9)
    got = max_pool2d(x, size=3).value
    for i in range(2):
        for j in range(2):
            want = x[:, :, 3 * i : 3 * i + 3, 3 * j : 3 * j + 3].max(axis=(2, 3))
            np.testing.assert_array_equal(got[:, :, i, j], want)


def test_max_pool2d_sends_a_tie_to_one_winner_only():
    x = ad.Variable(np.ones((1, 1, 2, 2)))
    max_pool2d(x).sum().backward()
    assert x.grad.sum() == 1.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: conv2d(np.zeros((8, 8)), np.zeros((1, 1, 3, 3))), "x must be 4-D"),
        (lambda: conv2d(np.zeros((1, 1, 8, 8)), np.zeros((3, 3))), "w must be 4-D"),
        (lambda: conv2d(np.zeros((1, 2, 8, 8)), np.zeros((4, 1, 3, 3))), "2 channels"),
        (lambda: conv2d(np.zeros((1, 1, 2, 2)), np.zeros((4, 1, 3, 3))), "smaller than"),
        (lambda: max_pool2d(np.zeros((1, 1, 5, 4))), "multiples of size=2"),
        (lambda: max_pool2d(np.zeros((5, 4))), "must be 4-D"),
    ],
)
def test_bad_shapes_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 2),
    c=st.integers(1, 3),
    h=st.integers(3, 7),
    w=st.integers(3, 7),
    f=st.integers(1, 3),
    k=st.integers(1, 3),
    stride=st.integers(1, 2),
    padding=st.integers(0, 1),
)
def test_conv2d_matches_the_definition_for_any_shape(n, c, h, w, f, k, stride, padding):
    x, wt = _point((n, c, h, w), 10), _point((f, c, k, k), 11)
    got = conv2d(x, wt, stride=stride, padding=padding).value
    np.testing.assert_allclose(got, _conv_by_loops(x, wt, stride, padding), atol=1e-12)


def test_conv2d_and_max_pool2d_agree_with_tensorflow():
    """Values and gradients against TensorFlow (NHWC layout), an oracle written by others."""
    from nnbook.tensors import import_tensorflow_quietly

    tf = import_tensorflow_quietly()
    x, w = _point((2, 3, 6, 6), 12), _point((4, 3, 3, 3), 13)
    u = _point((2, 4, 3, 3), 14)  # a random weight for the pooled output
    xv, wv = ad.Variable(x), ad.Variable(w)
    out = max_pool2d(ad.relu(conv2d(xv, wv, padding=1)))
    (out * u).sum().backward()

    xt = tf.Variable(x.transpose(0, 2, 3, 1))  # NCHW -> NHWC
    wt = tf.Variable(w.transpose(2, 3, 1, 0))  # (F, C, kh, kw) -> (kh, kw, C, F)
    with tf.GradientTape() as tape:
        yt = tf.nn.max_pool2d(
            tf.nn.relu(tf.nn.conv2d(xt, wt, strides=1, padding="SAME")), 2, 2, "VALID"
        )
        loss = tf.reduce_sum(yt * u.transpose(0, 2, 3, 1))
    gx, gw = tape.gradient(loss, [xt, wt])
    np.testing.assert_allclose(out.value, yt.numpy().transpose(0, 3, 1, 2), atol=1e-10)
    np.testing.assert_allclose(xv.grad, gx.numpy().transpose(0, 3, 1, 2), atol=1e-10)
    np.testing.assert_allclose(wv.grad, gw.numpy().transpose(3, 2, 0, 1), atol=1e-10)
