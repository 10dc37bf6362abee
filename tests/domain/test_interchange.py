import copy
import json

import pytest

from ctb_desktop.domain.interchange import (
    entries_from_dict,
    entries_to_dict,
    program_from_dict,
    program_to_dict,
    units_from_dict,
    units_to_dict,
)
from ctb_desktop.domain.json_fields import FormatError
from ctb_desktop.storage.datafiles import (
    BUILTIN_PROGRAM,
    BUILTIN_UNITS,
    DEMO_ENTRIES,
    resources_dir,
)


def _resource(name):
    return json.loads((resources_dir() / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "read", "write"),
    [
        (BUILTIN_PROGRAM, program_from_dict, program_to_dict),
        (DEMO_ENTRIES, entries_from_dict, entries_to_dict),
        (BUILTIN_UNITS, units_from_dict, units_to_dict),
    ],
)
def test_reading_then_writing_gives_back_the_same_document(name, read, write):
    data = _resource(name)
    data.pop("edition", None)  # the directory's note of its codifier edition
    assert write(read(data)) == data


def test_program_with_groupings_round_trips():
    data = _resource(BUILTIN_PROGRAM)
    tasks = data["program"].pop("tasks")
    data["program"]["groupings"] = [
        {"number": "Оперативна ціль 1.", "title": "Інформування населення", "tasks": tasks[:3]},
        {"number": "Оперативна ціль 2.", "title": "Захист постраждалих", "tasks": tasks[3:]},
    ]
    data["program"]["tasks"] = []
    program = program_from_dict(data)
    assert [task.number for task in program.all_tasks] == ["1.", "2.", "3.", "4.", "5.", "6.", "7."]
    assert program_to_dict(program) == data


def _broken(mutate):
    data = copy.deepcopy(_resource(BUILTIN_PROGRAM))
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="ctb-entries"), "очікується «ctb-program»"),
        (lambda d: d.update(format_version=99), "версію формату 99"),
        (lambda d: d["program"].pop("title"), r"program\.title: поле відсутнє"),
        (lambda d: d["program"].update(level="galactic"), "невідоме значення «galactic»"),
        (lambda d: d["program"].update(year_from=2030), "пізніший за рік завершення"),
        (
            lambda d: d["program"]["tasks"][1]["measures"][0].update(title=5),
            r"program\.tasks\[1\]\.measures\[0\]\.title: неправильний тип",
        ),
        (
            lambda d: d["program"]["tasks"][1]["measures"][1]["financing_plan"][0].update(
                amount="1,5"
            ),
            "не є числом",
        ),
        (
            lambda d: d["program"]["tasks"][1]["measures"][1]["financing_plan"][0].update(
                amount="1.005"
            ),
            "частки копійки",
        ),
        (
            lambda d: d["program"]["tasks"][1].update(number="1."),
            "Номер завдання «1.» повторюється",
        ),
        (
            lambda d: d["program"]["tasks"][0]["measures"][1].update(number="1)"),
            "номер заходу «1\\)» повторюється",
        ),
        (lambda d: d["program"]["reporting"].update(due_day=40), "День подання звіту 40"),
        (lambda d: d["program"]["approval"].update(date="02.06.2023"), "не є датою"),
    ],
)
def test_broken_programs_are_refused_with_the_place_named(mutate, message):
    with pytest.raises(FormatError, match=message):
        program_from_dict(_broken(mutate))


def test_a_document_that_is_not_an_object_is_refused():
    with pytest.raises(FormatError, match="очікується об'єкт JSON"):
        program_from_dict([1, 2])


def test_entries_with_a_duplicate_report_are_refused():
    data = _resource(DEMO_ENTRIES)
    data["entries"].append(copy.deepcopy(data["entries"][0]))
    with pytest.raises(FormatError, match="вказано двічі"):
        entries_from_dict(data)


def test_entries_with_a_bad_period_are_refused():
    data = _resource(DEMO_ENTRIES)
    data["period"] = "2024-Q5"
    with pytest.raises(FormatError, match="period: «2024-Q5» не є звітним періодом"):
        entries_from_dict(data)


def test_units_must_report_upward():
    data = _resource(BUILTIN_UNITS)
    data["units"][0]["parent"] = "UA-07"  # the ministry under an oblast
    with pytest.raises(FormatError, match="не може звітувати"):
        units_from_dict(data)
    data = _resource(BUILTIN_UNITS)
    data["units"][1]["parent"] = "nowhere"
    with pytest.raises(FormatError, match="якого немає в довіднику"):
        units_from_dict(data)
