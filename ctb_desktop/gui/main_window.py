"""The main window: the program chosen in the bar above, its tasks and measures below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QWidget,
)

from ctb_desktop import APP_NAME, __version__
from ctb_desktop.domain.errors import UserError
from ctb_desktop.gui.forms import load_form
from ctb_desktop.gui.program_model import ProgramTreeModel
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.datafiles import builtin_program, builtin_units
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.units import UnitStore


class MainWindow(QMainWindow):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(f"{APP_NAME} — {db.path.name}")
        self.form = load_form("main_window", self)
        self.setCentralWidget(self.form)
        self.program_combo: QComboBox = self.form.findChild(QComboBox, "programCombo")
        self.program_info: QLabel = self.form.findChild(QLabel, "programInfoLabel")
        self.pages: QStackedWidget = self.form.findChild(QStackedWidget, "pages")
        self.tree: QTreeView = self.form.findChild(QTreeView, "programTree")
        load_button: QPushButton = self.form.findChild(QPushButton, "loadBuiltinButton")

        self.model = ProgramTreeModel(db, self)
        self.tree.setModel(self.model)
        header = self.tree.header()
        header.setSectionResizeMode(
            ProgramTreeModel.NUMBER, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(ProgramTreeModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ProgramTreeModel.TERM, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ProgramTreeModel.EXECUTORS, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.resizeSection(ProgramTreeModel.TERM, 130)
        header.resizeSection(ProgramTreeModel.EXECUTORS, 320)

        self.load_builtin_action = QAction("&Завантажити державну програму", self)
        self.load_builtin_action.triggered.connect(self.load_builtin_program)
        load_button.clicked.connect(self.load_builtin_action.trigger)
        self._build_menus()

        self.program_combo.currentIndexChanged.connect(self._show_selected_program)
        self.refresh_programs()
        self.statusBar().showMessage(f"База даних: {db.path}")
        self.resize(1200, 760)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Файл")
        file_menu.addAction(self.load_builtin_action)
        file_menu.addSeparator()
        quit_action = file_menu.addAction("&Вийти")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_action.triggered.connect(self.close)
        help_menu = self.menuBar().addMenu("&Довідка")
        help_menu.addAction("&Про програму", self._about)

    def refresh_programs(self, select_id: int | None = None) -> None:
        """Fill the program chooser from the database and show the chosen program."""
        summaries = ProgramStore(self.db).list()
        self.program_combo.blockSignals(True)
        self.program_combo.clear()
        for summary in summaries:
            self.program_combo.addItem(
                f"{summary.title} ({summary.year_from}–{summary.year_to})", summary.id
            )
        if select_id is not None:
            self.program_combo.setCurrentIndex(self.program_combo.findData(select_id))
        self.program_combo.blockSignals(False)
        self.pages.setCurrentWidget(self.pages.widget(1 if summaries else 0))
        self.program_combo.setEnabled(len(summaries) > 1)
        self._show_selected_program()

    def _show_selected_program(self) -> None:
        self.model.load(self.program_combo.currentData())
        program = self.model.program
        if program is None:
            self.program_info.clear()
            return
        details = [program.approval.citation] if program.approval else []
        if program.customer:
            details.append(f"Замовник: {program.customer}")
        details.append(f"Звітність: {program.reporting.description}")
        self.program_info.setText(" · ".join(details))
        # National programs print no terms; an empty column only takes room from titles.
        has_terms = any(measure.term for measure in program.all_measures)
        self.tree.setColumnHidden(ProgramTreeModel.TERM, not has_terms)
        self.tree.expandAll()
        self.tree.setCurrentIndex(self.model.index(0, 0))
        self.tree.setFocus()

    def load_builtin_program(self) -> None:
        """Add the national program and the reporting units to the database."""
        program = builtin_program()
        store = ProgramStore(self.db)
        existing = store.id_for_code(program.code)
        if existing is not None:
            QMessageBox.information(
                self, APP_NAME, f"Програма «{program.title}» вже є в базі даних."
            )
            self.refresh_programs(existing)
            return
        try:
            UnitStore(self.db).save(builtin_units())
            program_id = store.insert(program)
        except UserError as exc:
            QMessageBox.critical(self, APP_NAME, str(exc))
            return
        self.refresh_programs(program_id)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "Про програму",
            f"<b>{APP_NAME} {__version__}</b><br>Підготовка звітів про виконання програм "
            "протидії торгівлі людьми.<br>Працює без інтернету; дані зберігаються у файлі "
            f"<code>{self.db.path}</code>.",
        )
