"""What the chapter *Automatic differentiation* (``docs/autodiff/``) runs and shows.

Modules, in the order of the chapter:

* `nnbook.lessons.autodiff.examples` -- the worked examples and their traces
  (lessons 01-03, 05).
* `nnbook.lessons.autodiff.draw` -- Graphviz pictures of a graph, step by step
  (lessons 01, 03, 07).
* `nnbook.lessons.autodiff.cost` -- what each mode costs, measured (lesson 04).
* `nnbook.lessons.autodiff.speed` -- one training step in several engines, timed
  (lesson 06 and ``benchmarks/autodiff.py``).
* `nnbook.lessons.autodiff.experiments` -- the breast-cancer experiments (lesson 07).
* `nnbook.lessons.autodiff.tensorflow_check` -- the engine against TensorFlow on random
  expressions (lesson 08 and ``tests/autodiff/test_against_tensorflow.py``).
"""
