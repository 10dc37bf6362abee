"""The panel beside the tree where the clerk fills in one measure: state, text, counts,
achieved indicators and the financing lines, with the task and program totals.

Typing in the status text is saved after a short pause (and at once when the clerk
moves to another measure or closes the window), so a laptop that dies mid-edit loses
at most the last second of typing; one pause is one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDataWidgetMapper,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ctb_desktop.domain import fields
from ctb_desktop.domain.entries import FinancingLine, MeasureState
from ctb_desktop.domain.money import format_thousands
from ctb_desktop.domain.program import FundingSource, Measure, parse_executors
from ctb_desktop.domain.validation import Problem
from ctb_desktop.domain.wording import CHARACTERS, count
from ctb_desktop.gui.colours import pastel_style
from ctb_desktop.gui.commands import (
    AddLine,
    RemoveLine,
    SetExecutors,
    SetStatusField,
    SetStructureValue,
)
from ctb_desktop.gui.forms import load_form
from ctb_desktop.gui.report_models import (
    PROBLEM_COLOURS,
    SOURCE_TITLES,
    FieldRole,
    FinancingModel,
    IndicatorModel,
)
from ctb_desktop.gui.session import ReportSession
from ctb_desktop.storage.editing import MONEY_FIELDS, ReportKey

# The counts' spin boxes and labels in the form, by field.
COUNTS = tuple(zip(fields.COUNT_FIELDS, ("eventsSpin", "peopleSpin", "victimsSpin"), strict=True))
TEXT_PAUSE_MS = 700


def _with_mnemonic(label: str, position: int) -> str:
    """A form label "Виявлено &постраждалих:": Alt and the letter at `position` jump
    to the field."""
    return f"{label[:position]}&{label[position:]}:"


class SourceDelegate(QStyledItemDelegate):
    """A drop-down of the four sources for the financing table's first column."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        combo = QComboBox(parent)
        for source, title in SOURCE_TITLES.items():
            combo.addItem(title, source)
        return combo

    def setEditorData(self, editor: QComboBox, index: QModelIndex) -> None:
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QComboBox, model, index: QModelIndex) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class MeasureEditor(QWidget):
    """`measure` is what is shown; `problemFieldRequested` is for the problems list."""

    edited = Signal()

    def __init__(self, session: ReportSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.measure: Measure | None = None
        self.key: ReportKey | None = None
        self.form = load_form("measure_editor", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        find = self.form.findChild
        self.heading: QLabel = find(QLabel, "measureHeading")
        self.term: QLabel = find(QLabel, "termLabel")
        self.executors: QLabel = find(QLabel, "executorsLabel")
        self.state: QComboBox = find(QComboBox, "stateCombo")
        self.text: QPlainTextEdit = find(QPlainTextEdit, "statusText")
        self.counter: QLabel = find(QLabel, "textCounter")
        self.spins: dict[str, QSpinBox] = {
            field.key: find(QSpinBox, name) for field, name in COUNTS
        }
        self.indicators_view: QTableView = find(QTableView, "indicatorsView")
        self.financing_view: QTableView = find(QTableView, "financingView")
        self.totals: QLabel = find(QLabel, "totalsLabel")
        self.add_line_button: QPushButton = find(QPushButton, "addLineButton")
        self.remove_line_button: QPushButton = find(QPushButton, "removeLineButton")
        self.problems_label: QLabel = find(QLabel, "problemsLabel")
        self.structure_group: QGroupBox = find(QGroupBox, "structureGroup")
        self.number_edit: QLineEdit = find(QLineEdit, "numberEdit")
        self.title_edit: QPlainTextEdit = find(QPlainTextEdit, "titleEdit")
        self.term_edit: QLineEdit = find(QLineEdit, "termEdit")
        self.executors_edit: QPlainTextEdit = find(QPlainTextEdit, "executorsEdit")
        self.read_only_rows = [
            find(QLabel, name)
            for name in ("termTitle", "termLabel", "executorsTitle", "executorsLabel")
        ]
        self.editing_structure = False
        self.groups = [
            find(QGroupBox, name) for name in ("statusGroup", "indicatorsGroup", "financingGroup")
        ]
        self.tabs: QTabWidget = find(QTabWidget, "sectionTabs")
        self.financing_tab: QWidget = find(QWidget, "financingTab")
        self.line_edits: dict[str, QLineEdit] = {
            fields.SOURCE_TEXT.key: find(QLineEdit, "sourceTextEdit"),
            fields.BUDGET_PROGRAM_NAME.key: find(QLineEdit, "programNameEdit"),
        }

        for state in MeasureState:
            self.state.addItem(state.title, state)
        self._setup_widgets()

        self._text_pending = False
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_PAUSE_MS)
        self._text_timer.timeout.connect(self.flush)
        self.text.textChanged.connect(self._on_text_typed)
        self.state.activated.connect(self._on_state_chosen)
        for field, spin in self.spins.items():
            spin.editingFinished.connect(lambda field=field: self._on_count(field))
        self.number_edit.editingFinished.connect(lambda: self._commit_structure("number"))
        self.term_edit.editingFinished.connect(lambda: self._commit_structure("term"))
        for edit in (self.title_edit, self.executors_edit, self.text):
            edit.installEventFilter(self)
        self._connect_buttons()
        session.reportChanged.connect(self._on_report_changed)
        session.contextChanged.connect(lambda: self.show_measure(None))
        self.show_measure(None)

    def _connect_buttons(self) -> None:
        self.add_line_button.clicked.connect(self._add_line)
        self.remove_line_button.clicked.connect(self._remove_line)

    def _setup_widgets(self) -> None:
        find = self.form.findChild
        find(QGroupBox, "statusGroup").setTitle(fields.TEXT.label)
        find(QLabel, "stateTitle").setText(_with_mnemonic(fields.STATE.label, 0))
        for field, name in COUNTS:
            spin = self.spins[field.key]
            spin.setRange(-1, 10**9)
            spin.setSpecialValueText("—")
            spin.setValue(-1)
            spin.setToolTip(f"{field.label} за звітний період; «—» — не зазначено")
            spin.setMaximumWidth(110)
            label = find(QLabel, name.replace("Spin", "Title"))
            # Alt and the counted noun's first letter, as before: З, О, П.
            label.setText(_with_mnemonic(field.label, field.label.index(" ") + 1))
            label.setToolTip(spin.toolTip())
        self.indicator_model = IndicatorModel(self.session, self)
        self.financing_model = FinancingModel(self.session, self)
        self._setup_table(self.indicators_view, self.indicator_model, stretch=IndicatorModel.NAME)
        holder = FinancingModel.FIELDS.index(fields.BUDGET_HOLDER.key)
        self._setup_table(self.financing_view, self.financing_model, stretch=holder)
        self.financing_view.setItemDelegateForColumn(0, SourceDelegate(self.financing_view))
        self._fit_financing_columns()
        self.indicators_view.setMaximumHeight(130)
        self.financing_view.setMinimumHeight(150)
        self.text.setMaximumHeight(200)
        self._setup_line_form(find)

    def _fit_financing_columns(self) -> None:
        """Every column in view on a 1280-pixel screen: money columns as wide as their
        wrapped titles and amounts, the text columns share the rest and wrap."""
        find = self.form.findChild
        find(QGroupBox, "financingGroup").setTitle(f"Рядки фінансування, {fields.THOUSANDS}")
        header = self.financing_view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(40)
        for column, key in enumerate(FinancingModel.FIELDS):
            mode = (
                QHeaderView.ResizeMode.ResizeToContents
                if key in MONEY_FIELDS
                else QHeaderView.ResizeMode.Stretch
            )
            header.setSectionResizeMode(column, mode)

    def _setup_line_form(self, find) -> None:
        """The line's own source wording and the budget program's name, for the current
        row of the table, written through the same model (one undo step each)."""
        self.line_mapper = QDataWidgetMapper(self)
        self.line_mapper.setModel(self.financing_model)
        self.line_mapper.setSubmitPolicy(QDataWidgetMapper.SubmitPolicy.AutoSubmit)
        for key, edit in self.line_edits.items():
            column = FinancingModel.FIELDS.index(key)
            self.financing_view.setColumnHidden(column, True)
            self.line_mapper.addMapping(edit, column)
            title = find(QLabel, f"{edit.objectName().removesuffix('Edit')}Title")
            title.setText(f"{fields.BY_KEY[key].label}:")
            edit.setEnabled(False)
        self.line_edits[fields.SOURCE_TEXT.key].setPlaceholderText(
            "як у звіті, наприклад «місцеві бюджети»; порожньо — назва обраного джерела"
        )
        self.financing_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_line(current.row())
        )
        self.financing_model.modelReset.connect(lambda: self._show_line(-1))

    def _show_line(self, row: int) -> None:
        if row < 0 and self.financing_model.rowCount():
            row = max(0, self.financing_view.currentIndex().row())
        self.line_mapper.setCurrentIndex(row)
        for edit in self.line_edits.values():
            edit.setEnabled(0 <= row < self.financing_model.rowCount())
            if not edit.isEnabled():
                edit.clear()

    @staticmethod
    def _setup_table(view: QTableView, model, stretch: int) -> None:
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        view.setTabKeyNavigation(False)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        view.setWordWrap(True)
        # Rows follow their wrapped text as the panel is resized.
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    # ------------------------------------------------------------------ showing

    def show_measure(self, measure: Measure | None) -> None:
        self.flush()
        self.measure = measure if self.session.ready else None
        self.key = None if self.measure is None else self.session.key(self.measure)
        enabled = self.key is not None
        for group in self.groups:
            group.setEnabled(enabled)
        if measure is None:
            self.heading.setText("Оберіть захід у дереві ліворуч.")
            self.term.clear()
            self.executors.clear()
        else:
            task = self.session.program.task_of(measure)
            self.heading.setText(f"<b>{task.number} {measure.number}</b> {measure.title}")
            self.term.setText(measure.term or "—")
            self.executors.setText(measure.executors_text or "—")
        self.structure_group.setVisible(self.editing_structure and self.measure is not None)
        self._load_structure()
        self.indicator_model.show(self.measure)
        self.financing_model.show(self.measure)
        self._load_status()
        self._update_totals()

    def _load_status(self) -> None:
        editor, key = self.session.editor, self.key
        state = editor.status_value(key, "state") if key else None
        self.state.setCurrentIndex(self.state.findData(state or MeasureState.NOT_STARTED))
        text = (editor.status_value(key, "text") if key else None) or ""
        if self.text.toPlainText() != text:
            self.text.blockSignals(True)
            cursor = self.text.textCursor().position()
            self.text.setPlainText(text)
            position = min(cursor, len(text))
            text_cursor = self.text.textCursor()
            text_cursor.setPosition(position)
            self.text.setTextCursor(text_cursor)
            self.text.blockSignals(False)
        self._count_characters()
        for field, spin in self.spins.items():
            value = editor.status_value(key, field) if key else None
            spin.blockSignals(True)
            spin.setValue(-1 if value is None else value)
            spin.blockSignals(False)

    def _update_totals(self) -> None:
        if self.key is None:
            self.totals.clear()
            return
        task = self.session.program.task_of(self.measure)
        task_split, program_split = self.session.totals(task.number)
        rows = []
        for title, split in (
            (f"Разом за завданням {task.number.rstrip('.')}", task_split),
            ("Разом по Програмі", program_split),
        ):
            if split is None:
                rows.append(f"<b>{title}:</b> фінансування не внесено")
                continue
            amounts = split.total
            planned, financed, cash = (
                format_thousands(value, empty="0,0")
                for value in (amounts.planned_year, amounts.financed, amounts.cash)
            )
            rows.append(
                f"<b>{title}:</b> {fields.PLANNED_YEAR.in_sentence} {planned}"
                f" · {fields.FINANCED.in_sentence} {financed}"
                f" · {fields.CASH.in_sentence} {cash} {fields.CASH.unit}"
            )
        self.totals.setText("<br>".join(rows))

    # ------------------------------------------------------------------ structure

    def set_structure_editing(self, on: bool) -> None:
        """Show the measure's number, title, term and executors as editable fields."""
        self.editing_structure = on
        self.structure_group.setVisible(on and self.measure is not None)
        for widget in self.read_only_rows:
            widget.setVisible(not on)
        self._load_structure()

    def _load_structure(self) -> None:
        measure = self.measure if self.editing_structure else None
        for edit, value in (
            (self.number_edit, measure.number if measure else ""),
            (self.title_edit, measure.title if measure else ""),
            (self.term_edit, measure.term if measure else ""),
            (self.executors_edit, "\n".join(e.label for e in measure.executors) if measure else ""),
        ):
            if isinstance(edit, QPlainTextEdit):
                if edit.toPlainText() != value:
                    edit.setPlainText(value)
            elif edit.text() != value:
                edit.setText(value)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Multi-line fields are saved when the cursor leaves them."""
        if event.type() == QEvent.Type.FocusOut:
            if watched is self.text:
                self.flush()
            elif watched is self.title_edit:
                self._commit_structure("title")
            elif watched is self.executors_edit:
                self._commit_structure("executors")
        return super().eventFilter(watched, event)

    def _commit_structure(self, name: str) -> None:
        measure = self.measure
        if measure is None or not self.editing_structure:
            return
        if name == "executors":
            executors = parse_executors(self.executors_edit.toPlainText())
            if executors != measure.executors:
                self.session.push(SetExecutors(self.session, measure.id, executors))
            return
        edit = {"number": self.number_edit, "title": self.title_edit, "term": self.term_edit}[name]
        value = edit.toPlainText() if name == "title" else edit.text()
        value = " ".join(value.split())
        if value != getattr(measure, name):
            titles = {"number": "Номер заходу", "title": "Назва заходу", "term": "Термін заходу"}
            self.session.push(
                SetStructureValue(self.session, "measure", measure.id, name, value, titles[name])
            )

    # ------------------------------------------------------------------ problems

    def set_problems(self, problems: list[Problem]) -> None:
        """Validation of the shown measure, said inline and marked on the fields."""
        self.indicator_model.set_problems(problems)
        self.financing_model.set_problems(problems)
        by_field = {problem.field: problem for problem in problems}
        for widget, field in ((self.text, "text"), (self.state, "state")):
            problem = by_field.get(field)
            colour = PROBLEM_COLOURS[problem.severity] if problem else ""
            widget.setStyleSheet(pastel_style(colour) if colour else "")
            widget.setToolTip(problem.message if problem else "")
        self.problems_label.setVisible(bool(problems))
        self.problems_label.setText(
            "<br>".join(
                f"<b>{problem.severity.title}:</b> {problem.message}" for problem in problems
            )
        )

    def focus_field(self, field: str) -> None:
        """Put the cursor where a problem points: "text", "state", "indicator:<name>",
        "financing:<row>:<column>"."""
        kind, _, rest = field.partition(":")
        if kind != "financing":
            self.tabs.setCurrentIndex(0)
        if kind == "text":
            self.text.setFocus()
        elif kind == "state":
            self.state.setFocus()
        elif kind == "indicator":
            for row in range(self.indicator_model.rowCount()):
                if self.indicator_model.index(row, 0).data(FieldRole) == field:
                    self.indicators_view.setCurrentIndex(
                        self.indicator_model.index(row, IndicatorModel.ACHIEVED)
                    )
                    self.indicators_view.setFocus()
        elif kind == "financing":
            self.tabs.setCurrentWidget(self.financing_tab)
            row, _, column = rest.partition(":")
            if column in FinancingModel.IN_FORM and int(row) < self.financing_model.rowCount():
                self.financing_view.setCurrentIndex(self.financing_model.index(int(row), 0))
                self.line_edits[column].setFocus()
            elif column in FinancingModel.FIELDS and int(row) < self.financing_model.rowCount():
                index = self.financing_model.index(int(row), FinancingModel.FIELDS.index(column))
                self.financing_view.setCurrentIndex(index)
                self.financing_view.scrollTo(index)
                self.financing_view.setFocus()

    # ------------------------------------------------------------------ editing

    def _on_text_typed(self) -> None:
        self._count_characters()
        if self.key is not None:
            self._text_pending = True
            self._text_timer.start()

    def _count_characters(self) -> None:
        self.counter.setText(count(len(self.text.toPlainText()), CHARACTERS))

    @property
    def typing(self) -> bool:
        """Text typed but not saved yet (the pause has not passed)."""
        return self._text_pending

    def flush(self) -> None:
        """Save typed text now rather than after the pause."""
        self._text_timer.stop()
        if not self._text_pending or self.key is None:
            self._text_pending = False
            return
        self._text_pending = False
        text = self.text.toPlainText()
        if text != (self.session.editor.status_value(self.key, "text") or ""):
            self.session.push(SetStatusField(self.session, self.key, "text", text))

    def _on_state_chosen(self) -> None:
        state = self.state.currentData()
        if self.key is not None and state != self.session.editor.status_value(self.key, "state"):
            self.flush()
            self.session.push(SetStatusField(self.session, self.key, "state", state))

    def _on_count(self, field: str) -> None:
        if self.key is None:
            return
        value = self.spins[field].value()
        value = None if value < 0 else value
        if value != self.session.editor.status_value(self.key, field):
            self.session.push(SetStatusField(self.session, self.key, field, value))

    def _add_line(self) -> None:
        if self.key is None:
            return
        position = self.financing_model.rowCount()
        line = FinancingLine(
            "", "", self.key.unit_code, self.key.period, FundingSource.LOCAL, "місцеві бюджети"
        )
        self.session.push(AddLine(self.session, self.key, line, position))
        self.financing_view.setCurrentIndex(self.financing_model.index(position, 3))
        self.financing_view.setFocus()

    def _remove_line(self) -> None:
        row = self.financing_view.currentIndex().row()
        if self.key is not None and 0 <= row < self.financing_model.rowCount():
            self.session.push(RemoveLine(self.session, self.key, row))

    def _on_report_changed(self, key: ReportKey) -> None:
        if key != self.key:
            self._update_totals()
            return
        if not self._text_pending:
            self._load_status()
        self._update_totals()
        self.edited.emit()
