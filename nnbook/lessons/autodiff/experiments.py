r"""The breast-cancer experiments of the autodiff chapter, reproducible from a seed.

The data are the Wisconsin diagnostic breast-cancer measurements bundled with
scikit-learn (569 tumours, 30 features, class 1 = benign).  Three networks from
the draft chapter, trained by plain gradient descent on nnbook's engine:

* `run_perceptron_net` -- single perceptrons on 7 principal components;
* `run_layer_net` -- a layered sigmoid network with input normalisation and
  the summed squared error;
* `run_softmax_net` -- softmax outputs and the cross-entropy, hidden layers
  of 10 and 3 units.

`source_split` is the split the draft chapter used (the first 300 rows for
training, the other 269 for testing); `nnbook.datasets.breast_cancer` gives
stratified random splits.
"""

from __future__ import annotations

import numpy as np

from ...nn import (
    LayerNet,
    PerceptronNet,
    _sizes,
    accuracy,
    softmax_cross_entropy,
    squared_error,
    train,
)
from ...validation import as_float_array, check_int

__all__ = ["pca", "run_layer_net", "run_perceptron_net", "run_softmax_net", "source_split"]


def source_split():
    """``X_train, X_test, y_train, y_test``: rows 0-299 and 300-568, raw features.

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = source_split()
    >>> X_train.shape, X_test.shape, round(float(np.mean(y_train == 0)), 4)
    ((300, 30), (269, 30), 0.4867)
    """
    from sklearn.datasets import load_breast_cancer

    X, y = load_breast_cancer(return_X_y=True)
    return X[:300], X[300:], y[:300], y[300:]


def pca(X_train, X_test, k: int):
    r"""Project both sets on the top ``k`` principal axes of the standardised training set.

    Standardise with the training mean and standard deviation, then take the
    eigenvectors of $Z^\top Z$ with the $k$ largest eigenvalues (``numpy.linalg.eigh``).

    Examples
    --------
    >>> P, Q = pca(np.random.default_rng(0).standard_normal((50, 4)), np.zeros((2, 4)), 2)
    >>> P.shape, Q.shape
    ((50, 2), (2, 2))
    """
    X_train = as_float_array(X_train, "pca: X_train", ndim=2, nonempty=True)
    X_test = as_float_array(X_test, "pca: X_test", ndim=2)
    d = X_train.shape[1]
    if X_test.shape[1] != d:
        raise ValueError(
            f"pca: X_test must have the {d} columns of X_train, got shape {X_test.shape}"
        )
    k = check_int(k, "pca: k", low=1, high=d)
    mu, sd = X_train.mean(axis=0), X_train.std(axis=0)
    if np.any(sd == 0):
        raise ValueError(
            f"pca: column {int(np.argmin(sd))} of X_train is constant, so it cannot be "
            "standardised (its standard deviation is 0)"
        )
    Z, Z_test = (X_train - mu) / sd, (X_test - mu) / sd
    _, vectors = np.linalg.eigh(Z.T @ Z)  # ascending eigenvalues
    V = vectors[:, ::-1][:, :k]
    return Z @ V, Z_test @ V


def _check_data(X_train, y_train, X_test, y_test):
    """Both input sets as 2-D arrays with the same columns, each with one label per row."""
    X_train = as_float_array(X_train, "X_train", ndim=2, nonempty=True)
    X_test = as_float_array(X_test, "X_test", ndim=2, nonempty=True)
    if X_test.shape[1] != X_train.shape[1]:
        raise ValueError(
            f"X_test must have the {X_train.shape[1]} columns of X_train, got shape {X_test.shape}"
        )
    for name, X, y in (("y_train", X_train, y_train), ("y_test", X_test, y_test)):
        if np.shape(y) != (X.shape[0],):
            raise ValueError(
                f"{name} must hold one label per row, shape ({X.shape[0]},), got {np.shape(y)}"
            )
    return X_train, X_test


def _run(net, loss_fn, X_train, y_train, X_test, y_test, lr, steps):
    before = accuracy(net(X_train), y_train)
    losses = train(net, loss_fn, X_train, y_train, lr=lr, steps=steps)
    return {
        "net": net,
        "losses": losses,
        "train_before": before,
        "train": accuracy(net(X_train), y_train),
        "test": accuracy(net(X_test), y_test),
    }


def run_perceptron_net(
    X_train,
    y_train,
    X_test,
    y_test,
    *,
    hidden: int = 5,
    seed: int = 0,
    lr: float = 0.001,
    steps: int = 100,
) -> dict:
    """The draft chapter's perceptron net: ``hidden`` perceptrons and one output.

    The loss is the summed squared error.  Returns ``losses``, accuracies
    ``train_before``, ``train``, ``test`` and the ``net``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((40, 3)); y = (X[:, 0] > 0).astype(float)
    >>> r = run_perceptron_net(X, y, X, y, hidden=2, lr=0.05, steps=50)
    >>> r["losses"][-1] < r["losses"][0]
    True
    """
    X_train, X_test = _check_data(X_train, y_train, X_test, y_test)
    net = PerceptronNet([X_train.shape[1], check_int(hidden, "hidden")], seed=seed)
    return _run(
        net,
        squared_error,
        X_train,
        np.asarray(y_train, float),
        X_test,
        np.asarray(y_test, float),
        lr,
        steps,
    )


def run_layer_net(
    X_train,
    y_train,
    X_test,
    y_test,
    *,
    hidden=(5,),
    seed: int = 0,
    lr: float = 0.01,
    steps: int = 100,
    normalise: bool = True,
) -> dict:
    """The draft chapter's layered net: sigmoid layers, bias on the first layer only.

    The loss is the summed squared error.

    With ``normalise``, the graph starts by shifting and scaling the inputs with
    the training mean and standard deviation, as the draft chapter did.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((40, 3)); y = (X[:, 0] > 0).astype(int)
    >>> r = run_layer_net(X, y, X, y, hidden=[3], lr=0.05, steps=100)
    >>> r["train"] > 0.8
    True
    """
    X_train, X_test = _check_data(X_train, y_train, X_test, y_test)
    hidden = _sizes(hidden, "hidden")
    bias = [True] + [False] * len(hidden)
    stats = (X_train.mean(axis=0), X_train.std(axis=0)) if normalise else None
    net = LayerNet(X_train.shape[1], list(hidden), 1, bias=bias, normalise=stats, seed=seed)
    col = lambda v: np.asarray(v, float).reshape(-1, 1)  # noqa: E731
    return _run(net, squared_error, X_train, col(y_train), X_test, col(y_test), lr, steps)


def run_softmax_net(
    X_train,
    y_train,
    X_test,
    y_test,
    *,
    hidden=(10, 3),
    seed: int = 0,
    lr: float = 1.0,
    steps: int = 1000,
) -> dict:
    """Two softmax outputs and the mean cross-entropy, normalised inputs, biases everywhere.

    Weights start from a normal distribution with variance 1/fan-in (the uniform
    $[0, 1)$ start of the other two nets makes every unit start alike).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((40, 3)); y = (X[:, 0] > 0).astype(int)
    >>> r = run_softmax_net(X, y, X, y, hidden=[4], steps=100)
    >>> r["train"] > 0.9
    True
    """
    X_train, X_test = _check_data(X_train, y_train, X_test, y_test)
    hidden = _sizes(hidden, "hidden")
    stats = (X_train.mean(axis=0), X_train.std(axis=0))
    net = LayerNet(
        X_train.shape[1],
        list(hidden),
        2,
        bias=True,
        normalise=stats,
        output="logits",
        seed=seed,
        init="normal",
    )
    return _run(
        net,
        softmax_cross_entropy,
        X_train,
        np.asarray(y_train, int),
        X_test,
        np.asarray(y_test, int),
        lr,
        steps,
    )
