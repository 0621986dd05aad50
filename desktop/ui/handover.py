"""Before a paper is handed over: ask to fill in the centre's details a certificate or
справка would print blank, and the folder its files go to (remembered between runs)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.storage import Database

FILL = "Заполнить сведения…"
AS_IS = "Печатать как есть"


def confirm_details(parent: QWidget, db: Database, title: str,
                    warning: Callable[[], str]) -> bool:
    """When `warning()` names missing details, ask: fill them in first («Сведения о
    центре», then check again), print as is, or cancel. True to go on printing."""
    from desktop.ui.settings_dialog import CentreDialog

    text = warning()
    while text:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        box.setInformativeText("Открыть «Сведения о центре» и заполнить их перед печатью?")
        fill = box.addButton(FILL, QMessageBox.ButtonRole.AcceptRole)
        as_is = box.addButton(AS_IS, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Отмена", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(fill)
        parent.details_question = box  # type: ignore[attr-defined]  # tests reach it here
        box.exec()
        if box.clickedButton() is as_is:
            return True
        if box.clickedButton() is not fill:
            return False
        dialog = CentreDialog(db, parent)
        parent.centre_dialog = dialog  # type: ignore[attr-defined]
        if not dialog.exec():
            return False
        text = warning()
    return True


def choose_folder(parent: QWidget, settings: QSettings, key: str, title: str) -> Path | None:
    """A folder picked by the user, starting where the last one of this kind went."""
    start = str(settings.value(f"folders/{key}", "") or "")
    if not start or not Path(start).is_dir():
        start = str(Path.home() / "Documents") if (Path.home() / "Documents").is_dir() \
            else str(Path.home())
    folder = QFileDialog.getExistingDirectory(parent, title, start)
    if not folder:
        return None
    settings.setValue(f"folders/{key}", folder)
    return Path(folder)
