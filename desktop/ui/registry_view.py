"""The registry tab: search field, filters, the table, an empty state; no SQL here."""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import Future
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.registry import (
    STATUS_NAMES,
    RegistryFilter,
    RegistryRow,
    academic_years,
    filter_rows,
    load_rows,
)
from desktop.text import plural
from desktop.ui.choices import MultiCombo
from desktop.ui.registry_model import COLUMNS, SITE_ID_ROLE, RegistryModel
from desktop.ui.tables import TableHabits

if TYPE_CHECKING:
    from pathlib import Path

    from desktop.storage import Database

log = logging.getLogger("metodist")

EMPTY_TEXT = ("<h3>Реестр пуст</h3><p>Создайте площадку (Ctrl+N) или заявку "
              "(Ctrl+Shift+N). Попробовать программу на вымышленных данных можно в отдельной "
              "базе: <b>Сервис → Создать демо-базу…</b> (эта база не изменится).</p>")
NOTHING_FOUND = ("<h3>Ничего не найдено</h3><p>Измените строку поиска или сбросьте фильтры "
                 "(Esc).</p>")


class RegistryTable(QTableView):
    """Enter opens the selected site, like a double click."""

    activated_site = Signal(int)
    first_paint = Signal()  # start-up goes on once the first screen is on the screen
    _painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_paint.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            site_id = self.current_site_id()
            if site_id is not None:
                self.activated_site.emit(site_id)
                return
        super().keyPressEvent(event)

    def current_site_id(self) -> int | None:
        idx = self.currentIndex()
        return self.model().data(idx, SITE_ID_ROLE) if idx.isValid() else None


class RegistryView(QWidget):
    """Everything of the «Реестр площадок» tab; emits `open_site(id)` and `counts(text)`."""

    open_site = Signal(int)
    counts_changed = Signal(str)
    rows_loaded = Signal()  # every row is in (after `load_in_background`)

    def __init__(self, db: Database | None, parent: QWidget | None = None, *,
                 today: dt.date | None = None,
                 preloaded: Future[list[RegistryRow]] | None = None) -> None:
        super().__init__(parent)
        self.db = cast("Database", db)  # None only in the start-up window, until complete
        self.today = today
        self._all: list[RegistryRow] = []
        # Rows being read in a background thread since start-up (see desktop.ui.app):
        # the first refresh takes them instead of querying again.
        self._preloaded = preloaded
        # Start-up shows the first screen of rows (`show_first_screen`) and reads the rest
        # off the window thread (`load_in_background`); a refresh asked for meanwhile
        # waits for that read and then reloads.
        self._total: int | None = None  # sites in the registry while only some are shown
        self._all_order: object = None  # the sort `_all` is in (the model's when filtering)
        self._last: tuple[RegistryFilter, list[RegistryRow]] | None = None  # filter, rows
        self._loading = False
        self._reload = False
        self.model = RegistryModel(self)

        self.search = QLineEdit(placeholderText="Поиск: организация, тема, руководитель, проект…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        self.profile = MultiCombo()  # several values at once: ticks in the popup
        self.kind = MultiCombo()
        self.status = MultiCombo()
        self.year = QComboBox()
        self.overdue = QCheckBox("есть просроченные сроки")
        self.profile.addItem("Все профили", "")
        self.kind.addItem("Все виды", "")
        self.status.addItem("Все статусы", "")
        for code, name in STATUS_NAMES.items():
            self.status.addItem(name, code)
        if db is not None:  # at start-up, once every row is in (the profiles are not read yet)
            self._fill_profiles()
        for combo in (self.profile, self.kind, self.status, self.year):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for label, widget in (("Профиль:", self.profile), ("Вид:", self.kind),
                              ("Статус:", self.status), ("Учебный год:", self.year)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget, 1)
        filters.addWidget(self.overdue)

        self.table = RegistryTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        for i, col in enumerate(COLUMNS):
            self.table.setColumnWidth(i, col.width)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        # Several rows, Ctrl+C, context menu, «Экспорт того, что на экране», print.
        self.habits = TableHabits(
            self.table, "Реестр площадок", describe=self.filter_lines,
            open_row=lambda: self._double_clicked(self.table.currentIndex()),
            extra=[("Печать карточки площадки…", self.print_card)],
            centre=self._centre_name)

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)

        # Typing is debounced a little; the filter itself is a list scan (a few ms at 10 000).
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._timer.start)
        self.profile.changed.connect(self._profile_changed)
        self.kind.changed.connect(self.apply_filter)
        self.status.changed.connect(self.apply_filter)
        self.year.currentIndexChanged.connect(self.apply_filter)
        self.overdue.toggled.connect(self.apply_filter)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.activated_site.connect(self.open_site)

    # -- loading and filtering
    def refresh(self) -> None:
        """Reload rows from the database, keeping the filter and the selection."""
        if self._loading:
            self._reload = True
            return
        preloaded, self._preloaded = self._preloaded, None
        if preloaded is not None and self.today is None:
            self.show_rows(preloaded.result())
        else:
            self.show_rows(load_rows(self.db, self.today or dt.date.today()))

    def show_first_screen(self, rows: list[RegistryRow], total: int) -> None:
        """The first screen of rows (already in the header's order) while the rest loads."""
        self._all, self._total = rows, total
        self._all_order = self._last = None
        self.model.use_rows(rows)
        self.apply_filter()

    def load_in_background(self, path: Path) -> None:
        """Read every row off the window thread; they replace the first screen when read."""
        from desktop.ui.startup import read_all
        from desktop.ui.worker import run_in_background

        today = self.today or dt.date.today()
        self._loading = True
        self._load_job = run_in_background(lambda: read_all(path, today), self._loaded,
                                           self._load_failed)

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def partial(self) -> bool:
        """Only the first screen of rows is in (start-up)."""
        return self._total is not None

    def _loaded(self, rows: list[RegistryRow]) -> None:
        self._loading = False
        self.show_rows(rows)
        self.rows_loaded.emit()
        if self._reload:
            self._reload = False
            self.refresh()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = self._reload = False
        log.warning("registry rows not read in the background: %s", exc)
        self.refresh()  # the ordinary way: an error is shown by whoever refreshes
        self.rows_loaded.emit()

    def show_rows(self, rows: list[RegistryRow]) -> None:
        """Every row of the registry, keeping the filter and the selection."""
        selected = self.table.current_site_id()
        self._fill_profiles()
        self._all, self._total = rows, None
        self._all_order = self._last = None
        self.model.use_rows(rows)
        current_year = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem("Все годы", None)
        for y in academic_years(self._all):
            self.year.addItem(f"{y}/{y + 1}", y)
        i = self.year.findData(current_year)
        self.year.setCurrentIndex(max(i, 0))
        self.year.blockSignals(False)
        self.apply_filter()
        if selected is not None:
            self.select_site(selected)

    def current_filter(self) -> RegistryFilter:
        return RegistryFilter(
            text=self.search.text(), profiles=self.profile.values(), kinds=self.kind.values(),
            statuses=self.status.values(), year=self.year.currentData(),
            overdue_only=self.overdue.isChecked(),
        )

    def filter_lines(self) -> list[str]:
        """The filter in words, printed under the title of an export or a print."""
        parts = [f"{name} — {combo.summary()}" for name, combo in
                 (("профиль", self.profile), ("вид", self.kind), ("статус", self.status))
                 if combo.values()]
        if self.year.currentData():
            parts.append(f"учебный год {self.year.currentText()}")
        if self.overdue.isChecked():
            parts.append("есть просроченные сроки")
        if self.search.text().strip():
            parts.append(f"поиск «{self.search.text().strip()}»")
        return ["Отбор: " + "; ".join(parts) if parts else "Отбор: все площадки"]

    def _centre_name(self) -> str:
        from desktop.services.centre import centre_name  # SQLAlchemy: not at start-up

        return centre_name(self.db)

    def print_card(self) -> None:
        site_id = self.table.current_site_id()
        if site_id is not None:
            from desktop.ui.print_preview import print_site_card

            self.card_preview = print_site_card(self, self.db, site_id)

    def apply_filter(self) -> None:
        self._timer.stop()
        f = self.current_filter()
        # All rows are kept in the table's sort order, so what the filter leaves needs no
        # sorting; typing on filters what the previous keystroke left (100 000 sites).
        order = self.model.sort_state()
        if order != self._all_order:
            self._all, self._all_order, self._last = self.model.sorted(self._all), order, None
        base = self._last[1] if self._last and f.narrows(self._last[0]) else self._all
        rows = filter_rows(base, f)
        self._last = (f, rows)
        # what a filter leaves is part of `_all`: as many rows is all of them
        self.model.set_rows(rows, presorted=True, whole=len(rows) == len(self._all))
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        self.empty.setText(EMPTY_TEXT if not self._all else NOTHING_FOUND)
        self.counts_changed.emit(self.count_text())

    def count_text(self) -> str:
        if self._total is not None:  # start-up: the first screen is in, the rest is read
            return f"Загрузка реестра… ({self._total})"
        shown, total = self.model.rowCount(), len(self._all)
        if shown == total:
            return f"В реестре {plural(total, 'площадка', 'площадки', 'площадок')}"
        return f"Показано {plural(shown, 'площадка', 'площадки', 'площадок')} из {total}"

    def reset_filters(self) -> None:
        for multi in (self.profile, self.kind, self.status):
            multi.set_values(set())
        self.year.setCurrentIndex(0)
        self.overdue.setChecked(False)
        self.search.clear()
        self.apply_filter()

    def select_site(self, site_id: int) -> None:
        row = self.model.row_of(site_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _fill_profiles(self) -> None:
        from desktop.profiles import all_profiles

        if self.profile.count() == 1:
            for p in all_profiles():
                self.profile.addItem(p.municipality, p.id)
            self._fill_kinds()

    def _fill_kinds(self) -> None:
        from desktop.profiles import all_profiles

        kept = self.kind.values()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem("Все виды", "")
        chosen = self.profile.values()
        codes: list[str] = []
        for p in all_profiles():
            if not chosen or p.id in chosen:
                codes += [k.code for k in p.kinds if k.code not in codes]
        for code in codes:
            self.kind.addItem(code, code)
        self.kind.set_values(kept & set(codes))
        self.kind.blockSignals(False)

    def _profile_changed(self) -> None:
        self._fill_kinds()
        self.apply_filter()

    def _double_clicked(self, index) -> None:  # noqa: ANN001
        site_id = self.model.data(index, SITE_ID_ROLE)
        if site_id is not None:
            self.open_site.emit(site_id)

    # -- columns
    def _column_menu(self, pos) -> None:  # noqa: ANN001
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        menu.addSection("Столбцы")
        for i, col in enumerate(COLUMNS):
            action = QAction(col.header, menu, checkable=True)
            action.setChecked(not header.isSectionHidden(i))
            action.toggled.connect(lambda on, i=i: header.setSectionHidden(i, not on))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction("Вернуть столбцы по умолчанию", self.reset_columns)
        menu.exec(header.mapToGlobal(pos))

    def reset_columns(self) -> None:
        header = self.table.horizontalHeader()
        for i, col in enumerate(COLUMNS):
            header.setSectionHidden(i, False)
            header.moveSection(header.visualIndex(i), i)
            self.table.setColumnWidth(i, col.width)

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("registry/header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("registry/header")
        if state is not None:
            header = self.table.horizontalHeader()
            header.restoreState(state)
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
