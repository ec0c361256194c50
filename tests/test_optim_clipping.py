"""clip_grad_norm / clip_grad_value: torch's coefficient, norm types, purity."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bplab.optim import clip_grad_norm, clip_grad_value

vec = arrays(np.float64, st.integers(1, 5), elements=st.floats(-100, 100))


def test_scales_by_max_norm_over_total_plus_1e6():
    g = [np.array([3.0]), np.array([[4.0]])]
    clipped, total = clip_grad_norm(g, 1.0)
    assert total == 5.0
    np.testing.assert_allclose(clipped[0], [3.0 / (5.0 + 1e-6)])
    np.testing.assert_array_equal(g[0], [3.0])


def test_small_gradients_are_left_alone_and_inf_norm_is_max_abs():
    clipped, total = clip_grad_norm([np.array([0.1, -0.2])], 10.0)
    np.testing.assert_array_equal(clipped[0], [0.1, -0.2])
    clipped, total = clip_grad_norm([np.array([1.0, -3.0]), np.array([2.0])], 1.0, np.inf)
    assert total == 3.0
    np.testing.assert_allclose(clipped[1], [2.0 / (3.0 + 1e-6)])


@given(a=vec, b=vec, max_norm=st.floats(0.01, 10), p=st.sampled_from([1.0, 2.0, 3.0, np.inf]))
def test_clipped_norm_never_exceeds_max_norm_and_direction_is_kept(a, b, max_norm, p):
    clipped, total = clip_grad_norm([a, b], max_norm, p)
    flat = np.concatenate([c.ravel() for c in clipped])
    assert np.linalg.norm(flat, ord=p) <= max_norm * (1 + 1e-12) or total <= max_norm
    assert total == pytest.approx(np.linalg.norm(np.concatenate([a, b]), ord=p), rel=1e-12)
    coef = min(1.0, max_norm / (total + 1e-6))
    np.testing.assert_allclose(flat, np.concatenate([a, b]) * coef)


def test_clip_value_clamps_each_entry():
    g = [np.array([-3.0, 0.5, 2.0])]
    np.testing.assert_array_equal(clip_grad_value(g, 1.0)[0], [-1.0, 0.5, 1.0])
    np.testing.assert_array_equal(g[0], [-3.0, 0.5, 2.0])


def test_bad_input():
    with pytest.raises(ValueError, match="max_norm"):
        clip_grad_norm([np.ones(2)], -1.0)
    with pytest.raises(ValueError, match="norm_type"):
        clip_grad_norm([np.ones(2)], 1.0, norm_type=0)
    with pytest.raises(ValueError, match="clip_value"):
        clip_grad_value([np.ones(2)], -0.1)
    with pytest.raises(TypeError, match="list"):
        clip_grad_norm(np.ones(2), 1.0)
