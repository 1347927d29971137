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

__all__ = [
    "as_float_array",
    "as_rng",
    "check_int",
    "check_labels",
    "check_nonempty",
    "check_one_hot",
    "check_real",
    "check_shape",
]


def _describe(value) -> str:
    """A short description of ``value`` for an error message: its type and, if small, its value."""
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"


def as_float_array(
    value, name: str, *, ndim: int | None = None, nonempty: bool = False
) -> np.ndarray:
    """Convert ``value`` to a float64 array, or raise an error naming ``name``.

    Parameters
    ----------
    value : array_like
        Numbers (bool, int or float).
    name : str
        The argument's name, used in error messages.
    ndim : int, optional
        Required number of dimensions.
    nonempty : bool, default False
        Refuse an array with no elements (for instance a batch a mean is taken over).

    Returns
    -------
    numpy.ndarray
        A float64 array (a copy only when a conversion is needed).

    Raises
    ------
    TypeError
        If ``value`` does not hold numbers.
    ValueError
        If ``value`` has the wrong number of dimensions, holds NaN/inf, or is empty
        when ``nonempty`` is set.

    Examples
    --------
    >>> as_float_array([[1, 2]], "w1").shape
    (1, 2)
    """
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers, got {_describe(value)}")
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
    if nonempty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
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


def check_real(
    value,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
) -> float:
    """Return ``value`` as a finite Python float, or raise an error naming ``name``.

    Parameters
    ----------
    value : int or float
        A real number (bool, strings, None and complex numbers are refused).
    name : str
        The argument's name, used in error messages.
    low, high : float, optional
        Bounds; ``low`` is excluded when ``low_open`` is true, ``high`` is always included.

    Examples
    --------
    >>> check_real(3, "alpha", low=0, low_open=True)
    3.0
    >>> check_real("0.5", "alpha")
    Traceback (most recent call last):
    ...
    TypeError: alpha must be a real number, got str '0.5'
    >>> check_real(float("nan"), "alpha")
    Traceback (most recent call last):
    ...
    ValueError: alpha must be finite, got nan
    >>> check_real(0.0, "alpha", low=0, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: alpha must be > 0, got 0.0
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
            value = value.item()
        else:
            raise TypeError(f"{name} must be a real number, got {_describe(value)}")
    x = float(value)
    if not np.isfinite(x):
        raise ValueError(f"{name} must be finite, got {x}")
    if low is not None and (x <= low if low_open else x < low):
        raise ValueError(f"{name} must be {'>' if low_open else '>='} {low}, got {x}")
    if high is not None and x > high:
        raise ValueError(f"{name} must be <= {high}, got {x}")
    return x


def check_int(value, name: str, *, low: int | None = 1, high: int | None = None) -> int:
    """Return ``value`` as a Python int, or raise an error naming ``name``.

    By default the integer must be positive (``low=1``), as sizes and counts are.
    Floats are refused even when whole (``2.0``), because a float size is usually a
    mistake elsewhere (``n / 2`` instead of ``n // 2``).

    Examples
    --------
    >>> check_int(3, "n_hidden")
    3
    >>> check_int(2.5, "n_hidden")
    Traceback (most recent call last):
    ...
    TypeError: n_hidden must be an integer, got float 2.5
    >>> check_int(0, "epochs")
    Traceback (most recent call last):
    ...
    ValueError: epochs must be an integer >= 1, got 0
    >>> check_int(-1, "axis", low=None)
    -1
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {_describe(value)}")
    n = int(value)
    if (low is not None and n < low) or (high is not None and n > high):
        if high is None:
            expected = f">= {low}"
        elif low is None:
            expected = f"<= {high}"
        else:
            expected = f"in [{low}, {high}]"
        raise ValueError(f"{name} must be an integer {expected}, got {n}")
    return n


def check_nonempty(arr: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``arr`` has no elements (a mean over it would be NaN).

    Examples
    --------
    >>> check_nonempty(np.zeros((0, 3)), "X")
    Traceback (most recent call last):
    ...
    ValueError: X must not be empty, got shape (0, 3)
    """
    if np.size(arr) == 0:
        raise ValueError(f"{name} must not be empty, got shape {np.shape(arr)}")


def check_labels(value, name: str, n_classes: int | None = None) -> np.ndarray:
    """Return integer class labels as an int array, or raise an error naming ``name``.

    Labels must be a 1-D array of whole numbers in ``[0, n_classes)``. A 2-D array
    (one-hot targets given where labels are expected) is refused with a hint.

    Examples
    --------
    >>> check_labels([0, 2, 1], "y", 3)
    array([0, 2, 1])
    >>> check_labels(np.eye(3), "y", 3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: y must be a 1-D array of class labels, got shape (3, 3) (one-hot rows? ...)
    >>> check_labels([0, 3], "y", 3)
    Traceback (most recent call last):
    ...
    ValueError: y must hold labels in [0, 3), found 3
    """
    arr = as_float_array(value, name)
    if arr.ndim != 1:
        hint = " (one-hot rows? pass y.argmax(axis=1))" if arr.ndim == 2 else ""
        raise ValueError(f"{name} must be a 1-D array of class labels, got shape {arr.shape}{hint}")
    if np.any(arr != np.round(arr)):
        raise ValueError(
            f"{name} must hold whole-number class labels, found {arr[arr != np.round(arr)][0]}"
        )
    labels = arr.astype(int)
    if labels.size and (labels.min() < 0 or (n_classes is not None and labels.max() >= n_classes)):
        bad = labels[(labels < 0) | ((labels >= n_classes) if n_classes is not None else False)][0]
        upper = n_classes if n_classes is not None else "inf"
        raise ValueError(f"{name} must hold labels in [0, {upper}), found {bad}")
    return labels


def as_rng(seed, name: str = "seed") -> np.random.Generator:
    """A NumPy random generator from ``seed``, or an error naming ``name``.

    ``seed`` may be a `numpy.random.Generator` (used as it is, so a caller can share one
    stream), a non-negative integer (the same integer gives the same numbers), or ``None``
    (fresh, unpredictable numbers: avoid it on a page, which must build the same way twice).

    Examples
    --------
    >>> as_rng(0).integers(10, size=3).tolist() == as_rng(0).integers(10, size=3).tolist()
    True
    >>> g = np.random.default_rng(1)
    >>> as_rng(g) is g
    True
    >>> as_rng(2.5, "rng")
    Traceback (most recent call last):
    ...
    TypeError: rng must be None, an integer >= 0 or a numpy.random.Generator, got float 2.5
    """
    if seed is None or isinstance(seed, np.random.Generator):
        return np.random.default_rng(seed)
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise TypeError(
            f"{name} must be None, an integer >= 0 or a numpy.random.Generator, "
            f"got {_describe(seed)}"
        )
    return np.random.default_rng(check_int(seed, name, low=0))
