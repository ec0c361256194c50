"""Neural-network layers with their backward passes written out by hand.

Every layer has ``forward(x)`` and ``backward(dout)``; parameters and their gradients
live in the dicts ``layer.params`` and ``layer.grads`` (same keys)::

    model = Sequential(Linear(64, 32, seed=0), ReLU(), Linear(32, 10, seed=1))
    loss = SoftmaxCrossEntropy()
    value = loss.forward(model.forward(X), y)
    model.backward(loss.backward())
    optimizer.step(model.gradients())      # optimizer = Adam(model.parameters())

or, for whole runs, ``history = fit(model, loss, optimizer, (X, y), epochs, batch_size)``.
"""

from bplab.nn import init
from bplab.nn.base import Layer
from bplab.nn.dropout import Dropout
from bplab.nn.layers import Linear, ReLU, Sigmoid, Tanh
from bplab.nn.losses import MSELoss, SoftmaxCrossEntropy
from bplab.nn.rnn import RNN
from bplab.nn.sequential import Sequential
from bplab.nn.train import History, accuracy, fit

__all__ = [
    "RNN",
    "Dropout",
    "History",
    "Layer",
    "Linear",
    "MSELoss",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "SoftmaxCrossEntropy",
    "Tanh",
    "accuracy",
    "fit",
    "init",
]
