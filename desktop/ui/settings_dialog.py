"""The centre's details the user edits once: names, head, city and the emblem printed on
certificates, справки and workbook titles."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
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


class CentreDialog(QDialog):
    """Сведения о центре: saved in one transaction; errors shown under the form."""

    FIELDS = [("name", "Полное наименование центра", "Муниципальное бюджетное учреждение "
               "«Информационно-методический центр»"),
              ("short_name", "Краткое наименование", "МБУ ИМЦ"),
              ("head_position", "Должность руководителя", "Директор"),
              ("head_name", "Руководитель (И. О. Фамилия)", "О. А. Иванова"),
              ("city", "Населённый пункт", "г. Кемерово")]

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Сведения о центре")
        self.resize(680, 360)
        details = centre.get_centre(db)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, label, example in self.FIELDS:
            edit = QLineEdit(str(details.get(key) or ""))
            edit.setPlaceholderText(f"например, {example}")
            edit.setCursorPosition(0)  # a long name shows its beginning
            self.edits[key] = edit
            form.addRow(label, edit)
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
        form.addRow("Эмблема (PNG или JPEG)", row)
        self._show_logo(self._stored_logo() if details.get("logo") else None)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)

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
        try:
            centre.save_centre(self.db, {k: e.text() for k, e in self.edits.items()},
                               logo=self.logo_path, remove_logo=self.remove_logo)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
