"""Bad input never gives a silent wrong answer: nnbook.mlp, nnbook.tensors, nnbook.datasets,
nnbook.frameworks.trainers.

Each row of the table is a call with one bad argument, the exception it must raise
(``TypeError`` for the wrong kind of value, ``ValueError`` for a wrong value or shape), the
argument the message must name, and a pattern the message must also match (what was
expected, or what was given).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnbook import mlp
from nnbook.datasets import breast_cancer, digits, letters
from nnbook.frameworks import lecture_problem
from nnbook.frameworks.trainers import train_numpy
from nnbook.tensors import broadcast_shape, show, show_broadcast

NAN, INF = float("nan"), float("inf")

# A small valid problem: 3 examples of 4 features, 2 hidden units, 3 classes.
X, Y = np.ones((3, 4)), np.eye(3)
W1, W2 = np.full((4, 2), 0.1), np.full((2, 3), 0.1)
PARAMS = mlp.init_params(4, 2, 3, rng=0)
OUT = np.full((3, 3), 0.5)


def case(id_, call, exc, arg, detail=""):
    """One row: ``call()`` raises ``exc``; its message names ``arg`` and matches ``detail``."""
    return pytest.param(call, exc, arg, detail, id=id_)


def train(**change):
    return mlp.train(**{"x": X, "Y": Y, "w1": W1, "w2": W2, "alpha": 0.5, "epoch": 2, **change})


def train_batched(**change):
    kwargs = {"X": X, "Y": Y, "params": PARAMS, "lr": 0.5, "epochs": 2, "batch_size": 2, "rng": 0}
    return mlp.train_batched(**{**kwargs, **change})


def back_prop(**change):
    return mlp.back_prop(**{"x": X, "y": Y, "w1": W1, "w2": W2, "alpha": 0.5, **change})


CASES = [
    # --- mlp.sigmoid
    case(
        "sigmoid-None", lambda: mlp.sigmoid(None), TypeError, "x", "array of numbers, got NoneType"
    ),
    case("sigmoid-str", lambda: mlp.sigmoid("1"), TypeError, "x", "got str '1'"),
    case("sigmoid-nan", lambda: mlp.sigmoid(NAN), ValueError, "x", "finite"),
    case("sigmoid-nan-array", lambda: mlp.sigmoid(np.array([0.0, NAN])), ValueError, "x", "finite"),
    case("sigmoid-complex", lambda: mlp.sigmoid(1 + 2j), TypeError, "x", "real numbers"),
    case("sigmoid_deriv-str", lambda: mlp.sigmoid_deriv("1"), TypeError, "x", "str"),
    case("sigmoid_deriv-None", lambda: mlp.sigmoid_deriv(None), TypeError, "x", "NoneType"),
    # --- learning rate alpha
    case(
        "back_prop-alpha-str", lambda: back_prop(alpha="0.5"), TypeError, "alpha", "got str '0.5'"
    ),
    case("back_prop-alpha-None", lambda: back_prop(alpha=None), TypeError, "alpha", "real number"),
    case("back_prop-alpha-nan", lambda: back_prop(alpha=NAN), ValueError, "alpha", "finite"),
    case("back_prop-alpha-zero", lambda: back_prop(alpha=0), ValueError, "alpha", "> 0"),
    case("back_prop-alpha-negative", lambda: back_prop(alpha=-1.0), ValueError, "alpha", "> 0"),
    case("back_prop-alpha-complex", lambda: back_prop(alpha=1j), TypeError, "alpha", "complex"),
    case("train-alpha-nan", lambda: train(alpha=NAN), ValueError, "alpha", "finite, got nan"),
    case("train-alpha-inf", lambda: train(alpha=INF), ValueError, "alpha", "finite, got inf"),
    case("train-alpha-abc", lambda: train(alpha="abc"), TypeError, "alpha", "real number, got str"),
    case("train-alpha-str-number", lambda: train(alpha="0.5"), TypeError, "alpha", "str '0.5'"),
    case("train-alpha-bool", lambda: train(alpha=True), TypeError, "alpha", "bool"),
    case("train-alpha-zero", lambda: train(alpha=0.0), ValueError, "alpha", "> 0, got 0.0"),
    # --- epochs: train and train_batched agree
    case("train-epoch-0", lambda: train(epoch=0), ValueError, "epoch", r"integer >= 1, got 0"),
    case("train-epoch-negative", lambda: train(epoch=-3), ValueError, "epoch", ">= 1, got -3"),
    case(
        "train-epoch-float", lambda: train(epoch=2.5), TypeError, "epoch", "integer, got float 2.5"
    ),
    case("train-epoch-None", lambda: train(epoch=None), TypeError, "epoch", "NoneType"),
    case("train-epoch-str", lambda: train(epoch="2"), TypeError, "epoch", "str"),
    case(
        "train_batched-epochs-0",
        lambda: train_batched(epochs=0),
        ValueError,
        "epochs",
        ">= 1, got 0",
    ),
    case(
        "train_batched-epochs-neg", lambda: train_batched(epochs=-1), ValueError, "epochs", ">= 1"
    ),
    case(
        "train_batched-epochs-float", lambda: train_batched(epochs=2.5), TypeError, "epochs", "2.5"
    ),
    case(
        "train_batched-epochs-bool", lambda: train_batched(epochs=True), TypeError, "epochs", "bool"
    ),
    case("train_batched-lr-nan", lambda: train_batched(lr=NAN), ValueError, "lr", "finite"),
    case("train_batched-lr-str", lambda: train_batched(lr="0.5"), TypeError, "lr", "str"),
    case("train_batched-lr-zero", lambda: train_batched(lr=0), ValueError, "lr", "> 0"),
    case("train_batched-lr-negative", lambda: train_batched(lr=-2.0), ValueError, "lr", "> 0"),
    case(
        "train_batched-batch-0",
        lambda: train_batched(batch_size=0),
        ValueError,
        "batch_size",
        ">= 1",
    ),
    case(
        "train_batched-batch-bool", lambda: train_batched(batch_size=True), TypeError, "batch_size"
    ),
    case(
        "train_batched-batch-float", lambda: train_batched(batch_size=1.5), TypeError, "batch_size"
    ),
    # --- empty batches where a mean is taken
    case(
        "loss-empty",
        lambda: mlp.loss(np.zeros((0, 3)), np.zeros((0, 3))),
        ValueError,
        "out",
        "empty",
    ),
    case(
        "accuracy-empty",
        lambda: mlp.accuracy(np.zeros((0, 3)), np.zeros((0, 3))),
        ValueError,
        "out",
    ),
    case(
        "gradients-empty",
        lambda: mlp.gradients(np.zeros((0, 4)), np.zeros((0, 3)), W1, W2),
        ValueError,
        "x",
        "empty",
    ),
    case(
        "train-empty",
        lambda: train(x=np.zeros((0, 4)), Y=np.zeros((0, 3))),
        ValueError,
        "x",
        "empty",
    ),
    case(
        "train_batched-empty",
        lambda: train_batched(X=np.zeros((0, 4)), Y=np.zeros((0, 3))),
        ValueError,
        "X",
        "empty",
    ),
    case(
        "gradients_batch-empty",
        lambda: mlp.gradients_batch(np.zeros((0, 4)), np.zeros((0, 3)), PARAMS),
        ValueError,
        "X",
        "empty",
    ),
    # --- other arrays
    case("loss-None", lambda: mlp.loss(None, Y), TypeError, "out", "NoneType"),
    case("loss-Y-str", lambda: mlp.loss(OUT, "abc"), TypeError, "Y"),
    case(
        "loss-Y-shape",
        lambda: mlp.loss(OUT, np.ones((3, 2))),
        ValueError,
        "Y",
        r"\(3, 3\).*\(3, 2\)",
    ),
    case("loss-Y-nan", lambda: mlp.loss(OUT, np.full((3, 3), NAN)), ValueError, "Y", "finite"),
    case(
        "accuracy-Y-not-one-hot",
        lambda: mlp.accuracy(OUT, np.ones((3, 3))),
        ValueError,
        "Y",
        "one-hot",
    ),
    case("forward-w1-complex", lambda: mlp.forward(X, W1 + 0j, W2), TypeError, "w1", "real"),
    case(
        "forward-x-rank-3",
        lambda: mlp.forward(np.ones((2, 2, 4)), W1, W2),
        ValueError,
        "x",
        "shape",
    ),
    case(
        "gradients-y-shape", lambda: mlp.gradients(X, Y[:2], W1, W2), ValueError, "y", r"\(3, 3\)"
    ),
    # --- generate_wt and init_params
    case(
        "generate_wt-rng-float", lambda: mlp.generate_wt(3, 2, rng=2.5), TypeError, "rng", "float"
    ),
    case("generate_wt-rng-str", lambda: mlp.generate_wt(3, 2, rng="1"), TypeError, "rng", "str"),
    case(
        "generate_wt-rng-negative", lambda: mlp.generate_wt(3, 2, rng=-1), ValueError, "rng", ">= 0"
    ),
    case("generate_wt-rng-bool", lambda: mlp.generate_wt(3, 2, rng=True), TypeError, "rng", "bool"),
    case(
        "generate_wt-scale-negative",
        lambda: mlp.generate_wt(3, 2, scale=-1),
        ValueError,
        "scale",
        ">= 0",
    ),
    case(
        "generate_wt-scale-nan",
        lambda: mlp.generate_wt(3, 2, scale=NAN),
        ValueError,
        "scale",
        "finite",
    ),
    case(
        "generate_wt-scale-inf",
        lambda: mlp.generate_wt(3, 2, scale=INF),
        ValueError,
        "scale",
        "finite",
    ),
    case(
        "generate_wt-scale-str", lambda: mlp.generate_wt(3, 2, scale="1"), TypeError, "scale", "str"
    ),
    case(
        "generate_wt-x-float", lambda: mlp.generate_wt(2.5, 2), TypeError, "x", "integer, got float"
    ),
    case("generate_wt-x-bool", lambda: mlp.generate_wt(True, 2), TypeError, "x", "bool"),
    case(
        "generate_wt-y-negative",
        lambda: mlp.generate_wt(3, -1),
        ValueError,
        "y",
        "positive integer",
    ),
    case("generate_wt-y-None", lambda: mlp.generate_wt(3, None), TypeError, "y", "NoneType"),
    case(
        "init_params-n_hidden-float",
        lambda: mlp.init_params(30, 2.5, 3),
        TypeError,
        "n_hidden",
        "2.5",
    ),
    case("init_params-n_in-zero", lambda: mlp.init_params(0, 5, 3), ValueError, "n_in", "positive"),
    case("init_params-n_out-str", lambda: mlp.init_params(30, 5, "3"), TypeError, "n_out", "str"),
    # --- params of the batched network
    case(
        "forward_batch-params-None", lambda: mlp.forward_batch(X, None), TypeError, "params", "dict"
    ),
    case(
        "forward_batch-params-list", lambda: mlp.forward_batch(X, [1]), TypeError, "params", "list"
    ),
    case(
        "forward_batch-W1-rows",
        lambda: mlp.forward_batch(np.ones((3, 5)), PARAMS),
        ValueError,
        "W1",
        "X has 5 features",
    ),
    case(
        "forward_batch-b1-nan",
        lambda: mlp.forward_batch(X, {**PARAMS, "b1": np.full(2, NAN)}),
        ValueError,
        "b1",
        "finite",
    ),
    case(
        "forward_batch-W2-str", lambda: mlp.forward_batch(X, {**PARAMS, "W2": "w"}), TypeError, "W2"
    ),
    # --- tensors.broadcast_shape
    case(
        "broadcast-float-length",
        lambda: broadcast_shape((2.7,), (2,)),
        TypeError,
        "a[0]",
        "float 2.7",
    ),
    case(
        "broadcast-whole-float", lambda: broadcast_shape((2.0, 3), (3,)), TypeError, "a[0]", "float"
    ),
    case("broadcast-string", lambda: broadcast_shape("23", (3,)), TypeError, "a", "shape"),
    case("broadcast-bytes", lambda: broadcast_shape((3,), b"23"), TypeError, "b", "shape"),
    case("broadcast-bool", lambda: broadcast_shape((True,), (2,)), TypeError, "a[0]", "bool"),
    case(
        "broadcast-negative",
        lambda: broadcast_shape((2, -1), (2,)),
        ValueError,
        "a[1]",
        ">= 0, got -1",
    ),
    case("broadcast-nan", lambda: broadcast_shape((2,), (NAN,)), TypeError, "b[0]", "nan"),
    case(
        "broadcast-None-length",
        lambda: broadcast_shape((2, None), (2,)),
        TypeError,
        "a[1]",
        "NoneType",
    ),
    case("broadcast-int", lambda: broadcast_shape((2,), 3), TypeError, "b", "shape"),
    case("broadcast-None", lambda: broadcast_shape(None, (2,)), TypeError, "a", "shape"),
    case(
        "broadcast-names-None", lambda: broadcast_shape((2,), (2,), names=None), TypeError, "names"
    ),
    case(
        "broadcast-names-one", lambda: broadcast_shape((2,), (2,), names=("x",)), TypeError, "names"
    ),
    case(
        "broadcast-names-kept",
        lambda: broadcast_shape((2.5,), (2,), names=("x", "w")),
        TypeError,
        "x[0]",
    ),
    case("show_broadcast-float", lambda: show_broadcast((2.7,), (2,)), TypeError, "a[0]", "2.7"),
    case("show_broadcast-str", lambda: show_broadcast((2,), "2"), TypeError, "b", "shape"),
    # --- tensors.show
    case("show-nan", lambda: show(np.array([1.0, NAN])), ValueError, "t", "finite"),
    case("show-inf", lambda: show(np.array([[INF]])), ValueError, "t", "finite"),
    case("show-None", lambda: show(None), TypeError, "t", "real numbers"),
    case(
        "show-axis-float", lambda: show(np.zeros((2, 2, 2)), axis=2.5), TypeError, "axis", "float"
    ),
    case("show-axis-str", lambda: show(np.zeros((2, 2, 2)), axis="1"), TypeError, "axis", "str"),
    case(
        "show-axis-range",
        lambda: show(np.zeros((2, 2, 2)), axis=3),
        ValueError,
        "axis",
        r"\[-3, 2\]",
    ),
    case(
        "show-fmt-number", lambda: show(np.zeros((2, 2)), fmt=3), TypeError, "fmt", "format string"
    ),
    # --- datasets
    case(
        "digits-test_size-None", lambda: digits(test_size=None), TypeError, "test_size", "NoneType"
    ),
    case(
        "digits-test_size-one", lambda: digits(test_size=1.0), ValueError, "test_size", r"\(0, 1\)"
    ),
    case("digits-test_size-zero", lambda: digits(test_size=0), ValueError, "test_size", "> 0"),
    case("digits-test_size-nan", lambda: digits(test_size=NAN), ValueError, "test_size", "finite"),
    case("digits-seed-float", lambda: digits(seed=2.5), TypeError, "seed", "float"),
    case("digits-scale-None", lambda: digits(scale=None), TypeError, "scale", "True or False"),
    case("breast_cancer-seed-negative", lambda: breast_cancer(seed=-1), ValueError, "seed", ">= 0"),
    case("breast_cancer-seed-str", lambda: breast_cancer(seed="0"), TypeError, "seed", "str"),
    case(
        "breast_cancer-standardize-str",
        lambda: breast_cancer(standardize="no"),
        TypeError,
        "standardize",
        "True or False",
    ),
    case("letters-None", lambda: letters(None), ValueError, "variant", "'clean' or 'source'"),
    # --- frameworks.trainers
    case(
        "train_numpy-lr-str",
        lambda: train_numpy(**{**lecture_problem(), "lr": "1"}),
        TypeError,
        "lr",
    ),
    case(
        "train_numpy-lr-nan",
        lambda: train_numpy(**{**lecture_problem(), "lr": NAN}),
        ValueError,
        "lr",
        "finite",
    ),
    case(
        "train_numpy-lr-None",
        lambda: train_numpy(**{**lecture_problem(), "lr": None}),
        TypeError,
        "lr",
    ),
    case(
        "train_numpy-x-empty",
        lambda: train_numpy(**{**lecture_problem(), "x": np.zeros((0, 30)), "Y": np.zeros((0, 3))}),
        ValueError,
        "x",
        "empty",
    ),
]


@pytest.mark.parametrize(("call", "exc", "arg", "detail"), CASES)
def test_bad_input_is_refused_with_an_error_that_names_the_argument(call, exc, arg, detail):
    with pytest.raises(exc) as info:
        call()
    message = str(info.value)
    assert re.search(rf"(?<![\w.]){re.escape(arg)}(?![\w])", message), message
    assert re.search(detail, message), message


# ---------------------------------------------------------------------- properties


@settings(max_examples=40, deadline=None)
@given(n=st.integers(max_value=0))
def test_train_and_train_batched_refuse_the_same_epoch_counts_with_the_same_message(n):
    with pytest.raises(ValueError) as online:
        train(epoch=n)
    with pytest.raises(ValueError) as batched:
        train_batched(epochs=n)
    assert str(online.value) == f"epoch must be an integer >= 1, got {n}"
    assert str(batched.value) == f"epochs must be an integer >= 1, got {n}"


@settings(max_examples=40, deadline=None)
@given(alpha=st.one_of(st.floats(max_value=0.0), st.just(NAN), st.just(INF), st.just(-INF)))
def test_a_learning_rate_that_is_not_positive_and_finite_is_blamed_on_alpha(alpha):
    with pytest.raises(ValueError, match="alpha must be"):
        train(alpha=alpha)


@settings(max_examples=40, deadline=None)
@given(length=st.floats(allow_nan=True, allow_infinity=True))
def test_a_float_length_is_never_rounded_into_a_shape(length):
    with pytest.raises(TypeError, match=r"a\[1\] must be an integer, got float"):
        broadcast_shape((3, length), (3,))


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=5))
def test_text_is_never_read_as_a_shape_or_a_number(text):
    with pytest.raises(TypeError, match="a must be a shape"):
        broadcast_shape(text, (3,))
    with pytest.raises(TypeError, match="x must be an array of numbers, got str"):
        mlp.sigmoid(text)


@settings(max_examples=25, deadline=None)
@given(value=st.floats(allow_nan=False, allow_infinity=False, min_value=-700, max_value=700))
def test_valid_numbers_still_go_through_sigmoid_unchanged(value):
    assert mlp.sigmoid(value) == pytest.approx(1.0 / (1.0 + math.exp(-value)), rel=1e-12)
