"""The graph itself: fan-out, deep chains, accumulation, independence of graphs, values."""

from __future__ import annotations

import numpy as np
import pytest

import nnbook.autodiff as ad
from nnbook.autodiff import Constant, Variable


def test_fan_out_sums_the_gradients_of_every_use():
    a = Variable(1.5)
    b = a + a
    c = b + b
    c.backward()
    assert c.value == 6.0
    assert a.grad == 4.0


def test_a_node_used_by_different_operations_gets_the_sum():
    x = Variable(0.7)
    y = ad.sin(x) * x + x**3  # dy/dx = cos(x) x + sin(x) + 3 x^2
    y.backward()
    assert np.isclose(x.grad, np.cos(0.7) * 0.7 + np.sin(0.7) + 3 * 0.7**2, rtol=1e-14)


def test_a_100000_node_chain_works_in_both_modes():
    n = 100_000

    def chain(x):
        for _ in range(n):
            x = x * 1.00001
        return x

    x = Variable(1.0)
    y = chain(x)
    y.backward()  # no RecursionError: the topological order uses an explicit stack
    assert np.isclose(x.grad, 1.00001**n, rtol=1e-9)
    value, tangent = ad.jvp(chain, (1.0,), (2.0,))
    assert np.isclose(tangent, 2 * 1.00001**n, rtol=1e-9)


def test_topological_order_puts_every_node_after_its_parents():
    x, y = Variable(1.0), Variable(2.0)
    z = ad.exp(x * y) + ad.sin(x) * (y + x)
    order = ad.topological_order(z)
    position = {id(n): k for k, n in enumerate(order)}
    assert len(position) == len(order)  # each node once
    for node in order:
        for p in node.parents:
            if p.needs_grad:
                assert position[id(p)] < position[id(node)]


def test_backward_accumulates_until_zero_grad():
    w = Variable([1.0, 2.0])
    (w * 3.0).sum().backward()
    (w * 3.0).sum().backward()
    np.testing.assert_array_equal(w.grad, [6.0, 6.0])
    ad.zero_grad(w)
    assert w.grad is None
    (w * 3.0).sum().backward()
    np.testing.assert_array_equal(w.grad, [3.0, 3.0])


def test_two_graphs_never_interfere():
    x1, x2 = Variable(1.0), Variable(1.0)
    y1 = x1 * 2.0
    y2 = x2 * 5.0  # built between y1's construction and its backward
    y1.backward()
    assert x1.grad == 2.0 and x2.grad is None
    y2.backward()
    assert x1.grad == 2.0 and x2.grad == 5.0


def test_gradient_arrays_are_owned_by_each_variable():
    """``a + b`` sends one array to both parents; editing one .grad must not change the other."""
    a, b = Variable(np.zeros(3)), Variable(np.zeros(3))
    (a + b).backward(np.ones(3))
    a.grad[0] = 100.0
    np.testing.assert_array_equal(b.grad, np.ones(3))


def test_variable_copies_its_value_and_constants_are_not_differentiated():
    data = np.array([1.0, 2.0])
    w, c = Variable(data), Constant(data)
    (w * c).sum().backward()
    data[0] = 99.0
    assert w.value[0] == 1.0
    assert c.grad is None and not c.needs_grad


def test_every_value_is_a_float64_ndarray():
    x = Variable(2)
    nodes = [
        x,
        x + 1,
        x * x,
        ad.sum(x),
        ad.mean(x * np.ones(3)),
        x**2,
        ad.exp(x),
        ad.matmul(np.ones(3), np.ones(3) * x),
        ad.cross_entropy(np.zeros((2, 2)), [0, 1]),
    ]
    for node in nodes:
        assert type(node.value) is np.ndarray and node.value.dtype == np.float64


def test_backward_with_a_seed_is_a_vector_jacobian_product():
    x = Variable([1.0, 2.0, 3.0])
    y = x * x  # Jacobian diag(2x)
    y.backward(np.array([1.0, 0.0, -1.0]))
    np.testing.assert_array_equal(x.grad, [2.0, 0.0, -6.0])


def test_retain_grads_fills_every_intermediate_node():
    x1, x2, x3 = Variable(1.0), Variable(2.0), Variable(3.0)
    s = x1 + x2
    z = ad.sin(s) + x2**2 * x3
    z.backward(retain_grads=True)
    assert np.isclose(s.grad, np.cos(3.0))  # dz/ds
    assert z.grad == 1.0


def test_reverse_sweep_visits_children_before_parents():
    x = Variable(1.0, name="x")
    y = ad.exp(x)
    z = y * y
    names = [n.name or n.op.name for n in ad.node.reverse_sweep(z, retain_grads=True)]
    assert names == ["multiply", "exp", "x"]


def test_ndarray_on_the_left_gives_a_node():
    x = Variable([1.0, 2.0])
    y = np.array([3.0, 4.0]) * x
    assert isinstance(y, ad.Node)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 4.0])


def test_no_gradient_to_a_constant_only_graph():
    y = Constant(2.0) * 3.0
    y.backward()  # nothing to fill, no error
    assert not y.needs_grad


@pytest.mark.parametrize("attr", ["shape", "ndim", "size"])
def test_numpy_like_attributes(attr):
    x = Variable(np.zeros((2, 3)))
    assert getattr(x, attr) == getattr(x.value, attr)
