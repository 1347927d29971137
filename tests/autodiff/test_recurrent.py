"""Recurrent steps: both modes against central differences, and against the same step
written with the engine's elementary operations (an oracle that shares no gradient code)."""

from __future__ import annotations

import numpy as np
import pytest

import nnbook.autodiff as ad
from nnbook.autodiff import gru_step, lstm_step, rnn_step
from nnbook.autodiff.checks import check_grads

B, D, H = 3, 2, 4


def _point(shape, seed, scale=1.0):
    return scale * np.random.default_rng(seed).standard_normal(shape)


def _args(gates, state_shape):
    return (
        _point((B, D), 1),
        _point(state_shape, 2),
        _point((D, gates * H), 3, 0.7),
        _point((H, gates * H), 4, 0.7),
        _point((gates * H,), 5, 0.5),
    )


def rnn_by_ops(x, h, Wx, Wh, b):
    return ad.tanh(x @ Wx + h @ Wh + b)


def lstm_by_ops(x, state, Wx, Wh, b):
    h, c = state[0], state[1]
    z = x @ Wx + h @ Wh + b
    i, f = ad.sigmoid(z[:, :H]), ad.sigmoid(z[:, H : 2 * H])
    g, o = ad.tanh(z[:, 2 * H : 3 * H]), ad.sigmoid(z[:, 3 * H :])
    c_new = f * c + i * g
    return ad.stack([o * ad.tanh(c_new), c_new])


def gru_by_ops(x, h, Wx, Wh, b):
    ax = x @ Wx + b
    u = ad.sigmoid(ax[:, :H] + h @ Wh[:, :H])
    r = ad.sigmoid(ax[:, H : 2 * H] + h @ Wh[:, H : 2 * H])
    n = ad.tanh(ax[:, 2 * H :] + (r * h) @ Wh[:, 2 * H :])
    return u * h + (1.0 - u) * n


CASES = {
    "rnn": (rnn_step, rnn_by_ops, 1, (B, H)),
    "lstm": (lstm_step, lstm_by_ops, 4, (2, B, H)),
    "gru": (gru_step, gru_by_ops, 3, (B, H)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_step_matches_central_differences_in_both_modes(name):
    step, _, gates, state_shape = CASES[name]
    check_grads(step, _args(gates, state_shape))


@pytest.mark.parametrize("name", list(CASES))
def test_step_equals_the_same_equations_written_with_elementary_operations(name):
    step, by_ops, gates, state_shape = CASES[name]
    args = _args(gates, state_shape)
    u = _point((state_shape), 6)  # a random output weight
    grads = []
    for f in (step, by_ops):
        variables = [ad.Variable(a) for a in args]
        out = f(*variables)
        (out * u).sum().backward()
        grads.append((out.value, [v.grad for v in variables]))
    np.testing.assert_allclose(grads[0][0], grads[1][0], rtol=1e-12, atol=1e-12)
    for g_fused, g_ops in zip(grads[0][1], grads[1][1], strict=True):
        np.testing.assert_allclose(g_fused, g_ops, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", list(CASES))
def test_three_steps_through_time_match_central_differences(name):
    """Back-propagation through time: the same weights used at every step."""
    step, _, gates, state_shape = CASES[name]
    xs = _point((3, B, D), 7)
    _, state0, Wx, Wh, b = _args(gates, state_shape)

    def unrolled(Wx, Wh, b):
        s = ad.Constant(state0)
        for t in range(3):
            s = step(xs[t], s, Wx, Wh, b)
        return s

    check_grads(unrolled, (Wx, Wh, b))


def test_lstm_bias_broadcasts_as_a_row():
    step = CASES["lstm"][0]
    x, s, Wx, Wh, b = _args(4, (2, B, H))
    check_grads(step, (x, s, Wx, Wh, b.reshape(1, -1)))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: rnn_step(
                np.zeros((2, 3, 1)),
                np.zeros((2, 4)),
                np.zeros((1, 4)),
                np.zeros((4, 4)),
                np.zeros(4),
            ),
            "x_t must be 2-D",
        ),
        (
            lambda: rnn_step(
                np.zeros((2, 1)), np.zeros((3, 4)), np.zeros((1, 4)), np.zeros((4, 4)), np.zeros(4)
            ),
            "batch 2",
        ),
        (
            lambda: gru_step(
                np.zeros((2, 1)),
                np.zeros((2, 4)),
                np.zeros((1, 4)),
                np.zeros((4, 12)),
                np.zeros(12),
            ),
            r"Wx must have shape \(1, 12\)",
        ),
        (
            lambda: lstm_step(
                np.zeros((2, 1)),
                np.zeros((2, 4)),
                np.zeros((1, 16)),
                np.zeros((4, 16)),
                np.zeros(16),
            ),
            r"state must have shape \(2, batch",
        ),
    ],
)
def test_bad_shapes_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("name", ["rnn", "lstm", "gru"])
def test_step_agrees_with_keras_cells(name):
    """Keras' SimpleRNNCell, LSTMCell (gates i, f, c, o) and GRUCell with reset_after=False
    (gates z, r, h; Cho et al.'s form) use our block order, so their weights drop in as they are."""
    from nnbook.tensors import import_tensorflow_quietly

    tf = import_tensorflow_quietly()
    step, _, gates, state_shape = CASES[name]
    x, state, Wx, Wh, b = _args(gates, state_shape)
    u = _point(state_shape, 20)
    variables = [ad.Variable(a) for a in (x, state, Wx, Wh, b)]
    out = step(*variables)
    (out * u).sum().backward()

    if name == "rnn":
        cell = tf.keras.layers.SimpleRNNCell(H, dtype="float64")
    elif name == "lstm":
        cell = tf.keras.layers.LSTMCell(H, dtype="float64")
    else:
        cell = tf.keras.layers.GRUCell(H, reset_after=False, dtype="float64")
    cell.build((B, D))
    cell.set_weights([Wx, Wh, b])
    xt = tf.Variable(x)
    states = [tf.Variable(s) for s in (state if name == "lstm" else [state])]
    with tf.GradientTape() as tape:
        _, new = cell(xt, states)
        new = tf.stack(new) if name == "lstm" else new[0]
        loss = tf.reduce_sum(new * u)
    grads = tape.gradient(loss, [xt, *states, *cell.trainable_weights])
    np.testing.assert_allclose(out.value, new.numpy(), atol=1e-12)
    np.testing.assert_allclose(variables[0].grad, grads[0].numpy(), atol=1e-12)
    state_grad = np.stack([g.numpy() for g in grads[1:3]]) if name == "lstm" else grads[1].numpy()
    np.testing.assert_allclose(variables[1].grad, state_grad, atol=1e-12)
    for ours, theirs in zip(variables[2:], grads[-3:], strict=True):
        np.testing.assert_allclose(ours.grad, theirs.numpy(), atol=1e-12)


@pytest.mark.parametrize("name", list(CASES))
def test_backward_leaves_the_step_parameters_unchanged(name):
    """No operation keeps state in ``node.params``: two backward passes agree."""
    step, _, gates, state_shape = CASES[name]
    variables = [ad.Variable(a) for a in _args(gates, state_shape)]
    out = step(*variables)
    params = dict(out.params)
    grads = []
    for _ in range(2):
        ad.zero_grad(variables)
        out.sum().backward()
        grads.append([v.grad for v in variables])
    assert out.params == params == {}
    for first, second in zip(*grads, strict=True):
        np.testing.assert_array_equal(first, second)
