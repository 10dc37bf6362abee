"""«Довідник органів»: this database's own unit and every unit below it (or the whole
directory before the own unit is chosen), searchable; the chosen unit's names, kind and
e-mail edited, a unit added below it, deactivated or activated again. Every change goes
through operations/units.py: checked first, a backup, then written; a refusal is one
Ukrainian line and changes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ctb_desktop.domain import unit_names
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.units import ReportingUnit, UnitLevel, ancestors, family
from ctb_desktop.operations.units import UnitChanges, add_unit, edit_unit, set_active
from ctb_desktop.storage.workspace import Workspace

CODE = Qt.ItemDataRole.UserRole  # a list item's unit code

_BELOW = {
    UnitLevel.MINISTRY: UnitLevel.OBLAST,
    UnitLevel.OBLAST: UnitLevel.DISTRICT,
    UnitLevel.DISTRICT: UnitLevel.COMMUNITY,
}


class UnitsDialog(QDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.changed = False
        self.setWindowTitle("Довідник органів")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Пошук за назвою чи кодом, наприклад «Черкас»")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setMinimumWidth(380)
        self.code = QLabel()
        self.territory = QLabel()
        self.name = QLineEdit()
        self.short = QLineEdit()
        self.instrumental = QLineEdit()
        self.kind = QComboBox()
        self.email = QLineEdit()
        self.state = QLabel()
        self.save_button = QPushButton("&Зберегти")
        self.add_button = QPushButton("&Додати підпорядкований…")
        self.active_button = QPushButton("&Вимкнути")
        form = QFormLayout()
        form.addRow("Код:", self.code)
        form.addRow("Територія:", self.territory)
        form.addRow("&Повна назва:", self.name)
        form.addRow("&Скорочена:", self.short)
        form.addRow("В &орудному відмінку:", self.instrumental)
        form.addRow("Вид о&ргану:", self.kind)
        form.addRow("&Електронна пошта:", self.email)
        form.addRow("Стан:", self.state)
        self._lay_out(form)
        self.search.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(lambda *_: self._show())
        self.save_button.clicked.connect(self.save)
        self.add_button.clicked.connect(self.add_below)
        self.active_button.clicked.connect(self.toggle_active)
        self.resize(1000, 560)
        self._load()

    def _lay_out(self, form: QFormLayout) -> None:
        buttons = QHBoxLayout()
        for button in (self.save_button, self.add_button, self.active_button):
            buttons.addWidget(button)
        details = QVBoxLayout()
        details.addLayout(form)
        details.addLayout(buttons)
        details.addStretch()
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.list)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(details, 3)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(close)

    # ------------------------------------------------------------------ the list

    def _load(self, select: str | None = None) -> None:
        units = self.ws.units.list()
        own = self.ws.config.unit
        # The own unit and everything below it, inactive units too (they can be
        # activated again); before the own unit is chosen, the whole directory.
        mine = family(units, own)[len(ancestors(units, own)) :] if own else units
        shown = mine or units
        self.units = {unit.code: unit for unit in shown}
        self.list.clear()
        for unit in shown:
            text = f"{unit.short_name} ({unit.level.title})"
            item = QListWidgetItem(text if unit.active else f"{text} — вимкнено")
            item.setData(CODE, unit.code)
            item.setToolTip(f"{unit.name}\n{unit.code}")
            self.list.addItem(item)
        self._filter(self.search.text())
        self.select(select or own or (shown[0].code if shown else ""))

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for row in range(self.list.count()):
            item = self.list.item(row)
            unit = self.units[item.data(CODE)]
            haystack = f"{unit.code} {unit.katottg} {unit.name} {unit.short_name} {unit.territory}"
            item.setHidden(bool(needle) and needle not in haystack.casefold())

    def select(self, code: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(CODE) == code:
                self.list.setCurrentRow(row)
                return

    def current(self) -> ReportingUnit | None:
        item = self.list.currentItem()
        return self.units.get(item.data(CODE)) if item is not None else None

    def _show(self) -> None:
        unit = self.current()
        for widget in (self.save_button, self.add_button, self.active_button):
            widget.setEnabled(unit is not None)
        if unit is None:
            return
        self.code.setText(f"{unit.code}" + (f" (КАТОТТГ {unit.katottg})" if unit.katottg else ""))
        self.territory.setText(unit.territory or "—")
        self.name.setText(unit.name)
        self.short.setText(unit.short_name)
        self.instrumental.setText(unit.name_instrumental)
        self.instrumental.setPlaceholderText("не утворено за правилом — впишіть")
        self.kind.clear()
        for key in _kinds(unit.level, unit.body):
            self.kind.addItem(unit_names.BODIES[key], key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(unit.body)))
        self.email.setText(unit.email)
        self.state.setText("діє" if unit.active else "вимкнено: дані залишаються")
        self.active_button.setText("&Вимкнути" if unit.active else "&Увімкнути")
        self.add_button.setEnabled(unit.level in _BELOW)

    # ------------------------------------------------------------------ changes

    def _run(self, change, select: str) -> bool:
        try:
            change()
        except UserError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return False
        self.changed = True
        self._load(select)
        return True

    def save(self) -> None:
        unit = self.current()
        if unit is None:
            return
        body = self.kind.currentData() or ""
        # Another kind of body names the unit again by rule; a new full name with the
        # instrumental case left as it was gets the instrumental by rule too.
        renamed = body != unit.body
        instrumental = self.instrumental.text()
        if self.name.text() != unit.name and instrumental == unit.name_instrumental:
            instrumental = None
        changes = UnitChanges(
            None if renamed else self.name.text(),
            None if renamed else self.short.text(),
            None if renamed else instrumental,
            body if renamed else None,
            self.email.text(),
        )
        self._run(lambda: edit_unit(self.ws, unit.code, changes), unit.code)

    def add_below(self) -> None:
        parent = self.current()
        if parent is None or parent.level not in _BELOW:
            return
        question = f"Повна назва органу під «{parent.short_name}»:"
        name, ok = QInputDialog.getText(self, "Новий орган", question)
        if not ok or not name.strip():
            return
        code, ok = QInputDialog.getText(self, "Новий орган", "Код органу (унікальний):")
        if not ok:
            return
        unit = ReportingUnit(code.strip(), name.strip(), "", _BELOW[parent.level], parent.code)
        self._run(lambda: add_unit(self.ws, unit), code.strip())

    def toggle_active(self) -> None:
        unit = self.current()
        if unit is not None:
            self._run(lambda: set_active(self.ws, unit.code, not unit.active), unit.code)


def _kinds(level: UnitLevel, body: str) -> tuple[str, ...]:
    if level is UnitLevel.COMMUNITY:
        kinds = unit_names.COUNCILS
    elif level is UnitLevel.MINISTRY:
        kinds = (unit_names.MINISTRY,)
    else:
        kinds = unit_names.ADMINISTRATIONS
    return kinds if body in kinds else ("", *kinds)


def show_units(window) -> None:
    """«Файл → Довідник органів…»: the dialog, and the toolbar filled again after changes."""
    dialog = UnitsDialog(window.session.workspace, window)
    dialog.exec()
    if dialog.changed:
        window.refresh_choices()
