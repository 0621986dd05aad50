"""The «Мероприятия» tab: a site's events and their participants."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services import events as ev
from desktop.services import participants as pp
from desktop.services import spravki
from desktop.storage import Database
from desktop.text import fold, plural, short_date
from desktop.ui.events.common import (
    ALL_SITES,
    _fill,
    _key,
    _table,
)
from desktop.ui.events.event_dialog import EventDialog
from desktop.ui.events.merge_dialog import MergeDialog
from desktop.ui.events.participants_dialog import ParticipantDialog, import_participants
from desktop.ui.events.spravki_dialog import SpravkiDialog
from desktop.ui.widgets import make_searchable

# --------------------------------------------------------------------------- the tab


class EventsView(QWidget):
    """Events (of one site or all) on the left, the selected event's participants on the
    right, with the buttons for each."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.rows: list[ev.EventRow] = []
        self.last_dialog: QDialog | None = None  # the dialog opened last (tests drive it)
        self.site = QComboBox()
        make_searchable(self.site)
        self.site.setMinimumWidth(280)
        self.search = QLineEdit(placeholderText="Поиск: мероприятие, форма, площадка…")
        self.search.setClearButtonEnabled(True)
        self.events = _table(["Дата", "Мероприятие", "Форма", "Площадка", "Участн.",
                              "Состояние"])
        for c, w in enumerate((80, 300, 110, 200, 60)):
            self.events.setColumnWidth(c, w)
        self.people = _table(["ФИО", "Должность", "Организация", "Роль", "Справка"])
        for c, w in enumerate((220, 150, 170, 80)):
            self.people.setColumnWidth(c, w)
        self.title = QLabel("Выберите мероприятие слева.")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.new_btn = QPushButton("Новое мероприятие…")
        self.edit_btn = QPushButton("Изменить…")
        self.delete_btn = QPushButton("Удалить")
        self.add_btn = QPushButton("Добавить участника…")
        self.import_btn = QPushButton("Импорт из Excel…")
        self.remove_btn = QPushButton("Убрать")
        self.spravki_btn = QPushButton("Справки…")
        self.merge_btn = QPushButton("Дубликаты…")
        self.merge_btn.setToolTip("Найти и объединить записи одного человека")
        self.check_btn = QPushButton("Проверить справку…")
        top = QHBoxLayout()
        top.addWidget(QLabel("Площадка:"))
        top.addWidget(self.site, 2)
        top.addWidget(self.search, 3)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.events, 1)
        row = QHBoxLayout()
        for b in (self.new_btn, self.edit_btn, self.delete_btn):
            row.addWidget(b)
        row.addStretch(1)
        lv.addLayout(row)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.title)
        rv.addWidget(self.people, 1)
        row2 = QHBoxLayout()
        for b in (self.add_btn, self.import_btn, self.remove_btn, self.spravki_btn):
            row2.addWidget(b)
        row2.addStretch(1)
        rv.addLayout(row2)
        row3 = QHBoxLayout()
        row3.addStretch(1)
        row3.addWidget(self.merge_btn)
        row3.addWidget(self.check_btn)
        rv.addLayout(row3)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([780, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.site.activated.connect(lambda _i: self.refresh())
        self.search.textChanged.connect(self._show_events)
        self.events.itemSelectionChanged.connect(self._show_people)
        self.events.itemDoubleClicked.connect(lambda _i: self.edit_event())
        from desktop.ui.tables import TableHabits

        self.habits = TableHabits(  # several rows, Ctrl+C, menu, export, print
            self.events, "Мероприятия", open_row=self.edit_event,
            describe=lambda: [f"Площадка: {self.site.currentText()}"]
            + ([f"Поиск «{self.search.text().strip()}»"] if self.search.text().strip() else []))
        self.people.itemSelectionChanged.connect(self._enable)
        self.new_btn.clicked.connect(self.new_event)
        self.edit_btn.clicked.connect(self.edit_event)
        self.delete_btn.clicked.connect(self.delete_event)
        self.add_btn.clicked.connect(self.add_participant)
        self.import_btn.clicked.connect(lambda: self.import_participants())
        self.remove_btn.clicked.connect(self.remove_participant)
        self.spravki_btn.clicked.connect(lambda: self.issue_spravki())
        self.merge_btn.clicked.connect(self.merge_duplicates)
        self.check_btn.clicked.connect(lambda: self.check_spravka())
        self._enable()

    # -- loading
    def _load_sites(self) -> None:
        current = self.site.currentData()
        self.site.blockSignals(True)
        self.site.clear()
        self.site.addItem(ALL_SITES, None)
        for c in ev.site_choices(self.db):
            self.site.addItem(c.label, c.id)
        self.site.setCurrentIndex(max(self.site.findData(current), 0))
        self.site.blockSignals(False)

    def show_site(self, site_id: int | None) -> None:
        """Show only this site's events (None: all sites)."""
        if self.site.count() == 0:
            self._load_sites()
        self.site.setCurrentIndex(max(self.site.findData(site_id), 0))
        self.refresh(reload_sites=False)

    def refresh(self, reload_sites: bool = True) -> None:
        current = self.current_event()
        if reload_sites or self.site.count() == 0:
            self._load_sites()
        self.rows = ev.list_events(self.db, self.site.currentData())
        self._show_events()
        if current:
            self.select_event(current)

    def _show_events(self) -> None:
        words = fold(self.search.text()).split()
        rows = [r for r in self.rows
                if all(w in fold(f"{r.name} {r.site_number} {r.organisation} {r.form} "
                                 f"{short_date(r.day)}") for w in words)]
        self.events.blockSignals(True)
        _fill(self.events, [(r.id, short_date(r.day), r.name, r.form,
                             f"{r.site_number} {r.organisation}".strip(), r.participants,
                             ev.STATUSES.get(r.status, r.status)) for r in rows])
        for r, row in enumerate(rows):
            if (name := self.events.item(r, 1)) is not None:
                name.setToolTip(row.name)
            if row.status == "planned":
                for c in range(self.events.columnCount()):
                    if (cell := self.events.item(r, c)) is not None:
                        cell.setForeground(Qt.GlobalColor.darkGray)
        self.events.blockSignals(False)
        self._show_people()

    def current_event(self) -> int | None:
        return _key(self.events)  # type: ignore[return-value]

    def current_row(self) -> ev.EventRow | None:
        event_id = self.current_event()
        return next((r for r in self.rows if r.id == event_id), None)

    def select_event(self, event_id: int | None) -> None:
        for r in range(self.events.rowCount()):
            item = self.events.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == event_id:
                self.events.selectRow(r)
                return

    def _show_people(self) -> None:
        row = self.current_row()
        if row is None:
            self.people.setRowCount(0)
            self.title.setText("Выберите мероприятие слева.")
        else:
            people = pp.participants(self.db, row.id)
            state = ev.STATUSES.get(row.status, row.status)
            self.title.setText(
                f"<b>{_html(row.name)}</b><br>{_html(row.form)}, {short_date(row.day)} "
                f"({state}) · {_html(row.site_number)} {_html(row.organisation)} · "
                f"{plural(len(people), 'участник', 'участника', 'участников')}")
            _fill(self.people, [(p.person_id, p.name, p.position, p.organisation, p.role,
                                 p.spravka or "—") for p in people])
        self._enable()

    def _enable(self) -> None:
        row = self.current_row()
        has = row is not None
        for b in (self.edit_btn, self.delete_btn, self.add_btn, self.import_btn):
            b.setEnabled(has)
        self.remove_btn.setEnabled(has and _key(self.people) is not None)
        self.spravki_btn.setEnabled(row is not None and row.status == "held"
                                    and self.people.rowCount() > 0)
        self.spravki_btn.setToolTip("" if self.spravki_btn.isEnabled() else
                                    "Справки выдаются по проведённому мероприятию с участниками")

    # -- actions
    def new_event(self) -> None:
        dialog = EventDialog(self.db, ev.EventData(site_id=self.site.currentData()), self)
        self.last_dialog = dialog
        if dialog.exec():
            self.refresh()
            self.select_event(dialog.saved_id)

    def edit_event(self) -> None:
        event_id = self.current_event()
        if event_id is None:
            return
        dialog = EventDialog(self.db, ev.get_event(self.db, event_id), self)
        self.last_dialog = dialog
        if dialog.exec():
            self.refresh()

    def delete_event(self, confirm: bool = True) -> None:
        row = self.current_row()
        if row is None:
            return
        if confirm and QMessageBox.question(
                self, "Удалить мероприятие",
                f"Удалить мероприятие «{row.name}»? Выданные справки останутся в реестре.",
        ) != QMessageBox.StandardButton.Yes:
            return
        ev.delete_event(self.db, row.id)
        self.refresh()

    def add_participant(self) -> None:
        row = self.current_row()
        if row is None:
            return
        dialog = ParticipantDialog(self.db, row.id, fold(row.form) == "стажировка", self)
        self.last_dialog = dialog
        if dialog.exec():
            self.refresh()

    def remove_participant(self) -> None:
        event_id, person_id = self.current_event(), _key(self.people)
        if event_id is None or person_id is None:
            return
        try:
            pp.remove_participant(self.db, event_id, person_id)  # type: ignore[arg-type]
        except UserError as exc:
            QMessageBox.warning(self, "Участник", str(exc))
            return
        self.refresh()

    def import_participants(self, path: str | None = None) -> int:
        event_id = self.current_event()
        if event_id is None:
            QMessageBox.information(self, "Импорт участников",
                                    "Сначала выберите мероприятие на вкладке «Мероприятия».")
            return 0
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Список участников", "",
                                                  "Книги Excel (*.xlsx)")
            if not path:
                return 0
        added = import_participants(self, self.db, event_id, path)  # off the window thread
        if added:
            self.refresh()
        return added

    def issue_spravki(self, target: Path | None = None) -> spravki.SpravkaBatch | None:
        row = self.current_row()
        if row is None:
            QMessageBox.information(self, "Справки", "Сначала выберите мероприятие на вкладке "
                                                     "«Мероприятия».")
            return None
        selected = _key(self.people)
        dialog = SpravkiDialog(self.db, row.id, self)
        self.last_dialog = dialog
        if selected is not None and self.people.rowCount() > 1:
            dialog.each.setChecked(False)
        if not dialog.exec() or dialog.batch is None:
            return None
        batch = dialog.batch
        self.refresh()
        from desktop.ui.print_preview import PdfReadyDialog

        count = plural(len(batch.items), "справка", "справки", "справок")
        summary = f"Выдано: {count}. Номера записаны в реестр справок."
        if batch.warning:
            summary += f"\n\nВнимание: {batch.warning}"
        ready = PdfReadyDialog(batch.paths[0], "Справки", summary, self)
        self.pdf_dialog = ready
        ready.open()
        return batch

    def merge_duplicates(self) -> int:
        dialog = MergeDialog(self.db, self)
        self.last_dialog = dialog
        if dialog.exec():
            self.refresh()
        return dialog.merged

    def check_spravka(self, number: str | None = None) -> str:
        interactive = number is None
        if number is None:
            number, ok = QInputDialog.getText(self, "Проверить справку", "Номер справки:")
            if not ok or not number.strip():
                return ""
        found = spravki.check(self.db, number)
        if found is None:
            text = f"Справки № {number.strip()} нет в реестре выданных справок."
        else:
            text = (f"Справка № {found.number} от {short_date(found.issued_on)} выдана "
                    f"{found.name_dative} ({found.person}) об участии в мероприятии "
                    f"«{found.event}» {short_date(found.event_date)}.")
            if found.reissued_count:
                text += (" Печаталась повторно: "
                         f"{plural(found.reissued_count, 'раз', 'раза', 'раз')}.")
            if found.annulled:
                text += " Справка аннулирована."
        self.last_check = text
        if interactive:
            QMessageBox.information(self, "Проверка справки", text)
        return text


def _html(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

