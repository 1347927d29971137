"""Tests for nnbook.frameworks: the five implementations of Lecture 02 compute the same thing.

Lecture 02 (``docs/lectures/02-frameworks.py``) shows ``source_tabs(IMPLEMENTATIONS)`` and
runs ``run_all(lecture_problem())``: the tests below call those same functions, with
fewer epochs.  The agreement tolerance is ``nnbook.frameworks.TOLERANCE`` (1e-10); its
justification is next to its definition in ``nnbook/frameworks/compare.py``.  Two tests
show that it is tight enough to notice real differences (float32 arithmetic, a learning
rate 0.1 % off), so "they agree" is not a test that cannot fail.

TensorFlow, Keras and PyTorch come with the ``tf`` and ``torch`` extras; tests that need
them are skipped (and reported as skipped) when they are missing.
"""

from __future__ import annotations

import ast
import html
import importlib
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnbook import mlp
from nnbook.display import source_text
from nnbook.frameworks import (
    IMPLEMENTATIONS,
    TOLERANCE,
    largest_difference,
    lecture_problem,
    plot_loss_curves,
    run_all,
    source_tabs_html,
    train_autodiff,
    train_numpy,
    train_torch,
)
from nnbook.plotting import alt_text

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "lectures" / "02-frameworks.py"
EPOCHS = 40  # 120 steps of one example each


def _frameworks():
    """Skip unless TensorFlow, Keras and PyTorch are installed; import TensorFlow quietly."""
    for name in ("tensorflow", "keras", "torch"):
        pytest.importorskip(name)
    from nnbook.tensors import import_tensorflow_quietly

    import_tensorflow_quietly()


@pytest.fixture(scope="module")
def lecture_runs():
    """All five implementations, trained from Lecture 01's start for EPOCHS epochs."""
    _frameworks()
    return run_all(lecture_problem(epochs=EPOCHS))


# --------------------------------------------------------------------------- #
# The five agree
# --------------------------------------------------------------------------- #
@pytest.mark.slow
def test_all_five_give_the_same_losses(lecture_runs):
    curves = {name: losses for name, (losses, _, _) in lecture_runs.items()}
    assert list(curves) == list(IMPLEMENTATIONS)
    assert all(len(c) == EPOCHS for c in curves.values())
    gap, pair = largest_difference(curves)
    assert gap < TOLERANCE, f"{pair[0]} and {pair[1]} differ by {gap:.2e}"
    assert curves["NumPy"][-1] < curves["NumPy"][0] / 2  # and they did train


@pytest.mark.slow
def test_all_five_end_with_the_same_weights(lecture_runs):
    _, w1_ref, w2_ref = lecture_runs["NumPy"]
    start = lecture_problem()
    for name, (_, w1, w2) in lecture_runs.items():
        assert w1.shape == (30, 5) and w2.shape == (5, 3), name
        assert w1.dtype == w2.dtype == np.float64, name
        np.testing.assert_allclose(w1, w1_ref, rtol=0, atol=TOLERANCE, err_msg=name)
        np.testing.assert_allclose(w2, w2_ref, rtol=0, atol=TOLERANCE, err_msg=name)
        assert np.abs(w2 - start["w2"]).max() > 0.1, f"{name}: the weights did not move"


@pytest.mark.slow
@pytest.mark.parametrize("batch_size", [2, 3])
def test_all_five_agree_with_mini_batches(batch_size):
    """Batches of 2 leave a last batch of 1: each framework must average over that batch."""
    _frameworks()
    problem = {**lecture_problem(epochs=8), "batch_size": batch_size}
    runs = run_all(problem)
    gap, pair = largest_difference({name: r[0] for name, r in runs.items()})
    assert gap < TOLERANCE, f"batch_size={batch_size}: {pair} differ by {gap:.2e}"


def test_numpy_version_is_lecture_01_training():
    """The NumPy tab reproduces Lecture 01's ``mlp.train`` exactly, number for number."""
    p = lecture_problem(epochs=50)
    losses, w1, w2 = train_numpy(**p)
    _, lecture_losses, lecture_w1, lecture_w2 = mlp.train(
        p["x"], p["Y"], p["w1"], p["w2"], alpha=p["lr"], epoch=p["epochs"]
    )
    assert losses == lecture_losses
    assert np.array_equal(w1, lecture_w1) and np.array_equal(w2, lecture_w2)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 6),
    d=st.integers(1, 6),
    h=st.integers(1, 4),
    k=st.integers(1, 3),
    batch=st.integers(1, 6),
    lr=st.floats(0.05, 2.0),
    seed=st.integers(0, 2**16),
)
def test_numpy_autodiff_and_torch_agree_on_random_problems(n, d, h, k, batch, lr, seed):
    pytest.importorskip("torch")
    rng = np.random.default_rng(seed)
    args = {
        "x": rng.normal(size=(n, d)),
        "Y": rng.random((n, k)),
        "w1": rng.normal(size=(d, h)),
        "w2": rng.normal(size=(h, k)),
        "lr": lr,
        "epochs": 5,
        "batch_size": min(batch, n),
    }
    runs = run_all(
        args, {"NumPy": train_numpy, "nnbook.autodiff": train_autodiff, "PyTorch": train_torch}
    )
    gap, pair = largest_difference({name: r[0] for name, r in runs.items()})
    assert gap < TOLERANCE, f"{pair} differ by {gap:.2e}"


# --------------------------------------------------------------------------- #
# The tolerance notices real differences
# --------------------------------------------------------------------------- #
def test_float32_is_far_outside_the_tolerance():
    pytest.importorskip("torch")
    p = lecture_problem(epochs=EPOCHS)
    reference = train_numpy(**p)[0]
    single = train_torch(**p, dtype="float32")[0]
    gap, _ = largest_difference({"float64": reference, "float32": single})
    assert 100 * TOLERANCE < gap < 1e-5  # rounding of float32, not a different computation


def test_a_learning_rate_off_by_a_tenth_of_a_percent_is_noticed():
    p = lecture_problem(epochs=EPOCHS)
    gap, _ = largest_difference(
        {"lr": train_numpy(**p)[0], "lr * 1.001": train_numpy(**{**p, "lr": 1.001})[0]}
    )
    assert gap > 1000 * TOLERANCE


# --------------------------------------------------------------------------- #
# Each function's contract
# --------------------------------------------------------------------------- #
@pytest.mark.slow
def test_no_implementation_modifies_its_inputs_and_keras_restores_floatx():
    _frameworks()
    import keras

    before = keras.config.floatx()
    p = lecture_problem(epochs=1)
    saved = {k: v.copy() for k, v in p.items() if isinstance(v, np.ndarray)}
    for name, train in IMPLEMENTATIONS.items():
        train(**p)
        for key, value in saved.items():
            assert np.array_equal(p[key], value), f"{name} modified {key}"
    assert keras.config.floatx() == before


@pytest.mark.parametrize("name", list(IMPLEMENTATIONS))
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"w1": np.zeros((25, 5))}, "w1 must have 30 rows"),
        ({"w2": np.zeros((4, 3))}, r"w2 shape \(5, 3\)"),
        ({"Y": np.eye(2)}, "x and Y need one row per example"),
        ({"x": np.zeros(30)}, "x"),
        ({"epochs": 0}, "epochs must be a positive integer"),
        ({"batch_size": 1.5}, "batch_size must be a positive integer"),
        ({"lr": -1.0}, "lr"),
    ],
)
def test_bad_arguments_raise_a_clear_error_before_any_import(name, change, message):
    with pytest.raises(ValueError, match=message):
        IMPLEMENTATIONS[name](**{**lecture_problem(), **change})


def test_importing_nnbook_frameworks_imports_neither_tensorflow_nor_torch():
    code = (
        "import sys, nnbook.frameworks as f; f.train_numpy(**f.lecture_problem(epochs=1)); "
        "print(sorted(m for m in ('tensorflow', 'torch', 'keras') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- #
# What the page shows
# --------------------------------------------------------------------------- #
def _text_of(html_fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_fragment))


def test_tabs_show_exactly_the_code_that_runs():
    fragment = source_tabs_html(IMPLEMENTATIONS)
    labels = re.findall(r'<label for="[^"]+">([^<]*)</label>', fragment)
    assert labels == list(IMPLEMENTATIONS)
    blocks = fragment.split('<div class="tabbed-block">')[1:]
    for block, fn in zip(blocks, IMPLEMENTATIONS.values(), strict=True):
        assert source_text(fn, docstring=False) in _text_of(block)
    assert fragment.count('checked="checked"') == 1


def test_tab_ids_are_stable_and_differ_between_tab_sets():
    one = source_tabs_html(IMPLEMENTATIONS)
    assert one == source_tabs_html(IMPLEMENTATIONS)
    other = source_tabs_html({"NumPy": train_numpy})
    ids = set(re.findall(r'id="([^"]+)"', one)) & set(re.findall(r'id="([^"]+)"', other))
    assert not ids


def test_the_page_runs_the_functions_it_shows():
    page = PAGE.read_text(encoding="utf-8")
    assert "source_tabs(IMPLEMENTATIONS)" in page
    assert "run_all(problem)" in page
    assert "assert gap < TOLERANCE" in page
    for node in ast.walk(ast.parse(page)):  # every name the page imports from nnbook exists
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nnbook"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                assert hasattr(module, alias.name) or importlib.util.find_spec(
                    f"{node.module}.{alias.name}"
                ), f"{node.module}.{alias.name}"


# --------------------------------------------------------------------------- #
# Comparison helpers
# --------------------------------------------------------------------------- #
def test_largest_difference_rejects_a_single_curve_and_unequal_lengths():
    with pytest.raises(ValueError, match="at least two curves"):
        largest_difference({"a": [1.0]})
    with pytest.raises(ValueError, match="same length"):
        largest_difference({"a": [1.0], "b": [1.0, 2.0]})


def test_overlay_figure_draws_every_curve_and_every_gap():
    curves = {"a": [0.3, 0.2, 0.1], "b": [0.3, 0.2, 0.1 + 1e-16], "c": [0.3, 0.21, 0.1]}
    fig = plot_loss_curves(curves)
    ax_loss, ax_gap = fig.axes
    assert [line.get_label() for line in ax_loss.lines] == ["a", "b", "c"]
    gap_lines = {line.get_label(): line for line in ax_gap.lines}
    assert len(gap_lines["b"].get_xdata()) == 1  # only the epoch where b differs from a
    assert list(gap_lines["c"].get_xdata()) == [2]
    alt = alt_text(fig)  # the largest relative gap of each curve from "a"
    assert f"{abs((0.1 + 1e-16) - 0.1) / 0.1:.0e} for b" in alt
    assert f"{abs(0.21 - 0.2) / 0.2:.0e} for c" in alt
    with pytest.raises(ValueError, match="reference must be one of"):
        plot_loss_curves(curves, reference="d")
