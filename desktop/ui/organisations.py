"""Organisations directory tab: table with search, card with validation, Excel import."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.services import organisations as orgs
from desktop.services.organisations import LABELS, OrgData, OrgImport, OrgRow
from desktop.storage import Database
from desktop.text import fold, plural
from desktop.ui.list_view import Column, ListModel, ListTab
from desktop.ui.site_card import STATUS_LABELS
from desktop.ui.tables import TableHabits
from desktop.ui.undo import SaveOrganisationCommand
from desktop.ui.widgets import UnsavedChangesGuard, fit_window


def _text(attr: str, header: str, width: int) -> Column[OrgRow]:
    return Column(header, width, lambda r: str(getattr(r, attr)))


COLUMNS = [_text("short_name", "Краткое наименование", 260),
           _text("full_name", "Полное наименование", 420), _text("org_type", "Тип", 120),
           _text("head_name", "Руководитель", 180), _text("phone", "Телефон", 130),
           _text("email", "Эл. почта", 180),
           Column("Площадок", 80, lambda r: str(r.sites), key=lambda r: r.sites)]


class OrganisationCard(UnsavedChangesGuard, QDialog):
    """Create or edit an organisation; lists its sites past and present."""

    def __init__(self, db: Database, org_id: int | None, undo: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.undo = db, undo
        self.original = orgs.get(db, org_id) if org_id else OrgData()
        self.setWindowTitle(self.original.short_name or "Новая организация")
        fit_window(self, "organisation_card", 860, 580)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key in orgs.FIELDS:
            edit = QLineEdit(getattr(self.original, key))
            edit.setObjectName(key)
            edit.setCursorPosition(0)  # a long name shows its beginning, not its end
            err = QLabel()
            err.setStyleSheet("color: #b3261e;")
            err.setWordWrap(True)
            err.hide()
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(1)
            lay.addWidget(edit)
            lay.addWidget(err)
            required = key in ("full_name", "short_name")
            form.addRow(LABELS[key] + (" *" if required else ""), box)
            self.edits[key], self.errors[key] = edit, err
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if org_id:
            sites = orgs.sites_of(db, org_id)
            layout.addWidget(QLabel(f"<b>Площадки организации</b> "
                                    f"({plural(len(sites), 'площадка', 'площадки', 'площадок')})"))
            table = QTableWidget(len(sites), 4)
            table.setHorizontalHeaderLabels(["№", "Вид", "Тема", "Статус"])
            table.verticalHeader().setVisible(False)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            for r, (number, kind, theme, status) in enumerate(sites):
                for c, v in enumerate((number, kind, theme, STATUS_LABELS.get(status, status))):
                    table.setItem(r, c, QTableWidgetItem(v))
            table.setColumnWidth(0, 100)
            table.setColumnWidth(1, 90)
            table.setColumnWidth(2, 400)
            table.horizontalHeader().setStretchLastSection(True)
            table.setWordWrap(False)
            layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Закрыть")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.mark_clean()

    def save(self) -> None:
        # every edit is a text field of OrgData
        typed: dict[str, Any] = {k: e.text() for k, e in self.edits.items()}
        data = dataclasses.replace(self.original, **typed)
        if data == self.original and data.id is not None:
            self.accept()
            return
        command = SaveOrganisationCommand(self.db, self.original if data.id else None, data)
        try:
            command.apply_new()
        except ValidationError as exc:
            for key, label in self.errors.items():
                label.setText(exc.errors.get(key, ""))
                label.setVisible(key in exc.errors)
            return
        except UserError as exc:
            QMessageBox.warning(self, "Организация", str(exc))
            return
        self.undo.push(command)
        self.accept()


class ImportPreview(QDialog):
    """What an import will add and what it rejects (with reasons); nothing written yet."""

    def __init__(self, prepared: OrgImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Импорт организаций из Excel")
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        ok, bad = prepared.accepted, prepared.table.rejected
        layout.addWidget(QLabel(
            f"Будет добавлено: <b>{plural(len(ok), 'организация', 'организации', 'организаций')}"
            f"</b>. Отклонено строк: <b>{len(bad)}</b> (они не импортируются)."))
        accepted = QTableWidget(len(ok), 3)
        accepted.setObjectName("accepted")
        accepted.setHorizontalHeaderLabels(["Краткое наименование", "Полное наименование",
                                            "Руководитель"])
        for r, d in enumerate(ok):
            for c, v in enumerate((d.short_name, d.full_name, d.head_name)):
                accepted.setItem(r, c, QTableWidgetItem(v))
        accepted.setColumnWidth(0, 220)
        accepted.setColumnWidth(1, 420)
        layout.addWidget(accepted, 2)
        layout.addWidget(QLabel("<b>Отклонённые строки</b>"))
        rejected = QTableWidget(len(bad), 2)
        rejected.setObjectName("rejected")
        rejected.setHorizontalHeaderLabels(["Строка", "Причина"])
        rejected.horizontalHeader().setStretchLastSection(True)
        for r, item in enumerate(bad):
            rejected.setItem(r, 0, QTableWidgetItem(str(item.row_no)))
            rejected.setItem(r, 1, QTableWidgetItem(item.reason))
        layout.addWidget(rejected, 1)
        self.rejected_table = rejected
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Импортировать")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(ok))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class OrganisationsView(ListTab):
    """The «Организации» tab; below the list, the sites of the selected organisation."""

    STATUS = "Организаций"
    STATE_KEY = "organisations"

    def __init__(self, db: Database, undo: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(ListModel(COLUMNS, lambda r: r.id),
                         "Поиск по наименованию или руководителю…", parent, stretch=False)
        self.db, self.undo = db, undo
        add = QPushButton("Добавить…")
        imp = QPushButton("Импорт из Excel…")
        add.clicked.connect(lambda: self.open_card(None))
        imp.clicked.connect(self.import_dialog)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.habits = TableHabits(  # several rows, Ctrl+C, menu, export, print
            self.table, "Организации",
            describe=lambda: [f"Поиск «{self.search.text().strip()}»"] if self.search.text().strip()
            else [],
            open_row=self.open_current)
        # Below the table, the sites of the selected organisation (past and present).
        self.sites_title = QLabel("Выберите организацию, чтобы увидеть её площадки.")
        self.sites = QTableWidget(0, 4)
        self.sites.setHorizontalHeaderLabels(["№", "Вид", "Тема", "Статус"])
        self.sites.verticalHeader().setVisible(False)
        self.sites.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.sites.setWordWrap(False)
        self.sites.verticalHeader().setDefaultSectionSize(24)
        self.sites.horizontalHeader().setStretchLastSection(True)
        for c, w in enumerate((100, 110, 700)):
            self.sites.setColumnWidth(c, w)
        panel = QWidget()
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(0, 4, 0, 0)
        panel_layout.addWidget(self.sites_title)
        panel_layout.addWidget(self.sites)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("organisations_splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.table.selectionModel().currentRowChanged.connect(self._show_sites)
        self.lay_out([add, imp], body=self.splitter)

    def load(self) -> list[OrgRow]:
        return orgs.list_rows(self.db)

    def visible_rows(self) -> list[OrgRow]:
        words = fold(self.search.text()).split()
        return [r for r in self.all_rows if all(w in r.key for w in words)]

    def show_rows(self) -> None:
        super().show_rows()
        self._show_sites(self.table.currentIndex())

    def show_count(self, shown: int) -> None:  # no count label: the status bar says it all
        searched = f" из {len(self.all_rows)}" if self.search.text().strip() else ""
        self.counts_changed.emit(f"Организаций: {shown}{searched}")

    def _show_sites(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        row = self.model.row_at(current.row()) if current.isValid() else None
        items = orgs.sites_of(self.db, row.id) if row else []
        self.sites_title.setText(
            f"<b>Площадки: {row.short_name}</b> "
            f"({plural(len(items), 'площадка', 'площадки', 'площадок')})" if row else
            "Выберите организацию, чтобы увидеть её площадки.")
        self.sites.setRowCount(len(items))
        for r, (number, kind, theme, status) in enumerate(items):
            for c, v in enumerate((number, kind, theme, STATUS_LABELS.get(status, status))):
                self.sites.setItem(r, c, QTableWidgetItem(v))

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("organisations/splitter", self.splitter.saveState())
        super().save_state(settings)

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("organisations/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        super().restore_state(settings)

    def open_current(self) -> None:
        org_id = self.current()
        if org_id is not None:
            self.open_card(org_id)

    def open_card(self, org_id: int | None) -> None:
        card = OrganisationCard(self.db, org_id, self.undo, self)
        if card.exec():
            self.refresh()

    def import_dialog(self, path: str | None = None) -> int:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Импорт организаций", "",
                                                  "Книги Excel (*.xlsx)")
            if not path:
                return 0
        from desktop.ui.progress import run_with_progress

        title = "Импорт организаций"
        prepared = run_with_progress(  # off the window thread, with «Отмена»
            self, title, f"Чтение и проверка «{Path(path).name}»…",
            lambda progress: orgs.prepare_import(self.db, Path(path), progress=progress))
        if prepared is None:
            return 0
        preview = ImportPreview(prepared, self)
        self.last_preview = preview
        if not preview.exec():
            return 0
        added = run_with_progress(
            self, title, "Запись организаций в базу…",
            lambda progress: orgs.commit_import(self.db, prepared, progress=progress),
            note="Ничего не импортировано.")
        if added is None:
            return 0
        self.refresh()
        return added
