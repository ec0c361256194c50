"""bplab.optim.registry: names, variants, per-landscape defaults, sliders, equations."""

import numpy as np
import pytest

from bplab import landscapes, optim
from bplab.optim import registry


def test_names_cover_every_optimizer_class():
    names = registry.names()
    assert names[:8] == ("SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam", "AdamW",
                         "NAdam")
    classes = {registry.spec(n).cls for n in names}
    assert classes == {optim.SGD, optim.Adagrad, optim.RMSprop, optim.Adam, optim.AdamW,
                       optim.NAdam}


def test_variants_build_the_right_optimizer():
    opt = registry.make("Nesterov")([np.zeros(2)])
    assert isinstance(opt, optim.SGD) and opt.nesterov and opt.momentum == 0.9
    assert registry.make("AMSGrad")([np.zeros(2)]).amsgrad
    assert type(registry.make("AdamW")([np.zeros(2)])) is optim.AdamW


def test_overrides_and_landscape_lr():
    spec = registry.spec("Adam")
    opt = registry.make("Adam", landscape="beale", beta1=0.8, eps=1e-3)([np.zeros(2)])
    assert opt.lr == spec.lr_for("beale") and (opt.beta1, opt.beta2) == (0.8, 0.999)
    assert opt.eps == 1e-3
    assert registry.make("Adam")([np.zeros(2)]).lr == 1e-3
    assert registry.spec("adam") is spec
    assert spec.lr_for(landscapes.beale()) == spec.lr_for("beale")


def test_bad_names_and_hyperparameters():
    with pytest.raises(ValueError, match="SGD, Momentum"):
        registry.spec("Adamm")
    with pytest.raises(TypeError, match="beta1"):
        registry.make("SGD", beta1=0.5)
    with pytest.raises(ValueError, match="lr"):
        registry.make("Adam", lr=-1.0)


@pytest.mark.parametrize("name", registry.names())
def test_sliders_contain_their_defaults_and_build_at_both_ends(name):
    for land in landscapes.NAMES:
        sl = registry.sliders(name, land)
        assert sl["lr"].log and sl["lr"].low < sl["lr"].default < sl["lr"].high
        for key, s in sl.items():
            assert s.low <= s.default <= s.high, (name, key)
            for v in (s.low, s.high):
                registry.make(name, land, **{key: v})([np.zeros(2)])


@pytest.mark.parametrize("name", registry.names())
def test_equation_is_the_docstring_math_block(name):
    tex = registry.equation(name)
    cls = registry.spec(name).cls
    assert "\\theta_t" in tex
    first_line = tex.replace("\\begin{gathered}\n", "").splitlines()[0]
    assert first_line in cls.__doc__
    if "\\\\" in tex:
        assert tex.startswith("\\begin{gathered}") and tex.endswith("\\end{gathered}")


def test_equation_missing_label():
    with pytest.raises(ValueError, match="no '.. math::' block labelled 'nope'"):
        registry.docstring_equation(optim.SGD, "nope")
