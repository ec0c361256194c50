"""The engines: scalar and tensor reverse mode, forward mode, and functional transforms.

- :class:`Value` — one number per node; the graph the first notebooks draw and step through.
- :class:`Tensor` — numpy arrays with reverse mode, including gradients of gradients.
- :class:`Dual` — forward mode (value + tangent), behind :func:`jvp`.
- ``grad, value_and_grad, jacobian, hessian, hvp, jvp, numerical_grad`` — functions of
  numpy arrays built from the engines.

``exp, log, tanh, sigmoid, relu`` work on all three engines; ``sin, cos, softmax,
log_softmax, logsumexp`` on Tensor and Dual; ``cross_entropy(logits, labels)`` is a fused
Tensor loss.
"""

from bplab.autodiff.forward import Dual
from bplab.autodiff.scalar import Value
from bplab.autodiff.tensor import (
    Tensor,
    cos,
    cross_entropy,
    exp,
    log,
    log_softmax,
    logsumexp,
    relu,
    sigmoid,
    sin,
    softmax,
    tanh,
)
from bplab.autodiff.transforms import (
    grad,
    hessian,
    hvp,
    jacobian,
    jvp,
    numerical_grad,
    value_and_grad,
)

__all__ = [
    "Value", "Tensor", "Dual",
    "exp", "log", "tanh", "sigmoid", "relu", "sin", "cos", "softmax", "log_softmax", "logsumexp",
    "cross_entropy",
    "grad", "value_and_grad", "jacobian", "hessian", "hvp", "jvp", "numerical_grad",
]
