"""«Порівняти з попередньою»: what a unit changed between two revisions of its report,
field by field, for the oblast clerk to read before accepting the resubmission."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ctb_desktop.domain.comparison import Difference
from ctb_desktop.gui.forms import load_form
from ctb_desktop.gui.list_model import ListTableModel
from ctb_desktop.storage.packages import ReceivedPackage

Index = QModelIndex | QPersistentModelIndex


class DifferencesModel(ListTableModel):
    HEADERS = ("Орган", "Місце", "Поле", "Було", "Стало")

    def __init__(
        self, differences: list[Difference], unit_names: dict[str, str], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.differences = differences
        self.unit_names = unit_names

    def rows(self) -> list:
        return self.differences

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        difference = self.differences[index.row()]
        values = (
            self.unit_names.get(difference.unit_code, difference.unit_code),
            difference.place,
            difference.field,
            difference.old or "—",
            difference.new or "—",
        )
        return values[index.column()]


class RevisionCompareDialog(QDialog):
    def __init__(
        self,
        old: ReceivedPackage,
        new: ReceivedPackage,
        differences: list[Difference],
        unit_names: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        unit = unit_names.get(new.unit_code, new.unit_code)
        self.setWindowTitle(f"Порівняння редакцій — {unit}, {new.period.title}")
        self.form = load_form("revision_compare", self)
        QVBoxLayout(self).addWidget(self.form)
        find = self.form.findChild
        self.summary: QLabel = find(QLabel, "summaryLabel")
        self.view: QTableView = find(QTableView, "differencesView")
        buttons: QDialogButtonBox = find(QDialogButtonBox, "buttons")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("&Закрити")
        buttons.rejected.connect(self.reject)

        count = len(differences)
        self.summary.setText(
            f"{unit}, {new.period.title}: редакція {new.revision} порівняно з редакцією "
            f"{old.revision}. "
            + (f"Змінено значень: {count}." if count else "Редакції не відрізняються.")
        )
        self.model = DifferencesModel(differences, unit_names, self)
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        for column, width in enumerate((150, 230, 200)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(column, width)
        for column in (3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.view.resizeRowsToContents())
        self.resize(1100, 520)
        self.view.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.view.resizeRowsToContents()
