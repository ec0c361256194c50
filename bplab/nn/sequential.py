"""A stack of layers: forward left to right, backward right to left."""

import numpy as np

from bplab.nn.base import Layer


class Sequential(Layer):
    """Layers applied in order; backpropagation runs them in reverse.

    ``forward`` keeps every layer's output in ``activations`` and ``backward`` keeps the
    gradient arriving at every layer's output in ``activation_grads`` (both lists in layer
    order), so a diagram can show what flowed through the network on the last pass.

    ``params`` / ``grads`` are dicts keyed ``"<layer index>.<name>"`` (``"0.W"``,
    ``"0.b"``, ``"2.W"``, ...); ``parameters()`` and ``gradients()`` are the matching
    lists, so ``opt = Adam(model.parameters()); opt.step(model.gradients())`` trains it.
    """

    def __init__(self, *layers):
        for i, layer in enumerate(layers):
            if not (hasattr(layer, "forward") and hasattr(layer, "backward")):
                raise TypeError(f"Sequential layer {i} must have forward and backward, "
                                f"got {type(layer).__name__}")
        self.layers = list(layers)
        self.training = True
        self.input = None
        self.activations = None
        self.activation_grads = None
        self.input_grad = None

    @property
    def params(self):
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers)
                for k, v in layer.params.items()}

    @property
    def grads(self):
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers)
                for k, v in layer.grads.items()}

    def gradients(self):
        return list(self.grads.values())

    def forward(self, x):
        self.input = x
        self.activations = []
        for layer in self.layers:
            x = layer.forward(x)
            self.activations.append(x)
        self.activation_grads = None
        return x

    def backward(self, dout):
        if self.activations is None:
            raise RuntimeError("Sequential.backward() called before forward(): run a forward "
                               "pass first, then backward on its gradient")
        grads = [None] * len(self.layers)
        for i in reversed(range(len(self.layers))):
            grads[i] = dout
            dout = self.layers[i].backward(dout)
        self.activation_grads = grads
        self.input_grad = dout
        return dout

    def train(self):
        self.training = True
        for layer in self.layers:
            layer.train()
        return self

    def eval(self):
        self.training = False
        for layer in self.layers:
            layer.eval()
        return self

    def predict(self, x):
        """The output in evaluation mode, as class labels when there are several outputs.

        Runs ``forward`` with dropout off (restoring the mode afterwards). With two or more
        output columns returns ``argmax`` over the last axis (int labels); with one column
        returns the output itself (regression).
        """
        was_training = self.training
        self.eval()
        try:
            out = self.forward(x)
        finally:
            if was_training:
                self.train()
        return np.argmax(out, axis=-1) if out.shape[-1] > 1 else out

    def grad_norms(self):
        """``{"<index>.<layer>": norm of that layer's gradients}`` for layers with parameters."""
        return {f"{i}.{type(layer).__name__}": layer.grad_norm()
                for i, layer in enumerate(self.layers) if layer.params}

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, i):
        return self.layers[i]

    def __repr__(self):
        lines = [f"  ({i}): {layer!r}".replace("\n", "\n  ") for i, layer in enumerate(self.layers)]
        return "Sequential(\n" + "\n".join(lines) + "\n)" if lines else "Sequential()"
