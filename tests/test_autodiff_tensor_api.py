"""Tensor behaviour beyond gradients: dtypes, accumulation, stability and clear errors."""

import numpy as np
import pytest

from bplab.autodiff import (
    Tensor,
    cross_entropy,
    exp,
    hessian,
    log,
    log_softmax,
    logsumexp,
    softmax,
)


def test_ints_and_bools_become_float64():
    assert Tensor([1, 2, 3]).data.dtype == np.float64
    assert Tensor(np.array([True, False])).data.dtype == np.float64
    assert Tensor(np.float32(2.5)).data.dtype == np.float64


@pytest.mark.parametrize("bad", [np.array([1, "a"], dtype=object), ["a", "b"], [1j, 2.0]])
def test_non_numeric_data_is_refused(bad):
    with pytest.raises(TypeError, match="dtype"):
        Tensor(bad)


def test_float64_array_is_wrapped_without_copy():
    a = np.zeros(3)
    t = Tensor(a)
    a += 1.0
    assert t.data[0] == 1.0


def test_array_like_attributes():
    t = Tensor(np.arange(6.0).reshape(2, 3))
    assert t.shape == (2, 3) and t.ndim == 2 and t.size == 6 and len(t) == 2
    assert t.T.shape == (3, 2)
    assert Tensor(4.0).item() == 4.0 and isinstance(Tensor(4.0).item(), float)
    assert t.numpy() is t.data
    assert not t.detach().requires_grad and t.detach().data is t.data


def test_item_of_many_numbers_is_an_error():
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        Tensor([1.0, 2.0]).item()


def test_backward_accumulates_in_leaves_and_zero_grad_resets():
    x = Tensor([1.0, 2.0])
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad, [2.0, 4.0])
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad, [4.0, 8.0])
    x.zero_grad()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])


def test_leaf_gradients_are_independent_arrays():
    x, y = Tensor([1.0, 2.0]), Tensor([3.0, 4.0])
    (x + y).sum().backward()
    x.grad[0] = 100.0
    assert y.grad[0] == 1.0


def test_constants_get_no_gradient():
    x = Tensor([1.0, 2.0])
    c = Tensor([3.0, 4.0], requires_grad=False)
    (x * c).sum().backward()
    assert c.grad is None
    np.testing.assert_allclose(x.grad, [3.0, 4.0])


def test_backward_with_upstream_gradient():
    x = Tensor([1.0, 2.0, 3.0])
    (x * 2.0).backward(grad=np.array([1.0, 0.0, -1.0]))
    np.testing.assert_allclose(x.grad, [2.0, 0.0, -2.0])


def test_backward_on_non_scalar_needs_upstream_gradient():
    with pytest.raises(ValueError, match=r"shape \(3,\).*grad="):
        (Tensor([1.0, 2.0, 3.0]) * 2.0).backward()


def test_backward_with_wrong_upstream_shape():
    with pytest.raises(ValueError, match=r"expected shape \(3,\).*got \(2,\)"):
        (Tensor([1.0, 2.0, 3.0]) * 2.0).backward(grad=np.ones(2))


def test_backward_without_any_grad_requiring_input():
    with pytest.raises(ValueError, match="requires_grad"):
        Tensor([1.0], requires_grad=False).sum().backward()


def test_broadcast_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(4,\)"):
        Tensor(np.ones((2, 3))) + Tensor(np.ones(4))


def test_matmul_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(4, 5\)"):
        Tensor(np.ones((2, 3))) @ Tensor(np.ones((4, 5)))
    with pytest.raises(ValueError, match="at least one axis"):
        Tensor(2.0) @ Tensor(np.ones(2))


def test_reshape_mismatch_is_clear():
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(4,\)"):
        Tensor(np.ones((2, 3))).reshape(4)


def test_log_of_non_positive_warns_and_matches_numpy():
    with pytest.warns(RuntimeWarning, match="zero or negative"):
        out = log(Tensor([1.0, 0.0, -1.0]))
    assert out.data[0] == 0.0 and out.data[1] == -np.inf and np.isnan(out.data[2])


def test_numpy_arrays_on_the_left_dispatch_to_tensor():
    x = Tensor([1.0, 2.0])
    for out in (np.ones(2) + x, np.ones(2) * x, np.ones(2) - x, np.ones(2) / x,
                np.ones((3, 2)) @ x, 2.0**x):
        assert isinstance(out, Tensor)


def test_softmax_family_is_stable_at_extreme_logits():
    z = Tensor([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0]])
    s, ls, lse = softmax(z), log_softmax(z), logsumexp(z)
    assert np.all(np.isfinite(s.data)) and np.all(np.isfinite(ls.data))
    np.testing.assert_allclose(s.data[0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(s.data[1], [1 / 3] * 3)
    np.testing.assert_allclose(lse.data, [1000.0, -1000.0 + np.log(3.0)])
    np.testing.assert_allclose(ls.data[0], [0.0, -2000.0, -1000.0])
    ls.sum().backward()
    assert np.all(np.isfinite(z.grad))


def test_softmax_rows_sum_to_one():
    z = Tensor(np.random.default_rng(0).normal(size=(4, 5)) * 30)
    np.testing.assert_allclose(softmax(z).data.sum(axis=1), 1.0)
    np.testing.assert_allclose(softmax(z, axis=0).data.sum(axis=0), 1.0)


def test_exp_overflow_gives_inf_like_numpy():
    assert exp(Tensor([1000.0])).data[0] == np.inf


def test_create_graph_makes_grad_a_differentiable_tensor():
    x = Tensor([1.0, 2.0])
    (x**3).sum().backward(create_graph=True)
    g = x.grad
    assert isinstance(g, Tensor)
    np.testing.assert_allclose(g.data, [3.0, 12.0])
    x.grad = None
    g.sum().backward()
    np.testing.assert_allclose(x.grad, [6.0, 12.0])


def test_topological_order_puts_leaves_first_and_root_last():
    x = Tensor([1.0, 2.0])
    y = (x * 2.0).exp()
    z = (y + x).sum()
    order = z.topological_order()
    assert order[0] is x and order[-1] is z
    position = {id(node): i for i, node in enumerate(order)}
    for node in order:
        for parent in node.parents:
            if parent.requires_grad:
                assert position[id(parent)] < position[id(node)]
    assert z.op == "sum" and x.op == ""


def test_cross_entropy_is_stable_and_its_hessian_is_exact():
    z = np.array([[1000.0, -1000.0, 0.0]])
    assert cross_entropy(Tensor(z), [0]).item() == 0.0
    assert cross_entropy(Tensor(z), [1]).item() == 2000.0
    x = np.array([[0.3, -1.2, 2.0]])
    p = np.exp(x[0]) / np.exp(x[0]).sum()
    H = hessian(lambda t: cross_entropy(t, [2]))(x)
    np.testing.assert_allclose(H.reshape(3, 3), np.diag(p) - np.outer(p, p), atol=1e-14)


@pytest.mark.parametrize(("logits", "labels", "error", "message"), [
    (np.zeros(3), [0], ValueError, r"shape \(n, classes\)"),
    (np.zeros((2, 3)), [0], ValueError, r"expected shape \(2,\)"),
    (np.zeros((2, 3)), [0, 3], ValueError, r"0\.\.2"),
    (np.zeros((2, 3)), [0.5, 1.0], TypeError, "integer class labels"),
])
def test_cross_entropy_bad_input(logits, labels, error, message):
    with pytest.raises(error, match=message):
        cross_entropy(Tensor(logits), labels)


def test_shared_subexpressions_sum_their_contributions():
    x = Tensor([3.0])
    y = x * x
    z = (y * x + y).sum()
    z.backward()
    np.testing.assert_allclose(x.grad, [3 * 9 + 2 * 3])
