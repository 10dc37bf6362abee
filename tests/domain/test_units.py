from ctb_desktop.domain.units import ReportingUnit, UnitLevel, descendants, is_executor
from ctb_desktop.storage.datafiles import builtin_units


def test_descendants_walk_the_whole_hierarchy_in_list_order():
    units = [
        ReportingUnit("oblast", "Область", "ОВА", UnitLevel.OBLAST),
        ReportingUnit("d2", "Район 2", "РВА 2", UnitLevel.DISTRICT, "oblast"),
        ReportingUnit("c1", "Громада 1", "Г1", UnitLevel.COMMUNITY, "d1"),
        ReportingUnit("d1", "Район 1", "РВА 1", UnitLevel.DISTRICT, "oblast"),
    ]
    assert [u.code for u in descendants(units, "oblast")] == ["d2", "c1", "d1"]
    assert [u.code for u in descendants(units, "d1")] == ["c1"]
    assert descendants(units, "c1") == []


def test_builtin_units_name_themselves_in_the_instrumental_case():
    by_code = {unit.code: unit for unit in builtin_units()}
    assert by_code["UA-09"].name_instrumental == "Луганською обласною військовою адміністрацією"
    assert by_code["UA-30"].name_instrumental == "Київською міською військовою адміністрацією"
    oblasts = [u for u in descendants(builtin_units(), "mspu") if u.level is UnitLevel.OBLAST]
    assert sum(1 for unit in oblasts if unit.active) == 25  # 24 oblasts and Київ
    assert {unit.code for unit in oblasts if not unit.active} == {"UA-43", "UA-40"}


def test_a_unit_recognises_the_measures_it_executes():
    units = {unit.code: unit for unit in builtin_units()}
    national = [
        "Мінсоцполітики",
        "обласні, Київська міська державні адміністрації (військові адміністрації)",
    ]
    assert is_executor(units["mspu"], national)
    assert is_executor(units["UA-21"], national)
    assert is_executor(units["UA-30"], national)
    assert not is_executor(units["UA-21"], ["Національна поліція", "МВС"])
    assert not is_executor(units["mspu"], ["Національна поліція"])
    district = ReportingUnit(
        "smila",
        "Смілянська районна державна адміністрація",
        "Смілянська РДА",
        UnitLevel.DISTRICT,
        "UA-71",
    )
    assert is_executor(
        district, ["районні державні адміністрації", "органи місцевого самоврядування"]
    )
    assert is_executor(district, ["Смілянська РДА"])
    assert not is_executor(
        district, ["Управління у справах сім’ї … обласної державної адміністрації"]
    )
