"""The «Сроки» tab: a month calendar coloured by state, the list for a day/week/month,
filters, and the report intake dialog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.deadlines import STATE_NAMES
from desktop.errors import UserError
from desktop.profiles import all_profiles
from desktop.services import deadlines as svc
from desktop.services import reports
from desktop.services.deadlines import DeadlineRow
from desktop.storage import Database
from desktop.text import long_date, plural, short_date
from desktop.validation import parse_date

STATE_COLOURS = {"overdue": "#f4c7c3", "soon": "#fce8b2", "upcoming": "#d2e3fc", "done": "#ceead6"}
STATE_ORDER = {"overdue": 0, "soon": 1, "upcoming": 2, "done": 3}
PERIODS = [("day", "за день"), ("week", "за неделю"), ("month", "за месяц")]


def _py(d: QDate) -> dt.date:
    return dt.date(d.year(), d.month(), d.day())


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
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lv.addWidget(self.summary)
        lv.addStretch(1)

        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.list = QTableWidget(0, 5)
        self.list.setHorizontalHeaderLabels(["Срок", "Состояние", "Площадка", "Организация",
                                             "Что"])
        self.list.verticalHeader().setVisible(False)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.horizontalHeader().setStretchLastSection(True)
        for i, w in enumerate((90, 140, 110, 200)):
            self.list.setColumnWidth(i, w)
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
        week, overdue = svc.summary(self.db, today)
        self.summary.setText(f"Сегодня: {long_date(today)}<br>На этой неделе: <b>{week}</b>. "
                             f"Просрочено: <b style='color:#b3261e'>{overdue}</b>.")
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
        day = _py(self.calendar.selectedDate())
        period = self.period.currentData()
        if period == "day":
            return day, day
        if period == "week":
            start = day - dt.timedelta(days=day.weekday())
            return start, start + dt.timedelta(days=6)
        start = dt.date(self.calendar.yearShown(), self.calendar.monthShown(), 1)
        nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)

    def visible_rows(self) -> list[DeadlineRow]:
        lo, hi = self.period_bounds()
        return [r for r in self._filtered() if r.due and lo <= r.due <= hi]

    def show_list(self) -> None:
        rows = self.visible_rows()
        lo, hi = self.period_bounds()
        span = short_date(lo) if lo == hi else f"{short_date(lo)} – {short_date(hi)}"
        self.title.setText(f"{span}: {plural(len(rows), 'срок', 'срока', 'сроков')}")
        self.list.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = (short_date(r.due), STATE_NAMES[r.state], r.site_number, r.organisation,
                      r.what)
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                if c == 1:
                    item.setBackground(QBrush(QColor(STATE_COLOURS[r.state])))
                self.list.setItem(i, c, item)
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

    def _open(self, _item: QTableWidgetItem) -> None:
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


class ReportDialog(QDialog):
    """Mark a report received: date, file, and for Омск the Appendix 4 form."""

    def __init__(self, db: Database, deadline_id: int, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.draft = reports.draft_for(db, deadline_id)
        self.file: Path | None = None
        self.setWindowTitle("Приём отчёта")
        self.resize(980, 620 if self.draft.omsk_form else 300)
        self.received = QLineEdit(short_date(today or dt.date.today()))
        self.received.setPlaceholderText("ДД.ММ.ГГГГ")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        self.file_label = QLabel("файл не выбран")
        choose = QPushButton("Выбрать файл…")
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(choose)
        form = QFormLayout()
        form.addRow("Отчёт:", QLabel(f"<b>{self.draft.title}</b>"))
        form.addRow("Срок:", QLabel(long_date(self.draft.due)))
        form.addRow("Дата получения *", self.received)
        form.addRow("", self.error)
        form.addRow("Файл отчёта:", file_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.table: QTableWidget | None = None
        self.analysis: QPlainTextEdit | None = None
        if self.draft.omsk_form:
            layout.addWidget(QLabel("<b>Мероприятия (приложение 4)</b> — заполнено по "
                                    "проведённым мероприятиям площадки, можно исправить"))
            headers = [("Мероприятие", "Наименование мероприятия программы"),
                       ("Срок", "Срок исполнения мероприятия"),
                       ("Практики", "Краткое описание транслируемых эффективных практик"),
                       ("Участников", "Численность участников мероприятия"),
                       ("ОО-участники", "Наименование образовательной организации – участника"),
                       ("Результаты", "Результаты реализации мероприятия "
                                      "(промежуточные/итоговые)")]
            table = QTableWidget(len(self.draft.rows), len(headers))
            for c, (short, full) in enumerate(headers):
                item = QTableWidgetItem(short)
                item.setToolTip(full)
                table.setHorizontalHeaderItem(c, item)
            for i, row in enumerate(self.draft.rows):
                for c, v in enumerate((row.name, row.date_text, row.practices,
                                       str(row.participants), row.organisations, row.results)):
                    table.setItem(i, c, QTableWidgetItem(v))
            for c, w in enumerate((220, 90, 200, 80, 160)):
                table.setColumnWidth(c, w)
            table.horizontalHeader().setStretchLastSection(True)
            add = QPushButton("Добавить строку")
            add.clicked.connect(lambda: table.insertRow(table.rowCount()))
            layout.addWidget(table, 1)
            layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(QLabel("Качественный анализ результатов (с указанием эффектов и "
                                    "ссылок на материалы на сайте ОО)"))
            self.analysis = QPlainTextEdit()
            self.analysis.setFixedHeight(90)
            layout.addWidget(self.analysis)
            self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Отметить полученным")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self.result_text = ""

    def choose_file(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Файл отчёта")
        if path:
            self.file = Path(path)
            self.file_label.setText(self.file.name)

    def _rows(self) -> list[reports.ReportRowData]:
        if self.table is None:
            return []
        out = []
        for i in range(self.table.rowCount()):
            cells = [(self.table.item(i, c).text() if self.table.item(i, c) else "")
                     for c in range(6)]
            if not any(cells):
                continue
            count = int(cells[3]) if cells[3].strip().isdigit() else 0
            event_id = self.draft.rows[i].event_id if i < len(self.draft.rows) else None
            out.append(reports.ReportRowData(cells[0], cells[1], cells[2], count, cells[4],
                                             cells[5], event_id))
        return out

    def save(self) -> None:
        try:
            day = parse_date(self.received.text(), "Дата получения")
            if day is None:
                raise UserError("Укажите дату получения отчёта.")
            got = reports.mark_received(
                self.db, self.draft.deadline_id, day, file=self.file,
                analysis=self.analysis.toPlainText() if self.analysis else "",
                rows=self._rows())
        except UserError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.result_text = (f"Отчёт получен с опозданием на "
                            f"{plural(got.days_late, 'день', 'дня', 'дней')}." if got.late
                            else "Отчёт получен в срок.")
        self.accept()


class TransfersDialog(QDialog):
    """The production calendar: days off moved by the government's yearly decree."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Производственный календарь: переносы выходных")
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Государственные праздники учитываются автоматически. Здесь можно "
                                "указать перенесённые выходные и рабочие дни своего года."))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Дата", "День", "Примечание"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        self.day = QLineEdit(placeholderText="ДД.ММ.ГГГГ")
        self.working = QComboBox()
        self.working.addItem("выходной", False)
        self.working.addItem("рабочий", True)
        self.note = QLineEdit(placeholderText="например: перенос с субботы")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        row = QHBoxLayout()
        for w in (self.day, self.working, self.note):
            row.addWidget(w)
        add = QPushButton("Добавить")
        remove = QPushButton("Удалить выбранный")
        add.clicked.connect(self.add)
        remove.clicked.connect(self.remove)
        row.addWidget(add)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignLeft)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        close.rejected.connect(self.accept)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        rows = svc.list_transfers(self.db)
        self.table.setRowCount(len(rows))
        for i, (day, working, note) in enumerate(rows):
            for c, v in enumerate((short_date(day), "рабочий" if working else "выходной", note)):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, day.isoformat())
                self.table.setItem(i, c, item)

    def add(self) -> None:
        try:
            day = parse_date(self.day.text(), "Дата")
            if day is None:
                raise UserError("Укажите дату.")
            svc.set_transfer(self.db, day, self.working.currentData(), self.note.text())
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.day.clear()
        self.note.clear()
        self.reload()

    def remove(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is not None:
            svc.remove_transfer(self.db, dt.date.fromisoformat(item.data(Qt.ItemDataRole.UserRole)))
            self.reload()
