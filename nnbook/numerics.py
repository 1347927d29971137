r"""Numerically stable elementwise functions, in NumPy only: one definition for the whole book.

* `sigmoid` -- the logistic function $\sigma(x) = 1 / (1 + e^{-x})$;
* `softplus` -- $\log(1 + e^x)$, whose derivative is $\sigma(x)$.

Written naively, both overflow: $e^{-x}$ is ``inf`` below $x \approx -709.8$ and
$e^{x}$ above $x \approx 709.8$.  The versions here give the right answer at any
finite input, never warn, and are exact to float64 rounding (relative error, not
just absolute): $\sigma(-40) = 4.25 \times 10^{-18}$, not 0.  They take arrays and
numbers and do no argument checking, so that the engine (`nnbook.autodiff`) and
the hand-written networks can call them in their inner loops.
"""

from __future__ import annotations

import numpy as np

__all__ = ["sigmoid", "softplus"]


def sigmoid(x) -> np.ndarray:
    r"""$\sigma(x) = 1 / (1 + e^{-x})$, elementwise, at any input and without warnings.

    $1 / (1 + e^{-x})$ is already exact wherever $e^{-x}$ is finite, since it has no
    cancellation.  Below $x \approx -709.8$, $e^{-x}$ overflows to ``inf`` and
    $1 / \infty = 0$, which is $\sigma(x)$ rounded to float64 (it is below $10^{-308}$);
    the overflow is expected there, as is the underflow of $e^{-x}$ to 0 for large $x$,
    so their warnings are silenced.

    Examples
    --------
    >>> print(sigmoid(np.array([-1000.0, -40.0, 0.0, 2.0, 1000.0])))
    [0.00000000e+00 4.24835426e-18 5.00000000e-01 8.80797078e-01
     1.00000000e+00]
    >>> print(sigmoid(0.0))
    0.5
    """
    with np.errstate(over="ignore", under="ignore"):  # exp(-1000) = 0 is right too
        e = np.exp(np.negative(x))
    return 1.0 / (1.0 + e)


def softplus(x) -> np.ndarray:
    r"""$\log(1 + e^x)$, elementwise, at any input and without warnings.

    Computed as ``np.logaddexp(0, x)``, which factors out the larger of $0$ and $x$:
    about $x$ for large $x$, about $e^x$ for very negative $x$.  Its derivative is
    `sigmoid`.

    Examples
    --------
    >>> print(softplus(np.array([-1000.0, 0.0, 1000.0])).round(4).tolist())
    [0.0, 0.6931, 1000.0]
    """
    return np.logaddexp(0.0, x)
