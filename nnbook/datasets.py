"""Data for the book's experiments.  Nothing here downloads anything.

* `letters` -- the 5 x 6 pixel letters A, B and C of Lecture 01.
* `breast_cancer` and `digits` -- scikit-learn's bundled data sets
  (read from files installed with scikit-learn), split and standardised with a seed.

Examples
--------
>>> x, Y, names = letters()
>>> x.shape, Y.shape, names
((3, 30), (3, 3), 'ABC')
"""

from __future__ import annotations

import numpy as np

from .validation import check_int, check_real

__all__ = ["LETTER_SHAPE", "breast_cancer", "digits", "letters"]

#: Rows and columns of a letter bitmap.
LETTER_SHAPE = (5, 6)

# Clean letters, one string per row ("#" = ink).  Compare _SOURCE_LETTERS below.
_CLEAN_LETTERS = {
    "A": ("..##..", ".#..#.", "######", "#....#", "#....#"),
    "B": (".####.", ".#..#.", ".####.", ".#..#.", ".####."),
    "C": (".####.", ".#....", ".#....", ".#....", ".####."),
}

# The bitmaps exactly as printed in the source lecture.  Each carries one pixel that
# a clean letter would not have: A in row 1, B in row 4, C in row 3.
_SOURCE_LETTERS = {
    "A": ("..##.#", ".#..#.", "######", "#....#", "#....#"),
    "B": (".####.", ".#..#.", ".####.", "##..#.", ".####."),
    "C": (".####.", ".#....", "##....", ".#....", ".####."),
}


def _bitmap(rows) -> np.ndarray:
    return np.array([[c == "#" for c in row] for row in rows], dtype=np.float64).ravel()


def letters(variant: str = "clean"):
    """The letters A, B, C as flattened 5 x 6 bitmaps with one-hot labels.

    Parameters
    ----------
    variant : {"clean", "source"}
        ``"clean"`` draws well-formed letters; ``"source"`` reproduces the source
        lecture's bitmaps, stray pixels included.

    Returns
    -------
    x : numpy.ndarray, shape (3, 30)
        One letter per row, pixels row by row (1 = ink).
    Y : numpy.ndarray, shape (3, 3)
        One-hot labels: row ``i`` has its 1 in column ``i``.
    names : str
        ``"ABC"``: ``names[i]`` is the letter of class ``i``.

    Examples
    --------
    >>> x, Y, names = letters()
    >>> print(x[0].reshape(LETTER_SHAPE).astype(int))
    [[0 0 1 1 0 0]
     [0 1 0 0 1 0]
     [1 1 1 1 1 1]
     [1 0 0 0 0 1]
     [1 0 0 0 0 1]]
    >>> xs, _, _ = letters("source")
    >>> int(np.abs(xs - x).sum())  # one stray pixel per letter
    3
    """
    table = {"clean": _CLEAN_LETTERS, "source": _SOURCE_LETTERS}
    if variant not in table:
        raise ValueError(f"variant must be 'clean' or 'source', got {variant!r}")
    names = "ABC"
    x = np.stack([_bitmap(table[variant][c]) for c in names])
    return x, np.eye(len(names)), names


def _check_split(test_size, seed, flag_name, flag) -> None:
    """Refuse a test share outside (0, 1), a seed that is not an integer >= 0, a non-bool flag."""
    if check_real(test_size, "test_size", low=0, low_open=True) >= 1:
        raise ValueError(f"test_size must be a share of the examples, in (0, 1), got {test_size}")
    check_int(seed, "seed", low=0)
    if not isinstance(flag, (bool, np.bool_)):
        raise TypeError(f"{flag_name} must be True or False, got {flag!r}")


def _split_standardise(X, y, test_size, seed, standardize):
    from sklearn.model_selection import train_test_split

    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=seed, stratify=y
    )
    if standardize:  # statistics of the training set only: the test set stays unseen
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        std[std == 0] = 1.0
        X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    return X_train, X_test, y_train, y_test


def breast_cancer(test_size: float = 0.25, seed: int = 0, standardize: bool = True):
    """Wisconsin diagnostic breast-cancer data: 569 tumours, 30 features, 2 classes.

    Returns ``X_train, X_test, y_train, y_test`` from a stratified split; ``y`` is 1
    for benign and 0 for malignant (scikit-learn's coding).  With ``standardize``,
    each feature is centred and scaled with the training set's mean and standard
    deviation.

    ``test_size`` must lie in (0, 1) and ``seed`` be an integer >= 0; a ``TypeError``
    or ``ValueError`` naming the argument is raised otherwise.

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = breast_cancer(seed=0)
    >>> X_train.shape, X_test.shape, sorted(set(y_train.tolist()))
    ((426, 30), (143, 30), [0, 1])
    """
    _check_split(test_size, seed, "standardize", standardize)
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    return _split_standardise(data.data, data.target, test_size, seed, standardize)


def digits(test_size: float = 0.25, seed: int = 0, scale: bool = True):
    """Handwritten digits: 1797 images of 8 x 8 pixels, 10 classes.

    Returns ``X_train, X_test, y_train, y_test``; ``X`` has one flattened image per
    row.  With ``scale`` the pixel values (0 to 16) are divided by 16 to lie in
    [0, 1]; use ``X.reshape(-1, 8, 8)`` for images.  The arguments are checked as
    in `breast_cancer`.

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = digits(seed=0)
    >>> X_train.shape, float(X_train.max()), len(set(y_train.tolist()))
    ((1347, 64), 1.0, 10)
    """
    _check_split(test_size, seed, "scale", scale)
    from sklearn.datasets import load_digits

    data = load_digits()
    X = data.data / 16.0 if scale else data.data
    return _split_standardise(X, data.target, test_size, seed, standardize=False)
