"""Bad input never gives a silent wrong answer: every module of nnbook.architectures.

Each row of the table is a call with one bad argument, the exception it must raise
(``TypeError`` for the wrong kind of value, ``ValueError`` for a wrong value or shape), the
argument the message must name, and a pattern the message must also match (what was
expected, or what was given).  The properties below the table check the same rules over
many inputs, and that the perceptron's epoch 0 is the start of training.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnbook.architectures import autoencoder as ae
from nnbook.architectures import cnn, dbn, gan, hopfield, rbm, rnn, training
from nnbook.architectures import perceptron as pc
from nnbook.autodiff import Variable

NAN, INF = float("nan"), float("inf")
RNG = np.random.default_rng(0)


def case(id_, call, exc, arg, detail=""):
    """One row: ``call()`` raises ``exc``; its message names ``arg`` and matches ``detail``."""
    return pytest.param(call, exc, arg, detail, id=id_)


# --- small valid inputs, one per module
AND_X, AND_Y = pc.logic_gate("and")
PERCEPTRON = pc.train_perceptron(AND_X, AND_Y, epochs=20, seed=0)
XOR_NET, _ = pc.train_sigmoid_network(*pc.logic_gate("xor"), hidden=(2,), steps=2)

CONV = cnn.ConvNet(n_filters=2, image_shape=(4, 4), n_classes=3, seed=0)
IMAGES, LABELS = RNG.random((5, 4, 4)), np.array([0, 1, 2, 0, 1])
CONV10 = cnn.ConvNet(n_filters=2, image_shape=(4, 4), n_classes=10, seed=0)
IMAGES10, LABELS10 = RNG.random((10, 4, 4)), np.arange(10)

SEQ, TARGETS = rnn.adding_problem(4, 6, np.random.default_rng(0))
LSTM = rnn.RecurrentNet("lstm", 2, 3, 1, seed=0)
CLASSIFIER = rnn.RecurrentNet("gru", 2, 3, 2, seed=0)
SEQ_LABELS = np.array([0, 1, 1, 0])

PATTERNS = hopfield.random_patterns(3, 9, rng=0)
W_HOP = hopfield.hebbian_weights(PATTERNS)
LOAD_RESULT = {"load": [0.1], "overlap": [1.0], "perfect": [1.0]}

BINARY = np.array([[1, 0, 1, 0], [0, 1, 0, 1]] * 3, dtype=float)
MACHINE = rbm.RBM(4, 2, seed=0)
BELIEF = dbn.DBN([4, 3], seed=0)
NET_4_2 = dbn.random_classifier([4, 3], 2, seed=0)
BIN_LABELS = np.array([0, 1] * 3)

DATA = RNG.random((6, 4))
CODER = ae.Autoencoder(4, 2, seed=0)
CODES = RNG.random((6, 2))

ADVERSARIES = gan.GAN(g_hidden=(3,), d_hidden=(3,), seed=0)
SAMPLES = {0: RNG.normal(size=20)}

PARAMS = [Variable([1.0, 2.0])]


def fit(**change):
    return rbm.RBM(4, 2, seed=0).fit(**{"X": BINARY, "epochs": 1, "batch_size": 2, **change})


def train_cnn(**change):
    kwargs = {"net": CONV, "X_train": IMAGES, "y_train": LABELS, "X_test": IMAGES}
    return cnn.train_cnn(**{**kwargs, "y_test": LABELS, "epochs": 1, "batch_size": 2, **change})


def train_adding(**change):
    kwargs = {"net": rnn.RecurrentNet("rnn", 2, 3, 1), "T": 4, "steps": 1, "batch_size": 2}
    return rnn.train_adding(**{**kwargs, "eval_every": 1, "n_eval": 2, **change})


def train_digit_rows(**change):
    kwargs = {"net": CLASSIFIER, "X_train": SEQ, "y_train": SEQ_LABELS, "X_test": SEQ}
    return rnn.train_digit_rows(**{**kwargs, "y_test": SEQ_LABELS, "epochs": 1, **change})


def fine_tune(**change):
    kwargs = {"net": NET_4_2, "X": BINARY, "y": BIN_LABELS, "epochs": 1, "batch_size": 2}
    return dbn.fine_tune(**{**kwargs, **change})


def train_gan(**change):
    kwargs = {"gan": ADVERSARIES, "sample_data": gan.gaussian_mixture, "steps": 1}
    return gan.train_gan(**{**kwargs, "batch_size": 4, "n_snapshot": 3, **change})


def train_autoencoder(**change):
    kwargs = {"ae": CODER, "X_train": DATA, "X_test": DATA, "epochs": 1, "batch_size": 2}
    return ae.train_autoencoder(**{**kwargs, **change})


def recall_vs_load(**change):
    kwargs = {"N": 20, "loads": [0.1], "noise": 0.1, "networks": 1, "cues": 1}
    return hopfield.recall_vs_load(**{**kwargs, **change})


CASES = [
    # --- seeds: None, an integer >= 0 or a Generator, named in the error
    case("adding_problem-rng-str", lambda: rnn.adding_problem(4, 5, "0"), TypeError, "rng", "str"),
    case("adding_problem-rng-negative", lambda: rnn.adding_problem(4, 5, -3), ValueError, "rng"),
    case("RBM-seed-float", lambda: rbm.RBM(4, 2, seed=0.5), TypeError, "seed", "float"),
    case(
        "RecurrentNet-seed-bool",
        lambda: rnn.RecurrentNet("rnn", 2, 4, 1, seed=True),
        TypeError,
        "seed",
    ),
    # --- perceptron: at_epoch and train_perceptron
    case(
        "at_epoch-99", lambda: PERCEPTRON.at_epoch(99), ValueError, "epoch", r"\[0, \d+\], got 99"
    ),
    case("at_epoch-negative", lambda: PERCEPTRON.at_epoch(-1), ValueError, "epoch", "got -1"),
    case("at_epoch-float", lambda: PERCEPTRON.at_epoch(1.5), TypeError, "epoch", "float 1.5"),
    case("at_epoch-None", lambda: PERCEPTRON.at_epoch(None), TypeError, "epoch", "NoneType"),
    case("at_epoch-str", lambda: PERCEPTRON.at_epoch("1"), TypeError, "epoch", "str"),
    case(
        "train_perceptron-epochs-0",
        lambda: pc.train_perceptron(AND_X, AND_Y, epochs=0),
        ValueError,
        "epochs",
        ">= 1, got 0",
    ),
    case(
        "train_perceptron-epochs-float",
        lambda: pc.train_perceptron(AND_X, AND_Y, epochs=2.5),
        TypeError,
        "epochs",
        "float",
    ),
    case(
        "train_perceptron-lr-0", lambda: pc.train_perceptron(AND_X, AND_Y, lr=0), ValueError, "lr"
    ),
    case(
        "train_perceptron-lr-nan",
        lambda: pc.train_perceptron(AND_X, AND_Y, lr=NAN),
        ValueError,
        "lr",
        "finite",
    ),
    case(
        "train_perceptron-lr-str",
        lambda: pc.train_perceptron(AND_X, AND_Y, lr="1"),
        TypeError,
        "lr",
    ),
    case(
        "train_perceptron-X-empty",
        lambda: pc.train_perceptron(np.zeros((0, 2)), np.zeros(0)),
        ValueError,
        "X",
        "empty",
    ),
    case(
        "perceptron-accuracy-empty",
        lambda: PERCEPTRON.accuracy(np.zeros((0, 2)), np.zeros(0)),
        ValueError,
        "X",
        "empty",
    ),
    case(
        "logistic_loss-y-range",
        lambda: pc.logistic_loss(Variable(np.zeros((4, 1))), [0, 1, 2, 0]),
        ValueError,
        "y",
        r"\[0, 2\)",
    ),
    case(
        "logistic_loss-z-shape",
        lambda: pc.logistic_loss(Variable(np.zeros((4, 1))), [0, 1, 1]),
        ValueError,
        "z",
        r"\(3, 1\)",
    ),
    case(
        "logistic_loss-z-nan",
        lambda: pc.logistic_loss(np.full((2, 1), NAN), [0, 1]),
        ValueError,
        "z",
        "finite",
    ),
    case(
        "sigmoid_network-hidden-float",
        lambda: pc.train_sigmoid_network(AND_X, AND_Y, hidden=(2.5,), steps=1),
        TypeError,
        "hidden[0]",
        "float 2.5",
    ),
    case(
        "sigmoid_network-hidden-None",
        lambda: pc.train_sigmoid_network(AND_X, AND_Y, hidden=None, steps=1),
        TypeError,
        "hidden",
    ),
    case(
        "sigmoid_network-hidden-0",
        lambda: pc.train_sigmoid_network(AND_X, AND_Y, hidden=(0,), steps=1),
        ValueError,
        "hidden[0]",
    ),
    case(
        "sigmoid_network-steps-0",
        lambda: pc.train_sigmoid_network(AND_X, AND_Y, steps=0),
        ValueError,
        "steps",
    ),
    case(
        "sigmoid_network-lr-negative",
        lambda: pc.train_sigmoid_network(AND_X, AND_Y, lr=-1.0, steps=1),
        ValueError,
        "lr",
    ),
    case(
        "decision_regions-models-None",
        lambda: pc.plot_decision_regions(None, AND_X, AND_Y),
        TypeError,
        "models",
        "dict",
    ),
    case(
        "decision_regions-models-empty",
        lambda: pc.plot_decision_regions({}, AND_X, AND_Y),
        ValueError,
        "models",
    ),
    case(
        "decision_regions-X-columns",
        lambda: pc.plot_decision_regions({"p": PERCEPTRON.decision}, np.ones((4, 3)), AND_Y),
        ValueError,
        "X",
        "2 columns",
    ),
    case(
        "decision_regions-y-length",
        lambda: pc.plot_decision_regions({"p": PERCEPTRON.decision}, AND_X, AND_Y[:3]),
        ValueError,
        "y",
        "3 labels",
    ),
    case(
        "decision_regions-resolution",
        lambda: pc.plot_decision_regions({"p": PERCEPTRON.decision}, AND_X, AND_Y, resolution=1),
        ValueError,
        "resolution",
        ">= 2",
    ),
    case(
        "hidden_space-net-None",
        lambda: pc.plot_hidden_space(None, AND_X, AND_Y),
        TypeError,
        "net",
        "LayerNet",
    ),
    case(
        "hidden_space-X-columns",
        lambda: pc.plot_hidden_space(XOR_NET, np.ones((4, 3)), AND_Y),
        ValueError,
        "X",
        "2 columns",
    ),
    # --- cnn
    case("ConvNet-n_filters-0", lambda: cnn.ConvNet(n_filters=0), ValueError, "n_filters", ">= 1"),
    case("ConvNet-n_filters-float", lambda: cnn.ConvNet(n_filters=2.5), TypeError, "n_filters"),
    case("ConvNet-n_classes-0", lambda: cnn.ConvNet(n_classes=0), ValueError, "n_classes"),
    case("ConvNet-n_hidden-negative", lambda: cnn.ConvNet(n_hidden=-1), ValueError, "n_hidden"),
    case("ConvNet-n_hidden-None", lambda: cnn.ConvNet(n_hidden=None), TypeError, "n_hidden"),
    case(
        "ConvNet-image_shape-float",
        lambda: cnn.ConvNet(image_shape=(4.5, 4)),
        TypeError,
        "image_shape[0]",
        "float 4.5",
    ),
    case(
        "ConvNet-image_shape-str", lambda: cnn.ConvNet(image_shape="44"), TypeError, "image_shape"
    ),
    case(
        "ConvNet-image_shape-one",
        lambda: cnn.ConvNet(image_shape=(4,)),
        ValueError,
        "image_shape",
        "two even sizes",
    ),
    case(
        "ConvNet-accuracy-one-hot",
        lambda: CONV10.accuracy(IMAGES10, np.eye(10)),
        ValueError,
        "y",
        "one-hot",
    ),
    case(
        "ConvNet-accuracy-label-range",
        lambda: CONV.accuracy(IMAGES, [0, 1, 2, 3, 0]),
        ValueError,
        "y",
        r"\[0, 3\), found 3",
    ),
    case(
        "ConvNet-accuracy-length",
        lambda: CONV.accuracy(IMAGES, LABELS[:3]),
        ValueError,
        "y",
        "3 labels",
    ),
    case(
        "ConvNet-accuracy-fraction",
        lambda: CONV.accuracy(IMAGES, LABELS + 0.5),
        ValueError,
        "y",
        "whole-number",
    ),
    case("ConvNet-accuracy-None", lambda: CONV.accuracy(IMAGES, None), TypeError, "y"),
    case("ConvNet-call-empty", lambda: CONV(np.zeros((0, 4, 4))), ValueError, "X", "empty"),
    case("train_cnn-net-None", lambda: train_cnn(net=None), TypeError, "net", "ConvNet"),
    case("train_cnn-epochs-0", lambda: train_cnn(epochs=0), ValueError, "epochs", ">= 1"),
    case("train_cnn-batch-0", lambda: train_cnn(batch_size=0), ValueError, "batch_size"),
    case("train_cnn-lr-nan", lambda: train_cnn(lr=NAN), ValueError, "lr", "finite"),
    case(
        "train_cnn-y_train-one-hot",
        lambda: train_cnn(y_train=np.eye(3)[LABELS]),
        ValueError,
        "y_train",
        "one-hot",
    ),
    case(
        "train_cnn-X_train-empty",
        lambda: train_cnn(X_train=np.zeros((0, 4, 4)), y_train=[]),
        ValueError,
        "X_train",
        "empty",
    ),
    case("train_cnn-y_test-None", lambda: train_cnn(y_test=None), TypeError, "y_test"),
    case(
        "logistic_baseline-C-0",
        lambda: cnn.logistic_baseline(DATA, BIN_LABELS, DATA, BIN_LABELS, C=0),
        ValueError,
        "C",
    ),
    case(
        "logistic_baseline-y_train-length",
        lambda: cnn.logistic_baseline(DATA, BIN_LABELS[:5], DATA, BIN_LABELS),
        ValueError,
        "y_train",
    ),
    case("plot_filters-None", lambda: cnn.plot_filters(None), TypeError, "net", "ConvNet"),
    case(
        "plot_feature_maps-image",
        lambda: cnn.plot_feature_maps(CONV, np.zeros(5)),
        ValueError,
        "image",
        "4 x 4",
    ),
    # --- rnn
    case(
        "RecurrentNet-n_hidden-float",
        lambda: rnn.RecurrentNet("rnn", 2, 2.5, 1),
        TypeError,
        "n_hidden",
        "got float 2.5",
    ),
    case("RecurrentNet-n_in-0", lambda: rnn.RecurrentNet("rnn", 0, 3, 1), ValueError, "n_in"),
    case(
        "RecurrentNet-n_in-str",
        lambda: rnn.RecurrentNet("rnn", "2", 3, 1),
        TypeError,
        "n_in",
    ),
    case(
        "RecurrentNet-n_out-0",
        lambda: rnn.RecurrentNet("rnn", 2, 3, 0),
        ValueError,
        "n_out",
    ),
    case(
        "RecurrentNet-forget_bias-nan",
        lambda: rnn.RecurrentNet("lstm", 2, 3, 1, forget_bias=NAN),
        ValueError,
        "forget_bias",
    ),
    case("RecurrentNet-T-0", lambda: LSTM(np.zeros((4, 0, 2))), ValueError, "X", "one time step"),
    case("RecurrentNet-B-0", lambda: LSTM(np.zeros((0, 5, 2))), ValueError, "X", "empty"),
    case("RecurrentNet-states-T-0", lambda: LSTM.states(np.zeros((4, 0, 2))), ValueError, "X"),
    case("RecurrentNet-X-None", lambda: LSTM(None), TypeError, "X", "NoneType"),
    case("RecurrentNet-X-complex", lambda: LSTM(SEQ + 0j), TypeError, "X", "real"),
    case("adding_problem-n-0", lambda: rnn.adding_problem(0, 6, RNG), ValueError, "n", ">= 1"),
    case(
        "adding_problem-T-1", lambda: rnn.adding_problem(4, 1, RNG), ValueError, "T", "at least 2"
    ),
    case(
        "adding_problem-T-float", lambda: rnn.adding_problem(4, 6.0, RNG), TypeError, "T", "float"
    ),
    case("train_adding-net-None", lambda: train_adding(net=None), TypeError, "net", "RecurrentNet"),
    case(
        "train_adding-net-shape",
        lambda: train_adding(net=CLASSIFIER),
        ValueError,
        "net",
        "2 inputs and 1 output",
    ),
    case("train_adding-steps-0", lambda: train_adding(steps=0), ValueError, "steps"),
    case("train_adding-eval_every-0", lambda: train_adding(eval_every=0), ValueError, "eval_every"),
    case("train_adding-n_eval-0", lambda: train_adding(n_eval=0), ValueError, "n_eval"),
    case(
        "train_adding-max_norm-0", lambda: train_adding(max_norm=0), ValueError, "max_norm", "> 0"
    ),
    case("train_adding-lr-str", lambda: train_adding(lr="0.01"), TypeError, "lr", "str"),
    case("train_adding-T-0", lambda: train_adding(T=0), ValueError, "T"),
    case(
        "train_digit_rows-label-range",
        lambda: train_digit_rows(y_train=np.array([0, 1, 2, 0])),
        ValueError,
        "y_train",
        r"\[0, 2\)",
    ),
    case(
        "train_digit_rows-length",
        lambda: train_digit_rows(y_test=SEQ_LABELS[:3]),
        ValueError,
        "y_test",
        "3 labels",
    ),
    case("train_digit_rows-epochs-0", lambda: train_digit_rows(epochs=0), ValueError, "epochs"),
    case(
        "gradient_norms-y-rank",
        lambda: rnn.gradient_norms_through_time(LSTM, SEQ, TARGETS[:, 0]),
        ValueError,
        "y",
        r"\(4, 1\)",
    ),
    case(
        "gradient_norms-net-None",
        lambda: rnn.gradient_norms_through_time(None, SEQ, TARGETS),
        TypeError,
        "net",
    ),
    case("plot_gradient_norms-empty", lambda: rnn.plot_gradient_norms({}), ValueError, "norms"),
    case("plot_gradient_norms-list", lambda: rnn.plot_gradient_norms([1.0]), TypeError, "norms"),
    case(
        "plot_gradient_norms-nan",
        lambda: rnn.plot_gradient_norms({"a": [1.0, NAN]}),
        ValueError,
        "norms['a']",
        "finite",
    ),
    # --- hopfield
    case("random_patterns-P-float", lambda: hopfield.random_patterns(2.5, 10), TypeError, "P"),
    case("random_patterns-P-0", lambda: hopfield.random_patterns(0, 10), ValueError, "P", ">= 1"),
    case("random_patterns-N-0", lambda: hopfield.random_patterns(2, 0), ValueError, "N", ">= 1"),
    case(
        "hebbian_weights-empty",
        lambda: hopfield.hebbian_weights(np.zeros((0, 5))),
        ValueError,
        "patterns",
        "empty",
    ),
    case("overlap-nan", lambda: hopfield.overlap([1, -1], [1, NAN]), ValueError, "b", "finite"),
    case(
        "overlap-not-spins", lambda: hopfield.overlap([1, 0.5], [1, 1]), ValueError, "a", "-1 and"
    ),
    case("overlap-shapes", lambda: hopfield.overlap([1, -1], [1, -1, 1]), ValueError, "a and b"),
    case("overlap-empty", lambda: hopfield.overlap([], []), ValueError, "a", "empty"),
    case("corrupt-None", lambda: hopfield.corrupt(PATTERNS[0], None), TypeError, "fraction"),
    case(
        "corrupt-nan", lambda: hopfield.corrupt(PATTERNS[0], NAN), ValueError, "fraction", "finite"
    ),
    case("corrupt-above-1", lambda: hopfield.corrupt(PATTERNS[0], 1.5), ValueError, "fraction"),
    case("recall-cue-None", lambda: hopfield.recall(W_HOP, None), TypeError, "cue", "NoneType"),
    case(
        "recall-cue-length",
        lambda: hopfield.recall(W_HOP, np.ones(8)),
        ValueError,
        "cue",
        r"s has 8 units but W has shape \(9, 9\)",
    ),
    case(
        "recall-max_sweeps-0",
        lambda: hopfield.recall(W_HOP, PATTERNS[0], 0),
        ValueError,
        "max_sweeps",
    ),
    case(
        "recall-max_sweeps-float",
        lambda: hopfield.recall(W_HOP, PATTERNS[0], 2.5),
        TypeError,
        "max_sweeps",
    ),
    case("energy-W-empty", lambda: hopfield.energy(np.zeros((0, 0)), []), ValueError, "W", "empty"),
    case("recall_vs_load-N-0", lambda: recall_vs_load(N=0), ValueError, "N"),
    case("recall_vs_load-loads-empty", lambda: recall_vs_load(loads=[]), ValueError, "loads"),
    case(
        "recall_vs_load-loads-negative", lambda: recall_vs_load(loads=[-0.1]), ValueError, "loads"
    ),
    case("recall_vs_load-loads-str", lambda: recall_vs_load(loads="0.1"), TypeError, "loads"),
    case("recall_vs_load-networks-0", lambda: recall_vs_load(networks=0), ValueError, "networks"),
    case("recall_vs_load-cues-float", lambda: recall_vs_load(cues=2.5), TypeError, "cues"),
    case("recall_vs_load-noise", lambda: recall_vs_load(noise=1.5), ValueError, "noise", "<= 1"),
    case(
        "plot_states-ncols-0", lambda: hopfield.plot_states(PATTERNS, ncols=0), ValueError, "ncols"
    ),
    case(
        "plot_states-not-square",
        lambda: hopfield.plot_states(np.ones((2, 7))),
        ValueError,
        "shape",
        "7 units",
    ),
    case(
        "plot_states-titles",
        lambda: hopfield.plot_states(PATTERNS, titles=["a"]),
        ValueError,
        "titles",
        "one title per state",
    ),
    case("plot_capacity-None", lambda: hopfield.plot_capacity(None), TypeError, "result"),
    case(
        "plot_capacity-cue_overlap",
        lambda: hopfield.plot_capacity(LOAD_RESULT, cue_overlap=2),
        ValueError,
        "cue_overlap",
        "<= 1",
    ),
    # --- rbm
    case("RBM-n_hidden-float", lambda: rbm.RBM(64, 2.5), TypeError, "n_hidden", "float"),
    case("RBM-n_visible-0", lambda: rbm.RBM(0, 2), ValueError, "n_visible", "positive integer"),
    case("RBM-init_scale", lambda: rbm.RBM(4, 2, init_scale=-1), ValueError, "init_scale", ">= 0"),
    case("binarize-threshold-str", lambda: rbm.binarize(BINARY, "0.5"), TypeError, "threshold"),
    case(
        "check_binary-n_features",
        lambda: rbm.check_binary(BINARY, n_features=2.5),
        TypeError,
        "n_features",
    ),
    case("gibbs-steps-0", lambda: MACHINE.gibbs(BINARY, steps=0), ValueError, "steps"),
    case("cd_step-lr-nan", lambda: MACHINE.cd_step(BINARY, lr=NAN), ValueError, "lr", "finite"),
    case("cd_step-k-0", lambda: MACHINE.cd_step(BINARY, k=0), ValueError, "k", ">= 1"),
    case("cd_step-empty", lambda: MACHINE.cd_step(np.zeros((0, 4))), ValueError, "v0", "empty"),
    case("fit-epochs-0", lambda: fit(epochs=0), ValueError, "epochs"),
    case("fit-batch-0", lambda: fit(batch_size=0), ValueError, "batch_size"),
    case("fit-lr-negative", lambda: fit(lr=-0.1), ValueError, "lr"),
    case("fit-X-empty", lambda: fit(X=np.zeros((0, 4))), ValueError, "X", "empty"),
    case(
        "fit-monitor-empty", lambda: fit(monitor=np.zeros((0, 4))), ValueError, "monitor", "empty"
    ),
    case(
        "reconstruction_error-empty",
        lambda: MACHINE.reconstruction_error(np.zeros((0, 4))),
        ValueError,
        "X",
        "empty",
    ),
    case(
        "pseudo_log_likelihood-empty",
        lambda: MACHINE.pseudo_log_likelihood(np.zeros((0, 4))),
        ValueError,
        "X",
    ),
    case("sample-n-0", lambda: MACHINE.sample(0), ValueError, "n"),
    case("sample-start-rows", lambda: MACHINE.sample(2, start=BINARY[:3]), ValueError, "start"),
    case(
        "independent_pixels-empty",
        lambda: rbm.RBM.independent_pixels(np.zeros((0, 4))),
        ValueError,
        "X",
    ),
    case("from_sklearn-None", lambda: rbm.RBM.from_sklearn(None), TypeError, "model"),
    case(
        "plot_images-pixels",
        lambda: rbm.plot_images(np.zeros((2, 5)), shape=(2, 2)),
        ValueError,
        "images",
    ),
    case(
        "plot_images-ncols-0",
        lambda: rbm.plot_images(np.zeros((2, 4)), (2, 2), ncols=0),
        ValueError,
        "ncols",
    ),
    case(
        "plot_images-titles",
        lambda: rbm.plot_images(np.zeros((2, 4)), (2, 2), titles=["a"]),
        ValueError,
        "titles",
    ),
    # --- dbn
    case("DBN-sizes-float", lambda: dbn.DBN([4, 2.5]), TypeError, "sizes[1]", "float 2.5"),
    case("DBN-sizes-str", lambda: dbn.DBN([4, "3"]), TypeError, "sizes[1]", "str"),
    case("DBN-sizes-None", lambda: dbn.DBN(None), TypeError, "sizes"),
    case("pretrain-epochs-0", lambda: BELIEF.pretrain(BINARY, epochs=0), ValueError, "epochs"),
    case("pretrain-lr-negative", lambda: BELIEF.pretrain(BINARY, lr=-1), ValueError, "lr"),
    case("pretrain-empty", lambda: BELIEF.pretrain(np.zeros((0, 4))), ValueError, "X", "empty"),
    case("transform-layers-0", lambda: BELIEF.transform(BINARY, layers=0), ValueError, "layers"),
    case(
        "transform-layers-float", lambda: BELIEF.transform(BINARY, layers=1.0), TypeError, "layers"
    ),
    case("classifier-n_classes-float", lambda: BELIEF.classifier(2.5), TypeError, "n_classes"),
    case(
        "random_classifier-sizes", lambda: dbn.random_classifier([4, 2.5], 2), TypeError, "sizes[1]"
    ),
    case("random_classifier-empty", lambda: dbn.random_classifier([], 2), ValueError, "sizes"),
    case("fine_tune-net-None", lambda: fine_tune(net=None), TypeError, "net", "LayerNet"),
    case("fine_tune-y-range", lambda: fine_tune(y=BIN_LABELS + 3), ValueError, "y", r"\[0, 2\)"),
    case("fine_tune-y-one-hot", lambda: fine_tune(y=np.eye(2)[BIN_LABELS]), ValueError, "y"),
    case("fine_tune-epochs-0", lambda: fine_tune(epochs=0), ValueError, "epochs"),
    case("fine_tune-lr-nan", lambda: fine_tune(lr=NAN), ValueError, "lr", "finite"),
    case("fine_tune-y_test-None", lambda: fine_tune(X_test=BINARY), TypeError, "y_test"),
    case(
        "fine_tune-X_test-columns",
        lambda: fine_tune(X_test=BINARY[:, :3], y_test=BIN_LABELS),
        ValueError,
        "X_test",
        "4 columns",
    ),
    # --- autoencoder
    case("Autoencoder-n_in-float", lambda: ae.Autoencoder(64.0, 2), TypeError, "n_in"),
    case("Autoencoder-n_code-float", lambda: ae.Autoencoder(64, 2.5), TypeError, "n_code"),
    case(
        "Autoencoder-hidden-float",
        lambda: ae.Autoencoder(4, 2, hidden=(2.5,)),
        TypeError,
        "hidden[0]",
    ),
    case(
        "Autoencoder-hidden-0", lambda: ae.Autoencoder(4, 2, hidden=(0,)), ValueError, "hidden[0]"
    ),
    case("reconstruction_error-None", lambda: ae.reconstruction_error(None, DATA), TypeError, "X"),
    case(
        "reconstruction_error-nan",
        lambda: ae.reconstruction_error(DATA, np.full_like(DATA, NAN)),
        ValueError,
        "X_hat",
        "finite",
    ),
    case(
        "reconstruction_error-shape",
        lambda: ae.reconstruction_error(DATA, DATA[:1]),
        ValueError,
        "X_hat",
        "shape",
    ),
    case(
        "reconstruction_error-empty",
        lambda: ae.reconstruction_error(np.zeros((0, 4)), np.zeros((0, 4))),
        ValueError,
        "X",
        "empty",
    ),
    case("train_autoencoder-None", lambda: train_autoencoder(ae=None), TypeError, "ae"),
    case(
        "train_autoencoder-empty",
        lambda: train_autoencoder(X_train=np.zeros((0, 4))),
        ValueError,
        "X_train",
        "empty",
    ),
    case("train_autoencoder-epochs-0", lambda: train_autoencoder(epochs=0), ValueError, "epochs"),
    case(
        "pca-n_components-0",
        lambda: ae.pca_reconstruction(DATA, DATA, 0),
        ValueError,
        "n_components",
    ),
    case(
        "pca-n_components-99",
        lambda: ae.pca_reconstruction(DATA, DATA, 99),
        ValueError,
        "n_components",
    ),
    case(
        "pca-X_test-columns",
        lambda: ae.pca_reconstruction(DATA, DATA[:, :3], 2),
        ValueError,
        "X_test",
        "4 columns",
    ),
    case("subspace_cosines-None", lambda: ae.subspace_cosines(None, DATA), TypeError, "A"),
    case(
        "subspace_cosines-columns",
        lambda: ae.subspace_cosines(DATA, DATA[:, :3]),
        ValueError,
        "A and B",
    ),
    case("plot_reconstructions-empty", lambda: ae.plot_reconstructions({}), ValueError, "rows"),
    case(
        "plot_reconstructions-pixels",
        lambda: ae.plot_reconstructions({"a": np.zeros((2, 5))}, shape=(2, 2)),
        ValueError,
        "rows['a']",
        "4 pixels",
    ),
    case(
        "plot_codes-labels",
        lambda: ae.plot_codes({"a": CODES}, np.full(6, 0.5)),
        ValueError,
        "labels",
        "whole-number",
    ),
    case(
        "plot_codes-codes-shape",
        lambda: ae.plot_codes({"a": DATA[:, :3]}, np.arange(6)),
        ValueError,
        "codes['a']",
        r"\(6, 2\)",
    ),
    # --- gan
    case("MLP-sizes-float", lambda: gan.MLP([1, 2.5, 1]), TypeError, "sizes[1]"),
    case("MLP-sizes-short", lambda: gan.MLP([1]), ValueError, "sizes"),
    case("gaussian_mixture-n-0", lambda: gan.gaussian_mixture(0, RNG), ValueError, "n"),
    case(
        "gaussian_mixture-stds",
        lambda: gan.gaussian_mixture(5, RNG, stds=(-1.0,)),
        ValueError,
        "stds",
    ),
    case(
        "gaussian_mixture-means",
        lambda: gan.gaussian_mixture(5, RNG, means=(NAN,)),
        ValueError,
        "means",
    ),
    case(
        "gaussian_mixture-weights",
        lambda: gan.gaussian_mixture(5, RNG, weights=(0.5,)),
        ValueError,
        "weights",
        "sum to 1",
    ),
    case("GAN-n_noise-float", lambda: gan.GAN(n_noise=2.5), TypeError, "n_noise"),
    case("GAN-g_hidden-float", lambda: gan.GAN(g_hidden=(2.5,)), TypeError, "g_hidden[0]"),
    case("GAN-d_hidden-None", lambda: gan.GAN(d_hidden=None), TypeError, "d_hidden"),
    case("generate-z-shape", lambda: ADVERSARIES.generate(np.zeros((3, 2))), ValueError, "z"),
    case("sample-n-float", lambda: ADVERSARIES.sample(2.5, RNG), TypeError, "n"),
    case(
        "discriminate-complex",
        lambda: ADVERSARIES.discriminate(np.zeros((3, 1)) + 0j),
        TypeError,
        "x",
        "real",
    ),
    case("train_gan-gan-None", lambda: train_gan(gan=None), TypeError, "gan"),
    case(
        "train_gan-sample_data-None", lambda: train_gan(sample_data=None), TypeError, "sample_data"
    ),
    case("train_gan-steps-0", lambda: train_gan(steps=0), ValueError, "steps"),
    case(
        "train_gan-sample_data-shape",
        lambda: train_gan(sample_data=lambda n, rng: np.zeros(n)),
        ValueError,
        "sample_data",
        r"shape \(4,\)",
    ),
    case(
        "train_gan-snapshot_every",
        lambda: train_gan(snapshot_every=-1),
        ValueError,
        "snapshot_every",
    ),
    case("train_gan-lr-0", lambda: train_gan(lr=0), ValueError, "lr", "> 0"),
    case("plot_densities-empty", lambda: gan.plot_densities({}), ValueError, "snapshots"),
    case(
        "plot_densities-nan",
        lambda: gan.plot_densities({0: [1.0, NAN]}),
        ValueError,
        "snapshots[0]",
        "finite",
    ),
    case(
        "plot_densities-target_pdf",
        lambda: gan.plot_densities(SAMPLES, target_pdf="norm"),
        TypeError,
        "target_pdf",
    ),
    case(
        "plot_densities-bins", lambda: gan.plot_densities(SAMPLES, bins=[1.0]), ValueError, "bins"
    ),
    # --- training helpers
    case("Adam-lr-str", lambda: training.Adam(PARAMS, lr="0.1"), TypeError, "lr", "str"),
    case("Adam-lr-nan", lambda: training.Adam(PARAMS, lr=NAN), ValueError, "lr", "finite"),
    case("Adam-lr-0", lambda: training.Adam(PARAMS, lr=0), ValueError, "lr", "> 0"),
    case("Adam-betas-1.5", lambda: training.Adam(PARAMS, betas=(1.5, 0.9)), ValueError, "betas[0]"),
    case("Adam-betas-one", lambda: training.Adam(PARAMS, betas=(0.9, 1.0)), ValueError, "betas[1]"),
    case("Adam-betas-number", lambda: training.Adam(PARAMS, betas=0.9), TypeError, "betas"),
    case("Adam-eps-0", lambda: training.Adam(PARAMS, eps=0), ValueError, "eps"),
    case("Adam-params-str", lambda: training.Adam("abc"), TypeError, "params"),
    case("Adam-params-floats", lambda: training.Adam([1.0]), TypeError, "params[0]", "Variable"),
    case("Adam-params-empty", lambda: training.Adam([]), ValueError, "params", "empty"),
    case("clip-max_norm-0", lambda: training.clip_grad_norm(PARAMS, 0), ValueError, "max_norm"),
    case("clip-max_norm-nan", lambda: training.clip_grad_norm(PARAMS, NAN), ValueError, "max_norm"),
    case("global_norm-None", lambda: training.global_norm(None), TypeError, "params"),
    case(
        "minibatches-batch-0",
        lambda: list(training.minibatches(5, 0, RNG)),
        ValueError,
        "batch_size",
    ),
    case("minibatches-n-float", lambda: list(training.minibatches(2.5, 2, RNG)), TypeError, "n"),
]


@pytest.mark.parametrize(("call", "exc", "arg", "detail"), CASES)
def test_bad_input_is_refused_with_an_error_that_names_the_argument(call, exc, arg, detail):
    with pytest.raises(exc) as info:
        call()
    message = str(info.value)
    assert re.search(rf"(?<![\w.]){re.escape(arg)}(?![\w])", message), message
    assert re.search(detail, message), message


# --- the perceptron's history: epoch 0 is the start of training


def test_epoch_0_is_the_zero_start_and_the_last_epoch_is_the_trained_perceptron():
    p = pc.train_perceptron(AND_X, AND_Y, epochs=20, seed=0)
    start = p.at_epoch(0)
    assert start.w.tolist() == [0.0, 0.0] and start.b == 0.0
    assert start.mistakes == [] and not start.converged
    last = p.at_epoch(len(p.mistakes))
    np.testing.assert_array_equal(last.w, p.w)
    assert last.b == p.b and last.converged == p.converged and last.mistakes == p.mistakes


def test_every_epoch_the_perceptron_page_asks_for_still_works():
    X, y = pc.logic_gate("xor")
    p = pc.train_perceptron(X, y, epochs=30, seed=0)
    for epoch in range(1, len(p.mistakes) + 1):  # as docs/architectures/perceptron.py does
        w, b = p.snapshots[epoch - 1]
        np.testing.assert_array_equal(p.at_epoch(epoch).w, w)
        assert p.at_epoch(epoch).mistakes == p.mistakes[:epoch]


def test_a_perceptron_without_a_training_history_says_so():
    with pytest.raises(ValueError, match="no snapshots"):
        pc.Perceptron(np.ones(2), 0.0).at_epoch(0)


@settings(max_examples=40, deadline=None)
@given(epoch=st.integers(-1000, 1000))
def test_at_epoch_accepts_exactly_the_epochs_that_were_run(epoch):
    n = len(PERCEPTRON.snapshots)
    if 0 <= epoch <= n:
        assert len(PERCEPTRON.at_epoch(epoch).mistakes) == epoch
    else:
        with pytest.raises(ValueError, match=f"epoch must be an integer in \\[0, {n}\\]"):
            PERCEPTRON.at_epoch(epoch)


# --- properties over many bad values


@settings(max_examples=30, deadline=None)
@given(size=st.floats(allow_nan=True, allow_infinity=True))
def test_a_float_layer_size_is_never_truncated(size):
    with pytest.raises(TypeError, match="n_hidden must be an integer, got float"):
        rnn.RecurrentNet("rnn", 2, size, 1)
    with pytest.raises(TypeError, match=r"sizes\[1\] must be an integer, got float"):
        dbn.DBN([4, size])


@settings(max_examples=20, deadline=None)
@given(n=st.integers(2, 10))
def test_one_hot_targets_never_broadcast_into_an_accuracy(n):
    """With as many images as classes, one-hot rows used to broadcast against the predictions."""
    net = cnn.ConvNet(n_filters=1, image_shape=(2, 2), n_classes=n, seed=0)
    images = np.random.default_rng(n).random((n, 2, 2))
    with pytest.raises(ValueError, match=r"y must be a 1-D array of class labels.*one-hot"):
        net.accuracy(images, np.eye(n))
    assert 0.0 <= net.accuracy(images, np.arange(n)) <= 1.0


@settings(max_examples=30, deadline=None)
@given(value=st.one_of(st.floats(max_value=0.0), st.just(NAN), st.just(INF)))
def test_a_learning_rate_that_is_not_positive_and_finite_is_refused_by_name(value):
    with pytest.raises(ValueError, match="lr must be"):
        pc.train_perceptron(AND_X, AND_Y, lr=value)
    with pytest.raises(ValueError, match="lr must be"):
        training.Adam(PARAMS, lr=value)


@settings(max_examples=20, deadline=None)
@given(B=st.integers(0, 3), T=st.integers(1, 4))
def test_sequences_without_steps_or_examples_are_refused(B, T):
    with pytest.raises(ValueError, match="X must have at least one time step"):
        LSTM(np.zeros((B, 0, 2)))
    with pytest.raises(ValueError, match="X must not be empty"):
        LSTM(np.zeros((0, T, 2)))
