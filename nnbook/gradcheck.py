r"""Finite differences: the book's independent check of every gradient.

A central difference $\frac{f(x + \epsilon e_i) - f(x - \epsilon e_i)}{2\epsilon}$ has
an error of order $\epsilon^2$ (plus rounding of order $\text{eps}/\epsilon$), so with
float64 and $\epsilon = 10^{-6}$ it agrees with an exact gradient to about
$10^{-8}$ relative error for smooth functions.
"""

from __future__ import annotations

import numpy as np

__all__ = ["max_relative_error", "numerical_gradient"]


def numerical_gradient(f, x, eps: float = 1e-6) -> np.ndarray:
    r"""Gradient of the scalar function ``f`` at ``x`` by central differences.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` and returns a number.
    x : array_like
        Point at which to differentiate; it is not modified.
    eps : float
        Step size.

    Examples
    --------
    >>> g = numerical_gradient(lambda v: np.sum(v ** 3), np.array([1.0, 2.0]))
    >>> np.allclose(g, [3.0, 12.0])
    True
    """
    x = np.array(x, dtype=np.float64)  # a private copy we can perturb
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = float(f(x))
        x[i] = old - eps
        f_minus = float(f(x))
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def max_relative_error(a, b, floor: float = 1e-8) -> float:
    r"""Largest $|a - b| / \max(|a|, |b|, \text{floor})$ over all entries.

    Examples
    --------
    >>> print(f"{max_relative_error([1.0, 2.0], [1.0, 2.000002]):.1e}")
    1.0e-06
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return float(np.max(np.abs(a - b) / scale)) if a.size else 0.0
