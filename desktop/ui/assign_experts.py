"""«Назначить экспертов»: the directory's experts with search, each one's organisation and
subject area, a conflict of interest shown beside the expert it concerns; assigning an
expert in conflict needs a written reason (kept in history and the audit log)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services import applications as apps
from desktop.services import people
from desktop.services.applications.common import assigned_expert_ids
from desktop.services.applications.review import expert_conflicts
from desktop.storage import Database
from desktop.text import fold
from desktop.ui.widgets import SearchField, button_row, error_label, fit_window

CONFLICT_COLOUR = "#f4c7c3"
HEADERS = ["", "Эксперт", "Организация", "Предметная область", "Конфликт интересов"]


class AssignExpertsDialog(QDialog):
    """Tick experts and press «Назначить»; `assigned` holds the new review ids."""

    def __init__(self, db: Database, app_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.app_id = db, app_id
        self.assigned: list[int] = []
        row = next((r for r in apps.list_applications(db) if r.id == app_id), None)
        what = (f"Заявка № {row.reg_number} — {row.organisation}" if row and row.reg_number
                else f"Заявка {row.organisation}" if row else f"Заявка {app_id}")
        self.setWindowTitle(f"Назначить экспертов: {what}")
        fit_window(self, "assign_experts", 980, 560)
        heading = QLabel(f"<b>{what}</b>" + (f"<br>{row.kind}: {row.theme}" if row else ""))
        heading.setWordWrap(True)
        self.search = SearchField("Поиск эксперта: фамилия, организация, предмет…")
        self.search.search.connect(lambda _t: self._filter())
        self.new_btn = QPushButton("Новый эксперт…")
        self.new_btn.clicked.connect(lambda: self.new_expert())
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, w in enumerate((30, 220, 160, 160)):
            self.table.setColumnWidth(c, w)
        self.table.itemChanged.connect(lambda _i: self._update())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("почему эксперт назначается несмотря на конфликт интересов")
        self.reason_label = QLabel("Основание:")
        self.empty = QLabel("В справочнике нет экспертов. Добавьте эксперта кнопкой «Новый "
                            "эксперт…» или отметьте роль «эксперт» на вкладке «Люди».")
        self.empty.setWordWrap(True)
        self.error = error_label()
        self.buttons = button_row("Назначить")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_btn)
        reason = QHBoxLayout()
        reason.addWidget(self.reason_label)
        reason.addWidget(self.reason, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.load()

    def load(self, check: set[int] = frozenset()) -> None:  # type: ignore[assignment]
        checked = self.checked() | set(check)
        experts = people.list_people(self.db, experts=True)
        self.conflicts = expert_conflicts(self.db, self.app_id, [p.id for p in experts])
        done = assigned_expert_ids(self.db, self.app_id)
        self.table.blockSignals(True)
        self.table.setRowCount(len(experts))
        for i, p in enumerate(experts):
            box = QTableWidgetItem()
            box.setData(Qt.ItemDataRole.UserRole, p.id)
            flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
            if p.id not in done:
                flags |= Qt.ItemFlag.ItemIsEnabled
            box.setFlags(flags)
            box.setCheckState(Qt.CheckState.Checked if p.id in checked or p.id in done
                              else Qt.CheckState.Unchecked)
            conflict = self.conflicts.get(p.id, "")
            note = "уже назначен" if p.id in done else conflict.removeprefix(
                "Конфликт интересов: ")
            cells = [box, *(QTableWidgetItem(t) for t in (p.full_name, p.organisation,
                                                          p.subject_area, note))]
            for c, item in enumerate(cells):
                if conflict and p.id not in done:
                    item.setBackground(QBrush(QColor(CONFLICT_COLOUR)))
                    item.setToolTip(conflict)
                self.table.setItem(i, c, item)
            cells[1].setData(Qt.ItemDataRole.UserRole, p.key)
        self.table.blockSignals(False)
        self.empty.setVisible(not experts)
        self._filter()
        self._update()

    def checked(self) -> set[int]:
        out = set()
        for i in range(self.table.rowCount()):
            item = self.table.item(i, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked and \
                    item.flags() & Qt.ItemFlag.ItemIsEnabled:
                out.add(item.data(Qt.ItemDataRole.UserRole))
        return out

    def _filter(self) -> None:
        needle = fold(self.search.text().strip())
        for i in range(self.table.rowCount()):
            item = self.table.item(i, 1)
            key = (item.data(Qt.ItemDataRole.UserRole) if item is not None else None) or ""
            self.table.setRowHidden(i, bool(needle) and needle not in key)

    def _update(self) -> None:
        in_conflict = [self.conflicts[i] for i in self.checked() if i in self.conflicts]
        for w in (self.reason, self.reason_label):
            w.setEnabled(bool(in_conflict))
        self.error.setText(" ".join(in_conflict) + (
            " Укажите основание, чтобы назначить вопреки конфликту." if in_conflict else ""))

    def new_expert(self) -> int | None:
        from desktop.ui.people import PersonDialog

        dialog = PersonDialog(self.db, None, self, expert=True)
        self.last_dialog = dialog
        if not dialog.exec() or dialog.saved_id is None:
            return None
        self.load(check={dialog.saved_id})
        return dialog.saved_id

    def save(self) -> None:
        try:
            self.assigned = apps.assign_experts(self.db, self.app_id, sorted(self.checked()),
                                                override=self.reason.text().strip())
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
