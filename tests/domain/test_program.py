from ctb_desktop.domain.program import Executor, parse_executors


def test_executors_typed_one_a_line():
    typed = (
        "Мінсоцполітики\n\n  органи місцевого   самоврядування (за згодою)\n"
        "ГО «Ла Страда» (За згодою)"
    )
    assert parse_executors(typed) == [
        Executor("Мінсоцполітики"),
        Executor("органи місцевого самоврядування", True),
        Executor("ГО «Ла Страда»", True),
    ]
