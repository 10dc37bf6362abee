"""«Довідник органів» through its widgets, on Черкаська ОВА's database: its own branch
listed and searched, a body added below it, renamed, given another kind, deactivated
(never the own unit) and activated again, its e-mail checked; every refusal is one
Ukrainian line and changes nothing, every change leaves a backup (issue 12)."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from ctb_desktop.domain import unit_names
from ctb_desktop.gui.units_dialog import CODE, UnitsDialog
from ctb_desktop.storage.backup import list_backups
from ctb_desktop.storage.units import UnitStore
from ctb_desktop.storage.workspace import Workspace
from tests.exchange.network import OBLAST
from tests.gui.conftest import choose, open_window, type_text

UMAN = "UA-71-02"
ZOLOTONOSHA = "UA-71-03"
CHERKASKYI = "UA71080000000036344"  # a codifier raion, inactive in the test oblast


@pytest.fixture
def said(monkeypatch) -> list[str]:
    """What QMessageBox.warning would have told the clerk."""
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: told.append(text))
    return told


def open_dialog(qtbot, db) -> UnitsDialog:
    dialog = UnitsDialog(Workspace(db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def shown(dialog) -> list[str]:
    """The codes the list shows (not hidden by the search), in its order."""
    items = [dialog.list.item(row) for row in range(dialog.list.count())]
    return [item.data(CODE) for item in items if not item.isHidden()]


def item_text(dialog, code: str) -> str:
    items = (dialog.list.item(row) for row in range(dialog.list.count()))
    return next(item.text() for item in items if item.data(CODE) == code)


def pick(qtbot, dialog, code: str) -> None:
    """A click on the unit's line in the list."""
    row = next(r for r in range(dialog.list.count()) if dialog.list.item(r).data(CODE) == code)
    item = dialog.list.item(row)
    dialog.list.scrollToItem(item)
    rect = dialog.list.visualItemRect(item)
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.current().code == code


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def retype(widget, text: str) -> None:
    widget.selectAll()
    type_text(widget, text)


def answer(monkeypatch, *answers: str) -> None:
    """QInputDialog.getText answers, in order, as if typed and confirmed."""
    pending = list(answers)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args: (pending.pop(0), True))


def stored(db, code: str):
    return Workspace(db).units.find(code)


def backups(db) -> int:
    return len(list_backups(source=db.path))


def test_the_own_branch_is_listed_and_searched(qtbot, oblast):
    dialog = open_dialog(qtbot, oblast)

    codes = shown(dialog)
    assert codes[0] == OBLAST and dialog.current().code == OBLAST
    assert "mspu" not in codes and "UA-05" not in codes  # above and beside: not here
    assert {"UA-71-01", UMAN, ZOLOTONOSHA, CHERKASKYI} <= set(codes)
    assert dialog.code.text() == "UA-71 (КАТОТТГ UA71000000000010357)"
    assert dialog.territory.text() == "Черкаська область"
    assert item_text(dialog, CHERKASKYI) == "Черкаська РВА (район) — вимкнено"

    type_text(dialog.search, "Смілянська РДА")
    assert shown(dialog) == ["UA-71-01"]
    dialog.search.clear()
    type_text(dialog.search, "UA7108")  # by the КАТОТТГ code: the raion and its hromadas
    assert shown(dialog)[0] == CHERKASKYI
    assert all(code.startswith("UA7108") for code in shown(dialog))


def test_a_body_is_added_below_and_a_used_code_refused(qtbot, oblast, said, monkeypatch):
    dialog = open_dialog(qtbot, oblast)
    before = len(UnitStore(oblast).list())
    pick(qtbot, dialog, OBLAST)

    answer(monkeypatch, "Департамент соціального захисту населення", "UA-71-dszn")
    click(qtbot, dialog.add_button)

    assert said == []
    added = stored(oblast, "UA-71-dszn")
    assert (added.parent_code, added.level.value) == (OBLAST, "district")
    assert added.short_name == "Департамент соціального захисту населення"
    assert dialog.current().code == "UA-71-dszn"  # the new body is in front
    assert backups(oblast) == 1
    # Not a name the rules know: its instrumental case is left to the clerk, not guessed.
    assert added.name_instrumental == "" and dialog.instrumental.placeholderText()
    type_text(dialog.instrumental, "Департаментом соціального захисту населення")
    click(qtbot, dialog.save_button)
    instrumental = stored(oblast, "UA-71-dszn").name_instrumental
    assert instrumental == "Департаментом соціального захисту населення"

    backups_before = backups(oblast)
    answer(monkeypatch, "Ще один департамент", "UA-71-01")
    click(qtbot, dialog.add_button)

    assert said == [
        "Код «UA-71-01» уже є в довіднику: Смілянська районна державна адміністрація. "
        "Нічого не змінено"
    ]
    assert len(UnitStore(oblast).list()) == before + 1
    assert backups(oblast) == backups_before


def test_a_rename_and_another_kind_of_body(qtbot, oblast, said):
    dialog = open_dialog(qtbot, oblast)
    pick(qtbot, dialog, UMAN)

    retype(dialog.name, "Уманська районна військова адміністрація")
    retype(dialog.short, "Уманська РВА")
    click(qtbot, dialog.save_button)

    assert said == []
    uman = stored(oblast, UMAN)
    assert uman.name == "Уманська районна військова адміністрація"
    assert uman.short_name == "Уманська РВА"
    # The instrumental case was left as it was: made again from the new name by rule.
    assert uman.name_instrumental == "Уманською районною військовою адміністрацією"
    assert item_text(dialog, UMAN) == "Уманська РВА (район)"
    assert dialog.current().code == UMAN

    # A codifier raion knows its territory: another kind of body names it by rule.
    pick(qtbot, dialog, CHERKASKYI)
    assert dialog.kind.currentData() == unit_names.MILITARY
    choose(dialog.kind, unit_names.STATE)
    click(qtbot, dialog.save_button)

    raion = stored(oblast, CHERKASKYI)
    assert (raion.body, raion.name, raion.short_name) == (
        unit_names.STATE,
        "Черкаська районна державна адміністрація",
        "Черкаська РДА",
    )
    assert raion.name_instrumental == "Черкаською районною державною адміністрацією"
    assert dialog.name.text() == raion.name


def test_the_own_unit_is_never_deactivated_another_one_is_and_comes_back(qtbot, oblast, said):
    dialog = open_dialog(qtbot, oblast)
    pick(qtbot, dialog, OBLAST)
    assert dialog.active_button.text() == "&Вимкнути"

    click(qtbot, dialog.active_button)

    assert said == [
        "«Черкаська обласна військова адміністрація» — власний орган цієї бази; "
        "його не можна вимкнути"
    ]
    assert stored(oblast, OBLAST).active and backups(oblast) == 0

    pick(qtbot, dialog, ZOLOTONOSHA)
    click(qtbot, dialog.active_button)

    assert not stored(oblast, ZOLOTONOSHA).active
    assert item_text(dialog, ZOLOTONOSHA) == "Золотоніська РДА (район) — вимкнено"
    assert dialog.state.text() == "вимкнено: дані залишаються"
    assert dialog.active_button.text() == "&Увімкнути"
    assert backups(oblast) == 1

    click(qtbot, dialog.active_button)

    assert stored(oblast, ZOLOTONOSHA).active
    assert item_text(dialog, ZOLOTONOSHA) == "Золотоніська РДА (район)"
    assert dialog.state.text() == "діє" and dialog.active_button.text() == "&Вимкнути"
    assert len(said) == 1


def test_an_email_that_is_not_one_is_refused(qtbot, oblast, said):
    dialog = open_dialog(qtbot, oblast)
    pick(qtbot, dialog, "UA-71-01")

    retype(dialog.email, "smila at gov.ua")
    click(qtbot, dialog.save_button)

    assert said == ["«smila at gov.ua» не схоже на адресу електронної пошти"]
    assert stored(oblast, "UA-71-01").email == "" and backups(oblast) == 0

    retype(dialog.email, "ctb@smila.gov.ua")
    click(qtbot, dialog.save_button)

    assert len(said) == 1
    assert stored(oblast, "UA-71-01").email == "ctb@smila.gov.ua"
    assert dialog.email.text() == "ctb@smila.gov.ua"


def test_the_menu_opens_it_and_the_toolbar_follows_its_changes(qtbot, oblast):
    window = open_window(qtbot, oblast)
    toolbar = [window.unit_combo.itemData(i) for i in range(window.unit_combo.count())]
    assert toolbar[0] == OBLAST and ZOLOTONOSHA in toolbar
    [action] = [a for a in window.menuBar().actions()[0].menu().actions() if "органів" in a.text()]
    seen = []

    def deactivate_and_close():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        pick(qtbot, dialog, ZOLOTONOSHA)
        click(qtbot, dialog.active_button)
        dialog.reject()

    QTimer.singleShot(0, deactivate_and_close)
    action.trigger()

    assert isinstance(seen[0], UnitsDialog)
    toolbar = [window.unit_combo.itemData(i) for i in range(window.unit_combo.count())]
    assert toolbar[0] == OBLAST and ZOLOTONOSHA not in toolbar
