"""The convolutional network: gradients, the baseline it must beat, and bad image sizes."""

from __future__ import annotations

import numpy as np
import pytest

import nnbook.autodiff as ad
from nnbook.architectures.cnn import ConvNet, logistic_baseline, train_cnn
from nnbook.autodiff.checks import check_grads
from nnbook.datasets import digits


@pytest.mark.parametrize("n_hidden", [0, 5])
def test_loss_gradients_match_central_differences(n_hidden):
    rng = np.random.default_rng(0)
    X, y = rng.random((3, 4, 6)), np.array([0, 2, 1])
    net = ConvNet(n_filters=2, image_shape=(4, 6), n_classes=3, n_hidden=n_hidden, seed=1)
    names = ["W", "b"] + (["U", "d"] if n_hidden else []) + ["V", "c"]

    def loss(*params):
        net.W, net.b = params[0], params[1]
        if n_hidden:
            net.hidden = list(params[2:4])
        net.V, net.c = params[-2], params[-1]
        return ad.cross_entropy(net(X), y)

    check_grads(loss, tuple(p.value for p in net.params), rtol=1e-5)
    assert len(names) == len(net.params)


def test_cnn_beats_logistic_regression_on_the_same_digits_split():
    X_train, X_test, y_train, y_test = digits(seed=0)
    baseline = logistic_baseline(X_train, y_train, X_test, y_test)["test_acc"]
    net = ConvNet(n_filters=32, n_hidden=64, seed=0)
    history = train_cnn(
        net,
        X_train.reshape(-1, 8, 8),
        y_train,
        X_test.reshape(-1, 8, 8),
        y_test,
        epochs=12,
        lr=0.003,
        seed=0,
    )
    assert history["test_acc"][-1] > baseline


def test_feature_maps_keep_the_image_size_and_are_non_negative():
    net = ConvNet(n_filters=3, seed=0)
    maps = net.feature_maps(np.random.default_rng(0).random((2, 8, 8))).value
    assert maps.shape == (2, 3, 8, 8) and maps.min() >= 0.0


def test_flattened_images_are_accepted():
    net = ConvNet(n_filters=2, seed=0)
    X = np.random.default_rng(0).random((2, 64))
    np.testing.assert_array_equal(net(X).value, net(X.reshape(2, 8, 8)).value)


@pytest.mark.parametrize("shape", [(2, 28, 28), (2, 8, 7), (2, 63), (8, 8, 1, 1)])
def test_wrong_image_sizes_raise_a_clear_error(shape):
    with pytest.raises(ValueError, match="images must be 8 x 8 pixels"):
        ConvNet(n_filters=2, seed=0)(np.zeros(shape))


def test_odd_image_shape_is_refused_at_construction():
    with pytest.raises(ValueError, match="two even sizes"):
        ConvNet(image_shape=(7, 8))
