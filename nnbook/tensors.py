"""Look at tensors: describe them, draw them, and explain broadcasting.

The tensors chapter (``docs/tensors/``) teaches every operation twice, once in
NumPy and once in TensorFlow.  This module holds the small tools that chapter
and the later ones use to *look* at the results:

* `describe` -- rank, shape, dtype and size in one line, for NumPy arrays
  and TensorFlow tensors alike;
* `check_same` -- do a NumPy result and a TensorFlow result agree in
  shape, dtype and values?  (The chapter calls it after each pair of cells.)
* `show` -- a heat map of a rank-0, 1 or 2 tensor with its values written
  in, or a row of such maps, one per slice, for a rank-3 tensor;
* `broadcast_shape` and `show_broadcast` -- NumPy's broadcasting
  rule as a pure function and as a figure.

Nothing here imports TensorFlow: a TensorFlow tensor is recognised by the module
its type comes from, and converted with its own ``.numpy()`` method.  So
``import nnbook.tensors`` stays fast, and works where TensorFlow is not installed.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from nnbook.plotting import BOOK_STYLE, with_alt
from nnbook.validation import check_int

__all__ = [
    "broadcast_shape",
    "check_same",
    "describe",
    "import_tensorflow_quietly",
    "show",
    "show_broadcast",
    "to_numpy",
]

_RANK_NAMES = {0: "scalar", 1: "vector", 2: "matrix"}


def _is_tensorflow(t) -> bool:
    """True for TensorFlow tensors and variables, found without importing TensorFlow."""
    return type(t).__module__.startswith(("tensorflow.", "keras.")) and hasattr(t, "numpy")


def import_tensorflow_quietly():
    """``import tensorflow as tf`` without TensorFlow's start-up log, and return ``tf``.

    On import and on its first operation TensorFlow's C++ core writes lines about
    CPU instructions and missing GPU drivers straight to file descriptor 2, where a
    notebook shows them as red output.  This sends that descriptor to
    ``os.devnull`` while TensorFlow starts, and sets ``TF_CPP_MIN_LOG_LEVEL=3``
    (unless it is already set) so that later operations do not log either (some
    ``int64`` kernels report, at "error" level, that they fall back to another
    implementation).  Errors still raise Python exceptions with their messages,
    and Python warnings are still shown.
    """
    import os
    import sys

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.stderr.flush()
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        import tensorflow as tf

        tf.constant(0) + 1  # the first operation logs too
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
    return tf


def to_numpy(t) -> np.ndarray:
    """Return ``t`` as a NumPy array: TensorFlow tensors via ``t.numpy()``.

    TensorFlow string tensors become arrays of ``bytes``, as ``t.numpy()`` gives them.

    Examples
    --------
    >>> to_numpy([[1, 2], [3, 4]]).shape
    (2, 2)
    """
    if _is_tensorflow(t):
        return np.asarray(t.numpy())
    return np.asarray(t)


def _dtype_name(t) -> str:
    if _is_tensorflow(t):
        return t.dtype.name  # 'int32', 'float32', 'string', ...
    dtype = np.asarray(t).dtype
    return dtype.name if dtype.kind not in "USO" else str(dtype)


def describe(t) -> str:
    """One readable line: what ``t`` is, its rank, shape, dtype and number of elements.

    Parameters
    ----------
    t : numpy.ndarray, tf.Tensor, tf.Variable or array_like
        Anything else (a list, a number) is described as the NumPy array it becomes.

    Returns
    -------
    str

    Examples
    --------
    >>> describe(np.zeros((2, 3), dtype=np.float32))
    'np.ndarray: rank 2 (matrix), shape (2, 3), dtype float32, 6 elements'
    >>> describe(np.array("tensor"))
    'np.ndarray: rank 0 (scalar), shape (), dtype <U6, 1 element'
    >>> describe([1, 2, 3])
    'list as np.ndarray: rank 1 (vector), shape (3,), dtype int64, 3 elements'
    """
    if _is_tensorflow(t):
        kind = "tf.Variable" if hasattr(t, "assign") else "tf.Tensor"
        shape = tuple(t.shape)
    elif isinstance(t, np.ndarray):
        kind, shape = "np.ndarray", t.shape
    else:
        kind, shape = f"{type(t).__name__} as np.ndarray", np.asarray(t).shape
    rank = len(shape)
    name = f" ({_RANK_NAMES[rank]})" if rank in _RANK_NAMES else ""
    size = int(np.prod(shape, dtype=np.int64))
    plural = "" if size == 1 else "s"
    return (
        f"{kind}: rank {rank}{name}, shape {shape}, dtype {_dtype_name(t)}, {size} element{plural}"
    )


def _is_text(arr: np.ndarray) -> bool:
    return arr.dtype.kind in "US" or (
        arr.dtype == object and arr.size > 0 and isinstance(arr.flat[0], (bytes, str))
    )


def _decoded(arr: np.ndarray) -> np.ndarray:
    """Strings as ``str`` (TensorFlow gives bytes, NumPy gives str)."""
    return np.vectorize(lambda s: s.decode() if isinstance(s, bytes) else str(s), otypes=[object])(
        arr
    )


def check_same(numpy_value, tf_value) -> str:
    """Check that two results agree in shape, dtype and values; say so, or raise.

    Integers, booleans and strings must be equal; floating-point values may differ
    by rounding (relative tolerance ``1e-6`` for float32 and ``1e-12`` for
    float64): two libraries need not add numbers in the same order.  Strings count
    as the same dtype although NumPy stores ``str`` and TensorFlow ``bytes``.

    Parameters
    ----------
    numpy_value, tf_value : array_like, tf.Tensor or plain Python value
        Plain Python values without a shape (tuples of shapes, dtype names, ...)
        are compared with ``==``.

    Returns
    -------
    str
        A line such as ``'agree: shape (2, 3), dtype int64, equal values'``.

    Raises
    ------
    AssertionError
        Naming every property that differs.

    Examples
    --------
    >>> check_same(np.arange(6).reshape(2, 3), np.arange(6).reshape(2, 3))
    'agree: shape (2, 3), dtype int64, equal values'
    >>> check_same(np.arange(3), np.arange(3, dtype=np.int32))
    Traceback (most recent call last):
    ...
    AssertionError: the results differ: dtype int64 vs int32
    """
    plain = [
        not hasattr(v, "shape") and not isinstance(v, (list, int, float, bool, str))
        for v in (numpy_value, tf_value)
    ]
    if all(plain):
        if numpy_value != tf_value:
            raise AssertionError(f"the results differ: {numpy_value!r} vs {tf_value!r}")
        return f"agree: {numpy_value!r}"
    a, b = to_numpy(numpy_value), to_numpy(tf_value)
    problems = []
    if a.shape != b.shape:
        problems.append(f"shape {a.shape} vs {b.shape}")
    text = _is_text(a) and _is_text(b)
    if text:
        dtype = "string"
    elif a.dtype != b.dtype:
        problems.append(f"dtype {a.dtype} vs {b.dtype}")
    else:
        dtype = a.dtype.name
    if not problems:
        if text:
            same = np.array_equal(_decoded(a), _decoded(b))
        elif a.dtype.kind in "fc":
            rtol = 1e-6 if a.dtype.itemsize <= 4 else 1e-12
            same = np.allclose(a, b, rtol=rtol, atol=0.0, equal_nan=True)
        else:
            same = np.array_equal(a, b)
        if not same:
            problems.append(f"values differ: {a!r} vs {b!r}")
    if problems:
        raise AssertionError("the results differ: " + "; ".join(problems))
    return f"agree: shape {a.shape}, dtype {dtype}, equal values"


def _pair(value, name) -> tuple:
    """A shape given as a tuple of ints, or taken from an array's ``.shape``.

    Each length must be an integer >= 0: ``(2.7,)``, ``(True,)`` and the string
    ``"23"`` are refused rather than rounded or read digit by digit.
    """
    shape = value.shape if hasattr(value, "shape") else value
    if isinstance(shape, (str, bytes)) or not hasattr(shape, "__iter__"):
        raise TypeError(f"{name} must be a shape (a tuple of ints) or an array, got {value!r}")
    return tuple(check_int(n, f"{name}[{i}]", low=0) for i, n in enumerate(shape))


def _check_names(names) -> None:
    pair = isinstance(names, (tuple, list)) and len(names) == 2
    if not (pair and all(isinstance(n, str) for n in names)):
        raise TypeError(f"names must be a pair of strings, got {names!r}")


def broadcast_shape(a, b, names=("a", "b")) -> tuple:
    """The shape of ``a op b`` under NumPy's (and TensorFlow's) broadcasting rule.

    Line the two shapes up on the right and pad the shorter one with 1s on the
    left.  Then, axis by axis, the two lengths must be equal, or one of them must
    be 1; the result has the larger length.  A length-1 axis is *stretched*: its
    single entry is reused along that axis.

    Parameters
    ----------
    a, b : tuple of int or array
        Two shapes, or arrays/tensors whose ``.shape`` is used.
    names : pair of str
        What to call ``a`` and ``b`` in an error message.

    Returns
    -------
    tuple of int

    Raises
    ------
    ValueError
        If some axis has two different lengths, neither of them 1 (the message
        names that axis and both shapes), or a length is negative.
    TypeError
        If a shape is not a sequence of integers (a string, a float length), or
        ``names`` is not a pair of strings.

    Examples
    --------
    >>> broadcast_shape((2, 2), (2,))
    (2, 2)
    >>> broadcast_shape((8, 1, 6, 1), (7, 1, 5))
    (8, 7, 6, 5)
    >>> broadcast_shape((2, 3), (4,), names=("x", "bias"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: x with shape (2, 3) and bias with shape (4,) do not broadcast: axis -1 ...
    >>> broadcast_shape((2.7,), (2,))
    Traceback (most recent call last):
    ...
    TypeError: a[0] must be an integer, got float 2.7
    """
    _check_names(names)
    sa, sb = _pair(a, names[0]), _pair(b, names[1])
    n = max(len(sa), len(sb))
    pa, pb = (1,) * (n - len(sa)) + sa, (1,) * (n - len(sb)) + sb
    result = []
    for axis, (la, lb) in enumerate(zip(pa, pb, strict=True)):
        if la != lb and 1 not in (la, lb):
            raise ValueError(
                f"{names[0]} with shape {sa} and {names[1]} with shape {sb} do not broadcast: "
                f"axis {axis - n} has length {la} in {names[0]} and {lb} in {names[1]} "
                "(lengths must be equal, or one of them 1)"
            )
        result.append(lb if la == 1 else la)
    return tuple(result)


def _format_values(arr: np.ndarray, fmt: str | None) -> str:
    if fmt is not None:
        return fmt
    if arr.dtype.kind in "biu":
        return "{:d}"
    return "{:.2g}"


@plt.rc_context(BOOK_STYLE)  # draw in the book's style, leave global settings alone
def show(
    t,
    title: str | None = None,
    axis: int = 0,
    annotate: bool | None = None,
    fmt: str | None = None,
    cmap: str = "viridis",
):
    """Draw a tensor as a heat map with its values written in, and a colour bar.

    Rank 0 is drawn as one cell, rank 1 as one row, rank 2 as a matrix (axis 0
    down, axis 1 across).  A rank-3 tensor is cut along ``axis`` into matrices
    drawn side by side on one colour scale (at most 12 slices).

    Parameters
    ----------
    t : array_like or tf.Tensor
        Numbers (or booleans) of rank 0 to 3.
    title : str, optional
        Figure title; by default the tensor's shape and dtype.
    axis : int
        For rank 3: the axis to slice along (0, 1, 2 or negative).
    annotate : bool, optional
        Write each value in its cell; by default only when a slice has at most 64 cells.
    fmt : str, optional
        Format of the written values, e.g. ``"{:.1f}"``; by default integers in
        full and other numbers with 2 significant digits.
    cmap : str
        Matplotlib colour map.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``t`` has rank above 3, is empty, holds NaN or infinity, or has more than
        12 slices along ``axis``; or if ``axis`` is not in -3..2.
    TypeError
        If ``t`` does not hold real numbers, ``axis`` is not an integer or ``fmt``
        not a string.

    Examples
    --------
    >>> fig = show(np.arange(6).reshape(2, 3))
    >>> [text.get_text() for text in fig.axes[0].texts]
    ['0', '1', '2', '3', '4', '5']
    >>> len(show(np.zeros((3, 2, 2))).axes)  # three slices and a colour bar
    4
    >>> show(np.zeros((2, 2, 2, 2)))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: t has rank 4 (shape (2, 2, 2, 2)); show draws ranks 0 to 3: ...
    """
    arr = to_numpy(t)
    if arr.dtype == bool:
        arr = arr.astype(np.int64)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"t must hold real numbers to be drawn, got dtype {_dtype_name(t)}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("t must hold finite numbers to be drawn, found NaN or inf")
    axis = check_int(axis, "axis", low=-3, high=2)
    if fmt is not None and not isinstance(fmt, str):
        raise TypeError(f"fmt must be a format string such as '{{:.1f}}', got {fmt!r}")
    if arr.ndim > 3:
        raise ValueError(
            f"t has rank {arr.ndim} (shape {arr.shape}); show draws ranks 0 to 3: "
            "index or reshape it first, e.g. t[0]"
        )
    if arr.size == 0:
        raise ValueError(f"t is empty (shape {arr.shape}): there is nothing to draw")
    if arr.ndim == 3:
        axis %= 3
        if arr.shape[axis] > 12:
            raise ValueError(
                f"t has {arr.shape[axis]} slices along axis {axis} (shape "
                f"{arr.shape}); show draws at most 12: pass fewer, e.g. t[:12]"
            )
        panels = [np.take(arr, i, axis=axis) for i in range(arr.shape[axis])]
        labels = ["t[" + ", ".join([":"] * axis + [str(i)]) + "]" for i in range(len(panels))]
        rest = [k for k in range(3) if k != axis]
    else:
        panels = [arr.reshape((1,) * (2 - arr.ndim) + arr.shape)]
        labels = [None]
        rest = [0, 1] if arr.ndim == 2 else [None, 0]
    rows, cols = panels[0].shape
    if annotate is None:
        annotate = rows * cols <= 64
    vmin, vmax = float(arr.min()), float(arr.max())
    if vmin == vmax:
        vmin, vmax = vmin - 0.5, vmax + 0.5
    fmt = _format_values(arr, fmt)

    # inches per cell: readable values, but the whole figure at most 11 x 6 inches
    cell = min(0.45 if annotate else 0.3, (11.0 - 1.2) / len(panels) / (cols + 1), 4.9 / rows)
    width = len(panels) * (cols + 1) * cell + 1.2
    height = rows * cell + 1.1
    fig, axes = plt.subplots(
        1,
        len(panels),
        figsize=(max(width, 2.6), max(height, 1.6)),
        squeeze=False,
        layout="constrained",
    )
    norm = plt.Normalize(vmin, vmax)
    colormap = plt.get_cmap(cmap)
    for ax, panel, label in zip(axes[0], panels, labels, strict=True):
        image = ax.imshow(panel, cmap=colormap, norm=norm, interpolation="nearest")
        ax.grid(False)
        ax.set_xticks(range(cols))
        ax.set_yticks(range(rows))
        ax.tick_params(length=0, labelsize=8)
        if rest[1] is not None and len(panels) == 1:
            ax.set_xlabel(f"axis {rest[1]}")
        if rest[0] is not None and len(panels) == 1:
            ax.set_ylabel(f"axis {rest[0]}")
        if label:
            ax.set_title(label, fontsize=9)
        if annotate:
            for (i, j), value in np.ndenumerate(panel):
                dark = norm(value) < 0.5  # viridis is dark at the low end
                ax.text(
                    j,
                    i,
                    fmt.format(value.item()),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if dark and cmap == "viridis" else "black",
                )
    if len(panels) > 1:
        fig.supxlabel(f"axis {rest[1]}", fontsize=9)
        fig.supylabel(f"axis {rest[0]}", fontsize=9)
    fig.colorbar(image, ax=list(axes[0]), shrink=0.9, label="value")
    fig.suptitle(
        title if title is not None else f"shape {arr.shape}, dtype {_dtype_name(t)}", fontsize=10
    )
    low, high = fmt.format(arr.min().item()), fmt.format(arr.max().item())
    if len(panels) == 1:
        what = f"Heat map of a tensor of shape {arr.shape}, dtype {_dtype_name(t)}"
    else:
        what = (
            f"{len(panels)} heat maps side by side, the slices {labels[0]} to {labels[-1]} "
            f"of a tensor of shape {arr.shape}, dtype {_dtype_name(t)}, on one colour scale"
        )
    written = ", each written in its cell" if annotate else ""
    with_alt(fig, f"{what}; values from {low} to {high}{written}.")
    plt.close(fig)
    return fig


@plt.rc_context(BOOK_STYLE)
def show_broadcast(a, b, names=("a", "b")):
    """Draw how two shapes line up under broadcasting, and the shape of the result.

    One row of boxes per operand and one for the result, aligned on the right.
    Dashed grey boxes are the 1s padded on the left; orange boxes are length-1
    axes stretched to the other operand's length.

    Parameters
    ----------
    a, b : tuple of int or array
        Two shapes, or arrays/tensors whose ``.shape`` is used.
    names : pair of str
        Labels of the two operands.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the shapes do not broadcast (the message names the axis and shapes).

    Examples
    --------
    >>> fig = show_broadcast((2, 2), (2,))
    >>> fig.axes[0].get_title()
    'a (2, 2) and b (2,) broadcast to (2, 2)'
    >>> show_broadcast((3,), (4,))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: a with shape (3,) and b with shape (4,) do not broadcast: axis -1 has length 3 ...
    """
    result = broadcast_shape(a, b, names)  # checks a, b and names
    sa, sb = _pair(a, names[0]), _pair(b, names[1])
    n = len(result)
    fig, ax = plt.subplots(figsize=(2.0 + 0.8 * n, 2.6))
    colours = {"kept": "#d6e4f5", "padded": "white", "stretched": "#fcd9b0", "result": "#c9e7b5"}
    rows = [(f"{names[0]} {sa}", sa), (f"{names[1]} {sb}", sb), (f"result {result}", result)]
    for r, (label, shape) in enumerate(rows):
        y = 2 - r
        ax.text(
            -0.2,
            y + 0.4,
            label,
            ha="right",
            va="center",
            fontsize=9,
            fontweight="bold" if r == 2 else "normal",
        )
        padded = (None,) * (n - len(shape)) + tuple(shape)
        for k, length in enumerate(padded):
            if r == 2:
                kind, text = "result", str(length)
            elif length is None:
                kind, text = "padded", "1"
            elif length == 1 and result[k] != 1:
                kind, text = "stretched", f"1→{result[k]}"
            else:
                kind, text = "kept", str(length)
            if length is None and result[k] != 1:
                text = f"1→{result[k]}"
            ax.add_patch(
                Rectangle(
                    (k, y),
                    0.9,
                    0.8,
                    facecolor=colours[kind],
                    edgecolor="#888a85" if kind == "padded" else "#2e3436",
                    linestyle="--" if kind == "padded" else "-",
                )
            )
            ax.text(k + 0.45, y + 0.4, text, ha="center", va="center", fontsize=9)
    for k in range(n):
        ax.text(
            k + 0.45, 3.05, f"axis {k - n}", ha="center", va="bottom", fontsize=8, color="#555753"
        )
    ax.text(
        -1.7,
        -0.2,
        "dashed: a 1 padded on the left\norange: a length-1 axis stretched",
        ha="left",
        va="top",
        fontsize=8,
        color="#555753",
    )
    ax.set_xlim(-0.1 - 1.6, n + 0.1)
    ax.set_ylim(-1.0, 3.4)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"{names[0]} {sa} and {names[1]} {sb} broadcast to {result}", fontsize=10)
    steps = []
    for name, shape in zip(names, (sa, sb), strict=True):
        if len(shape) < n:
            k = n - len(shape)
            steps.append(
                f"{name} is padded on the left with {k} axis{'es' if k > 1 else ''} of length 1"
            )
        padded = (1,) * (n - len(shape)) + shape
        grown = [
            f"axis {k - n} from 1 to {result[k]}"
            for k in range(n)
            if padded[k] == 1 and result[k] != 1
        ]
        if grown:
            steps.append(f"{name} is stretched along " + ", ".join(grown))
    how = "; ".join(steps) if steps else "the shapes are already equal"
    with_alt(
        fig,
        f"The shapes of {names[0]} {sa} and {names[1]} {sb} lined up on the right: "
        f"{how}; the result has shape {result}.",
    )
    plt.close(fig)
    return fig
