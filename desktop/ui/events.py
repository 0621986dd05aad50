"""The «Мероприятия» tab: events of the sites, their participants, import, справки."""

from __future__ import annotations

import tempfile
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
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.services import events as ev
from desktop.services import sites as site_svc
from desktop.services import spravki
from desktop.services.registry import load_rows
from desktop.storage import Database
from desktop.text import fold, plural, short_date
from desktop.validation import parse_date

STATUS_NAMES = {"planned": "запланировано", "held": "проведено", "cancelled": "отменено"}


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, rows: list[tuple], key_col: int = 0) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        key, *values = row
        for c, v in enumerate(values):
            item = QTableWidgetItem("" if v is None else str(v))
            item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(r, c, item)


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b3261e;")
    label.setWordWrap(True)
    return label


class EventDialog(QDialog):
    """Create or edit an event; validation messages under the form."""

    def __init__(self, db: Database, data: ev.EventData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.data = db, data
        self.saved_id: int | None = None
        self.setWindowTitle("Мероприятие" if data.id else "Новое мероприятие")
        self.resize(620, 480)
        orgs_sites = [(r.id, f"{r.number} — {r.organisation}") for r in load_rows(db)
                      if r.status == "active" or r.id == data.site_id]
        self.site = QComboBox()
        for sid, label in orgs_sites:
            self.site.addItem(label, sid)
        self.site.setCurrentIndex(max(self.site.findData(data.site_id), 0))
        self.name = QLineEdit(data.name)
        self.form = QComboBox(editable=True)
        self.status = QComboBox()
        for code, label in STATUS_NAMES.items():
            self.status.addItem(label, code)
        self.status.setCurrentIndex(self.status.findData(data.status))
        self.planned = QLineEdit(short_date(data.planned_on), placeholderText="ДД.ММ.ГГГГ")
        self.held = QLineEdit(short_date(data.held_on), placeholderText="ДД.ММ.ГГГГ")
        self.format = QComboBox()
        self.format.addItems(list(ev.FORMATS))
        self.format.setCurrentText(data.format)
        self.hours = QSpinBox()
        self.hours.setRange(0, 1000)
        self.hours.setValue(data.hours)
        self.practice = QPlainTextEdit(data.practice)
        self.practice.setFixedHeight(60)
        self.result_edit = QPlainTextEdit(data.result)
        self.result_edit.setFixedHeight(60)
        self.error = _error_label()
        form = QFormLayout()
        for label, w in (("Площадка *", self.site), ("Название *", self.name),
                         ("Форма", self.form), ("Состояние", self.status),
                         ("Дата по плану", self.planned), ("Дата проведения", self.held),
                         ("Формат", self.format), ("Часов", self.hours),
                         ("Транслируемая практика", self.practice),
                         ("Результат", self.result_edit)):
            form.addRow(label, w)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.site.currentIndexChanged.connect(self._forms)
        self._forms()
        self.form.setCurrentText(data.form)

    def _forms(self) -> None:
        current = self.form.currentText()
        sid = self.site.currentData()
        profile = None
        if sid:
            profile = site_svc.get_detail(self.db, sid).data.profile_id
        self.form.clear()
        self.form.addItems(ev.event_forms(profile))
        if current:
            self.form.setCurrentText(current)

    def save(self) -> None:
        try:
            planned = parse_date(self.planned.text(), "Дата по плану")
            held = parse_date(self.held.text(), "Дата проведения")
        except UserError as exc:
            self.error.setText(str(exc))
            return
        data = ev.EventData(
            id=self.data.id, site_id=self.site.currentData(), name=self.name.text(),
            form=self.form.currentText().strip(), planned_on=planned, held_on=held,
            format=self.format.currentText(), hours=self.hours.value(),
            practice=self.practice.toPlainText(), result=self.result_edit.toPlainText(),
            task_no=self.data.task_no, status=self.status.currentData())
        try:
            self.saved_id = ev.save_event(self.db, data)
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            return
        self.accept()


class ParticipantDialog(QDialog):
    """Add one participant (matched to an existing person when the name and ОО match)."""

    def __init__(self, db: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.event_id = db, event_id
        self.setWindowTitle("Участник мероприятия")
        self.last, self.first, self.middle = QLineEdit(), QLineEdit(), QLineEdit()
        self.position = QLineEdit()
        self.org = QComboBox(editable=True)
        self.org.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.org.addItem("", None)
        for oid, name in site_svc.choices(db)[0]:
            self.org.addItem(name, oid)
        self.role = QComboBox()
        self.role.addItems(list(ev.ROLES))
        self.hours = QSpinBox()
        self.hours.setRange(0, 1000)
        self.programme = QLineEdit()
        self.attestation = QLineEdit()
        self.error = _error_label()
        form = QFormLayout(self)
        for label, w in (("Фамилия *", self.last), ("Имя *", self.first),
                         ("Отчество", self.middle), ("Должность", self.position),
                         ("Организация", self.org), ("Роль", self.role), ("Часов", self.hours),
                         ("Программа стажировки", self.programme),
                         ("Аттестация", self.attestation)):
            form.addRow(label, w)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Добавить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form.addRow(self.error)
        form.addRow(buttons)

    def save(self) -> None:
        org_index = self.org.findText(self.org.currentText(), Qt.MatchFlag.MatchExactly)
        if self.org.currentText().strip() and org_index < 0:
            self.error.setText("Такой организации нет в справочнике: выберите из списка.")
            return
        person = ev.PersonData(self.last.text(), self.first.text(), self.middle.text(),
                               self.position.text(), self.org.itemData(org_index))
        try:
            ev.add_participants(self.db, self.event_id, [ev.ParticipantData(
                person, self.role.currentText(), self.programme.text(), self.hours.value(),
                self.attestation.text())])
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            return
        self.accept()


class ImportDialog(QDialog):
    """Preview of a participants import: who is added, which rows are rejected and why."""

    def __init__(self, prepared: spravki.ParticipantImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Импорт участников из Excel")
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        ok, bad = prepared.accepted, prepared.table.rejected
        layout.addWidget(QLabel(f"Будет добавлено: <b>{len(ok)}</b>. Отклонено строк: "
                                f"<b>{len(bad)}</b> (они не импортируются)."))
        accepted = _table(["ФИО", "Должность", "Роль"])
        _fill(accepted, [(i, f"{p.person.last_name} {p.person.first_name} {p.person.middle_name}",
                          p.person.position, p.role) for i, p in enumerate(ok)])
        accepted.setColumnWidth(0, 300)
        self.rejected = _table(["Строка", "Причина"])
        _fill(self.rejected, [(r.row_no, r.row_no, r.reason) for r in bad])
        layout.addWidget(accepted, 2)
        layout.addWidget(QLabel("<b>Отклонённые строки</b>"))
        layout.addWidget(self.rejected, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Импортировать")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(ok))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)


class SpravkiDialog(QDialog):
    """Declined names shown for correction before the справки are printed."""

    def __init__(self, db: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.event_id = db, event_id
        self.setWindowTitle("Справки об участии")
        self.resize(760, 460)
        self.items = spravki.preview(db, event_id)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Проверьте ФИО в дательном падеже («выдана <i>кому?</i>»); "
                                "исправленное сохранится для следующих справок."))
        self.table = QTableWidget(len(self.items), 3)
        self.table.setHorizontalHeaderLabels(["ФИО", "Кому (дательный падеж)", "№ справки"])
        self.table.verticalHeader().setVisible(False)
        for r, item in enumerate(self.items):
            name = QTableWidgetItem(item.name)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            number = QTableWidgetItem(item.number or "новая")
            number.setFlags(number.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, QTableWidgetItem(item.dative))
            self.table.setItem(r, 2, number)
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(1, 300)
        layout.addWidget(self.table)
        self.error = _error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Выдать и открыть PDF")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self.output: Path | None = None

    def save(self, target: Path | None = None) -> None:
        try:
            for r, item in enumerate(self.items):
                text = self.table.item(r, 1).text().strip()
                if text != item.dative:
                    spravki.set_dative(self.db, item.person_id, text)
            target = target or Path(tempfile.mkdtemp(prefix="metodist-")) / "Справки.pdf"
            self.output = spravki.write(self.db, self.event_id, target)[0]
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class EventsView(QWidget):
    """Events on the left, the selected event's participants on the right."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.rows: list[ev.EventRow] = []
        self.search = QLineEdit(placeholderText="Поиск: мероприятие, площадка, организация…")
        self.search.setClearButtonEnabled(True)
        self.events = _table(["Дата", "Мероприятие", "Форма", "Площадка", "Участников",
                              "Состояние"])
        for c, w in enumerate((85, 280, 105, 170, 85)):
            self.events.setColumnWidth(c, w)
        self.people = _table(["ФИО", "Должность", "Организация", "Роль"])
        for c, w in enumerate((230, 160, 180)):
            self.people.setColumnWidth(c, w)
        self.title = QLabel("Выберите мероприятие слева.")
        self.title.setWordWrap(True)
        self.new_btn = QPushButton("Новое мероприятие…")
        self.edit_btn = QPushButton("Изменить…")
        self.add_btn = QPushButton("Добавить участника…")
        self.import_btn = QPushButton("Импорт из Excel…")
        self.remove_btn = QPushButton("Убрать участника")
        self.spravki_btn = QPushButton("Справки…")
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(self.search)
        lv.addWidget(self.events, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_btn)
        row.addWidget(self.edit_btn)
        row.addStretch(1)
        lv.addLayout(row)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(self.title)
        rv.addWidget(self.people, 1)
        row2 = QHBoxLayout()
        for b in (self.add_btn, self.import_btn, self.remove_btn, self.spravki_btn):
            row2.addWidget(b)
        rv.addLayout(row2)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([820, 580])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(splitter)
        self.search.textChanged.connect(self._show_events)
        self.events.itemSelectionChanged.connect(self._show_people)
        self.events.itemDoubleClicked.connect(lambda _i: self.edit_event())
        self.new_btn.clicked.connect(self.new_event)
        self.edit_btn.clicked.connect(self.edit_event)
        self.add_btn.clicked.connect(self.add_participant)
        self.import_btn.clicked.connect(lambda: self.import_participants())
        self.remove_btn.clicked.connect(self.remove_participant)
        self.spravki_btn.clicked.connect(self.issue_spravki)
        self._enable()

    def refresh(self) -> None:
        current = self.current_event()
        self.rows = ev.list_events(self.db)
        self._show_events()
        if current:
            self.select_event(current)

    def _show_events(self) -> None:
        words = fold(self.search.text()).split()
        rows = [r for r in self.rows
                if all(w in fold(f"{r.name} {r.site_number} {r.organisation} {r.form}")
                       for w in words)]
        _fill(self.events, [(r.id, short_date(r.day), r.name, r.form,
                             f"{r.site_number} {r.organisation}", r.participants,
                             STATUS_NAMES.get(r.status, r.status)) for r in rows])
        self._show_people()

    def current_event(self) -> int | None:
        item = self.events.item(self.events.currentRow(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select_event(self, event_id: int) -> None:
        for r in range(self.events.rowCount()):
            if self.events.item(r, 0).data(Qt.ItemDataRole.UserRole) == event_id:
                self.events.selectRow(r)
                return

    def _show_people(self) -> None:
        event_id = self.current_event()
        if event_id is None:
            self.people.setRowCount(0)
            self.title.setText("Выберите мероприятие слева.")
        else:
            people = ev.participants(self.db, event_id)
            row = next(r for r in self.rows if r.id == event_id)
            self.title.setText(f"<b>{row.name}</b><br>{short_date(row.day)}, {row.form}; "
                               f"{plural(len(people), 'участник', 'участника', 'участников')}")
            _fill(self.people, [(p.person_id, p.name, p.position, p.organisation, p.role)
                                for p in people])
        self._enable()

    def _enable(self) -> None:
        has = self.current_event() is not None
        for b in (self.edit_btn, self.add_btn, self.import_btn, self.remove_btn,
                  self.spravki_btn):
            b.setEnabled(has)

    def new_event(self) -> None:
        dialog = EventDialog(self.db, ev.EventData(), self)
        self.last_dialog = dialog
        if dialog.exec():
            self.refresh()
            self.select_event(dialog.saved_id)

    def edit_event(self) -> None:
        event_id = self.current_event()
        if event_id is None:
            return
        dialog = EventDialog(self.db, ev.get_event(self.db, event_id), self)
        if dialog.exec():
            self.refresh()

    def add_participant(self) -> None:
        event_id = self.current_event()
        if event_id is not None and ParticipantDialog(self.db, event_id, self).exec():
            self.refresh()

    def remove_participant(self) -> None:
        event_id = self.current_event()
        item = self.people.item(self.people.currentRow(), 0)
        if event_id is not None and item is not None:
            ev.remove_participant(self.db, event_id, item.data(Qt.ItemDataRole.UserRole))
            self.refresh()

    def import_participants(self, path: str | None = None) -> int:
        event_id = self.current_event()
        if event_id is None:
            return 0
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Список участников", "",
                                                  "Книги Excel (*.xlsx)")
            if not path:
                return 0
        try:
            prepared = spravki.prepare_import(self.db, event_id, Path(path))
        except UserError as exc:
            QMessageBox.warning(self, "Импорт участников", str(exc))
            return 0
        dialog = ImportDialog(prepared, self)
        self.last_import = dialog
        if not dialog.exec():
            return 0
        try:
            added = spravki.commit_import(self.db, event_id, prepared)
        except UserError as exc:
            QMessageBox.warning(self, "Импорт участников", f"{exc}\nНичего не импортировано.")
            return 0
        self.refresh()
        return added

    def issue_spravki(self) -> None:
        event_id = self.current_event()
        if event_id is None:
            return
        dialog = SpravkiDialog(self.db, event_id, self)
        if dialog.exec() and dialog.output:
            from desktop.ui.export_actions import open_in_viewer

            open_in_viewer(dialog.output)
            self.refresh()


class MergeDialog(QDialog):
    """Likely duplicates of people, merged into the first record of each group."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Объединение дубликатов участников")
        self.resize(720, 420)
        self.groups = ev.find_duplicates(db)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            f"Найдено групп возможных дубликатов: <b>{len(self.groups)}</b> (ФИО совпадает с "
            "точностью до регистра и «ё»). В каждой группе остаётся первая запись."))
        table = _table(["ФИО", "Организация", "Мероприятий", "Запись №"])
        rows = [(g.people[0][0], g.name, p[2], p[3], p[0]) for g in self.groups for p in g.people]
        _fill(table, rows)
        table.setColumnWidth(0, 260)
        table.setColumnWidth(1, 220)
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Объединить все")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.groups))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Закрыть")
        buttons.accepted.connect(self.merge)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def merge(self) -> None:
        for g in self.groups:
            ids = [p[0] for p in g.people]
            ev.merge_people(self.db, ids[0], ids[1:])
        self.accept()
