"""Starting the GUI: QApplication, Russian translations, opening the database (with a way
out when it cannot be opened), one window per database, automatic backup, screenshot."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_NAME, APP_TITLE
from desktop.errors import UserError
from desktop.paths import DB_ENV, default_db_path

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

log = logging.getLogger("metodist")

# Qt's own Russian catalogue lags behind its widgets: these texts (with the mnemonics Qt 6
# added) are missing from qtbase_ru and would show in English.
QT_MISSING_RU = {
    ("QFileDialog", "&Look in:"): "&Папка:",
    ("QFileDialog", "Files of &type:"): "&Тип файлов:",
    ("QFileDialog", "File &name:"): "&Имя файла:",
    ("QPlatformTheme", "Don't Save"): "Не сохранять",
    ("QPlatformTheme", "Yes"): "Да",
    ("QPlatformTheme", "No"): "Нет",
    ("QPlatformTheme", "Yes to All"): "Да для всех",
    ("QPlatformTheme", "No to All"): "Нет для всех",
    ("QPlatformTheme", "Save All"): "Сохранить все",
    ("QPlatformTheme", "Abort"): "Прервать",
    ("QPlatformTheme", "Retry"): "Повторить",
    ("QPlatformTheme", "Ignore"): "Пропустить",
    ("QPlatformTheme", "Restore Defaults"): "Восстановить по умолчанию",
}


class _MissingRussian(QTranslator):
    """Supplies the few Qt texts qtbase_ru lacks (installed after it, so asked first)."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return QT_MISSING_RU.get((context, source))  # None: not ours

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def install_translations(app: QApplication) -> None:
    """Qt's own Russian texts for standard dialogs and buttons (QFileDialog, QMessageBox)."""
    translator = QTranslator(app)
    if translator.load("qtbase_ru", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    else:
        log.warning("Qt's Russian translations (qtbase_ru) not found")
    missing = _MissingRussian(app)
    app.installTranslator(missing)
    app._translators = (translator, missing)  # type: ignore[attr-defined]  # keep them alive
    # Native dialogs on Linux follow the desktop's language, not ours (a GTK dialog on an
    # English desktop says «Look in»): Qt's own, translated above, are used instead.
    if sys.platform.startswith("linux"):
        app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)


def make_app() -> QApplication:
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    if not getattr(app, "_translators", None):
        install_translations(app)
    return app


def open_with_recovery(path: Path, *, interactive: bool, create: bool = False,
                       lock: Callable[[Path], bool] | None = None,
                       recovered: list[Path] | None = None):  # noqa: ANN201 - Database | None
    """Open the database (creating it only with `create`); on failure — missing, damaged,
    foreign, read-only — offer another file, a new one or a copy of this one. Nothing is
    changed unless the user restores a copy. `lock(path)` takes that file's write lock
    before each attempt (False: give up); `recovered` gets the path of every file the
    recovery dialog led to (rows read before it are stale)."""
    from desktop.storage import open_database
    from desktop.ui.recovery import RecoveryDialog

    while True:
        if lock is not None and not lock(path):
            return None
        try:
            return open_database(path, create=create)
        except UserError as exc:
            if not interactive:
                raise
            dialog = RecoveryDialog(path, str(exc))
            if not dialog.exec() or dialog.chosen is None:
                return None
            path, create = dialog.chosen, dialog.may_create
            if recovered is not None:
                recovered.append(path)


def run_gui(db_arg: str | None, *, screenshot: str | None = None, new: bool = False) -> int:
    """Open the main window on the database; with `screenshot`, save a PNG and exit.

    A missing file is created only on the first start (no --db, no METODIST_DB: the default
    file does not exist yet), with `new`, or by `screenshot` (no one to ask); otherwise the
    recovery dialog says it is missing and offers a new one."""
    from desktop.storage.instance import InstanceLock

    app = make_app()
    from desktop.ui.crash import install_excepthook

    install_excepthook()
    path = Path(db_arg) if db_arg else default_db_path()
    # With --screenshot nobody can be asked: a window opened on a path with no file there
    # yet (its folder exists) is then the request for a new database. Interactively the
    # recovery dialog asks; read commands never create one.
    create = new or (db_arg is None and not os.environ.get(DB_ENV)) or (
        screenshot is not None and not path.exists() and path.parent.is_dir())
    held: list[InstanceLock] = []
    refused: list[Path] = []

    def take(p: Path) -> bool:
        """The write lock of the file about to be opened (the window holds it while open)."""
        if screenshot or (held and held[0].db_path == InstanceLock(p).db_path):
            return True
        if create and not p.parent.is_dir():
            p.parent.mkdir(parents=True, exist_ok=True)
        lock = InstanceLock(p)
        try:
            ok = lock.acquire()
        except UserError:  # no folder, no right to write there: opening the file says why
            return True
        if not ok:
            from desktop.ui.single_instance import ask_first_to_raise

            raised = ask_first_to_raise(p)
            text = (f"Программа уже открыта с базой «{p.name}»: её окно выведено на передний "
                    "план." if raised else lock.busy_message())
            print(text, file=sys.stderr)
            QMessageBox.information(None, APP_TITLE, text)
            refused.append(p)
            return False
        for old in held:
            old.release()
        held[:] = [lock]
        return True

    if not take(path):
        return 1
    # A file of this app at the current revision: the window and its first screen of rows
    # are painted before the database is opened the ordinary way (desktop.ui.startup).
    from desktop.storage.checks import check_file
    from desktop.ui.startup import first_window

    try:  # a file the window would refuse (read-only, empty, missing folder) is not read
        check_file(path, create=create, write=True)
        window = first_window(path)
    except UserError:
        window = None
    if window is not None:
        return _run_started(app, window, path, screenshot=screenshot, create=create,
                            take=take, held=held)
    db = open_with_recovery(path, interactive=not screenshot, create=create, lock=take)
    if db is None:
        for lock in held:
            lock.release()
        return 1 if refused else 2
    # The registry rows are read in a thread while the window's modules are imported and
    # its widgets built: SQLite releases the GIL while it runs the query.
    from concurrent.futures import ThreadPoolExecutor

    from desktop.services.registry import load_rows

    with ThreadPoolExecutor(1, thread_name_prefix="registry") as pool:
        rows = pool.submit(load_rows, db)
        from desktop.ui.main_window import MainWindow

        window = MainWindow(db, registry_rows=rows)
    _set_icon(app)
    _report_paint(window)
    server = _serve(window, screenshot)
    window.show()
    if screenshot:
        QTimer.singleShot(0, lambda: QTimer.singleShot(50, lambda: _shoot(app, window,
                                                                          screenshot)))
    else:
        QTimer.singleShot(1500, window.auto_backup)
        QTimer.singleShot(1200, lambda: window.show_agenda(at_startup=True))  # «Сроки на сегодня»
    code = app.exec()
    if server is not None:
        server.close()
    db.close()
    for lock in held:
        lock.release()
    return code


def _run_started(app: QApplication, window: MainWindow, path: Path, *, screenshot: str | None,
                 create: bool, take: Callable[[Path], bool], held: list) -> int:
    """Step two of start-up, once the first screen is painted: every row read off the
    window thread, the database opened the ordinary way (checks, upgrade, recovery), the
    rest of the window built; the screenshot waits for all of it."""
    state: dict[str, object] = {}

    def go_on() -> None:
        if state:
            return
        state["db"] = None
        _set_icon(app)
        if window.registry.partial:
            window.registry.load_in_background(path)
        if not take(path):
            opened(None, ordinary=False)
            return
        # Opening checks the file (a sampled quick_check: ~1 s at 100 000 sites) and
        # imports SQLAlchemy: off the window thread, which stays responsive meanwhile.
        # A file that cannot be opened takes the ordinary way, with the recovery dialog.
        from desktop.ui.worker import run_in_background

        state["job"] = run_in_background(lambda: _open_quietly(path, create), opened,
                                         lambda exc: opened(exc, ordinary=True))

    def opened(db: Any, ordinary: bool = False) -> None:
        """Go on with the open database (None: give up); with `ordinary` or a user error
        from the worker, open it the ordinary way (the recovery dialog asks)."""
        recovered: list[Path] = []
        if ordinary or isinstance(db, UserError):
            if isinstance(db, BaseException) and not isinstance(db, UserError):
                raise db  # a bug in the worker: shown by the crash dialog
            try:
                db = open_with_recovery(path, interactive=not screenshot, create=create,
                                        lock=take, recovered=recovered)
            except UserError as exc:  # with --screenshot there is no recovery dialog to ask
                print(str(exc), file=sys.stderr)
                db = None
        if db is None:
            window.hide()
            app.exit(2)
            return
        state["db"] = db
        window.complete(db)
        if db.path != path or recovered:  # another file, or a copy restored, in the dialog
            window.setWindowTitle(f"{APP_TITLE} — {db.path.name}")
            window.refresh()
        state["server"] = _serve(window, screenshot)
        if not screenshot:  # the names of the site card's pickers, read before the first card
            from desktop.services.sites import choices
            from desktop.ui.worker import run_in_background

            run_in_background(lambda: choices(db), lambda _names: None,
                              lambda exc: log.warning("card names not read ahead: %s", exc))
        if screenshot:
            def shoot_soon() -> None:  # after the layout has caught up with the new rows
                QTimer.singleShot(50, lambda: _shoot(app, window, screenshot))

            if window.registry.loading:
                window.registry.rows_loaded.connect(shoot_soon)
            else:
                shoot_soon()
        else:
            QTimer.singleShot(1500, window.auto_backup)
            QTimer.singleShot(1200, lambda: window.show_agenda(at_startup=True))

    _report_paint(window)
    window.registry.table.first_paint.connect(lambda: QTimer.singleShot(0, go_on))
    QTimer.singleShot(1000, go_on)  # should the table never be painted (minimised)
    window.show()
    code = app.exec()
    server = state.get("server")
    if server is not None:
        server.close()  # type: ignore[attr-defined]
    db = state.get("db")
    if db is not None:
        db.close()  # type: ignore[attr-defined]
    for lock in held:
        lock.release()
    return code


# What the rest of the window imports that holds no widgets (SQLAlchemy's models, the
# services its tabs call): imported in the worker that opens the database, so that
# `MainWindow.complete` on the window thread finds them loaded (~0.6 s).
WARM_MODULES = ("desktop.models", "desktop.services.applications", "desktop.services.events",
                "desktop.services.documents", "desktop.services.people",
                "desktop.services.organisations", "desktop.services.deadlines",
                "desktop.services.centre", "desktop.services.sites",
                "desktop.exports.catalogue")


def _open_quietly(path: Path, create: bool):  # noqa: ANN202 - Database | UserError
    """Open the database in a worker thread, then import what the rest of the window
    needs; a user error is returned, not raised (it is not a failure of the worker: the
    window thread then asks what to do)."""
    import importlib

    from desktop.services.registry import profile_names
    from desktop.storage import open_database

    try:
        db = open_database(path, create=create)
    except UserError as exc:
        return exc
    for name in WARM_MODULES:
        importlib.import_module(name)
    profile_names()  # the profiles read (and kept) before `complete` asks for them
    return db


def _set_icon(app: QApplication) -> None:
    """The programme's icon (after the first paint at start-up: reading it takes ~15 ms)."""
    from desktop.ui.icons import app_icon

    app.setWindowIcon(app_icon())


def _report_paint(window: MainWindow) -> None:
    """With METODIST_REPORT_PAINT=1, print «painted» once the registry is first painted
    with rows (bench/run.py times start-up to it)."""
    if os.environ.get("METODIST_REPORT_PAINT"):
        window.registry.table.first_paint.connect(lambda: print("painted", flush=True))


def _serve(window: MainWindow, screenshot: str | None):  # noqa: ANN202 - InstanceServer | None
    """Answer a second start on the same database by raising this window."""
    if screenshot:
        return None
    from desktop.ui.single_instance import InstanceServer

    server = InstanceServer(window.db.path)

    def bring_forward() -> None:
        window.showNormal()
        window.raise_()
        window.activateWindow()

    server.raise_requested.connect(bring_forward)
    return server


def _shoot(app: QApplication, window: MainWindow, screenshot: str) -> None:
    window.grab().save(screenshot)
    app.quit()
