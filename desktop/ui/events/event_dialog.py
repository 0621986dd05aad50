"""The event card: title, date, form, site; planned → held."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.services import events as ev
from desktop.storage import Database
from desktop.ui.events.common import (
    _buttons,
    _date_edit,
    _error_label,
)
from desktop.ui.widgets import UnsavedChangesGuard, fit_window, make_searchable
from desktop.validation import parse_date


class EventDialog(UnsavedChangesGuard, QDialog):
    """Create or edit an event; each field's message under the form, the dialog stays open."""

    def __init__(self, db: Database, data: ev.EventData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.data = db, data
        self.saved_id: int | None = None
        self.setWindowTitle("Мероприятие" if data.id else "Новое мероприятие")
        fit_window(self, "event", 640, 560)
        self.choices = ev.site_choices(db)
        self.site = QComboBox()
        make_searchable(self.site)
        for c in self.choices:
            self.site.addItem(c.label, c.id)
        self.site.setCurrentIndex(max(self.site.findData(data.site_id), 0))
        self.name = QLineEdit(data.name)
        self.form = QComboBox()
        self.form.setEditable(True)
        self.status = QComboBox()
        for code, label in ev.STATUSES.items():
            self.status.addItem(label, code)
        self.status.setCurrentIndex(max(self.status.findData(data.status), 0))
        self.planned = _date_edit(data.planned_on)
        self.held = _date_edit(data.held_on)
        self.format = QComboBox()
        self.format.addItems(list(ev.FORMATS))
        self.format.setCurrentText(data.format)
        self.hours = QSpinBox()
        self.hours.setRange(0, 1000)
        self.hours.setValue(data.hours)
        self.hours.setMaximumWidth(90)
        self.task_no = QSpinBox()
        self.task_no.setRange(0, 100)
        self.task_no.setSpecialValueText("—")
        self.task_no.setValue(data.task_no or 0)
        self.task_no.setMaximumWidth(90)
        self.practice = QPlainTextEdit(data.practice)
        self.practice.setFixedHeight(64)
        self.result_edit = QPlainTextEdit(data.result)
        self.result_edit.setFixedHeight(64)
        self.error = _error_label()
        dates = QHBoxLayout()
        dates.addWidget(self.planned)
        dates.addSpacing(16)
        dates.addWidget(QLabel("проведено:"))
        dates.addWidget(self.held)
        dates.addStretch(1)
        numbers = QHBoxLayout()
        numbers.addWidget(self.hours)
        numbers.addSpacing(16)
        numbers.addWidget(QLabel("задача плана №"))
        numbers.addWidget(self.task_no)
        numbers.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Площадка *", self.site)
        form.addRow("Название *", self.name)
        form.addRow("Форма *", self.form)
        form.addRow("Формат", self.format)
        form.addRow("Состояние", self.status)
        form.addRow("Дата по плану", dates)
        form.addRow("Часов", numbers)
        form.addRow("Транслируемая практика", self.practice)
        form.addRow("Результат", self.result_edit)
        self.buttons = _buttons("Сохранить", QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.site.currentIndexChanged.connect(self._forms)
        self.status.currentIndexChanged.connect(self._status_changed)
        self._forms()
        self.form.setCurrentText(data.form)
        self._status_changed()
        self.mark_clean()

    def _forms(self) -> None:
        current = self.form.currentText()
        choice = next((c for c in self.choices if c.id == self.site.currentData()), None)
        self.form.clear()
        self.form.addItems(ev.event_forms(choice.profile_id if choice else None))
        if current:
            self.form.setCurrentText(current)

    def _status_changed(self) -> None:
        held = self.status.currentData() == "held"
        self.held.setEnabled(held or bool(self.held.text()))

    def save(self) -> None:
        try:
            planned = parse_date(self.planned.text(), "Дата по плану")
            held = parse_date(self.held.text(), "Дата проведения")
        except UserError as exc:
            self.error.setText(str(exc))
            return
        if self.site.findText(self.site.currentText(), Qt.MatchFlag.MatchExactly) < 0:
            self.error.setText("Выберите площадку из списка.")
            return
        data = ev.EventData(
            id=self.data.id, site_id=self.site.currentData(), name=self.name.text(),
            form=self.form.currentText().strip(), planned_on=planned, held_on=held,
            format=self.format.currentText(), hours=self.hours.value(),
            practice=self.practice.toPlainText(), result=self.result_edit.toPlainText(),
            task_no=self.task_no.value() or None, status=self.status.currentData())
        try:
            self.saved_id = ev.save_event(self.db, data)
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            return
        self.accept()


# --------------------------------------------------------------------------- participant form


