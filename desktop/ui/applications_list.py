"""The «Заявки» tab as an office list: sort by any column, search, filters by profile,
kind, state and year; the next step for the selected application, withdrawal (kept in
history) and deletion of a draft never registered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from desktop.profiles import all_profiles
from desktop.services import applications as apps
from desktop.services.applications.common import ApplicationRow, delete_draft
from desktop.storage import Database
from desktop.text import fold, short_date
from desktop.ui.list_view import Column, ListModel, ListTab
from desktop.ui.tables import TableHabits
from desktop.workflow import FINAL, STATE_NAMES


def _number_key(row: ApplicationRow) -> Any:
    """2026-0010 after 2026-0009, numbers of any year; a draft without one last."""
    if not row.reg_number:
        return ""
    return tuple(int(p) if p.isdigit() else p for p in row.reg_number.split("-"))


def columns(profiles: dict[str, str]) -> list[Column[ApplicationRow]]:
    """The list's columns; `profiles` names the profile ids (the municipality)."""
    return [
        Column("Рег. №", 95, lambda r: r.reg_number or "", key=_number_key),
        Column("Дата", 85, lambda r: short_date(r.reg_date), key=lambda r: r.reg_date),
        Column("Организация", 220, lambda r: r.organisation or "", tip=True),
        Column("Положение", 120, lambda r: profiles.get(r.profile_id, r.profile_id),
               tip=True),
        Column("Вид", 95, lambda r: r.kind or ""),
        Column("Тема", 420, lambda r: r.theme or "", tip=True),
        Column("Состояние", 150, lambda r: STATE_NAMES.get(r.state, r.state)),
    ]


class ApplicationsView(ListTab):
    """Applications with their state and the next step; `counts_changed(text)` for the
    status bar."""

    NOUNS = ("заявка", "заявки", "заявок")
    STATUS = "Заявок"
    STATE_KEY = "applications"

    def __init__(self, db: Database, undo, parent: QWidget | None = None) -> None:  # noqa: ANN001
        profiles = all_profiles()
        super().__init__(ListModel(columns({p.id: p.municipality for p in profiles}),
                                   lambda r: r.id),
                         "Поиск: номер, организация, тема…", parent, wrap=False)
        self.db, self.undo = db, undo
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
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.habits = TableHabits(  # several rows, Ctrl+C, menu, export, print
            self.table, "Заявки", open_row=self.open_current,
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
        self.lay_out([self.profile, self.kind, self.state, self.year], [
            self.new_btn, self.open_btn, self.experts_btn, self.sheet_btn, self.council_btn,
            self.withdraw_btn, self.delete_btn])
        for combo in (self.profile, self.kind, self.state, self.year):
            combo.currentIndexChanged.connect(self.show_rows)
        self.new_btn.clicked.connect(lambda: self.open_wizard(None))
        self.open_btn.clicked.connect(lambda: self.open_wizard(self.current()))
        self.experts_btn.clicked.connect(self.assign_experts)
        self.sheet_btn.clicked.connect(self.open_sheet)
        self.council_btn.clicked.connect(self.open_council)
        self.withdraw_btn.clicked.connect(lambda: self.withdraw())
        self.delete_btn.clicked.connect(lambda: self.delete_draft())

    # -- the list
    def load(self) -> list[ApplicationRow]:
        return apps.list_applications(self.db)

    def refresh(self) -> None:
        selected = self.current()
        self.all_rows = self.load()
        years = sorted({r.year for r in self.all_rows if r.year}, reverse=True)
        chosen = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem("Все годы", 0)
        for y in years:
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(max(0, self.year.findData(chosen)))
        self.year.blockSignals(False)
        self.show_rows()
        if selected is not None:
            self.select(selected)

    def visible_rows(self) -> list[ApplicationRow]:
        needle = fold(self.search.text().strip())
        profile, kind = self.profile.currentData(), self.kind.currentData()
        state, year = self.state.currentData(), self.year.currentData()
        out = []
        for r in self.all_rows:
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

    def enable(self) -> None:
        row: ApplicationRow | None = self.current_row()
        state = row.state if row else ""
        self.open_btn.setEnabled(state in ("draft", "revision"))
        self.experts_btn.setEnabled(state in ("registered", "review"))
        self.sheet_btn.setEnabled(state in ("review", "reviewed"))
        self.council_btn.setEnabled(state in ("registered", "reviewed", "council", "approved"))
        self.withdraw_btn.setEnabled("withdrawn" in _next_states(state))
        self.delete_btn.setEnabled(row is not None and state == "draft" and not row.reg_number)

    def open_current(self) -> None:
        """The next step: the first of the step buttons the state allows."""
        for button in (self.open_btn, self.experts_btn, self.sheet_btn, self.council_btn):
            if button.isEnabled():
                button.click()
                return

    # -- actions
    def withdraw(self, confirm: bool = True) -> bool:
        row = self.current_row()
        if row is None:
            return False
        what = f"№ {row.reg_number}" if row.reg_number else "черновик"
        question = (f"Отозвать заявку {what} ({row.organisation})?\n"
                    "Она останется в списке в состоянии «отозвана», её история сохранится.")
        return self.act("Отзыв заявки", question if confirm else None,
                        lambda: apps.withdraw(self.db, row.id))

    def delete_draft(self, confirm: bool = True) -> bool:
        row = self.current_row()
        if row is None:
            return False
        question = (f"Удалить черновик заявки ({row.organisation}, {row.kind})? "
                    "Введённые в него данные будут удалены.")
        return self.act("Удаление черновика", question if confirm else None,
                        lambda: delete_draft(self.db, row.id))

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
