"""Expertise you can follow: the list of an application's sheets (who has submitted, with
their totals and bands) and one expert's sheet, which names its expert and application,
shows values the profile's rules force as forced, and prints for signature."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.profiles import CriteriaSet
from desktop.services import applications as apps
from desktop.services.applications.common import ReviewLine
from desktop.storage import Database
from desktop.ui.forms import FormWidget
from desktop.ui.widgets import UnsavedChangesGuard, editor_state, error_label, fit_window, today
from desktop.workflow import score_sheet

FORCED_STYLE = "color: #8a5300;"


def application_title(db: Database, app_id: int) -> str:
    """«заявка № 2026-0003, Лицей № 5 — тема» (or «черновик № 7» before registration)."""
    row = next((r for r in apps.list_applications(db) if r.id == app_id), None)
    if row is None:
        return f"заявка № {app_id}"
    number = f"заявка № {row.reg_number}" if row.reg_number else f"заявка (черновик № {row.id})"
    return f"{number}, {row.organisation}" + (f" — «{row.theme}»" if row.theme else "")


def print_sheet(db: Database, review_id: int, parent: QWidget) -> QDialog | None:
    """Write the sheet as a PDF for signature and offer to open or print it."""
    from desktop.services.printouts import write_expert_sheet
    from desktop.ui.main_window import show_error
    from desktop.ui.print_preview import PdfReadyDialog

    path = Path(tempfile.mkdtemp(prefix="metodist-")) / f"Экспертный_лист_{review_id}.pdf"
    try:
        write_expert_sheet(db, review_id, path)
    except Exception as exc:  # a user error as it is, a bug logged by show_error's caller
        show_error(parent, "Экспертный лист", exc)
        return None
    dialog = PdfReadyDialog(path, "Экспертный лист", "Экспертный лист готов для подписи.",
                            parent)
    parent.pdf_dialog = dialog  # type: ignore[attr-defined]  # tests reach it here
    dialog.open()
    return dialog


class ReviewSheetDialog(UnsavedChangesGuard, QDialog):
    """One expert's sheet from the profile's criteria; total and band computed live."""

    unsaved_title = "Экспертный лист"

    def __init__(self, db: Database, review_id: int, app_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.review_id, self.app_id = db, review_id, app_id
        profile, kind = apps.kind_of(db, app_id)
        rules = kind.review
        self.crit = profile.criteria.get(rules.criteria) if rules and rules.criteria else None
        self.pass_fail = bool(rules and getattr(rules, "outcome", "score") == "pass_fail")
        self.expert = next((r[1] for r in apps.reviews_of(db, app_id) if r[0] == review_id), "")
        self.setWindowTitle(f"Экспертный лист — {self.expert}")
        fit_window(self, "review_sheet", 900, 680)
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>Эксперт:</b> {self.expert}<br><b>Заявка:</b> "
                      f"{application_title(db, app_id)}")
        head.setWordWrap(True)
        head.setObjectName("sheet_head")
        layout.addWidget(head)
        self.defects: dict[str, QCheckBox] = {}
        self.scores: dict[str, QSpinBox] = {}
        self.forced_notes: dict[str, QLabel] = {}
        self.typed: dict[str, int] = {}  # what the expert gave before a rule forced 0
        if self.crit:
            layout.addWidget(QLabel(f"Шкала: {self.crit.scale}"))
            layout.addWidget(self._criteria(db, self.crit), 1)
        elif not self.pass_fail:
            layout.addWidget(QLabel("Положение не задаёт балльных критериев: эксперт даёт "
                                    "заключение."))
        self.verdict = QComboBox()
        if self.pass_fail:
            self.verdict.addItem("— выберите —", None)
            self.verdict.addItem("положительное", True)
            self.verdict.addItem("отрицательное", False)
            row = QHBoxLayout()
            row.addWidget(QLabel("Заключение эксперта *"))
            row.addWidget(self.verdict, 1)
            layout.addLayout(row)
        self.total = QLabel()
        self.total.setWordWrap(True)
        layout.addWidget(self.total)
        self.conclusion = QPlainTextEdit()
        self.conclusion.setPlaceholderText("Заключение эксперта")
        self.conclusion.setFixedHeight(70)
        layout.addWidget(self.conclusion)
        self.form: FormWidget | None = None  # the profile's expert conclusion form, if any
        if rules and rules.form:
            self.form = FormWidget(profile.form(rules.form), profile)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(self.form)
            layout.addWidget(QLabel(f"<b>{profile.form(rules.form).title}</b>"))
            layout.addWidget(scroll, 1)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сдать лист")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Закрыть")
        self.print_button = buttons.addButton("Сдать и распечатать для подписи",
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(lambda: self.save(print_after=True))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self.update_total()
        self.mark_clean()

    def _criteria(self, db: Database, crit: CriteriaSet) -> QScrollArea:
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setColumnStretch(0, 1)
        row = 0
        grid.addWidget(QLabel("<b>Показатели формального соответствия (−1 балл каждый)</b>"),
                       row, 0, 1, 2)
        prefilled = apps.prefilled_defects(db, self.review_id)
        for d in crit.defects:
            row += 1
            box = QCheckBox()
            box.setChecked(bool(prefilled.get(d.code)))
            label = QLabel(d.text + (" <i>(отмечено по данным формы)</i>"
                                     if prefilled.get(d.code) else ""))
            label.setWordWrap(True)
            box.toggled.connect(self.update_total)
            grid.addWidget(label, row, 0)
            grid.addWidget(box, row, 1)
            self.defects[d.code] = box
        group = None
        for c in crit.criteria:
            if c.group != group:
                group = c.group
                row += 1
                grid.addWidget(QLabel(f"<b>{group}</b>"), row, 0, 1, 2)
            row += 1
            text = QLabel(f"{c.code}. {c.text}" + (f"<br><i>{c.note}</i>" if c.note else ""))
            text.setWordWrap(True)
            spin = QSpinBox()
            spin.setRange(0, c.max)
            spin.setObjectName(f"score_{c.code}")
            spin.valueChanged.connect(self.update_total)
            forced = QLabel()
            forced.setStyleSheet(FORCED_STYLE)
            forced.setWordWrap(True)
            forced.hide()
            cell = QVBoxLayout()
            cell.setContentsMargins(0, 0, 0, 0)
            cell.addWidget(text)
            cell.addWidget(forced)
            grid.addLayout(cell, row, 0)
            grid.addWidget(spin, row, 1, Qt.AlignmentFlag.AlignTop)
            self.scores[c.code] = spin
            self.forced_notes[c.code] = forced
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        return scroll

    def _apply_forced(self, crit: CriteriaSet) -> None:
        """A criterion the rules zero (Омск: 8 when 4 is 0) shows 0, disabled, with why."""
        for c in crit.criteria:
            spin = self.scores[c.code]
            rule = c.zero_when
            if rule is not None and self.scores[rule[0]].value() == rule[1]:
                if not spin.isEnabled():
                    continue  # zeroed already
                self.typed[c.code] = spin.value()
                spin.blockSignals(True)
                spin.setValue(0)
                spin.blockSignals(False)
                spin.setEnabled(False)
                note = self.forced_notes[c.code]
                note.setText(f"Оценка 0 по правилу положения: критерий {rule[0]} оценён "
                             f"в {rule[1]} балл(ов).")
                note.show()
            elif not spin.isEnabled():
                spin.setEnabled(True)
                spin.blockSignals(True)
                spin.setValue(self.typed.pop(c.code, 0))
                spin.blockSignals(False)
                self.forced_notes[c.code].hide()

    def update_total(self) -> None:
        crit = self.crit
        if not crit:
            return
        self._apply_forced(crit)
        result = score_sheet(crit, self.given(),
                             {k: b.isChecked() for k, b in self.defects.items()})
        self.total.setText(f"<b>Итого: {result.total} из {crit.max_total}. Уровень: "
                           f"{result.band}.</b> {result.band_description}.")
        self.sheet_result = result  # not `result`: that is QDialog.result()

    def given(self) -> dict[str, int]:
        """The expert's scores (a forced criterion: what was given before the rule zeroed
        it — the rule is applied again by the service, as on paper)."""
        return {k: self.typed.get(k, s.value()) for k, s in self.scores.items()}

    def snapshot(self) -> tuple:
        return editor_state([*self.scores.values(), *self.defects.values(), self.verdict,
                             self.conclusion]) + (repr(self.form.values()) if self.form
                                                  else "",)

    def save(self, print_after: bool = False) -> None:
        try:
            apps.save_sheet(self.db, self.review_id, self.given(),
                            {k: b.isChecked() for k, b in self.defects.items()},
                            self.conclusion.toPlainText(), today(),
                            form_data=self.form.values() if self.form else None,
                            **({"passed": self.verdict.currentData()} if self.pass_fail else {}))
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.mark_clean()
        if print_after:
            print_sheet(self.db, self.review_id, self.parentWidget() or self)
        self.accept()


class SheetsDialog(QDialog):
    """The application's sheets: each expert, submitted or awaited, total and band."""

    def __init__(self, db: Database, app_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.app_id = db, app_id
        self.setWindowTitle("Экспертные листы")
        fit_window(self, "sheets", 760, 380)
        self.head = QLabel(f"<b>{application_title(db, app_id)}</b>")
        self.head.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Эксперт", "Лист", "Баллы", "Уровень"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, w in enumerate((260, 120, 70)):
            self.table.setColumnWidth(c, w)
        self.open_button = QPushButton("Заполнить лист…")
        self.print_button = QPushButton("Печать для подписи…")
        close = QPushButton("Закрыть")
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.open_button.clicked.connect(self.open_sheet)
        self.print_button.clicked.connect(self._print_current)
        close.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.doubleClicked.connect(lambda _i: self.open_sheet())
        self.refresh()

    def refresh(self) -> None:
        self.rows = apps.reviews_of(self.db, self.app_id)
        self.table.setRowCount(len(self.rows))
        for r, (_rid, expert, total, band, submitted) in enumerate(self.rows):
            for c, text in enumerate((expert, "сдан" if submitted else "ожидается",
                                      "" if total is None or not submitted else str(total),
                                      band if submitted else "")):
                item = QTableWidgetItem(text)
                if c == 1:
                    item.setForeground(Qt.GlobalColor.darkGreen if submitted
                                       else Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        pending = next((i for i, r in enumerate(self.rows) if not r[4]), 0)
        if self.rows:
            self.table.selectRow(pending)
        self._enable()

    def current(self) -> ReviewLine | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def _print_current(self) -> None:
        row = self.current()
        if row is not None:
            print_sheet(self.db, row[0], self)

    def _enable(self) -> None:
        row = self.current()
        self.open_button.setEnabled(row is not None and not row[4])
        self.print_button.setEnabled(row is not None and row[4])

    def open_sheet(self) -> ReviewSheetDialog | None:
        row = self.current()
        if row is None or row[4]:
            return None
        sheet = ReviewSheetDialog(self.db, row[0], self.app_id, self)
        self.last_sheet = sheet
        sheet.exec()
        self.refresh()
        return sheet
