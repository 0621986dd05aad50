"""Importing participants and people from Excel through the window: read, checked and
written off the window thread behind a progress bar; «Отмена» writes nothing; a broken file
is one Russian message. Real database file, real workbooks, no sleeping."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
)
from sqlalchemy import func, select
from test_events import held, make_site

from desktop.models import AuditLog, Participation, Person
from desktop.ui import progress as progress_ui
from desktop.ui.events import EventsView
from desktop.ui.events.participants_dialog import ImportDialog

ROWS = 2000
LAST = ["Иванова", "Петров", "Сидорова", "Кузнецов", "Смирнова", "Морозов", "Волкова", "Зайцев"]


def _sheet(path, rows: int, org: str = "МБОУ «СОШ № 12»"):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["Лист регистрации участников семинара"])
    ws.append(["ФИО", "Должность", "ОО"])
    for i in range(rows):
        ws.append([f"{LAST[i % 8]}{i} Анна Сергеевна", "учитель", org])
    wb.save(path)
    return path


@pytest.fixture
def view(qtbot, db):
    site_id, _, _ = make_site(db)
    held(db, site_id)
    w = EventsView(db)
    qtbot.addWidget(w)
    w.resize(1300, 700)
    w.show()
    w.refresh()
    w.events.selectRow(0)
    return w


class Driver:
    """Acts as the user on whatever the import shows: clicks «Импортировать» in the preview,
    notes the progress bar, optionally presses «Отмена» once the writing has begun, notes
    and closes message boxes. Polled on a zero timer, so it also runs inside the progress
    dialog's own event processing while the worker waits for the bar to be drawn."""

    def __init__(self, cancel_writing: bool = False) -> None:
        self.cancel_writing = cancel_writing
        self.previews: list[ImportDialog] = []
        self.bars: list[tuple[str, int, int]] = []
        self.messages: list[str] = []
        self.cancelled_at: tuple[int, int] | None = None
        self.running = True
        QTimer.singleShot(0, self.poll)

    def poll(self) -> None:
        if not self.running:
            return
        for bar in QApplication.topLevelWidgets():
            if isinstance(bar, QProgressDialog) and bar.isVisible() and bar.value() > 0:
                self.bars.append((bar.labelText(), bar.value(), bar.maximum()))
                if (self.cancel_writing and self.cancelled_at is None
                        and bar.labelText().startswith("Запись")):
                    self.cancelled_at = (bar.value(), bar.maximum())
                    bar.findChild(QPushButton).click()  # «Отмена», as the user presses it
        modal = QApplication.activeModalWidget()
        if isinstance(modal, ImportDialog) and modal not in self.previews:
            self.previews.append(modal)
            modal.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        elif isinstance(modal, QMessageBox):
            self.messages.append(modal.text())
            modal.close()
        QTimer.singleShot(0, self.poll)


def _count(db, what) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(what))


def test_2000_participants_imported_through_the_worker(qtbot, db, view, tmp_path, monkeypatch):
    monkeypatch.setattr(progress_ui, "SHOW_AFTER_MS", 0)  # the bar shows however fast
    path = _sheet(tmp_path / "участники.xlsx", ROWS)
    people_before = _count(db, Person)
    driver = Driver()
    added = view.import_participants(str(path))
    driver.running = False
    assert added == ROWS and driver.messages == []
    preview = driver.previews[0]
    assert preview.accepted_rows.rowCount() == ROWS and not preview.rejected_table.isVisible()
    assert "участников: <b>2\xa0000</b>" in preview.findChild(QLabel).text()
    reading = [v for label, v, _m in driver.bars if label.startswith("Чтение")]
    writing = [(v, m) for label, v, m in driver.bars if label.startswith("Запись")]
    assert reading and writing and writing[-1][0] == writing[-1][1]  # the bar reached its end
    assert _count(db, Participation) == ROWS
    assert _count(db, Person) == people_before + ROWS
    with db.session() as s:
        last = s.scalars(select(Person).order_by(Person.id.desc())).first()
        assert (last.last_name, last.first_name, last.middle_name, last.position) == (
            f"{LAST[(ROWS - 1) % 8]}{ROWS - 1}", "Анна", "Сергеевна", "учитель")
        assert last.organisation.short_name == "МБОУ «СОШ № 12»"
        assert s.scalar(select(func.count()).select_from(AuditLog).where(
            AuditLog.entity == "person", AuditLog.summary.like("Добавлен участник %"))) == ROWS
    assert view.people.model().rowCount() == ROWS
    assert view.events.model().index(0, 4).data() == "2\u00a0000"  # grouped the Russian way


def test_cancel_while_writing_leaves_nothing(qtbot, db, view, tmp_path, monkeypatch):
    monkeypatch.setattr(progress_ui, "SHOW_AFTER_MS", 0)
    path = _sheet(tmp_path / "участники.xlsx", ROWS)
    people_before, audit_before = _count(db, Person), _count(db, AuditLog)
    driver = Driver(cancel_writing=True)
    assert view.import_participants(str(path)) == 0
    driver.running = False
    assert driver.cancelled_at is not None
    done, total = driver.cancelled_at
    assert 0 < done < total  # pressed midway
    assert driver.messages == []  # the user's choice: no error shown
    assert _count(db, Participation) == 0
    assert (_count(db, Person), _count(db, AuditLog)) == (people_before, audit_before)
    assert view.people.model().rowCount() == 0


def test_a_broken_file_is_one_russian_message(qtbot, db, view, tmp_path):
    bad = tmp_path / "участники.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a workbook")
    driver = Driver()
    assert view.import_participants(str(bad)) == 0
    driver.running = False
    assert driver.messages == ["Файл «участники.xlsx» не читается как книга Excel "
                               "(повреждён или это файл другого формата)."]
    assert driver.previews == [] and _count(db, Participation) == 0


def test_rejected_rows_are_listed_and_the_rest_imported(qtbot, db, view, tmp_path):
    path = tmp_path / "участники.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["ФИО", "Должность", "ОО"])
    ws.append(["Морозова Анна Викторовна", "учитель", "мбоу \"сош №12\""])
    ws.append(["", "учитель", "МБОУ «СОШ № 12»"])
    ws.append(["Лебедева Ирина", "учитель", "МБОУ «СОШ № 99»"])
    ws.append(["МОРОЗОВА анна викторовна", "", "МБОУ «СОШ № 12»"])
    wb.save(path)
    driver = Driver()
    assert view.import_participants(str(path)) == 1
    driver.running = False
    preview = driver.previews[0]
    model = preview.rejected_rows
    reasons = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert reasons == ["Не указаны фамилия и имя участника.",
                       "Организация «МБОУ «СОШ № 99»» не найдена в справочнике организаций "
                       "(добавьте её или исправьте название).",
                       "Участник повторяется в файле (см. строку 2)."]
    assert _count(db, Participation) == 1


def test_people_directory_import_through_the_worker(qtbot, db, tmp_path, monkeypatch):
    from desktop.ui.people import PeopleImportPreview, PeopleView

    monkeypatch.setattr(progress_ui, "SHOW_AFTER_MS", 0)
    make_site(db)
    path = tmp_path / "люди.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["ФИО", "Организация", "Должность", "Электронная почта", "Роль"])
    for i in range(1200):
        ws.append([f"{LAST[i % 8]}{i} Ольга Ивановна", "МБОУ «СОШ № 12»", "методист",
                   f"p{i}@mail.ru", "эксперт"])
    wb.save(path)
    people = PeopleView(db)
    qtbot.addWidget(people)
    seen: list[int] = []

    def accept() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, PeopleImportPreview):
            seen.append(1)
            modal.accept()
        elif not seen:
            QTimer.singleShot(0, accept)

    QTimer.singleShot(0, accept)
    assert people.import_dialog(str(path)) == (1200, 0)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Person).where(
            Person.is_expert.is_(True), Person.email.like("p%@mail.ru"))) == 1200
