"""«Принять отчёт…» from the menu: which site's report, when none is selected in the
calendar, then the intake dialog; a late report where the regulation makes lateness a
ground for removal (Кемерово) offers the early removal of the status."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.deadlines import STATE_NAMES
from desktop.services import reports
from desktop.services.deadlines import DeadlineRow, list_deadlines
from desktop.storage import Database
from desktop.text import fold, short_date
from desktop.ui.widgets import SearchField, button_row, fit_window

OVERDUE = "#f4c7c3"


def open_reports(db: Database, today: dt.date) -> list[DeadlineRow]:
    """Reports still expected from sites, the most overdue first."""
    rows = [r for r in list_deadlines(db, today=today)
            if r.site and r.deadline_kind == "report" and r.state != "done"]
    return sorted(rows, key=lambda r: (r.due or dt.date.max, r.site_number))


class ReportPicker(QDialog):
    """Choose the site and report to receive; `chosen` is the deadline id after accept()."""

    def __init__(self, db: Database, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Принять отчёт: какой площадки?")
        fit_window(self, "report_picker", 900, 520)
        self.rows = open_reports(db, today)
        self.chosen: int | None = None
        self.search = SearchField("Поиск: № площадки, организация, отчёт…")
        self.search.search.connect(lambda _t: self._filter())
        self.table = QTableWidget(len(self.rows), 5)
        self.table.setHorizontalHeaderLabels(["Срок", "Состояние", "Площадка", "Организация",
                                              "Отчёт"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, w in enumerate((80, 100, 90, 190)):
            self.table.setColumnWidth(c, w)
        for i, r in enumerate(self.rows):
            for c, v in enumerate((short_date(r.due), STATE_NAMES.get(r.state, r.state),
                                   r.site_number, r.organisation, r.what)):
                item = QTableWidgetItem(v)
                if r.state == "overdue":
                    item.setBackground(QBrush(QColor(OVERDUE)))
                self.table.setItem(i, c, item)
        self.table.doubleClicked.connect(lambda _i: self.choose())
        self.table.itemSelectionChanged.connect(self._enable)
        self.buttons = button_row("Принять отчёт…")
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Ожидаются отчёты: {len(self.rows)}. Выберите строку."
                                if self.rows else "Все отчёты получены: ожидаемых нет."))
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self._enable()

    def _filter(self) -> None:
        needle = fold(self.search.text().strip())
        for i, r in enumerate(self.rows):
            hay = fold(f"{r.site_number} {r.organisation} {r.what}")
            self.table.setRowHidden(i, bool(needle) and needle not in hay)

    def _enable(self) -> None:
        from PySide6.QtWidgets import QDialogButtonBox

        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.table.currentRow() >= 0 and bool(self.table.selectedItems()))

    def choose(self) -> None:
        i = self.table.currentRow()
        if 0 <= i < len(self.rows) and not self.table.isRowHidden(i):
            self.chosen = self.rows[i].id
            self.accept()


def receive_report(parent: QWidget, db: Database, deadline_id: int | None,
                   today: dt.date) -> str:
    """Ask which report (when none is given), receive it; → the status text ('' when
    cancelled)."""
    from desktop.ui.report_dialog import ReportDialog

    if deadline_id is None:
        picker = ReportPicker(db, today, parent)
        parent.last_picker = picker  # type: ignore[attr-defined]  # tests reach it
        if not picker.exec() or picker.chosen is None:
            return ""
        deadline_id = picker.chosen
    dialog = ReportDialog(db, deadline_id, parent, today=today)
    parent.last_dialog = dialog  # type: ignore[attr-defined]
    if not dialog.exec():
        return ""
    site_id = dialog.draft.site_id
    if "опозданием" in dialog.result_text and reports.removal_ground_suggestions(
            db, site_id, today):
        offer_removal(parent, db, site_id, dialog.result_text)
    return dialog.result_text


def offer_removal(parent: QWidget, db: Database, site_id: int, late_text: str) -> bool:
    """The regulation allows removing the status for late reports: ask, then open the
    removal through an order (the ground comes first in its list)."""
    from desktop.ui.site_status import SiteStatusDialog

    answer = QMessageBox.question(
        parent, "Отчёт с опозданием",
        f"{late_text}\nПоложение позволяет досрочно снять статус площадки за несвоевременно "
        "представленные отчёты. Перейти к снятию статуса?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    dialog = SiteStatusDialog(db, site_id, parent)
    parent.last_status_dialog = dialog  # type: ignore[attr-defined]
    dialog.action.setCurrentIndex(dialog.action.findData("remove"))
    return bool(dialog.exec())
