r"""One time step of a plain, a long short-term memory and a gated recurrent network, as primitives.

A recurrent network applies the same *step* at every time $t$ to the input $x_t$
(shape ``(B, D)``: a batch of ``B`` sequences) and its state from the previous step.
Each step could be written with the engine's elementary operations (the tests do
exactly that, as an oracle); as one primitive it is one node per step instead of
about fifteen, which makes training on sequences of 50 steps about ten times
faster.  Notation: rows are examples, so a layer is $x W_x + h W_h + b$.

**Plain (Elman) step**, ``rnn_step(x, h, Wx, Wh, b)``:

$$ h_t = \tanh(x_t W_x + h_{t-1} W_h + b). $$

**LSTM step**, ``lstm_step(x, state, Wx, Wh, b)`` with ``state = [h, c]`` of shape
``(2, B, H)`` and the four blocks of $z = x_t W_x + h_{t-1} W_h + b$ in the order
input, forget, candidate, output (as in PyTorch):

$$
i = \sigma(z_i),\; f = \sigma(z_f),\; g = \tanh(z_g),\; o = \sigma(z_o), \qquad
c_t = f \odot c_{t-1} + i \odot g, \qquad h_t = o \odot \tanh(c_t).
$$

**GRU step**, ``gru_step(x, h, Wx, Wh, b)`` with blocks update, reset, candidate
(Cho et al., 2014, who apply the reset gate *before* the product with $W_h$):

$$
u = \sigma(x W_x^u + h W_h^u + b^u),\; r = \sigma(x W_x^r + h W_h^r + b^r),\;
n = \tanh(x W_x^n + (r \odot h) W_h^n + b^n), \qquad h_t = u \odot h_{t-1} + (1 - u) \odot n .
$$

The VJPs are back-propagation through one step: from the adjoint of the output
find the adjoint $\bar z$ of the pre-activations, then $\bar x = \bar z W_x^\top$,
$\bar h = \bar z W_h^\top$ (plus the direct paths), $\bar W_x = x^\top \bar z$,
$\bar W_h = h^\top \bar z$, $\bar b = \sum_{\text{rows}} \bar z$.  The JVPs push
tangents forward through the same equations.  The rules recompute the step's gates
from the parents' values, and one VJP returns the adjoints of all five parents,
skipping those that need none (the input $x_t$ is usually data).
"""

from __future__ import annotations

import numpy as np

from ..numerics import sigmoid
from .primitive import Primitive, unbroadcast

__all__ = ["GRUStep", "LSTMStep", "RNNStep"]


def _check(op, x, h, Wx, Wh, b, gates):
    """Shapes: x (B, D), h (B, H), Wx (D, G H), Wh (H, G H), b (G H,)."""
    if x.ndim != 2:
        raise ValueError(f"{op}: the input x_t must be 2-D (batch, features), got shape {x.shape}")
    if h.ndim != 2 or h.shape[0] != x.shape[0]:
        raise ValueError(
            f"{op}: the state must be (batch, hidden) with batch {x.shape[0]} "
            f"like x, got shape {h.shape}"
        )
    n_hidden = h.shape[1]
    want = {"Wx": (x.shape[1], gates * n_hidden), "Wh": (n_hidden, gates * n_hidden)}
    for name, arr in (("Wx", Wx), ("Wh", Wh)):
        if arr.shape != want[name]:
            raise ValueError(f"{op}: {name} must have shape {want[name]}, got {arr.shape}")
    if np.shape(b)[-1:] != (gates * n_hidden,):
        raise ValueError(f"{op}: b must end in {gates * n_hidden}, got shape {np.shape(b)}")


def _values(node):
    return [p.value for p in node.parents]


def _affine_tangent(x, h, Wx, Wh, tangents):
    """d(x Wx + h Wh + b) along the tangents of (x, h, Wx, Wh, b)."""
    dx, dh, dWx, dWh, db = tangents
    return dx @ Wx + x @ dWx + dh @ Wh + h @ dWh + db


def _affine_vjp(dz, node, h):
    """Adjoints of the five parents from the adjoint ``dz`` of $x W_x + h W_h + b$.

    ``h`` is the hidden state that multiplies $W_h$ (the second parent, or the first
    half of the LSTM's state); the second entry is $\bar h = \bar z W_h^\top$.
    ``None`` for a parent that needs no gradient.
    """
    x, state, Wx, Wh, b = node.parents
    return (
        dz @ Wx.value.T if x.needs_grad else None,
        dz @ Wh.value.T if state.needs_grad else None,
        x.value.T @ dz if Wx.needs_grad else None,
        h.T @ dz if Wh.needs_grad else None,
        unbroadcast(dz, b.value.shape) if b.needs_grad else None,
    )


# --------------------------------------------------------------------------- #
# Plain recurrent step
# --------------------------------------------------------------------------- #
class RNNStep(Primitive):
    r"""One step of a plain recurrent network, $h_t = \tanh(x_t W_x + h_{t-1} W_h + b)$.

    Shapes: ``x`` (B, D), ``h`` (B, H), ``Wx`` (D, H), ``Wh`` (H, H), ``b`` (H,).
    VJP: from $\bar z = \bar h_t \odot (1 - h_t^2)$, the adjoints of the affine map
    (see the module docstring).

    Examples
    --------
    >>> from nnbook.autodiff import Variable, rnn_step
    >>> Wh = Variable([[0.5]])
    >>> h1 = rnn_step(np.ones((1, 1)), np.zeros((1, 1)), np.ones((1, 1)), Wh, np.zeros(1))
    >>> h2 = rnn_step(np.zeros((1, 1)), h1, np.ones((1, 1)), Wh, np.zeros(1))
    >>> h2.backward()
    >>> print(round(float(h2.value[0, 0]), 4), round(float(Wh.grad[0, 0]), 4))
    0.3634 0.661
    """

    name = "rnn_step"
    inputs = ("x", "h", "Wx", "Wh", "b")

    def forward(self, x, h, Wx, Wh, b):
        _check("rnn_step", x, h, Wx, Wh, b, 1)
        return np.tanh(x @ Wx + h @ Wh + b)

    def vjp(self, g, node):
        return _affine_vjp(g * (1.0 - node.value**2), node, node.parents[1].value)

    def jvp(self, tangents, node):
        x, h, Wx, Wh, _ = _values(node)
        return (1.0 - node.value**2) * _affine_tangent(x, h, Wx, Wh, tangents)

    def cases(self, point):
        yield from _step_cases(self, 1, (3, 4), point)


# --------------------------------------------------------------------------- #
# LSTM step
# --------------------------------------------------------------------------- #
def _lstm_gates(x, state, Wx, Wh, b):
    h, c = state
    H = h.shape[1]
    z = x @ Wx + h @ Wh + b
    s = sigmoid(z)
    i, f, o = s[:, :H], s[:, H : 2 * H], s[:, 3 * H :]
    g = np.tanh(z[:, 2 * H : 3 * H])
    c_new = f * c + i * g
    return i, f, g, o, c_new, np.tanh(c_new)


class LSTMStep(Primitive):
    r"""One LSTM step: returns the new state $[h_t, c_t]$, shape ``(2, B, H)``.

    Shapes: ``x`` (B, D), ``state`` (2, B, H), ``Wx`` (D, 4H), ``Wh`` (H, 4H),
    ``b`` (4H,) in the order input, forget, candidate, output (see the module
    docstring for the equations and their VJPs).

    Examples
    --------
    >>> from nnbook.autodiff import Variable, lstm_step
    >>> b = Variable([0.0, 1.0, 0.0, 0.0])        # forget gate biased open
    >>> state = lstm_step(np.ones((1, 1)), np.zeros((2, 1, 1)), np.ones((1, 4)),
    ...                   np.zeros((1, 4)), b)
    >>> h, c = state[0], state[1]
    >>> c.sum().backward()
    >>> print(np.round([h.value[0, 0], c.value[0, 0]], 4), np.round(b.grad, 4))
    [0.3696 0.5568] [0.1497 0.     0.307  0.    ]
    """

    name = "lstm_step"
    inputs = ("x", "state", "Wx", "Wh", "b")

    def forward(self, x, state, Wx, Wh, b):
        if state.ndim != 3 or state.shape[0] != 2:
            raise ValueError(
                f"lstm_step: state must have shape (2, batch, hidden) holding "
                f"[h, c], got {state.shape}"
            )
        _check("lstm_step", x, state[0], Wx, Wh, b, 4)
        i, f, g, o, c_new, tc = _lstm_gates(x, state, Wx, Wh, b)
        return np.stack([o * tc, c_new])

    def vjp(self, g_out, node):
        x, state, Wx, Wh, b = _values(node)
        i, f, g, o, _, tc = _lstm_gates(x, state, Wx, Wh, b)
        gh, gc = g_out
        dc = gc + gh * o * (1.0 - tc**2)  # the cell's adjoint: direct plus through h_t
        dz = np.concatenate(
            [
                dc * g * i * (1.0 - i),  # input gate
                dc * state[1] * f * (1.0 - f),  # forget gate
                dc * i * (1.0 - g**2),  # candidate
                gh * tc * o * (1.0 - o),  # output gate
            ],
            axis=1,
        )
        gx, gh_prev, gWx, gWh, gb = _affine_vjp(dz, node, state[0])
        # the state [h, c]: h through W_h, c through the cell's direct path f * c
        gstate = None if gh_prev is None else np.stack([gh_prev, dc * f])
        return gx, gstate, gWx, gWh, gb

    def jvp(self, tangents, node):
        x, state, Wx, Wh, b = _values(node)
        i, f, g, o, _, tc = _lstm_gates(x, state, Wx, Wh, b)
        dstate = np.broadcast_to(tangents[1], state.shape)
        dz = _affine_tangent(
            x, state[0], Wx, Wh, (tangents[0], dstate[0], tangents[2], tangents[3], tangents[4])
        )
        di, df, dg, do = np.split(dz, 4, axis=1)
        di, df, dg, do = i * (1 - i) * di, f * (1 - f) * df, (1 - g**2) * dg, o * (1 - o) * do
        dc = df * state[1] + f * dstate[1] + di * g + i * dg
        return np.stack([do * tc + o * (1.0 - tc**2) * dc, dc])

    def cases(self, point):
        yield from _step_cases(self, 4, (2, 3, 4), point, row_bias=True)


# --------------------------------------------------------------------------- #
# GRU step
# --------------------------------------------------------------------------- #
def _gru_gates(x, h, Wx, Wh, b):
    n_hidden = h.shape[1]
    ax = x @ Wx + b  # input part of all three blocks
    ur = sigmoid(ax[:, : 2 * n_hidden] + h @ Wh[:, : 2 * n_hidden])
    u, r = ur[:, :n_hidden], ur[:, n_hidden:]
    rh = r * h
    n = np.tanh(ax[:, 2 * n_hidden :] + rh @ Wh[:, 2 * n_hidden :])
    return u, r, rh, n


class GRUStep(Primitive):
    r"""One GRU step, $h_t = u \odot h_{t-1} + (1 - u) \odot n$ (Cho et al., 2014).

    Shapes: ``x`` (B, D), ``h`` (B, H), ``Wx`` (D, 3H), ``Wh`` (H, 3H), ``b`` (3H,)
    in the order update, reset, candidate (see the module docstring).

    Examples
    --------
    >>> from nnbook.autodiff import Variable, gru_step
    >>> b = Variable([-2.0, 0.0, 0.0])            # update gate u = sigmoid(-1): mostly new
    >>> h = gru_step(np.ones((1, 1)), np.zeros((1, 1)), np.ones((1, 3)), np.ones((1, 3)), b)
    >>> h.backward()
    >>> print(round(float(h.value[0, 0]), 4), np.round(b.grad, 4))
    0.5568 [-0.1497  0.      0.307 ]
    """

    name = "gru_step"
    inputs = ("x", "h", "Wx", "Wh", "b")

    def forward(self, x, h, Wx, Wh, b):
        _check("gru_step", x, h, Wx, Wh, b, 3)
        u, _, _, n = _gru_gates(x, h, Wx, Wh, b)
        return u * h + (1.0 - u) * n

    def vjp(self, g, node):
        px, ph, pWx, pWh, pb = node.parents
        x, h, Wx, Wh, b = _values(node)
        u, r, rh, n = _gru_gates(x, h, Wx, Wh, b)
        H = h.shape[1]
        dn = g * (1.0 - u) * (1.0 - n**2)  # adjoint of n's pre-activation
        drh = dn @ Wh[:, 2 * H :].T  # adjoint of r * h
        du = g * (h - n) * u * (1.0 - u)
        dr = drh * h * r * (1.0 - r)
        dur = np.concatenate([du, dr], axis=1)
        dz = np.concatenate([dur, dn], axis=1)
        return (
            dz @ Wx.T if px.needs_grad else None,
            # the state: the direct path u * h, the gates, and r * h
            g * u + dur @ Wh[:, : 2 * H].T + drh * r if ph.needs_grad else None,
            x.T @ dz if pWx.needs_grad else None,
            np.concatenate([h.T @ dur, rh.T @ dn], axis=1) if pWh.needs_grad else None,
            unbroadcast(dz, np.shape(b)) if pb.needs_grad else None,
        )

    def jvp(self, tangents, node):
        x, h, Wx, Wh, b = _values(node)
        dx, dh, dWx, dWh, db = (
            np.broadcast_to(t, v.shape) for t, v in zip(tangents, (x, h, Wx, Wh, b), strict=True)
        )
        u, r, rh, n = _gru_gates(x, h, Wx, Wh, b)
        H = h.shape[1]
        dax = dx @ Wx + x @ dWx + db
        dur = dax[:, : 2 * H] + dh @ Wh[:, : 2 * H] + h @ dWh[:, : 2 * H]
        du = u * (1.0 - u) * dur[:, :H]
        drh = r * (1.0 - r) * dur[:, H:] * h + r * dh
        dn = (1.0 - n**2) * (dax[:, 2 * H :] + drh @ Wh[:, 2 * H :] + rh @ dWh[:, 2 * H :])
        return du * (h - n) + u * dh + (1.0 - u) * dn

    def cases(self, point):
        yield from _step_cases(self, 3, (3, 4), point)


def _step_cases(op, gates, state_shape, point, row_bias=False):
    """A batch of 3 sequences of 2 features, 4 hidden units: ``(x, state, Wx, Wh, b)``."""
    B, D, H = 3, 2, 4
    bias_shapes = [(gates * H,), (1, gates * H)] if row_bias else [(gates * H,)]
    for bias_shape in bias_shapes:
        args = (
            point((B, D)),
            point(state_shape),
            point((D, gates * H), scale=0.7),
            point((H, gates * H), scale=0.7),
            point(bias_shape, scale=0.5),
        )
        yield f"x {(B, D)}, state {state_shape}, b {bias_shape}", op.function, args
