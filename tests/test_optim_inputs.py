"""Every optimizer refuses bad params and grads with an error that names them."""

import numpy as np
import pytest

from bplab.optim import SGD, Adam


@pytest.fixture
def opt():
    return SGD([np.zeros(2), np.zeros((2, 3))], lr=0.1)


def test_empty_params():
    with pytest.raises(ValueError, match="empty"):
        Adam([])


def test_integer_params_cannot_be_updated_in_place():
    with pytest.raises(ValueError, match=r"params\[1\].*int"):
        Adam([np.zeros(2), np.arange(3)])


def test_params_must_be_a_list_of_arrays():
    with pytest.raises(TypeError, match="list"):
        Adam(np.zeros(3))
    with pytest.raises(TypeError, match=r"params\[0\]"):
        Adam([[1.0, 2.0]])


def test_grad_count_and_shapes(opt):
    with pytest.raises(ValueError, match="1 gradients for 2"):
        opt.step([np.zeros(2)])
    with pytest.raises(ValueError, match=r"grads\[1\] has shape \(3, 2\)"):
        opt.step([np.zeros(2), np.zeros((3, 2))])
    with pytest.raises(TypeError, match="list"):
        opt.step(np.zeros(2))


def test_nan_gradient_names_the_parameter(opt):
    g = np.zeros((2, 3))
    g[1, 2] = np.nan
    with pytest.raises(ValueError, match=r"grads\[1\].*NaN"):
        opt.step([np.zeros(2), g])
    assert opt.state[0]["step"] == 0


def test_schedule_returning_a_negative_lr():
    opt = SGD([np.zeros(2)], lr=lambda k: 0.1 - 0.1 * k)
    opt.step([np.ones(2)])
    opt.step([np.ones(2)])
    with pytest.raises(ValueError, match="schedule returned -0.1 at step 2"):
        opt.step([np.ones(2)])


@pytest.mark.parametrize("kwargs, match", [
    ({"betas": (1.0, 0.999)}, r"betas\[0\]"),
    ({"betas": (0.9, -0.1)}, r"betas\[1\]"),
    ({"betas": 0.9}, "betas"),
    ({"eps": -1e-8}, "eps"),
    ({"weight_decay": -0.1}, "weight_decay"),
    ({"lr": "fast"}, "lr"),
])
def test_adam_hyperparameters(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        Adam([np.zeros(2)], **kwargs)
