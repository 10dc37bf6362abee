"""«Отримані звіти»: the oblast clerk's window for what the units below send. The board
shows whose report came for each period; below it, the revisions of the chosen cell
with their signature and review. Packages come in through the file dialogs or by
drag-and-drop and are received on a worker thread with a connection of its own."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage
from html import escape
from pathlib import Path

from PySide6.QtCore import QMimeData, QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.periods import Period
from ctb_desktop.exchange.board import load_board
from ctb_desktop.exchange.incoming import Received, package_paths
from ctb_desktop.exchange.mail import write_eml
from ctb_desktop.exchange.outgoing import report_layout
from ctb_desktop.exchange.package import SUFFIX
from ctb_desktop.gui.board_model import (
    BoardModel,
    PackageRole,
    RevisionsModel,
    revision_notes,
)
from ctb_desktop.gui.forms import FormDialog, load_form
from ctb_desktop.gui.jobs import Job
from ctb_desktop.gui.received_jobs import (
    Arrived,
    Results,
    consolidation_job,
    receiving_job,
    store_received,
    summary_box,
)
from ctb_desktop.gui.revision_compare import RevisionCompareDialog
from ctb_desktop.gui.session import ReportSession
from ctb_desktop.gui.settings import Settings
from ctb_desktop.operations.review import compare_revisions, review_package
from ctb_desktop.reports.render import file_name, safe_name
from ctb_desktop.storage.packages import ReceivedPackage

TITLE = "Отримані звіти"
CHANGED_ENTRIES = {"imported", "replaced"}
CHANGED_PROGRAMS = {"program_added", "program_updated"}
BUTTONS = ("own", "accept", "return", "compare", "import", "importFolder", "consolidate", "close")


class ReturnCommentDialog(FormDialog):
    """The reason a revision goes back; «Повернути» stays off until there is one."""

    def __init__(self, what: str, comment: str, parent: QWidget | None = None) -> None:
        super().__init__(
            "return_comment", "Повернути на доопрацювання", "&Повернути", "&Скасувати", parent
        )
        self.find(QLabel, "revisionLabel").setText(what)
        self.edit: QPlainTextEdit = self.find(QPlainTextEdit, "commentEdit")
        buttons: QDialogButtonBox = self.find(QDialogButtonBox, "buttons")
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.edit.textChanged.connect(lambda: self.ok.setEnabled(bool(self.comment)))
        self.edit.setPlainText(comment)
        self.ok.setEnabled(bool(self.comment))
        self.resize(560, 260)

    @property
    def comment(self) -> str:
        return self.edit.toPlainText().strip()

    def accept(self) -> None:
        if self.comment:
            super().accept()


class ReceivedWindow(QDialog):
    """`programsChanged`: a program package added or updated a program."""

    programsChanged = Signal()

    def __init__(
        self,
        session: ReportSession,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.today = today
        self.job: Job | None = None
        self.summary_box: QMessageBox | None = None
        self.compare_dialog: RevisionCompareDialog | None = None
        self._program_id: int | None = None
        self._folder = ""
        self.setWindowTitle(TITLE)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.form = load_form("received_window", self)
        QVBoxLayout(self).addWidget(self.form)
        find = self.form.findChild
        self.year: QSpinBox = find(QSpinBox, "yearSpin")
        self.own_label: QLabel = find(QLabel, "ownLabel")
        self.board_view: QTableView = find(QTableView, "boardView")
        self.history_view: QTableView = find(QTableView, "historyView")
        self.notes: QPlainTextEdit = find(QPlainTextEdit, "notesEdit")
        self.accepted_only: QCheckBox = find(QCheckBox, "acceptedOnlyCheck")
        self.buttons = {name: find(QPushButton, f"{name}Button") for name in BUTTONS}
        self.board_model = BoardModel(self)
        self.revisions_model = RevisionsModel(self)
        self._setup_views()
        self._connect()
        self.setAcceptDrops(True)
        self.resize(1180, 680)
        geometry = settings.window("received")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._on_context_changed()
        self.board_view.setFocus()

    # ------------------------------------------------------------------ building

    def _setup_views(self) -> None:
        self.board_view.setModel(self.board_model)
        header = self.board_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(150)
        self.board_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.history_view.setModel(self.revisions_model)
        self.history_view.verticalHeader().hide()
        header = self.history_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RevisionsModel.FILE, QHeaderView.ResizeMode.Stretch)
        self.notes.setPlaceholderText("Оберіть редакцію, щоб побачити підпис і розгляд.")

    def _connect(self) -> None:
        buttons = self.buttons
        for name, slot in (
            ("own", self.choose_own_unit),
            ("accept", self.accept_revision),
            ("return", self.return_revision),
            ("compare", self.compare_revision),
            ("import", self.choose_files),
            ("importFolder", self.choose_folder),
            ("consolidate", self.consolidated_report),
            ("close", self.close),
        ):
            buttons[name].clicked.connect(lambda _checked=False, slot=slot: slot())
        for shortcut, button in (
            (QKeySequence.StandardKey.Open, "import"),
            (QKeySequence("Ctrl+Shift+O"), "importFolder"),
        ):
            action = QAction(self)
            action.setShortcut(shortcut)
            action.triggered.connect(buttons[button].click)
            self.addAction(action)
        self.year.valueChanged.connect(lambda _year: self.reload())
        self.board_view.selectionModel().currentChanged.connect(self._show_history)
        self.history_view.selectionModel().currentChanged.connect(self._on_revision_changed)
        self.session.contextChanged.connect(self._on_context_changed)

    # ------------------------------------------------------------------ reading

    def _on_context_changed(self) -> None:
        """Another program in the main window: its board, from the session's year."""
        program = self.session.program
        if program is not None and program.id != self._program_id:
            self._program_id = program.id
            years = list(program.years)
            year = self.session.period.year if self.session.period else date.today().year
            self.year.blockSignals(True)
            self.year.setRange(min(years), max(years))
            self.year.setValue(min(max(year, min(years)), max(years)))
            self.year.blockSignals(False)
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        """Read the board again; the chosen cell and revision stay chosen."""
        unit_code, period = self.selected_cell()
        package = self.selected_package()
        program = self.session.program
        board = None
        if program is None:
            self.own_label.setText("Оберіть програму в головному вікні.")
        else:
            try:
                board = load_board(
                    self.session.workspace, program.id, self.year.value(), today=self.today
                )
            except UserError as exc:
                self.own_label.setText(f"<b>{escape(str(exc))}</b>")
        self.board_model.set_board(board)
        if board is not None:
            self.own_label.setText(self._own_text(board))
            if period not in board.periods and self.session.period in board.periods:
                period = self.session.period
            index = self.board_model.index_of(unit_code or "", period) if period else None
            if index is None or not index.isValid():
                column = board.periods.index(period) if period in board.periods else 0
                index = self.board_model.index(0, column)
            self.board_view.setCurrentIndex(index)
        self._show_history(package_id=package.id if package else None)

    def _own_text(self, board) -> str:
        own = f"Звіти до органу <b>{escape(board.own.name)}</b> ({escape(board.own.code)})"
        if not board.units:
            return (
                f"{own}. Підпорядкованих органів у довіднику ще немає: вони з’являться "
                "з першими пакетами."
            )
        return f"{own} · органів, що звітують: {len(board.units)}"

    def selected_cell(self) -> tuple[str | None, Period | None]:
        index = self.board_view.currentIndex()
        unit = self.board_model.unit_at(index.row()) if index.isValid() else None
        period = self.board_model.period_at(index.column()) if index.isValid() else None
        return (unit.code if unit else None), period

    def selected_package(self) -> ReceivedPackage | None:
        index = self.history_view.currentIndex()
        return index.data(PackageRole) if index.isValid() else None

    def _show_history(self, *_args: object, package_id: int | None = None) -> None:
        unit_code, period = self.selected_cell()
        program = self.session.program
        packages = []
        if unit_code and period and program is not None:
            packages = self.session.workspace.received.list(program.id, period, unit_code)
        self.revisions_model.set_packages(packages)
        row = max(0, self.revisions_model.row_of(package_id))
        if packages:
            self.history_view.setCurrentIndex(self.revisions_model.index(row, 0))
        self._on_revision_changed()

    def _on_revision_changed(self, *_args: object) -> None:
        package = self.selected_package()
        self.notes.setPlainText(revision_notes(package) if package else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        package = self.selected_package()
        idle = self.job is None
        has_board = self.board_model.board is not None
        self.buttons["accept"].setEnabled(package is not None and package.review != "accepted")
        self.buttons["return"].setEnabled(package is not None)
        self.buttons["compare"].setEnabled(
            package is not None and self.revisions_model.previous(package) is not None
        )
        period = self.selected_cell()[1]
        self.buttons["consolidate"].setEnabled(idle and has_board and period is not None)
        self.buttons["consolidate"].setText(
            f"&Зведений звіт {period.for_phrase}…" if period else "&Зведений звіт…"
        )
        for name in ("import", "importFolder"):
            self.buttons[name].setEnabled(idle and self.session.program is not None)

    # ------------------------------------------------------------------ own unit

    def choose_own_unit(self, reason: str = "") -> bool:
        """Whose database this is: reports are taken only from the units under it."""
        ws = self.session.workspace
        units = ws.units.list()
        if not units:
            QMessageBox.warning(self, TITLE, f"У довіднику бази «{ws.path}» немає жодного органу.")
            return False
        labels = [f"{unit.short_name} ({unit.code})" for unit in units]
        board = self.board_model.board
        current = ws.config.unit or (board.own.code if board else "")
        codes = [unit.code for unit in units]
        text = (f"{reason}\n\n" if reason else "") + (
            "Звіти приймаються від органів, підпорядкованих власному органу цієї бази.\n"
            "Оберіть власний звітуючий орган:"
        )
        label, ok = QInputDialog.getItem(
            self,
            "Власний орган",
            text,
            labels,
            codes.index(current) if current in codes else 0,
            False,
        )
        if not ok:
            return False
        try:
            ws.config.set("unit", codes[labels.index(label)])
        except UserError as exc:
            QMessageBox.warning(self, TITLE, f"Не збережено в базі «{ws.path}»: {exc}")
            return False
        self.reload()
        return True

    def ensure_own_unit(self) -> bool:
        if self.session.workspace.config.unit:
            return True
        return self.choose_own_unit(
            "Не вказано, чия це база даних, тож невідомо, чиї звіти приймати."
        )

    # ------------------------------------------------------------------ import

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Імпортувати пакети",
            self._folder,
            f"Пакети звітів і програм (*{SUFFIX});;Усі файли (*)",
        )
        if names:
            self.import_paths([Path(name) for name in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Папка з пакетами", self._folder)
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path], skipped: list[str] | None = None) -> Job | None:
        """Receive packages (folders stand for the packages in them) on a worker thread;
        the one way in for the file dialogs and drag-and-drop."""
        if self.job is not None or self.session.program is None:
            return None
        files = package_paths(paths)
        if not files:
            where = ", ".join(f"«{path}»" for path in paths)
            QMessageBox.information(self, TITLE, f"У {where} немає пакетів {SUFFIX}.")
            return None
        if not self.ensure_own_unit():
            return None
        self._folder = str(files[0].parent)
        self.job = receiving_job(self, files)
        self.job.succeeded.connect(lambda arrived: self._on_arrived(arrived, skipped or []))
        self.job.failed.connect(
            lambda message: QMessageBox.warning(self, TITLE, f"Пакети не отримано: {message}")
        )
        self.job.cancelled.connect(self._on_receiving_cancelled)
        return self._start(self.job)

    def _start(self, job: Job) -> Job:
        job.finished.connect(self._on_job_finished)
        self._update_buttons()
        job.start()
        return job

    def _on_job_finished(self) -> None:
        self.job = None
        self._update_buttons()

    def _on_arrived(self, arrived: Arrived, skipped: list[str]) -> None:
        results = store_received(self, self.session.workspace, arrived)
        if results is not None:
            self._on_received(results, skipped)

    def _on_received(self, results: Results, skipped: list[str]) -> None:
        self._after_receiving([result for _path, result in results if isinstance(result, Received)])
        self.summary_box = summary_box(self, TITLE, results, skipped)
        self.summary_box.open()

    def _on_receiving_cancelled(self) -> None:
        QMessageBox.information(self, TITLE, "Отримання зупинено: жодного пакета не збережено.")

    def _after_receiving(self, received: list[Received] | None) -> None:
        """The board again, and the main window's view of the entries and programs.
        `None`: unknown (cancelled), so everything is refreshed."""
        self.reload()
        outcomes = {result.outcome for result in received} if received is not None else None
        if outcomes is None or outcomes & CHANGED_PROGRAMS:
            self.programsChanged.emit()
        if outcomes is None or outcomes & CHANGED_ENTRIES:
            self.session.reportsChanged.emit()

    # ------------------------------------------------------------------ drag and drop

    @staticmethod
    def _local_paths(mime: QMimeData) -> list[Path]:
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_paths(event.mimeData()) and self.job is None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._local_paths(event.mimeData())
        wanted = [path for path in paths if path.is_dir() or path.suffix.casefold() == SUFFIX]
        if not wanted:
            event.ignore()
        else:
            event.acceptProposedAction()
        # After the drop returns, so the file manager is not held by our dialogs.
        QTimer.singleShot(0, lambda: self._take_drop(paths, wanted))

    def _take_drop(self, paths: list[Path], wanted: list[Path]) -> None:
        others = [path for path in paths if path not in wanted]
        if not wanted:
            names = ", ".join(f"«{path.name}»" for path in others)
            QMessageBox.warning(
                self,
                TITLE,
                f"Не імпортовано: {names}. Сюди можна перетягнути лише пакети {SUFFIX} "
                "або папки з ними.",
            )
            return
        skipped = [f"«{path.name}»: не пакет {SUFFIX}, пропущено" for path in others]
        self.import_paths(wanted, skipped)

    # ------------------------------------------------------------------ review

    def accept_revision(self) -> None:
        package = self.selected_package()
        if package is not None:
            self._set_review(package, "accepted", "")

    def return_revision(self) -> None:
        package = self.selected_package()
        if package is None:
            return
        comment = self.ask_return_comment(package)
        if not comment:
            return
        letter = self._set_review(package, "returned", comment)
        if letter is not None:
            answer = QMessageBox.question(
                self,
                TITLE,
                "Звіт повернуто на доопрацювання. Підготувати лист-відповідь із коментарем "
                "у поштовій програмі?",
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.reply_draft(package, letter)

    def reply_draft(self, package: ReceivedPackage, letter: EmailMessage) -> Path | None:
        """The reply (the letter the return made) as an .eml draft beside the reports,
        opened in the mail program; its path, or None if it could not be written."""
        folder = Path(self._output_folder())
        path = folder / safe_name(["Відповідь", package.file_name.removesuffix(SUFFIX)], ".eml")
        try:
            write_eml(letter, path)
        except UserError as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def _output_folder(self) -> str:
        return self.settings.output_folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )

    def ask_return_comment(self, package: ReceivedPackage) -> str | None:
        unit = next((u.short_name for u in self.session.units if u.code == package.unit_code), "")
        what = f"{unit or package.unit_code}, {package.period.title}, редакція {package.revision}"
        dialog = ReturnCommentDialog(what, package.review_comment, self)
        return dialog.comment if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _set_review(
        self, package: ReceivedPackage, review: str, comment: str
    ) -> EmailMessage | None:
        """The review stored; a return gives the reply letter (None if it failed)."""
        letter = None
        try:
            letter = review_package(self.session.workspace, package.id, review, comment)
        except UserError as exc:
            QMessageBox.warning(
                self,
                TITLE,
                f"Розгляд редакції {package.revision} («{package.file_name}») не збережено: {exc}",
            )
        self.reload()
        return letter

    def compare_revision(self) -> RevisionCompareDialog | None:
        package = self.selected_package()
        previous = self.revisions_model.previous(package) if package else None
        if package is None or previous is None:
            return None
        try:
            differences = compare_revisions(
                self.session.workspace, previous.id, package.id
            ).differences
        except UserError as exc:
            QMessageBox.warning(
                self,
                TITLE,
                f"Не вдалося порівняти «{previous.file_name}» і «{package.file_name}»: {exc}",
            )
            return None
        names = {unit.code: unit.short_name for unit in self.session.workspace.units.list()}
        dialog = RevisionCompareDialog(previous, package, differences, names, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.compare_dialog = dialog
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ consolidated report

    def consolidated_report(self) -> Job | None:
        """Ask where to save the report for the chosen column's period, then render it."""
        period = self.selected_cell()[1]
        board = self.board_model.board
        if period is None or board is None or self.job is not None:
            return None
        suggested = Path(self._output_folder()) / file_name(
            report_layout(period), period.title, board.own.short_name
        )
        name, _ = QFileDialog.getSaveFileName(
            self, f"Зведений звіт {period.for_phrase}", str(suggested), "Документ Word (*.docx)"
        )
        if not name:
            return None
        output = Path(name if name.lower().endswith(".docx") else f"{name}.docx")
        self.settings.output_folder = str(output.parent)
        return self.start_consolidation(period, output)

    def start_consolidation(self, period: Period, output: Path) -> Job | None:
        board, program = self.board_model.board, self.session.program
        if board is None or program is None or self.job is not None:
            return None
        options = self.settings.report_options(report_layout(period))
        self.job = consolidation_job(
            self, self.session.db.path, program.id, period, board.own.code, options, output,
            accepted_only=self.accepted_only.isChecked(),
        )  # fmt: skip
        return self._start(self.job)

    # ------------------------------------------------------------------ closing

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: what came meanwhile, or was typed in the main window."""
        self.reload()
        super().showEvent(event)

    def reject(self) -> None:
        """Esc closes the window, but not while a job is writing."""
        if self.job is None:
            self.settings.set_window("received", self.saveGeometry())
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None:
            event.ignore()
            return
        self.settings.set_window("received", self.saveGeometry())
        super().closeEvent(event)
