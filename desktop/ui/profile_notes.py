"""Profile matters in the window: user profile files that were skipped (and why), and the
deadlines the centre adopted (not the regulation), which the centre may switch off."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import deadlines
from desktop.storage import Database
from desktop.ui.widgets import button_row, fit_window

RECOMPUTE_LABEL = "Сроки всех площадок пересчитываются по новым отметкам…"


def broken_profiles_text() -> str:
    """The skipped user profile files, one paragraph each ("" when there are none)."""
    from desktop.profiles import broken

    return "\n\n".join(f"{b.path}:\n" + "\n".join(b.problems) for b in broken())


def warn_broken_profiles(parent: QWidget) -> None:
    """Say once at start-up which of the user's profile files were not loaded and why; the
    program goes on with the others."""
    text = broken_profiles_text()
    if text:
        box = QMessageBox(QMessageBox.Icon.Warning, "Профили не загружены",
                          "Некоторые файлы профилей не загружены: программа работает без "
                          "них. Исправьте файл и перезапустите программу (проверка: "
                          "metodist profiles check ФАЙЛ).", parent=parent)
        box.setDetailedText(text)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.show()


class CentreRulesDialog(QDialog):
    """«Сроки, принятые в центре»: each with a tick; the regulation's deadlines are not here."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.changed_rows = 0  # deadlines the saved ticks added, moved or removed
        self.setWindowTitle("Сроки, принятые в центре")
        fit_window(self, "centre_rules", 900, 480)
        self.rules = deadlines.centre_rules(db)
        layout = QVBoxLayout(self)
        note = QLabel("Эти сроки не установлены положением: их ввёл центр. Снимите отметку, "
                      "чтобы программа их не ставила. Сроки по положению здесь не меняются.")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(len(self.rules), 3)
        self.table.setHorizontalHeaderLabels(["Срок", "Вид", "Профиль"])
        self.table.verticalHeader().setVisible(False)
        for i, r in enumerate(self.rules):
            item = QTableWidgetItem(r.what)
            item.setToolTip(r.note)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked if r.enabled else Qt.CheckState.Unchecked)
            self.table.setItem(i, 0, item)
            for c, text in ((1, r.kind), (2, r.profile)):
                cell = QTableWidgetItem(text)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(i, c, cell)
        self.table.setColumnWidth(0, 520)
        self.table.setColumnWidth(1, 90)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = button_row("Сохранить", ok=QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)

    def save(self) -> None:
        changed = {}
        for i, r in enumerate(self.rules):
            box = self.table.item(i, 0)
            if box is None:
                continue
            on = box.checkState() == Qt.CheckState.Checked
            if on != r.enabled:
                changed[r.key] = on
        if changed:
            from desktop.ui.progress import run_with_progress  # not on the start-up path

            # a rule on or off changes every site of its kind: all deadlines are recomputed
            # (seconds at 100 000 sites), off the window thread
            self.buttons.setEnabled(False)  # a second click before the progress shows
            try:
                count = run_with_progress(
                    self, "Сроки, принятые в центре", RECOMPUTE_LABEL,
                    lambda _progress: deadlines.set_centre_rules(self.db, changed),
                    cancellable=False, note="Отметки не сохранены.")
            finally:
                self.buttons.setEnabled(True)
            if count is None:
                return  # the error was shown; the ticks stay as the user set them
            self.changed_rows = count
        self.accept()
