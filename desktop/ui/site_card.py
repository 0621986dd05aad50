"""The site card: every field of a site with in-place validation, and its related lists.

Saving goes through an undo command (desktop.ui.undo) so Ctrl+Z in the main window
reverts the last card edit or deletion.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.profiles import all_profiles, get_profile
from desktop.services import sites
from desktop.services.events import STATUSES as EVENT_STATES
from desktop.services.sites import STATUSES, SiteData, SiteDetail
from desktop.services.versions import ConflictError
from desktop.storage import Database
from desktop.text import short_date
from desktop.ui.undo import SaveSiteCommand
from desktop.ui.widgets import UnsavedChangesGuard, editor_state, fit_window
from desktop.validation import parse_date

STATUS_LABELS = {"active": "действует", "completed": "завершена", "removed": "статус снят"}
ACTION_NAMES = {"create": "создание", "update": "изменение", "delete": "удаление",
                "restore": "восстановление"}


def _table(headers: list[str], rows: list[tuple], widths: list[int] | None = None) -> QWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                text = value.strftime("%d.%m.%Y %H:%M")
            elif isinstance(value, dt.date):
                text = short_date(value)
            elif isinstance(value, bool):
                text = "есть" if value else "нет"
            else:
                text = "" if value is None else str(value)
            table.setItem(r, c, QTableWidgetItem(text))
    for c, w in enumerate(widths or []):
        table.setColumnWidth(c, w)
    if not rows:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.addWidget(table)
        note = QLabel("Записей пока нет.")
        note.setStyleSheet("color: #666;")
        lay.addWidget(note)
        return box
    return table


_NAMES: dict[int, tuple[list, QStringListModel, list, dict]] = {}


def _names_model(items: list[tuple[int, str]]) -> tuple[QStringListModel, list, dict]:
    """The picker model of a list of (id, name), made once per list: an empty first row,
    the ids beside the rows and each id's row."""
    cached = _NAMES.get(id(items))
    if cached is None or cached[0] is not items:
        if len(_NAMES) > 4:  # the directory changed: older lists are not asked for again
            _NAMES.clear()
        ids = [None] + [ident for ident, _ in items]
        model = QStringListModel([""] + [name for _, name in items])
        cached = _NAMES[id(items)] = (items, model, ids, {i: n for n, i in enumerate(ids)})
    return cached[1], cached[2], cached[3]


class SiteCard(UnsavedChangesGuard, QDialog):
    """Create (site_id None) or edit a site. After accept(), `saved_id` holds its id.
    «Закрыть» with edits asks whether to save them."""

    unsaved_title = "Площадка"

    def __init__(self, db: Database, site_id: int | None, undo: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.undo = undo
        self.saved_id: int | None = None
        self.detail: SiteDetail | None = sites.get_detail(db, site_id) if site_id else None
        self.original = self.detail.data if self.detail else SiteData()
        title = (f"Площадка № {self.original.number} — {self.detail.organisation}"
                 if self.detail else "Новая площадка")
        self.setWindowTitle(title)
        fit_window(self, "site_card", 900, 640)
        self.orgs, self.people = sites.choices(db)

        self.number = QLineEdit()
        self.profile = QComboBox()
        for p in all_profiles():
            self.profile.addItem(f"{p.municipality} — {p.name.split(' — ')[-1]}", p.id)
        self.kind = QComboBox()
        self.organisation = self._picker(self.orgs)
        self.theme = QPlainTextEdit()
        self.theme.setFixedHeight(54)
        self.direction = QComboBox(editable=True)
        self.project = QLineEdit()
        self.term_start = QLineEdit(placeholderText="ДД.ММ.ГГГГ")
        self.term_end = QLineEdit(placeholderText="ДД.ММ.ГГГГ")
        self.leader = self._picker(self.people)
        self.coleader = self._picker(self.people)
        self.status = QComboBox()
        for code in STATUSES:
            self.status.addItem(STATUS_LABELS[code], code)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(54)
        self.errors: dict[str, QLabel] = {}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label, widget in (
            ("number", "Номер в реестре", self.number),
            ("profile_id", "Профиль (положение) *", self.profile),
            ("kind_code", "Вид площадки *", self.kind),
            ("organisation_id", "Организация *", self.organisation),
            ("theme", "Тема *", self.theme),
            ("direction", "Направление", self.direction),
            ("project_name", "Проект (программа)", self.project),
            ("term_start", "Начало срока *", self.term_start),
            ("term_end", "Окончание срока", self.term_end),
            ("leader_id", "Руководитель", self.leader),
            ("coleader_id", "Соруководитель", self.coleader),
            ("status", "Статус", self.status),
            ("notes", "Примечание", self.notes),
        ):
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(1)
            lay.addWidget(widget)
            err = QLabel()
            err.setObjectName(f"error_{key}")
            err.setStyleSheet("color: #b3261e;")
            err.setWordWrap(True)
            err.hide()
            lay.addWidget(err)
            self.errors[key] = err
            form.addRow(label, box)

        main = QWidget()
        # Spare height goes below the form, not between its rows (a tall row used to push
        # its label away from the field).
        main_layout = QVBoxLayout(main)
        main_layout.addLayout(form)
        main_layout.addStretch(1)
        self.tabs = QTabWidget()
        self.tabs.addTab(main, "Основное")
        if self.detail:
            d = self.detail
            # The related lists are built when their tab is first opened: building seven
            # tables up front was most of the card's opening time.
            self._lazy: dict[int, Callable[[], QWidget]] = {}
            for title, build in (
                ("Партнёры сети", lambda: _table(["Организация-партнёр", "Функции"],
                                                 d.partners, [300])),
                ("Документы", lambda: _table(["Документ", "Представлен", "Получен", "Файл"],
                                             d.documents, [380, 90, 90])),
                ("История", lambda: _table(["Дата", "Событие", "Основание", "Примечание"],
                                           d.history, [90, 170, 300])),
                ("Сроки и отчёты", lambda: _table(["Срок", "Что", "Выполнено", "Отметка"],
                                                  d.deadlines, [90, 440, 90])),
                ("Мероприятия", lambda: _table(
                    ["Дата", "Мероприятие", "Форма", "Состояние", "Участников"],
                    [(day, name, form, EVENT_STATES.get(state, state), n)
                     for day, name, form, state, n in d.events], [90, 330, 110, 90])),
                ("Журнал изменений", lambda: _table(
                    ["Когда", "Кто", "Действие", "Что"],
                    [(a, u, ACTION_NAMES.get(x, x), t) for a, u, x, t in d.audit],
                    [130, 100, 110])),
            ):
                self._lazy[self.tabs.addTab(QWidget(), title)] = build
            self.tabs.currentChanged.connect(self._build_tab)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Закрыть")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        if self.detail and self.original.status == "active":
            status_btn = buttons.addButton("Продление / снятие статуса…",
                                           QDialogButtonBox.ButtonRole.ActionRole)
            status_btn.clicked.connect(self.change_status)
        layout = QVBoxLayout(self)
        # shown after «Загрузить заново»: the card now holds another user's changes too
        self.notice = QLabel(wordWrap=True)
        self.notice.setStyleSheet("background: #fff4ce; padding: 6px;")
        self.notice.hide()
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

        self.profile.currentIndexChanged.connect(self._profile_changed)
        self._load(self.original)
        for combo in (self.organisation, self.leader, self.coleader):
            self._complete(combo)
        self.mark_clean()

    def snapshot(self) -> tuple:
        """The card's fields as they would be saved (the related lists are read-only)."""
        return editor_state([self.number, self.profile, self.kind, self.organisation,
                             self.theme, self.direction, self.project, self.term_start,
                             self.term_end, self.leader, self.coleader, self.status, self.notes])

    def change_status(self) -> None:
        assert self.original.id is not None  # the button is offered on a saved site only
        from desktop.ui.site_status import SiteStatusDialog

        dialog = SiteStatusDialog(self.db, self.original.id, self)
        self.last_status_dialog = dialog
        if dialog.exec():
            self.saved_id = self.original.id
            self.accept()

    def _build_tab(self, index: int) -> None:
        build = self._lazy.pop(index, None)
        if build is not None:
            title = self.tabs.tabText(index)
            self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, build(), title)
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)

    def _picker(self, items: list[tuple[int, str]]) -> QComboBox:
        """An editable combo over thousands of names, on a model shared by every card while
        the directory is unchanged (`sites.choices` returns the same list): filling each
        card's combos cost 0.4 s and the ids' index 0.3 s at 100 000 sites."""
        combo = QComboBox(editable=True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Sizing to contents measures every item's text: thousands of names made the card slow.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(30)
        model, ids, index_of = _names_model(items)
        combo.setModel(model)
        combo.ids = ids  # type: ignore[attr-defined]
        combo.index_of = index_of  # type: ignore[attr-defined]
        # Choosing item N with a completer attached walks N rows (30 ms at 100 000 sites):
        # the completer comes after the card's value is chosen (`_complete`).
        combo.setCompleter(None)  # type: ignore[arg-type]  # None: no completer (Qt's docs)
        return combo

    @staticmethod
    def _complete(combo: QComboBox) -> None:
        """Typing in a picker offers every name containing what is typed, in any case."""
        completer = QCompleter(combo.model(), combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setCompleter(completer)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index_of = getattr(combo, "index_of", None)
        i = index_of.get(value, 0) if index_of is not None else combo.findData(value)
        combo.setCurrentIndex(max(i, 0))

    def _profile_changed(self) -> None:
        pid = self.profile.currentData()
        kind = self.kind.currentData()
        self.kind.clear()
        self.direction.clear()
        if not pid:
            return
        profile = get_profile(pid)
        for k in profile.kinds:
            self.kind.addItem(f"{k.code} — {k.name}", k.code)
        self.direction.addItem("")
        self.direction.addItems(list(profile.directions))
        self._select(self.kind, kind)

    def _load(self, d: SiteData) -> None:
        self.number.setText(d.number)
        self._select(self.profile, d.profile_id or None)
        self._profile_changed()
        self._select(self.kind, d.kind_code)
        self._select(self.organisation, d.organisation_id)
        self.theme.setPlainText(d.theme)
        self.direction.setCurrentText(d.direction)
        self.project.setText(d.project_name)
        self.term_start.setText(short_date(d.term_start))
        self.term_end.setText(short_date(d.term_end))
        self._select(self.leader, d.leader_id)
        self._select(self.coleader, d.coleader_id)
        self._select(self.status, d.status)
        self.notes.setPlainText(d.notes)

    def _picked(self, combo: QComboBox) -> int | None:
        """The id of the picked item; text typed but not matching any item is None."""
        i = combo.findText(combo.currentText(), Qt.MatchFlag.MatchExactly)
        if i < 0:
            return None
        ids = getattr(combo, "ids", None)
        return ids[i] if ids is not None else combo.itemData(i)

    def collect(self) -> tuple[SiteData, dict[str, str]]:
        errors: dict[str, str] = {}
        dates = {}
        for key, edit, label in (("term_start", self.term_start, "Начало срока"),
                                 ("term_end", self.term_end, "Окончание срока")):
            try:
                dates[key] = parse_date(edit.text(), label)
            except UserError as exc:
                errors[key] = str(exc)
                dates[key] = None
        data = dataclasses.replace(
            self.original, number=self.number.text().strip(),
            profile_id=self.profile.currentData() or "", kind_code=self.kind.currentData() or "",
            organisation_id=self._picked(self.organisation),
            theme=self.theme.toPlainText().strip(), direction=self.direction.currentText().strip(),
            project_name=self.project.text().strip(), term_start=dates["term_start"],
            term_end=dates["term_end"], leader_id=self._picked(self.leader),
            coleader_id=self._picked(self.coleader), status=self.status.currentData(),
            notes=self.notes.toPlainText().strip(),
        )
        if self.organisation.currentText().strip() and data.organisation_id is None:
            errors["organisation_id"] = "Такой организации нет в справочнике: выберите из списка."
        return data, errors

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        if errors:
            self.tabs.setCurrentIndex(0)

    def save(self) -> None:
        data, errors = self.collect()
        if errors:
            self.show_errors(errors)
            return
        if data.id is not None and not data.changes(self.original):
            self.accept()
            return
        command = SaveSiteCommand(self.db, self.original if data.id else None, data)
        try:
            command.apply_new()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except ConflictError as exc:
            self.conflict(data, str(exc))
            return
        except UserError as exc:
            QMessageBox.warning(self, "Площадка", str(exc))
            return
        self.undo.push(command)
        self.saved_id = command.site_id
        self.accept()

    def conflict(self, mine: SiteData, message: str) -> None:
        """The site changed since the card opened (see `desktop.ui.site_conflict`)."""
        from desktop.ui.site_conflict import resolve_conflict

        resolve_conflict(self, mine, message)
