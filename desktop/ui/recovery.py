"""When the database cannot be opened: say why and offer what can be done.

Only copies of this database are offered (its own backup folder); restoring one asks first,
showing the copy's date, size and number of sites, and keeps the current file aside.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.storage.backup import CopyInfo, describe_copy, list_backups, restore
from desktop.text import file_size, long_date, plural


def copy_text(info: CopyInfo) -> str:
    """«22 ноября 2026 г., 14:05 — 12,3 МБ, 60 площадок»."""
    sites = ("число площадок неизвестно" if info.sites is None
             else plural(info.sites, "площадка", "площадки", "площадок"))
    return (f"{long_date(info.made.date())}, {info.made:%H:%M} — {file_size(info.size)}, "
            f"{sites}")


def confirm_restore(parent: QWidget | None, source: Path, db_path: Path) -> bool:
    """Ask before a restore; the question names the copy's date, size and site count."""
    info = describe_copy(source)
    box = QMessageBox(QMessageBox.Icon.Question, "Восстановление из копии",
                      f"Восстановить базу «{db_path.name}» из копии от "
                      f"{long_date(info.made.date())}, {info.made:%H:%M}?", parent=parent)
    sites = ("не удалось прочитать" if info.sites is None else str(info.sites))
    box.setInformativeText(
        f"Файл копии: {source.name}\nРазмер: {file_size(info.size)}; площадок в копии: {sites}.\n\n"
        "Всё, что внесено в базу после этой копии, в ней отсутствует. Текущее содержимое "
        f"будет сохранено рядом с базой в файле «{db_path.stem}.before-restore-…».")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText("Восстановить")
    box.button(QMessageBox.StandardButton.No).setText("Отмена")
    return box.exec() == QMessageBox.StandardButton.Yes


class RecoveryDialog(QDialog):
    """`chosen` is the database path to try next (None: quit) and `may_create` whether it
    may be created. Nothing is changed unless the user confirms a restore, which keeps the
    current file aside."""

    def __init__(self, path: Path, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.chosen: Path | None = None
        self.may_create = False  # not `create`: that is QWidget.create()
        self.restored_aside: Path | None = None
        self.setWindowTitle("Не удаётся открыть базу данных")
        self.resize(720, 440)
        layout = QVBoxLayout(self)
        text = QLabel(f"<b>{message}</b><br><br>Файл: {path}<br><br>Что сделать?")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        self.backups = QListWidget()
        for copy in list_backups(path):
            item = QListWidgetItem(f"{copy_text(describe_copy(copy))}   ({copy.name})")
            item.setData(Qt.ItemDataRole.UserRole, str(copy))
            self.backups.addItem(item)
        if self.backups.count():
            self.backups.setCurrentRow(0)
        layout.addWidget(QLabel("Резервные копии этой базы (новые сверху):" if self.backups.count()
                                else "Резервных копий этой базы рядом с ней нет."))
        layout.addWidget(self.backups, 1)
        self.restore_btn = QPushButton("Восстановить выбранную копию…")
        self.restore_btn.setEnabled(self.backups.count() > 0)
        self.file_btn = QPushButton("Восстановить из файла копии…")
        row = QHBoxLayout()
        row.addWidget(self.restore_btn)
        row.addWidget(self.file_btn)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.other_btn = QPushButton("Открыть другой файл…")
        self.new_btn = QPushButton("Создать новую базу…")
        quit_btn = QPushButton("Выход")
        for b in (self.other_btn, self.new_btn):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(quit_btn)
        layout.addLayout(row)
        self.other_btn.clicked.connect(self.open_other)
        self.new_btn.clicked.connect(self.create_new)
        self.restore_btn.clicked.connect(lambda: self.restore_selected())
        self.file_btn.clicked.connect(self.restore_from_file)
        self.backups.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        quit_btn.clicked.connect(self.reject)

    def open_other(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Открыть базу", str(self.path.parent),
                                              "База данных (*.sqlite3 *.db);;Все файлы (*)")
        if name:
            self.chosen, self.may_create = Path(name), False
            self.accept()

    def create_new(self, name: str | None = None) -> None:
        if not name:
            suggested = (self.path if not self.path.exists()
                         else self.path.parent / "metodist-new.sqlite3")
            name, _ = QFileDialog.getSaveFileName(self, "Новая база", str(suggested),
                                                  "База данных (*.sqlite3)")
        if name:
            self.chosen, self.may_create = Path(name), True
            self.accept()

    def restore_selected(self, source: Path | None = None) -> None:
        """Restore the selected copy (or `source`) after the user confirms."""
        if source is None:
            item = self.backups.currentItem()
            if item is None:
                return
            source = Path(item.data(Qt.ItemDataRole.UserRole))
        if not confirm_restore(self, source, self.path):
            return
        from desktop.ui.progress import run_with_progress

        done = run_with_progress(  # off the window thread: ~2 min at 100 000 sites
            self, "Восстановление", "Восстановление базы из копии…",
            lambda _progress: (restore(source, self.path),), cancellable=False)
        if done is None:
            return
        self.restored_aside = done[0]
        self.chosen, self.may_create = self.path, False
        self.accept()

    def restore_from_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Файл резервной копии", str(self.path.parent),
                                              "База данных (*.sqlite3 *.db);;Все файлы (*)")
        if name:
            self.restore_selected(Path(name))
