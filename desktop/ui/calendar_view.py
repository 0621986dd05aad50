"""The «Сроки» tab: a month calendar coloured by state, the list for a day, week, month,
quarter, year or all deadlines of a site, filters, the summary of today / this week /
overdue (each line opens its site); the list copies, exports and prints like the others.
The report and production-calendar dialogs live in desktop.ui.report_dialog."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.deadlines import STATE_NAMES
from desktop.profiles import all_profiles
from desktop.services import deadlines as svc
from desktop.services.agenda import agenda
from desktop.services.centre import centre_name
from desktop.services.deadlines import DeadlineRow
from desktop.storage import Database
from desktop.text import plural, short_date
from desktop.ui.agenda import AgendaView
from desktop.ui.report_dialog import ReportDialog, TransfersDialog
from desktop.ui.tables import TableHabits

__all__ = ["CalendarView", "ReportDialog", "TransfersDialog", "period_bounds"]

STATE_COLOURS = {"overdue": "#f4c7c3", "soon": "#fce8b2", "upcoming": "#d2e3fc", "done": "#ceead6"}
STATE_ORDER = {"overdue": 0, "soon": 1, "upcoming": 2, "done": 3}
PERIODS = [("day", "за день"), ("week", "за неделю"), ("month", "за месяц"),
           ("quarter", "за квартал"), ("year", "за год"), ("site", "все сроки площадки")]
SITE_HINT = "Введите № площадки или организацию в поле справа — покажу все её сроки."
WRAP_ROWS = 600  # up to this many rows the list grows rows to show «Что» whole


def _py(d: QDate) -> dt.date:
    return dt.date(d.year(), d.month(), d.day())


def period_bounds(period: str, day: dt.date, shown: dt.date) -> tuple[dt.date, dt.date]:
    """The dates a period covers: day and week around the chosen day; month, quarter and
    year of the month the calendar shows; «site» has no bounds."""
    if period == "day":
        return day, day
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if period == "site":
        return dt.date.min, dt.date.max
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    first_month = 1 if months == 12 else (shown.month - 1) // months * months + 1
    start = dt.date(shown.year, first_month, 1)
    end_month = first_month + months
    nxt = dt.date(shown.year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


class CalendarView(QWidget):
    """Emits `open_site(id)` when an item is opened (double-click)."""

    open_site = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.rows: list[DeadlineRow] = []
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.period = QComboBox()
        for code, label in PERIODS:
            self.period.addItem(label, code)
        self.period.setCurrentIndex(2)
        self.period.setMinimumContentsLength(12)
        self.profile = QComboBox()
        self.profile.addItem("Все профили", "")
        for p in all_profiles():
            self.profile.addItem(p.municipality, p.id)
        self.kind = QComboBox()
        self.kind.addItem("Все виды", "")
        for code in sorted({k.code for p in all_profiles() for k in p.kinds}):
            self.kind.addItem(code, code)
        self.site = QLineEdit(placeholderText="№ площадки или организация")
        self.site.setClearButtonEnabled(True)

        legend = QHBoxLayout()
        for state in ("overdue", "soon", "upcoming", "done"):
            chip = QLabel(f"  {STATE_NAMES[state]}  ")
            chip.setStyleSheet(f"background: {STATE_COLOURS[state]}; border-radius: 3px;")
            legend.addWidget(chip)
        legend.addStretch(1)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(self.calendar)
        lv.addLayout(legend)
        self.summary = AgendaView(limit=4)
        self.summary.open_site.connect(self.open_site)
        lv.addWidget(self.summary, 1)

        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.list = QTableWidget(0, 5)
        self.list.setHorizontalHeaderLabels(["Срок", "Состояние", "Площадка", "Организация",
                                             "Что"])
        self.list.verticalHeader().setVisible(False)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.setWordWrap(True)  # «Что» shown whole, not cut at the column's edge
        self.list.verticalHeader().setDefaultSectionSize(24)
        for i, width in enumerate((80, 110, 100, 180)):
            self.list.setColumnWidth(i, width)
        self.habits = TableHabits(self.list, self.list_title, describe=self.filter_lines,
                                  open_row=lambda: self._open(None),
                                  centre=lambda: centre_name(db))
        self.print_button = QPushButton("Печать списка…")
        self.print_button.clicked.connect(lambda: self.habits.print_preview())
        self.excel_button = QPushButton("В Excel…")
        self.excel_button.setToolTip("Экспорт того, что на экране: столбцы, отбор и период")
        self.excel_button.clicked.connect(lambda: self.habits.export())
        self.receive = QPushButton("Отметить отчёт полученным…")
        self.receive.setEnabled(False)
        filters = QHBoxLayout()
        for w in (self.period, self.profile, self.kind):
            filters.addWidget(w)
        filters.addWidget(self.site, 1)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addLayout(filters)
        rv.addWidget(self.title)
        rv.addWidget(self.list, 1)
        bottom = QHBoxLayout()
        self.notice = QLabel()
        bottom.addWidget(self.notice, 1)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.excel_button)
        bottom.addWidget(self.receive)
        rv.addLayout(bottom)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 900])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(splitter)

        self.calendar.selectionChanged.connect(self.show_list)
        self.calendar.currentPageChanged.connect(lambda *_: self.show_list())
        for combo in (self.period, self.profile, self.kind):
            combo.currentIndexChanged.connect(self.show_list)
        self.profile.currentIndexChanged.connect(self._paint)
        self.kind.currentIndexChanged.connect(self._paint)
        self.site.textChanged.connect(self._paint)
        self.site.textChanged.connect(self.show_list)
        self.list.itemSelectionChanged.connect(self._selection)
        self.list.itemDoubleClicked.connect(self._open)
        self.receive.clicked.connect(self.receive_selected)

    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    def refresh(self) -> None:
        today = self._today()
        self.rows = svc.list_deadlines(self.db, today=today)
        self.summary.show_agenda(agenda(self.db, today))
        self._paint()
        self.show_list()

    def _filtered(self) -> list[DeadlineRow]:
        pid, kind = self.profile.currentData(), self.kind.currentData()
        text = self.site.text().strip().casefold()
        return [r for r in self.rows
                if (not pid or r.profile == pid) and (not kind or r.kind == kind)
                and (not text or text in r.site_number.casefold()
                     or text in r.organisation.casefold())]

    def _paint(self) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())
        worst: dict[dt.date, str] = {}
        for r in self._filtered():
            if r.due is None:
                continue
            if r.due not in worst or STATE_ORDER[r.state] < STATE_ORDER[worst[r.due]]:
                worst[r.due] = r.state
        for day, state in worst.items():
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(QColor(STATE_COLOURS[state])))
            fmt.setFontWeight(700)
            self.calendar.setDateTextFormat(QDate(day.year, day.month, day.day), fmt)

    def period_bounds(self) -> tuple[dt.date, dt.date]:
        shown = dt.date(self.calendar.yearShown(), self.calendar.monthShown(), 1)
        return period_bounds(self.period.currentData(), _py(self.calendar.selectedDate()), shown)

    def visible_rows(self) -> list[DeadlineRow]:
        if self.period.currentData() == "site" and not self.site.text().strip():
            return []
        lo, hi = self.period_bounds()
        return [r for r in self._filtered() if r.due and lo <= r.due <= hi]

    def list_title(self) -> str:
        """«Сроки: 01.11.2026 – 30.11.2026», «Все сроки: 2024-00012»: the list's name."""
        if self.period.currentData() == "site":
            return f"Все сроки: {self.site.text().strip()}"
        lo, hi = self.period_bounds()
        return f"Сроки: {short_date(lo) if lo == hi else f'{short_date(lo)} – {short_date(hi)}'}"

    def filter_lines(self) -> list[str]:
        """The filters in words under the title of an export or a print."""
        parts = [combo.currentText() for combo in (self.profile, self.kind)
                 if combo.currentData()]
        if self.site.text().strip() and self.period.currentData() != "site":
            parts.append(f"площадка «{self.site.text().strip()}»")
        return ["Отбор: " + "; ".join(parts)] if parts else []

    def show_list(self) -> None:
        rows = self.visible_rows()
        if self.period.currentData() == "site" and not self.site.text().strip():
            self.title.setText(SITE_HINT)
        else:
            self.title.setText(f"{self.list_title()}: "
                               f"{plural(len(rows), 'срок', 'срока', 'сроков')}")
        self.list.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = (short_date(r.due), STATE_NAMES[r.state], r.site_number, r.organisation,
                      r.what)
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                if c == 1:
                    item.setBackground(QBrush(QColor(STATE_COLOURS[r.state])))
                if c >= 3:
                    item.setToolTip(v)
                self.list.setItem(i, c, item)
        if len(rows) <= WRAP_ROWS:
            self.list.resizeRowsToContents()
        self._visible = rows
        self._selection()

    def selected_row(self) -> DeadlineRow | None:
        i = self.list.currentRow()
        rows = getattr(self, "_visible", [])
        return rows[i] if 0 <= i < len(rows) else None

    def _selection(self) -> None:
        r = self.selected_row()
        self.receive.setEnabled(bool(r and r.site and r.state != "done"
                                     and r.deadline_kind == "report"))

    def _open(self, _item: QTableWidgetItem | None) -> None:
        r = self.selected_row()
        if r and r.site:
            self.open_site.emit(r.site)

    def receive_selected(self) -> None:
        """The selected report, or (nothing selected, e.g. from the menu) ask which one."""
        from desktop.ui.report_intake import receive_report

        r = self.selected_row()
        report = r.id if r and r.site and r.deadline_kind == "report" and r.state != "done" \
            else None
        text = receive_report(self, self.db, report, self._today())
        if text:
            self.refresh()
            self.notice.setText(text)
