"""Argument checks that turn bad input into a clear error.

Every public function in `nnbook` checks its inputs with these helpers, so a
reader who passes the wrong thing sees *which argument* was wrong, *what was
expected* and *what was given*, instead of a NumPy traceback from deep inside a
matrix product.

Examples
--------
>>> import numpy as np
>>> as_float_array(np.ones((2, 3)), "x", ndim=2).dtype
dtype('float64')
>>> as_float_array(np.ones(3), "x", ndim=2)
Traceback (most recent call last):
...
ValueError: x must be a 2-D array, got shape (3,)
>>> as_float_array(["a", "b"], "x")
Traceback (most recent call last):
...
TypeError: x must hold numbers, got dtype <U1
"""

from __future__ import annotations

import numpy as np

__all__ = ["as_float_array", "check_one_hot", "check_shape"]


def as_float_array(value, name: str, *, ndim: int | None = None) -> np.ndarray:
    """Convert ``value`` to a float64 array, or raise an error naming ``name``.

    Parameters
    ----------
    value : array_like
        Numbers (bool, int or float).
    name : str
        The argument's name, used in error messages.
    ndim : int, optional
        Required number of dimensions.

    Returns
    -------
    numpy.ndarray
        A float64 array (a copy only when a conversion is needed).

    Raises
    ------
    TypeError
        If ``value`` does not hold numbers.
    ValueError
        If ``value`` has the wrong number of dimensions or holds NaN/inf.

    Examples
    --------
    >>> as_float_array([[1, 2]], "w1").shape
    (1, 2)
    """
    try:
        arr = np.asarray(value)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers ({exc})") from None
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {arr.shape}")
    arr = arr.astype(np.float64, copy=False)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must hold finite numbers, found NaN or inf")
    return arr


def check_shape(arr: np.ndarray, name: str, expected: tuple, why: str = "") -> None:
    """Raise ``ValueError`` unless ``arr.shape`` matches ``expected``.

    ``None`` in ``expected`` matches any length along that axis.

    Examples
    --------
    >>> check_shape(np.zeros((4, 3)), "y", (None, 3))
    >>> check_shape(np.zeros((4, 2)), "y", (4, 3), "one column per class")
    Traceback (most recent call last):
    ...
    ValueError: y must have shape (4, 3) (one column per class), got (4, 2)
    """
    ok = len(arr.shape) == len(expected) and all(
        e is None or e == a for e, a in zip(expected, arr.shape, strict=True)
    )
    if not ok:
        shown = "(" + ", ".join("any" if e is None else str(e) for e in expected)
        shown += ",)" if len(expected) == 1 else ")"
        reason = f" ({why})" if why else ""
        raise ValueError(f"{name} must have shape {shown}{reason}, got {arr.shape}")


def check_one_hot(arr: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` unless every row of ``arr`` is a one-hot vector.

    Examples
    --------
    >>> check_one_hot(np.eye(3), "Y")
    >>> check_one_hot(np.array([[1.0, 1.0, 0.0]]), "Y")
    Traceback (most recent call last):
    ...
    ValueError: Y must be one-hot (each row has a single 1 and zeros elsewhere); row 0 is [1. 1. 0.]
    """
    rows = arr.reshape(-1, arr.shape[-1]) if arr.ndim else arr.reshape(1, 1)
    good = np.all((rows == 0) | (rows == 1), axis=1) & (rows.sum(axis=1) == 1)
    if not np.all(good):
        bad = int(np.argmin(good))
        raise ValueError(
            f"{name} must be one-hot (each row has a single 1 and zeros elsewhere); "
            f"row {bad} is {rows[bad]}"
        )
