"""One network, five frameworks: Lecture 01's network in NumPy, nnbook.autodiff, TensorFlow,
Keras and PyTorch.

Taught on the page *Lecture 02* (``docs/lectures/02-frameworks.py``).  The five
training functions take the same arguments and return the same results, so the
page (and ``tests/test_frameworks.py``) can run them from the same starting
weights on the same data and compare their loss curves.

Examples
--------
>>> from nnbook.frameworks import IMPLEMENTATIONS, lecture_problem, run_all
>>> list(IMPLEMENTATIONS)
['NumPy', 'nnbook.autodiff', 'TensorFlow', 'Keras', 'PyTorch']
>>> runs = run_all(lecture_problem(epochs=10), {"NumPy": IMPLEMENTATIONS["NumPy"]})
>>> len(runs["NumPy"][0])
10

Notes
-----
Modules:

* `trainers` -- the five training functions; each imports
  its framework inside the function, so ``import nnbook.frameworks`` needs neither
  TensorFlow nor PyTorch (install them with the ``tf`` and ``torch`` extras).
* `compare` -- the shared problem, running all five, the
  largest difference between curves, the overlay figure.
* `tabs` -- the functions' source as tabs on a page.
"""

from .compare import (
    IMPLEMENTATIONS,
    TOLERANCE,
    largest_difference,
    lecture_problem,
    plot_loss_curves,
    run_all,
)
from .tabs import source_tabs, source_tabs_html
from .trainers import train_autodiff, train_keras, train_numpy, train_tensorflow, train_torch

__all__ = [
    "IMPLEMENTATIONS",
    "TOLERANCE",
    "largest_difference",
    "lecture_problem",
    "plot_loss_curves",
    "run_all",
    "source_tabs",
    "source_tabs_html",
    "train_autodiff",
    "train_keras",
    "train_numpy",
    "train_tensorflow",
    "train_torch",
]
