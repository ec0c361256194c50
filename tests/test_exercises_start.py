from bplab.exercises.start import check_d_cube


def test_right_answer():
    assert check_d_cube(lambda x: 3 * x**2).status == "correct"


def test_wrong_answer_names_the_factor():
    verdict = check_d_cube(lambda x: x**2)
    assert verdict.status == "wrong"
    assert "constant factor" in verdict.message and "power rule" in verdict.message


def test_stub_is_not_attempted():
    def stub(x):
        raise NotImplementedError

    assert check_d_cube(stub).status == "not attempted"
