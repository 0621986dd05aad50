"""The «Мероприятия» tab: a site's events, their participants, import, merging, справки.

Widgets only: every read and write goes through desktop.services.events, .participants,
.participant_import and .spravki, each opening its own short session.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
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
from desktop.services import participant_import as pimp
from desktop.services import participants as pp
from desktop.services import sites as site_svc
from desktop.services import spravki
from desktop.storage import Database
from desktop.text import fold, plural, short_date
from desktop.ui.widgets import UnsavedChangesGuard, fit_window
from desktop.validation import parse_date

ALL_SITES = "Все площадки"
GENDERS = (("", "—"), ("male", "муж."), ("female", "жен."))


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(24)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                             | Qt.AlignmentFlag.AlignVCenter)
    return t


def _fill(table: QTableWidget, rows: list[tuple]) -> None:
    """Rows of (key, value, value, …); the key is kept in UserRole of every cell."""
    table.setRowCount(len(rows))
    for r, (key, *values) in enumerate(rows):
        for c, v in enumerate(values):
            item = QTableWidgetItem("" if v is None else str(v))
            item.setData(Qt.ItemDataRole.UserRole, key)
            if isinstance(v, int):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


def _key(table: QTableWidget) -> object | None:
    item = table.item(table.currentRow(), 0)
    return item.data(Qt.ItemDataRole.UserRole) if item else None


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b3261e;")
    label.setWordWrap(True)
    return label


def _buttons(ok_text: str, ok: QDialogButtonBox.StandardButton =
             QDialogButtonBox.StandardButton.Ok) -> QDialogButtonBox:
    box = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
    return box


def _date_edit(day) -> QLineEdit:  # noqa: ANN001 - date | None
    edit = QLineEdit(short_date(day), placeholderText="ДД.ММ.ГГГГ")
    edit.setMaximumWidth(130)
    return edit


# --------------------------------------------------------------------------- event form


class EventDialog(UnsavedChangesGuard, QDialog):
    """Create or edit an event; each field's message under the form, the dialog stays open."""

    def __init__(self, db: Database, data: ev.EventData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.data = db, data
        self.saved_id: int | None = None
        self.setWindowTitle("Мероприятие" if data.id else "Новое мероприятие")
        fit_window(self, "event", 640, 560)
        self.choices = ev.site_choices(db)
        self.site = QComboBox()
        self.site.setEditable(True)
        self.site.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.site.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.site.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        for c in self.choices:
            self.site.addItem(c.label, c.id)
        self.site.setCurrentIndex(max(self.site.findData(data.site_id), 0))
        self.name = QLineEdit(data.name)
        self.form = QComboBox()
        self.form.setEditable(True)
        self.status = QComboBox()
        for code, label in ev.STATUSES.items():
            self.status.addItem(label, code)
        self.status.setCurrentIndex(max(self.status.findData(data.status), 0))
        self.planned = _date_edit(data.planned_on)
        self.held = _date_edit(data.held_on)
        self.format = QComboBox()
        self.format.addItems(list(ev.FORMATS))
        self.format.setCurrentText(data.format)
        self.hours = QSpinBox()
        self.hours.setRange(0, 1000)
        self.hours.setValue(data.hours)
        self.hours.setMaximumWidth(90)
        self.task_no = QSpinBox()
        self.task_no.setRange(0, 100)
        self.task_no.setSpecialValueText("—")
        self.task_no.setValue(data.task_no or 0)
        self.task_no.setMaximumWidth(90)
        self.practice = QPlainTextEdit(data.practice)
        self.practice.setFixedHeight(64)
        self.result_edit = QPlainTextEdit(data.result)
        self.result_edit.setFixedHeight(64)
        self.error = _error_label()
        dates = QHBoxLayout()
        dates.addWidget(self.planned)
        dates.addSpacing(16)
        dates.addWidget(QLabel("проведено:"))
        dates.addWidget(self.held)
        dates.addStretch(1)
        numbers = QHBoxLayout()
        numbers.addWidget(self.hours)
        numbers.addSpacing(16)
        numbers.addWidget(QLabel("задача плана №"))
        numbers.addWidget(self.task_no)
        numbers.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Площадка *", self.site)
        form.addRow("Название *", self.name)
        form.addRow("Форма *", self.form)
        form.addRow("Формат", self.format)
        form.addRow("Состояние", self.status)
        form.addRow("Дата по плану", dates)
        form.addRow("Часов", numbers)
        form.addRow("Транслируемая практика", self.practice)
        form.addRow("Результат", self.result_edit)
        self.buttons = _buttons("Сохранить", QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.site.currentIndexChanged.connect(self._forms)
        self.status.currentIndexChanged.connect(self._status_changed)
        self._forms()
        self.form.setCurrentText(data.form)
        self._status_changed()
        self.mark_clean()

    def _forms(self) -> None:
        current = self.form.currentText()
        choice = next((c for c in self.choices if c.id == self.site.currentData()), None)
        self.form.clear()
        self.form.addItems(ev.event_forms(choice.profile_id if choice else None))
        if current:
            self.form.setCurrentText(current)

    def _status_changed(self) -> None:
        held = self.status.currentData() == "held"
        self.held.setEnabled(held or bool(self.held.text()))

    def save(self) -> None:
        try:
            planned = parse_date(self.planned.text(), "Дата по плану")
            held = parse_date(self.held.text(), "Дата проведения")
        except UserError as exc:
            self.error.setText(str(exc))
            return
        if self.site.findText(self.site.currentText(), Qt.MatchFlag.MatchExactly) < 0:
            self.error.setText("Выберите площадку из списка.")
            return
        data = ev.EventData(
            id=self.data.id, site_id=self.site.currentData(), name=self.name.text(),
            form=self.form.currentText().strip(), planned_on=planned, held_on=held,
            format=self.format.currentText(), hours=self.hours.value(),
            practice=self.practice.toPlainText(), result=self.result_edit.toPlainText(),
            task_no=self.task_no.value() or None, status=self.status.currentData())
        try:
            self.saved_id = ev.save_event(self.db, data)
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            return
        self.accept()


# --------------------------------------------------------------------------- participant form


class ParticipantDialog(QDialog):
    """Add one participant; an existing person with the same name and ОО is reused."""

    def __init__(self, db: Database, event_id: int, internship: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.event_id = db, event_id
        self.setWindowTitle("Участник мероприятия")
        self.resize(520, 0)
        self.last, self.first, self.middle = QLineEdit(), QLineEdit(), QLineEdit()
        self.position = QLineEdit()
        self.org = QComboBox()
        self.org.setEditable(True)
        self.org.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.org.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.org.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.org.addItem("", None)
        for oid, name in site_svc.choices(db)[0]:
            self.org.addItem(name, oid)
        self.role = QComboBox()
        self.role.addItems(list(pp.ROLES))
        self.role.setCurrentText("стажёр" if internship else "участник")
        self.hours = QSpinBox()
        self.hours.setRange(0, 1000)
        self.hours.setMaximumWidth(90)
        self.programme = QLineEdit()
        self.attestation = QComboBox()
        self.attestation.setEditable(True)
        self.attestation.addItems(list(pp.ATTESTATION))
        self.error = _error_label()
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, w in (("Фамилия *", self.last), ("Имя *", self.first),
                         ("Отчество", self.middle), ("Должность", self.position),
                         ("Организация", self.org), ("Роль", self.role)):
            form.addRow(label, w)
        self.internship_rows = [("Программа стажировки", self.programme),
                                ("Часов", self.hours), ("Аттестация", self.attestation)]
        for label, w in self.internship_rows:
            form.addRow(label, w)
        self.buttons = _buttons("Добавить")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.form_layout = form
        self.role.currentTextChanged.connect(self._role_changed)
        self._role_changed()

    def _role_changed(self) -> None:
        trainee = self.role.currentText() == "стажёр"
        for _label, w in self.internship_rows:
            self.form_layout.setRowVisible(w, trainee)
        self.adjustSize()

    def save(self) -> None:
        text = self.org.currentText().strip()
        index = self.org.findText(text, Qt.MatchFlag.MatchExactly) if text else 0
        if index < 0:
            self.error.setText("Такой организации нет в справочнике: выберите её из списка "
                               "(или добавьте на вкладке «Организации»).")
            return
        person = pp.PersonData(self.last.text(), self.first.text(), self.middle.text(),
                               self.position.text(), self.org.itemData(index))
        trainee = self.role.currentText() == "стажёр"
        item = pp.ParticipantData(person, self.role.currentText(),
                                  self.programme.text() if trainee else "",
                                  self.hours.value() if trainee else 0,
                                  self.attestation.currentText() if trainee else "")
        try:
            pp.add_participants(self.db, self.event_id, [item])
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            return
        self.accept()


# --------------------------------------------------------------------------- import preview


class ImportDialog(QDialog):
    """Preview of a participants import: who is added, which rows are rejected and why."""

    def __init__(self, prepared: pimp.ParticipantImport, file_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Импорт участников из Excel")
        fit_window(self, "participant_import", 900, 600)
        layout = QVBoxLayout(self)
        ok, bad = prepared.rows, prepared.table.rejected
        new = sum(1 for r in ok if not r.known)
        summary = QLabel(
            (f"Файл «{file_name}». " if file_name else "")
            + f"Будет добавлено участников: <b>{len(ok)}</b> (новых людей в базе: {new}). "
            + f"Отклонено строк: <b>{len(bad)}</b> — они не импортируются; исправьте их в файле "
              "и загрузите снова.")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.accepted_table = _table(["Строка", "ФИО", "Должность", "Организация", "В базе"])
        _fill(self.accepted_table, [
            (r.row_no, r.row_no, r.item.person.full_name, r.item.person.position,
             r.organisation, "уже есть" if r.known else "новый") for r in ok])
        for c, w in enumerate((60, 260, 180, 220)):
            self.accepted_table.setColumnWidth(c, w)
        self.rejected = _table(["Строка", "Причина"])
        _fill(self.rejected, [(r.row_no, r.row_no, r.reason) for r in bad])
        self.rejected.setColumnWidth(0, 60)
        self.rejected.setWordWrap(True)
        self.rejected.resizeRowsToContents()
        layout.addWidget(self.accepted_table, 3)
        layout.addWidget(QLabel("<b>Отклонённые строки</b>" if bad else
                                "Отклонённых строк нет."))
        layout.addWidget(self.rejected, 2)
        self.rejected.setVisible(bool(bad))
        self.buttons = _buttons("Импортировать")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(ok))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


# --------------------------------------------------------------------------- справки


class SpravkiDialog(QDialog):
    """Who gets a справка, and the declined names, editable before printing."""

    COLS = ("", "ФИО", "Кому (дательный падеж)", "Пол", "№ справки")

    def __init__(self, db: Database, event_id: int, parent: QWidget | None = None,
                 person_ids: list[int] | None = None) -> None:
        super().__init__(parent)
        self.db, self.event_id = db, event_id
        self.setWindowTitle("Справки об участии")
        fit_window(self, "spravki", 900, 520)
        self.items = spravki.preview(db, event_id)
        chosen = set(person_ids) if person_ids else None
        layout = QVBoxLayout(self)
        hint = QLabel("Проверьте ФИО в дательном падеже («выдана <i>кому?</i>») и исправьте, "
                      "если нужно: исправление сохранится для следующих справок. Справка, "
                      "выданная раньше, печатается повторно под тем же номером.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableWidget(len(self.items), len(self.COLS))
        self.table.setHorizontalHeaderLabels(list(self.COLS))
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.genders: list[QComboBox] = []
        for r, item in enumerate(self.items):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked if chosen is None or item.person_id in chosen
                                else Qt.CheckState.Unchecked)
            self.table.setItem(r, 0, check)
            name = QTableWidgetItem(item.name)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 1, name)
            dative = QTableWidgetItem(item.dative)
            if item.corrected:
                dative.setToolTip("Исправлено вручную")
            self.table.setItem(r, 2, dative)
            gender = QComboBox()
            for code, label in GENDERS:
                gender.addItem(label, code)
            gender.setCurrentIndex({None: 0, False: 1, True: 2}[item.female])
            gender.setToolTip("Род глаголов в справке: «принял» / «приняла»")
            self.genders.append(gender)
            self.table.setCellWidget(r, 3, gender)
            number = QTableWidgetItem(item.number or "новая")
            number.setFlags(number.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 4, number)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(1, 270)
        self.table.setColumnWidth(2, 300)
        self.table.setColumnWidth(3, 80)
        header.setStretchLastSection(True)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        row.addWidget(QLabel("Дата справок:"))
        self.date = _date_edit(None)
        self.date.setText(short_date(dt.date.today()))
        row.addWidget(self.date)
        row.addSpacing(20)
        self.each = QCheckBox("Каждую справку — отдельным файлом (в папку)")
        row.addWidget(self.each)
        row.addStretch(1)
        layout.addLayout(row)
        signer_row = QHBoxLayout()
        signer_row.addWidget(QLabel("Выдаёт и подписывает:"))
        self.signer = QComboBox()
        for code, label in spravki.SIGNERS.items():
            self.signer.addItem(label, code)
        self.signer.currentIndexChanged.connect(lambda _i: self._show_issuer_warning())
        signer_row.addWidget(self.signer, 1)
        layout.addLayout(signer_row)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a5a00;")
        layout.addWidget(self.warning)
        self.error = _error_label()
        layout.addWidget(self.error)
        self._show_issuer_warning()
        self.buttons = _buttons("Выдать и сохранить PDF")
        self.buttons.accepted.connect(lambda: self.save())
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.batch: spravki.SpravkaBatch | None = None

    def _show_issuer_warning(self) -> None:
        self.warning.setText(spravki.issuer_warning(self.db, self.event_id,
                                                    self.signer.currentData()))

    def _target(self, signer: str) -> Path | None:
        """The folder the user picks (remembered); one file is named by the event."""
        from PySide6.QtCore import QSettings

        from desktop.ui.handover import choose_folder, confirm_details

        if signer == "centre" and not confirm_details(
                self, self.db, "Справки",
                lambda: spravki.issuer_warning(self.db, self.event_id, signer)):
            return None
        self._show_issuer_warning()
        settings = self.settings or (getattr(self.parent().window(), "settings", None)
                                     if self.parent() else None)
        folder = choose_folder(self, settings or QSettings("metodist", "metodist"), "spravki",
                               "Папка для справок")
        if folder is None:
            return None
        return folder if self.each.isChecked() else folder / spravki.batch_file_name(
            self.db, self.event_id)

    def chosen(self) -> list[int]:
        return [item.person_id for r, item in enumerate(self.items)
                if self.table.item(r, 0).checkState() == Qt.CheckState.Checked]

    def save(self, target: Path | None = None) -> None:
        ids = self.chosen()
        if not ids:
            self.error.setText("Отметьте, кому выдать справки.")
            return
        try:
            day = parse_date(self.date.text(), "Дата справок")
            for r, item in enumerate(self.items):
                text = self.table.item(r, 2).text().strip()
                gender = self.genders[r].currentData() or None
                was = {None: None, False: "male", True: "female"}[item.female]
                if text != item.dative or gender != was:
                    spravki.set_dative(self.db, item.person_id, text, gender)
            signer = self.signer.currentData()
            if target is None:
                target = self._target(signer)
                if target is None:
                    return
            self.batch = spravki.write(self.db, self.event_id, target, ids, day, signer)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


# --------------------------------------------------------------------------- duplicates


class MergeDialog(QDialog):
    """Likely duplicates of people. In each group the ticked records are merged into the one
    chosen to keep (by default the one at the most events); a namesake from another
    organisation is not ticked until the user says so."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Объединение дубликатов участников")
        fit_window(self, "merge", 900, 540)
        self.groups = pp.duplicates(db)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Групп возможных дубликатов: <b>{len(self.groups)}</b>. Это записи с одинаковым "
            "ФИО (без учёта регистра и «ё») или с различием в одну букву — из одной организации "
            "или без организации. Отмеченные записи объединяются с той, что выбрана "
            "«оставить»: её участия, справки и роли сохраняются, остальные записи скрываются.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = _table(["Оставить", "Объединить", "ФИО", "Организация", "Должность",
                             "Мероприятий"])
        self.table.setAlternatingRowColors(False)
        self.keep_boxes: list[list[QCheckBox]] = []
        self.merge_boxes: list[list[QCheckBox]] = []
        shade = self.palette().alternateBase()
        for g, group in enumerate(self.groups):
            keeps, merges = [], []
            for i, p in enumerate(group.people):
                r = self.table.rowCount()
                self.table.insertRow(r)
                keep, merge = QCheckBox(), QCheckBox()
                keep.setChecked(i == 0)
                merge.setChecked(i == 0 or p.id in group.suggested)
                merge.setEnabled(i != 0)
                keep.toggled.connect(lambda on, g=g, k=keep: on and self._keep(g, k))
                keeps.append(keep)
                merges.append(merge)
                self.table.setCellWidget(r, 0, _centred(keep))
                self.table.setCellWidget(r, 1, _centred(merge))
                for c, v in enumerate((p.name, p.organisation or "— без организации —",
                                       p.position, p.events), start=2):
                    item = QTableWidgetItem(str(v))
                    item.setData(Qt.ItemDataRole.UserRole, p.id)
                    if g % 2:
                        item.setBackground(shade)
                    self.table.setItem(r, c, item)
            self.keep_boxes.append(keeps)
            self.merge_boxes.append(merges)
        for c, w in enumerate((70, 90, 250, 210, 160)):
            self.table.setColumnWidth(c, w)
        layout.addWidget(self.table)
        self.error = _error_label()
        layout.addWidget(self.error)
        self.buttons = _buttons("Объединить отмеченные")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.groups))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Закрыть")
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.merged = 0

    def _keep(self, g: int, chosen: QCheckBox) -> None:
        """One record to keep per group; it is part of the merge by definition."""
        for keep, merge in zip(self.keep_boxes[g], self.merge_boxes[g], strict=True):
            if keep is not chosen:
                keep.setChecked(False)
                merge.setEnabled(True)
            else:
                merge.setChecked(True)
                merge.setEnabled(False)

    def merge(self) -> None:
        try:
            for g, group in enumerate(self.groups):
                ids = [p.id for p in group.people]
                keep = next((ids[i] for i, b in enumerate(self.keep_boxes[g]) if b.isChecked()),
                            None)
                drops = [ids[i] for i, b in enumerate(self.merge_boxes[g])
                         if b.isChecked() and ids[i] != keep]
                if keep is None or not drops:
                    continue
                pp.merge(self.db, keep, drops)
                self.merged += len(drops)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


def _centred(w: QWidget) -> QWidget:
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setAlignment(Qt.AlignmentFlag.AlignCenter)
    lay.addWidget(w)
    return box


# --------------------------------------------------------------------------- the tab


class EventsView(QWidget):
    """Events (of one site or all) on the left, the selected event's participants on the
    right, with the buttons for each."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.rows: list[ev.EventRow] = []
        self.site = QComboBox()
        self.site.setEditable(True)
        self.site.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.site.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.site.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
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
            self.events.item(r, 1).setToolTip(row.name)
            if row.status == "planned":
                for c in range(self.events.columnCount()):
                    self.events.item(r, c).setForeground(Qt.GlobalColor.darkGray)
        self.events.blockSignals(False)
        self._show_people()

    def current_event(self) -> int | None:
        return _key(self.events)  # type: ignore[return-value]

    def current_row(self) -> ev.EventRow | None:
        event_id = self.current_event()
        return next((r for r in self.rows if r.id == event_id), None)

    def select_event(self, event_id: int | None) -> None:
        for r in range(self.events.rowCount()):
            if self.events.item(r, 0).data(Qt.ItemDataRole.UserRole) == event_id:
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
        self.spravki_btn.setEnabled(has and row.status == "held" and self.people.rowCount() > 0)
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
        try:
            prepared = pimp.prepare_import(self.db, event_id, Path(path))
        except UserError as exc:
            QMessageBox.warning(self, "Импорт участников", str(exc))
            return 0
        dialog = ImportDialog(prepared, Path(path).name, self)
        self.last_import = dialog
        if not dialog.exec():
            return 0
        try:
            added = pimp.commit_import(self.db, prepared)
        except UserError as exc:
            QMessageBox.warning(self, "Импорт участников", f"{exc}\nНичего не импортировано.")
            return 0
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
