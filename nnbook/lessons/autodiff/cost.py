r"""What each mode costs: full Jacobians by forward and by reverse mode, and dense Jacobians.

For $f: \mathbb R^n \to \mathbb R^m$, one forward-mode sweep gives one *column*
$J e_j$ of the Jacobian and one reverse-mode sweep gives one *row* $e_i^\top J$;
each sweep costs a small multiple of evaluating $f$.  So the whole Jacobian
costs about $n$ evaluations by forward mode and $m$ by reverse mode:
forward mode for few inputs and many outputs, reverse mode for many inputs and
few outputs (a loss: $m = 1$).

The functions here measure that, and measure why an engine must never build the
Jacobian of an elementwise operation: it is an $n \times n$ diagonal matrix.
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np

from ...autodiff import Variable, jvp, tanh
from ...autodiff.functional import _returned_node
from ...autodiff.node import _describe
from ...validation import as_float_array, check_int

__all__ = [
    "dense_jacobian_cost",
    "jacobian_forward",
    "jacobian_reverse",
    "plot_dense_cost",
    "plot_mode_costs",
    "time_jacobian_modes",
]


def jacobian_forward(f, x) -> np.ndarray:
    """The Jacobian of ``f`` at the vector ``x``, one column per forward sweep (n sweeps).

    Examples
    --------
    >>> from nnbook.autodiff import sin
    >>> J = jacobian_forward(lambda v: sin(v) * v[0], np.array([1.0, 2.0]))
    >>> bool(np.allclose(J, jacobian_reverse(lambda v: sin(v) * v[0], np.array([1.0, 2.0]))))
    True
    """
    x = _vector_point(f, x, "jacobian_forward")
    columns = [jvp(f, (x,), (e,))[1] for e in np.eye(x.size)]
    return np.stack(columns, axis=-1)


def jacobian_reverse(f, x) -> np.ndarray:
    """The Jacobian of ``f`` at the vector ``x``, one row per reverse sweep (m sweeps).

    Examples
    --------
    >>> J = jacobian_reverse(lambda v: v * v, np.array([1.0, 3.0]))
    >>> print(J)
    [[2. 0.]
     [0. 6.]]
    """
    x = _vector_point(f, x, "jacobian_reverse")
    rows = []
    m = None
    i = 0
    while m is None or i < m:
        v = Variable(x)
        y = _returned_node(f(v), "jacobian_reverse")
        m = y.value.size
        if m == 0:
            raise ValueError(
                "jacobian_reverse: f returned an empty node, which has no Jacobian rows"
            )
        seed = np.zeros(m)
        seed[i] = 1.0
        y.backward(seed.reshape(y.value.shape))
        rows.append(v.grad if v.grad is not None else np.zeros_like(x))
        i += 1
    return np.stack(rows)


def _vector_point(f, x, op):
    if not callable(f):
        raise TypeError(f"{op}: f must be a function, got {_describe(f)}")
    return as_float_array(x, f"{op}: x", ndim=1, nonempty=True)


def _sizes(sizes, op) -> list:
    if isinstance(sizes, str | bytes) or not hasattr(sizes, "__iter__"):
        raise TypeError(f"{op}: sizes must be a list of integers, got {_describe(sizes)}")
    sizes = [check_int(s, f"{op}: sizes entry") for s in sizes]
    if not sizes:
        raise ValueError(f"{op}: sizes must hold at least one size, got []")
    return sizes


def _layer(W):
    """A test function R^n -> R^m: one tanh layer, f(x) = tanh(W x)."""
    return lambda x: tanh(W @ x)


def _best_time(fn, repeats):
    best = np.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def time_jacobian_modes(
    sizes=(1, 4, 16, 64), fixed: int = 1, repeats: int = 3, seed: int = 0
) -> dict:
    r"""Seconds to get the full Jacobian of $f(x) = \tanh(Wx)$ by each mode.

    Two experiments: $n$ takes each value of ``sizes`` with $m$ = ``fixed``
    (many-to-few), then $m$ takes each value with $n$ = ``fixed`` (few-to-many).

    Returns
    -------
    dict
        ``{"sizes": [...], "vary_n": {"forward": [...], "reverse": [...]},
        "vary_m": {...}}``, times in seconds (best of ``repeats``).

    Examples
    --------
    >>> t = time_jacobian_modes(sizes=(1, 8), repeats=1)
    >>> sorted(t["vary_n"]), len(t["vary_m"]["forward"])
    (['forward', 'reverse'], 2)
    """
    sizes = _sizes(sizes, "time_jacobian_modes")
    fixed = check_int(fixed, "time_jacobian_modes: fixed")
    repeats = check_int(repeats, "time_jacobian_modes: repeats")
    seed = check_int(seed, "time_jacobian_modes: seed", low=0)
    rng = np.random.default_rng(seed)
    out = {
        "sizes": list(sizes),
        "fixed": fixed,
        "vary_n": {"forward": [], "reverse": []},
        "vary_m": {"forward": [], "reverse": []},
    }
    for s in sizes:
        for key, (n, m) in (("vary_n", (s, fixed)), ("vary_m", (fixed, s))):
            f = _layer(rng.standard_normal((m, n)) / np.sqrt(n))
            x = rng.standard_normal(n)
            out[key]["forward"].append(_best_time(lambda f=f, x=x: jacobian_forward(f, x), repeats))
            out[key]["reverse"].append(_best_time(lambda f=f, x=x: jacobian_reverse(f, x), repeats))
    return out


def plot_mode_costs(times: dict):
    """Two panels: time of the full Jacobian against n (m fixed) and against m (n fixed)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(8.0, 3.2), sharey=True)
    for ax, key, label in ((axes[0], "vary_n", "inputs n"), (axes[1], "vary_m", "outputs m")):
        for mode, marker in (("forward", "o"), ("reverse", "s")):
            ax.loglog(
                times["sizes"],
                np.array(times[key][mode]) * 1e3,
                marker=marker,
                label=f"{mode} mode",
            )
        other = "m" if key == "vary_n" else "n"
        ax.set_xlabel(f"number of {label} ({other} = {times['fixed']})")
        ax.set_title("many-to-few" if key == "vary_n" else "few-to-many")
    axes[0].set_ylabel("time for the whole Jacobian (ms)")
    axes[0].legend()
    fig.tight_layout()
    plt.close(fig)
    return fig


def dense_jacobian_cost(sizes=(100, 300, 1000, 3000), repeats: int = 3) -> dict:
    r"""Peak memory and time of $\bar x = \bar y^\top J$ for $y = e^x$: dense $J$ against the VJP.

    The dense way builds ``np.diagflat(np.exp(x))`` ($n^2$ numbers, as the draft chapter's
    engine did) and multiplies; the VJP is ``g * np.exp(x)`` ($n$ numbers).

    Examples
    --------
    >>> c = dense_jacobian_cost(sizes=(100,), repeats=1)
    >>> c["dense_bytes"][0] > 50 * c["vjp_bytes"][0]
    True
    """
    sizes = _sizes(sizes, "dense_jacobian_cost")
    repeats = check_int(repeats, "dense_jacobian_cost: repeats")
    rng = np.random.default_rng(0)
    out = {
        "sizes": list(sizes),
        "dense_bytes": [],
        "vjp_bytes": [],
        "dense_seconds": [],
        "vjp_seconds": [],
    }
    for n in sizes:
        x, g = rng.standard_normal(n), rng.standard_normal(n)

        def dense(x=x, g=g):
            return g @ np.diagflat(np.exp(x))

        def vjp(x=x, g=g):
            return g * np.exp(x)

        assert np.allclose(dense(), vjp())
        for name, fn in (("dense", dense), ("vjp", vjp)):
            tracemalloc.start()
            fn()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            out[f"{name}_bytes"].append(peak)
            out[f"{name}_seconds"].append(_best_time(fn, repeats))
    return out


def plot_dense_cost(cost: dict):
    """Two log-log panels: peak memory and time, dense Jacobian against the VJP."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(8.0, 3.2))
    n = np.array(cost["sizes"])
    for name, marker, label in (
        ("dense", "o", "dense Jacobian (diagflat)"),
        ("vjp", "s", "vector-Jacobian product"),
    ):
        axes[0].loglog(n, np.array(cost[f"{name}_bytes"]) / 1e6, marker=marker, label=label)
        axes[1].loglog(n, np.array(cost[f"{name}_seconds"]) * 1e3, marker=marker, label=label)
    axes[0].set_ylabel("peak memory (MB)")
    axes[1].set_ylabel("time (ms)")
    for ax in axes:
        ax.set_xlabel("entries n of x")
    axes[0].legend()
    axes[0].set_title("memory")
    axes[1].set_title("time")
    fig.tight_layout()
    plt.close(fig)
    return fig
