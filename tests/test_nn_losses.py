import numpy as np
import pytest

from bplab.nn import MSELoss, SoftmaxCrossEntropy


def test_mse_value_and_gradient_match_torch_mean_reduction():
    pred = np.array([[1.0, 2.0], [3.0, 4.0]])
    target = np.array([[0.0, 2.0], [5.0, 4.0]])
    loss = MSELoss()
    assert loss(pred, target) == pytest.approx((1 + 0 + 4 + 0) / 4)
    np.testing.assert_allclose(loss.backward(), 2 * (pred - target) / 4)


def test_mse_accepts_flat_targets_for_one_output_column_only():
    loss = MSELoss()
    assert loss(np.array([[1.0], [2.0]]), np.array([1.0, 4.0])) == pytest.approx(2.0)
    assert loss.backward().shape == (2, 1)
    with pytest.raises(ValueError, match=r"shape \(2, 2\)"):
        loss(np.zeros((2, 2)), np.zeros(2))


def test_cross_entropy_value_gradient_and_probs():
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]])
    labels = np.array([0, 2])
    loss = SoftmaxCrossEntropy()
    value = loss(logits, labels)
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    assert value == pytest.approx(-np.mean(np.log(p[[0, 1], labels])))
    np.testing.assert_allclose(loss.probs, p)
    expected = p.copy()
    expected[[0, 1], labels] -= 1
    np.testing.assert_allclose(loss.backward(), expected / 2)


def test_cross_entropy_is_stable_at_huge_logits():
    loss = SoftmaxCrossEntropy()
    value = loss(np.array([[1000.0, -1000.0], [-1000.0, 1000.0]]), np.array([1, 1]))
    assert value == pytest.approx(1000.0)
    assert np.all(np.isfinite(loss.backward()))


@pytest.mark.parametrize("labels, error, match", [
    (np.array([0.0, 1.0]), TypeError, "integer"),
    (np.array([0, 3]), ValueError, "0..2"),
    (np.array([-1, 0]), ValueError, "0..2"),
    (np.array([0, 1, 2]), ValueError, r"shape \(2,\)"),
])
def test_cross_entropy_rejects_bad_labels(labels, error, match):
    with pytest.raises(error, match=match):
        SoftmaxCrossEntropy().forward(np.zeros((2, 3)), labels)


def test_losses_backward_before_forward():
    for loss in (MSELoss(), SoftmaxCrossEntropy()):
        with pytest.raises(RuntimeError, match="before forward"):
            loss.backward()
