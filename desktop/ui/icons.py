"""Icons by meaning, in one place: the application's own icon from resources/icons and
the style's standard icons for actions (they follow the platform's look, need no files
and cost nothing at start-up)."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

# Names of QStyle.StandardPixmap members: the enum itself is built on first use (creating
# it costs ~20 ms, not needed to paint the first window).
ACTIONS: dict[str, str] = {
    "new": "SP_FileIcon",
    "open": "SP_DirOpenIcon",
    "delete": "SP_TrashIcon",
    "find": "SP_FileDialogContentsView",
    "refresh": "SP_BrowserReload",
    "undo": "SP_ArrowBack",
    "redo": "SP_ArrowForward",
    "export": "SP_DialogSaveButton",
    "calendar": "SP_FileDialogDetailedView",
    "application": "SP_FileDialogNewFolder",
    "import": "SP_ArrowDown",
    "organisation": "SP_DirHomeIcon",
    "help": "SP_DialogHelpButton",
    "quit": "SP_DialogCloseButton",
}


def icon(name: str) -> QIcon:
    """The icon for an action name from ACTIONS (an empty icon for an unknown name)."""
    member = ACTIONS.get(name)
    if member is None:
        return QIcon()
    return QApplication.style().standardIcon(getattr(QStyle.StandardPixmap, member))


def app_icon() -> QIcon:
    """The programme's icon (resources/icons/metodist.png), or the style's desktop icon."""
    from desktop.paths import resource

    path = resource("icons", "metodist.png")
    if path.exists():
        return QIcon(str(path))
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_DesktopIcon)
