"""Organisations directory tab: table with search, card with validation, Excel import."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
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
from desktop.ui.site_card import STATUS_LABELS
from desktop.ui.tables import TableHabits
from desktop.ui.undo import SaveOrganisationCommand
from desktop.ui.widgets import UnsavedChangesGuard, fit_window

Index = QModelIndex | QPersistentModelIndex  # what Qt passes to a model's methods
COLUMNS = [("short_name", "Краткое наименование", 260), ("full_name", "Полное наименование", 420),
           ("org_type", "Тип", 120), ("head_name", "Руководитель", 180),
           ("phone", "Телефон", 130), ("email", "Эл. почта", 180), ("sites", "Площадок", 80)]


class OrgModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[OrgRow] = []

    def set_rows(self, rows: list[OrgRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(getattr(row, COLUMNS[index.column()][0]))
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][0]
        self.beginResetModel()
        self.rows.sort(key=lambda r: (fold(getattr(r, key)) if key != "sites" else r.sites),
                       reverse=order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()


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


class OrganisationsView(QWidget):
    """The «Организации» tab."""

    counts_changed = Signal(str)

    def __init__(self, db: Database, undo: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.undo = db, undo
        self._all: list[OrgRow] = []
        self.search = QLineEdit(placeholderText="Поиск по наименованию или руководителю…")
        self.search.setClearButtonEnabled(True)
        add = QPushButton("Добавить…")
        imp = QPushButton("Импорт из Excel…")
        add.clicked.connect(lambda: self.open_card(None))
        imp.clicked.connect(self.import_dialog)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(add)
        top.addWidget(imp)
        self.model = OrgModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        for i, (_, _, w) in enumerate(COLUMNS):
            self.table.setColumnWidth(i, w)
        self.table.doubleClicked.connect(
            lambda idx: self.open_card(self.model.data(idx, Qt.ItemDataRole.UserRole)))
        self.habits = TableHabits(  # several rows, Ctrl+C, menu, export, print
            self.table, "Организации",
            describe=lambda: [f"Поиск «{self.search.text().strip()}»"] if self.search.text().strip()
            else [],
            open_row=lambda: self.open_card(self.model.data(self.table.currentIndex(),
                                                            Qt.ItemDataRole.UserRole)))
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._timer.start)

    def refresh(self) -> None:
        self._all = orgs.list_rows(self.db)
        self.apply_filter()

    def apply_filter(self) -> None:
        words = fold(self.search.text()).split()
        rows = [r for r in self._all if all(w in r.key for w in words)] if words else self._all
        self.model.set_rows(list(rows))
        self._show_sites(self.table.currentIndex())
        self.counts_changed.emit(
            f"Организаций: {len(rows)}" + (f" из {len(self._all)}" if words else ""))

    def _show_sites(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        row = self.model.rows[current.row()] if current.isValid() else None
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
        settings.setValue("organisations/header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("organisations/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        header = settings.value("organisations/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

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
