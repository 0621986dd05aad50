"""A form widget generated from a profile Form: one editor per field, tables as tables."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.profiles import Form, FormField, Profile

PLACEHOLDERS = {"email": "school@mail.ru", "phone": "8 (3812) 00-00-00",
                "url": "https://school.ru", "date": "ДД.ММ.ГГГГ"}


class TableEditor(QWidget):
    """An editable table field with «add row» / «remove row»."""

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.table = QTableWidget(0, len(field.columns))
        # A form's column titles are long («Наименование мероприятия программы стажировки»):
        # the header wraps them over lines instead of cutting both ends off.
        head = self.table.horizontalHeader()
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        for i, c in enumerate(field.columns):
            header = QTableWidgetItem(c.label)
            header.setToolTip(c.label)
            self.table.setHorizontalHeaderItem(i, header)
            self.table.setColumnWidth(i, 60 if c.code in ("no", "task") else 170)
        head.setStretchLastSection(True)
        # Qt does not grow a header for wrapped titles: as tall as the longest needs, at
        # most four lines (the whole title is in its tooltip).
        fm = head.fontMetrics()
        lines = max((fm.boundingRect(QRect(0, 0, self.table.columnWidth(i) - 10, 1000),
                                     Qt.TextFlag.TextWordWrap, c.label).height()
                     for i, c in enumerate(field.columns)), default=fm.lineSpacing())
        head.setFixedHeight(min(lines, fm.lineSpacing() * 4) + 10)
        self.table.setMinimumHeight(130)
        add = QPushButton("Добавить строку")
        remove = QPushButton("Удалить строку")
        add.clicked.connect(self.add_row)
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_row(self, values: dict[str, str] | None = None) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, col in enumerate(self.field.columns):
            default = str(r + 1) if col.code == "no" else ""
            self.table.setItem(r, c, QTableWidgetItem(str((values or {}).get(col.code, default))))

    def value(self) -> list[dict[str, str]]:
        rows = []
        for r in range(self.table.rowCount()):
            row = {col.code: (item.text() if (item := self.table.item(r, c)) else "")
                   for c, col in enumerate(self.field.columns)}
            if any(v.strip() for k, v in row.items() if k != "no"):
                rows.append(row)
        return rows

    def set_value(self, rows: list[dict[str, str]] | None) -> None:
        self.table.setRowCount(0)
        for row in rows or []:
            self.add_row(row)


class FormWidget(QWidget):
    """Editors for every applicant field of the form, in the regulation's order."""

    def __init__(self, form: Form, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.editors: dict[str, Any] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        grid = QFormLayout()
        grid.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # The regulations' labels are long sentences: each label stands above its field.
        grid.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        layout.addLayout(grid)
        section = None
        for f in form.fields:
            if f.official:
                continue
            if f.section and f.section != section:
                section = f.section
                head = QLabel(f"<b>{section}</b>")
                grid.addRow(head)
            label = QLabel(f.label + (" *" if f.required else ""))
            label.setWordWrap(True)
            editor = self._editor(f, profile)
            editor.setObjectName(f.code)
            if f.hint:
                editor.setToolTip(f.hint)
            # The label on a row of its own spans the page's width (as the label of a pair
            # it wrapped at a third of it: «2. Срок / реализации / программы»).
            label.setBuddy(editor)
            grid.addRow(label)
            grid.addRow(editor)
            self.editors[f.code] = editor

    @staticmethod
    def _editor(f: FormField, profile: Profile) -> QWidget:
        if f.type == "table":
            return TableEditor(f)
        if f.type == "multiline":
            text = QPlainTextEdit()
            text.setFixedHeight(64)
            if f.hint:
                text.setPlaceholderText(f.hint)
            return text
        if f.type == "choice":
            combo = QComboBox()
            # the regulations' choices are long sentences: they must not widen the page
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(20)
            combo.addItem("")
            combo.addItems(list(profile.directions if f.choices_from == "directions"
                                else f.choices))
            return combo
        edit = QLineEdit()
        edit.setPlaceholderText(PLACEHOLDERS.get(f.type, f.hint))
        return edit

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for code, editor in self.editors.items():
            if isinstance(editor, TableEditor):
                out[code] = editor.value()
            elif isinstance(editor, QPlainTextEdit):
                out[code] = editor.toPlainText().strip()
            elif isinstance(editor, QComboBox):
                out[code] = editor.currentText().strip()
            else:
                out[code] = editor.text().strip()
        return out

    def set_values(self, data: dict[str, Any]) -> None:
        for code, editor in self.editors.items():
            value = data.get(code)
            if isinstance(editor, TableEditor):
                editor.set_value(value if isinstance(value, list) else [])
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(str(value or ""))
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(editor.findText(str(value or "")), 0))
            else:
                editor.setText(str(value or ""))
