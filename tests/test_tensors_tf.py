"""NumPy and TensorFlow agree on every operation the tensors chapter shows.

Two kinds of test:

* **The page's own code.**  Each lesson in ``docs/tensors/`` shows an operation as a
  pair of cells tagged ``NumPy`` and ``TensorFlow``.  ``test_page_pair`` runs the page
  from top to bottom, as the site build does, and checks that the last expression of
  the two cells of every pair agree in shape, dtype and values.
* **The same operations on many shapes.**  Hypothesis draws shapes and data, and each
  test calls the NumPy function and the TensorFlow function the page uses.

TensorFlow is imported here only (through ``import_tensorflow_quietly``).
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnbook.tensors import check_same, describe, import_tensorflow_quietly, show, to_numpy

pytest.importorskip("tensorflow")
tf = import_tensorflow_quietly()

PAGES = sorted((Path(__file__).resolve().parent.parent / "docs" / "tensors").glob("*.py"))
some = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- the pages' pairs of cells ---------------------------------------------------------------


def _cells(page: Path):
    import jupytext

    return [c for c in jupytext.read(page).cells if c.cell_type == "code"]


def _pairs(page: Path) -> list[tuple[int, int]]:
    """Indices (among code cells) of each (numpy, tensorflow) pair, checking the layout."""
    cells, pairs = _cells(page), []
    for i, cell in enumerate(cells):
        tags = cell.metadata.get("tags", [])
        if "NumPy" in tags:
            nxt = cells[i + 1].metadata.get("tags", []) if i + 1 < len(cells) else []
            assert "TensorFlow" in nxt, f"{page.name}: NumPy cell {i} is not followed by a TF cell"
            pairs.append((i, i + 1))
        elif "TensorFlow" in tags:
            assert pairs and pairs[-1][1] == i, f"{page.name}: TF cell {i} has no NumPy cell"
    return pairs


def _run_cell(source: str, namespace: dict):
    """Execute a cell like a notebook does and return the value of its last expression."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)


@functools.cache
def _page_results(page: Path) -> dict:
    """Run every code cell of ``page`` in order; keep the last values of the paired cells."""
    namespace: dict = {"__name__": "__page__"}
    values = {}
    with matplotlib.rc_context():
        for i, cell in enumerate(_cells(page)):
            values[i] = _run_cell(cell.source, namespace)
    matplotlib.pyplot.close("all")
    return values


PAIRS = [
    pytest.param(page, pair, id=f"{page.stem}-cells{pair[0]}-{pair[1]}")
    for page in PAGES
    for pair in _pairs(page)
]


def test_the_chapter_has_pages_and_pairs():
    assert len(PAGES) >= 2
    assert all(len(_pairs(page)) >= 5 for page in PAGES)


@pytest.mark.parametrize("page, pair", PAIRS)
def test_page_pair(page, pair):
    values = _page_results(page)
    numpy_value, tf_value = values[pair[0]], values[pair[1]]
    assert numpy_value is not None and tf_value is not None, "each cell must end with its result"
    assert not hasattr(numpy_value, "numpy"), "the NumPy cell returned a TensorFlow object"
    check_same(numpy_value, tf_value)


# --- the same operations, on shapes drawn by Hypothesis ---------------------------------------

number_dtypes = st.sampled_from([np.int32, np.int64, np.float32, np.float64])


small_shapes = hnp.array_shapes(min_dims=0, max_dims=4, max_side=4)
small_integers = st.integers(-8, 8)


def arrays(shape=small_shapes, dtype=number_dtypes, elements=small_integers):
    """Small integer-valued arrays: every sum and product is exact in either library."""
    return hnp.arrays(dtype=dtype, shape=shape, elements=elements)


@some
@given(arrays(), st.data())
def test_reshape(x, data):
    shape = list(x.shape)
    data.draw(st.randoms()).shuffle(shape)
    if shape and data.draw(st.booleans()):
        shape[0] = -1
    check_same(np.reshape(x, shape), tf.reshape(tf.constant(x), shape))


@some
@given(arrays(hnp.array_shapes(min_dims=1, max_dims=4, max_side=5)), st.data())
def test_slicing(x, data):
    index = tuple(
        data.draw(
            st.one_of(
                st.integers(-n, n - 1),
                st.builds(
                    slice,
                    st.none() | st.integers(-n, n),
                    st.none() | st.integers(-n, n),
                    st.none() | st.integers(1, 3) | st.integers(-3, -1),
                ),
            )
        )
        if n > 0
        else slice(None)
        for n in x.shape
    )
    check_same(x[index], tf.constant(x)[index])


@some
@given(arrays(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5)), st.data())
def test_gather_is_fancy_indexing_along_one_axis(x, data):
    axis = data.draw(st.integers(0, x.ndim - 1))
    # min_size=1: an empty Python list becomes a float32 tensor, which tf.gather refuses
    indices = data.draw(st.lists(st.integers(0, x.shape[axis] - 1), min_size=1, max_size=6))
    expected = np.take(x, np.array(indices, dtype=np.int64), axis=axis)
    if axis == 1:
        assert np.array_equal(expected, x[:, indices])  # the page's spelling
    check_same(expected, tf.gather(tf.constant(x), indices, axis=axis))


@some
@given(arrays(hnp.array_shapes(min_dims=1, max_dims=3, max_side=5)), st.integers(-8, 8))
def test_boolean_mask(x, threshold):
    x_tf = tf.constant(x)
    check_same(x[x > threshold], tf.boolean_mask(x_tf, x_tf > threshold))


@some
@given(hnp.array_shapes(min_dims=1, max_dims=4, max_side=4), st.data(), number_dtypes)
def test_concat_and_stack(shape, data, dtype):
    axis = data.draw(st.integers(0, len(shape) - 1))
    other = list(shape)
    other[axis] = data.draw(st.integers(0, 4))
    a, b = data.draw(arrays(shape, st.just(dtype))), data.draw(arrays(tuple(other), st.just(dtype)))
    check_same(
        np.concatenate([a, b], axis=axis), tf.concat([tf.constant(a), tf.constant(b)], axis=axis)
    )
    c = data.draw(arrays(shape, st.just(dtype)))
    new_axis = data.draw(st.integers(0, len(shape)))
    check_same(
        np.stack([a, c], axis=new_axis), tf.stack([tf.constant(a), tf.constant(c)], axis=new_axis)
    )


@some
@given(
    hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=4, max_side=4),
    st.data(),
    number_dtypes,
)
def test_broadcasting_add_and_broadcast_to(shapes, data, dtype):
    (sa, sb), result = shapes
    a, b = data.draw(arrays(sa, st.just(dtype))), data.draw(arrays(sb, st.just(dtype)))
    check_same(a + b, tf.constant(a) + tf.constant(b))
    check_same(np.broadcast_to(b, result), tf.broadcast_to(tf.constant(b), result))


@some
@given(arrays(hnp.array_shapes(min_dims=0, max_dims=5, max_side=3)), st.data())
def test_transpose_default_and_permutation(x, data):
    x_tf = tf.constant(x)
    check_same(np.transpose(x), tf.transpose(x_tf))
    perm = data.draw(st.permutations(range(x.ndim)))
    check_same(np.transpose(x, axes=perm), tf.transpose(x_tf, perm=perm))


@some
@given(arrays(hnp.array_shapes(min_dims=2, max_dims=4, max_side=4)))
def test_batch_matrix_transpose(x):
    check_same(np.swapaxes(x, -1, -2), tf.linalg.matrix_transpose(tf.constant(x)))


@some
@given(st.integers(0, 4), st.integers(0, 4), st.integers(0, 4), number_dtypes, st.data())
def test_matmul(n, d, h, dtype, data):
    a, w = data.draw(arrays((n, d), st.just(dtype))), data.draw(arrays((d, h), st.just(dtype)))
    check_same(a @ w, tf.matmul(tf.constant(a), tf.constant(w)))


@some
@given(arrays(), st.sampled_from([np.int32, np.int64, np.float32, np.float64]))
def test_cast(x, dtype):
    check_same(x.astype(dtype), tf.cast(tf.constant(x), tf.as_dtype(dtype)))


@some
@given(arrays(hnp.array_shapes(min_dims=1, max_dims=3, max_side=4)))
def test_sum_and_mean(x):
    x_tf = tf.constant(x)
    # np.sum widens int32 to int64 (see the next test); ask for the input's dtype
    check_same(np.sum(x, dtype=x.dtype), tf.reduce_sum(x_tf))
    assume(x.size > 0)
    check_same(np.mean(x.astype(np.float64)), tf.reduce_mean(tf.cast(x_tf, tf.float64)))


def test_sum_of_int32_is_int64_in_numpy_but_int32_in_tensorflow_as_the_page_says():
    x = np.array([1, 2], dtype=np.int32)
    assert np.sum(x).dtype == np.int64
    assert tf.reduce_sum(tf.constant(x)).dtype == tf.int32


def test_reduce_mean_of_integers_truncates_as_the_page_says():
    assert np.mean(np.array([1, 2])) == 1.5
    assert tf.reduce_mean(tf.constant([1, 2])).numpy() == 1


@some
@given(
    arrays(
        dtype=st.sampled_from([np.int32, np.int64, np.float32, np.float64, np.bool_]),
        elements=st.integers(0, 1),
    )
)
def test_constant_keeps_the_numpy_dtype_and_describe_agrees(x):
    x_tf = tf.constant(x)
    check_same(x, x_tf)
    assert describe(x).split(": ", 1)[1] == describe(x_tf).split(": ", 1)[1]
    check_same(
        (x.ndim, x.shape, x.dtype.name, x.size),
        (x_tf.ndim, tuple(x_tf.shape), x_tf.dtype.name, int(tf.size(x_tf))),
    )
    assert int(tf.rank(x_tf)) == x.ndim


@some
@given(
    hnp.arrays(
        dtype=hnp.unicode_string_dtypes(max_len=5),
        shape=hnp.array_shapes(min_dims=0, max_dims=2, max_side=3),
    )
)
def test_string_tensors(words):
    words_tf = tf.constant(words)
    assert words_tf.dtype == tf.string
    check_same(words, words_tf)


def test_variable_assignment_matches_numpy_item_assignment():
    w = np.zeros((2, 3), dtype=np.float32)
    w[0, 1] = 5.0
    w_tf = tf.Variable(tf.zeros([2, 3], dtype=tf.float32))
    w_tf[0, 1].assign(5.0)
    check_same(w, w_tf)
    assert describe(w_tf).startswith("tf.Variable: ")


def test_the_source_material_dtype_mistake_is_what_the_page_says():
    wrong = tf.Variable(123, tf.int16)
    assert wrong.dtype == tf.int32 and wrong.trainable == tf.int16
    assert tf.Variable(123, dtype=tf.int16).dtype == tf.int16
    assert tf.constant(123, dtype=tf.int16).dtype == tf.int16


def test_default_dtypes_differ_as_the_page_says():
    assert tf.constant([1, 2]).dtype == tf.int32 and np.array([1, 2]).dtype == np.int64
    assert tf.constant([1.5]).dtype == tf.float32 and np.array([1.5]).dtype == np.float64


def test_broadcast_shape_matches_tensorflow():
    from nnbook.tensors import broadcast_shape

    a, b = (8, 1, 6, 1), (7, 1, 5)
    static = tf.broadcast_static_shape(tf.TensorShape(a), tf.TensorShape(b))
    assert broadcast_shape(a, b) == tuple(static.as_list())


# --- the utilities on TensorFlow objects ------------------------------------------------------


def test_show_draws_a_tensorflow_tensor_like_the_numpy_array():
    x = np.arange(6).reshape(2, 3)
    texts = [[t.get_text() for t in fig.axes[0].texts] for fig in (show(x), show(tf.constant(x)))]
    assert texts[0] == texts[1] == [str(v) for v in range(6)]


def test_check_same_detects_a_dtype_difference_between_the_libraries():
    with pytest.raises(AssertionError, match="dtype int64 vs int32"):
        check_same(np.array([1, 2]), tf.constant([1, 2]))


def test_to_numpy_of_a_tensor():
    assert to_numpy(tf.constant([[1.0]])).dtype == np.float32
