"""The toolbar's choice of program, reporting unit and period, filled from the
database and remembered between starts; the same measure stays in front of the clerk
when the choice changes."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel

from ctb_desktop import APP_NAME
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.units import desk_units


class ReportChoice:
    """Part of MainWindow (its session, settings, editor, tree and model)."""

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar("Вибір звіту")
        toolbar.setObjectName("choiceToolbar")
        toolbar.setMovable(False)
        self.program_combo = QComboBox()
        self.unit_combo = QComboBox()
        self.period_combo = QComboBox()
        for label, combo, width, tip in (
            ("&Програма:", self.program_combo, 420, "Програма, про виконання якої звітуєте"),
            ("&Орган:", self.unit_combo, 220, "Орган, від імені якого складається звіт"),
            (
                "П&еріод:",
                self.period_combo,
                170,
                "Звітний період; строк подання — у рядку над деревом заходів",
            ),
        ):
            title = QLabel(label)
            title.setToolTip(tip)
            combo.setToolTip(tip)
            title.setBuddy(combo)
            title.setContentsMargins(8, 0, 4, 0)
            combo.setMinimumWidth(width)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            toolbar.addWidget(title)
            toolbar.addWidget(combo)
        self.program_combo.activated.connect(self._on_program_chosen)
        self.unit_combo.activated.connect(self._on_choice)
        self.period_combo.activated.connect(self._on_choice)

    def refresh_choices(self, program_id: int | None = None) -> None:
        """Fill the toolbar from the database and restore the clerk's last choice."""
        remembered_program, remembered_unit, remembered_period = self.settings.choice(
            str(self.db.path)
        )
        workspace = self.session.workspace
        summaries = workspace.programs.list()
        self.program_combo.clear()
        for summary in summaries:
            self.program_combo.addItem(
                f"{summary.title} ({summary.year_from}–{summary.year_to})", summary.id
            )
        wanted = program_id if program_id is not None else remembered_program
        self.program_combo.setCurrentIndex(max(0, self.program_combo.findData(wanted)))
        self.unit_combo.clear()
        for unit in desk_units(workspace.units.list(), workspace.config.unit):
            self.unit_combo.addItem(unit.short_name, unit.code)
        unit = remembered_unit or workspace.config.unit or self.settings.former_reporting_unit()
        self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(unit)))
        self.pages.setCurrentWidget(self.pages.widget(1 if summaries else 0))
        self._fill_periods(remembered_period)
        self._on_choice()
        self._select_measure(self.settings.last_measure(str(self.db.path)))

    def _fill_periods(self, wanted: str) -> None:
        self.period_combo.clear()
        program_id = self.program_combo.currentData()
        if program_id is None:
            return
        program = self.session.workspace.programs.load(program_id)
        for year in program.years:
            for period in program.reporting.periods(year):
                self.period_combo.addItem(period.title, period.code)
        index = self.period_combo.findData(wanted)
        if index < 0:
            # First start: the latest period that already has entries, else the last one.
            reported = self.session.workspace.entries.periods_with_entries(program)
            index = self.period_combo.findData(reported[-1].code) if reported else -1
        self.period_combo.setCurrentIndex(index if index >= 0 else self.period_combo.count() - 1)

    def _on_program_chosen(self) -> None:
        self._fill_periods(self.period_combo.currentData() or "")
        self._on_choice()

    def _on_choice(self) -> None:
        """Another program, unit or period: the same measure stays in front of the clerk."""
        self.editor.flush()
        current = self.editor.measure.id if self.editor.measure is not None else None
        program_id = self.program_combo.currentData()
        unit = self.unit_combo.currentData()
        period_code = self.period_combo.currentData()
        period = Period.parse(period_code) if period_code else None
        self.session.choose(program_id, unit, period)
        self.settings.set_choice(str(self.db.path), program_id, unit or "", period_code or "")
        self.model.set_program(self.session.program)
        self.tree.expandAll()
        self._show_program_info()
        self._refresh_states()
        if self.work_tabs.currentIndex() == 0:
            self.overview.refresh()
        if current is not None:
            self._select_measure(current)

    def _show_program_info(self) -> None:
        unit = self.unit_combo.currentText()
        self.setWindowTitle(f"{APP_NAME} — {unit}" if unit else APP_NAME)
        program = self.session.program
        if program is None:
            self.program_info.clear()
            return
        details = [program.approval.citation] if program.approval else []
        if program.customer:
            details.append(f"Замовник: {program.customer}")
        if self.session.period is not None:
            due = program.reporting.due_date(self.session.period)
            details.append(f"Звіт {self.session.period.for_phrase} подати до {due:%d.%m.%Y}")
        self.program_info.setText(" · ".join(details))
