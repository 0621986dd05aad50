"""The main window (minimal shell; the registry view is built in its own issue)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from desktop import APP_TITLE
from desktop.storage import Database


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.setWindowTitle(f"{APP_TITLE} — {db.path.name}")
        self.resize(1200, 760)
        self.setCentralWidget(QLabel("Реестр площадок"))
