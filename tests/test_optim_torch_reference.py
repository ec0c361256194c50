"""bplab.optim against numbers recorded from torch.optim 2.13 (scripts/make_torch_reference.py).

Torch is not needed here: the trajectories, final state buffers, learning rates and
clipped gradients were stored in tests/data/torch_*.npz.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from bplab import optim

DATA = Path(__file__).parent / "data"
REF = np.load(DATA / "torch_optim.npz")
META = json.loads(str(REF["meta"]))
SCHED = np.load(DATA / "torch_schedules.npz")
CLIP = np.load(DATA / "torch_clipping.npz")


def _schedule(case):
    name, lr, kwargs = META["schedules"][case]
    factory = {"StepLR": optim.step_lr, "ExponentialLR": optim.exponential_lr,
               "CosineAnnealingLR": optim.cosine_annealing_lr, "LinearLR": optim.linear_lr}[name]
    return factory(lr, **kwargs)


def _replay(name, kwargs, lr=None):
    params = [REF["start0"].copy(), REF["start1"].copy()]
    G = [REF["G0"], REF["G1"]]
    kwargs = dict(kwargs)
    if "betas" in kwargs:
        kwargs["betas"] = tuple(kwargs["betas"])
    if lr is not None:
        kwargs["lr"] = lr
    opt = getattr(optim, name)(params, **kwargs)
    paths = [[p.copy()] for p in params]
    lrs = []
    for t in range(len(G[0])):
        lrs.append(opt.lr)
        opt.step([G[0][t] + params[0], G[1][t] + params[1]])
        for path, p in zip(paths, params, strict=True):
            path.append(p.copy())
    return [np.array(path) for path in paths], opt, np.array(lrs)


def _compare(case, paths, opt, lrs):
    for i, path in enumerate(paths):
        np.testing.assert_allclose(path, REF[f"{case}/p{i}"], rtol=1e-13, atol=1e-15,
                                   err_msg=f"{case}: params[{i}]")
        torch_keys = {k.split(".", 1)[1] for k in REF.files if k.startswith(f"{case}/state{i}.")}
        # torch's SGD keeps no step count; bplab's every optimizer does
        assert set(opt.state[i]) - torch_keys <= {"step"}, f"{case}: state names differ"
        assert torch_keys <= set(opt.state[i]), f"{case}: state names differ from torch's"
        for key in torch_keys:
            np.testing.assert_allclose(np.asarray(opt.state[i][key], dtype=float),
                                       REF[f"{case}/state{i}.{key}"], rtol=1e-13, atol=1e-15,
                                       err_msg=f"{case}: state[{i}][{key!r}]")
    np.testing.assert_allclose(lrs, REF[f"{case}/lrs"], rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("case", sorted(META["optimizers"]))
def test_matches_torch(case):
    name, kwargs = META["optimizers"][case]
    _compare(case, *_replay(name, kwargs))


@pytest.mark.parametrize("run", sorted(META["scheduled"]))
def test_matches_torch_with_a_scheduler(run):
    case, sched = META["scheduled"][run]
    name, kwargs = META["optimizers"][case]
    _compare(run, *_replay(name, kwargs, lr=_schedule(sched)))


@pytest.mark.parametrize("case", [k for k in SCHED.files if k != "meta"])
def test_schedules_match_torch(case):
    sched = _schedule(case)
    expected = SCHED[case]
    got = np.array([sched(k) for k in range(len(expected))])
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(sched(np.arange(len(expected))), got)


def test_every_optimizer_and_schedule_is_covered():
    names = {name for name, _ in META["optimizers"].values()}
    assert names == {"SGD", "Adagrad", "RMSprop", "Adam", "AdamW", "NAdam"}
    assert {v[0] for v in META["schedules"].values()} == {
        "StepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR"}


def _grads():
    return [CLIP[f"grad{i}"] for i in range(3)]


@pytest.mark.parametrize("case", sorted({k.split("/")[0] for k in CLIP.files if "norm" in k}))
def test_clip_grad_norm_matches_torch(case):
    norm_type, max_norm = json.loads(str(CLIP["meta"]))["norm"][case]
    grads = _grads()
    before = [g.copy() for g in grads]
    clipped, total = optim.clip_grad_norm(grads, max_norm, norm_type=float(norm_type))
    assert total == pytest.approx(float(CLIP[f"{case}/total"]), rel=1e-13)
    for i, c in enumerate(clipped):
        np.testing.assert_allclose(c, CLIP[f"{case}/clipped{i}"], rtol=1e-13, atol=1e-15)
        np.testing.assert_array_equal(grads[i], before[i])


@pytest.mark.parametrize("value", [0.3, 1.0])
def test_clip_grad_value_matches_torch(value):
    clipped = optim.clip_grad_value(_grads(), value)
    for i, c in enumerate(clipped):
        np.testing.assert_array_equal(c, CLIP[f"value{value}/clipped{i}"])
