"""A small training loop: the five steps of backpropagation, repeated over mini-batches.

For every mini-batch ``fit`` runs::

    pred = model.forward(X_batch)              # forward
    value = loss.forward(pred, y_batch)        # loss
    model.backward(loss.backward())            # backward: fills model.grads
    grads = clip(model.gradients())            # optional: rescale to norm <= clip
    optimizer.step(grads)                      # update, in place

and records what the notebooks plot in a ``History``. A run whose loss or gradients stop
being finite (a learning rate too large) ends there and says so in ``history.diverged_at``
instead of raising.
"""

import numbers
import time
from dataclasses import dataclass, field

import numpy as np

from bplab.data import batches
from bplab.nn.base import as_array, check_size
from bplab.nn.losses import SoftmaxCrossEntropy


@dataclass
class History:
    """What happened during ``fit``.

    Attributes
    ----------
    loss : list of float
        Mini-batch loss at every step.
    epoch_loss : list of float
        Mean mini-batch loss of every epoch.
    train_accuracy, eval_accuracy : list of float
        Accuracy on the whole training / evaluation set after every epoch (classification
        with ``SoftmaxCrossEntropy`` only; empty otherwise).
    eval_loss : list of float
        Loss on the evaluation set after every epoch (when ``eval_data`` is given).
    grad_norms : dict of str to list of float
        Per layer with parameters (``"0.Linear"``, ``"2.Linear"``, ...): the norm of its
        gradients at every step, before clipping.
    total_grad_norm : list of float
        Norm of all gradients together at every step, before clipping.
    steps_per_epoch : int
    seconds : float
        Wall-clock time of the whole run.
    diverged_at : int or None
        The step (counting from 1) whose loss or gradients were non-finite; training
        stopped there without applying it, and that step's values are the last recorded.
    """

    loss: list = field(default_factory=list)
    epoch_loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    eval_loss: list = field(default_factory=list)
    eval_accuracy: list = field(default_factory=list)
    grad_norms: dict = field(default_factory=dict)
    total_grad_norm: list = field(default_factory=list)
    steps_per_epoch: int = 0
    seconds: float = 0.0
    diverged_at: int | None = None


def accuracy(logits, labels):
    """Fraction of rows whose largest logit is at the true label."""
    return float(np.mean(np.argmax(logits, axis=-1) == np.asarray(labels)))


def _check_data(data, name):
    if not (isinstance(data, (tuple, list)) and len(data) == 2):
        raise TypeError(f"{name} must be a pair (X, y), got {type(data).__name__}")
    X, y = as_array(data[0], f"{name}[0] (X)"), np.asarray(data[1])
    if len(X) != len(y):
        raise ValueError(f"{name}: X and y must have the same number of rows, got {len(X)} "
                         f"and {len(y)}")
    if len(X) == 0:
        raise ValueError(f"{name} is empty")
    return X, y


def _evaluate(model, loss, X, y):
    """(loss, accuracy or None) on the whole set, in evaluation mode."""
    was_training = getattr(model, "training", True)
    model.eval()
    try:
        out = model.forward(X)
    finally:
        if was_training:
            model.train()
    value = loss.forward(out, y)
    return value, accuracy(out, y) if isinstance(loss, SoftmaxCrossEntropy) else None


def _layer_grad_norms(model):
    if hasattr(model, "grad_norms"):
        return model.grad_norms()
    return {"model": float(np.sqrt(sum(np.sum(g * g) for g in model.gradients())))}


def _progress_bar(progress, total):
    """A tqdm.auto bar that appears only after a second (always with True; never with False)."""
    if progress is False:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="step", delay=0.0 if progress else 1.0, leave=True)


def fit(model, loss, optimizer, data, epochs, batch_size, seed=0, clip=None, eval_data=None,
        progress=None):
    """Train ``model`` on ``data`` with mini-batch gradient steps and return a ``History``.

    Parameters
    ----------
    model : Layer or Sequential
        Anything with ``forward``, ``backward``, ``gradients`` and ``train``/``eval``.
    loss : MSELoss or SoftmaxCrossEntropy
    optimizer : a ``bplab.optim`` optimizer
        Built on ``model.parameters()``; ``optimizer.step(grads)`` updates them in place.
    data : (X, y)
        Training set.
    epochs, batch_size : int
    seed : int
        Seed of the shuffling; each epoch visits the rows in a fresh order.
    clip : float or None
        If given, rescale the gradients to total norm at most ``clip`` before each step
        (``bplab.optim.clip_grad_norm``).
    eval_data : (X, y) or None
        Scored after every epoch (loss, and accuracy for classification).
    progress : bool or None
        ``None`` shows a ``tqdm.auto`` bar only if the run lasts more than a second;
        ``True`` always; ``False`` never (for notebooks whose outputs are stored).

    Returns
    -------
    History
        Never raises on divergence: see ``History.diverged_at`` (numpy's overflow
        warnings are silenced during the run for the same reason).
    """
    X, y = _check_data(data, "data")
    eval_set = None if eval_data is None else _check_data(eval_data, "eval_data")
    epochs = check_size(epochs, "epochs")
    batch_size = check_size(batch_size, "batch_size")
    clipper = None if clip is None else _clipper(clip)
    rng = np.random.default_rng(seed)
    history = History(steps_per_epoch=-(-len(X) // batch_size))
    bar = _progress_bar(progress, epochs * history.steps_per_epoch)
    start = time.perf_counter()
    try:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            _epochs(model, loss, optimizer, (X, y), eval_set, epochs, batch_size, rng, clipper,
                    history, bar)
    finally:
        if bar is not None:
            bar.close()
    model.train()
    history.seconds = time.perf_counter() - start
    return history


def _epochs(model, loss, optimizer, train_set, eval_set, epochs, batch_size, rng, clipper,
            history, bar):
    """The training loop proper: ``epochs`` passes of mini-batch steps, or until divergence."""
    X, y = train_set
    for _ in range(epochs):
        model.train()
        for X_batch, y_batch in batches(X, y, batch_size, shuffle=True, seed=rng):
            _step(model, loss, optimizer, X_batch, y_batch, clipper, history)
            if bar is not None:
                bar.update()
            if history.diverged_at is not None:
                return
        _end_epoch(model, loss, train_set, eval_set, history)
        if bar is not None:
            bar.set_postfix(loss=f"{history.epoch_loss[-1]:.4f}", refresh=False)


def _clipper(clip):
    """``grads -> clipped grads`` at total norm ``clip`` (``bplab.optim.clip_grad_norm``)."""
    if isinstance(clip, bool) or not isinstance(clip, numbers.Real) or not clip > 0:
        raise ValueError(f"clip must be a positive number (the maximum gradient norm), "
                         f"got {clip!r}")
    from bplab.optim import clip_grad_norm

    return lambda grads: clip_grad_norm(grads, clip)[0]


def _step(model, loss, optimizer, X_batch, y_batch, clipper, history):
    """One forward, loss, backward and update; records loss and gradient norms.

    A non-finite loss or gradient norm marks the run as diverged and skips the update.
    """
    value = loss.forward(model.forward(X_batch), y_batch)
    model.backward(loss.backward())
    norms = _layer_grad_norms(model)
    for name, norm in norms.items():
        history.grad_norms.setdefault(name, []).append(norm)
    history.total_grad_norm.append(float(np.sqrt(sum(n * n for n in norms.values()))))
    history.loss.append(value)
    if not (np.isfinite(value) and np.isfinite(history.total_grad_norm[-1])):
        history.diverged_at = len(history.loss)
        return
    grads = model.gradients()
    optimizer.step(grads if clipper is None else clipper(grads))


def _end_epoch(model, loss, train_set, eval_set, history):
    """Epoch summaries: mean step loss, and whole-set accuracy / evaluation loss."""
    history.epoch_loss.append(float(np.mean(history.loss[-history.steps_per_epoch:])))
    if isinstance(loss, SoftmaxCrossEntropy):
        history.train_accuracy.append(_evaluate(model, loss, *train_set)[1])
    if eval_set is not None:
        eval_loss, eval_acc = _evaluate(model, loss, *eval_set)
        history.eval_loss.append(eval_loss)
        if eval_acc is not None:
            history.eval_accuracy.append(eval_acc)
