"""The last page of «Новая заявка»: the package checklist, the profile's rules and the
registration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop.errors import UserError
from desktop.services import applications as apps
from desktop.text import short_date
from desktop.ui.widgets import error_label, today
from desktop.validation import parse_date

if TYPE_CHECKING:
    from desktop.ui.wizard import ApplicationWizard


CHECK_NAMES = {"present": "есть", "missing": "нет", "invalid": "с ошибками"}


class ChecklistPage(QWizardPage):
    def __init__(self, wizard: ApplicationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Проверка пакета документов")
        self.setSubTitle("Заявка регистрируется только с полным пакетом. Недостающее можно "
                         "дополнить позже: черновик сохраняется сам.")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Документ", "Наличие", "Замечания"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 330)
        self.table.setColumnWidth(1, 90)
        self.table.verticalHeader().setVisible(False)
        self.rules = QLabel()
        self.rules.setWordWrap(True)
        self.number = QLineEdit(placeholderText="присваивается автоматически")
        self.reg_date = QLineEdit(short_date(today()))
        self.error = error_label()
        form = QFormLayout()
        self.override = QLineEdit(placeholderText="только если правило положения нарушено, "
                                                  "а пакет принимается")
        form.addRow("Регистрационный номер:", self.number)
        form.addRow("Дата регистрации:", self.reg_date)
        form.addRow("Основание принять вопреки правилу:", self.override)
        self.reg_date.textChanged.connect(self._check_rules)
        self.override.textChanged.connect(self._check_rules)
        note = QLabel("Дата регистрации — дата получения пакета: она ставится документам.")
        note.setStyleSheet("color: #555;")
        form.addRow(note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.rules)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.complete = False

    def initializePage(self) -> None:
        self.w.save(silent=True)
        if self.w.draft.id is None:
            return
        items = apps.checklist(self.w.db, self.w.draft.id)
        self.table.setRowCount(len(items))
        for r, item in enumerate(items):
            for c, text in enumerate((item.title, CHECK_NAMES[item.state],
                                      "; ".join(item.problems))):
                cell = QTableWidgetItem(text)
                if c == 1:
                    cell.setForeground(Qt.GlobalColor.darkGreen if item.state == "present"
                                       else Qt.GlobalColor.red)
                self.table.setItem(r, c, cell)
        self.package_complete = all(i.state == "present" for i in items if i.required)
        self._check_rules()

    def _check_rules(self) -> None:
        """The profile's rules against the typed received date (not today): a refusal
        blocks registration unless a reason to override it is given."""
        if self.w.draft.id is None:
            return
        try:
            day = parse_date(self.reg_date.text(), "Дата регистрации") or today()
        except UserError as exc:
            self.rules.setText(str(exc))
            self.complete = False
            self.completeChanged.emit()
            return
        notes = apps.rule_notes(self.w.db, self.w.draft.id, day)
        self.rules.setText("<br>".join(("⛔ " if n.blocking else "⚠ ") + n.message
                                       for n in notes))
        blocked = any(n.blocking for n in notes) and not self.override.text().strip()
        self.complete = getattr(self, "package_complete", False) and not blocked
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.complete

    def validatePage(self) -> bool:
        draft_id = self.w.draft.id or self.w.save()
        if draft_id is None:  # not saved: save() has said why
            return False
        try:
            day = parse_date(self.reg_date.text(), "Дата регистрации") or today()
            self.w.reg_number = apps.register(self.w.db, draft_id,
                                              number=self.number.text().strip(), day=day,
                                              override=self.override.text())
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        self.w.mark_saved()
        return True

    def editors(self) -> list[QWidget]:
        return [self.number, self.reg_date, self.override]
