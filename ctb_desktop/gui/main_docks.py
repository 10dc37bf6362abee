"""The main window's docks and what they show: the history of changes, the problems
of the chosen report, the outbox; each measure's state in the tree and the fill bar in
the status bar, refreshed after every change."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QListView, QProgressBar, QUndoView

from ctb_desktop.domain.validation import (
    UNFILLED,
    Problem,
    check_period,
    check_reported,
    completion,
    readiness_text,
)
from ctb_desktop.domain.wording import filled_measures
from ctb_desktop.gui.mail_sender import MailSender
from ctb_desktop.gui.outbox_panel import OutboxDock
from ctb_desktop.gui.problems import ProblemRole, ProblemsModel, worst
from ctb_desktop.storage.editing import ReportKey


class MainDocks:
    """Part of MainWindow (its session, editor, model and status bar)."""

    def _build_docks(self) -> None:
        history = QDockWidget("Історія змін", self)
        history.setObjectName("historyDock")
        self.history_view = QUndoView(self.session.undo_stack)
        self.history_view.setEmptyLabel("Відкрито базу даних")
        history.setWidget(self.history_view)
        self.history_view.setMinimumWidth(180)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, history)
        self.view_menu.addAction(history.toggleViewAction())

        problems = QDockWidget("Проблеми", self)
        problems.setObjectName("problemsDock")
        self.problems_model = ProblemsModel(self)
        self.problems_view = QListView()
        self.problems_view.setModel(self.problems_model)
        self.problems_view.setWordWrap(True)
        self.problems_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.problems_view.activated.connect(self._jump_to_problem)
        self.problems_view.clicked.connect(self._jump_to_problem)
        problems.setWidget(self.problems_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, problems)
        self.tabifyDockWidget(history, problems)
        problems.raise_()
        # Narrow enough that the financing table beside it shows every column at 1280.
        self.resizeDocks([problems], [210], Qt.Orientation.Horizontal)
        self.view_menu.addAction(problems.toggleViewAction())
        self.problems_summary = QLabel()
        self.statusBar().addPermanentWidget(self.problems_summary)
        self.mail_sender = MailSender(self.session.workspace, self)
        self.mail_sender.reported.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.mail_sender.settingsRequested.connect(self.edit_settings)
        self.outbox_dock = OutboxDock(self.session.workspace, self.mail_sender, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.outbox_dock)
        self.outbox_dock.hide()
        self.view_menu.addAction(self.outbox_dock.toggleViewAction())
        self.statusBar().addPermanentWidget(self.outbox_dock.status_label)
        self.fill_progress = QProgressBar()
        self.fill_progress.setMaximumWidth(120)
        self.fill_progress.setFormat("%p %")
        self.statusBar().addPermanentWidget(self.fill_progress)

    def _refresh_states(self) -> None:
        """Measure states, problems and the fill bar for the chosen unit and period."""
        if not self.session.ready:
            self.model.set_states({})
            self.model.set_problems({})
            self.problems_model.set_problems([])
            self.problems_summary.clear()
            self._show_fill(0, 0)
            return
        program, unit = self.session.program, self.session.unit_code
        entries = self.session.unit_entries()
        ids = {
            (task.number, m.reference): m.id for task in program.all_tasks for m in task.measures
        }
        statuses = [s for s in entries.statuses if s.unit_code == unit]
        self.model.set_states({ids[(s.task_number, s.measure_number)]: s.state for s in statuses})
        problems = check_period(program, entries, unit) + self.session.typing_problems()
        by_measure: dict[int, list[Problem]] = {}
        for problem in problems:
            by_measure.setdefault(ids[(problem.task_number, problem.measure_number)], []).append(
                problem
            )
        flagged = {measure_id: _flagged(found) for measure_id, found in by_measure.items()}
        self._unfilled = {
            measure_id
            for measure_id, found in by_measure.items()
            if len(flagged[measure_id]) < len(found)
        }
        self._flagged = {measure_id for measure_id, found in flagged.items() if found}
        self.model.set_problems(
            {measure_id: worst(found) for measure_id, found in flagged.items() if found}
        )
        self._measure_problems = by_measure
        self._show_readiness(problems, *completion(program, entries, unit))

    def _refresh_measure_states(self, key: ReportKey) -> None:
        """After an edit on one report of the chosen unit and period: that measure's
        state, problems and share of the fill bar; the other measures stay as they were
        (checking the whole period after every pause in typing took seconds)."""
        program = self.session.program
        measure = None if program is None else program.find_measure_by_id(key.measure_id)
        if measure is None or not self.session.ready:
            self._refresh_states()
            return
        task = program.task_of(measure)
        report = self.session.report(task.number, measure.reference)
        status = None if report is None else report.status
        lines = [] if report is None else report.financing
        found = check_reported(task.number, measure, status, lines, key.period.year) + [
            problem
            for problem in self.session.typing_problems()
            if (problem.task_number, problem.measure_number) == (task.number, measure.reference)
        ]
        if found:
            self._measure_problems[measure.id] = found
        else:
            self._measure_problems.pop(measure.id, None)
        flagged = _flagged(found)
        for ids, belongs in ((self._unfilled, len(flagged) < len(found)), (self._flagged, flagged)):
            if belongs:
                ids.add(measure.id)
            else:
                ids.discard(measure.id)
        self.model.set_measure_state(
            measure.id,
            None if status is None else status.state,
            worst(flagged) if flagged else None,
        )
        problems = [
            problem
            for each in program.all_tasks
            for other in each.measures
            for problem in self._measure_problems.get(other.id, ())
        ]
        self._show_readiness(
            problems,
            *completion(program, self.session.unit_entries(), self.session.unit_code),
        )

    def _show_readiness(self, problems: list[Problem], filled: int, total: int) -> None:
        """The problems dock, its summary, the editor's marks, the tree's filter and the
        fill bar, after the measures' problems were brought up to date."""
        self.problems_model.set_problems(problems)
        self.problems_summary.setText(readiness_text(filled, total, problems))
        if self.editor.measure is not None:
            self.editor.set_problems(self._measure_problems.get(self.editor.measure.id, []))
        if self.problems_action.isChecked() or self.unfilled_action.isChecked():
            self._on_filter_changed()
        self._show_fill(filled, total)

    def _show_fill(self, filled: int, total: int) -> None:
        self.fill_progress.setRange(0, max(1, total))
        self.fill_progress.setValue(filled)
        self.fill_progress.setToolTip(filled_measures(filled, total))

    def _jump_to_problem(self, index: QModelIndex) -> None:
        problem: Problem = index.data(ProblemRole)
        measure = self.session.program.find_measure(problem.task_number, problem.measure_number)
        self._select_measure(measure.id)
        self.editor.focus_field(problem.field)

    def _on_reports_changed(self) -> None:
        self._refresh_states()
        self.editor.show_measure(self.editor.measure)
        if self.editor.measure is not None:
            self.editor.set_problems(self._measure_problems.get(self.editor.measure.id, []))


def _flagged(found: list[Problem]) -> list[Problem]:
    """What is wrong in what was filled in: the tree's marks and «З проблемами» leave out
    «Не заповнено», which has a filter of its own."""
    return [problem for problem in found if not problem.message.startswith(UNFILLED)]
