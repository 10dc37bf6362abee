"""The clerk's desk: program, reporting unit and period in the toolbar; the program's
tree with each measure's state on the left; the measure being filled in on the
right; the history of changes in a dock. Everything typed is saved as it is typed."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QUndoView,
    QWidget,
)

from ctb_desktop import APP_NAME, __version__
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.program import Measure, Task
from ctb_desktop.domain.units import desk_units
from ctb_desktop.domain.validation import Problem, check_period, completion
from ctb_desktop.gui.backup_dialog import restore_from_backup
from ctb_desktop.gui.commands import AddItem, CarryForward, DeleteItem, MoveItem, SetStructureValue
from ctb_desktop.gui.forms import load_form
from ctb_desktop.gui.import_wizard import ImportWizard
from ctb_desktop.gui.jobs import Job
from ctb_desktop.gui.mail_sender import MailSender
from ctb_desktop.gui.measure_editor import MeasureEditor
from ctb_desktop.gui.outbox_panel import OutboxDock
from ctb_desktop.gui.problems import ProblemRole, ProblemsModel, worst
from ctb_desktop.gui.program_model import ProgramTreeModel
from ctb_desktop.gui.received_window import ReceivedWindow
from ctb_desktop.gui.render_dialog import render_from_gui
from ctb_desktop.gui.send_dialog import SendDialog
from ctb_desktop.gui.send_program import send_program
from ctb_desktop.gui.session import ReportSession
from ctb_desktop.gui.settings import Settings
from ctb_desktop.gui.settings_dialog import SettingsDialog
from ctb_desktop.gui.task_dialog import TaskDialog
from ctb_desktop.gui.tree_filter import MeasureFilter
from ctb_desktop.gui.units_dialog import show_units
from ctb_desktop.gui.workbook_dialogs import (
    EXPORT_SHORTCUT,
    IMPORT_SHORTCUT,
    export_workbook,
    import_workbook,
)
from ctb_desktop.operations.programs import load_builtin
from ctb_desktop.reports.render import TITLES
from ctb_desktop.storage.config import Config
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.editing import ReportKey
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore


class MainWindow(QMainWindow):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = Settings()
        self.session = ReportSession(db, self)
        self.setWindowTitle(f"{APP_NAME} — {db.path.name}")
        self.form = load_form("main_window", self)
        self.setCentralWidget(self.form)
        find = self.form.findChild
        self.program_info: QLabel = find(QLabel, "programInfoLabel")
        self.pages: QStackedWidget = find(QStackedWidget, "pages")
        self.tree: QTreeView = find(QTreeView, "programTree")
        self.splitter: QSplitter = find(QSplitter, "splitter")
        self.editor = MeasureEditor(self.session)
        area = find(QScrollArea, "editorArea")
        area.setWidget(self.editor)
        # The panel follows the window's width; wide tables scroll inside themselves.
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.model = ProgramTreeModel(self)
        self.filter = MeasureFilter(self)
        self.filter.setSourceModel(self.model)
        self.tree.setModel(self.filter)
        self._setup_tree()
        self._build_actions()
        self._build_toolbar()
        self._build_filters()
        self._build_menus()
        self._build_docks()
        self.fill_progress = QProgressBar()
        self.fill_progress.setMaximumWidth(240)
        self.fill_progress.setFormat("Заповнено %v з %m заходів")
        self.statusBar().addPermanentWidget(self.fill_progress)
        self.statusBar().showMessage(f"База даних: {db.path}")
        find(QPushButton, "loadBuiltinButton").clicked.connect(self.load_builtin_action.trigger)

        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.session.reportChanged.connect(self._on_report_changed)
        self.session.failed.connect(self._show_failure)
        self.session.reportsChanged.connect(self._on_reports_changed)
        self.session.structureChanged.connect(self._on_structure_changed)
        self.resize(1366, 768)
        self._restore_window()
        self.refresh_choices()
        self.mail_sender.start()

    # ------------------------------------------------------------------ building

    def _setup_tree(self) -> None:
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(
            ProgramTreeModel.NUMBER, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(ProgramTreeModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ProgramTreeModel.STATE, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnHidden(ProgramTreeModel.TERM, True)
        self.tree.setColumnHidden(ProgramTreeModel.EXECUTORS, True)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([430, 720])

    def _build_actions(self) -> None:
        self.render_actions: dict[str, QAction] = {}
        self._measure_problems: dict[int, list[Problem]] = {}
        self.job: Job | None = None
        self.load_builtin_action = QAction("&Завантажити державну програму", self)
        self.load_builtin_action.triggered.connect(self.load_builtin_program)
        self.undo_action = self.session.undo_stack.createUndoAction(self, "&Скасувати")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.session.undo_stack.createRedoAction(self, "&Повторити")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        self.carry_measure_action = QAction("Скопіювати з попереднього періоду: &цей захід", self)
        self.carry_measure_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.carry_measure_action.triggered.connect(lambda: self.carry_forward(only_current=True))
        self.carry_all_action = QAction("Скопіювати з попереднього періоду: &усі заходи", self)
        self.carry_all_action.triggered.connect(lambda: self.carry_forward(only_current=False))
        self._build_structure_actions()
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            # Pending typing is saved first, so undo takes back what the clerk just typed.
            action.triggered.connect(self.editor.flush)

    def _build_structure_actions(self) -> None:
        """Changing the program itself: off by default, so a clerk filling in a report
        cannot rename a measure by accident."""
        self.structure_action = QAction("Редагувати &структуру програми", self)
        self.structure_action.setCheckable(True)
        self.structure_action.setShortcut(QKeySequence("Ctrl+E"))
        self.structure_action.toggled.connect(self._on_structure_editing)
        self.structure_actions: list[QAction] = []
        for text, shortcut, slot in (
            ("Додати &захід", "Ctrl+Shift+M", self.add_measure),
            ("Додати з&авдання…", "Ctrl+Shift+T", self.add_task),
            ("Змінити завдання…", "F2", self.rename_task),
            ("&Видалити…", "Del", self.delete_item),
            ("Перемістити в&ище", "Alt+Up", lambda: self.move_item(-1)),
            ("Перемістити н&ижче", "Alt+Down", lambda: self.move_item(+1)),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            action.setEnabled(False)
            self.addAction(action)
            self.structure_actions.append(action)

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar("Вибір звіту")
        toolbar.setObjectName("choiceToolbar")
        toolbar.setMovable(False)
        self.program_combo = QComboBox()
        self.unit_combo = QComboBox()
        self.period_combo = QComboBox()
        for label, combo, width in (
            ("&Програма:", self.program_combo, 420),
            ("&Орган:", self.unit_combo, 220),
            ("П&еріод:", self.period_combo, 170),
        ):
            title = QLabel(label)
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

    def _build_filters(self) -> None:
        """Search and the two filters sit above the tree they narrow."""
        find = self.form.findChild
        self.search: QLineEdit = find(QLineEdit, "searchEdit")
        self.search.textChanged.connect(self._on_filter_changed)
        self.find_action = QAction("&Знайти захід", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._focus_search)
        self.addAction(self.find_action)
        self.mine_action = QAction("Мої заходи", self)
        self.mine_action.setToolTip("Лише заходи, серед виконавців яких є обраний орган")
        self.problems_action = QAction("З проблемами", self)
        self.problems_action.setToolTip("Лише заходи з помилками чи попередженнями")
        for action, button in (
            (self.mine_action, "mineButton"),
            (self.problems_action, "problemsButton"),
        ):
            action.setCheckable(True)
            action.toggled.connect(self._on_filter_changed)
            find(QToolButton, button).setDefaultAction(action)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _build_menus(self) -> None:  # noqa: PLR0915 (every menu in one place)
        file_menu = self.menuBar().addMenu("&Файл")
        file_menu.addAction(self.load_builtin_action)
        file_menu.addAction("Довідник &органів…", lambda: show_units(self))
        self.import_action = file_menu.addAction("&Імпорт з файлу…")
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_file)
        self.excel_export_action = file_menu.addAction("&Експорт в Excel…")
        self.excel_export_action.setShortcut(QKeySequence(EXPORT_SHORTCUT))
        self.excel_export_action.triggered.connect(self.export_excel)
        self.excel_import_action = file_menu.addAction("І&мпорт з Excel…")
        self.excel_import_action.setShortcut(QKeySequence(IMPORT_SHORTCUT))
        self.excel_import_action.triggered.connect(self.import_excel)
        self.restore_action = file_menu.addAction(
            "&Відновити з резервної копії…", lambda: restore_from_backup(self)
        )
        file_menu.addSeparator()
        self.send_program_action = file_menu.addAction("Надіслати &програму…")
        self.send_program_action.triggered.connect(self.send_program)
        file_menu.addSeparator()
        settings_action = file_menu.addAction("&Налаштування…")
        settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        settings_action.triggered.connect(self.edit_settings)
        file_menu.addSeparator()
        quit_action = file_menu.addAction("&Вийти")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_action.triggered.connect(self.close)
        edit_menu = self.menuBar().addMenu("&Правка")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.carry_measure_action)
        edit_menu.addAction(self.carry_all_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.structure_action)
        for action in self.structure_actions:
            edit_menu.addAction(action)
        report_menu = self.menuBar().addMenu("&Звіт")
        for number, (layout, title) in enumerate(TITLES.items(), start=1):
            action = report_menu.addAction(f"{title}…")
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, layout=layout: self.render(layout))
            self.render_actions[layout] = action
        report_menu.addSeparator()
        self.received_action = report_menu.addAction("&Отримані звіти…")
        self.received_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.received_action.triggered.connect(self.show_received)
        self.send_action = report_menu.addAction("&Надіслати звіт…")
        self.send_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.send_action.triggered.connect(self.send_report)
        self.view_menu = self.menuBar().addMenu("&Вигляд")
        self.mine_action.setText("Лише &мої заходи")
        self.problems_action.setText("Лише заходи з &проблемами")
        self.mine_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.problems_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.view_menu.addAction(self.mine_action)
        self.view_menu.addAction(self.problems_action)
        self.view_menu.addSeparator()
        help_menu = self.menuBar().addMenu("&Довідка")
        help_menu.addAction("&Про програму", self._about)

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
        self.view_menu.addAction(problems.toggleViewAction())
        self.problems_summary = QLabel()
        self.statusBar().addPermanentWidget(self.problems_summary)
        self.mail_sender = MailSender(self.db, self)
        self.mail_sender.reported.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.mail_sender.settingsRequested.connect(self.edit_settings)
        self.outbox_dock = OutboxDock(self.db, self.mail_sender, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.outbox_dock)
        self.outbox_dock.hide()
        self.view_menu.addAction(self.outbox_dock.toggleViewAction())
        self.statusBar().addPermanentWidget(self.outbox_dock.status_label)

    # ------------------------------------------------------------------ choices

    def refresh_choices(self, program_id: int | None = None) -> None:
        """Fill the toolbar from the database and restore the clerk's last choice."""
        remembered_program, remembered_unit, remembered_period = self.settings.choice(
            str(self.db.path)
        )
        summaries = ProgramStore(self.db).list()
        self.program_combo.clear()
        for summary in summaries:
            self.program_combo.addItem(
                f"{summary.title} ({summary.year_from}–{summary.year_to})", summary.id
            )
        wanted = program_id if program_id is not None else remembered_program
        self.program_combo.setCurrentIndex(max(0, self.program_combo.findData(wanted)))
        self.unit_combo.clear()
        for unit in desk_units(UnitStore(self.db).list(), Config(self.db).unit):
            self.unit_combo.addItem(unit.short_name, unit.code)
        unit = remembered_unit or Config(self.db).unit or self.settings.former_reporting_unit()
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
        program = ProgramStore(self.db).load(program_id)
        for year in program.years:
            for period in program.reporting.periods(year):
                self.period_combo.addItem(period.title, period.code)
        index = self.period_combo.findData(wanted)
        if index < 0:
            # First start: the latest period that already has entries, else the last one.
            reported = EntryStore(self.db).periods_with_entries(program)
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
        if current is not None:
            self._select_measure(current)

    def _on_filter_changed(self) -> None:
        current = self.editor.measure.id if self.editor.measure is not None else None
        unit = next((u for u in self.session.units if u.code == self.session.unit_code), None)
        self.filter.set_filters(
            self.search.text(),
            unit if self.mine_action.isChecked() else None,
            set(self._measure_problems) if self.problems_action.isChecked() else None,
        )
        self.tree.expandAll()
        if current is not None:
            self._select_measure(current, focus_tree=False)

    def _show_program_info(self) -> None:
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

    def _refresh_states(self) -> None:
        """Measure states, problems and the fill bar for the chosen unit and period."""
        if not self.session.ready:
            self.model.set_states({})
            self.model.set_problems({})
            self.problems_model.set_problems([])
            self.problems_summary.clear()
            self.fill_progress.setRange(0, 1)
            self.fill_progress.setValue(0)
            return
        program, unit = self.session.program, self.session.unit_code
        entries = self.session.entries()
        ids = {
            (task.number, m.reference): m.id for task in program.all_tasks for m in task.measures
        }
        statuses = [s for s in entries.statuses if s.unit_code == unit]
        self.model.set_states({ids[(s.task_number, s.measure_number)]: s.state for s in statuses})
        problems = check_period(program, entries, unit)
        self.problems_model.set_problems(problems)
        self.problems_summary.setText(self.problems_model.summary)
        by_measure: dict[int, list[Problem]] = {}
        for problem in problems:
            by_measure.setdefault(ids[(problem.task_number, problem.measure_number)], []).append(
                problem
            )
        self.model.set_problems(
            {measure_id: worst(found) for measure_id, found in by_measure.items()}
        )
        self._measure_problems = by_measure
        if self.editor.measure is not None:
            self.editor.set_problems(by_measure.get(self.editor.measure.id, []))
        if self.problems_action.isChecked():
            self._on_filter_changed()
        filled, total = completion(program, entries, unit)
        self.fill_progress.setRange(0, max(1, total))
        self.fill_progress.setValue(filled)

    def _jump_to_problem(self, index: QModelIndex) -> None:
        problem: Problem = index.data(ProblemRole)
        measure = self.session.program.find_measure(problem.task_number, problem.measure_number)
        self._select_measure(measure.id)
        self.editor.focus_field(problem.field)

    # ------------------------------------------------------------------ selection

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = current.data(ProgramTreeModel.ItemRole) if current.isValid() else None
        measure = item if isinstance(item, Measure) else None
        self.editor.show_measure(measure)
        if measure is not None:
            self.editor.set_problems(self._measure_problems.get(measure.id, []))
        self.settings.set_last_measure(str(self.db.path), None if measure is None else measure.id)

    def _select_measure(self, measure_id: int | None, *, focus_tree: bool = True) -> None:
        source = self.model.index_of(measure_id) if measure_id is not None else QModelIndex()
        index = self.filter.mapFromSource(source)
        if not index.isValid():
            first_task = self.filter.index(0, 0)
            index = self.filter.index(0, 0, first_task) if first_task.isValid() else QModelIndex()
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.tree.scrollTo(index)
        if focus_tree:
            self.tree.setFocus()

    def _on_report_changed(self, key: ReportKey) -> None:
        """After any edit or undo: the measure's state in the tree, the fill bar, and the
        tree's selection follows undo to the measure it changed."""
        if key.unit_code != self.session.unit_code or key.period != self.session.period:
            return
        self._refresh_states()
        if self.editor.key != key:
            self._select_measure(key.measure_id)

    # ------------------------------------------------------------------ actions

    def load_builtin_program(self) -> None:
        """Add the national program and the reporting units to the database."""
        try:
            loaded = load_builtin(self.session.workspace)
        except UserError as exc:
            QMessageBox.critical(self, APP_NAME, str(exc))
            return
        if not loaded.added:
            QMessageBox.information(
                self, APP_NAME, f"Програма «{loaded.program.title}» вже є в базі даних."
            )
        self.refresh_choices(loaded.program_id)

    def import_file(self) -> None:
        """A program's annex or a filled report, through the preview."""
        self.editor.flush()
        wizard = ImportWizard(self.session, self)
        if wizard.exec() and wizard.program_id is not None:
            self.refresh_choices(wizard.program_id)

    def export_excel(self) -> None:
        """The period's entries as an Excel workbook for finance departments."""
        self.editor.flush()
        if not self.session.ready:
            QMessageBox.information(self, APP_NAME, "Спершу оберіть програму, орган і період.")
            return
        self.job = export_workbook(self, self.session, self.settings)

    def import_excel(self) -> None:
        """An edited workbook back into the period: preview, then one undoable step."""
        self.editor.flush()
        if not self.session.ready:
            QMessageBox.information(self, APP_NAME, "Спершу оберіть програму, орган і період.")
            return
        self.job = import_workbook(self, self.session, self.settings)

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self.db, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if dialog.password_for_session is not None:
            self.mail_sender.remember_password(*dialog.password_for_session)
        self.outbox_dock.refresh()
        if own := Config(self.db).unit:
            index = self.unit_combo.findData(own)
            if index >= 0 and index != self.unit_combo.currentIndex():
                self.unit_combo.setCurrentIndex(index)
                self._on_choice()

    # ------------------------------------------------------------------ structure

    def _on_structure_editing(self, on: bool) -> None:
        for action in self.structure_actions:
            action.setEnabled(on)
        self.editor.set_structure_editing(on)

    def _current_item(self) -> Task | Measure | None:
        index = self.tree.currentIndex()
        return index.data(ProgramTreeModel.ItemRole) if index.isValid() else None

    def _on_structure_changed(self, select: tuple[str, int] | None) -> None:
        """The program changed shape: show it again and keep the clerk's place."""
        current = self._current_item()
        self.model.set_program(self.session.program)
        self._on_filter_changed()
        self.tree.expandAll()
        self._refresh_states()
        kind, row_id = select or (
            ("task", current.id)
            if isinstance(current, Task)
            else ("measure", getattr(current, "id", None))
        )
        if kind == "task":
            index = self.filter.mapFromSource(self.model.index_of_task(row_id))
            if index.isValid():
                self.tree.setCurrentIndex(index)
        else:
            self._select_measure(row_id, focus_tree=False)
        self.editor.show_measure(
            self.editor.measure and self.session.program.find_measure_by_id(self.editor.measure.id)
        )

    def add_measure(self) -> None:
        item = self._current_item()
        if item is None or self.session.program is None:
            return
        task = item if isinstance(item, Task) else self.session.program.task_of(item)
        position = len(task.measures) if isinstance(item, Task) else task.measures.index(item) + 1
        numbers = [
            int(m.number.rstrip(")")) for m in task.measures if m.number.rstrip(")").isdigit()
        ]
        number = f"{max(numbers, default=0) + 1})"
        self.session.push(
            AddItem(self.session, "measure", task.id, position, number, "Новий захід")
        )
        self.editor.title_edit.setFocus()
        self.editor.title_edit.selectAll()

    def add_task(self) -> None:
        program = self.session.program
        if program is None:
            return
        item = self._current_item()
        current = item if isinstance(item, Task) else (program.task_of(item) if item else None)
        position = program.all_tasks.index(current) + 1 if current else len(program.all_tasks)
        dialog = TaskDialog("Нове завдання", f"{len(program.all_tasks) + 1}.", "", self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            number, title = dialog.values()
            if title:
                self.session.push(
                    AddItem(self.session, "task", program.id, position, number, title)
                )

    def rename_task(self) -> None:
        item = self._current_item()
        if not isinstance(item, Task):
            return
        dialog = TaskDialog("Завдання", item.number, item.title, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        number, title = dialog.values()
        self.session.undo_stack.beginMacro(f"Змінити завдання {item.number}")
        for name, value in (("number", number), ("title", title)):
            if value and value != getattr(item, name):
                self.session.push(
                    SetStructureValue(self.session, "task", item.id, name, value, name)
                )
        self.session.undo_stack.endMacro()

    def delete_item(self) -> None:
        item = self._current_item()
        if not isinstance(item, Task | Measure):
            return
        kind = "task" if isinstance(item, Task) else "measure"
        what = "завдання" if kind == "task" else "захід"
        reports = self.session.workspace.entries.statuses_under(kind, item.id)
        question = f"Видалити {what} «{item.label[:120]}»?"
        if reports:
            question += (
                f"\nРазом із ним буде видалено звітні дані ({reports} записів про стан виконання)."
            )
        question += "\nДію можна скасувати: Правка → Скасувати (Ctrl+Z)."
        answer = QMessageBox.question(self, APP_NAME, question)
        if answer == QMessageBox.StandardButton.Yes:
            self.session.push(DeleteItem(self.session, kind, item.id, f"{what} {item.number}"))

    def move_item(self, step: int) -> None:
        item = self._current_item()
        program = self.session.program
        if program is None or not isinstance(item, Task | Measure):
            return
        if isinstance(item, Task):
            siblings, kind = program.all_tasks, "task"
        else:
            siblings, kind = program.task_of(item).measures, "measure"
        position = siblings.index(item) + step
        if 0 <= position < len(siblings):
            text = "Перемістити вище" if step < 0 else "Перемістити нижче"
            self.session.push(MoveItem(self.session, kind, item.id, position, text))

    def carry_forward(self, *, only_current: bool) -> None:
        """Start the period from the previous one; nothing already typed is replaced."""
        self.editor.flush()
        if not self.session.ready or (only_current and self.editor.measure is None):
            return
        keys = None
        if only_current:
            task = self.session.program.task_of(self.editor.measure)
            keys = {(task.number, self.editor.measure.reference)}
        command = CarryForward(self.session, keys)
        self.session.push(command)
        result = command.result
        if result is not None:
            source = command.source.title
            self.statusBar().showMessage(
                f"Скопійовано з періоду «{source}»: станів {result.statuses}, значень показників "
                f"{result.achieved}, рядків фінансування {result.lines}; без змін {result.skipped}",
                15000,
            )

    def _on_reports_changed(self) -> None:
        self._refresh_states()
        self.editor.show_measure(self.editor.measure)
        if self.editor.measure is not None:
            self.editor.set_problems(self._measure_problems.get(self.editor.measure.id, []))

    def render(self, layout: str) -> None:
        """Ask where to save the document, then build it without freezing the window."""
        self.editor.flush()
        if not self.session.ready:
            QMessageBox.information(self, APP_NAME, "Спершу оберіть програму, орган і період.")
            return
        self.job = render_from_gui(self, self.session, self.settings, layout)

    def show_received(self) -> ReceivedWindow | None:
        """«Отримані звіти» for the chosen program: one window, raised if already open."""
        self.editor.flush()
        if self.session.program is None:
            QMessageBox.information(self, APP_NAME, "Спершу оберіть програму.")
            return None
        window = self.findChild(ReceivedWindow)
        if window is None:
            window = ReceivedWindow(self.session, self.settings, self)
            window.programsChanged.connect(
                lambda: self.refresh_choices(self.program_combo.currentData())
            )
        elif window.isVisible():
            window.raise_()
        window.show()
        window.activateWindow()
        return window

    def send_report(self) -> SendDialog | None:
        """«Надіслати звіт» for the chosen program, unit and period."""
        self.editor.flush()
        if not self.session.ready:
            QMessageBox.information(self, APP_NAME, "Спершу оберіть програму, орган і період.")
            return None
        dialog = SendDialog(self.session, self.settings, self)
        dialog.queued.connect(lambda _item: self.mail_sender.queued())
        dialog.settingsRequested.connect(self.edit_settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def send_program(self) -> None:
        """«Надіслати програму»: its package for the units below this database's unit."""
        send_program(self, self.session, self.settings, self.edit_settings)

    def _show_failure(self, message: str) -> None:
        """A value that could not be saved: said where the clerk looks, without a modal
        box in the way of the next keystroke; nothing else was changed."""
        QApplication.beep()
        self.statusBar().showMessage(f"Не збережено: {message}", 15000)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "Про програму",
            f"<b>{APP_NAME} {__version__}</b><br>Підготовка звітів про виконання програм "
            "протидії торгівлі людьми.<br>Працює без інтернету; усе введене зберігається одразу "
            f"у файлі <code>{self.db.path}</code>.",
        )

    # ------------------------------------------------------------------ window state

    def _restore_window(self) -> None:
        for name, restore in (
            ("geometry", self.restoreGeometry),
            ("state", self.restoreState),
            ("splitter", self.splitter.restoreState),
        ):
            value = self.settings.window(name)
            if value is not None:
                restore(value)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.editor.flush()
        self.mail_sender.stop()
        self.settings.set_window("geometry", self.saveGeometry())
        self.settings.set_window("state", self.saveState())
        self.settings.set_window("splitter", self.splitter.saveState())
        super().closeEvent(event)
