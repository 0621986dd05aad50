"""Where the save and open dialogs start: the user's documents folder the first time, then
the folder last used for that kind of file (Word documents, workbooks, PDF, backups, demo
bases…), kept in the settings. A dialog started in the program's own folder made the
methodologist hunt for her files every time."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

KEY = "folders/{kind}"


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def start_folder(kind: str, settings: QSettings | None = None) -> Path:
    """The last folder used for `kind` if it still exists, else the documents folder."""
    settings = settings or QSettings()
    last = settings.value(KEY.format(kind=kind))
    if last and Path(str(last)).is_dir():
        return Path(str(last))
    return documents_folder()


def remember(kind: str, chosen: Path, settings: QSettings | None = None) -> None:
    (settings or QSettings()).setValue(KEY.format(kind=kind), str(chosen.parent))


def ask_save_path(parent: QWidget | None, kind: str, title: str, name: str, pattern: str,
                  suffix: str = "") -> Path | None:
    """A save dialog for `name` in `kind`'s folder; the chosen path (with `suffix` added
    when the user typed none), its folder remembered. None: cancelled."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder(kind) / name),
                                            pattern)
    if not chosen:
        return None
    path = Path(chosen)
    if suffix and path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    remember(kind, path)
    return path


def ask_open_path(parent: QWidget | None, kind: str, title: str, pattern: str) -> Path | None:
    """An open dialog in `kind`'s folder; the chosen file, its folder remembered."""
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder(kind)), pattern)
    if not chosen:
        return None
    remember(kind, Path(chosen))
    return Path(chosen)
