"""Every primitive against central differences in random directions, in both modes.

``check_grads`` compares forward mode (``jvp``) with the central difference along a
random direction, and reverse mode through <u, J v> = <J^T u, v>.  Shapes cover
scalars, vectors, matrices, rows, columns, and broadcasting pairs.
"""

from __future__ import annotations

import numpy as np
import pytest

import nnbook.autodiff as ad
from nnbook.autodiff.checks import BROADCAST_PAIRS, SHAPES, check_grads, directional_errors

PAIRS = BROADCAST_PAIRS


def _point(shape, seed, positive=False):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    return np.abs(x) + 0.5 if positive else x


UNARY = {
    "exp": (ad.exp, False),
    "log": (ad.log, True),
    "sin": (ad.sin, False),
    "cos": (ad.cos, False),
    "tanh": (ad.tanh, False),
    "sigmoid": (ad.sigmoid, False),
    "relu": (ad.relu, False),  # a random point is almost surely away from the kink
    "neg": (ad.negative, False),
    "sum": (ad.sum, False),
    "mean": (ad.mean, False),
    "softmax": (ad.softmax, False),
    "log_softmax": (ad.log_softmax, False),
}


@pytest.mark.parametrize(
    ("name", "shape"),
    # softmax needs an axis: shape () is an error case, tested in test_errors.py
    [(n, s) for n in UNARY for s in SHAPES if not (n.endswith("softmax") and s == ())],
    ids=str,
)
def test_unary_primitive_matches_central_differences(name, shape):
    f, positive = UNARY[name]
    check_grads(f, (_point(shape, 1, positive),))


BINARY = {
    "add": (ad.add, False),
    "subtract": (ad.subtract, False),
    "multiply": (ad.multiply, False),
    "divide": (ad.divide, True),
    "power": (ad.power, True),
}


@pytest.mark.parametrize("shapes", PAIRS, ids=str)
@pytest.mark.parametrize("name", list(BINARY))
def test_binary_primitive_matches_central_differences_with_broadcasting(name, shapes):
    f, positive = BINARY[name]
    a, b = _point(shapes[0], 2, positive), _point(shapes[1], 3, positive)
    errors = check_grads(f, (a, b))
    assert f(ad.Variable(a), ad.Variable(b)).shape == np.broadcast_shapes(*shapes)
    assert max(errors.values()) < 1e-6


@pytest.mark.parametrize("op", ["+", "-", "*", "/", "**", "@"])
def test_operators_match_central_differences(op):
    a, b = _point((3, 3), 4, True), _point((3, 3), 5, True)
    funcs = {
        "+": lambda x, y: x + y,
        "-": lambda x, y: x - y,
        "*": lambda x, y: x * y,
        "/": lambda x, y: x / y,
        "**": lambda x, y: x**y,
        "@": lambda x, y: x @ y,
    }
    check_grads(funcs[op], (a, b))


@pytest.mark.parametrize(
    "shapes",
    [
        ((2, 3), (3, 4)),
        ((3,), (3, 2)),
        ((2, 3), (3,)),
        ((3,), (3,)),
        ((4, 2, 3), (3, 2)),
        ((2, 3), (5, 3, 2)),
    ],
    ids=str,
)
def test_matmul_matches_central_differences(shapes):
    check_grads(ad.matmul, (_point(shapes[0], 6), _point(shapes[1], 7)))


@pytest.mark.parametrize("b_shape", [(4,), (4, 2)], ids=str)
def test_solve_matches_central_differences(b_shape):
    A = _point((4, 4), 8) + 4 * np.eye(4)  # well conditioned
    check_grads(ad.solve, (A, _point(b_shape, 9)))


@pytest.mark.parametrize("axis", [0, 1, -1, (0, 1), None])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions_over_axes(axis, keepdims):
    x = _point((2, 3), 10)
    check_grads(lambda v: ad.sum(v, axis=axis, keepdims=keepdims), (x,))
    check_grads(lambda v: ad.mean(v, axis=axis, keepdims=keepdims), (x,))


@pytest.mark.parametrize("axis", [0, 1])
def test_softmax_family_along_each_axis(axis):
    x = _point((3, 4), 11)
    check_grads(lambda v: ad.softmax(v, axis=axis), (x,))
    check_grads(lambda v: ad.log_softmax(v, axis=axis), (x,))


def test_cross_entropy_in_logits_and_in_soft_targets():
    z = _point((5, 3), 12)
    y = np.random.default_rng(13).dirichlet(np.ones(3), size=5)  # probability rows
    check_grads(ad.cross_entropy, (z, y))
    check_grads(lambda v: ad.cross_entropy(v, np.array([0, 2, 1, 1, 0])), (z,))


@pytest.mark.parametrize(
    "f",
    [
        lambda x: ad.reshape(x, (3, 2)),
        lambda x: ad.reshape(x, -1),
        lambda x: ad.transpose(x),
        lambda x: x.T,
        lambda x: x[1],
        lambda x: x[:, 1:],
        lambda x: x[np.array([1, 1, 0])],  # repeated rows: gradients add up
        lambda x: x[x.value > 0],
        lambda x: ad.stack([x, 2.0 * x, ad.sin(x)], axis=1),
    ],
    ids=["reshape", "reshape-1", "transpose", ".T", "int", "slice", "fancy", "mask", "stack"],
)
def test_shape_operations(f):
    check_grads(f, (_point((2, 3), 14),))


def test_transpose_with_axes():
    check_grads(lambda x: ad.transpose(x, (2, 0, 1)), (_point((2, 3, 4), 15),))


def test_check_grads_catches_a_wrong_rule():
    """The oracle can fail: a cosine with the source's sign mistake is caught in both modes."""

    class WrongCos(ad.Primitive):
        name = "wrong_cos"

        def forward(self, x):
            return np.cos(x)

        def vjp(self, g, node, i):
            return g * np.sin(node.parents[0].value)

        def jvp(self, tangents, node):
            return np.sin(node.parents[0].value) * tangents[0]

    errors = directional_errors(WrongCos(), (_point((3,), 16),))
    assert errors["forward"] > 0.1 and errors["reverse"] > 0.1
