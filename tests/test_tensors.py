"""Tests of nnbook.tensors that need NumPy only (TensorFlow is in test_tensors_tf.py)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis.extra import numpy as hnp

from nnbook.plotting import alt_text
from nnbook.tensors import broadcast_shape, check_same, describe, show, show_broadcast, to_numpy

shapes = hnp.array_shapes(min_dims=0, max_dims=5, min_side=0, max_side=5)


# --- broadcast_shape: the rule, against NumPy -------------------------------------------------


@given(shapes, shapes)
def test_broadcast_shape_matches_numpy_on_any_pair_of_shapes(a, b):
    try:
        expected = np.broadcast_shapes(a, b)
    except ValueError:
        with pytest.raises(ValueError, match="do not broadcast"):
            broadcast_shape(a, b)
    else:
        assert broadcast_shape(a, b) == expected


@given(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=5))
def test_broadcast_shape_matches_numpy_on_broadcastable_shapes(shapes_and_result):
    (a, b), result = shapes_and_result
    assert broadcast_shape(a, b) == result == np.broadcast_shapes(a, b)


@given(shapes, shapes)
def test_broadcast_shape_is_symmetric(a, b):
    try:
        ab = broadcast_shape(a, b)
    except ValueError:
        with pytest.raises(ValueError):
            broadcast_shape(b, a)
    else:
        assert broadcast_shape(b, a) == ab


def test_broadcast_error_names_the_conflicting_axis_and_both_shapes():
    with pytest.raises(ValueError) as info:
        broadcast_shape((5, 3, 4), (2, 4), names=("images", "scale"))
    message = str(info.value)
    assert "images with shape (5, 3, 4)" in message
    assert "scale with shape (2, 4)" in message
    assert "axis -2 has length 3 in images and 2 in scale" in message


def test_broadcast_shape_takes_arrays_as_well_as_shapes():
    assert broadcast_shape(np.zeros((3, 1)), np.zeros(4)) == (3, 4)


@pytest.mark.parametrize("bad", ["ab", (2, -1), 3.5])
def test_broadcast_shape_rejects_what_is_not_a_shape(bad):
    with pytest.raises((TypeError, ValueError), match="a"):
        broadcast_shape(bad, (2,))


# --- describe ----------------------------------------------------------------------------------


@given(hnp.arrays(dtype=hnp.scalar_dtypes(), shape=shapes))
def test_describe_reports_rank_shape_dtype_and_size(arr):
    line = describe(arr)
    assert line.startswith(f"np.ndarray: rank {arr.ndim}")
    assert f"shape {arr.shape}" in line
    assert f"dtype {arr.dtype.name}" in line
    assert f"{arr.size} element" in line


def test_describe_names_the_low_ranks():
    assert "(scalar)" in describe(np.float32(1.0))
    assert "(vector)" in describe(np.zeros(3))
    assert "(matrix)" in describe(np.zeros((2, 3)))
    assert "(" not in describe(np.zeros((2, 3, 4))).split(",")[0].split("rank 3")[1]


def test_describe_shows_string_dtypes():
    assert "dtype <U5" in describe(np.array(["hello", "a"]))


def test_importing_nnbook_tensors_does_not_import_tensorflow():
    code = (
        "import sys, numpy as np, nnbook.tensors as t; t.describe(np.zeros(2)); "
        "t.show(np.zeros((2, 2))); print('tensorflow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- check_same --------------------------------------------------------------------------------


def test_check_same_accepts_equal_results_and_says_so():
    x = np.arange(6).reshape(2, 3)
    assert check_same(x, x.copy()) == "agree: shape (2, 3), dtype int64, equal values"


@pytest.mark.parametrize(
    "other, what",
    [
        (np.arange(6).reshape(3, 2), "shape (2, 3) vs (3, 2)"),
        (np.arange(6, dtype=np.int32).reshape(2, 3), "dtype int64 vs int32"),
        (np.arange(1, 7).reshape(2, 3), "values differ"),
    ],
)
def test_check_same_names_what_differs(other, what):
    with pytest.raises(AssertionError, match=what.replace("(", r"\(").replace(")", r"\)")):
        check_same(np.arange(6).reshape(2, 3), other)


def test_check_same_allows_float_rounding_but_not_more():
    x = np.linspace(0, 1, 5, dtype=np.float32)
    check_same(x, x * np.float32(1 + 1e-7))
    with pytest.raises(AssertionError, match="values differ"):
        check_same(x, x + np.float32(1e-3))


def test_check_same_compares_strings_and_bytes_as_text():
    as_bytes = np.array([b"a", b"bc"], dtype=object)  # what TensorFlow's .numpy() gives
    assert "dtype string" in check_same(np.array(["a", "bc"]), as_bytes)
    with pytest.raises(AssertionError):
        check_same(np.array(["a", "bc"]), np.array([b"a", b"b"], dtype=object))


def test_check_same_compares_plain_values_with_equality():
    assert check_same((2, (2, 3)), (2, (2, 3))) == "agree: (2, (2, 3))"
    with pytest.raises(AssertionError):
        check_same((2, (2, 3)), (2, (3, 2)))


def test_to_numpy_passes_arrays_through():
    x = np.ones(3)
    assert to_numpy(x) is x


# --- show --------------------------------------------------------------------------------------


def _written_values(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_show_writes_every_value_of_a_matrix_in_row_major_order():
    x = np.array([[1, 2, 3], [4, 5, 6]])
    fig = show(x)
    assert _written_values(fig) == [str(v) for v in x.ravel()]
    assert fig.axes[-1].get_ylabel() == "value"  # the colour bar
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0)


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_show_draws_one_panel_per_slice_of_a_rank_3_tensor(axis):
    x = np.arange(2 * 3 * 4).reshape(2, 3, 4)
    fig = show(x, axis=axis)
    panels = fig.axes[:-1]
    assert len(panels) == x.shape[axis]
    for i, ax in enumerate(panels):
        image = ax.images[0].get_array()
        assert np.array_equal(image, np.take(x, i, axis=axis))
    assert panels[1].get_title() == "t[" + ", ".join([":"] * (axis % 3) + ["1"]) + "]"


def test_show_uses_one_colour_scale_for_all_slices():
    fig = show(np.arange(8.0).reshape(2, 2, 2))
    limits = {ax.images[0].get_clim() for ax in fig.axes[:-1]}
    assert limits == {(0.0, 7.0)}


@pytest.mark.parametrize("t, shape", [(np.array(3.0), (1, 1)), (np.arange(4), (1, 4))])
def test_show_draws_scalars_and_vectors_as_one_row(t, shape):
    assert show(t).axes[0].images[0].get_array().shape == shape


def test_show_leaves_large_slices_unannotated_unless_asked():
    assert _written_values(show(np.zeros((10, 10)))) == []
    assert len(_written_values(show(np.zeros((10, 10)), annotate=True))) == 100


def test_show_does_not_change_global_matplotlib_settings():
    import matplotlib

    with matplotlib.rc_context({"axes.grid": False, "svg.hashsalt": None}):
        show(np.zeros((2, 2)))
        assert matplotlib.rcParams["axes.grid"] is False
        assert matplotlib.rcParams["svg.hashsalt"] is None


def test_show_rejects_rank_above_3_naming_the_shape():
    with pytest.raises(ValueError, match=r"t has rank 4 \(shape \(1, 2, 3, 4\)\)"):
        show(np.zeros((1, 2, 3, 4)))


def test_show_rejects_too_many_slices_and_empty_and_text():
    with pytest.raises(ValueError, match="13 slices along axis 0"):
        show(np.zeros((13, 2, 2)))
    with pytest.raises(ValueError, match="empty"):
        show(np.zeros((0, 3)))
    with pytest.raises(TypeError, match="dtype <U1"):
        show(np.array(["a", "b"]))


# --- show_broadcast ----------------------------------------------------------------------------


def test_show_broadcast_marks_padded_and_stretched_axes():
    fig = show_broadcast((8, 1, 6, 1), (7, 1, 5))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "1→8" in texts  # b's missing leading axis
    assert texts.count("1→7") == 1 and texts.count("1→6") == 1 and texts.count("1→5") == 1
    assert "result (8, 7, 6, 5)" in texts
    dashed = [p for p in fig.axes[0].patches if p.get_linestyle() == "--"]
    assert len(dashed) == 1


def test_show_broadcast_refuses_incompatible_shapes_with_the_reason():
    with pytest.raises(ValueError, match=r"x with shape \(2, 3\) and w with shape \(2,\)"):
        show_broadcast((2, 3), (2,), names=("x", "w"))


def test_figures_carry_alt_text_that_names_the_shapes():
    assert "shape (2, 3)" in alt_text(show(np.zeros((2, 3))))
    assert "t[0] to t[2]" in alt_text(show(np.zeros((3, 2, 2))))
    text = alt_text(show_broadcast((3, 1), (4,), names=("column", "row")))
    assert "row is padded on the left with 1 axis of length 1" in text
    assert "column is stretched along axis -1 from 1 to 4" in text
    assert text.endswith("the result has shape (3, 4).")
