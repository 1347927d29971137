"""Greedy pre-training and fine-tuning of a deep belief network."""

import numpy as np
import pytest

from nnbook.architectures.dbn import DBN, fine_tune, random_classifier
from nnbook.architectures.rbm import binarize
from nnbook.autodiff import Constant, zero_grad
from nnbook.datasets import digits
from nnbook.gradcheck import max_relative_error, numerical_gradient
from nnbook.nn import accuracy, softmax_cross_entropy


@pytest.fixture(scope="module")
def data():
    X_train, X_test, y_train, y_test = digits(seed=0)
    return binarize(X_train), binarize(X_test), y_train, y_test


SIZES = [64, 64, 64]


@pytest.fixture(scope="module")
def pretrained(data):
    X_train = data[0]
    dbn = DBN(SIZES, seed=0)
    history = dbn.pretrain(X_train, epochs=10, lr=0.1, batch_size=10)
    return dbn, history


def test_every_layer_learns_to_reconstruct_its_input(pretrained):
    _, history = pretrained
    for layer in history:
        assert layer[-1] < 0.8 * layer[0]


@pytest.mark.slow
def test_pretrained_network_beats_random_weights_with_few_labels(data, pretrained):
    X_train, X_test, y_train, y_test = data
    dbn, _ = pretrained
    rng = np.random.default_rng(0)
    few = np.concatenate(
        [rng.choice(np.flatnonzero(y_train == c), 10, replace=False) for c in range(10)]
    )
    accuracies = []
    for net in (dbn.classifier(10, seed=0), random_classifier(SIZES, 10, seed=0)):
        fine_tune(net, X_train[few], y_train[few], epochs=40, lr=0.5, batch_size=10)
        accuracies.append(accuracy(net(X_test), y_test))
    pre, rand = accuracies
    assert pre > rand + 0.03
    assert pre > 0.75


def test_fine_tuning_gradients_match_finite_differences(data, pretrained):
    X_train, _, y_train, _ = data
    net = pretrained[0].classifier(10, seed=1)
    X, y = X_train[:8], y_train[:8]
    W1 = net.layers[0][0]

    def loss_at(value):
        old = W1.value
        W1.value = value
        out = float(softmax_cross_entropy(net(X), y).value)
        W1.value = old
        return out

    loss = softmax_cross_entropy(net(X), y)
    zero_grad(net.params)
    loss.backward()
    numeric = numerical_gradient(loss_at, W1.value)
    assert np.abs(numeric).max() > 1e-4  # the check is not about zeros
    # relative to the largest entry: single tiny entries carry rounding noise
    assert max_relative_error(W1.grad, numeric, floor=np.abs(numeric).max()) < 1e-6


def test_classifier_hidden_layers_reproduce_the_dbn_features(data, pretrained):
    X_test = data[1][:5]
    dbn, _ = pretrained
    net = dbn.classifier(10)
    h = Constant(X_test)
    for W, b in net.layers[:-1]:
        h = 1 / (1 + np.exp(-(h.value @ W.value + b.value)))
        h = Constant(h)
    np.testing.assert_allclose(h.value, dbn.transform(X_test))


def test_bad_input_raises_clear_errors(data):
    X_train, _, y_train, _ = data
    dbn = DBN([64, 10], seed=0)
    with pytest.raises(ValueError, match="must be binary"):
        dbn.pretrain(X_train * 0.5, epochs=1)
    with pytest.raises(ValueError, match="expected shape \\(n, 64\\)"):
        dbn.pretrain(X_train[:, :32], epochs=1)
    with pytest.raises(ValueError, match="integer class index"):
        fine_tune(dbn.classifier(10), X_train[:4], y_train[:4].astype(float), epochs=1)
