"""The chapter's networks, the drawing, and the public API."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

import nnbook.autodiff as ad
from nnbook import nn
from nnbook.autodiff.checks import check_grads
from nnbook.gradcheck import numerical_gradient
from nnbook.lessons.autodiff.draw import draw

PUBLIC = [
    "Constant",
    "Node",
    "Primitive",
    "Variable",
    "add",
    "as_node",
    "conv2d",
    "cos",
    "cross_entropy",
    "divide",
    "exp",
    "grad",
    "gru_step",
    "index",
    "jvp",
    "log",
    "log_softmax",
    "lstm_step",
    "matmul",
    "max_pool2d",
    "mean",
    "multiply",
    "negative",
    "power",
    "power_constant",
    "relu",
    "reshape",
    "rnn_step",
    "sigmoid",
    "sin",
    "softmax",
    "softplus",
    "solve",
    "stack",
    "subtract",
    "sum",
    "tanh",
    "topological_order",
    "transpose",
    "unbroadcast",
    "zero_grad",
]


def test_public_api_is_pinned_and_sorted():
    assert ad.__all__ == PUBLIC == sorted(PUBLIC)
    for name in PUBLIC:
        assert hasattr(ad, name)


def _param_gradcheck(net, loss_fn, X, y):
    """Every parameter's gradient against entry-by-entry central differences."""
    loss = loss_fn(net(X), y)
    ad.zero_grad(net.params)
    loss.backward()
    for p in net.params:
        saved = p.value

        def f(v, p=p):
            p.value = v
            return loss_fn(net(X), y).value

        approx = numerical_gradient(f, saved)
        p.value = saved
        # relative to the largest entry: tiny entries carry the differences' rounding noise
        assert np.max(np.abs(p.grad - approx)) < 1e-7 * np.max(np.abs(approx)) + 1e-10


def test_layer_net_gradients_with_normalisation_and_mixed_biases():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((8, 4)) * 3 + 1, rng.integers(0, 2, (8, 1)).astype(float)
    net = nn.LayerNet(
        4,
        [3, 2],
        1,
        bias=[True, False, True],
        normalise=(X.mean(0), X.std(0)),
        seed=1,
        init="normal",
    )
    _param_gradcheck(net, nn.squared_error, X, y)


def test_softmax_layer_net_gradients():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((7, 5)), rng.integers(0, 3, 7)
    net = nn.LayerNet(5, [4], 3, output="logits", seed=2, init="normal")
    _param_gradcheck(net, nn.softmax_cross_entropy, X, y)


def test_perceptron_net_gradients():
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((6, 3)), rng.integers(0, 2, 6).astype(float)
    net = nn.PerceptronNet([3, 2], seed=3)
    _param_gradcheck(net, nn.squared_error, X, y)


def test_training_separable_data_reaches_full_accuracy():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((40, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    net = nn.LayerNet(2, [4], 2, output="logits", seed=0, init="normal")
    losses = nn.train(net, nn.softmax_cross_entropy, X, y, lr=1.0, steps=200)
    assert losses[-1] < 0.2 * losses[0]
    assert nn.accuracy(net(X), y) == 1.0


def test_forward_pass_does_not_change_the_weights():
    """The source's engine updated weights inside forward(); ours never does."""
    net = nn.LayerNet(3, [2], 1, seed=0)
    before = [p.value.copy() for p in net.params]
    for _ in range(3):
        nn.squared_error(net(np.ones((2, 3))), np.zeros((2, 1))).backward()
    for b, p in zip(before, net.params, strict=True):
        np.testing.assert_array_equal(b, p.value)


def test_networks_reject_inputs_of_the_wrong_width():
    with pytest.raises(ValueError, match=r"X must have 3 columns, got shape \(2, 4\)"):
        nn.LayerNet(3, [2], 1)(np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"X must have 3 columns .*got shape \(2, 4\)"):
        nn.PerceptronNet([3, 2])(np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"squared_error: y must have the prediction's shape"):
        nn.squared_error(ad.Variable(np.ones((2, 1))), np.ones(2))


def test_examples_solve_matches_closed_form_and_differences():
    from nnbook.lessons.autodiff.examples import solve_example_exact, solve_example_nnbook

    rng = np.random.default_rng(4)
    A, b, c = rng.random((6, 6)), rng.random(6), rng.random(6)
    y, dy = solve_example_nnbook(A, b, c, 0.5)
    y_exact, dy_exact = solve_example_exact(A, b, c, 0.5)
    assert np.isclose(y, y_exact, rtol=1e-12) and np.isclose(dy, dy_exact, rtol=1e-9)
    h = 1e-6
    fd = solve_example_exact(A, b, c, 0.5 + h)[0] - solve_example_exact(A, b, c, 0.5 - h)[0]
    assert np.isclose(dy, fd / (2 * h), rtol=1e-6)


def test_forward_example_in_both_modes():
    from nnbook.lessons.autodiff.examples import forward_example

    check_grads(forward_example, (np.array(0.7),))


def test_draw_shows_every_node_values_and_gradients():
    from nnbook.lessons.autodiff.examples import reverse_example

    x = [ad.Variable(v, name=f"x{i + 1}") for i, v in enumerate((1.0, 2.0, 3.0))]
    z = reverse_example(*x)
    z.backward(retain_grads=True)
    src = draw(z).source
    # 3 inputs and 5 operations (the fixed exponent of x2 ** 2 is not a node): 8 edges
    assert src.count("->") == 8
    for name in ("x1", "x2", "x3", "x4 = x1 + x2", "z = x5 + x7"):
        assert name in src
    assert "grad 4" in src  # dz/dx3 = x2^2 = 4
    assert "grad -0.99" in src  # dz/dx1 = cos(3)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot program is missing")
def test_draw_renders_svg():
    x = ad.Variable(1.0, name="x")
    svg = draw(ad.exp(x) * x).pipe(format="svg").decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
