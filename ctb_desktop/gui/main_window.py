"""The clerk's desk: program, reporting unit and period in the toolbar; the program's
tree with each measure's state on the left; the measure being filled in on the
right; the history of changes in a dock. Everything typed is saved as it is typed."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QTreeView,
    QWidget,
)

from ctb_desktop import APP_NAME, __version__
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.program import Measure
from ctb_desktop.domain.validation import UNFILLED, Problem
from ctb_desktop.gui.asking import confirm
from ctb_desktop.gui.commands import CarryForward
from ctb_desktop.gui.forms import load_form
from ctb_desktop.gui.help import HelpWindow
from ctb_desktop.gui.import_wizard import ImportWizard
from ctb_desktop.gui.jobs import Job
from ctb_desktop.gui.main_docks import MainDocks
from ctb_desktop.gui.main_menus import build_menus
from ctb_desktop.gui.measure_editor import MeasureEditor
from ctb_desktop.gui.overview import OverviewPage
from ctb_desktop.gui.program_model import ProgramTreeModel
from ctb_desktop.gui.received_window import ReceivedWindow
from ctb_desktop.gui.render_dialog import render_from_gui
from ctb_desktop.gui.report_choice import ReportChoice
from ctb_desktop.gui.send_dialog import SendDialog
from ctb_desktop.gui.send_program import send_program
from ctb_desktop.gui.session import ReportSession
from ctb_desktop.gui.settings import Settings
from ctb_desktop.gui.settings_dialog import SettingsDialog
from ctb_desktop.gui.structure_actions import StructureActions
from ctb_desktop.gui.tree_filter import MeasureFilter
from ctb_desktop.gui.workbook_dialogs import (
    export_workbook,
    import_workbook,
)
from ctb_desktop.operations.entries import carry_preview
from ctb_desktop.operations.programs import load_builtin
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.editing import ReportKey
from ctb_desktop.storage.lock import DatabaseLock


class MainWindow(ReportChoice, StructureActions, MainDocks, QMainWindow):
    """The window; its toolbar (gui/report_choice.py), structure editing
    (gui/structure_actions.py), menus (gui/main_menus.py) and docks (gui/main_docks.py)
    live in modules of their own."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, lock: DatabaseLock | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        # The database's lock this window holds (gui/app.py), which a restore hands on.
        self.instance_lock = lock
        self.settings = Settings()
        self.session = ReportSession(db, self)
        self.setWindowTitle(APP_NAME)
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

        self._build_overview(find)
        self.model = ProgramTreeModel(self)
        self.filter = MeasureFilter(self)
        self.filter.setSourceModel(self.model)
        self.tree.setModel(self.filter)
        self._setup_tree()
        self._build_actions()
        self._build_toolbar()
        self._build_filters()
        build_menus(self)
        self._build_docks()
        self.saved_label = QLabel()
        self.saved_label.setToolTip("Усе введене зберігається одразу; Ctrl+S — зберегти негайно")
        self.statusBar().addPermanentWidget(self.saved_label)
        for signal in (
            self.session.reportChanged,
            self.session.reportsChanged,
            self.session.structureChanged,
        ):
            signal.connect(self._show_saved)
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

    def _build_overview(self, find) -> None:
        """«Огляд» and «Заповнення» as two tabs; the overview comes first once a day."""
        self.work_tabs = QTabWidget()
        self.work_tabs.setObjectName("workTabs")
        self.overview = OverviewPage(self.session)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.overview)
        find(QWidget, "treePage").layout().replaceWidget(self.splitter, self.work_tabs)
        self.work_tabs.addTab(scroll, "&Огляд")
        self.work_tabs.addTab(self.splitter, "&Заповнення")
        self.work_tabs.setTabToolTip(0, "Що залишилося зробити і до якого числа")
        self.work_tabs.currentChanged.connect(self._on_work_tab)
        self.overview.nextUnfilled.connect(self._next_from_overview)
        self.overview_action = QAction("&Огляд", self)
        self.overview_action.setShortcut(QKeySequence("Ctrl+0"))
        self.overview_action.triggered.connect(lambda: self.work_tabs.setCurrentIndex(0))
        self.addAction(self.overview_action)
        today = date.today().isoformat()
        self.work_tabs.setCurrentIndex(0 if self.settings.overview_day != today else 1)
        self.settings.overview_day = today

    def _on_work_tab(self, index: int) -> None:
        if index == 0:
            self.overview.refresh()

    def _next_from_overview(self) -> None:
        self.work_tabs.setCurrentIndex(1)
        self.next_unfilled()

    def _setup_tree(self) -> None:
        header = self.tree.header()
        header.setStretchLastSection(False)
        # Number and state columns sized from the rows in view, not from every row: at
        # the 10× program that sweep was 130,000 model reads and half a second of start.
        header.setResizeContentsPrecision(0)
        header.setSectionResizeMode(
            ProgramTreeModel.NUMBER, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(ProgramTreeModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ProgramTreeModel.STATE, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnHidden(ProgramTreeModel.TERM, True)
        self.tree.setColumnHidden(ProgramTreeModel.EXECUTORS, True)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([360, 800])

    def _build_actions(self) -> None:
        self.render_actions: dict[str, QAction] = {}
        self._measure_problems: dict[int, list[Problem]] = {}
        self._flagged: set[int] = set()  # measures with a problem other than «Не заповнено»
        self._unfilled: set[int] = set()
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
        self.unfilled_action = QAction("Незаповнені", self)
        self.unfilled_action.setToolTip("Лише заходи, які ще не заповнено")
        self.next_unfilled_action = QAction("Наступний &незаповнений", self)
        self.next_unfilled_action.setShortcut(QKeySequence("F8"))
        self.next_unfilled_action.setToolTip("Перейти до наступного незаповненого заходу (F8)")
        self.next_unfilled_action.triggered.connect(self.next_unfilled)
        self.addAction(self.next_unfilled_action)
        for action, button in (
            (self.mine_action, "mineButton"),
            (self.problems_action, "problemsButton"),
            (self.unfilled_action, "unfilledButton"),
        ):
            # The button keeps its short word when the menu names the action in full.
            action.setIconText(action.text())
            action.setCheckable(True)
            action.toggled.connect(self._on_filter_changed)
            find(QToolButton, button).setDefaultAction(action)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_filter_changed(self) -> None:
        current = self.editor.measure.id if self.editor.measure is not None else None
        unit = next((u for u in self.session.units if u.code == self.session.unit_code), None)
        ids: set[int] | None = None
        if self.problems_action.isChecked():
            ids = set(self._flagged)
        if self.unfilled_action.isChecked():
            ids = set(self._unfilled) if ids is None else ids & self._unfilled
        self.filter.set_filters(
            self.search.text(), unit if self.mine_action.isChecked() else None, ids
        )
        self.tree.expandAll()
        if current is not None:
            self._select_measure(current, focus_tree=False)

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

    def next_unfilled(self) -> None:
        """F8: the next measure not filled in yet, after the one shown, in program order;
        the cursor goes to what is missing (the state or the text)."""
        self.editor.flush()
        if not self.session.ready:
            return
        self.work_tabs.setCurrentIndex(1)
        measures = self.session.program.all_measures
        current = self.editor.measure.id if self.editor.measure is not None else None
        start = next((i for i, m in enumerate(measures) if m.id == current), -1)
        ordered = measures[start + 1 :] + measures[: start + 1]
        found = next((m for m in ordered if m.id in self._unfilled), None)
        if found is None:
            self.statusBar().showMessage("Усі заходи заповнено.", 5000)
            return
        if not self.filter.mapFromSource(self.model.index_of(found.id)).isValid():
            self.search.clear()
            for action in (self.mine_action, self.problems_action):
                action.setChecked(False)
        self._select_measure(found.id, focus_tree=False)
        missing = next(
            (
                p.field
                for p in self._measure_problems.get(found.id, [])
                if p.message.startswith(UNFILLED)
            ),
            "state",
        )
        self.editor.focus_field(missing)

    def _on_report_changed(self, key: ReportKey) -> None:
        """After any edit or undo: the measure's state in the tree, the fill bar, and the
        tree's selection follows undo to the measure it changed."""
        if key.unit_code != self.session.unit_code or key.period != self.session.period:
            return
        self._refresh_measure_states(key)
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

    def import_file(self, path: Path | None = None) -> None:
        """A program's annex or a filled report, through the preview; `path` chosen
        already when the window was given the file (gui/open_file.py)."""
        self.editor.flush()
        wizard = ImportWizard(self.session, self)
        if path is not None:
            wizard.file.setText(str(path))
        if wizard.exec() and wizard.program_id is not None:
            self.refresh_choices(wizard.program_id)

    def _report_chosen(self) -> bool:
        """Typing saved first; a command on the report needs a program, unit and period."""
        self.editor.flush()
        if not self.session.ready:
            QMessageBox.information(self, APP_NAME, "Спершу оберіть програму, орган і період.")
        return self.session.ready

    def export_excel(self) -> None:
        """The period's entries as an Excel workbook for finance departments."""
        if not self._report_chosen():
            return
        self.job = export_workbook(self, self.session, self.settings)

    def import_excel(self) -> None:
        """An edited workbook back into the period: preview, then one undoable step."""
        if not self._report_chosen():
            return
        self.job = import_workbook(self, self.session, self.settings)

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self.session.workspace, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if dialog.password_for_session is not None:
            self.mail_sender.remember_password(*dialog.password_for_session)
        self.outbox_dock.refresh()
        if own := self.session.workspace.config.unit:
            index = self.unit_combo.findData(own)
            if index >= 0 and index != self.unit_combo.currentIndex():
                self.unit_combo.setCurrentIndex(index)
                self._on_choice()

    def carry_forward(self, *, only_current: bool) -> None:
        """Start the period from the previous one: say first what will be copied (across
        a year, texts and budget codes but no sums), then copy; nothing typed is replaced."""
        self.editor.flush()
        if not self.session.ready or (only_current and self.editor.measure is None):
            return
        keys = None
        if only_current:
            task = self.session.program.task_of(self.editor.measure)
            keys = {(task.number, self.editor.measure.reference)}
        session = self.session
        preview = carry_preview(
            session.workspace, session.program, session.unit_code, session.period, keys
        )
        if preview.source is None or not preview.with_entries:
            QMessageBox.information(self, "Копіювання з попереднього періоду", preview.message)
            return
        if not confirm(self, "Копіювання з попереднього періоду", preview.message, "&Скопіювати"):
            return
        command = CarryForward(self.session, keys)
        self.session.push(command)
        if command.carried is not None:
            self.statusBar().showMessage(command.carried.message, 15000)

    def render(self, layout: str) -> None:
        """Ask where to save the document, then build it without freezing the window."""
        if not self._report_chosen():
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
        if not self._report_chosen():
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

    def show_help(self) -> HelpWindow:
        """F1: the guide, one window, raised if already open."""
        window = self.findChild(HelpWindow)
        if window is None:
            window = HelpWindow(self)
        elif window.isVisible():
            window.raise_()
        window.show()
        return window

    def save_now(self) -> None:
        """Ctrl+S: what is being typed is written at once (everything else already is)."""
        self.editor.flush()
        self._show_saved()

    def _show_saved(self, *_args) -> None:
        self.saved_label.setText(f"Збережено о {datetime.now():%H:%M}")

    @property
    def data_file_text(self) -> str:
        """«Файл даних: demo.sqlite (Смілянська РДА)»: the file's name and its own unit."""
        own = self.session.workspace.config.unit
        unit = next((u.short_name for u in self.session.units if u.code == own), None)
        return f"Файл даних: {self.db.path.name}" + (f" ({unit})" if unit else "")

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "Про програму",
            f"<b>{APP_NAME} {__version__}</b><br>Підготовка звітів про виконання програм "
            "протидії торгівлі людьми.<br>Працює без інтернету; усе введене зберігається одразу."
            f"<br>{escape(self.data_file_text)}",
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
