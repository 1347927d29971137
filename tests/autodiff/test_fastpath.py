"""The engine runs ``fastpath.call`` and ``fastpath.backward``; the page shows the plain code.

The page "Building the engine" shows ``Primitive.__call__`` and ``reverse_sweep``; the
functions and ``Node.backward`` use the faster equivalents, ``fastpath.call`` and
``node._sweep``.
Here both ways build and differentiate every case of the gradient-check table, and
must give the same values, the same graphs, the same gradients and the same errors.
"""

from __future__ import annotations

import numpy as np
import pytest

import nnbook.autodiff as ad
from nnbook.autodiff import fastpath, node
from nnbook.autodiff.checks import standard_cases
from nnbook.autodiff.node import reverse_sweep
from nnbook.autodiff.primitive import Primitive

CASES = list(standard_cases(seed=2))


def _plain(op, args, params):
    """What a public function does when it takes the readable way."""
    return Primitive.__call__(op, *args, **params)


def _plain_backward(output, seed=None, retain_grads=False):
    """What ``Node.backward`` does when it takes the readable way."""
    for _ in reverse_sweep(output, seed, retain_grads=retain_grads):
        pass


def _take_the_plain_way(monkeypatch):
    monkeypatch.setattr(fastpath, "call", _plain)
    monkeypatch.setattr(node, "_sweep", _plain_backward)


def _run(f, args, seed):
    """Value, graph and gradients of ``f`` at ``args`` (backward twice: they accumulate)."""
    variables = [ad.Variable(a) for a in args]
    out = f(*variables)
    u = np.random.default_rng(seed).standard_normal(out.shape)
    out.backward(u)
    grads = [v.grad for v in variables]
    out.backward(u, retain_grads=True)
    graph = [(n.op and n.op.name, n.value.dtype, n.grad) for n in ad.topological_order(out)]
    return out.value, graph, grads + [v.grad for v in variables]


@pytest.mark.parametrize(
    ("name", "shapes", "f", "args"), CASES, ids=[f"{name} {shapes}" for name, shapes, *_ in CASES]
)
def test_both_ways_build_the_same_graph(name, shapes, f, args, monkeypatch):
    fast = _run(f, args, seed=3)
    _take_the_plain_way(monkeypatch)
    plain = _run(f, args, seed=3)
    np.testing.assert_array_equal(fast[0], plain[0])
    assert [n[:2] for n in fast[1]] == [n[:2] for n in plain[1]]
    for n_fast, n_plain in zip(fast[1], plain[1], strict=True):
        np.testing.assert_array_equal(n_fast[2], n_plain[2])  # retained gradients
    for g_fast, g_plain in zip(fast[2], plain[2], strict=True):
        np.testing.assert_array_equal(g_fast, g_plain)


BAD = [
    lambda: ad.add(np.ones((2, 3)), np.ones(4)),
    lambda: ad.multiply(ad.Variable(np.ones(2)), np.array([1.0, np.nan])),
    lambda: ad.sin("x"),
    lambda: ad.sum(np.ones(3), axis=1),
    lambda: ad.stack([np.ones(2), np.ones(3)]),
    lambda: ad.matmul(np.ones((2, 3)), np.ones((2, 3))),
    lambda: ad.power_constant(np.ones(2), float("inf")),
    lambda: ad.Variable(np.ones(3)).backward(),
    lambda: ad.Variable(np.ones(3)).backward(np.ones(2)),
]


@pytest.mark.parametrize("bad", BAD)
def test_both_ways_raise_the_same_error(bad, monkeypatch):
    with pytest.raises((TypeError, ValueError)) as fast:
        bad()
    _take_the_plain_way(monkeypatch)
    with pytest.raises((TypeError, ValueError)) as plain:
        bad()
    assert (fast.type, str(fast.value)) == (plain.type, str(plain.value))


def test_the_engine_takes_the_fast_way(monkeypatch):
    calls = []
    monkeypatch.setattr(fastpath, "call", lambda op, args, params: calls.append(op.name))
    monkeypatch.setattr(node, "_sweep", lambda out, seed, retain_grads: calls.append(out))
    ad.exp(1.0)
    ad.Variable(1.0) * 2.0
    ad.Variable(1.0).backward()
    assert calls[:2] == ["exp", "multiply"] and isinstance(calls[2], ad.Variable)
