"""Starting the GUI: QApplication, Russian translations, opening the database (with a way
out when it cannot be opened), one window per database, automatic backup, screenshot."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_NAME, APP_TITLE
from desktop.errors import UserError
from desktop.paths import default_db_path

log = logging.getLogger("metodist")


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    translator = QTranslator(app)
    if translator.load("qtbase_ru", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    app._translator = translator  # type: ignore[attr-defined]  # keep it alive
    return app  # type: ignore[return-value]


def open_with_recovery(path: Path, *, interactive: bool):  # noqa: ANN201 - Database | None
    """Open the database; on failure offer another file or a backup (nothing is changed)."""
    from desktop.storage import open_database
    from desktop.ui.recovery import RecoveryDialog

    while True:
        try:
            return open_database(path)
        except UserError as exc:
            if not interactive:
                raise
            dialog = RecoveryDialog(path, str(exc))
            if not dialog.exec() or dialog.chosen is None:
                return None
            path = dialog.chosen


def run_gui(db_arg: str | None, *, screenshot: str | None = None) -> int:
    """Open the main window on the database; with `screenshot`, save a PNG and exit."""
    from desktop.storage.instance import InstanceLock
    from desktop.ui.single_instance import InstanceServer, ask_first_to_raise

    app = make_app()
    from desktop.ui.icons import app_icon

    app.setWindowIcon(app_icon())
    path = Path(db_arg) if db_arg else default_db_path()
    lock = InstanceLock(path)
    if not screenshot and not lock.acquire():
        raised = ask_first_to_raise(path)
        text = (f"Программа уже открыта с базой «{path.name}»"
                + (": её окно выведено на передний план." if raised else "."))
        print(text, file=sys.stderr)
        QMessageBox.information(None, APP_TITLE, text)
        return 1
    db = open_with_recovery(path, interactive=not screenshot)
    if db is None:
        lock.release()
        return 2
    # The registry rows are read in a thread while the window's modules are imported and
    # its widgets built: SQLite releases the GIL while it runs the query.
    from concurrent.futures import ThreadPoolExecutor

    from desktop.services.registry import load_rows

    with ThreadPoolExecutor(1, thread_name_prefix="registry") as pool:
        rows = pool.submit(load_rows, db)
        from desktop.ui.main_window import MainWindow

        server = None
        if not screenshot:
            server = InstanceServer(db.path)
        window = MainWindow(db, registry_rows=rows)
    if server is not None:
        server.raise_requested.connect(lambda: (window.showNormal(), window.raise_(),
                                                window.activateWindow()))
    window.show()
    if screenshot:
        def shoot() -> None:
            window.grab().save(screenshot)
            app.quit()

        QTimer.singleShot(0, lambda: QTimer.singleShot(50, shoot))
    else:
        QTimer.singleShot(1500, window.auto_backup)
    code = app.exec()
    if server is not None:
        server.close()
    db.close()
    lock.release()
    return code
