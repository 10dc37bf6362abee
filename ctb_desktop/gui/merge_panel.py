"""The import preview's list of what a filled report would change, measure by measure
and field by field (old → new), with «Залишити мої значення / Взяти з файлу» for each
measure and for all. Keeping the clerk's values is the default."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ctb_desktop.domain.entries import PeriodEntries
from ctb_desktop.domain.import_merge import Key, MeasureMerge, compare, merged_entries
from ctb_desktop.domain.program import Program
from ctb_desktop.domain.units import ReportingUnit

KEEP, TAKE = "Залишити мої значення", "Взяти з файлу"


class MergePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.keep_all = QPushButton(f"{KEEP} для &всіх")
        self.take_all = QPushButton(f"{TAKE} для в&сіх")
        self.keep_all.setToolTip("Файл лише доповнить порожні поля; введене вами не зміниться")
        self.take_all.setToolTip(
            "Значення файлу замінять введені, а порожні клітинки файлу їх очистять"
        )
        self.keep_all.clicked.connect(lambda: self.choose_all(take_file=False))
        self.take_all.clicked.connect(lambda: self.choose_all(take_file=True))
        buttons.addWidget(self.keep_all)
        buttons.addWidget(self.take_all)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Захід і поле", "Зараз", "З файлу"])
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 300)
        header.resizeSection(1, 220)
        layout.addWidget(self.tree)
        self.merges: list[MeasureMerge] = []
        self.choices: dict[Key, QComboBox] = {}
        self.incoming: PeriodEntries | None = None

    def show_changes(
        self,
        program: Program,
        units: list[ReportingUnit],
        current: PeriodEntries,
        incoming: PeriodEntries,
    ) -> None:
        """List what `incoming` would change in `current`."""
        self.tree.clear()
        self.choices.clear()
        self.incoming = incoming
        self.merges = compare(current, incoming)
        names = {unit.code: unit.short_name for unit in units}
        several_units = len({merge.key[2] for merge in self.merges}) > 1
        for merge in self.merges:
            task, number, unit = merge.key
            measure = program.find_measure(task, number)
            title = f"{task} {number} {measure.title if measure else ''}".strip()
            if several_units:
                title += f" — {names.get(unit, unit)}"
            item = QTreeWidgetItem(self.tree, [title])
            item.setToolTip(0, title)
            for change in merge.changes:
                child = QTreeWidgetItem(item, [change.label, change.old, change.new])
                for column in range(3):
                    child.setToolTip(column, str(change))
            if merge.conflicts:
                combo = QComboBox()
                combo.addItems([KEEP, TAKE])
                combo.setToolTip(
                    f"Змінюються введені вами значення: {len(merge.conflicts)}. "
                    "За замовчуванням вони залишаються."
                )
                self.tree.setItemWidget(item, 2, combo)
                self.choices[merge.key] = combo
                item.setExpanded(True)
            else:
                item.setText(2, "лише доповнення порожнього")
        for button in (self.keep_all, self.take_all):
            button.setEnabled(bool(self.choices))

    @property
    def conflicts(self) -> int:
        """Measures where the file differs from what the clerk typed."""
        return len(self.choices)

    def choose_all(self, *, take_file: bool) -> None:
        for combo in self.choices.values():
            combo.setCurrentIndex(1 if take_file else 0)

    def choose(self, key: Key, *, take_file: bool) -> None:
        self.choices[key].setCurrentIndex(1 if take_file else 0)

    def entries(self) -> PeriodEntries:
        """What to write, as chosen."""
        take = {key for key, combo in self.choices.items() if combo.currentIndex() == 1}
        return merged_entries(self.incoming, self.merges, take)
