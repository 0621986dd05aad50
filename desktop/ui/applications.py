"""The «Заявки» tab: applications by state, and the review sheet and council dialogs."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services import applications as apps
from desktop.storage import Database
from desktop.text import short_date
from desktop.validation import parse_date
from desktop.workflow import score_sheet


def _error() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b3261e;")
    label.setWordWrap(True)
    return label


class ReviewSheetDialog(QDialog):
    """An expert's sheet from the profile's criteria; total and band computed live."""

    def __init__(self, db: Database, review_id: int, app_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.review_id = db, review_id
        profile, kind = apps.kind_of(db, app_id)
        self.crit = profile.criteria.get(kind.review.criteria) if kind.review.criteria else None
        self.setWindowTitle("Экспертный лист")
        self.resize(900, 760)
        layout = QVBoxLayout(self)
        self.defects: dict[str, QCheckBox] = {}
        self.scores: dict[str, QSpinBox] = {}
        if self.crit:
            inner = QWidget()
            grid = QGridLayout(inner)
            grid.setColumnStretch(1, 1)
            row = 0
            grid.addWidget(QLabel("<b>Показатели формального соответствия (−1 балл каждый)</b>"),
                           row, 0, 1, 3)
            prefilled = apps.prefilled_defects(db, review_id)
            for d in self.crit.defects:
                row += 1
                box = QCheckBox()
                box.setChecked(bool(prefilled.get(d.code)))
                label = QLabel(d.text + (" <i>(отмечено по данным формы)</i>"
                                         if prefilled.get(d.code) else ""))
                label.setWordWrap(True)
                box.toggled.connect(self.update_total)
                grid.addWidget(label, row, 0, 1, 2)
                grid.addWidget(box, row, 2)
                self.defects[d.code] = box
            group = None
            for c in self.crit.criteria:
                if c.group != group:
                    group = c.group
                    row += 1
                    grid.addWidget(QLabel(f"<b>{group}</b>"), row, 0, 1, 3)
                row += 1
                text = QLabel(f"{c.code}. {c.text}" + (f"<br><i>{c.note}</i>" if c.note else ""))
                text.setWordWrap(True)
                spin = QSpinBox()
                spin.setRange(0, c.max)
                spin.valueChanged.connect(self.update_total)
                grid.addWidget(text, row, 0, 1, 2)
                grid.addWidget(spin, row, 2)
                self.scores[c.code] = spin
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(inner)
            layout.addWidget(QLabel(f"Шкала: {self.crit.scale}"))
            layout.addWidget(scroll, 1)
        else:
            layout.addWidget(QLabel("Положение не задаёт балльных критериев: эксперт даёт "
                                    "заключение."))
        self.total = QLabel()
        self.total.setWordWrap(True)
        layout.addWidget(self.total)
        self.conclusion = QPlainTextEdit()
        self.conclusion.setPlaceholderText("Заключение эксперта")
        self.conclusion.setFixedHeight(80)
        layout.addWidget(self.conclusion)
        self.error = _error()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить лист")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self.update_total()

    def update_total(self) -> None:
        if not self.crit:
            return
        result = score_sheet(self.crit, {k: s.value() for k, s in self.scores.items()},
                             {k: b.isChecked() for k, b in self.defects.items()})
        forced = (f" Критерий {', '.join(result.forced_zero)} обнулён по правилу положения."
                  if result.forced_zero else "")
        self.total.setText(f"<b>Итого: {result.total} из {self.crit.max_total}. Уровень: "
                           f"{result.band}.</b> {result.band_description}.{forced}")
        self.result = result

    def save(self) -> None:
        try:
            apps.save_sheet(self.db, self.review_id,
                            {k: s.value() for k, s in self.scores.items()},
                            {k: b.isChecked() for k, b in self.defects.items()},
                            self.conclusion.toPlainText())
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class CouncilDialog(QDialog):
    """The council's meeting and decision, then the order that assigns the status."""

    def __init__(self, db: Database, app_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.app_id = db, app_id
        profile, self.kind = apps.kind_of(db, app_id)
        self.profile = profile
        self.setWindowTitle(f"Решение: {profile.council}")
        self.resize(700, 420)
        self.date = QLineEdit(short_date(dt.date.today()))
        self.protocol = QLineEdit()
        self.outcome = QComboBox()
        for code, label in (("assign", "присвоить статус"), ("refuse", "отказать"),
                            ("revise", "вернуть на доработку")):
            self.outcome.addItem(label, code)
        self.ground = QComboBox()
        for g in self.kind.refusal_grounds:
            self.ground.addItem(g.text[:110], g.code)
        self.order_number = QLineEdit()
        self.order_date = QLineEdit(short_date(dt.date.today()))
        self.term_start = QLineEdit(placeholderText="по умолчанию — дата приказа")
        self.error = _error()
        form = QFormLayout(self)
        form.addRow("Дата заседания *", self.date)
        form.addRow("Протокол №", self.protocol)
        form.addRow("Решение", self.outcome)
        form.addRow("Основание отказа", self.ground)
        form.addRow(QLabel(f"<b>Приказ</b> ({self.kind.confirmed_by or profile.operator})"))
        form.addRow("Номер приказа", self.order_number)
        form.addRow("Дата приказа", self.order_date)
        form.addRow("Начало срока статуса", self.term_start)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Провести")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form.addRow(buttons)
        self.outcome.currentIndexChanged.connect(self._outcome)
        self._outcome()
        self.site_id: int | None = None

    def _outcome(self) -> None:
        assign = self.outcome.currentData() == "assign"
        self.ground.setEnabled(self.outcome.currentData() == "refuse")
        for w in (self.order_number, self.order_date, self.term_start):
            w.setEnabled(assign)

    def save(self) -> None:
        try:
            day = parse_date(self.date.text(), "Дата заседания")
            if day is None:
                raise UserError("Укажите дату заседания.")
            meeting = apps.create_meeting(self.db, self.profile.id, day, self.protocol.text())
            state = next(r.state for r in apps.list_applications(self.db) if r.id == self.app_id)
            if state != "council":
                apps.put_on_agenda(self.db, meeting, [self.app_id])
            outcome = self.outcome.currentData()
            apps.decide(self.db, meeting, self.app_id, outcome,
                        self.ground.currentData() or "" if outcome == "refuse" else "")
            if outcome == "assign" and self.order_number.text().strip():
                order_day = parse_date(self.order_date.text(), "Дата приказа") or day
                start = parse_date(self.term_start.text(), "Начало срока")
                self.site_id = apps.issue_order(self.db, self.app_id, self.order_number.text(),
                                                order_day, term_start=start)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


# The list of applications lives in desktop.ui.applications_list (kept importable here).
from desktop.ui.applications_list import ApplicationsView  # noqa: E402, F401
