"""nnbook: the code of a book that teaches neural networks by building them.

Each module is one concept of the book and is documented on the page that
teaches it:

* `nnbook.mlp` -- Lecture 01, a one-hidden-layer network in NumPy.
* `nnbook.datasets` -- the letters of Lecture 01 and scikit-learn's bundled data.
* `nnbook.display` -- shows the package's own source on a page.
* `nnbook.gradcheck` -- finite-difference gradients, the book's independent oracle.
* `nnbook.plotting` -- the book's figure style and the figures of the lectures.
* `nnbook.numerics` -- the one stable sigmoid and softplus every module uses.
* `nnbook.validation` -- argument checks with clear error messages.
* `nnbook.autodiff` -- the automatic-differentiation engine (reverse and forward mode).
* `nnbook.nn` -- networks, losses and a gradient-descent step built on the engine.
* `nnbook.lessons` -- what the pages of the autodiff chapter run: worked examples,
  graph drawings, cost and speed measurements, the TensorFlow cross-check.
* `nnbook.tensors` -- describe, draw and compare tensors; broadcasting (tensors chapter).
* `nnbook.architectures` -- the ten classic architectures (architectures chapter).
* `nnbook.frameworks` -- one network in NumPy, TensorFlow, Keras, PyTorch (Lecture 02).

Submodules are imported on demand (``from nnbook import mlp``) so that
``import nnbook`` stays fast.
"""

__version__ = "0.1.0"
