"""Recurrent networks: gradients through time, the long-range task, and bad sequences."""

from __future__ import annotations

import numpy as np
import pytest

import nnbook.autodiff as ad
from nnbook.architectures.rnn import (
    RecurrentNet,
    adding_problem,
    gradient_norms_through_time,
    train_adding,
)
from nnbook.autodiff.checks import check_grads


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_sequence_loss_gradients_match_central_differences(cell):
    X, y = adding_problem(3, 5, np.random.default_rng(0))
    net = RecurrentNet(cell, 2, 4, 1, seed=0)

    def loss(Wx, Wh, b, Wy, by):
        net.Wx, net.Wh, net.b, net.Wy, net.by = Wx, Wh, b, Wy, by
        return ad.mean((net(X) - y) ** 2)

    check_grads(loss, tuple(p.value for p in net.params), rtol=1e-5)


def test_lstm_solves_the_adding_problem_with_T_50_that_the_plain_rnn_fails():
    """Predicting the mean of the target scores 1/6; the LSTM must get far below, the RNN not.

    After training, the LSTM still passes gradient back to the first step; the plain
    network's gradient at step 1 is many orders of magnitude below its gradient at step 50.
    """
    mse, decay = {}, {}
    X, y = adding_problem(64, 50, np.random.default_rng(5))
    for cell in ("lstm", "rnn"):
        net = RecurrentNet(cell, 2, 16, 1, seed=0)
        curve = train_adding(
            net, 50, steps=250, batch_size=32, lr=0.01, eval_every=250, n_eval=300, seed=0
        )
        mse[cell] = curve["mse"][-1]
        norms = gradient_norms_through_time(net, X, y)
        decay[cell] = norms[0] / norms[-1]
    assert mse["lstm"] < 0.05
    assert mse["rnn"] > 0.1
    assert decay["rnn"] < 1e-4
    assert decay["lstm"] > 1e-2


@pytest.mark.parametrize("shape", [(50, 2), (4, 50, 2, 1), (4,)])
def test_sequences_of_the_wrong_rank_raise_a_clear_error(shape):
    with pytest.raises(ValueError, match="3-D array"):
        RecurrentNet("gru", 2, 4, 1)(np.zeros(shape))


def test_wrong_number_of_features_raises_a_clear_error():
    with pytest.raises(ValueError, match="2 features per time step"):
        RecurrentNet("rnn", 2, 4, 1)(np.zeros((3, 5, 8)))


def test_unknown_cell_is_refused():
    with pytest.raises(ValueError, match="cell must be one of"):
        RecurrentNet("transformer", 2, 4, 1)
