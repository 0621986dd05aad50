"""Dialogs of the «Сроки» tab: receiving a report (with the Омск Appendix 4 form) and the
production calendar's transferred days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services import deadlines as svc
from desktop.services import reports
from desktop.storage import Database
from desktop.text import long_date, plural, short_date
from desktop.ui.widgets import UnsavedChangesGuard, fit_window
from desktop.validation import parse_date


class ReportDialog(UnsavedChangesGuard, QDialog):
    """Mark a report received: date, file, and for Омск the Appendix 4 form."""

    def __init__(self, db: Database, deadline_id: int, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.draft = reports.draft_for(db, deadline_id)
        self.file: Path | None = None
        self.setWindowTitle("Приём отчёта")
        fit_window(self, "report" if self.draft.omsk_form else "report_short", 980,
                   620 if self.draft.omsk_form else 300)
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
        self.mark_clean()

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
        fit_window(self, "transfers", 560, 420)
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
