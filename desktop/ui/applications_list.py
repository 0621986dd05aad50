"""The «Заявки» tab as an office list: sort by any column, search, filters by profile,
kind, state and year; the next step for the selected application, withdrawal (kept in
history) and deletion of a draft never registered."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.profiles import all_profiles
from desktop.services import applications as apps
from desktop.services.applications.common import ApplicationRow, delete_draft
from desktop.storage import Database
from desktop.text import fold, plural, short_date
from desktop.workflow import FINAL, STATE_NAMES

# (attribute, header, width)
Index = QModelIndex | QPersistentModelIndex  # what Qt passes to a model's methods
COLUMNS = [("reg_number", "Рег. №", 95), ("reg_date", "Дата", 85),
           ("organisation", "Организация", 220), ("profile", "Положение", 120),
           ("kind", "Вид", 95), ("theme", "Тема", 420), ("state", "Состояние", 150)]
ID_ROLE = Qt.ItemDataRole.UserRole


class ApplicationsModel(QAbstractTableModel):
    """Rows set as a whole; sorting sorts the list (dates by value, empty values last)."""

    def __init__(self, profiles: dict[str, str], parent: Any = None) -> None:
        super().__init__(parent)
        self.profiles = profiles
        self.rows: list[ApplicationRow] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: list[ApplicationRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        if self._sort:
            self._sort_list(*self._sort)
        self.endResetModel()

    def text(self, row: ApplicationRow, column: int) -> str:
        key = COLUMNS[column][0]
        if key == "reg_date":
            return short_date(row.reg_date)
        if key == "profile":
            return self.profiles.get(row.profile_id, row.profile_id)
        if key == "state":
            return STATE_NAMES.get(row.state, row.state)
        return str(getattr(row, key) or "")

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[index.column()][0] in (
                "theme", "profile", "organisation"):
            return self.text(row, index.column())
        if role == ID_ROLE:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.beginResetModel()
        self._sort = (column, order)
        self._sort_list(column, order)
        self.endResetModel()

    def _sort_list(self, column: int, order: Qt.SortOrder) -> None:
        key = COLUMNS[column][0]

        def value(r: ApplicationRow) -> Any:
            if key == "reg_date":
                return r.reg_date or dt.date.min
            if key == "reg_number":  # 2026-0010 after 2026-0009, numbers of any year
                return tuple(int(p) if p.isdigit() else p for p in r.reg_number.split("-"))
            return fold(self.text(r, column))

        filled = [r for r in self.rows if self.text(r, column)]
        filled.sort(key=value, reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = filled + [r for r in self.rows if not self.text(r, column)]


class ApplicationsView(QWidget):
    """Applications with their state and the next step; `counts_changed(text)` for the
    status bar."""

    counts_changed = Signal(str)

    def __init__(self, db: Database, undo, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        from desktop.ui.widgets import SearchField

        self.db, self.undo = db, undo
        self.rows: list[ApplicationRow] = []
        profiles = all_profiles()
        self.search = SearchField("Поиск: номер, организация, тема…")
        self.profile = QComboBox()
        self.profile.addItem("Все положения", "")
        for p in profiles:
            self.profile.addItem(p.municipality, p.id)
        self.kind = QComboBox()
        self.kind.addItem("Все виды", "")
        for code in sorted({k.code for p in profiles for k in p.kinds}):
            self.kind.addItem(code, code)
        self.state = QComboBox()
        self.state.addItem("Все состояния", "")
        self.state.addItem("в работе (не завершённые)", "open")
        for code, name in STATE_NAMES.items():
            self.state.addItem(name, code)
        self.year = QComboBox()
        self.year.addItem("Все годы", 0)
        self.model = ApplicationsModel({p.id: p.municipality for p in profiles}, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, (_k, _t, width) in enumerate(COLUMNS):
            self.table.setColumnWidth(c, width)
        from desktop.ui.tables import TableHabits

        self.habits = TableHabits(  # several rows, Ctrl+C, menu, export, print
            self.table, "Заявки", open_row=self._open_next,
            describe=lambda: [", ".join(c.currentText() for c in (
                self.profile, self.kind, self.state, self.year) if c.currentIndex() > 0)
                or "Все заявки"])
        self.new_btn = QPushButton("Новая заявка…")
        self.open_btn = QPushButton("Продолжить черновик…")
        self.experts_btn = QPushButton("Назначить экспертов…")
        self.sheet_btn = QPushButton("Экспертный лист…")
        self.council_btn = QPushButton("Совет и приказ…")
        self.withdraw_btn = QPushButton("Отозвать…")
        self.delete_btn = QPushButton("Удалить черновик…")
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        for w in (self.profile, self.kind, self.state, self.year):
            top.addWidget(w)
        buttons = QHBoxLayout()
        for b in (self.new_btn, self.open_btn, self.experts_btn, self.sheet_btn,
                  self.council_btn, self.withdraw_btn, self.delete_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.search.search.connect(lambda _t: self._show())
        for combo in (self.profile, self.kind, self.state, self.year):
            combo.currentIndexChanged.connect(self._show)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.table.doubleClicked.connect(lambda _i: self._open_next())
        self.new_btn.clicked.connect(lambda: self.open_wizard(None))
        self.open_btn.clicked.connect(lambda: self.open_wizard(self.current()))
        self.experts_btn.clicked.connect(self.assign_experts)
        self.sheet_btn.clicked.connect(self.open_sheet)
        self.council_btn.clicked.connect(self.open_council)
        self.withdraw_btn.clicked.connect(lambda: self.withdraw())
        self.delete_btn.clicked.connect(lambda: self.delete_draft())
        self._enable()

    # -- the list
    def refresh(self) -> None:
        selected = self.current()
        self.rows = apps.list_applications(self.db)
        years = sorted({r.year for r in self.rows if r.year}, reverse=True)
        chosen = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem("Все годы", 0)
        for y in years:
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(max(0, self.year.findData(chosen)))
        self.year.blockSignals(False)
        self._show()
        if selected is not None:
            self.select(selected)

    def visible_rows(self) -> list[ApplicationRow]:
        needle = fold(self.search.text().strip())
        profile, kind = self.profile.currentData(), self.kind.currentData()
        state, year = self.state.currentData(), self.year.currentData()
        out = []
        for r in self.rows:
            if profile and r.profile_id != profile or kind and r.kind != kind:
                continue
            if state == "open" and r.state in FINAL or state not in ("", "open") and \
                    r.state != state:
                continue
            if year and r.year != year:
                continue
            if needle and needle not in fold(f"{r.reg_number} {r.organisation} {r.theme}"):
                continue
            out.append(r)
        return out

    def _show(self) -> None:
        rows = self.visible_rows()
        self.model.set_rows(rows)
        text = plural(len(rows), "заявка", "заявки", "заявок")
        self.count.setText(text if len(rows) == len(self.rows) else f"{text} из {len(self.rows)}")
        self.counts_changed.emit(f"Заявок: {len(rows)}")
        self._enable()

    def select(self, app_id: int) -> None:
        for i, r in enumerate(self.model.rows):
            if r.id == app_id:
                self.table.selectRow(i)
                return

    def current(self) -> int | None:
        idx = self.table.currentIndex()
        return self.model.data(idx, ID_ROLE) if idx.isValid() else None

    def _row(self) -> ApplicationRow | None:
        app_id = self.current()
        return next((r for r in self.model.rows if r.id == app_id), None)

    def _state(self) -> str:
        row = self._row()
        return row.state if row else ""

    def _enable(self) -> None:
        row = self._row()
        state = row.state if row else ""
        self.open_btn.setEnabled(state in ("draft", "revision"))
        self.experts_btn.setEnabled(state in ("registered", "review"))
        self.sheet_btn.setEnabled(state in ("review", "reviewed"))
        self.council_btn.setEnabled(state in ("registered", "reviewed", "council", "approved"))
        self.withdraw_btn.setEnabled("withdrawn" in _next_states(state))
        self.delete_btn.setEnabled(row is not None and state == "draft" and not row.reg_number)

    def _open_next(self) -> None:
        for button in (self.open_btn, self.experts_btn, self.sheet_btn, self.council_btn):
            if button.isEnabled():
                button.click()
                return

    # -- actions
    def withdraw(self, confirm: bool = True) -> bool:
        row = self._row()
        if row is None:
            return False
        what = f"№ {row.reg_number}" if row.reg_number else "черновик"
        if confirm and QMessageBox.question(
                self, "Отзыв заявки", f"Отозвать заявку {what} ({row.organisation})?\n"
                "Она останется в списке в состоянии «отозвана», её история сохранится.") \
                != QMessageBox.StandardButton.Yes:
            return False
        try:
            apps.withdraw(self.db, row.id)
        except UserError as exc:
            QMessageBox.warning(self, "Отзыв заявки", str(exc))
            return False
        self.refresh()
        return True

    def delete_draft(self, confirm: bool = True) -> bool:
        row = self._row()
        if row is None:
            return False
        if confirm and QMessageBox.question(
                self, "Удаление черновика", f"Удалить черновик заявки ({row.organisation}, "
                f"{row.kind})? Введённые в него данные будут удалены.") \
                != QMessageBox.StandardButton.Yes:
            return False
        try:
            delete_draft(self.db, row.id)
        except UserError as exc:
            QMessageBox.warning(self, "Удаление черновика", str(exc))
            return False
        self.refresh()
        return True

    def open_wizard(self, app_id: int | None) -> None:
        from desktop.ui.wizard import ApplicationWizard

        wizard = ApplicationWizard(self.db, self.undo, app_id, self)
        self.last_wizard = wizard
        wizard.exec()
        self.refresh()

    def assign_experts(self) -> None:
        from desktop.ui.assign_experts import AssignExpertsDialog

        app_id = self.current()
        if app_id is None:
            return
        dialog = AssignExpertsDialog(self.db, app_id, self)
        self.last_dialog = dialog
        dialog.exec()
        self.refresh()

    def open_sheet(self) -> None:
        """The application's sheets: who has submitted; each expert's sheet from there."""
        from desktop.ui.review_sheet import SheetsDialog

        app_id = self.current()
        if app_id is None:
            return
        dialog = SheetsDialog(self.db, app_id, self)
        self.last_sheets = dialog
        dialog.exec()
        self.refresh()

    def open_council(self) -> None:
        from desktop.ui.applications import CouncilDialog

        app_id = self.current()
        if app_id is not None:
            CouncilDialog(self.db, app_id, self).exec()
            self.refresh()


def _next_states(state: str) -> tuple[str, ...]:
    from desktop.workflow import TRANSITIONS

    return TRANSITIONS.get(state, ())
