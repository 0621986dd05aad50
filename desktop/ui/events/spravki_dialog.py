"""Справки for an event: declined names, signer, folder, register numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services import spravki
from desktop.storage import Database
from desktop.text import short_date
from desktop.ui.events.common import (
    GENDERS,
    _buttons,
    _date_edit,
    _error_label,
)
from desktop.ui.widgets import fit_window
from desktop.validation import parse_date


class SpravkiDialog(QDialog):
    """Who gets a справка, and the declined names, editable before printing."""

    COLS = ("", "ФИО", "Кому (дательный падеж)", "Пол", "№ справки")

    def __init__(self, db: Database, event_id: int, parent: QWidget | None = None,
                 person_ids: list[int] | None = None) -> None:
        super().__init__(parent)
        self.db, self.event_id = db, event_id
        # where the chosen folder is remembered: the main window's settings unless set here
        self.settings: QSettings | None = None
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
        from desktop.ui.handover import choose_folder, confirm_details

        if signer == "centre" and not confirm_details(
                self, self.db, "Справки",
                lambda: spravki.issuer_warning(self.db, self.event_id, signer)):
            return None
        self._show_issuer_warning()
        parent = self.parentWidget()
        settings = self.settings or (getattr(parent.window(), "settings", None)
                                     if parent is not None else None)
        folder = choose_folder(self, settings or QSettings("metodist", "metodist"), "spravki",
                               "Папка для справок")
        if folder is None:
            return None
        return folder if self.each.isChecked() else folder / spravki.batch_file_name(
            self.db, self.event_id)

    def chosen(self) -> list[int]:
        return [item.person_id for r, item in enumerate(self.items)
                if (box := self.table.item(r, 0)) is not None
                and box.checkState() == Qt.CheckState.Checked]

    def save(self, target: Path | None = None) -> None:
        ids = self.chosen()
        if not ids:
            self.error.setText("Отметьте, кому выдать справки.")
            return
        try:
            day = parse_date(self.date.text(), "Дата справок")
            for r, item in enumerate(self.items):
                cell = self.table.item(r, 2)
                text = cell.text().strip() if cell is not None else ""
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


