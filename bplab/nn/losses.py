"""Losses: ``forward(pred, target) -> float`` and ``backward() -> dL/dpred``.

Both use the mean reduction of their PyTorch namesakes, so the numbers carry over:

- ``MSELoss``: ``L = mean((pred - target)^2)`` over all elements, and
  ``dL/dpred = 2 (pred - target) / size``.
- ``SoftmaxCrossEntropy`` (torch's ``CrossEntropyLoss`` on logits ``z`` and integer labels ``y``):
  ``L = mean_i [logsumexp(z_i) - z_{i, y_i}]`` and ``dL/dz = (softmax(z) - onehot(y)) / N``.
"""

import numpy as np

from bplab.nn.base import as_array


class _Loss:
    """Shared plumbing: ``__call__`` is ``forward``; ``backward`` needs a forward first."""

    def __init__(self):
        self._grad = None

    def __call__(self, pred, target):
        return self.forward(pred, target)

    def backward(self):
        """dL/dpred for the last ``forward`` (same shape as ``pred``)."""
        if self._grad is None:
            raise RuntimeError(f"{type(self).__name__}.backward() called before forward(): "
                               "compute the loss first")
        return self._grad

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSELoss(_Loss):
    """Mean squared error over all elements (torch's default ``reduction="mean"``).

    ``target`` must have the shape of ``pred``; as the one exception, flat targets of
    shape ``(n,)`` are accepted for predictions of shape ``(n, 1)`` (a regression net's
    single output column) instead of silently broadcasting to ``(n, n)``.
    """

    def forward(self, pred, target):
        pred, target = as_array(pred, "pred"), as_array(target, "target")
        if target.shape != pred.shape:
            if pred.ndim == 2 and pred.shape[1] == 1 and target.shape == pred.shape[:1]:
                target = target[:, None]
            else:
                raise ValueError(f"MSELoss expected target of shape {pred.shape} (the shape "
                                 f"of pred), got {target.shape}")
        if pred.size == 0:
            raise ValueError("MSELoss got an empty batch")
        diff = pred - target
        self._grad = 2.0 * diff / diff.size
        return float(np.mean(diff ** 2))


def check_labels(labels, n, classes):
    """Integer labels of shape ``(n,)`` with values in ``[0, classes)``, or a clear error."""
    labels = np.asarray(labels)
    if labels.dtype == bool or not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(f"labels must be integer class indices 0..{classes - 1}, got dtype "
                        f"{labels.dtype} (convert with labels.astype(int) if they are whole "
                        "numbers)")
    if labels.shape != (n,):
        raise ValueError(f"labels must have shape ({n},) (one per row of logits), "
                         f"got {labels.shape}")
    if n and (labels.min() < 0 or labels.max() >= classes):
        bad = labels[(labels < 0) | (labels >= classes)][0]
        raise ValueError(f"labels must lie in 0..{classes - 1} for {classes} classes, "
                         f"got {bad}")
    return labels


class SoftmaxCrossEntropy(_Loss):
    """Softmax followed by cross-entropy, fused so it is stable and its gradient is simple.

    ``forward(logits, labels)`` takes logits of shape ``(N, C)`` and integer labels of
    shape ``(N,)``; it keeps the class probabilities in ``probs``. Subtracting the
    row maximum before exponentiating keeps logits of +-1000 finite.
    """

    def __init__(self):
        super().__init__()
        self.probs = None

    def forward(self, logits, labels):
        z = as_array(logits, "logits")
        if z.ndim != 2 or z.shape[0] == 0 or z.shape[1] < 2:
            raise ValueError(f"SoftmaxCrossEntropy expected logits of shape (batch, classes) "
                             f"with at least 2 classes, got {z.shape}")
        n, classes = z.shape
        labels = check_labels(labels, n, classes)
        shifted = z - z.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.probs = np.exp(log_probs)
        rows = np.arange(n)
        grad = self.probs.copy()
        grad[rows, labels] -= 1.0
        self._grad = grad / n
        return float(-log_probs[rows, labels].mean())
