"""Merging records that are probably the same person."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services import participant_merge as pm
from desktop.storage import Database
from desktop.text import number
from desktop.ui.events.common import (
    _buttons,
    _centred,
    _error_label,
    _table,
)
from desktop.ui.widgets import fit_window


class MergeDialog(QDialog):
    """Likely duplicates of people. In each group the ticked records are merged into the one
    chosen to keep (by default the one at the most events); a namesake from another
    organisation is not ticked until the user says so."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Объединение дубликатов участников")
        fit_window(self, "merge", 900, 540)
        self.groups = pm.duplicates(db)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Групп возможных дубликатов: <b>{number(len(self.groups))}</b>. Это записи "
            "с одинаковым ФИО (без учёта регистра и «ё») или с различием в одну букву — из одной "
            "организации или без организации. Отмеченные записи объединяются с той, что выбрана "
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
                keep.toggled.connect(lambda on, g=g, k=keep: self._keep(g, k) if on else None)
                keeps.append(keep)
                merges.append(merge)
                self.table.setCellWidget(r, 0, _centred(keep))
                self.table.setCellWidget(r, 1, _centred(merge))
                for c, v in enumerate((p.name, p.organisation or "— без организации —",
                                       p.position, number(p.events)), start=2):
                    item = QTableWidgetItem(v)
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
                pm.merge(self.db, keep, drops)
                self.merged += len(drops)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


