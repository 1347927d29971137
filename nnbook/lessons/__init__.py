"""Code that the book's lessons run and show, beside the chapters that use it.

The package's core modules (`nnbook.autodiff`, `nnbook.mlp`, ...) are the things a
chapter builds; the modules here are what a chapter *does* with them: worked
examples, measurements, experiments, drawings and cross-checks against other
libraries.  They may import plotting and drawing libraries and, inside functions,
TensorFlow; the core modules never import anything from here.

* `nnbook.lessons.autodiff` -- the chapter *Automatic differentiation* (``docs/autodiff/``).
"""
