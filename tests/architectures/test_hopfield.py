"""Behaviour of the Hopfield network that a reader of the page would notice if it broke."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnbook.architectures import hopfield as hn


def test_recalls_stored_pattern_from_ten_percent_corrupted_cue_at_low_load():
    rng = np.random.default_rng(0)
    N, P = 200, 10  # load 0.05, well below 0.138
    xi = hn.random_patterns(P, N, rng=rng)
    W = hn.hebbian_weights(xi)
    for mu in range(P):
        cue = hn.corrupt(xi[mu], 0.10, rng=rng)
        assert hn.overlap(cue, xi[mu]) == pytest.approx(0.8)
        result = hn.recall(W, cue, rng=rng)
        assert result.converged
        np.testing.assert_array_equal(result.state, xi[mu])


def test_recall_fails_well_above_capacity():
    r = hn.recall_vs_load(200, [0.05, 0.3], networks=2, cues=10, seed=1)
    assert r["perfect"][0] == 1.0
    assert r["overlap"][1] < 0.8 and r["perfect"][1] == 0.0


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), P=st.integers(1, 12))
def test_asynchronous_updates_never_raise_the_energy(seed, P):
    rng = np.random.default_rng(seed)
    xi = hn.random_patterns(P, 40, rng=rng)
    W = hn.hebbian_weights(xi)
    start = hn.random_patterns(1, 40, rng=rng)[0]
    result = hn.recall(W, start, rng=rng, track_energy=True)
    assert np.all(np.diff(result.energies) <= 1e-12)
    assert result.energies[-1] == pytest.approx(hn.energy(W, result.state))


def test_weights_are_symmetric_with_zero_diagonal_and_patterns_are_fixed_points():
    xi = hn.random_patterns(3, 64, rng=2)
    W = hn.hebbian_weights(xi)
    np.testing.assert_allclose(W, W.T)
    assert np.all(np.diag(W) == 0)
    for p in xi:
        assert hn.recall(W, p, rng=0).sweeps == 1  # nothing changes in the first sweep


def test_three_pattern_mixture_is_a_spurious_fixed_point():
    rng = np.random.default_rng(3)
    xi = hn.random_patterns(5, 400, rng=rng)
    W = hn.hebbian_weights(xi)
    mix = hn.mixture_state(xi[:3])
    result = hn.recall(W, mix, rng=rng)
    assert hn.overlap(result.state, mix) > 0.95
    for mu in range(3):  # it is none of the stored patterns, but resembles each of the three
        assert 0.3 < hn.overlap(result.state, xi[mu]) < 0.7
    assert hn.energy(W, result.state) > max(hn.energy(W, p) for p in xi)


def test_reversed_pattern_is_also_stored():
    xi = hn.random_patterns(4, 100, rng=4)
    W = hn.hebbian_weights(xi)
    assert hn.overlap(hn.recall(W, -xi[0], rng=0).state, xi[0]) == -1.0


def test_bad_input_raises_clear_errors():
    with pytest.raises(ValueError, match="only -1 and \\+1"):
        hn.hebbian_weights([[0, 1, 1]])
    W = hn.hebbian_weights(hn.random_patterns(2, 10, rng=0))
    with pytest.raises(ValueError, match="s has 9 units but W has shape \\(10, 10\\)"):
        hn.recall(W, np.ones(9))
    with pytest.raises(ValueError, match="W must be square"):
        hn.energy(np.ones((3, 4)), np.ones(3))
    with pytest.raises(ValueError, match="fraction"):
        hn.corrupt(np.ones(4), 1.5)
