"""The council's decision you can follow: each expert's total and band, the mean and its
band, and what the profile's rules say about each decision (allowed, a warning, or refused
with the regulation's words) before the decision and the order are recorded."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services import applications as apps
from desktop.storage import Database
from desktop.text import short_date
from desktop.ui.review_sheet import application_title
from desktop.ui.widgets import (
    UnsavedChangesGuard,
    button_row,
    editor_state,
    error_label,
    fit_window,
    today,
)
from desktop.validation import parse_date
from desktop.workflow.rules import OUTCOME_NAMES

# words, not ⛔/⚠: not every office font has those glyphs
VERDICT_MARK = {"refuse": "нельзя без основания —", "warn": "внимание:", "info": ""}


def _mean(value: float | None) -> str:
    return "—" if value is None else f"{value:g}".replace(".", ",")


class CouncilDialog(UnsavedChangesGuard, QDialog):
    """The meeting and decision, then the order that assigns the status."""

    unsaved_title = "Решение"

    def __init__(self, db: Database, app_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.app_id = db, app_id
        profile, self.kind = apps.kind_of(db, app_id)
        self.profile = profile
        self.summary = apps.council_summary(db, app_id)
        self.setWindowTitle(f"Решение: {self.summary.actor or profile.council}")
        fit_window(self, "council", 760, 640)
        self.site_id: int | None = None

        head = QLabel(f"<b>{application_title(db, app_id)}</b>")
        head.setWordWrap(True)
        self.sheets = QTableWidget(len(self.summary.sheets), 4)
        self.sheets.setHorizontalHeaderLabels(["Эксперт", "Лист", "Баллы", "Уровень"])
        self.sheets.verticalHeader().setVisible(False)
        self.sheets.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sheets.horizontalHeader().setStretchLastSection(True)
        for c, w in enumerate((230, 110, 50)):
            self.sheets.setColumnWidth(c, w)
        for r, line in enumerate(self.summary.sheets):
            verdict = ("" if line.passed is None
                       else " (положительное)" if line.passed else " (отрицательное)")
            for c, text in enumerate((line.expert,
                                      f"сдан {short_date(line.submitted_on)}{verdict}"
                                      if line.submitted_on else "не сдан",
                                      "" if line.total is None else str(line.total),
                                      line.band)):
                self.sheets.setItem(r, c, QTableWidgetItem(text))
        self.sheets.setFixedHeight(min(60 + 30 * len(self.summary.sheets), 180))
        self.mean = QLabel(f"<b>Средний балл: {_mean(self.summary.mean)}</b>"
                           + (f" — {self.summary.mean_band}" if self.summary.mean_band else ""))
        self.mean.setObjectName("mean")
        self.rules = QLabel()
        self.rules.setWordWrap(True)
        self.rules.setObjectName("verdicts")

        self.date = QLineEdit(short_date(today()))
        self.protocol = QLineEdit()
        self.outcome = QComboBox()
        for code in (self.summary.verdicts or {o: None for o in OUTCOME_NAMES}):
            self.outcome.addItem(OUTCOME_NAMES.get(code, code), code)
        self.ground = QComboBox()
        for combo in (self.outcome, self.ground):  # long grounds must not widen the dialog
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(24)
        for g in self.kind.refusal_grounds:
            self.ground.addItem(g.text[:110], g.code)
            self.ground.setItemData(self.ground.count() - 1, g.text, 3)  # tooltip role
        self.override = QLineEdit(placeholderText="только если правило положения нарушено, "
                                                  "а решение принимается")
        self.order_number = QLineEdit()
        self.order_date = QLineEdit(short_date(today()))
        self.term_start = QLineEdit(placeholderText="по умолчанию — дата приказа")
        self.error = error_label()

        inner = QWidget()
        form = QFormLayout(inner)
        form.addRow(head)
        form.addRow(QLabel("<b>Экспертиза</b>"))
        form.addRow(self.sheets)
        form.addRow(self.mean)
        form.addRow(QLabel(f"<b>Заседание</b> ({self.summary.stage or profile.council})"))
        form.addRow("Дата заседания *", self.date)
        form.addRow("Протокол №", self.protocol)
        form.addRow("Решение", self.outcome)
        form.addRow(self.rules)
        form.addRow("Основание отказа", self.ground)
        form.addRow("Принять вопреки правилу", self.override)
        issuer = getattr(self.kind, "order_issuer", "") or profile.operator
        form.addRow(QLabel(f"<b>Приказ</b> ({issuer})"))
        form.addRow("Номер приказа", self.order_number)
        form.addRow("Дата приказа", self.order_date)
        form.addRow("Начало срока статуса", self.term_start)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        self.buttons = button_row("Провести")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.outcome.currentIndexChanged.connect(self._outcome)
        self._outcome()
        self.mark_clean()

    def verdict_text(self, outcome: str) -> str:
        """What the rules say about one decision, in the regulation's words."""
        verdict = (self.summary.verdicts or {}).get(outcome)
        if verdict is None:
            return "✓ правила положения это решение допускают"
        return f"{VERDICT_MARK.get(verdict.level, '')} {verdict.message}"

    def _outcome(self) -> None:
        code = self.outcome.currentData()
        lines = [f"{'<b>' if o == code else ''}{OUTCOME_NAMES.get(o, o)}: "
                 f"{self.verdict_text(o)}{'</b>' if o == code else ''}"
                 for o in (self.summary.verdicts or {})]
        self.rules.setText("<br>".join(lines))
        verdict = (self.summary.verdicts or {}).get(code)
        self.override.setEnabled(bool(verdict and verdict.blocking))
        assign = code == "assign"
        self.ground.setEnabled(code == "refuse")
        for w in (self.order_number, self.order_date, self.term_start):
            w.setEnabled(assign)

    def snapshot(self) -> tuple:
        return editor_state([self.date, self.protocol, self.outcome, self.ground, self.override,
                             self.order_number, self.order_date, self.term_start])

    def save(self) -> None:
        try:
            day = parse_date(self.date.text(), "Дата заседания")
            if day is None:
                raise UserError("Укажите дату заседания.")
            state = next(r.state for r in apps.list_applications(self.db) if r.id == self.app_id)
            outcome = self.outcome.currentData()
            override = self.override.text().strip()
            # Decided before (the order failed, e.g. no project end): only the order is left.
            if not (state == "approved" and outcome == "assign"):
                apps.decide_application(
                    self.db, self.app_id, outcome, day=day, protocol=self.protocol.text(),
                    ground=self.ground.currentData() or "" if outcome == "refuse" else "",
                    override=override)
            if outcome == "assign" and self.order_number.text().strip():
                order_day = parse_date(self.order_date.text(), "Дата приказа") or day
                start = parse_date(self.term_start.text(), "Начало срока")
                self.site_id = apps.issue_order(self.db, self.app_id, self.order_number.text(),
                                                order_day, term_start=start, override=override)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.mark_clean()
        self.accept()
