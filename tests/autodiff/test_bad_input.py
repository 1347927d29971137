"""Bad input never gives a silent wrong answer (issue 12).

Every row of the table calls a public function of ``nnbook.autodiff`` with one bad
argument and checks the kind of error (``TypeError`` for the wrong kind of value,
``ValueError`` for a wrong value or shape) and that the message names the argument.
The property tests below check the fixes that change numbers: ``transpose`` with
negative axes must have the right gradient.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnbook.autodiff as ad
from nnbook import nn
from nnbook.autodiff import checks, conv2d, max_pool2d, rnn_step
from nnbook.autodiff.checks import check_grads
from nnbook.autodiff.logistic import binary_cross_entropy_with_logits
from nnbook.lessons.autodiff import cost, examples, experiments

# ``nnbook.lessons.autodiff.draw`` is also the name of the function, so import the module by name.
draw_module = importlib.import_module("nnbook.lessons.autodiff.draw")

NAN, INF = float("nan"), float("inf")
X23 = np.arange(6.0).reshape(2, 3)
IMAGES, FILTERS = np.ones((1, 1, 4, 4)), np.ones((1, 1, 2, 2))
PROBS = np.array([0.2, 0.9])  # one probability per example
SCORES = np.array([[2.0, 1.0], [0.0, 3.0]])  # one score per class


def _v(value=X23):
    return ad.Variable(value)


def _x_times_x(x):
    return x * x


BAD_INPUT = [
    # 1. transpose: axes must be a permutation of range(ndim)
    (
        "transpose repeated axis",
        lambda: ad.transpose(_v(), (0, 0)),
        ValueError,
        r"transpose: axes must be a permutation of \(0, 1\).*got \(0, 0\)",
    ),
    (
        "transpose too few axes",
        lambda: ad.transpose(_v(), (-1,)),
        ValueError,
        r"transpose: axes must be a permutation.*shape \(2, 3\), got \(-1,\)",
    ),
    (
        "transpose axis out of range",
        lambda: ad.transpose(_v(), (-3, 0)),
        ValueError,
        r"transpose: axes must be a permutation.*got \(-3, 0\)",
    ),
    (
        "transpose float axis",
        lambda: ad.transpose(_v(), (1.0, 0)),
        TypeError,
        r"transpose: axes entry must be an integer, got float 1\.0",
    ),
    (
        "transpose axes string",
        lambda: ad.transpose(_v(), "10"),
        TypeError,
        r"transpose: axes must be a sequence of integers, got str '10'",
    ),
    # 2. grad and jvp: argnums, and f must return a node built from its inputs
    (
        "grad repeated argnums",
        lambda: ad.grad(_x_times_x, argnums=(0, 0)),
        ValueError,
        r"grad: argnums \(0, 0\) names argument 0 twice",
    ),
    (
        "grad argnums repeated from the end",
        lambda: ad.grad(_x_times_x, argnums=(0, -1))(3.0),
        ValueError,
        r"grad: argnums \(0, -1\) names one argument twice",
    ),
    (
        "grad argnums out of range",
        lambda: ad.grad(_x_times_x, argnums=1)(3.0),
        ValueError,
        r"grad: argnums 1 asks for argument 1.*called with 1 argument",
    ),
    (
        "grad float argnums",
        lambda: ad.grad(_x_times_x, argnums=0.0),
        TypeError,
        r"grad: argnums must be an integer or a tuple of integers, got float 0\.0",
    ),
    (
        "grad float argnums entry",
        lambda: ad.grad(_x_times_x, argnums=(0, 1.0)),
        TypeError,
        r"grad: argnums entry must be an integer, got float 1\.0",
    ),
    (
        "grad None argnums",
        lambda: ad.grad(_x_times_x, argnums=None),
        TypeError,
        r"grad: argnums must be an integer or a tuple of integers, got NoneType None",
    ),
    (
        "grad empty argnums",
        lambda: ad.grad(_x_times_x, argnums=()),
        ValueError,
        r"grad: argnums must name at least one argument",
    ),
    (
        "grad f returns an array",
        lambda: ad.grad(lambda x: np.ones(1))(1.0),
        TypeError,
        r"grad: f must return a value computed from its inputs .* returned ndarray",
    ),
    (
        "grad f returns a number",
        lambda: ad.grad(lambda x: 3.0)(1.0),
        TypeError,
        r"grad: f must return .* \(a Node\), but it returned float 3\.0",
    ),
    (
        "grad f returns None",
        lambda: ad.grad(lambda x: None)(1.0),
        TypeError,
        r"grad: f must return .* returned NoneType None",
    ),
    (
        "grad f computes in NumPy",
        lambda: ad.grad(lambda x: np.sin(x.value))(1.0),
        TypeError,
        r"grad: f must return .* returned float64",
    ),
    ("grad f not callable", lambda: ad.grad(3.0), TypeError, r"grad: f must be a function"),
    (
        "grad argument a string",
        lambda: ad.grad(_x_times_x)("1.5"),
        TypeError,
        r"grad: argument 0 must hold real numbers, got str '1\.5'",
    ),
    (
        "jvp f returns an array",
        lambda: ad.jvp(lambda x: np.ones(2), (1.0,), (1.0,)),
        TypeError,
        r"jvp: f must return a value computed from its inputs .* returned ndarray",
    ),
    (
        "jvp f returns a number",
        lambda: ad.jvp(lambda x: 2.0, (1.0,), (1.0,)),
        TypeError,
        r"jvp: f must return .* returned float 2\.0",
    ),
    (
        "jvp f returns None",
        lambda: ad.jvp(lambda x: None, (1.0,), (1.0,)),
        TypeError,
        r"jvp: f must return .* returned NoneType None",
    ),
    (
        "jvp primals not a tuple",
        lambda: ad.jvp(_x_times_x, 1.0, (1.0,)),
        TypeError,
        r"jvp: primals must be a tuple",
    ),
    (
        "jvp NaN primal",
        lambda: ad.jvp(_x_times_x, (NAN,), (1.0,)),
        ValueError,
        r"jvp: primals\[0\] must hold finite numbers",
    ),
    (
        "jvp None tangent",
        lambda: ad.jvp(_x_times_x, (1.0,), (None,)),
        TypeError,
        r"jvp: tangents\[0\] must be an array of numbers, got NoneType None",
    ),
    (
        "jvp inf tangent",
        lambda: ad.jvp(_x_times_x, (1.0,), (INF,)),
        ValueError,
        r"jvp: tangents\[0\] must hold finite numbers",
    ),
    (
        "jacobian_reverse f returns an array",
        lambda: cost.jacobian_reverse(lambda v: v.value * 2, np.ones(2)),
        TypeError,
        r"jacobian_reverse: f must return .* returned ndarray",
    ),
    (
        "jacobian_forward f returns an array",
        lambda: cost.jacobian_forward(lambda v: v.value * 2, np.ones(2)),
        TypeError,
        r"jvp: f must return .* returned ndarray",
    ),
    (
        "directional_errors f returns an array",
        lambda: checks.directional_errors(lambda v: v.value, (np.ones(2),)),
        TypeError,
        r"directional_errors: f must return .* returned ndarray",
    ),
    # 3. variables and constants hold finite real numbers
    (
        "Variable(None)",
        lambda: ad.Variable(None),
        TypeError,
        r"Variable value must hold real numbers, got NoneType None",
    ),
    (
        "Constant(None)",
        lambda: ad.Constant(None),
        TypeError,
        r"Constant value must hold real numbers, got NoneType None",
    ),
    (
        "Variable of a string",
        lambda: ad.Variable("1.5"),
        TypeError,
        r"Variable value must hold real numbers, got str '1\.5'",
    ),
    (
        "named Variable of strings",
        lambda: ad.Variable(["a"], name="w"),
        TypeError,
        r"w must hold real numbers, got list \['a'\]",
    ),
    (
        "Variable of a complex number",
        lambda: ad.Variable(1 + 2j),
        TypeError,
        r"Variable value must hold real numbers, got complex \(1\+2j\)",
    ),
    (
        "Variable of a complex array",
        lambda: ad.Variable(np.array([1 + 2j])),
        TypeError,
        r"Variable value must hold real numbers, got ndarray",
    ),
    (
        "Variable of NaN",
        lambda: ad.Variable([1.0, NAN]),
        ValueError,
        r"Variable value must hold finite numbers, found NaN or inf",
    ),
    (
        "Variable of inf",
        lambda: ad.Variable(np.full(2, -INF), name="b1"),
        ValueError,
        r"b1 must hold finite numbers",
    ),
    (
        "Constant of NaN",
        lambda: ad.Constant(NAN),
        ValueError,
        r"Constant value must hold finite numbers",
    ),
    (
        "ragged Variable",
        lambda: ad.Variable([1.0, [2.0, 3.0]]),
        ValueError,
        r"Variable value must be a rectangular array of numbers",
    ),
    (
        "operand None",
        lambda: _v() * None,
        TypeError,
        r"multiply: b must hold real numbers, got NoneType",
    ),
    (
        "left operand a string",
        lambda: "2" + _v(),
        TypeError,
        r"add: a must hold real numbers, got str",
    ),
    ("operand NaN", lambda: _v() + NAN, ValueError, r"add: b must hold finite numbers"),
    ("function of a string", lambda: ad.exp("1"), TypeError, r"exp: x must hold real numbers"),
    ("exponent NaN", lambda: _v() ** NAN, ValueError, r"power: b must be finite, got nan"),
    ("matmul operand None", lambda: ad.matmul(X23, None), TypeError, r"matmul: b must hold real"),
    (
        "stack entry None",
        lambda: ad.stack([_v(), None]),
        TypeError,
        r"stack: xs\[1\] must hold real",
    ),
    (
        "rnn_step b None",
        lambda: rnn_step(np.ones((1, 1)), np.ones((1, 1)), np.ones((1, 1)), np.ones((1, 1)), None),
        TypeError,
        r"rnn_step: b must hold real numbers",
    ),
    (
        "backward seed NaN",
        lambda: _v().backward(np.full((2, 3), NAN)),
        ValueError,
        r"backward\(\): seed must hold finite numbers",
    ),
    (
        "backward seed string",
        lambda: _v().backward("1"),
        TypeError,
        r"backward\(\): seed must be an array of numbers",
    ),
    # 4. convolution and pooling settings
    (
        "conv2d negative stride",
        lambda: conv2d(IMAGES, FILTERS, stride=-1),
        ValueError,
        r"conv2d: stride must be an integer >= 1, got -1",
    ),
    (
        "conv2d zero stride",
        lambda: conv2d(IMAGES, FILTERS, stride=0),
        ValueError,
        r"conv2d: stride must be an integer >= 1, got 0",
    ),
    (
        "conv2d float stride",
        lambda: conv2d(IMAGES, FILTERS, stride=1.7),
        TypeError,
        r"conv2d: stride must be an integer, got float 1\.7",
    ),
    (
        "conv2d string stride",
        lambda: conv2d(IMAGES, FILTERS, stride="2"),
        TypeError,
        r"conv2d: stride must be an integer, got str '2'",
    ),
    (
        "conv2d negative padding",
        lambda: conv2d(IMAGES, FILTERS, padding=-1),
        ValueError,
        r"conv2d: padding must be an integer >= 0, got -1",
    ),
    (
        "conv2d float padding",
        lambda: conv2d(IMAGES, FILTERS, padding=1.0),
        TypeError,
        r"conv2d: padding must be an integer, got float",
    ),
    (
        "conv2d filter larger than the padded image",
        lambda: conv2d(IMAGES, np.ones((1, 1, 7, 7)), padding=1),
        ValueError,
        r"conv2d: images of 4x4 pixels \(padding 1\) are smaller than the 7x7 filters .*w of shape",
    ),
    (
        "conv2d empty filter",
        lambda: conv2d(IMAGES, np.ones((1, 1, 0, 2))),
        ValueError,
        r"conv2d: w must have at least one filter, channel, row and column",
    ),
    (
        "max_pool2d zero size",
        lambda: max_pool2d(IMAGES, 0),
        ValueError,
        r"max_pool2d: size must be an integer >= 1, got 0",
    ),
    (
        "max_pool2d negative size",
        lambda: max_pool2d(IMAGES, -2),
        ValueError,
        r"max_pool2d: size must be an integer >= 1, got -2",
    ),
    (
        "max_pool2d float size",
        lambda: max_pool2d(IMAGES, 2.0),
        TypeError,
        r"max_pool2d: size must be an integer, got float",
    ),
    (
        "max_pool2d None size",
        lambda: max_pool2d(IMAGES, None),
        TypeError,
        r"max_pool2d: size must be an integer, got NoneType",
    ),
    (
        "max_pool2d window larger than the image",
        lambda: max_pool2d(IMAGES, 8),
        ValueError,
        r"max_pool2d: images of 4x4 pixels .* smaller than the 8x8 window \(size=8\)",
    ),
    # 5. matmul and broadcasting name the shapes and the axes
    (
        "matmul stacks that do not broadcast",
        lambda: ad.matmul(np.ones((2, 3, 4)), np.ones((3, 4, 5))),
        ValueError,
        r"matmul \(@\): shapes \(2, 3, 4\) and \(3, 4, 5\) .*last axis of a and "
        r"second-to-last axis of b, both 4.*\(2,\) of a and \(3,\) of b do not broadcast",
    ),
    (
        "matmul summed axes differ",
        lambda: ad.matmul(np.ones((2, 3)), np.ones((4, 5))),
        ValueError,
        r"3 \(last axis of a\) != 4 \(second-to-last axis of b\)",
    ),
    (
        "add broadcast",
        lambda: _v() + np.ones(4),
        ValueError,
        r"add \(\+\): cannot broadcast shapes \(2, 3\) and \(4,\) together: .* of a and b",
    ),
    (
        "power broadcast",
        lambda: _v() ** np.ones(4),
        ValueError,
        r"power \(\*\*\): cannot broadcast shapes \(2, 3\) and \(4,\) together: .* of a and b",
    ),
    # 6. empty inputs, class labels, accuracy
    (
        "mean of nothing",
        lambda: ad.mean(np.zeros(0)),
        ValueError,
        r"mean: x must not be empty, got shape \(0,\)",
    ),
    (
        "mean along an empty axis",
        lambda: ad.mean(_v(np.zeros((2, 0))), axis=1),
        ValueError,
        r"mean: x must not be empty along axis \(1,\), got shape \(2, 0\)",
    ),
    (
        "cross_entropy negative label",
        lambda: ad.cross_entropy(_v(), np.array([0, -1])),
        ValueError,
        r"cross_entropy: targets: class indices must lie in 0..2 .*from -1 to 0",
    ),
    (
        "cross_entropy label too large",
        lambda: ad.cross_entropy(_v(), [0, 3]),
        ValueError,
        r"cross_entropy: targets: class indices must lie in 0..2",
    ),
    (
        "cross_entropy fractional label",
        lambda: ad.cross_entropy(_v(), [0.5, 1.0]),
        ValueError,
        r"cross_entropy: targets of shape \(2,\) are class indices, which must be whole numbers",
    ),
    (
        "cross_entropy negative target rows",
        lambda: ad.cross_entropy(_v(), np.array([[1.0, 0.0, 0.0], [-5.0, 6.0, 0.0]])),
        ValueError,
        r"cross_entropy: targets of shape \(2, 3\) must be one-hot or probability rows .*found -5",
    ),
    (
        "cross_entropy target rows not summing to 1",
        lambda: ad.cross_entropy(_v(), np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0]])),
        ValueError,
        r"cross_entropy: targets must be one-hot or probability rows .*row 1 sums to 2",
    ),
    (
        "cross_entropy targets of neither shape",
        lambda: ad.cross_entropy(_v(), np.ones((2, 2))),
        ValueError,
        r"cross_entropy: .*targets must be class indices of shape \(2,\); got \(2, 3\)",
    ),
    (
        "cross_entropy empty batch",
        lambda: ad.cross_entropy(np.zeros((0, 3)), np.zeros(0, int)),
        ValueError,
        r"cross_entropy: logits must have .* at least one example and one class, got "
        r"shape \(0, 3\)",
    ),
    (
        "cross_entropy no classes",
        lambda: ad.cross_entropy(np.zeros((2, 0)), [0, 0]),
        ValueError,
        r"cross_entropy: logits must have .*got shape \(2, 0\)",
    ),
    (
        "cross_entropy targets None",
        lambda: ad.cross_entropy(_v(), None),
        TypeError,
        r"cross_entropy: targets must be an array of numbers, got NoneType",
    ),
    (
        "cross_entropy targets NaN",
        lambda: ad.cross_entropy(_v(), [0.0, NAN]),
        ValueError,
        r"cross_entropy: targets must hold finite numbers",
    ),
    (
        "softmax_cross_entropy negative label",
        lambda: nn.softmax_cross_entropy(np.zeros((2, 2)), [0, -1]),
        ValueError,
        r"cross_entropy: targets: class indices must lie in 0..1",
    ),
    (
        "accuracy one-hot labels for one column of scores",
        lambda: nn.accuracy(PROBS, np.eye(2)),
        ValueError,
        r"accuracy: y must hold one 0/1 label per example, shape \(2,\) or \(2, 1\).*got "
        r"shape \(2, 2\)",
    ),
    (
        "accuracy lengths differ",
        lambda: nn.accuracy(SCORES, [0, 1, 1]),
        ValueError,
        r"accuracy: y must hold one class label per example, shape \(2,\).*got shape \(3,\)",
    ),
    (
        "accuracy lengths differ, one column",
        lambda: nn.accuracy(PROBS, [0]),
        ValueError,
        r"accuracy: y must hold one 0/1 label per example",
    ),
    (
        "accuracy empty scores",
        lambda: nn.accuracy(np.zeros(0), np.zeros(0)),
        ValueError,
        r"accuracy: scores must not be empty",
    ),
    (
        "accuracy empty labels",
        lambda: nn.accuracy(PROBS, []),
        ValueError,
        r"accuracy: y must not be empty",
    ),
    (
        "accuracy label out of range",
        lambda: nn.accuracy(SCORES, [0, 2]),
        ValueError,
        r"accuracy: y must hold labels in \[0, 2\), found 2",
    ),
    (
        "accuracy rows not one-hot",
        lambda: nn.accuracy(SCORES, np.ones((2, 2))),
        ValueError,
        r"accuracy: y must be one-hot",
    ),
    (
        "accuracy labels not 0/1",
        lambda: nn.accuracy(PROBS, [0, 2]),
        ValueError,
        r"accuracy: y must hold 0/1 labels",
    ),
    (
        "accuracy logits where probabilities are expected",
        lambda: nn.accuracy(np.array([-3.0, 2.0]), [0, 1]),
        ValueError,
        r"accuracy: scores with one column are probabilities .*\[0, 1\], found -3",
    ),
    (
        "accuracy scores of rank 3",
        lambda: nn.accuracy(np.ones((2, 2, 2)), [0, 1]),
        ValueError,
        r"accuracy: scores must be 1-D .* or 2-D .*got shape \(2, 2, 2\)",
    ),
    (
        "accuracy scores None",
        lambda: nn.accuracy(None, [0, 1]),
        TypeError,
        r"accuracy: scores must be an array of numbers",
    ),
    # 7. sizes, counts, axes, learning rates and other settings
    (
        "sum float axis",
        lambda: ad.sum(X23, axis=1.0),
        TypeError,
        r"sum: axis must be None, an integer or a tuple of integers, got float",
    ),
    ("sum string axis", lambda: ad.sum(X23, axis="0"), TypeError, r"sum: axis must be None"),
    (
        "sum repeated axis",
        lambda: ad.sum(X23, axis=(0, -2)),
        ValueError,
        r"sum: axis \(0, -2\) names an axis twice",
    ),
    (
        "sum float axis entry",
        lambda: ad.sum(X23, axis=(0, 1.0)),
        TypeError,
        r"sum: axis must be an integer, got float",
    ),
    (
        "mean axis out of range",
        lambda: ad.mean(X23, axis=2),
        ValueError,
        r"mean: axis 2 is out of range for an input with 2 dimension",
    ),
    (
        "mean keepdims string",
        lambda: ad.mean(X23, keepdims="no"),
        TypeError,
        r"mean: keepdims must be True or False, got str",
    ),
    (
        "softmax float axis",
        lambda: ad.softmax(X23, axis=1.5),
        TypeError,
        r"softmax: axis must be an integer, got float 1\.5",
    ),
    (
        "log_softmax None axis",
        lambda: ad.log_softmax(X23, axis=None),
        TypeError,
        r"log_softmax: axis must be an integer, got NoneType",
    ),
    (
        "softmax along an empty axis",
        lambda: ad.softmax(np.zeros((2, 0))),
        ValueError,
        r"softmax: x must have at least one entry along axis -1, got shape \(2, 0\)",
    ),
    (
        "stack float axis",
        lambda: ad.stack([X23, X23], axis=1.0),
        TypeError,
        r"stack: axis must be an integer, got float",
    ),
    (
        "stack axis out of range",
        lambda: ad.stack([X23, X23], axis=3),
        ValueError,
        r"stack: axis 3 is out of range for the result, which has 3 dimension",
    ),
    (
        "stack not a list",
        lambda: ad.stack(X23),
        TypeError,
        r"stack: xs must be a non-empty list of nodes or arrays, got ndarray",
    ),
    (
        "reshape float length",
        lambda: ad.reshape(X23, (3.0, 2)),
        TypeError,
        r"reshape: shape entry must be an integer, got float",
    ),
    (
        "reshape two -1",
        lambda: ad.reshape(X23, (-1, -1)),
        ValueError,
        r"reshape: shape may contain -1 .* once, got \(-1, -1\)",
    ),
    (
        "reshape negative length",
        lambda: ad.reshape(X23, (-2, -3)),
        ValueError,
        r"reshape: shape entry must be an integer >= -1, got -2",
    ),
    (
        "reshape shape None",
        lambda: ad.reshape(X23, None),
        TypeError,
        r"reshape: shape must be an integer or a tuple of integers, got NoneType",
    ),
    (
        "gradient_descent_step NaN lr",
        lambda: nn.gradient_descent_step([_v()], NAN),
        ValueError,
        r"gradient_descent_step: lr must be finite, got nan",
    ),
    (
        "gradient_descent_step negative lr",
        lambda: nn.gradient_descent_step([_v()], -0.1),
        ValueError,
        r"gradient_descent_step: lr must be > 0",
    ),
    (
        "gradient_descent_step string lr",
        lambda: nn.gradient_descent_step([_v()], "0.1"),
        TypeError,
        r"gradient_descent_step: lr must be a real number, got str",
    ),
    (
        "gradient_descent_step one variable",
        lambda: nn.gradient_descent_step(_v(), 0.1),
        TypeError,
        r"gradient_descent_step: params must be a list of variables",
    ),
    (
        "gradient_descent_step array",
        lambda: nn.gradient_descent_step([X23], 0.1),
        TypeError,
        r"gradient_descent_step: params\[0\] must be a Variable, got ndarray",
    ),
    (
        "train zero steps",
        lambda: nn.train(
            nn.LayerNet(3, [], 1), nn.squared_error, X23, np.ones((2, 1)), lr=0.1, steps=0
        ),
        ValueError,
        r"train: steps must be an integer >= 1, got 0",
    ),
    (
        "train float steps",
        lambda: nn.train(
            nn.LayerNet(3, [], 1), nn.squared_error, X23, np.ones((2, 1)), lr=0.1, steps=10.0
        ),
        TypeError,
        r"train: steps must be an integer, got float",
    ),
    (
        "train inf lr",
        lambda: nn.train(
            nn.LayerNet(3, [], 1), nn.squared_error, X23, np.ones((2, 1)), lr=INF, steps=1
        ),
        ValueError,
        r"train: lr must be finite",
    ),
    (
        "LayerNet float size",
        lambda: nn.LayerNet(3.0, [2], 1),
        TypeError,
        r"LayerNet: n_in must be an integer, got float",
    ),
    (
        "LayerNet zero hidden",
        lambda: nn.LayerNet(3, [0], 1),
        ValueError,
        r"LayerNet: hidden entry must be an integer >= 1, got 0",
    ),
    (
        "LayerNet hidden a number",
        lambda: nn.LayerNet(3, 4, 1),
        TypeError,
        r"LayerNet: hidden must be a list of integers, got int 4",
    ),
    (
        "LayerNet negative seed",
        lambda: nn.LayerNet(3, [2], 1, seed=-1),
        ValueError,
        r"LayerNet: seed must be an integer >= 0",
    ),
    (
        "LayerNet bias list too short",
        lambda: nn.LayerNet(3, [2], 1, bias=[True]),
        ValueError,
        r"LayerNet: bias must be a bool or a list of 2 bools",
    ),
    (
        "LayerNet bias string",
        lambda: nn.LayerNet(3, [2], 1, bias="yes"),
        TypeError,
        r"LayerNet: bias must be a bool or a list of 2 bools",
    ),
    (
        "LayerNet zero std",
        lambda: nn.LayerNet(2, [2], 1, normalise=(np.zeros(2), np.array([1.0, 0.0]))),
        ValueError,
        r"LayerNet: normalise std must be positive",
    ),
    (
        "LayerNet init",
        lambda: nn.LayerNet(2, [2], 1, init="zeros"),
        ValueError,
        r"LayerNet: init must be 'uniform' or 'normal', got str 'zeros'",
    ),
    (
        "PerceptronNet float size",
        lambda: nn.PerceptronNet([2, 2.7]),
        TypeError,
        r"PerceptronNet: layer_sizes entry must be an integer, got float 2\.7",
    ),
    (
        "PerceptronNet no sizes",
        lambda: nn.PerceptronNet([]),
        ValueError,
        r"PerceptronNet: layer_sizes must hold at least the number of inputs",
    ),
    (
        "squared_error reduction",
        lambda: nn.squared_error(PROBS, PROBS, None),
        ValueError,
        r"squared_error: reduction must be 'sum' or 'mean', got NoneType None",
    ),
    (
        "squared_error mean of nothing",
        lambda: nn.squared_error([], [], "mean"),
        ValueError,
        r"squared_error: y_hat must not be empty with reduction='mean'",
    ),
    (
        "squared_error target NaN",
        lambda: nn.squared_error(PROBS, [0.0, NAN]),
        ValueError,
        r"squared_error: y must hold finite numbers",
    ),
    (
        "binary cross-entropy labels outside [0, 1]",
        lambda: binary_cross_entropy_with_logits(np.zeros(2), [0.0, 2.0]),
        ValueError,
        r"binary_cross_entropy_with_logits: y must hold labels in \[0, 1\], found 2",
    ),
    (
        "binary cross-entropy labels that add axes",
        lambda: binary_cross_entropy_with_logits(np.zeros(3), np.zeros((2, 3))),
        ValueError,
        r"binary_cross_entropy_with_logits: labels y of shape \(2, 3\) do not broadcast",
    ),
    (
        "binary cross-entropy of nothing",
        lambda: binary_cross_entropy_with_logits(np.zeros(0), 1.0),
        ValueError,
        r"binary_cross_entropy_with_logits: z must not be empty",
    ),
    (
        "directional_errors zero eps",
        lambda: checks.directional_errors(ad.exp, (np.ones(2),), eps=0.0),
        ValueError,
        r"directional_errors: eps must be > 0",
    ),
    (
        "directional_errors float directions",
        lambda: checks.directional_errors(ad.exp, (np.ones(2),), directions=2.0),
        TypeError,
        r"directional_errors: directions must be an integer",
    ),
    (
        "directional_errors args not a tuple",
        lambda: checks.directional_errors(ad.exp, 1.0),
        TypeError,
        r"directional_errors: args must be a tuple",
    ),
    (
        "check_grads NaN rtol",
        lambda: check_grads(ad.exp, (np.ones(2),), rtol=NAN),
        ValueError,
        r"check_grads: rtol must be finite",
    ),
    (
        "standard_cases negative seed",
        lambda: checks.standard_cases(-1),
        ValueError,
        r"standard_cases: seed must be an integer >= 0",
    ),
    (
        "jacobian_forward of a number",
        lambda: cost.jacobian_forward(ad.exp, 1.0),
        ValueError,
        r"jacobian_forward: x must be a 1-D array, got shape \(\)",
    ),
    (
        "jacobian_reverse of nothing",
        lambda: cost.jacobian_reverse(ad.exp, []),
        ValueError,
        r"jacobian_reverse: x must not be empty",
    ),
    (
        "time_jacobian_modes zero repeats",
        lambda: cost.time_jacobian_modes(repeats=0),
        ValueError,
        r"time_jacobian_modes: repeats must be an integer >= 1, got 0",
    ),
    (
        "time_jacobian_modes float size",
        lambda: cost.time_jacobian_modes(sizes=(1.5,)),
        TypeError,
        r"time_jacobian_modes: sizes entry must be an integer",
    ),
    (
        "dense_jacobian_cost sizes None",
        lambda: cost.dense_jacobian_cost(sizes=None),
        TypeError,
        r"dense_jacobian_cost: sizes must be a list of integers",
    ),
    (
        "pca k too large",
        lambda: experiments.pca(np.eye(3), np.eye(3), 4),
        ValueError,
        r"pca: k must be an integer in \[1, 3\], got 4",
    ),
    (
        "pca constant column",
        lambda: experiments.pca(np.ones((3, 2)), np.ones((1, 2)), 1),
        ValueError,
        r"pca: column 0 of X_train is constant",
    ),
    (
        "run_perceptron_net float hidden",
        lambda: experiments.run_perceptron_net(X23, [0, 1], X23, [0, 1], hidden=2.5),
        TypeError,
        r"hidden must be an integer, got float 2\.5",
    ),
    (
        "run_layer_net labels of the wrong length",
        lambda: experiments.run_layer_net(X23, [0, 1, 1], X23, [0, 1]),
        ValueError,
        r"y_train must hold one label per row, shape \(2,\), got \(3,\)",
    ),
    (
        "solve_example_exact NaN x",
        lambda: examples.solve_example_exact(np.eye(2), np.ones(2), np.ones(2), NAN),
        ValueError,
        r"solve_example_exact: x must be finite",
    ),
    (
        "solve_example_nnbook b of the wrong shape",
        lambda: examples.solve_example_nnbook(np.eye(2), np.ones(3), np.ones(2), 1.0),
        ValueError,
        r"solve_example_nnbook: b must have shape \(2,\) to match A",
    ),
    (
        "zero_grad of an array",
        lambda: ad.zero_grad(X23),
        TypeError,
        r"zero_grad: nodes must be nodes or lists of nodes, got ndarray",
    ),
    (
        "topological_order of a number",
        lambda: ad.topological_order(1.0),
        TypeError,
        r"topological_order: output must be a node, got float",
    ),
    ("draw of an array", lambda: draw_module.draw(X23), TypeError, r"draw: output must be a node"),
    (
        "draw zero digits",
        lambda: draw_module.draw(_v(), digits=0),
        ValueError,
        r"draw: digits must be an integer >= 1",
    ),
    (
        "draw rankdir",
        lambda: draw_module.draw(_v(), rankdir="up"),
        ValueError,
        r"draw: rankdir must be 'LR' or 'TB'",
    ),
    (
        "format_array float digits",
        lambda: draw_module.format_array(X23, digits=2.0),
        TypeError,
        r"format_array: digits must be an integer",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [row[1:] for row in BAD_INPUT],
    ids=[row[0] for row in BAD_INPUT],
)
def test_bad_input_is_refused_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message) as info:
        call()
    assert type(info.value) is error  # not a subclass such as numpy's AxisError


def test_the_table_covers_both_kinds_of_error():
    kinds = {row[2] for row in BAD_INPUT}
    assert kinds == {TypeError, ValueError}
    assert len({row[0] for row in BAD_INPUT}) == len(BAD_INPUT)


# --------------------------------------------------------------------------- #
# transpose with negative axes: the gradient must be right, not only the value
# --------------------------------------------------------------------------- #
def test_transpose_with_negative_axes_passes_the_gradient_check():
    rng = np.random.default_rng(0)
    check_grads(lambda x: ad.transpose(x, (-1, 0)), (rng.standard_normal((2, 3)),))
    check_grads(lambda x: ad.transpose(x, (0, -1, 1)), (rng.standard_normal((2, 3, 4)),))


def test_transpose_with_negative_axes_gives_the_gradient_of_the_input_shape():
    x = ad.Variable(np.arange(6.0).reshape(2, 3))
    y = ad.transpose(x, (-1, 0))
    seed = np.arange(6.0).reshape(3, 2)
    y.backward(seed)
    assert x.grad.shape == (2, 3)
    np.testing.assert_array_equal(x.grad, seed.T)


@st.composite
def _shape_and_axes(draw):
    """A shape, a permutation of its axes, and that permutation with some axes made negative."""
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=1, max_size=4)))
    perm = draw(st.permutations(range(len(shape))))
    negative = draw(st.lists(st.booleans(), min_size=len(shape), max_size=len(shape)))
    axes = tuple(a - len(shape) if neg else a for a, neg in zip(perm, negative, strict=True))
    return shape, tuple(perm), axes


@settings(max_examples=60, deadline=None)
@given(_shape_and_axes(), st.integers(0, 2**32 - 1))
def test_transpose_vjp_and_jvp_undo_numpys_transpose_for_any_axes(case, seed):
    shape, perm, axes = case
    rng = np.random.default_rng(seed)
    x0, g, t = rng.standard_normal(shape), None, rng.standard_normal(shape)
    x = ad.Variable(x0)
    y = ad.transpose(x, axes)
    np.testing.assert_array_equal(y.value, np.transpose(x0, axes))
    g = rng.standard_normal(y.shape)
    y.backward(g)
    # the VJP of a permutation is the inverse permutation of the adjoint
    np.testing.assert_array_equal(x.grad, np.transpose(g, np.argsort(perm)))
    _, tangent = ad.jvp(lambda v: ad.transpose(v, axes), (x0,), (t,))
    np.testing.assert_array_equal(tangent, np.transpose(t, axes))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-3, 2), min_size=2, max_size=4))
def test_grad_refuses_argnums_that_name_an_argument_twice(nums):
    def product(a, b, c):
        return a * b * c

    positions = [k % 3 for k in nums]
    if len(set(positions)) == len(positions):
        grads = ad.grad(product, argnums=tuple(nums))(1.0, 2.0, 3.0)
        np.testing.assert_allclose(grads, [6.0 / (1.0, 2.0, 3.0)[p] for p in positions])
    else:  # refused when grad is called (same numbers) or when g is (same argument)
        with pytest.raises(ValueError, match=r"grad: argnums .* twice"):
            ad.grad(product, argnums=tuple(nums))(1.0, 2.0, 3.0)


@settings(max_examples=40, deadline=None)
@given(st.integers(-5, 0), st.integers(-5, -1), st.integers(-5, 0))
def test_conv_and_pool_refuse_every_non_positive_setting(stride, padding, size):
    with pytest.raises(ValueError, match=rf"conv2d: stride must be an integer >= 1, got {stride}"):
        conv2d(IMAGES, FILTERS, stride=stride)
    with pytest.raises(ValueError, match=rf"conv2d: padding .* >= 0, got {padding}"):
        conv2d(IMAGES, FILTERS, padding=padding)
    with pytest.raises(ValueError, match=rf"max_pool2d: size must be an integer >= 1, got {size}"):
        max_pool2d(IMAGES, size)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(1, 3), min_size=0, max_size=3),
    st.sampled_from([NAN, INF, -INF]),
    st.integers(0, 26),
)
def test_a_single_non_finite_entry_is_refused_wherever_it_enters(shape, bad, where):
    value = np.zeros(shape)
    value.flat[where % value.size] = bad
    with pytest.raises(ValueError, match=r"Variable value must hold finite numbers"):
        ad.Variable(value)
    with pytest.raises(ValueError, match=r"Constant value must hold finite numbers"):
        ad.Constant(value)
    with pytest.raises(ValueError, match=r"multiply: b must hold finite numbers"):
        ad.Variable(np.ones(shape)) * value
    with pytest.raises(ValueError, match=r"jvp: tangents\[0\] must hold finite numbers"):
        ad.jvp(ad.sin, (np.ones(shape),), (value,))


# --------------------------------------------------------------------------- #
# what is still accepted
# --------------------------------------------------------------------------- #
def test_one_hot_and_probability_targets_are_still_accepted():
    z = ad.Variable(np.array([[2.0, 0.0], [0.0, 2.0]]))
    by_label = ad.cross_entropy(z, np.array([0, 1])).value
    assert ad.cross_entropy(z, np.eye(2)).value == by_label
    assert ad.cross_entropy(z, np.eye(2, dtype=int)).value == by_label
    assert ad.cross_entropy(z, [0.0, 1.0]).value == by_label  # whole-number floats are labels
    assert np.isfinite(ad.cross_entropy(z, np.array([[0.9, 0.1], [0.2, 0.8]])).value)


def test_accuracy_accepts_labels_and_one_hot_rows_alike():
    assert nn.accuracy(SCORES, [0, 1]) == nn.accuracy(SCORES, np.eye(2)) == 1.0
    assert nn.accuracy(PROBS, [[0], [1]]) == nn.accuracy(PROBS, [0.0, 1.0]) == 1.0


def test_reductions_of_a_number_accept_its_only_axis():
    x = ad.Variable(2.0)
    y = ad.mean(x, axis=0) + ad.sum(x, axis=-1)
    y.backward()
    assert y.value == 4.0 and x.grad == 2.0


def test_every_broadcasting_operation_raises_the_same_error():
    messages = set()
    for op in (ad.add, ad.subtract, ad.multiply, ad.divide, ad.power):
        with pytest.raises(ValueError) as info:
            op(_v(), np.ones(4))
        messages.add(str(info.value).split(": ", 1)[1])
    assert messages == {
        "cannot broadcast shapes (2, 3) and (4,) together: the trailing axes of a and b "
        "must be equal or 1"
    }
