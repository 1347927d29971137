"""The architectures tour: one module per architecture, each small enough to read in one sitting.

Each module is taught by a page under ``docs/architectures/``:

* :mod:`nnbook.architectures.perceptron` -- Rosenblatt's perceptron rule, its limit on
  XOR, and a hidden layer of sigmoid units that fixes it.
* :mod:`nnbook.architectures.hopfield` -- Hebbian storage, asynchronous recall, energy,
  capacity and spurious states.
* :mod:`nnbook.architectures.rbm` -- the binary restricted Boltzmann machine, trained by
  contrastive divergence.
* :mod:`nnbook.architectures.dbn` -- a deep belief network: greedy layer-wise RBMs, then
  fine-tuning.

Submodules are imported on demand (``from nnbook.architectures import hopfield``).
"""
