"""Starting the GUI: QApplication, Russian translations, opening the database, screenshot."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_NAME, APP_TITLE
from desktop.errors import UserError
from desktop.paths import default_db_path


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    translator = QTranslator(app)
    if translator.load("qtbase_ru", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    return app  # type: ignore[return-value]


def run_gui(db_arg: str | None, *, screenshot: str | None = None) -> int:
    """Open the main window on the database; with `screenshot`, save a PNG and exit."""
    from desktop.storage import open_database
    from desktop.ui.main_window import MainWindow

    app = make_app()
    path = Path(db_arg) if db_arg else default_db_path()
    try:
        db = open_database(path)
    except UserError as exc:
        if screenshot:
            raise
        QMessageBox.critical(None, APP_TITLE, str(exc))
        return 2
    window = MainWindow(db)
    window.show()
    if screenshot:
        def shoot() -> None:
            window.grab().save(screenshot)
            app.quit()

        QTimer.singleShot(0, lambda: QTimer.singleShot(50, shoot))
    code = app.exec()
    db.close()
    return code
