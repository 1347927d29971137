r"""Training helpers shared by the gradient-trained architectures: Adam, mini-batches, clipping.

The architectures of the tour are trained like this, with `nnbook.autodiff`::

    opt = Adam(model.params, lr=0.01)
    for X_batch, y_batch in minibatches(X, y, batch_size=64, rng=rng):
        loss = loss_fn(model(X_batch), y_batch)   # build the graph
        opt.zero_grad()
        loss.backward()                            # fill p.grad
        opt.step()                                 # move the parameters

Adam (Kingma and Ba, 2015) keeps running averages of each parameter's gradient
$m$ and squared gradient $v$ and takes the step

$$
m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \quad
p \leftarrow p - \eta\, \frac{m / (1 - \beta_1^t)}{\sqrt{v / (1 - \beta_2^t)} + \epsilon},
$$

so that every parameter moves by about $\eta$ per step whatever the scale of its
gradient.  That is what lets the same learning rate train a convolution filter,
a recurrent matrix and a bias.
"""

from __future__ import annotations

import functools

import numpy as np

from ..autodiff import Variable, zero_grad
from ..validation import as_rng, check_int, check_real

__all__ = [
    "Adam",
    "clip_grad_norm",
    "global_norm",
    "minibatches",
    "one_blas_thread",
    "use_one_blas_thread",
]


def check_sizes(values, name: str) -> list[int]:
    """``values`` as a list of positive ints (layer sizes), or an error naming ``name``.

    Examples
    --------
    >>> check_sizes((64, 32), "hidden")
    [64, 32]
    >>> check_sizes([64, 2.5], "sizes")
    Traceback (most recent call last):
    ...
    TypeError: sizes[1] must be an integer, got float 2.5
    """
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a sequence of layer sizes (integers), got {values!r}")
    return [check_int(n, f"{name}[{i}]") for i, n in enumerate(values)]


def check_mapping(value, name: str, what: str) -> dict:
    """``value`` if it is a non-empty dict (``what`` describes its entries), else an error.

    Examples
    --------
    >>> check_mapping({}, "norms", "label -> norms")
    Traceback (most recent call last):
    ...
    ValueError: norms must hold at least one entry (label -> norms), got an empty dict
    """
    if not isinstance(value, dict):
        raise TypeError(f"{name} must be a dict of {what}, got {type(value).__name__}")
    if not value:
        raise ValueError(f"{name} must hold at least one entry ({what}), got an empty dict")
    return value


def _variables(params, name: str = "params") -> list:
    """``params`` as a list of `Variable`, or a ``TypeError`` naming ``name``."""
    if isinstance(params, (str, bytes)) or not hasattr(params, "__iter__"):
        raise TypeError(f"{name} must be a list of Variables, got {params!r}")
    params = list(params)
    for i, p in enumerate(params):
        if not isinstance(p, Variable):
            raise TypeError(f"{name}[{i}] must be a Variable, got {type(p).__name__}")
    return params


def one_blas_thread():
    """A context in which NumPy's matrix products use one thread.

    The products of these small networks take microseconds; with two BLAS threads
    on a busy machine each one can wait milliseconds for the other thread (we
    measured a 32 x 512 by 512 x 64 product at 0.15 ms with one thread and 5.8 ms
    with two while other jobs ran).  The training loops run inside this context.

    Examples
    --------
    >>> with one_blas_thread():
    ...     print((np.ones((2, 3)) @ np.ones(3)).tolist())
    [3.0, 3.0]
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def use_one_blas_thread(func):
    """Decorator: run ``func`` inside `one_blas_thread`."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with one_blas_thread():
            return func(*args, **kwargs)

    return wrapper


class Adam:
    """The Adam optimiser over a list of `Variable`.

    Parameters
    ----------
    params : list of Variable
        The parameters to train; ``step`` reads their ``.grad``.
    lr : float
        Step size $\\eta > 0$.
    betas : tuple of float
        Decay rates $(\\beta_1, \\beta_2)$ of the two running averages, each in $[0, 1)$.
    eps : float
        Added to the denominator, $> 0$.

    Raises
    ------
    TypeError
        If ``params`` does not hold Variables, or a number is not a real number.
    ValueError
        If ``params`` is empty, or ``lr``, ``betas`` or ``eps`` is out of range.

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> w = Variable([3.0, -2.0])
    >>> opt = Adam([w], lr=0.1)
    >>> for _ in range(200):
    ...     opt.zero_grad()
    ...     ((w - 1.0) ** 2).sum().backward()
    ...     opt.step()
    >>> print(np.round(w.value, 2))
    [1. 1.]
    """

    def __init__(self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8):
        self.params = _variables(params)
        if not self.params:
            raise ValueError("Adam: params is empty; pass the model's list of Variables")
        if not (isinstance(betas, (tuple, list)) and len(betas) == 2):
            raise TypeError(f"betas must be a pair of decay rates in [0, 1), got {betas!r}")
        for i, beta in enumerate(betas):
            if check_real(beta, f"betas[{i}]", low=0) >= 1:
                raise ValueError(f"betas[{i}] must be < 1 (a decay rate), got {beta}")
        self.lr = check_real(lr, "lr", low=0, low_open=True)
        self.beta1, self.beta2 = float(betas[0]), float(betas[1])
        self.eps = check_real(eps, "eps", low=0, low_open=True)
        self.m = [np.zeros_like(p.value) for p in self.params]
        self.v = [np.zeros_like(p.value) for p in self.params]
        self.t = 0

    def zero_grad(self) -> None:
        """Forget the gradients of the previous step."""
        zero_grad(self.params)

    def step(self) -> None:
        """Move every parameter that received a gradient."""
        self.t += 1
        c1, c2 = 1.0 - self.beta1**self.t, 1.0 - self.beta2**self.t
        for k, p in enumerate(self.params):
            if p.grad is None:
                continue
            g = p.grad
            self.m[k] = self.beta1 * self.m[k] + (1.0 - self.beta1) * g
            self.v[k] = self.beta2 * self.v[k] + (1.0 - self.beta2) * g * g
            p.value = p.value - self.lr * (self.m[k] / c1) / (np.sqrt(self.v[k] / c2) + self.eps)


def global_norm(params) -> float:
    r"""$\sqrt{\sum_p \lVert \nabla_p \rVert^2}$ over the parameters' gradients (``None`` counts 0).

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> a, b = Variable([3.0]), Variable([4.0])
    >>> a.grad, b.grad = np.array([3.0]), np.array([4.0])
    >>> global_norm([a, b])
    5.0
    """
    params = _variables(params)
    return float(np.sqrt(sum(float(np.sum(p.grad**2)) for p in params if p.grad is not None)))


def clip_grad_norm(params, max_norm: float) -> float:
    """Scale all gradients down together so that their global norm is at most ``max_norm``.

    Returns the norm before clipping.  Clipping tames *exploding* gradients in
    recurrent networks; it does nothing for vanishing ones.  ``max_norm`` must be a
    positive number.

    Examples
    --------
    >>> from nnbook.autodiff import Variable
    >>> a = Variable([0.0, 0.0]); a.grad = np.array([3.0, 4.0])
    >>> clip_grad_norm([a], 1.0), np.round(a.grad, 6).tolist()
    (5.0, [0.6, 0.8])
    """
    params = _variables(params)
    max_norm = check_real(max_norm, "max_norm", low=0, low_open=True)
    norm = global_norm(params)
    if norm > max_norm:
        for p in params:
            if p.grad is not None:
                p.grad = p.grad * (max_norm / norm)
    return norm


def minibatches(n: int, batch_size: int, rng):
    """Indices of one epoch of ``n`` examples, shuffled by ``rng``, in batches of ``batch_size``.

    ``n`` and ``batch_size`` are integers of at least 1; ``rng`` is a
    ``numpy.random.Generator`` or a seed.

    Examples
    --------
    >>> [b.tolist() for b in minibatches(5, 2, np.random.default_rng(0))]
    [[2, 4], [3, 0], [1]]
    """
    n, batch_size = check_int(n, "n"), check_int(batch_size, "batch_size")
    order = as_rng(rng, "rng").permutation(n)
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]
