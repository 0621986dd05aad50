"""The centre's details the user edits once: names, head, city and the emblem printed on
certificates, справки and workbook titles, and the requisites of the letterhead (бланк) of
the centre's letters. A wrong e-mail, phone, site, ИНН, КПП or ОГРН is named under its
field as soon as the field is left."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services import centre
from desktop.storage import Database

LOGO_SIZE = 96
ERROR_STYLE = "color: #b3261e;"
GROUPS = {"centre": "Учреждение и руководитель",
          "letterhead": "Реквизиты для бланка писем"}
LETTERHEAD_HINT = ("Печатаются в шапке уведомлений, приглашений и писем о недостающих "
                   "документах.")


class CentreDialog(QDialog):
    """Сведения о центре: saved in one transaction; a field's error under the field, other
    errors under the form."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Сведения о центре")
        self.resize(1080, 520)
        details = centre.get_centre(db)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        forms: dict[str, QFormLayout] = {}
        columns = QHBoxLayout()
        for group, title in GROUPS.items():
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            if group == "letterhead":
                hint = QLabel(LETTERHEAD_HINT)
                hint.setWordWrap(True)
                hint.setStyleSheet("color: #4b5563;")
                inner.addWidget(hint)
            forms[group] = QFormLayout()
            forms[group].setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            inner.addLayout(forms[group])
            inner.addStretch(1)
            columns.addWidget(box, 5 if group == "centre" else 4)
        for d in centre.DETAILS:
            edit = QLineEdit(str(details.get(d.key) or ""))
            edit.setPlaceholderText(f"например, {d.example}")
            edit.setCursorPosition(0)  # a long name shows its beginning
            edit.setToolTip(edit.placeholderText())
            self.edits[d.key] = edit
            label = QLabel(d.label + (" *" if d.key in centre.LETTERHEAD else ""))
            label.setBuddy(edit)
            if d.check is None:
                forms[d.group].addRow(label, edit)
                continue
            error = QLabel()
            error.setWordWrap(True)
            error.setStyleSheet(ERROR_STYLE)
            error.hide()
            self.errors[d.key] = error
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(edit)
            cell.addWidget(error)
            forms[d.group].addRow(label, cell)
            edit.setObjectName(d.key)
            edit.editingFinished.connect(self._left)  # a bound slot: gone with the dialog
            edit.textEdited.connect(lambda _t, k=d.key: self.errors[k].hide())
        self.logo_path: Path | None = None
        self.remove_logo = False
        self.logo_view = QLabel()
        self.logo_view.setFixedSize(LOGO_SIZE, LOGO_SIZE)
        self.logo_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_view.setStyleSheet("border: 1px solid #c8ccd2; color: #6b7280;")
        self.logo_label = QLabel()
        self.logo_label.setWordWrap(True)
        choose = QPushButton("Выбрать эмблему…")
        choose.clicked.connect(lambda: self.choose_logo())
        self.clear_button = QPushButton("Убрать эмблему")
        self.clear_button.clicked.connect(self.clear_logo)
        side = QVBoxLayout()
        side.addWidget(self.logo_label)
        side.addWidget(choose)
        side.addWidget(self.clear_button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.logo_view)
        row.addLayout(side, 1)
        forms["centre"].addRow("Эмблема (PNG или JPEG)", row)
        self._show_logo(self._stored_logo() if details.get("logo") else None)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        note = QLabel("* — нужны для бланка писем; без них документ печатается с пустыми "
                      "местами, и перед печатью об этом предупреждают.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #4b5563;")
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def _left(self) -> None:
        key = self.sender().objectName()
        if key in self.errors:
            self.check_field(key)

    def check_field(self, key: str) -> bool:
        """Show the field's problem under it; True when the value is fine."""
        problem = centre.detail_problem(key, self.edits[key].text())
        self.errors[key].setText(problem or "")
        self.errors[key].setVisible(bool(problem))
        return problem is None

    def _stored_logo(self) -> bytes | None:
        return centre.load_centre(self.db).logo

    def _show_logo(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.logo_view.setPixmap(pixmap.scaled(
                LOGO_SIZE - 6, LOGO_SIZE - 6, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
            self.logo_label.setText(self.logo_path.name if self.logo_path else "Эмблема задана.")
            self.clear_button.setEnabled(True)
        else:
            self.logo_view.clear()
            self.logo_view.setText("нет")
            self.logo_label.setText("Эмблема не задана: в свидетельстве рисуется круглая "
                                    "эмблема с сокращённым названием центра.")
            self.clear_button.setEnabled(False)

    def choose_logo(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Эмблема", "",
                                                  "Изображения (*.png *.jpg *.jpeg)")
        if not path:
            return
        self.logo_path = Path(path)
        self.remove_logo = False
        try:
            data = self.logo_path.read_bytes()
        except OSError:
            data = None
        self._show_logo(data)

    def clear_logo(self) -> None:
        self.logo_path = None
        self.remove_logo = True
        self._show_logo(None)

    def save(self) -> None:
        bad = [k for k in self.errors if not self.check_field(k)]
        if bad:
            self.edits[bad[0]].setFocus()
            self.error.setText("Исправьте отмеченные поля.")
            return
        try:
            centre.save_centre(self.db, {k: e.text() for k, e in self.edits.items()},
                               logo=self.logo_path, remove_logo=self.remove_logo)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
