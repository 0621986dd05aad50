"""The «Мероприятия» tab: a site's events and their participants."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, Qt
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
from desktop.text import fold, number, plural, short_date
from desktop.ui.events.common import ALL_SITES
from desktop.ui.events.event_dialog import EventDialog
from desktop.ui.events.merge_dialog import MergeDialog
from desktop.ui.events.participants_dialog import ParticipantDialog, import_participants
from desktop.ui.events.spravki_dialog import SpravkiDialog
from desktop.ui.events.table import Column, ListModel, current_key, list_view
from desktop.ui.tables import TableHabits
from desktop.ui.widgets import make_searchable

EVENT_COLUMNS: list[Column[ev.EventRow]] = [
    Column("Дата", 80, lambda r: short_date(r.day), key=lambda r: r.day),
    Column("Мероприятие", 205, lambda r: r.name, tip=True),
    Column("Форма", 95, lambda r: r.form),
    Column("Площадка", 140, lambda r: f"{r.site_number} {r.organisation}".strip(), tip=True),
    Column("Участн.", 62, lambda r: number(r.participants), key=lambda r: r.participants,
           right=True),
    Column("Состояние", 90, lambda r: ev.STATUSES.get(r.status, r.status)),
]
PEOPLE_COLUMNS: list[Column[pp.ParticipantRow]] = [
    Column("ФИО", 195, lambda r: r.name, tip=True),
    Column("Должность", 120, lambda r: r.position, tip=True),
    Column("Организация", 150, lambda r: r.organisation, tip=True),
    Column("Роль", 76, lambda r: r.role),
    Column("Справка", 70, lambda r: r.spravka or "—", key=lambda r: r.spravka),
]

# --------------------------------------------------------------------------- the tab


class EventsView(QWidget):
    """Events (of one site or all) on the left, the selected event's participants on the
    right, with the buttons for each."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.rows: list[ev.EventRow] = []
        self._shown: int | None = None  # the event whose participants are shown
        self.last_dialog: QDialog | None = None  # the dialog opened last (tests drive it)
        self.site = QComboBox()
        make_searchable(self.site)
        self.site.setMinimumWidth(280)
        self.search = QLineEdit(placeholderText="Поиск: мероприятие, форма, площадка…")
        self.search.setClearButtonEnabled(True)
        self.event_model = ListModel(EVENT_COLUMNS, lambda r: r.id,
                                     muted=lambda r: r.status == "planned", parent=self)
        self.events = list_view(self.event_model)
        self.people_model = ListModel(PEOPLE_COLUMNS, lambda r: r.person_id, parent=self)
        self.people = list_view(self.people_model)
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
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([720, 630])  # both lists whole at 1366 px
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.site.activated.connect(lambda _i: self.refresh())
        self.search.textChanged.connect(lambda _text: self._show_events())
        self.events.selectionModel().currentRowChanged.connect(self._event_changed)
        self.events.doubleClicked.connect(lambda _i: self.edit_event())
        self.habits = TableHabits(  # several rows, Ctrl+C, menu, export, print
            self.events, "Мероприятия", open_row=self.edit_event,
            describe=lambda: [f"Площадка: {self.site.currentText()}"]
            + ([f"Поиск «{self.search.text().strip()}»"] if self.search.text().strip() else []))
        self.people_habits = TableHabits(self.people, self._people_title,
                                         describe=self._people_lines)
        self.people.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
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
        self._shown = -1  # read again: so are the participants of the event kept current
        self._show_events(current)

    def _show_events(self, current: int | None = None) -> None:
        """The events the search words match; the current one stays current if shown (its
        participants are not read again for a keystroke in the search)."""
        current = current or self.current_event()
        words = fold(self.search.text()).split()
        rows = [r for r in self.rows
                if all(w in fold(f"{r.name} {r.site_number} {r.organisation} {r.form} "
                                 f"{short_date(r.day)}") for w in words)]
        self.event_model.set_rows(rows)
        self.select_event(current)
        if self.current_event() != self._shown:  # hidden by the search, or read again
            self._show_people()

    def current_event(self) -> int | None:
        return current_key(self.events)

    def current_row(self) -> ev.EventRow | None:
        return self.event_model.row_at(self.events.currentIndex().row())

    def select_event(self, event_id: int | None) -> bool:
        """Make this event the current row (its participants shown). → found."""
        row = self.event_model.row_of(event_id)
        if row >= 0:
            self.events.selectRow(row)
        return row >= 0

    def _event_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        if self.current_event() != self._shown:  # not after a sort that moved it
            self._show_people()

    def _show_people(self) -> None:
        row = self.current_row()
        self._shown = row.id if row else None
        if row is None:
            self.people_model.set_rows([])
            self.title.setText("Выберите мероприятие слева.")
        else:
            people = pp.participants(self.db, row.id)
            state = ev.STATUSES.get(row.status, row.status)
            self.title.setText(
                f"<b>{_html(row.name)}</b><br>{_html(row.form)}, {short_date(row.day)} "
                f"({state}) · {_html(row.site_number)} {_html(row.organisation)} · "
                f"{plural(len(people), 'участник', 'участника', 'участников')}")
            self.people_model.set_rows(people)
        self._enable()

    def _people_title(self) -> str:
        row = self.current_row()
        return f"Участники: {row.name}" if row else "Участники"

    def _people_lines(self) -> list[str]:
        row = self.current_row()
        return [f"{short_date(row.day)}, площадка {row.site_number} {row.organisation}"
                .strip()] if row else []

    def _enable(self) -> None:
        row = self.current_row()
        has = row is not None
        for b in (self.edit_btn, self.delete_btn, self.add_btn, self.import_btn):
            b.setEnabled(has)
        self.remove_btn.setEnabled(has and current_key(self.people) is not None)
        self.spravki_btn.setEnabled(row is not None and row.status == "held"
                                    and self.people_model.rowCount() > 0)
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
        event_id, person_id = self.current_event(), current_key(self.people)
        if event_id is None or person_id is None:
            return
        try:
            pp.remove_participant(self.db, event_id, person_id)
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
        selected = current_key(self.people)
        dialog = SpravkiDialog(self.db, row.id, self)
        self.last_dialog = dialog
        if selected is not None and self.people_model.rowCount() > 1:
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


    # -- remembered between sessions
    def save_state(self, settings: QSettings) -> None:
        """Column widths, order and sort of both lists, and the splitter."""
        settings.setValue("events/splitter", self.splitter.saveState())
        settings.setValue("events/header", self.events.horizontalHeader().saveState())
        settings.setValue("events/people_header", self.people.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        for key, widget in (("events/splitter", self.splitter),
                            ("events/header", self.events.horizontalHeader()),
                            ("events/people_header", self.people.horizontalHeader())):
            state = settings.value(key)
            if state is not None:
                widget.restoreState(state)


def _html(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

