"""The built-in reference data against the seed documents it was transcribed from."""

import re

import pytest

from ctb_desktop.storage.datafiles import builtin_program, builtin_units, demo_entries
from tests.conftest import seed_text

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")


def _normalise(text: str) -> str:
    return " ".join(_BOOKMARK.sub("", text).split())


def _cells(text: str) -> list[str]:
    """Table cells of a seed: a cell starts with a tab and runs until the next one."""
    return [_normalise(cell) for cell in re.split(r"\n\t", text)]


def _seed_003_structure() -> tuple[dict[str, str], dict[tuple[str, str], list[str]]]:
    """Task titles and every printed title of each (task, measure) in sections I and II."""
    tasks: dict[str, str] = {}
    measures: dict[tuple[str, str], list[str]] = {}
    body = seed_text("003").split("ІІІ. Пропозиції")[0]
    current = None
    for cell in _cells(body):
        task = re.match(r"^(\d)\. (.+)$", cell)
        if task:
            current = f"{task.group(1)}."
            tasks.setdefault(current, task.group(2))
            continue
        measure = re.match(r"^(\d+\)) (.+)$", cell)
        if measure and current:
            measures.setdefault((current, measure.group(1)), []).append(measure.group(2))
    return tasks, measures


def test_all_seven_tasks_with_their_exact_titles():
    tasks, _ = _seed_003_structure()
    program = builtin_program()
    assert {task.number: task.title for task in program.all_tasks} == tasks
    assert len(tasks) == 7


def test_every_measure_of_seed_003_with_its_exact_number_and_title():
    _, measures = _seed_003_structure()
    program = builtin_program()
    ours = {(task.number, m.number): m.title for task in program.all_tasks for m in task.measures}
    assert set(ours) == set(measures)
    assert len(ours) == 60
    for key, printed in measures.items():
        # Section I's wording where the measure is financed, as the report prints it first.
        assert ours[key] == printed[0], key


def test_measure_order_follows_official_numbering():
    for task in builtin_program().all_tasks:
        numbers = [int(measure.number.rstrip(")")) for measure in task.measures]
        assert numbers == sorted(numbers), task.number


def test_consent_flag_is_taken_out_of_executor_names():
    for measure in builtin_program().all_measures:
        for executor in measure.executors:
            assert "згодою" not in executor.name
    task_2 = builtin_program().find_measure("2.", "4)")
    assert [e.label for e in task_2.executors] == [
        "Національна поліція",
        "Нацсоцслужба",
        "Національна школа суддів (за згодою)",
        "Офіс Генерального прокурора (за згодою)",
    ]


def test_units_are_the_regions_of_seed_000_in_its_order():
    table = seed_text("000").split("Регіон")[1]
    regions = re.findall(
        r"^\t((?:[А-ЯІЇЄҐ][а-яіїєґ’'-]+(?:-[А-ЯІЇЄҐ][а-яіїєґ]+)? область)|м\. Київ)\s*$",
        table,
        re.M,
    )
    units = builtin_units()
    assert len(regions) == 25
    oblasts = [unit for unit in units if unit.level.value == "oblast"]
    assert [unit.territory for unit in oblasts if unit.active] == regions
    assert all(unit.parent_code == "mspu" for unit in oblasts)


def test_demo_statuses_keep_the_not_done_verdicts():
    not_done = {
        (s.task_number, s.measure_number)
        for s in demo_entries().statuses
        if s.state.value == "not_done"
    }
    assert not_done == {("3.", "3)"), ("4.", "18)"), ("6.", "7)"), ("7.", "1)")}


@pytest.mark.parametrize(
    ("task", "measure", "indicator", "expected", "achieved"),
    [
        ("2.", "6)", "кількість представників суб’єктів, які пройшли навчання", "1250", "21769"),
        ("4.", "9)", "кількість фахівців, які пройшли навчання", "3000", "8814.5"),
        ("4.", "1)", "кількість поінформованого населення України", "50", "1709.5"),
    ],
)
def test_indicators_carry_seed_values(task, measure, indicator, expected, achieved):
    program = builtin_program()
    found = next(i for i in program.find_measure(task, measure).indicators if i.name == indicator)
    assert f"{found.planned[2024]:f}" == expected
    status = next(
        s for s in demo_entries().statuses if (s.task_number, s.measure_number) == (task, measure)
    )
    value = next(v.value for v in status.achieved if v.indicator == indicator)
    assert f"{value:f}" == achieved
