"""«Сервис → Демо-база…»: demo data go into a new database of their own, never into the
open one (60 sites, 105 applications and 400 people mixed into a centre's registry could
not be told apart nor undone). The menu says so, asks where to put the new file, fills it
off the window thread and opens it in a window of its own."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from desktop.ui.file_dialogs import ask_save_path
from desktop.ui.worker import run_in_background

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

INTRO = ("Демо-данные (вымышленные площадки, заявки и люди всех положений) записываются в "
         "<b>отдельную новую базу</b>; открытая база «{name}» не изменится.<br><br>"
         "Выберите, где создать демо-базу. Она откроется в новом окне.")


def open_in_new_window(path: Path) -> bool:
    """Start another copy of the programme on `path` (one window per database)."""
    return QProcess.startDetached(sys.executable, ["-m", "desktop", "--db", str(path)])[0]


def make_demo_base(window: MainWindow, target: Path | None = None, *, sites: int = 60,
                   opener: Callable[[Path], bool] = open_in_new_window) -> None:
    """Ask (unless `target` is given), fill a new database there, open it with `opener`."""
    from desktop.ui.main_window import show_error

    if target is None:
        box = QMessageBox(QMessageBox.Icon.Information, "Демо-база",
                          INTRO.format(name=window.db.path.name),
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
                          window)
        box.button(QMessageBox.StandardButton.Ok).setText("Выбрать файл…")
        if box.exec() != QMessageBox.StandardButton.Ok:
            return
        target = ask_save_path(window, "demo", "Новая демо-база", "Методист — демо.sqlite3",
                               "База данных (*.sqlite3)", ".sqlite3")
        if target is None:
            return
    if target.resolve() == window.db.path.resolve() or target.exists():
        QMessageBox.warning(window, "Демо-база", f"Файл «{target.name}» уже есть: демо-база "
                            "создаётся только в новом файле. Выберите другое имя.")
        return
    progress = QProgressDialog("Создание демо-базы…", "", 0, 0, window)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.show()

    def fill() -> Path:
        from desktop.services.demo import fill_demo
        from desktop.storage import open_database

        db = open_database(target, create=True)
        try:
            fill_demo(db, sites=sites)
        finally:
            db.close()
        return target

    def done(path: object) -> None:
        progress.close()
        assert isinstance(path, Path)
        opened = opener(path)
        window.statusBar().showMessage(
            f"Демо-база создана: {path}" + (" — открыта в новом окне." if opened else
                                             " (новое окно не открылось: запустите "
                                             "программу с этой базой)."), 12000)

    def failed(exc: BaseException) -> None:
        progress.close()
        show_error(window, "Демо-база", exc)

    window._demo_job = run_in_background(fill, done, failed)  # type: ignore[attr-defined]
