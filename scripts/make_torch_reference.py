"""Record reference numbers from torch.optim for bplab's tests (run only when torch is present).

    /work/torchenv/bin/python scripts/make_torch_reference.py

Writes ``tests/data/torch_optim.npz`` (optimizer trajectories and final state),
``tests/data/torch_schedules.npz`` (lr per step) and ``tests/data/torch_clipping.npz``.
The tests replay the same cases with bplab and never import torch.

Every optimizer case runs on two parameters, of shapes (3,) and (2, 2), with the
gradient ``g_t = G_t + p_{t-1}`` (``G`` a stored seeded sequence), so each step depends
on the last and errors compound. Large eps values (0.5) make eps placement visible.
"""

import json
from pathlib import Path

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
STEPS = 12
SHAPES = [(3,), (2, 2)]

OPTIMIZER_CASES = {
    "sgd": ("SGD", {"lr": 0.1}),
    "sgd_momentum": ("SGD", {"lr": 0.1, "momentum": 0.9}),
    "sgd_dampening": ("SGD", {"lr": 0.1, "momentum": 0.8, "dampening": 0.3}),
    "sgd_nesterov": ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    "sgd_weight_decay": ("SGD", {"lr": 0.1, "momentum": 0.5, "weight_decay": 0.2}),
    "sgd_maximize": ("SGD", {"lr": 0.05, "momentum": 0.5, "maximize": True}),
    "adagrad": ("Adagrad", {}),
    "adagrad_options": ("Adagrad", {"lr": 0.3, "lr_decay": 0.1, "initial_accumulator_value": 0.5,
                                    "eps": 0.5}),
    "adagrad_weight_decay": ("Adagrad", {"lr": 0.2, "weight_decay": 0.3}),
    "adagrad_maximize": ("Adagrad", {"lr": 0.2, "maximize": True}),
    "rmsprop": ("RMSprop", {}),
    "rmsprop_eps": ("RMSprop", {"lr": 0.05, "alpha": 0.9, "eps": 0.5}),
    "rmsprop_centered": ("RMSprop", {"lr": 0.05, "centered": True, "eps": 0.5}),
    "rmsprop_momentum": ("RMSprop", {"lr": 0.05, "momentum": 0.7}),
    "rmsprop_all": ("RMSprop", {"lr": 0.02, "alpha": 0.8, "eps": 0.1, "weight_decay": 0.1,
                                "momentum": 0.5, "centered": True}),
    "rmsprop_maximize": ("RMSprop", {"lr": 0.02, "maximize": True}),
    "adam": ("Adam", {}),
    "adam_eps": ("Adam", {"lr": 0.1, "betas": (0.8, 0.9), "eps": 0.5}),
    "adam_amsgrad": ("Adam", {"lr": 0.1, "amsgrad": True, "eps": 0.5}),
    "adam_weight_decay": ("Adam", {"lr": 0.1, "weight_decay": 0.3}),
    "adam_decoupled": ("Adam", {"lr": 0.1, "weight_decay": 0.3, "decoupled_weight_decay": True}),
    "adam_maximize": ("Adam", {"lr": 0.1, "maximize": True}),
    "adamw": ("AdamW", {}),
    "adamw_options": ("AdamW", {"lr": 0.1, "weight_decay": 0.5, "amsgrad": True, "eps": 0.5}),
    "adamw_maximize": ("AdamW", {"lr": 0.1, "maximize": True}),
    "nadam": ("NAdam", {}),
    "nadam_eps": ("NAdam", {"lr": 0.1, "eps": 0.5, "betas": (0.8, 0.95)}),
    "nadam_momentum_decay": ("NAdam", {"lr": 0.1, "momentum_decay": 0.3}),
    "nadam_weight_decay": ("NAdam", {"lr": 0.1, "weight_decay": 0.2}),
    "nadam_decoupled": ("NAdam", {"lr": 0.1, "weight_decay": 0.2,
                                  "decoupled_weight_decay": True}),
    "nadam_maximize": ("NAdam", {"lr": 0.1, "maximize": True, "weight_decay": 0.1}),
}

SCHEDULE_CASES = {
    "step_lr": ("StepLR", 0.1, {"step_size": 3, "gamma": 0.5}),
    "exponential_lr": ("ExponentialLR", 0.1, {"gamma": 0.9}),
    "cosine_annealing_lr": ("CosineAnnealingLR", 0.1, {"T_max": 10, "eta_min": 0.01}),
    "cosine_annealing_lr_zero": ("CosineAnnealingLR", 0.5, {"T_max": 7}),
    "linear_lr": ("LinearLR", 0.1, {}),
    "linear_lr_options": ("LinearLR", 0.2, {"start_factor": 0.5, "end_factor": 0.9,
                                             "total_iters": 4}),
}
SCHEDULE_STEPS = 35

# optimizer runs whose lr follows a scheduler: (optimizer case, schedule case)
SCHEDULED_RUNS = {
    "sgd_momentum_step_lr": ("sgd_momentum", "step_lr"),
    "adamw_cosine": ("adamw_options", "cosine_annealing_lr"),
    "rmsprop_momentum_linear": ("rmsprop_momentum", "linear_lr_options"),
    "nadam_exponential": ("nadam_decoupled", "exponential_lr"),
    "adagrad_cosine": ("adagrad_options", "cosine_annealing_lr"),
}

CLIP_CASES = {
    "norm2": (2.0, 1.0),
    "norm1": (1.0, 0.5),
    "norm3": (3.0, 2.0),
    "norm_inf": ("inf", 0.7),
    "norm_large": (2.0, 100.0),
}


def start_params():
    rng = np.random.default_rng(0)
    return [rng.normal(size=s) for s in SHAPES]


def gradient_sequence():
    rng = np.random.default_rng(1)
    return [rng.normal(size=(STEPS,) + s) for s in SHAPES]


def run_optimizer(name, kwargs, schedule=None):
    params = [torch.tensor(p, requires_grad=True) for p in start_params()]
    G = gradient_sequence()
    kwargs = dict(kwargs)
    kwargs.setdefault("foreach", False)
    opt = getattr(torch.optim, name)(params, **kwargs)
    sched = None
    if schedule is not None:
        sname, base_lr, skw = schedule
        for group in opt.param_groups:
            group["lr"] = base_lr
            group["initial_lr"] = base_lr
        sched = getattr(torch.optim.lr_scheduler, sname)(opt, last_epoch=-1, **skw)
    paths = [[p.detach().numpy().copy()] for p in params]
    lrs = []
    for t in range(STEPS):
        for p, g in zip(params, G, strict=True):
            p.grad = torch.tensor(g[t]) + p.detach()
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        if sched is not None:
            sched.step()
        for path, p in zip(paths, params, strict=True):
            path.append(p.detach().numpy().copy())
    out = {f"p{i}": np.array(path) for i, path in enumerate(paths)}
    for i, p in enumerate(params):
        for key, value in opt.state[p].items():
            out[f"state{i}.{key}"] = np.asarray(torch.as_tensor(value).numpy(), dtype=float)
    out["lrs"] = np.array(lrs)
    return out


def record_optimizers():
    arrays = {}
    for case, (name, kwargs) in OPTIMIZER_CASES.items():
        for key, value in run_optimizer(name, kwargs).items():
            arrays[f"{case}/{key}"] = value
    for run, (case, sched) in SCHEDULED_RUNS.items():
        name, kwargs = OPTIMIZER_CASES[case]
        for key, value in run_optimizer(name, kwargs, SCHEDULE_CASES[sched]).items():
            arrays[f"{run}/{key}"] = value
    arrays["G0"], arrays["G1"] = gradient_sequence()
    arrays["start0"], arrays["start1"] = start_params()
    meta = {"optimizers": OPTIMIZER_CASES, "scheduled": SCHEDULED_RUNS,
            "schedules": SCHEDULE_CASES, "torch": torch.__version__}
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez_compressed(DATA / "torch_optim.npz", **arrays)


def record_schedules():
    arrays = {}
    for case, (name, lr, kwargs) in SCHEDULE_CASES.items():
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
        sched = getattr(torch.optim.lr_scheduler, name)(opt, **kwargs)
        lrs = []
        for _ in range(SCHEDULE_STEPS):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        arrays[case] = np.array(lrs)
    arrays["meta"] = np.array(json.dumps({"schedules": SCHEDULE_CASES, "torch": torch.__version__}))
    np.savez_compressed(DATA / "torch_schedules.npz", **arrays)


def record_clipping():
    rng = np.random.default_rng(2)
    grads = [rng.normal(size=s) for s in [(4,), (2, 3), (1,)]]
    arrays = {f"grad{i}": g for i, g in enumerate(grads)}
    for case, (norm_type, max_norm) in CLIP_CASES.items():
        tensors = [torch.tensor(g) for g in grads]
        for t in tensors:
            t.grad = t.clone()
        p = float(norm_type)
        total = torch.nn.utils.clip_grad_norm_(tensors, max_norm, norm_type=p, foreach=False)
        arrays[f"{case}/total"] = np.array(float(total))
        for i, t in enumerate(tensors):
            arrays[f"{case}/clipped{i}"] = t.grad.numpy().copy()
    for value in (0.3, 1.0):
        tensors = [torch.tensor(g) for g in grads]
        for t in tensors:
            t.grad = t.clone()
        torch.nn.utils.clip_grad_value_(tensors, value, foreach=False)
        for i, t in enumerate(tensors):
            arrays[f"value{value}/clipped{i}"] = t.grad.numpy().copy()
    arrays["meta"] = np.array(json.dumps({"norm": CLIP_CASES, "torch": torch.__version__}))
    np.savez_compressed(DATA / "torch_clipping.npz", **arrays)


if __name__ == "__main__":
    DATA.mkdir(parents=True, exist_ok=True)
    record_optimizers()
    record_schedules()
    record_clipping()
    for f in sorted(DATA.glob("torch_*.npz")):
        print(f"{f.relative_to(DATA.parent.parent)}: {f.stat().st_size} bytes")
