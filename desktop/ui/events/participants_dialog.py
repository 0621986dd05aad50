"""A participant of an event, and the import of a registration sheet: read and checked off
the window thread (progress, «Отмена»), a preview, then written in one transaction off the
window thread («Отмена» writes nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.services import participant_import as pimp
from desktop.services import participants as pp
from desktop.services import sites as site_svc
from desktop.storage import Database
from desktop.text import number
from desktop.ui.events.common import _buttons, _error_label
from desktop.ui.progress import run_with_progress
from desktop.ui.widgets import fit_window, make_searchable


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
        make_searchable(self.org)
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
        self.internship_rows: list[tuple[str, QWidget]] = [
            ("Программа стажировки", self.programme), ("Часов", self.hours),
            ("Аттестация", self.attestation)]
        for label, extra in self.internship_rows:
            form.addRow(label, extra)
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


_ROOT = QModelIndex()


class RowsModel(QAbstractTableModel):
    """Read-only rows of texts for a preview: 10 000 rows cost nothing until shown (a
    QTableWidget made 50 000 items first, over a second on the window thread)."""

    def __init__(self, headers: list[str], rows: list[tuple[Any, ...]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers, self.rows = headers, rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(self.rows[index.row()][index.column()])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def _view(model: RowsModel, widths: tuple[int, ...]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                | Qt.AlignmentFlag.AlignVCenter)
    for c, w in enumerate(widths):
        view.setColumnWidth(c, w)
    return view


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
            + f"Будет добавлено участников: <b>{number(len(ok))}</b> (новых людей в базе: "
            + f"{number(new)}). Отклонено строк: <b>{number(len(bad))}</b> — они не "
              "импортируются; исправьте их в файле и загрузите снова.")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.accepted_rows = RowsModel(
            ["Строка", "ФИО", "Должность", "Организация", "В базе"],
            [(r.row_no, r.item.person.full_name, r.item.person.position, r.organisation,
              "уже есть" if r.known else "новый") for r in ok], self)
        self.accepted_table = _view(self.accepted_rows, (60, 260, 180, 220))
        self.rejected_rows = RowsModel(["Строка", "Причина"],
                                       [(r.row_no, r.reason) for r in bad], self)
        self.rejected_table = _view(self.rejected_rows, (60,))
        layout.addWidget(self.accepted_table, 3)
        layout.addWidget(QLabel("<b>Отклонённые строки</b> (вся причина — во всплывающей "
                                "подсказке)" if bad else "Отклонённых строк нет."))
        layout.addWidget(self.rejected_table, 2)
        self.rejected_table.setVisible(bool(bad))
        self.buttons = _buttons("Импортировать")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(ok))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


TITLE = "Импорт участников"


def import_participants(parent: Any, db: Database, event_id: int, path: str | Path) -> int:
    """Read and check the sheet, show the preview (kept in `parent.last_import`), write the
    accepted rows. Both steps run off the window thread behind a progress bar with
    «Отмена»; an error is one message. → participants added (0 when nothing was)."""
    path = Path(path)
    prepared = run_with_progress(
        parent, TITLE, f"Чтение и проверка «{path.name}»…",
        lambda progress: pimp.prepare_import(db, event_id, path, progress=progress))
    if prepared is None:
        return 0
    dialog = ImportDialog(prepared, path.name, parent)
    parent.last_import = dialog
    if not dialog.exec():
        return 0
    added = run_with_progress(
        parent, TITLE, f"Запись участников в базу ({number(len(prepared.rows))})…",
        lambda progress: pimp.commit_import(db, prepared, progress=progress),
        note="Ничего не импортировано.")
    return added or 0


# --------------------------------------------------------------------------- справки


