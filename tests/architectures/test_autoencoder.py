"""Autoencoders: gradients, the linear one recovers PCA, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import nnbook.autodiff as ad
from nnbook.architectures.autoencoder import Autoencoder, pca_reconstruction, train_autoencoder
from nnbook.autodiff.checks import check_grads
from nnbook.datasets import digits


@pytest.mark.parametrize("activation", ["tanh", "relu", "linear"])
def test_reconstruction_loss_gradients_match_central_differences(activation):
    X = np.random.default_rng(0).standard_normal((4, 6))  # both signs: no dead ReLU
    ae = Autoencoder(6, 2, hidden=[3], activation=activation, seed=0)
    layers = ae.encoder + ae.decoder

    def loss(*params):
        pairs = [tuple(params[i : i + 2]) for i in range(0, len(params), 2)]
        ae.encoder, ae.decoder = pairs[: len(ae.encoder)], pairs[len(ae.encoder) :]
        return ad.mean((ae(X) - X) ** 2)

    check_grads(loss, tuple(p.value for layer in layers for p in layer), rtol=1e-5)


def test_linear_autoencoder_recovers_pca_error_within_a_few_percent():
    X_train, X_test, _, _ = digits(seed=0)
    pca = pca_reconstruction(X_train, X_test, 2)
    ae = Autoencoder(64, 2, activation="linear", seed=0)
    history = train_autoencoder(ae, X_train, X_test, epochs=100, batch_size=128, lr=0.01)
    ratio = history["train"][-1] / pca["train"]
    assert 1.0 - 1e-6 < ratio < 1.03  # PCA is the optimum: no linear code can beat it


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: Autoencoder(64, 2)(np.zeros((3, 8, 8))), "X must be a 2-D array"),
        (lambda: Autoencoder(64, 2)(np.zeros((3, 63))), "X must have 64 columns"),
        (lambda: Autoencoder(64, 64), "bottleneck"),
        (lambda: Autoencoder(64, 2, activation="sigmoid"), "activation must be"),
    ],
)
def test_bad_input_raises_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
