"""The main window: a thin assembly of menus, toolbar, tabs and the status bar.

Features hook in with `add_action(menu_key, ...)` and `add_tab(widget, title)`; any tab
with a `refresh()` method is reloaded by F5 and after undo/redo.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStyle,
    QTabWidget,
    QToolBar,
    QWidget,
)

from desktop import APP_TITLE
from desktop.errors import UserError
from desktop.logs import log_file
from desktop.ui import icons
from desktop.ui.icons import app_icon  # noqa: F401 - re-exported for desktop.ui.app
from desktop.ui.registry_view import RegistryView
from desktop.ui.widgets import fitted
from desktop.ui.worker import run_in_background

if TYPE_CHECKING:  # the other tabs and the services are imported by `complete`
    from desktop.services.registry import RegistryRow
    from desktop.storage import Database
    from desktop.ui.site_card import SiteCard

log = logging.getLogger("metodist")

MENUS = [("file", "&Файл"), ("registry", "&Реестр"), ("applications", "&Заявки"),
         ("calendar", "&Сроки"), ("events", "&Мероприятия"), ("reports", "&Отчёты"),
         ("service", "С&ервис"), ("help", "Спр&авка")]


def show_error(parent: QWidget, title: str, exc: BaseException) -> None:
    """A user error as it is; anything else as «внутренняя ошибка» with the log path."""
    from desktop.storage.checks import is_storage_error

    if is_storage_error(exc):  # locked, read-only, full disk, damaged: not a bug
        from desktop.storage.db import translate_error

        db = getattr(parent, "db", None)
        exc = translate_error(exc, db.path if db is not None else Path("база"))
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, title, str(exc))
    else:
        QMessageBox.critical(parent, title, f"Внутренняя ошибка: {exc}\n\n"
                             f"Подробности записаны в журнал: {log_file()}")


class MainWindow(QMainWindow):
    """With `db` the window is complete at once. At start-up (`db` None, the file's `path`)
    it has only the registry tab, to be painted with its first screen of rows; `complete(db)`
    adds the rest after that paint (see desktop.ui.startup)."""

    show_agenda: Callable[..., None]  # «Сроки на сегодня», set by desktop.ui.agenda.install

    def __init__(self, db: Database | None, settings: QSettings | None = None, *,
                 registry_rows: Future[list[RegistryRow]] | None = None,
                 path: Path | None = None) -> None:
        super().__init__()
        self.db = cast("Database", db)  # None only in the start-up window, until `complete`
        self.settings = settings or QSettings("metodist", "metodist")
        shown = db.path if db is not None else path
        self.setWindowTitle(f"{APP_TITLE} — {shown.name if shown else ''}")
        # The commonest office screen is 1366×768: the default fits it with its frame.
        self.resize(fitted(1340, 740))
        self.undo_stack = QUndoStack(self)

        self.menus: dict[str, QMenu] = {k: self.menuBar().addMenu(t) for k, t in MENUS}
        self.toolbar = QToolBar("Основная панель")
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        # A blank, disabled button keeps the toolbar at its full height until `complete`
        # adds the real ones: the table does not jump down after the first paint.
        blank = QPixmap(self.toolbar.iconSize())
        blank.fill(Qt.GlobalColor.transparent)
        self._placeholder = self.toolbar.addAction(QIcon(blank), " ")
        self._placeholder.setEnabled(False)

        self._stale: set[QWidget | None] = set()  # tabs to reload when next shown
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.registry = RegistryView(db, preloaded=registry_rows)
        self.registry.open_site.connect(self.open_site)
        self.add_tab(self.registry, "Реестр площадок")
        self.deadline_label = QLabel()
        self.statusBar().addWidget(self.deadline_label)
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.registry.counts_changed.connect(self._counts)
        self._restore_layout()
        if db is not None:
            self.complete(db)

    def complete(self, db: Database) -> None:
        """The other tabs, the menus' actions and the exports, on the open database."""
        from desktop.ui import export_actions
        from desktop.ui.applications_list import ApplicationsView
        from desktop.ui.calendar_view import CalendarView
        from desktop.ui.events import EventsView
        from desktop.ui.organisations import OrganisationsView
        from desktop.ui.people import PeopleView
        from desktop.ui.undo import _Command

        self.db = self.registry.db = db
        self.toolbar.removeAction(self._placeholder)
        _Command.changed = self.refresh
        self.organisations = OrganisationsView(db, self.undo_stack)
        self.calendar = CalendarView(db)
        self.calendar.open_site.connect(self.open_site)
        self.add_tab(self.organisations, "Организации")
        self.people = PeopleView(db)
        self.add_tab(self.people, "Люди")
        self.people.counts_changed.connect(self._counts)
        self.applications = ApplicationsView(db, self.undo_stack)
        self.add_tab(self.applications, "Заявки")
        self.applications.counts_changed.connect(self._counts)
        self.add_tab(self.calendar, "Сроки")
        self.events = EventsView(db)
        self.add_tab(self.events, "Мероприятия")
        self.organisations.counts_changed.connect(self._counts)
        self.tabs.currentChanged.connect(lambda _: self._refresh_current())

        self._build_actions()
        export_actions.install(self, show_error)
        from desktop.ui import documents

        documents.install(self)  # «Документы Word» from the catalogue and the «Журнал» tab
        from desktop.ui import start_page

        start_page.install(self)  # an empty database: «Начало работы» leads the first steps
        from desktop.ui import profile_notes

        def centre_rules() -> None:
            if profile_notes.CentreRulesDialog(self.db, self).exec():
                self.refresh()

        self.add_action("service", "Сроки, принятые в центре…", centre_rules)
        profile_notes.warn_broken_profiles(self)
        self.organisations.restore_state(self.settings)
        self.events.restore_state(self.settings)
        from desktop.services.registry import profile_names
        from desktop.ui.startup import remember_profile_names

        remember_profile_names(self.settings, profile_names())  # for the next start-up
        if self.registry.loading:  # start-up: its rows are being read already
            self._stale = {self.tabs.widget(i) for i in range(self.tabs.count())}
            self._stale.discard(self.registry)
            self._refresh_status(background=True)
        else:
            self.refresh()

    # -- extension points
    def add_action(self, menu_key: str, text: str, slot: Callable[[], object],
                   shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None,
                   icon: QIcon | QStyle.StandardPixmap | str | None = None,
                   toolbar: bool = False) -> QAction:
        """A menu action (and a toolbar button with `toolbar=True`); `icon` is a QIcon, a
        QStyle standard pixmap or a name from desktop.ui.icons.ACTIONS."""
        if isinstance(icon, QStyle.StandardPixmap):
            icon = self.style().standardIcon(icon)
        elif isinstance(icon, str):
            icon = icons.icon(icon)
        action = QAction(icon, text, self) if icon else QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.menus[menu_key].addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        return action

    def add_tab(self, widget: QWidget, title: str) -> int:
        """Add a tab; one with `refresh()` loads when first shown and again on F5."""
        self._stale.add(widget)
        return self.tabs.addTab(widget, title)

    def refresh(self) -> None:
        """Reload the visible tab now and the others when they are next shown (F5, after
        undo/redo, after imports): start-up loads only what is on screen."""
        self._stale = {self.tabs.widget(i) for i in range(self.tabs.count())}
        self._refresh_current()
        self._refresh_status()

    def _refresh_status(self, background: bool = False) -> None:
        """The deadlines' line of the status bar; `background`: counted off the window
        thread (start-up: 0.2 s at 100 000 sites)."""
        from desktop.services import deadlines

        if background:
            db = self.db
            self._summary_job = run_in_background(
                lambda: deadlines.summary(db), self._show_summary,
                lambda exc: log.warning("deadline summary not counted: %s", exc))
        else:
            self._show_summary(deadlines.summary(self.db))
        self._counts()

    def _show_summary(self, counts: tuple[int, int]) -> None:
        week, overdue = counts
        self.deadline_label.setText(f"Сроки на этой неделе: {week} · просрочено: {overdue}")
        self.deadline_label.setStyleSheet("color: #b3261e;" if overdue else "")

    def _refresh_current(self) -> None:
        tab = self.tabs.currentWidget()
        if tab in self._stale:
            self._stale.discard(tab)
            if hasattr(tab, "refresh"):
                tab.refresh()
        self._counts()

    # -- actions
    def _build_actions(self) -> None:
        from desktop.ui.calendar_view import TransfersDialog

        self.new_site_action = self.add_action(
            "registry", "Новая площадка…", lambda: self.open_site(None), "Ctrl+N",
            "new", toolbar=True)
        self.add_action("registry", "Открыть карточку", self._open_current)
        self.delete_action = self.add_action("registry", "Удалить площадку…",
                                             self.delete_current, QKeySequence.StandardKey.Delete,
                                             "delete")
        # Delete acts on the table only, never on text being edited elsewhere.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.registry.table.addAction(self.delete_action)
        self.menus["registry"].addSeparator()
        self.add_action("registry", "Найти", self.focus_search, QKeySequence.StandardKey.Find,
                        "find")
        self.add_action("registry", "Сбросить фильтры", self.registry.reset_filters, "Esc")
        self.add_action("registry", "Обновить", self.refresh, "F5", "refresh",
                        toolbar=True)
        self.add_action("registry", "Новая организация…",
                        lambda: self.organisations.open_card(None), icon="organisation")
        self.add_action("registry", "Импорт организаций из Excel…",
                        lambda: self.organisations.import_dialog(), icon="import")

        def import_registry() -> None:  # loaded when first used, not at start-up
            from desktop.ui.site_import import import_registry

            import_registry(self)

        self.add_action("registry", "Импорт реестра площадок из Excel…", import_registry,
                        icon="import")
        self.add_action("registry", "Люди и эксперты", lambda: self.tabs.setCurrentWidget(
            self.people))
        self.add_action("registry", "Импорт людей из Excel…",
                        lambda: self.people.import_dialog(), icon="import")

        undo = self.undo_stack.createUndoAction(self, "Отменить")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setIcon(icons.icon("undo"))
        redo = self.undo_stack.createRedoAction(self, "Повторить")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        redo.setIcon(icons.icon("redo"))
        for action in (undo, redo):
            self.menus["registry"].insertAction(self.menus["registry"].actions()[0], action)
            self.addAction(action)
        self.menus["registry"].insertSeparator(self.menus["registry"].actions()[2])
        self.toolbar.addAction(undo)

        # Ctrl+E: the exports connect their dialog here; disabled until then.
        self.export_action = self.add_action("file", "Экспорт реестра в Excel…", lambda: None,
                                             "Ctrl+E", "export", toolbar=True)
        self.export_action.setEnabled(False)
        self.menus["file"].addSeparator()
        self.add_action("file", "Резервная копия…", self.backup_to_file)
        self.add_action("file", "Восстановить из копии…", self.restore_from_file)
        self.add_action("file", "Проверить базу", self.check_database)
        self.menus["file"].addSeparator()
        self.add_action("file", "Выход", self.close, QKeySequence.StandardKey.Quit, "quit")
        self.add_action("calendar", "Календарь сроков", lambda: self.tabs.setCurrentWidget(
            self.calendar), "Ctrl+K", "calendar", toolbar=True)
        self.add_action("calendar", "Принять отчёт…", self.calendar.receive_selected)
        self.add_action("calendar", "Пересчитать сроки", self.recompute_deadlines)
        self.add_action("calendar", "Производственный календарь…",
                        lambda: TransfersDialog(self.db, self).exec())
        self.add_action("applications", "Новая заявка…",
                        lambda: self.applications.open_wizard(None), "Ctrl+Shift+N",
                        "application", toolbar=True)
        self.add_action("applications", "Заявки", lambda: self.tabs.setCurrentWidget(
            self.applications))
        self.add_action("events", "Мероприятия", lambda: self.tabs.setCurrentWidget(self.events))
        self.add_action("events", "Новое мероприятие…", self.events.new_event, "Ctrl+Shift+E")
        self.add_action("events", "Импорт участников из Excel…",
                        lambda: self.events.import_participants())
        self.add_action("events", "Справки об участии…", self.events.issue_spravki)
        self.add_action("events", "Объединить дубликаты участников…",
                        self._merge_people)
        self.add_action("service", "Создать демо-базу…", self.fill_demo)
        self.add_action("help", "О программе", self._about, icon="help")

    def _merge_people(self) -> None:
        from desktop.ui.events import MergeDialog

        if MergeDialog(self.db, self).exec():
            self.refresh()

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.registry)
        self.registry.search.setFocus()
        self.registry.search.selectAll()

    def _open_current(self) -> None:
        if self.tabs.currentWidget() is self.registry:
            site_id = self.registry.table.current_site_id()
            if site_id is not None:
                self.open_site(site_id)

    def open_site(self, site_id: int | None) -> SiteCard | None:
        """Open the card of a site (None: a new site); returns the dialog after it closed."""
        from desktop.ui.site_card import SiteCard

        try:
            card = SiteCard(self.db, site_id, self.undo_stack, self)
        except UserError as exc:
            show_error(self, "Площадка", exc)
            return None
        self.last_card = card
        if card.exec() and card.saved_id is not None:
            self.refresh()
            self.registry.select_site(card.saved_id)
        return card

    def delete_current(self) -> None:
        row = self.registry.model.row_at(self.registry.table.currentIndex().row())
        if row is None:
            return
        answer = QMessageBox.question(
            self, "Удаление площадки",
            f"Удалить площадку № {row.number} ({row.organisation})?\n"
            "Её история сохранится; удаление можно отменить (Ctrl+Z).")
        if answer != QMessageBox.StandardButton.Yes:
            return
        from desktop.ui.undo import DeleteSiteCommand

        command = DeleteSiteCommand(self.db, row.id, row.number)
        try:
            command.apply_new()
        except Exception as exc:
            show_error(self, "Удаление площадки", exc)
            return
        self.undo_stack.push(command)
        self.refresh()
        self.statusBar().showMessage(f"Площадка № {row.number} удалена. Ctrl+Z — отменить.", 8000)

    def fill_demo(self, target: Path | None = None, sites: int = 60,
                  opener: Callable[[Path], bool] | None = None) -> None:
        """Demo data into a new database of their own (desktop.ui.demo_base)."""
        from desktop.ui import demo_base

        demo_base.make_demo_base(self, target, sites=sites,
                                 opener=opener or demo_base.open_in_new_window)

    # -- backups and checks
    def auto_backup(self) -> None:
        """Today's automatic copy, made off the UI thread; a failure is only logged."""
        from desktop.storage.backup import auto_backup

        def failed(exc: BaseException) -> None:
            log.warning("automatic backup failed: %s", exc)
            if isinstance(exc, UserError):  # a damaged database, a full disk: say so
                self.statusBar().showMessage(f"Автоматическая копия не записана: {exc}")
                QMessageBox.warning(self, "Автоматическая копия", str(exc))

        run_in_background(lambda: auto_backup(self.db), lambda _p: None, failed)

    def backup_to_file(self, target: str | None = None) -> None:
        from desktop.storage.backup import make_backup

        if not target:
            target, _ = QFileDialog.getSaveFileName(
                self, "Резервная копия", f"metodist-{dt.date.today():%Y-%m-%d}.sqlite3",
                "База данных (*.sqlite3)")
        if target:
            try:
                make_backup(self.db, Path(target))
            except UserError as exc:
                show_error(self, "Резервная копия", exc)
                return
            self.statusBar().showMessage(f"Резервная копия записана: {target}", 8000)

    def restore_from_file(self, source: str | None = None, confirm: bool = True) -> bool:
        from desktop.storage.backup import check_candidate, restore

        if not source:
            source, _ = QFileDialog.getOpenFileName(self, "Восстановить из копии", "",
                                                    "База данных (*.sqlite3 *.db)")
        if not source:
            return False
        try:
            check_candidate(Path(source))
        except UserError as exc:
            show_error(self, "Восстановление", exc)
            return False
        from desktop.ui.progress import run_with_progress
        from desktop.ui.recovery import confirm_restore

        if confirm and not confirm_restore(self, Path(source), self.db.path):
            return False
        self.db.engine.dispose()  # the engine reconnects to the restored file on next use
        done = run_with_progress(  # off the window thread: ~2 min at 100 000 sites
            self, "Восстановление", "Восстановление базы из копии…",
            lambda _progress: (restore(Path(source), self.db.path),), cancellable=False)
        if done is None:
            return False
        aside = done[0]
        self.undo_stack.clear()
        self.refresh()
        self.statusBar().showMessage(
            f"База восстановлена. Прежняя сохранена: {aside.name if aside else '—'}", 10000)
        return True

    def check_database(self) -> list[str]:
        from desktop.services.integrity import check_database

        problems = check_database(self.db)
        if problems:
            QMessageBox.warning(self, "Проверка базы", "Найдены нарушения:\n— "
                                + "\n— ".join(problems[:30]))
        else:
            self.statusBar().showMessage("Проверка пройдена: нарушений не найдено.", 8000)
        return problems

    def recompute_deadlines(self) -> None:
        def done(count: object) -> None:
            self.refresh()
            self.statusBar().showMessage(f"Сроки пересчитаны (изменений: {count}).", 6000)

        from desktop.services import deadlines

        run_in_background(lambda: deadlines.recompute_all(self.db), done,
                          lambda exc: show_error(self, "Сроки", exc))

    def _about(self) -> None:
        from desktop import __version__

        QMessageBox.about(self, "О программе",
                          f"<b>{APP_TITLE}</b><br>Версия {__version__}<br>"
                          f"База данных: {self.db.path}")

    # -- status bar and layout
    def _counts(self, text: str | None = None) -> None:
        current = self.tabs.currentWidget()
        if current is self.registry:
            self.count_label.setText(self.registry.count_text())
        elif text is not None and self.sender() is current:
            self.count_label.setText(text)
        elif current is getattr(self, "organisations", None):
            self.count_label.setText(f"Организаций: {self.organisations.model.rowCount()}")

    def _restore_layout(self) -> None:
        geometry = self.settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        self.registry.restore_state(self.settings)

    def save_layout(self) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        self.registry.save_state(self.settings)
        if hasattr(self, "organisations"):  # closed before start-up completed
            self.organisations.save_state(self.settings)
            self.events.save_state(self.settings)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
