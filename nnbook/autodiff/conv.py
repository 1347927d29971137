r"""Convolution and max pooling on images, for the convolutional network of the architectures tour.

Images are stored as ``(N, C, H, W)``: examples, channels, rows, columns.  A
convolution layer slides ``F`` filters of shape ``(C, k_h, k_w)`` over each image
and, at every position, takes the dot product of the filter with the patch under
it (this is a *cross-correlation*; deep-learning libraries call it convolution):

$$
y_{n f i j} = \sum_{c, a, b} x_{n,c,\,s i + a,\,s j + b}\; w_{f c a b} .
$$

**im2col.**  Copy every patch into a row of a matrix $P$ (one row per example and
position, one column per filter weight); the convolution is then one matrix
product $P\,W^\top$ with the filters flattened into the rows of $W$.  The two VJPs
are the two matrix-product rules,

$$
\bar W = \bar Y^\top P, \qquad \bar P = \bar Y\, W,
$$

followed by *col2im*, which adds each row of $\bar P$ back onto the pixels its
patch came from (a pixel covered by several patches receives the sum).  The
convolution is linear in $x$ and in $w$, so its JVP is the sum of two convolutions,
$\dot y = \mathrm{conv}(\dot x, w) + \mathrm{conv}(x, \dot w)$.

**Max pooling** keeps the largest value of each ``size x size`` window of each
channel.  Its VJP sends the adjoint of a window to the entry that won (the first
one, if several tie) and zero to the others; its JVP reads the tangent at the winner.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..validation import check_int
from .primitive import Primitive

__all__ = ["Conv2d", "MaxPool2d"]


def _check_images(x, name, op):
    if x.ndim != 4:
        raise ValueError(
            f"{op}: {name} must be 4-D (examples, channels, rows, columns), got shape {x.shape}"
        )


def _patches(x, kh, kw, stride, padding):
    """im2col: the patches of ``x`` as rows, shape ``(N * Ho * Wo, C * kh * kw)``."""
    if padding:
        x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    win = sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    n, c, ho, wo = win.shape[:4]
    # (N, C, Ho, Wo, kh, kw) -> (N, Ho, Wo, C, kh, kw): one patch per row
    return win.transpose(0, 2, 3, 1, 4, 5).reshape(n * ho * wo, c * kh * kw), (ho, wo)


class Conv2d(Primitive):
    r"""Slide the filters ``w`` (F, C, kh, kw) over the images ``x`` (N, C, H, W).

    $y = x \star w$ (cross-correlation) via im2col; VJPs: the matrix-product rules,
    then col2im; JVP: $\mathrm{conv}(\dot x, w) + \mathrm{conv}(x, \dot w)$ (see the
    module docstring).

    Returns a node of shape ``(N, F, Ho, Wo)`` with
    ``Ho = (H + 2 * padding - kh) // stride + 1`` (and the same for columns).
    ``padding`` adds that many rows and columns of zeros around each image.

    Raises
    ------
    TypeError
        If ``stride`` or ``padding`` is not an integer.
    ValueError
        If ``stride < 1`` or ``padding < 0``, ``x`` or ``w`` is not 4-D, the channels
        disagree, or a filter is larger than the padded image.

    Examples
    --------
    >>> from nnbook.autodiff import Variable, conv2d
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> w = Variable(np.ones((1, 1, 2, 2)))   # sums each 2x2 patch
    >>> y = conv2d(x, w, stride=2)
    >>> print(y.value[0, 0])
    [[10. 18.]
     [42. 50.]]
    >>> y.sum().backward()
    >>> print(w.grad[0, 0])   # weight (a, b) receives the sum of the pixels it met
    [[20. 24.]
     [36. 40.]]
    """

    name = "conv2d"
    inputs = ("x", "w")

    def prepare(self, x, w, stride: int = 1, padding: int = 0):
        stride = check_int(stride, "conv2d: stride", low=1)
        padding = check_int(padding, "conv2d: padding", low=0)
        return (x, w), {"stride": stride, "padding": padding}

    def forward(self, x, w, stride=1, padding=0):
        _check_images(x, "x", "conv2d")
        if w.ndim != 4:
            raise ValueError(
                f"conv2d: w must be 4-D (filters, channels, rows, columns), got shape {w.shape}"
            )
        if w.shape[1] != x.shape[1]:
            raise ValueError(
                f"conv2d: x has {x.shape[1]} channels (shape {x.shape}) but the "
                f"filters w expect {w.shape[1]} (shape {w.shape})"
            )
        if 0 in w.shape:
            raise ValueError(
                "conv2d: w must have at least one filter, channel, row and column, "
                f"got shape {w.shape}"
            )
        kh, kw = w.shape[2:]
        if x.shape[2] + 2 * padding < kh or x.shape[3] + 2 * padding < kw:
            raise ValueError(
                f"conv2d: images of {x.shape[2]}x{x.shape[3]} pixels (padding "
                f"{padding}) are smaller than the {kh}x{kw} filters "
                f"(x of shape {x.shape}, w of shape {w.shape})"
            )
        cols, (ho, wo) = _patches(x, kh, kw, stride, padding)
        out = cols @ w.reshape(w.shape[0], -1).T  # (N * Ho * Wo, F)
        return out.reshape(x.shape[0], ho, wo, w.shape[0]).transpose(0, 3, 1, 2)

    def vjp(self, g, node):
        (px, pw), gx, gw = node.parents, None, None
        x, w = px.value, pw.value
        stride, padding = node.params.get("stride", 1), node.params.get("padding", 0)
        f, c, kh, kw = w.shape
        g2 = g.transpose(0, 2, 3, 1).reshape(-1, f)  # one row per patch
        if pw.needs_grad:
            cols, _ = _patches(x, kh, kw, stride, padding)
            gw = (g2.T @ cols).reshape(w.shape)
        if px.needs_grad:
            gx = self._col2im(g, g2, x, w, stride, padding)
        return gx, gw

    @staticmethod
    def _col2im(g, g2, x, w, stride, padding):
        """Add each patch's adjoint back onto the pixels it covered."""
        f, c, kh, kw = w.shape
        n, _, ho, wo = g.shape
        dcols = (g2 @ w.reshape(f, -1)).reshape(n, ho, wo, c, kh, kw)
        dx = np.zeros((n, c, x.shape[2] + 2 * padding, x.shape[3] + 2 * padding))
        for a in range(kh):
            for b in range(kw):
                dx[:, :, a : a + stride * ho : stride, b : b + stride * wo : stride] += dcols[
                    :, :, :, :, a, b
                ].transpose(0, 3, 1, 2)
        if padding:
            dx = dx[:, :, padding:-padding, padding:-padding]
        return dx

    def jvp(self, tangents, node):
        x, w = (p.value for p in node.parents)
        dx, dw = tangents
        params = node.params
        return self.forward(np.broadcast_to(dx, x.shape), w, **params) + self.forward(
            x, np.broadcast_to(dw, w.shape), **params
        )

    def cases(self, point):
        for xs, ws, stride, padding in [
            ((2, 1, 5, 5), (3, 1, 3, 3), 1, 0),
            ((2, 2, 6, 5), (3, 2, 3, 2), 1, 1),
            ((1, 3, 7, 7), (2, 3, 3, 3), 2, 0),
            ((2, 2, 6, 6), (1, 2, 2, 2), 2, 1),
        ]:
            yield (
                f"{xs} and {ws}, stride {stride}, padding {padding}",
                lambda x, w, s=stride, p=padding: self.function(x, w, stride=s, padding=p),
                (point(xs), point(ws)),
            )


class MaxPool2d(Primitive):
    r"""The largest value of each non-overlapping ``size x size`` window of each channel.

    ``x`` has shape ``(N, C, H, W)`` with ``H`` and ``W`` multiples of ``size``
    (an integer >= 1); the result has shape ``(N, C, H // size, W // size)``.
    VJP: $\bar x$ = $\bar y$ at the winners, 0 elsewhere; JVP: the tangent at the winners.

    Examples
    --------
    >>> from nnbook.autodiff import Variable, max_pool2d
    >>> x = Variable([[[[1.0, 5.0, 2.0, 0.0],
    ...                 [3.0, 4.0, 1.0, 7.0]]]])
    >>> y = max_pool2d(x)
    >>> y.sum().backward()
    >>> print(y.value.ravel(), x.grad[0, 0].astype(int).tolist())
    [5. 7.] [[0, 1, 0, 0], [0, 0, 0, 1]]
    """

    name = "max_pool2d"

    def prepare(self, x, size: int = 2):
        return (x,), {"size": check_int(size, "max_pool2d: size", low=1)}

    @staticmethod
    def _windows(x, size):
        n, c, h, w = x.shape
        win = x.reshape(n, c, h // size, size, w // size, size).transpose(0, 1, 2, 4, 3, 5)
        return win.reshape(n, c, h // size, w // size, size * size)

    def forward(self, x, size=2):
        _check_images(x, "x", "max_pool2d")
        if x.shape[2] < size or x.shape[3] < size:
            raise ValueError(
                f"max_pool2d: images of {x.shape[2]}x{x.shape[3]} pixels (x of shape "
                f"{x.shape}) are smaller than the {size}x{size} window (size={size})"
            )
        if x.shape[2] % size or x.shape[3] % size:
            raise ValueError(
                f"max_pool2d: rows and columns ({x.shape[2]}x{x.shape[3]}, "
                f"input shape {x.shape}) must be multiples of size={size}"
            )
        return self._windows(x, size).max(axis=-1)

    def _winners(self, node):
        """One-hot mask of the first maximum of each window, shape (N, C, Ho, Wo, size**2)."""
        size = node.params.get("size", 2)
        win = self._windows(node.parents[0].value, size)
        return np.eye(size * size)[win.argmax(axis=-1)], size

    def vjp(self, g, node):
        mask, size = self._winners(node)
        n, c, ho, wo = g.shape
        dwin = (mask * g[..., None]).reshape(n, c, ho, wo, size, size)
        return (dwin.transpose(0, 1, 2, 4, 3, 5).reshape(n, c, ho * size, wo * size),)

    def jvp(self, tangents, node):
        mask, size = self._winners(node)
        t = np.broadcast_to(tangents[0], node.parents[0].value.shape)
        return (self._windows(t, size) * mask).sum(axis=-1)

    def cases(self, point):
        # a random point has no ties, so the maximum is differentiable there
        for shape in [(2, 3, 4, 4), (1, 1, 6, 4)]:
            yield str(shape), self.function, (point(shape),)
