"""Preview and printing of PDFs (certificates, справки, sheets).

Qt's PDF module is not part of our PySide6 build, so the app cannot draw a PDF page
itself; the system PDF viewer is the preview and the print path (its print dialog picks
the printer, copies and pages) — the same on Windows and Linux. `PdfReadyDialog` says
what was written and offers «Открыть для просмотра и печати».
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

OPEN_TEXT = "Открыть для просмотра и печати"


def open_in_viewer(path: Path) -> bool:
    """Open a file in the system viewer (where it can also be printed)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class PdfReadyDialog(QDialog):
    """«Свидетельство готово»: the file, and buttons to preview/print, show the folder or
    save a copy elsewhere."""

    def __init__(self, path: Path, title: str, summary: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(title)
        self.resize(560, 180)
        text = QLabel(f"{summary}\n\nФайл: {path}")
        text.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #b3261e;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        self.open_button = QPushButton(OPEN_TEXT)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_viewer)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        folder = QPushButton("Показать в папке")
        folder.clicked.connect(lambda: show_in_folder(self.path))
        buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = QPushButton("Сохранить копию…")
        self.save_button.clicked.connect(self.save_copy)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def open_viewer(self) -> None:
        if open_in_viewer(self.path):
            self.accept()
        else:
            self.status.setText("Не удалось открыть файл: в системе нет программы для "
                                "просмотра PDF. Откройте его из папки вручную.")

    def save_copy(self, target: str | None = None) -> None:
        if not target:
            target, _ = QFileDialog.getSaveFileName(self, "Сохранить копию", self.path.name,
                                                    "PDF (*.pdf)")
        if not target:
            return
        from desktop.errors import UserError
        from desktop.fileio import atomic_output

        try:
            with atomic_output(target) as tmp:
                tmp.write_bytes(self.path.read_bytes())
        except (UserError, OSError) as exc:
            self.status.setText(str(exc) if isinstance(exc, UserError)
                                else f"Не удалось сохранить копию: {exc.strerror}.")
            return
        self.status.setStyleSheet("")
        self.status.setText(f"Копия сохранена: {target}")
