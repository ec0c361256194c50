"""Value, Tensor and Dual compute the same numbers and derivatives for the same expression."""

import pytest
from hypothesis import given
from strategies import GRADIENT_CHECK, floats

from bplab.autodiff import Dual, Tensor, Value, exp, relu, sigmoid, tanh

EXPRESSIONS = {
    "neuron": lambda a, b: tanh(a * 0.7 + b * -1.3 + 0.2),
    "rational": lambda a, b: (a * b - 1.0) / (b * b + 1.0) - a / 3.0,
    "powers": lambda a, b: (a * a + 0.5) ** b + b**2 - 2.0**a,
    "exp_sigmoid": lambda a, b: exp(a * 0.5) * sigmoid(b) + (-a) * b,
    "relu_sum": lambda a, b: relu(a + b + 10.0) + relu(a - b - 10.0),
    "log": lambda a, b: (a * a + b * b + 0.1).log(),
}


@pytest.mark.parametrize("name", sorted(EXPRESSIONS))
@GRADIENT_CHECK
@given(a=floats(), b=floats())
def test_engines_agree(name, a, b):
    f = EXPRESSIONS[name]
    va, vb = Value(a), Value(b)
    v_out = f(va, vb)
    v_out.backward()

    ta, tb = Tensor(a), Tensor(b)
    t_out = f(ta, tb)
    t_out.backward()

    da = f(Dual(a, 1.0), Dual(b, 0.0))
    db = f(Dual(a, 0.0), Dual(b, 1.0))

    assert v_out.data == pytest.approx(t_out.item(), rel=1e-12, abs=1e-12)
    assert v_out.data == pytest.approx(float(da.primal), rel=1e-12, abs=1e-12)
    for grad_v, grad_t, tangent in ((va.grad, ta.grad, da.tangent), (vb.grad, tb.grad, db.tangent)):
        assert grad_v == pytest.approx(float(grad_t), rel=1e-10, abs=1e-12)
        assert grad_v == pytest.approx(float(tangent), rel=1e-10, abs=1e-12)
