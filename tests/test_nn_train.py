import time

import numpy as np
import pytest

from bplab import optim
from bplab.data import digits, regression, spirals, standardize, train_test_split
from bplab.nn import History, Linear, MSELoss, ReLU, Sequential, SoftmaxCrossEntropy, Tanh, fit


def _mlp(sizes, seed=0):
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        layers += [Linear(a, b, seed=seed + i), ReLU()]
    return Sequential(*layers[:-1])


def test_mlp_with_adam_reaches_95_percent_on_digits():
    X, y = digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, seed=0)
    X_train, X_test = standardize(X_train, X_test)
    model = _mlp([64, 64, 10])
    history = fit(model, SoftmaxCrossEntropy(), optim.Adam(model.parameters(), lr=3e-3),
                  (X_train, y_train), epochs=15, batch_size=32, eval_data=(X_test, y_test),
                  progress=False)
    assert history.eval_accuracy[-1] >= 0.95
    assert np.mean(model.predict(X_test) == y_test) == history.eval_accuracy[-1]


def test_mlp_fits_three_spirals():
    X, y = spirals(n=300, classes=3, noise=0.2, seed=0)
    model = _mlp([2, 64, 64, 3])
    history = fit(model, SoftmaxCrossEntropy(), optim.Adam(model.parameters(), lr=1e-2),
                  (X, y), epochs=100, batch_size=32, progress=False)
    assert history.train_accuracy[-1] >= 0.95


def test_history_records_steps_epochs_and_layer_norms():
    X, y = spirals(n=90, seed=1)
    model = _mlp([2, 8, 3])
    history = fit(model, SoftmaxCrossEntropy(), optim.SGD(model.parameters(), lr=0.1), (X, y),
                  epochs=3, batch_size=20, eval_data=(X[:30], y[:30]), progress=False)
    assert isinstance(history, History)
    assert history.steps_per_epoch == 5
    assert len(history.loss) == len(history.total_grad_norm) == 15
    assert len(history.epoch_loss) == len(history.train_accuracy) == 3
    assert len(history.eval_loss) == len(history.eval_accuracy) == 3
    assert set(history.grad_norms) == {"0.Linear", "2.Linear"}
    assert all(len(v) == 15 for v in history.grad_norms.values())
    total = np.hypot(history.grad_norms["0.Linear"], history.grad_norms["2.Linear"])
    np.testing.assert_allclose(history.total_grad_norm, total)
    np.testing.assert_allclose(history.epoch_loss[0], np.mean(history.loss[:5]))


def test_fit_is_deterministic_per_seed():
    X, y = spirals(n=60, seed=2)

    def run(seed):
        model = _mlp([2, 8, 3])
        opt = optim.Adam(model.parameters(), lr=1e-2)
        return fit(model, SoftmaxCrossEntropy(), opt, (X, y), 2, 16, seed=seed,
                   progress=False).loss

    assert run(0) == run(0)
    assert run(0) != run(1)


def test_fit_regression_has_no_accuracy_and_learns():
    X, y = regression(n=100, seed=0)
    model = Sequential(Linear(1, 32, init="xavier", seed=0), Tanh(), Linear(32, 1, seed=1))
    history = fit(model, MSELoss(), optim.Adam(model.parameters(), lr=1e-2), (X, y[:, None]),
                  epochs=60, batch_size=16, eval_data=(X, y), progress=False)
    assert history.train_accuracy == [] and history.eval_accuracy == []
    assert history.epoch_loss[-1] < 0.1 * history.epoch_loss[0]
    assert history.eval_loss[-1] < 0.05


def test_clipping_bounds_the_step():
    if not hasattr(optim, "clip_grad_norm"):
        pytest.skip("bplab.optim.clip_grad_norm not available yet")
    X, y = spirals(n=30, seed=0)
    model = Sequential(Linear(2, 3, seed=0))
    before = [p.copy() for p in model.parameters()]
    history = fit(model, SoftmaxCrossEntropy(), optim.SGD(model.parameters(), lr=1.0), (X, y),
                  epochs=1, batch_size=30, clip=1e-3, progress=False)
    moved = np.sqrt(sum(np.sum((p - q) ** 2) for p, q in
                        zip(model.parameters(), before, strict=True)))
    assert history.total_grad_norm[0] > 1e-2, "the recorded norm is the one before clipping"
    assert 0.99e-3 < moved <= 1e-3


def test_progress_bar_only_on_request(capsys):
    X, y = spirals(n=30, seed=0)
    model = Sequential(Linear(2, 3, seed=0))
    opt = optim.SGD(model.parameters(), lr=0.1)
    fit(model, SoftmaxCrossEntropy(), opt, (X, y), 2, 10, progress=False)
    fit(model, SoftmaxCrossEntropy(), opt, (X, y), 2, 10)
    assert capsys.readouterr().err == "", "a run under a second shows no bar"
    fit(model, SoftmaxCrossEntropy(), opt, (X, y), 2, 10, progress=True)
    assert "6/6" in capsys.readouterr().err


class _SlowLinear(Linear):
    def forward(self, x):
        time.sleep(0.45)
        return super().forward(x)


def test_progress_bar_appears_on_runs_longer_than_a_second(capsys):
    X, y = spirals(n=30, seed=0)
    model = _SlowLinear(2, 3, seed=0)
    fit(model, SoftmaxCrossEntropy(), optim.SGD(model.parameters(), lr=0.1), (X, y), 3, 30)
    assert "3/3" in capsys.readouterr().err


@pytest.mark.parametrize("kwargs, error, match", [
    ({"data": np.zeros((3, 2))}, TypeError, "pair"),
    ({"data": (np.zeros((3, 2)), np.zeros(2, int))}, ValueError, "same number of rows"),
    ({"epochs": 0}, ValueError, "epochs"),
    ({"batch_size": 1.5}, TypeError, "batch_size"),
    ({"clip": -1.0}, ValueError, "clip"),
])
def test_fit_rejects_bad_arguments(kwargs, error, match):
    model = Sequential(Linear(2, 3, seed=0))
    args = {"data": (np.zeros((3, 2)), np.zeros(3, int)), "epochs": 1, "batch_size": 2}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        fit(model, SoftmaxCrossEntropy(), optim.SGD(model.parameters(), lr=0.1),
            progress=False, **args)
