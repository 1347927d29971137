"""The architectures tour: one module per architecture, each small enough to read in one sitting.

Each module is taught by a page under ``docs/architectures/``:

* `nnbook.architectures.perceptron` -- Rosenblatt's perceptron rule, its limit on
  XOR, and a hidden layer of sigmoid units that fixes it.
* `nnbook.architectures.cnn` -- a convolutional network (convolution, ReLU, max pooling,
  dense read-out) for 8 x 8 digits, and a logistic-regression baseline.
* `nnbook.architectures.rnn` -- plain, LSTM and GRU recurrent networks, the adding problem,
  digits read row by row, and gradient norms through time.
* `nnbook.architectures.hopfield` -- Hebbian storage, asynchronous recall, energy,
  capacity and spurious states.
* `nnbook.architectures.rbm` -- the binary restricted Boltzmann machine, trained by
  contrastive divergence.
* `nnbook.architectures.dbn` -- a deep belief network: greedy layer-wise RBMs, then
  fine-tuning.
* `nnbook.architectures.autoencoder` -- autoencoders (non-linear and linear) against PCA.
* `nnbook.architectures.gan` -- a one-dimensional generative adversarial network.
* `nnbook.architectures.training` -- Adam, mini-batches and gradient clipping for the
  gradient-trained architectures.

Submodules are imported on demand (``from nnbook.architectures import hopfield``).
"""
