r"""How fast is the engine? One training step of a small network, in several engines.

The network is the breast-cancer classifier of the chapter, $30 \to H \to 1$ with
sigmoid units and the mean squared error, in float64:

$$\hat y = \sigma(\sigma(X W_1 + b_1) W_2 + b_2), \qquad L = \tfrac1n \lVert \hat y - y\rVert^2 .$$

Every engine starts from the same weights, sees the same batches in the same
order and takes the same plain gradient-descent steps; the engines take turns
(interleaved rounds) so that a slow phase of the machine hits all of them, and
each step is timed on its own so that the median ignores interruptions.  The
reference is a **handwritten NumPy** step (forward and backward written out by
hand, with the engine's own sigmoid, `nnbook.numerics.sigmoid`), the fastest a
NumPy engine could hope to be: the ratio to it is the price of automation.  After
the run every engine must hold the same parameters.

The trainers here take one step at a time, which is what is timed.  Lecture 02's
`nnbook.frameworks.trainers` train whole epochs of a network without biases (with
argument checks and copies per call, and the loss on all the data after each
epoch), so they would time something else.

``benchmarks/autodiff.py`` calls `run_benchmark` with many repeats; the chapter
page calls it with few, so the table on the site is measured in the build.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from ...autodiff import Constant, Variable, mean, sigmoid
from ...autodiff.node import _describe
from ...numerics import sigmoid as np_sigmoid
from ...validation import as_float_array, check_int, check_real

__all__ = ["BenchmarkRow", "format_table", "initial_parameters", "run_benchmark", "trainers"]


def initial_parameters(n_in: int, n_hidden: int, seed: int = 0) -> list:
    """``[W1, b1, W2, b2]`` with weights of variance 1/fan-in and zero biases.

    Examples
    --------
    >>> [p.shape for p in initial_parameters(30, 5)]
    [(30, 5), (5,), (5, 1), (1,)]
    """
    n_in = check_int(n_in, "initial_parameters: n_in")
    n_hidden = check_int(n_hidden, "initial_parameters: n_hidden")
    rng = np.random.default_rng(check_int(seed, "initial_parameters: seed", low=0))
    return [
        rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        np.zeros(n_hidden),
        rng.standard_normal((n_hidden, 1)) / np.sqrt(n_hidden),
        np.zeros(1),
    ]


# --------------------------------------------------------------------------- #
# One trainer per engine: step(k) trains on batch k; params() returns NumPy arrays
# --------------------------------------------------------------------------- #
class NumpyTrainer:
    """The forward and backward pass written by hand: the reference."""

    name = "handwritten NumPy"

    def __init__(self, params, batches, lr):
        self.p, self.batches, self.lr = [a.copy() for a in params], batches, lr

    def step(self, k):
        X, y = self.batches[k % len(self.batches)]
        W1, b1, W2, b2 = self.p
        a1 = np_sigmoid(X @ W1 + b1)
        a2 = np_sigmoid(a1 @ W2 + b2)
        d2 = (2.0 / a2.size) * (a2 - y) * a2 * (1.0 - a2)  # dL/dz2
        d1 = (d2 @ W2.T) * a1 * (1.0 - a1)  # dL/dz1
        grads = (X.T @ d1, d1.sum(axis=0), a1.T @ d2, d2.sum(axis=0))
        self.p = [p - self.lr * g for p, g in zip(self.p, grads, strict=True)]

    def params(self):
        return self.p


class NnbookTrainer:
    """nnbook: build the graph, ``backward()``, update, reset."""

    name = "nnbook"

    def __init__(self, params, batches, lr):
        self.p = [Variable(a) for a in params]
        self.batches = [(Constant(X), Constant(y)) for X, y in batches]
        self.lr = lr

    def step(self, k):
        X, y = self.batches[k % len(self.batches)]
        W1, b1, W2, b2 = self.p
        a1 = sigmoid(X @ W1 + b1)
        a2 = sigmoid(a1 @ W2 + b2)
        loss = mean((a2 - y) ** 2)
        loss.backward()
        for p in self.p:
            p.value = p.value - self.lr * p.grad
            p.grad = None

    def params(self):
        return [p.value for p in self.p]


class AutogradTrainer:
    """HIPS autograd: ``grad`` of a function of a list of arrays."""

    name = "HIPS autograd"

    def __init__(self, params, batches, lr):
        import autograd
        import autograd.numpy as anp
        from autograd.scipy.special import expit as a_expit

        def loss(p, X, y):
            a1 = a_expit(anp.dot(X, p[0]) + p[1])
            a2 = a_expit(anp.dot(a1, p[2]) + p[3])
            return anp.mean((a2 - y) ** 2)

        self.grad = autograd.grad(loss)
        self.p, self.batches, self.lr = [a.copy() for a in params], batches, lr

    def step(self, k):
        X, y = self.batches[k % len(self.batches)]
        grads = self.grad(self.p, X, y)
        self.p = [p - self.lr * g for p, g in zip(self.p, grads, strict=True)]

    def params(self):
        return self.p


class TensorflowTrainer:
    """TensorFlow 2 eager mode: ``GradientTape`` and ``assign_sub``."""

    name = "TensorFlow eager"

    def __init__(self, params, batches, lr):
        import tensorflow as tf

        self.tf = tf
        self.p = [tf.Variable(a, dtype=tf.float64) for a in params]
        self.batches = [(tf.constant(X), tf.constant(y)) for X, y in batches]
        self.lr = lr

    def step(self, k):
        tf = self.tf
        X, y = self.batches[k % len(self.batches)]
        W1, b1, W2, b2 = self.p
        with tf.GradientTape() as tape:
            a1 = tf.sigmoid(X @ W1 + b1)
            a2 = tf.sigmoid(a1 @ W2 + b2)
            loss = tf.reduce_mean((a2 - y) ** 2)
        for p, g in zip(self.p, tape.gradient(loss, self.p), strict=True):
            p.assign_sub(self.lr * g)

    def params(self):
        return [p.numpy() for p in self.p]


class TorchTrainer:
    """PyTorch eager mode: ``backward()`` and an update under ``no_grad``."""

    name = "PyTorch eager"

    def __init__(self, params, batches, lr):
        import torch

        self.torch = torch
        self.p = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in params]
        self.batches = [(torch.tensor(X), torch.tensor(y)) for X, y in batches]
        self.lr = lr

    def step(self, k):
        torch = self.torch
        X, y = self.batches[k % len(self.batches)]
        W1, b1, W2, b2 = self.p
        a1 = torch.sigmoid(X @ W1 + b1)
        a2 = torch.sigmoid(a1 @ W2 + b2)
        loss = torch.mean((a2 - y) ** 2)
        loss.backward()
        with torch.no_grad():
            for p in self.p:
                p -= self.lr * p.grad
                p.grad = None

    def params(self):
        return [p.detach().numpy() for p in self.p]


def trainers() -> dict:
    """The engines available here (name -> class), skipping those not installed.

    Examples
    --------
    >>> list(trainers())[:2]
    ['handwritten NumPy', 'nnbook']
    """
    import importlib.util

    available = {"handwritten NumPy": NumpyTrainer, "nnbook": NnbookTrainer}
    for module, cls in (
        ("autograd", AutogradTrainer),
        ("tensorflow", TensorflowTrainer),
        ("torch", TorchTrainer),
    ):
        if importlib.util.find_spec(module) is not None:
            available[cls.name] = cls
    return available


@dataclass
class BenchmarkRow:
    """One engine in one setting: median seconds per step and the ratio to NumPy."""

    engine: str
    hidden: int
    batch_size: int
    seconds_per_step: float
    ratio: float
    max_param_difference: float


def _limit_threads():
    """Use one BLAS thread (and one TensorFlow/PyTorch thread) where it can still be set."""
    try:
        from threadpoolctl import threadpool_limits

        return threadpool_limits(limits=1)
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        return None


def run_benchmark(
    X,
    y,
    settings=((5, None), (64, None), (5, 1)),
    *,
    engines=None,
    rounds: int = 7,
    steps: int = 30,
    lr: float = 0.1,
    seed: int = 0,
) -> list:
    """Time one gradient-descent step of each engine in each ``(H, batch_size)`` setting.

    Parameters
    ----------
    X, y : numpy.ndarray
        Inputs ``(n, d)`` and 0/1 targets ``(n,)``.
    settings : sequence of (int, int or None)
        Hidden width ``H`` and batch size (``None`` for the full batch).
    engines : sequence of str, optional
        Names from `trainers` (default: all available).
    rounds, steps : int
        Each round runs ``steps`` consecutive steps of each engine in turn, timing
        each step; the reported time is the median over all timed steps (robust to
        the pauses of a busy machine).
    lr : float
        Learning rate.
    seed : int
        Seed of the initial weights.

    Returns
    -------
    list of BenchmarkRow

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.standard_normal((20, 30)), rng.integers(0, 2, 20)
    >>> rows = run_benchmark(X, y, [(5, None)], engines=["handwritten NumPy", "nnbook"],
    ...                      rounds=2, steps=3)
    >>> [(r.engine, r.ratio == 1.0 if r.engine.startswith("hand") else r.ratio > 0) for r in rows]
    [('handwritten NumPy', True), ('nnbook', True)]
    >>> rows[1].max_param_difference < 1e-12
    True
    """
    available = trainers()
    names = list(available) if engines is None else list(engines)
    for name in names:
        if name not in available:
            raise ValueError(
                f"engine {name!r} is not available here; choose from {list(available)}"
            )
    X = as_float_array(X, "run_benchmark: X", ndim=2, nonempty=True)
    y = as_float_array(y, "run_benchmark: y")
    if y.shape != (X.shape[0],):
        raise ValueError(
            f"run_benchmark: y must hold one target per row of X, shape ({X.shape[0]},), "
            f"got {y.shape}"
        )
    y = y.reshape(-1, 1)
    settings = _settings(settings, X.shape[0])
    rounds = check_int(rounds, "run_benchmark: rounds")
    steps = check_int(steps, "run_benchmark: steps")
    lr = check_real(lr, "run_benchmark: lr", low=0.0, low_open=True)
    seed = check_int(seed, "run_benchmark: seed", low=0)
    if "TensorFlow eager" in names:
        import tensorflow as tf

        try:  # only possible before TensorFlow runs its first operation
            tf.config.threading.set_intra_op_parallelism_threads(1)
            tf.config.threading.set_inter_op_parallelism_threads(1)
        except RuntimeError:
            pass
    if "PyTorch eager" in names:
        import torch

        torch.set_num_threads(1)
    rows = []
    limiter = _limit_threads()
    try:
        for hidden, batch_size in settings:
            bs = len(X) if batch_size is None else batch_size
            batches = [(X[i : i + bs], y[i : i + bs]) for i in range(0, len(X) - bs + 1, bs)]
            start = initial_parameters(X.shape[1], hidden, seed)
            runners = {n: available[n](start, batches, lr) for n in names}
            for runner in runners.values():  # warm up (imports, caches, tracing)
                runner.step(0)
            times = {n: [] for n in names}
            k = 1
            clock = time.perf_counter
            for _ in range(rounds):
                for n, runner in runners.items():
                    record = times[n].append
                    for j in range(steps):
                        t0 = clock()
                        runner.step(k + j)
                        record(clock() - t0)
                k += steps
            reference = runners[names[0]].params()
            base = float(np.median(times[names[0]]))
            for n in names:
                diff = max(
                    float(np.max(np.abs(np.asarray(a) - b)))
                    for a, b in zip(runners[n].params(), reference, strict=True)
                )
                med = float(np.median(times[n]))
                rows.append(BenchmarkRow(n, hidden, bs, med, med / base, diff))
    finally:
        if limiter is not None:
            limiter.unregister()
    return rows


def _settings(settings, n) -> list:
    """``(H, batch_size)`` pairs: ``H >= 1``, batch size ``None`` or in ``[1, n]``."""
    if isinstance(settings, str | bytes) or not hasattr(settings, "__iter__"):
        raise TypeError(
            "run_benchmark: settings must be a list of (H, batch_size) pairs, "
            f"got {_describe(settings)}"
        )
    out = []
    for k, pair in enumerate(settings):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise TypeError(
                f"run_benchmark: settings[{k}] must be a pair (H, batch_size), "
                f"got {_describe(pair)}"
            )
        hidden, batch_size = pair
        hidden = check_int(hidden, f"run_benchmark: settings[{k}] hidden width H")
        if batch_size is not None:
            batch_size = check_int(
                batch_size, f"run_benchmark: settings[{k}] batch size", low=1, high=n
            )
        out.append((hidden, batch_size))
    return out


def format_table(rows, markdown: bool = True) -> str:
    """The rows as a Markdown table (or aligned text), one line per engine and setting.

    Examples
    --------
    >>> print(format_table([BenchmarkRow("nnbook", 5, 426, 1.5e-4, 1.7, 0.0)]))
    | H | batch | engine | time per step (µs) | ratio to NumPy | max parameter difference |
    |---:|---:|:---|---:|---:|---:|
    | 5 | 426 | nnbook | 150.0 | 1.70 | 0.0e+00 |
    """
    header = (
        "H",
        "batch",
        "engine",
        "time per step (µs)",
        "ratio to NumPy",
        "max parameter difference",
    )
    lines = []
    for r in rows:
        lines.append(
            (
                str(r.hidden),
                str(r.batch_size),
                r.engine,
                f"{r.seconds_per_step * 1e6:.1f}",
                f"{r.ratio:.2f}",
                f"{r.max_param_difference:.1e}",
            )
        )
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|---:|---:|:---|---:|---:|---:|"]
        out += ["| " + " | ".join(line) + " |" for line in lines]
        return "\n".join(out)
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    fmt = "  ".join(f"{{:<{w}}}" if i == 2 else f"{{:>{w}}}" for i, w in enumerate(widths))
    return "\n".join([fmt.format(*header)] + [fmt.format(*line) for line in lines])
