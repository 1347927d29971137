"""The architectures tour: one module per architecture, each small enough to read in one sitting.

Each module is taught by a page under ``docs/architectures/``:

* :mod:`nnbook.architectures.perceptron` -- Rosenblatt's perceptron rule, its limit on
  XOR, and a hidden layer of sigmoid units that fixes it.
* :mod:`nnbook.architectures.cnn` -- a convolutional network (convolution, ReLU, max pooling,
  dense read-out) for 8 x 8 digits, and a logistic-regression baseline.
* :mod:`nnbook.architectures.rnn` -- plain, LSTM and GRU recurrent networks, the adding problem,
  digits read row by row, and gradient norms through time.
* :mod:`nnbook.architectures.hopfield` -- Hebbian storage, asynchronous recall, energy,
  capacity and spurious states.
* :mod:`nnbook.architectures.rbm` -- the binary restricted Boltzmann machine, trained by
  contrastive divergence.
* :mod:`nnbook.architectures.dbn` -- a deep belief network: greedy layer-wise RBMs, then
  fine-tuning.
* :mod:`nnbook.architectures.autoencoder` -- autoencoders (non-linear and linear) against PCA.
* :mod:`nnbook.architectures.gan` -- a one-dimensional generative adversarial network.
* :mod:`nnbook.architectures.training` -- Adam, mini-batches and gradient clipping for the
  gradient-trained architectures.

Submodules are imported on demand (``from nnbook.architectures import hopfield``).
"""
