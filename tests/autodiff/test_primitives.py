"""Every operation against central differences in random directions, in both modes.

``check_grads`` compares forward mode (``jvp``) with the central difference along a
random direction, and reverse mode through <u, J v> = <J^T u, v>.  The table is the
registry of operations: each operation's class says where it is checked
(``Primitive.cases``: scalars, vectors, matrices, rows, columns, broadcasting pairs,
and its own settings), and ``standard_cases`` collects them, so a new operation is
tested here without editing this file.
"""

from __future__ import annotations

import numpy as np
import pytest

import nnbook.autodiff as ad
from nnbook.autodiff.checks import BROADCAST_PAIRS, check_grads, directional_errors, standard_cases
from nnbook.autodiff.primitive import operations

CASES = list(standard_cases(seed=1))


def _point(shape, seed, positive=False):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    return np.abs(x) + 0.5 if positive else x


@pytest.mark.parametrize(
    ("name", "shapes", "f", "args"), CASES, ids=[f"{name} {shapes}" for name, shapes, *_ in CASES]
)
def test_operation_matches_central_differences(name, shapes, f, args):
    errors = check_grads(f, args)
    assert max(errors.values()) < 1e-6


def test_every_operation_is_checked():
    assert {name for name, *_ in CASES} == set(operations)


BROADCASTING = [name for name, op in operations.items() if op.broadcasts is not None]


@pytest.mark.parametrize("shapes", BROADCAST_PAIRS, ids=str)
@pytest.mark.parametrize("name", BROADCASTING)
def test_binary_operation_broadcasts_like_numpy(name, shapes):
    op = operations[name]
    positive = op.domain == "positive"
    a, b = _point(shapes[0], 2, positive), _point(shapes[1], 3, positive)
    assert op.function(ad.Variable(a), ad.Variable(b)).shape == np.broadcast_shapes(*shapes)


def test_the_broadcasting_operations_are_the_arithmetic_ones():
    assert sorted(BROADCASTING) == ["add", "divide", "multiply", "power", "subtract"]


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


def test_check_grads_catches_a_wrong_rule():
    """The oracle can fail: a cosine with a sign mistake is caught in both modes."""

    class WrongCos(ad.Primitive):
        name = "wrong_cos"

        def forward(self, x):
            return np.cos(x)

        def vjp(self, g, node):
            return (g * np.sin(node.parents[0].value),)

        def jvp(self, tangents, node):
            return np.sin(node.parents[0].value) * tangents[0]

    errors = directional_errors(WrongCos(), (_point((3,), 16),))
    assert errors["forward"] > 0.1 and errors["reverse"] > 0.1
    assert "wrong_cos" not in operations  # defined outside nnbook.autodiff: not registered
