"""Icons by meaning, in one place: the application's own icon from resources/icons and
the style's standard icons for actions (they follow the platform's look, need no files
and cost nothing at start-up)."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

_SP = QStyle.StandardPixmap

ACTIONS: dict[str, QStyle.StandardPixmap] = {
    "new": _SP.SP_FileIcon,
    "open": _SP.SP_DirOpenIcon,
    "delete": _SP.SP_TrashIcon,
    "find": _SP.SP_FileDialogContentsView,
    "refresh": _SP.SP_BrowserReload,
    "undo": _SP.SP_ArrowBack,
    "redo": _SP.SP_ArrowForward,
    "export": _SP.SP_DialogSaveButton,
    "calendar": _SP.SP_FileDialogDetailedView,
    "application": _SP.SP_FileDialogNewFolder,
    "import": _SP.SP_ArrowDown,
    "organisation": _SP.SP_DirHomeIcon,
    "help": _SP.SP_DialogHelpButton,
    "quit": _SP.SP_DialogCloseButton,
}


def icon(name: str) -> QIcon:
    """The icon for an action name from ACTIONS (an empty icon for an unknown name)."""
    pixmap = ACTIONS.get(name)
    if pixmap is None:
        return QIcon()
    return QApplication.style().standardIcon(pixmap)


def app_icon() -> QIcon:
    """The programme's icon (resources/icons/metodist.png), or the style's desktop icon."""
    from desktop.paths import resource

    path = resource("icons", "metodist.png")
    if path.exists():
        return QIcon(str(path))
    return QApplication.style().standardIcon(_SP.SP_DesktopIcon)
