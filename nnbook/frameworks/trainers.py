r"""Lecture 01's network trained five ways: NumPy, nnbook.autodiff, TensorFlow, Keras, PyTorch.

Taught on the page *Lecture 02 · One network, five frameworks*
(``docs/lectures/02-frameworks.py``), which shows the code of each function below
and runs it.

Every function trains the same network, $A_2 = \sigma(\sigma(X W_1) W_2)$ with no
biases, on the mean squared error over all $nk$ outputs, with plain gradient descent
(no momentum): for each mini-batch, in the order of the rows of ``x``,
$W \leftarrow W - \text{lr}\;\partial L / \partial W$.  After each pass over the data
(epoch) it records the loss on all of ``x``.  Every function has the same signature
and returns the same three things:

``losses, w1, w2 = train_xxx(x, Y, w1, w2, lr=1.0, epochs=200, batch_size=1)``

* ``losses`` -- list of ``epochs`` floats, the loss on ``x`` after each epoch;
* ``w1, w2`` -- the trained weights as NumPy arrays in the lecture's layout,
  ``(d, h)`` and ``(h, k)``.

The inputs are never modified.  All arithmetic is float64 (``train_torch`` also
accepts ``dtype="float32"``, to show what single precision changes).  Each
framework is imported inside its function, so that importing this module, or
running the NumPy version, needs neither TensorFlow nor PyTorch.
"""

from __future__ import annotations

import numpy as np

from ..validation import as_float_array, check_real

__all__ = ["train_autodiff", "train_keras", "train_numpy", "train_tensorflow", "train_torch"]


def _checked(x, Y, w1, w2, lr, epochs, batch_size, dtype="float64"):
    """Validate the common arguments; return float64 copies of the arrays."""
    if dtype not in ("float64", "float32"):
        raise ValueError(f"dtype must be 'float64' or 'float32', got {dtype!r}")
    x = as_float_array(x, "x", ndim=2, nonempty=True).copy()
    Y = as_float_array(Y, "Y", ndim=2, nonempty=True).copy()
    w1 = as_float_array(w1, "w1", ndim=2).copy()
    w2 = as_float_array(w2, "w2", ndim=2).copy()
    if x.shape[0] != Y.shape[0]:
        raise ValueError(
            f"x and Y need one row per example: x has {x.shape[0]} rows "
            f"(shape {x.shape}), Y has {Y.shape[0]} (shape {Y.shape})"
        )
    if w1.shape[0] != x.shape[1] or w2.shape != (w1.shape[1], Y.shape[1]):
        raise ValueError(
            f"weights do not fit the data: x has shape {x.shape} and Y {Y.shape}, so w1 must "
            f"have {x.shape[1]} rows and w2 shape ({w1.shape[1]}, {Y.shape[1]}); got w1 "
            f"{w1.shape} and w2 {w2.shape}"
        )
    for name, n in (("epochs", epochs), ("batch_size", batch_size)):
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
            raise ValueError(f"{name} must be a positive integer, got {n!r}")
    check_real(lr, "lr", low=0, low_open=True)  # the learning rate
    return x, Y, w1, w2


def train_numpy(x, Y, w1, w2, lr=1.0, epochs=200, batch_size=1):
    """NumPy and Lecture 01's hand-derived gradients (`nnbook.mlp`).

    Examples
    --------
    >>> from nnbook.frameworks import lecture_problem
    >>> p = lecture_problem()
    >>> losses, w1, w2 = train_numpy(p["x"], p["Y"], p["w1"], p["w2"], epochs=20)
    >>> len(losses), losses[-1] < losses[0], w1.shape, w2.shape
    (20, True, (30, 5), (5, 3))
    """
    x, Y, w1, w2 = _checked(x, Y, w1, w2, lr, epochs, batch_size)
    from nnbook import mlp  # Lecture 01: forward, loss, gradients by hand

    losses = []
    for _ in range(epochs):
        for i in range(0, len(x), batch_size):  # the batches, in order
            xb, Yb = x[i : i + batch_size], Y[i : i + batch_size]
            dw1, dw2 = mlp.gradients(xb, Yb, w1, w2)  # backpropagation
            w1, w2 = w1 - lr * dw1, w2 - lr * dw2  # the update step
        losses.append(mlp.loss(mlp.forward(x, w1, w2), Y))
    return losses, w1, w2


def train_autodiff(x, Y, w1, w2, lr=1.0, epochs=200, batch_size=1):
    """The book's own reverse-mode engine, `nnbook.autodiff`.

    Examples
    --------
    >>> from nnbook.frameworks import lecture_problem
    >>> p = lecture_problem()
    >>> losses, w1, w2 = train_autodiff(p["x"], p["Y"], p["w1"], p["w2"], epochs=20)
    >>> len(losses), losses[-1] < losses[0], w1.shape, w2.shape
    (20, True, (30, 5), (5, 3))
    """
    x, Y, w1, w2 = _checked(x, Y, w1, w2, lr, epochs, batch_size)
    from nnbook.autodiff import Variable, mean, sigmoid, zero_grad

    W1, W2 = Variable(w1, name="W1"), Variable(w2, name="W2")  # parameters

    def model(xb):  # the forward pass records a graph
        return sigmoid(sigmoid(xb @ W1) @ W2)

    def loss_fn(out, Yb):
        return mean((out - Yb) ** 2)

    losses = []
    for _ in range(epochs):
        for i in range(0, len(x), batch_size):
            xb, Yb = x[i : i + batch_size], Y[i : i + batch_size]
            loss = loss_fn(model(xb), Yb)
            zero_grad([W1, W2])  # backward() adds into .grad: reset first
            loss.backward()  # reverse mode fills W1.grad and W2.grad
            for W in (W1, W2):  # the update step
                W.value = W.value - lr * W.grad
        losses.append(float(loss_fn(model(x), Y).value))
    return losses, W1.value, W2.value


def train_tensorflow(x, Y, w1, w2, lr=1.0, epochs=200, batch_size=1):
    """TensorFlow: variables, ``tf.GradientTape`` and a ``tf.data`` pipeline.

    Examples
    --------
    A run imports TensorFlow (seconds): see Lecture 02 and ``tests/test_frameworks.py``.
    The arguments are checked first:

    >>> x, Y = np.zeros((3, 30)), np.eye(3)
    >>> train_tensorflow(x, Y, np.zeros((25, 5)), np.zeros((5, 3)))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: weights do not fit the data: ... got w1 (25, 5) and w2 (5, 3)
    """
    x, Y, w1, w2 = _checked(x, Y, w1, w2, lr, epochs, batch_size)
    import tensorflow as tf

    W1, W2 = tf.Variable(w1), tf.Variable(w2)  # float64, like w1 and w2

    def model(xb):
        return tf.sigmoid(tf.sigmoid(xb @ W1) @ W2)

    def loss_fn(out, Yb):
        return tf.reduce_mean((out - Yb) ** 2)

    # the data pipeline: batches, in order
    data = tf.data.Dataset.from_tensor_slices((x, Y)).batch(batch_size)
    losses = []
    for _ in range(epochs):
        for xb, Yb in data:
            with tf.GradientTape() as tape:  # records the operations
                loss = loss_fn(model(xb), Yb)
            dW1, dW2 = tape.gradient(loss, [W1, W2])
            W1.assign_sub(lr * dW1)  # W1 <- W1 - lr * dW1, in place
            W2.assign_sub(lr * dW2)
        losses.append(float(loss_fn(model(x), Y)))
    return losses, W1.numpy(), W2.numpy()


def train_keras(x, Y, w1, w2, lr=1.0, epochs=200, batch_size=1):
    """Keras 3: ``Sequential``, ``compile`` and ``fit``, with a callback that records the loss.

    Keras converts float inputs to its default float type, ``keras.config.floatx()``
    (``"float32"`` unless changed), and its losses compute in that type too; the
    function sets it to ``"float64"`` while it runs and restores it afterwards.

    Examples
    --------
    A run imports Keras and TensorFlow (seconds): see Lecture 02 and
    ``tests/test_frameworks.py``.  The arguments are checked first:

    >>> train_keras(np.zeros((3, 30)), np.eye(3), np.zeros((30, 5)), np.zeros((5, 3)), epochs=0)
    Traceback (most recent call last):
    ...
    ValueError: epochs must be a positive integer, got 0
    """
    x, Y, w1, w2 = _checked(x, Y, w1, w2, lr, epochs, batch_size)
    import keras

    (d, h), k = w1.shape, w2.shape[1]
    previous = keras.config.floatx()
    keras.config.set_floatx("float64")  # data, weights and loss in float64
    try:
        model = keras.Sequential(
            [
                keras.Input(shape=(d,)),
                keras.layers.Dense(h, activation="sigmoid", use_bias=False),
                keras.layers.Dense(k, activation="sigmoid", use_bias=False),
            ]
        )
        model.set_weights([w1, w2])  # a kernel is (inputs, units), like w1
        loss_fn = keras.losses.MeanSquaredError()  # called as loss_fn(Y, out)
        optimizer = keras.optimizers.SGD(learning_rate=lr)  # momentum=0
        model.compile(optimizer=optimizer, loss=loss_fn)
        losses = []

        def record(epoch, logs):  # the loss on all the data, after the epoch
            losses.append(float(loss_fn(Y, model(x))))

        callback = keras.callbacks.LambdaCallback(on_epoch_end=record)
        model.fit(
            x,
            Y,
            batch_size=batch_size,
            epochs=epochs,
            shuffle=False,
            callbacks=[callback],
            verbose=0,
        )
    finally:
        keras.config.set_floatx(previous)
    w1, w2 = model.get_weights()
    return losses, w1, w2


def train_torch(x, Y, w1, w2, lr=1.0, epochs=200, batch_size=1, dtype="float64"):
    """PyTorch: ``nn.Sequential``, ``loss.backward()``, ``torch.optim.SGD``, a ``DataLoader``.

    ``dtype`` is ``"float64"`` or ``"float32"``.  ``nn.Linear`` stores its weight as
    ``(units, inputs)``, the transpose of the lecture's layout, and computes
    ``xb @ weight.T``.

    Examples
    --------
    A run imports PyTorch (a second or two): see Lecture 02 and
    ``tests/test_frameworks.py``.  The arguments are checked first:

    >>> x, Y = np.zeros((3, 30)), np.eye(3)
    >>> train_torch(x, Y, np.zeros((30, 5)), np.zeros((5, 3)), dtype="float16")
    Traceback (most recent call last):
    ...
    ValueError: dtype must be 'float64' or 'float32', got 'float16'
    """
    x, Y, w1, w2 = _checked(x, Y, w1, w2, lr, epochs, batch_size, dtype)
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    (d, h), k = w1.shape, w2.shape[1]
    dtype = getattr(torch, dtype)  # torch.float64 (or torch.float32)
    X, T = torch.tensor(x, dtype=dtype), torch.tensor(Y, dtype=dtype)
    model = nn.Sequential(
        nn.Linear(d, h, bias=False, dtype=dtype),
        nn.Sigmoid(),
        nn.Linear(h, k, bias=False, dtype=dtype),
        nn.Sigmoid(),
    )
    with torch.no_grad():  # setting the start is not differentiated
        model[0].weight.copy_(torch.tensor(w1.T))  # weight is (units, inputs)
        model[2].weight.copy_(torch.tensor(w2.T))
    loss_fn = nn.MSELoss()  # the mean over all entries
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)  # momentum=0
    # the data pipeline: batches, in order
    pairs = TensorDataset(X, T)  # (example, target) pairs
    data = DataLoader(pairs, batch_size=batch_size, shuffle=False)
    losses = []
    for _ in range(epochs):
        for xb, Yb in data:
            optimizer.zero_grad()  # backward() adds into .grad: reset first
            loss = loss_fn(model(xb), Yb)
            loss.backward()  # reverse mode fills each parameter's .grad
            optimizer.step()  # p <- p - lr * p.grad, for every parameter
        with torch.no_grad():
            losses.append(loss_fn(model(X), T).item())
    w1, w2 = (model[i].weight.detach().T.double().numpy() for i in (0, 2))
    return losses, w1.copy(), w2.copy()
