"""The one-dimensional GAN: gradients of both players, the learned distribution, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from nnbook.architectures.gan import GAN, gaussian_mixture, train_gan
from nnbook.autodiff.checks import check_grads
from nnbook.autodiff.logistic import binary_cross_entropy_with_logits


def test_both_losses_have_gradients_that_match_central_differences():
    rng = np.random.default_rng(0)
    gan = GAN(g_hidden=(3,), d_hidden=(4,), seed=0)
    real, z = rng.normal(4, 1, (5, 1)), rng.standard_normal((5, 1))
    ones, zeros = np.ones((5, 1)), np.zeros((5, 1))
    n_g = len(gan.G.params)

    def losses(*params):
        g, d = params[:n_g], params[n_g:]
        gan.G.layers = [tuple(g[i : i + 2]) for i in range(0, len(g), 2)]
        gan.D.layers = [tuple(d[i : i + 2]) for i in range(0, len(d), 2)]
        fake = gan.generate(z)
        d_loss = binary_cross_entropy_with_logits(
            gan.discriminate(real), ones
        ) + binary_cross_entropy_with_logits(gan.discriminate(fake), zeros)
        return d_loss + 0.5 * binary_cross_entropy_with_logits(gan.discriminate(fake), ones)

    check_grads(losses, tuple(p.value for p in gan.G.params + gan.D.params), rtol=1e-5)


def test_generated_samples_match_the_target_mean_and_spread():
    """Target N(4, 1.25^2); bounds: mean within 0.3, standard deviation within 30 %."""
    gan = GAN(seed=0)
    train_gan(gan, gaussian_mixture, steps=2000, lr=5e-4, seed=0)
    x = gan.sample(5000, np.random.default_rng(1))
    assert abs(x.mean() - 4.0) < 0.3
    assert abs(x.std() - 1.25) < 0.3 * 1.25


def test_discriminator_refuses_samples_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"shape \(n, 1\)"):
        GAN().discriminate(np.zeros(5))


def test_mixture_parameters_must_agree():
    with pytest.raises(ValueError, match="same length"):
        gaussian_mixture(3, np.random.default_rng(0), means=(0.0, 1.0), stds=(1.0,))
