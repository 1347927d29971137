"""Bad input raises an error that names the operation and the shapes."""

from __future__ import annotations

import numpy as np
import pytest

import nnbook.autodiff as ad
from nnbook.autodiff import Variable


@pytest.mark.parametrize(
    ("f", "message"),
    [
        (
            lambda: Variable(np.ones((2, 3))) @ Variable(np.ones((4, 5))),
            r"matmul \(@\): shapes \(2, 3\) and \(4, 5\) are not aligned",
        ),
        (
            lambda: Variable(np.ones((2, 3))) + Variable(np.ones(4)),
            r"add \(\+\): cannot broadcast shapes \(2, 3\) and \(4,\)",
        ),
        (
            lambda: Variable(np.ones((2, 3))) * np.ones((3, 2)),
            r"multiply \(\*\): cannot broadcast shapes \(2, 3\) and \(3, 2\)",
        ),
        (lambda: Variable(np.ones(2)) - np.ones(3), r"subtract \(-\): cannot broadcast"),
        (lambda: Variable(np.ones(2)) / np.ones(3), r"divide \(/\): cannot broadcast"),
        (lambda: Variable(np.ones(3)) @ 2.0, r"matmul \(@\).*at least one dimension"),
        (
            lambda: Variable(np.ones(3)).backward(),
            r"backward\(\) on a node of shape \(3,\) needs a seed",
        ),
        (
            lambda: Variable(np.ones(3)).backward(np.ones(2)),
            r"seed must have the output's shape \(3,\), got \(2,\)",
        ),
        (lambda: ad.log(Variable([1.0, 0.0])), r"log: input of shape \(2,\) has non-positive"),
        (
            lambda: ad.reshape(Variable(np.ones(6)), (4, 2)),
            r"reshape: cannot reshape an array of shape \(6,\) \(6 entries\) into shape \(4, 2\)",
        ),
        (
            lambda: ad.solve(Variable(np.ones((2, 3))), np.ones(2)),
            r"solve: A must be a square matrix, got shape \(2, 3\)",
        ),
        (lambda: ad.solve(Variable(np.eye(2)), np.ones(3)), r"solve: b must have shape \(2,\)"),
        (lambda: ad.solve(Variable(np.zeros((2, 2))), np.ones(2)), r"solve: A .* is singular"),
        (lambda: ad.softmax(Variable(1.0)), r"softmax: axis -1 is out of range.*shape \(\)"),
        (
            lambda: ad.cross_entropy(Variable(np.ones((2, 3))), np.ones((2, 2))),
            r"cross_entropy: .* same shape .* got \(2, 3\) and \(2, 2\)",
        ),
        (
            lambda: ad.cross_entropy(Variable(np.ones((2, 3))), np.array([0, 3])),
            r"class indices must lie in 0..2",
        ),
        (lambda: ad.sum(Variable(np.ones(3)), axis=1), r"sum: axis 1 is out of range"),
        (lambda: ad.stack([Variable(np.ones(2)), np.ones(3)]), r"stack: .* same shape"),
        (lambda: Variable(np.ones(3))[5], r"index: 5 is not a valid index .* shape \(3,\)"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_errors_name_the_operation_and_the_shapes(f, message):
    with pytest.raises((ValueError, IndexError), match=message):
        f()


def test_gradient_through_a_non_positive_base_is_refused():
    base, exponent = Variable([-1.0, 2.0]), Variable(2.0)
    y = (base**exponent).sum()
    with pytest.raises(ValueError, match=r"power \(\*\*\).*log\(base\).*non-positive"):
        y.backward()


def test_a_constant_exponent_works_with_a_negative_base():
    x = Variable([-3.0])
    (x**2).sum().backward()
    np.testing.assert_array_equal(x.grad, [-6.0])


def test_non_numbers_are_refused_with_the_argument_name():
    with pytest.raises(TypeError, match="weights must hold real numbers"):
        Variable(["a", "b"], name="weights")


def test_numpy_functions_refuse_nodes_instead_of_looping():
    with pytest.raises(TypeError):
        np.exp(Variable(1.0))


def test_a_vjp_that_returns_a_bare_array_is_refused_by_name():
    """``vjp`` returns one adjoint per parent, as a tuple, even for one parent."""

    class Doubled(ad.Primitive):
        name = "doubled"

        def forward(self, x):
            return 2.0 * x

        def vjp(self, g, node):
            return 2.0 * g  # should be (2.0 * g,)

        def jvp(self, tangents, node):
            return 2.0 * tangents[0]

    y = Doubled()(Variable([1.0, 2.0])).sum()
    with pytest.raises(TypeError, match=r"doubled: vjp must return a tuple with one adjoint"):
        y.backward()
