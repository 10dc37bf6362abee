"""«Огляд»: what is left to do and by when. The periods of this and last year with
their due dates and states, the chosen period's fill per task and its money per source
painted as bars (QPainter, no charting library), the letters not sent yet, and a button
to the next measure not filled in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ctb_desktop.domain.money import format_thousands
from ctb_desktop.gui.colours import signal_colour
from ctb_desktop.gui.overview_data import Bar, Overview, overview
from ctb_desktop.gui.session import ReportSession

FILL_COLOURS = (QColor("#4a90d9"),)
MONEY_COLOURS = (QColor("#9bbbe0"), QColor("#4a90d9"), QColor("#2e6b3a"))
MONEY_NAMES = ("передбачено на рік", "профінансовано", "касові видатки")
ROW = 22


class BarChart(QWidget):
    """Horizontal bars, one row per title: a fill (done of total) or three amounts."""

    def __init__(self, money: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.money = money
        self.bars: list[Bar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = bars
        self.setToolTip(
            "\n".join(f"{bar.title}: {self._said(bar)}" for bar in bars) if bars else ""
        )
        self.updateGeometry()
        self.update()

    def _said(self, bar: Bar) -> str:
        if not self.money:
            return f"заповнено {bar.values[0]} з {bar.values[1]}"
        return " · ".join(
            f"{name} {format_thousands(value)}"
            for name, value in zip(MONEY_NAMES, bar.values, strict=True)
        )

    def _rows(self) -> int:
        return len(self.bars) * (3 if self.money else 1)

    def sizeHint(self) -> QSize:
        return QSize(400, max(1, self._rows()) * ROW + (ROW if self.money else 4))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_width = min(340, self.width() // 2)
        span = self.width() - label_width - 110
        top = maximum = Decimal(0)
        for bar in self.bars:
            maximum = max(maximum, *(bar.values[1:2] if not self.money else bar.values))
        for bar in self.bars:
            painter.setPen(self.palette().text().color())
            title = self.fontMetrics().elidedText(
                bar.title, Qt.TextElideMode.ElideRight, label_width - 8
            )
            painter.drawText(
                QRectF(0, float(top), label_width - 8, ROW), Qt.AlignmentFlag.AlignVCenter, title
            )
            values = bar.values[:1] if not self.money else bar.values
            colours = FILL_COLOURS if not self.money else MONEY_COLOURS
            for value, colour in zip(values, colours, strict=False):
                length = 0.0 if not maximum else float(value / maximum) * span
                box = QRectF(label_width, float(top) + 4, max(length, 1.0), ROW - 8)
                if not self.money:
                    painter.fillRect(
                        QRectF(label_width, float(top) + 4, span, ROW - 8), QColor("#e6e6e6")
                    )
                painter.fillRect(box, colour)
                text = self._value_text(bar, value)
                painter.setPen(self.palette().text().color())
                painter.drawText(
                    QRectF(
                        label_width + (span if not self.money else length) + 6, float(top), 104, ROW
                    ),
                    Qt.AlignmentFlag.AlignVCenter,
                    text,
                )
                top += ROW
        if self.money and self.bars:
            x = 0.0
            for name, colour in zip(MONEY_NAMES, MONEY_COLOURS, strict=True):
                painter.fillRect(QRectF(x, float(top) + 6, 12, 10), colour)
                painter.drawText(
                    QRectF(x + 16, float(top), 200, ROW), Qt.AlignmentFlag.AlignVCenter, name
                )
                x += 40 + self.fontMetrics().horizontalAdvance(name)
        painter.end()

    def _value_text(self, bar: Bar, value: Decimal) -> str:
        if self.money:
            return format_thousands(value)
        return f"{bar.values[0]} з {bar.values[1]}"


class OverviewPage(QWidget):
    """`nextUnfilled`: the clerk asked to go to the next measure not filled in."""

    nextUnfilled = Signal()
    HEADERS = ("Період", "Подати до", "Строк", "Заповнено", "Стан")

    def __init__(self, session: ReportSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.data = Overview()
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.next_button = QPushButton("Перейти до &наступного незаповненого заходу (F8)")
        self.next_button.setToolTip("Відкриває наступний захід, який ще не заповнено")
        self.next_button.clicked.connect(self.nextUnfilled)
        layout.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.periods = QTableWidget(0, len(self.HEADERS))
        self.periods.setHorizontalHeaderLabels(self.HEADERS)
        self.periods.verticalHeader().setVisible(False)
        self.periods.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.periods.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.periods.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.periods)
        self.tasks_title = QLabel()
        layout.addWidget(self.tasks_title)
        self.tasks = BarChart(money=False)
        layout.addWidget(self.tasks)
        self.sources_title = QLabel()
        layout.addWidget(self.sources_title)
        self.sources = BarChart(money=True)
        layout.addWidget(self.sources)
        self.outbox = QLabel()
        self.outbox.setWordWrap(True)
        layout.addWidget(self.outbox)
        layout.addStretch()

    def refresh(self, today: date | None = None) -> None:
        session = self.session
        if not session.ready:
            self.heading.setText("Оберіть програму, орган і період на панелі вгорі.")
            return
        today = today or date.today()
        self.data = data = overview(
            session.workspace, session.program, session.unit_code, session.period, today
        )
        unit = next((u.short_name for u in session.units if u.code == session.unit_code), "")
        self.heading.setText(f"<b>{escape(unit)}</b> · сьогодні {today:%d.%m.%Y}")
        self.periods.setRowCount(len(data.periods))
        for row, line in enumerate(data.periods):
            cells = (
                line.period.title,
                f"{line.due:%d.%m.%Y}",
                "—" if line.state in ("надіслано", "прийнято") else line.when,
                f"{line.filled} з {line.total}",
                line.state,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if (
                    column == 2
                    and line.days_left < 0
                    and line.state not in ("надіслано", "прийнято")
                ):
                    item.setForeground(QColor(signal_colour(False, self.palette())))
                if line.period == session.period:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.periods.setItem(row, column, item)
        self.periods.resizeRowsToContents()
        rows = sum(self.periods.rowHeight(row) for row in range(self.periods.rowCount()))
        self.periods.setFixedHeight(self.periods.horizontalHeader().sizeHint().height() + rows + 6)
        self.tasks_title.setText(f"<b>Заповнено за завданнями</b> ({session.period.title})")
        self.tasks.set_bars(data.tasks)
        self.sources_title.setText(
            f"<b>Фінансування за джерелами, тис. грн</b> ({session.period.title})"
            + ("" if data.sources else ": ще не внесено")
        )
        self.sources.set_bars(data.sources)
        self.outbox.setText(
            "<b>Не надіслані листи:</b><br>" + "<br>".join(escape(t) for t in data.unsent)
            if data.unsent
            else "<b>Не надіслані листи:</b> немає."
        )
