"""When the database cannot be opened: say why and offer what can be done."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.storage.backup import list_backups, restore


class RecoveryDialog(QDialog):
    """`chosen` is the database path to try next (None: quit). Nothing is changed unless
    the user restores a backup, which keeps the current file aside."""

    def __init__(self, path: Path, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.chosen: Path | None = None
        self.setWindowTitle("Не удаётся открыть базу данных")
        self.resize(640, 380)
        layout = QVBoxLayout(self)
        text = QLabel(f"<b>{message}</b><br><br>Файл: {path}<br>Файл не изменён. Что сделать?")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.backups = QListWidget()
        for b in list_backups(path):
            self.backups.addItem(b.name)
        layout.addWidget(QLabel("Резервные копии рядом с базой:" if self.backups.count()
                                else "Резервных копий рядом с базой нет."))
        layout.addWidget(self.backups, 1)
        row = QHBoxLayout()
        self.other_btn = QPushButton("Открыть другой файл…")
        self.new_btn = QPushButton("Создать новую базу…")
        self.restore_btn = QPushButton("Восстановить выбранную копию")
        self.restore_btn.setEnabled(self.backups.count() > 0)
        quit_btn = QPushButton("Выход")
        for b in (self.other_btn, self.new_btn, self.restore_btn, quit_btn):
            row.addWidget(b)
        layout.addLayout(row)
        self.other_btn.clicked.connect(self.open_other)
        self.new_btn.clicked.connect(self.create_new)
        self.restore_btn.clicked.connect(self.restore_selected)
        quit_btn.clicked.connect(self.reject)

    def open_other(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Открыть базу", str(self.path.parent),
                                              "База данных (*.sqlite3 *.db);;Все файлы (*)")
        if name:
            self.chosen = Path(name)
            self.accept()

    def create_new(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Новая база", str(self.path.parent /
                                                                      "metodist-new.sqlite3"),
                                              "База данных (*.sqlite3)")
        if name:
            self.chosen = Path(name)
            self.accept()

    def restore_selected(self, name: str | None = None) -> None:
        item = self.backups.currentItem()
        name = name or (item.text() if item else None)
        if not name:
            return
        source = next(b for b in list_backups(self.path) if b.name == name)
        try:
            aside = restore(source, self.path)
        except UserError as exc:
            QMessageBox.warning(self, "Восстановление", str(exc))
            return
        self.restored_aside = aside
        self.chosen = self.path
        self.accept()
