"""Dialogs of the «Сроки» tab: receiving a report (with the form the profile gives for it,
e.g. Омск Appendix 4) and the production calendar's transferred days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
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
    QPushButton,
    QScrollArea,
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
from desktop.ui.forms import FormWidget
from desktop.ui.widgets import UnsavedChangesGuard, button_row, fit_window
from desktop.validation import parse_date

RECOMPUTE_TITLE = "Производственный календарь"
RECOMPUTE_LABEL = "Сроки всех площадок и заявок пересчитываются по календарю…"

class ReportDialog(UnsavedChangesGuard, QDialog):
    """Mark a report received: date, file, and for Омск the Appendix 4 form."""

    def __init__(self, db: Database, deadline_id: int, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.draft = reports.draft_for(db, deadline_id)
        self.file: Path | None = None
        self.setWindowTitle("Приём отчёта")
        fit_window(self, "report" if self.draft.has_form else "report_short", 980,
                   620 if self.draft.has_form else 300)
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
        self.form: FormWidget | None = None
        if self.draft.form is not None:
            from desktop.profiles import get_profile

            intro = QLabel(f"<b>{self.draft.form.title}</b> — мероприятия заполнены по "
                           "проведённым мероприятиям площадки; их можно исправить.")
            intro.setWordWrap(True)  # a long form title wraps instead of widening the dialog
            layout.addWidget(intro)
            self.form = FormWidget(self.draft.form, get_profile(self.draft.profile_id))
            self.form.set_values(self.draft.form_data)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(self.form)
            layout.addWidget(scroll, 1)
        buttons = button_row("Отметить полученным")
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

    def save(self) -> None:
        try:
            day = parse_date(self.received.text(), "Дата получения")
            if day is None:
                raise UserError("Укажите дату получения отчёта.")
            data = self.form.values() if self.form else {}
            rows = reports.rows_from_form(self.draft.form, data)
            for row, old in zip(rows, self.draft.rows, strict=False):
                row.event_id = old.event_id if row.name == old.name else None
            got = reports.mark_received(
                self.db, self.draft.deadline_id, day, file=self.file,
                analysis=str(data.get("analysis", "")), rows=rows, form_data=data)
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
        self.add_button = QPushButton("Добавить")
        self.remove_button = QPushButton("Удалить выбранный")
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
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
        except UserError as exc:
            self.error.setText(str(exc))
            return
        working, note = self.working.currentData(), self.note.text()
        if not self._recompute(lambda: svc.set_transfer(self.db, day, working, note)):
            return  # the error was shown; what was typed stays to try again
        self.error.clear()
        self.day.clear()
        self.note.clear()
        self.reload()

    def remove(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is not None:
            day = dt.date.fromisoformat(item.data(Qt.ItemDataRole.UserRole))
            self._recompute(lambda: svc.remove_transfer(self.db, day))
            self.reload()

    def _recompute(self, change: Callable[[], None]) -> bool:
        """Save the change off the window thread. A transferred day moves the dates of any
        site, application or centre duty rolled over it, so every deadline is recomputed
        (seconds at 100 000 sites) in the change's own transaction. False when it failed."""
        from desktop.ui.progress import run_with_progress  # not on the start-up path

        def work(_progress: object) -> bool:
            change()
            return True  # run_with_progress gives None for a failure

        buttons = (self.add_button, self.remove_button)
        for b in buttons:  # a second click before the progress shows would run it twice
            b.setEnabled(False)
        try:
            return run_with_progress(self, RECOMPUTE_TITLE, RECOMPUTE_LABEL, work,
                                     cancellable=False, note="Календарь не изменён.") is True
        finally:
            for b in buttons:
                b.setEnabled(True)
