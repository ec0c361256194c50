"""Benchmarks for bplab.autodiff, measured side by side in one run.

1. ``Value`` MLP forward+backward vs the ``micrograd`` package (same network, same input,
   same code; only the scalar class differs). Target: bplab at least 2x faster.
2. ``Tensor`` MLP training step (forward, softmax cross-entropy, backward, SGD update) vs the
   same step hand-written in numpy (the floor). Target: within 1.3x of the floor.
   PyTorch (float64, CPU) is compared too when it is installed.

Run: ``.venv/bin/python benchmarks/bench_autodiff.py``
"""

import os
import random
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # steadier timings on a shared machine
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from bplab.autodiff import Tensor, cross_entropy, log_softmax, relu  # noqa: E402


def best_times(fns, repeats=9, min_time=0.05):
    """Best seconds per call of each function, timed in alternation so load hits all alike."""
    loops = []
    for fn in fns:
        fn()
        n = 1
        while True:
            start = time.perf_counter()
            for _ in range(n):
                fn()
            if time.perf_counter() - start > min_time:
                break
            n *= 2
        loops.append(n)
    best = [float("inf")] * len(fns)
    for _ in range(repeats):
        for k, (fn, n) in enumerate(zip(fns, loops, strict=True)):
            start = time.perf_counter()
            for _ in range(n):
                fn()
            best[k] = min(best[k], (time.perf_counter() - start) / n)
    return best


# ---- 1. scalar engines -------------------------------------------------------------------------
def scalar_mlp(value_cls, sizes, seed=0):
    rng = random.Random(seed)
    return [[([value_cls(rng.uniform(-1, 1)) for _ in range(n_in)], value_cls(0.0))
             for _ in range(n_out)] for n_in, n_out in zip(sizes, sizes[1:], strict=False)]


def scalar_loss(layers, inputs, value_cls):
    total = value_cls(0.0)
    for row in inputs:
        x = [value_cls(v) for v in row]
        for k, layer in enumerate(layers):
            acts = [sum((w * xi for w, xi in zip(ws, x, strict=True)), b) for ws, b in layer]
            x = acts if k == len(layers) - 1 else [a.relu() for a in acts]
        total = total + sum(x)
    return total


def bench_scalar():
    from micrograd.engine import Value as MicroValue

    from bplab.autodiff import Value

    sizes = [3, 16, 16, 1]
    inputs = [[0.1 * i, -0.2 * i, 0.3] for i in range(8)]
    steps = []
    for cls in (MicroValue, Value):
        layers = scalar_mlp(cls, sizes)

        def step(layers=layers, cls=cls):
            scalar_loss(layers, inputs, cls).backward()

        steps.append(step)
    times = dict(zip(("micrograd", "bplab"), best_times(steps, repeats=5), strict=True))
    print(f"Value MLP {sizes}, batch {len(inputs)}, forward+backward:")
    print(f"  micrograd {times['micrograd'] * 1e3:8.2f} ms   bplab {times['bplab'] * 1e3:8.2f} ms"
          f"   bplab is {times['micrograd'] / times['bplab']:.1f}x faster (target >= 2x)")


# ---- 2. tensor engine vs the numpy floor ----------------------------------------------
def init_params(sizes, seed=0):
    rng = np.random.default_rng(seed)
    return [(rng.normal(0, np.sqrt(2 / m), (m, n)), np.zeros(n))
            for m, n in zip(sizes, sizes[1:], strict=False)]


def composed_cross_entropy(logits, y):
    return -log_softmax(logits)[np.arange(len(y)), y].mean()


def bplab_step(tensors, X, y, lr=0.1, loss_fn=composed_cross_entropy):
    """One SGD step; ``tensors`` are leaf Tensors wrapping the parameter arrays (no copy)."""
    h = X
    for k, (W, b) in enumerate(tensors):
        h = h @ W + b
        if k < len(tensors) - 1:
            h = relu(h)
    loss = loss_fn(h, y)
    loss.backward()
    for W, b in tensors:
        W.data -= lr * W.grad
        b.data -= lr * b.grad
        W.grad = b.grad = None
    return loss


def as_tensors(params):
    return [(Tensor(W), Tensor(b)) for W, b in params]


def numpy_step(params, X, y, lr=0.1):
    """The floor: the same step written by hand, no graph. Like the bplab and torch steps it
    computes the loss value (what a training loop logs), not only the gradients."""
    hs = [X]
    for k, (W, b) in enumerate(params):
        z = hs[-1] @ W + b
        hs.append(np.maximum(z, 0) if k < len(params) - 1 else z)
    z = hs[-1]
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    total = p.sum(axis=1, keepdims=True)
    n = len(y)
    rows = np.arange(n)
    loss = np.mean(np.log(total[:, 0]) - z[rows, y])
    p /= total
    dz = p
    dz[rows, y] -= 1
    dz /= n
    for k in range(len(params) - 1, -1, -1):
        W, b = params[k]
        dW = hs[k].T @ dz
        db = dz.sum(axis=0)
        if k > 0:
            dz = (dz @ W.T) * (hs[k] > 0)
        W -= lr * dW
        b -= lr * db
    return loss


def torch_step_factory(params, X, y):
    import torch

    tparams = [(torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True))
               for W, b in params]
    Xt, yt = torch.tensor(X), torch.tensor(y)

    def step():
        h = Xt
        for k, (W, b) in enumerate(tparams):
            h = h @ W + b
            if k < len(tparams) - 1:
                h = torch.relu(h)
        loss = torch.nn.functional.cross_entropy(h, yt)
        loss.backward()
        with torch.no_grad():
            for W, b in tparams:
                W -= 0.1 * W.grad
                b -= 0.1 * b.grad
                W.grad = None
                b.grad = None

    return step


def check_same_numbers(sizes, X, y):
    a, b = init_params(sizes), init_params(sizes)
    c = init_params(sizes)
    ta, tc = as_tensors(a), as_tensors(c)
    for _ in range(3):
        bplab_step(ta, X, y)
        bplab_step(tc, X, y, loss_fn=cross_entropy)
        numpy_step(b, X, y)
    err = max(np.abs(pa - pb).max() for other in (a, c) for la, lb in zip(other, b, strict=True)
              for pa, pb in zip(la, lb, strict=True))
    assert err < 1e-10, f"bplab and numpy training steps disagree by {err}"


def bench_tensor(sizes, batch):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(batch, sizes[0]))
    y = rng.integers(0, sizes[-1], size=batch)
    check_same_numbers(sizes, X, y)
    ta, tc, pb = as_tensors(init_params(sizes)), as_tensors(init_params(sizes)), init_params(sizes)
    fns = [lambda: bplab_step(ta, X, y), lambda: bplab_step(tc, X, y, loss_fn=cross_entropy),
           lambda: numpy_step(pb, X, y)]
    try:
        fns.append(torch_step_factory(init_params(sizes), X, y))
    except ImportError:
        pass
    t_bplab, t_fused, t_numpy, *t_torch = best_times(fns)
    print(f"Tensor MLP {'-'.join(map(str, sizes))}, batch {batch}, training step "
          f"(numpy floor {t_numpy * 1e6:.1f} us; target <= 1.3x):")
    print(f"  bplab, loss = -log_softmax(z)[rows, y].mean()  {t_bplab * 1e6:8.1f} us"
          f"   {t_bplab / t_numpy:.2f}x the floor")
    print(f"  bplab, loss = cross_entropy(z, y)              {t_fused * 1e6:8.1f} us"
          f"   {t_fused / t_numpy:.2f}x the floor")
    if not t_torch:
        print("  torch not installed, skipped")
        return
    print(f"  torch float64 {t_torch[0] * 1e6:8.1f} us   bplab/torch {t_bplab / t_torch[0]:.2f}x")


if __name__ == "__main__":
    bench_scalar()
    bench_tensor([2, 16, 16, 2], 64)
    bench_tensor([64, 256, 256, 10], 256)
