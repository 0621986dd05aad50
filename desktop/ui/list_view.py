"""What the directory tabs (Организации, Люди, Заявки) share: a search box and filters above
a sortable table of the service's plain rows, the buttons and the count below.

`ListTab` keeps one place for each habit: the debounced search re-filters the loaded rows,
the count says «N из M» while a filter hides some, selection enables the buttons, a
double-click opens the row, an action asks, runs and shows a refusal the same way, the
header's widths and order are remembered. A tab gives its columns, `load()` (all rows from
its service), `visible_rows()` (its filters), `enable()` and `open_current()`. The model
is the events tab's `ListModel` (columns defined once).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.text import plural
from desktop.ui.events.table import Column, ListModel
from desktop.ui.widgets import SearchField

__all__ = ["Column", "ListModel", "ListTab", "list_table"]


def list_table(model: ListModel[Any], *, stretch: bool = True, wrap: bool = True) -> QTableView:
    """A read-only table over `model`: whole rows selected (several with Shift/Ctrl), sorted
    by a header click, columns at their widths; `stretch` widens the last column to the
    edge, `wrap` lets a long text take two lines."""
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.verticalHeader().setVisible(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(wrap)
    view.horizontalHeader().setStretchLastSection(stretch)
    for c, col in enumerate(model.columns):
        view.setColumnWidth(c, col.width)
    return view


class ListTab(QWidget):
    """A directory tab over plain rows; `counts_changed(text)` feeds the status bar.

    NOUNS are the count's word forms (1, 2, 5), STATUS the status bar's word, STATE_KEY
    the settings group of the remembered header.
    """

    counts_changed = Signal(str)
    NOUNS: tuple[str, str, str] = ("запись", "записи", "записей")
    STATUS = "Записей"
    STATE_KEY = "list"

    def __init__(self, model: ListModel[Any], hint: str, parent: QWidget | None = None, *,
                 stretch: bool = True, wrap: bool = True) -> None:
        super().__init__(parent)
        self.all_rows: list[Any] = []
        self.model = model
        self.search = SearchField(hint)
        self.table = list_table(model, stretch=stretch, wrap=wrap)
        self.count = QLabel()
        self.search.search.connect(lambda _t: self.show_rows())
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(lambda *_: self.enable())
        selection.currentRowChanged.connect(lambda *_: self.enable())
        self.table.doubleClicked.connect(lambda _i: self.open_current())

    def lay_out(self, top: Sequence[QWidget], buttons: Sequence[QWidget] = (),
                body: QWidget | None = None) -> None:
        """The search box with `top` beside it, `body` (the table) and, when there are
        `buttons`, a row of them with the count at its right end."""
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        for widget in top:
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(row)
        layout.addWidget(body or self.table, 1)
        if buttons:
            bottom = QHBoxLayout()
            for button in buttons:
                bottom.addWidget(button)
            bottom.addStretch(1)
            bottom.addWidget(self.count)
            layout.addLayout(bottom)
        self.enable()

    # -- the rows
    def load(self) -> list[Any]:
        """All the rows, from the tab's service."""
        raise NotImplementedError

    def visible_rows(self) -> list[Any]:
        """The loaded rows the search and filters let through."""
        return list(self.all_rows)

    def refresh(self) -> None:
        self.all_rows = self.load()
        self.show_rows()

    def show_rows(self) -> None:
        rows = self.visible_rows()
        self.model.set_rows(rows)
        self.show_count(len(rows))
        self.enable()

    def show_count(self, shown: int) -> None:
        text = plural(shown, *self.NOUNS)
        total = len(self.all_rows)
        self.count.setText(text if shown == total else f"{text} из {total}")
        self.counts_changed.emit(f"{self.STATUS}: {shown}")

    # -- selection
    def selected(self) -> list[Any]:
        """The selected rows, top to bottom."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [r for r in map(self.model.row_at, rows) if r is not None]

    def current_row(self) -> Any | None:
        return self.model.row_at(self.table.currentIndex().row())

    def current(self) -> int | None:
        """The id of the current row (None: no current row)."""
        row = self.current_row()
        return None if row is None else self.model.key(row)

    def select(self, key: int) -> None:
        row = self.model.row_of(key)
        if row >= 0:
            self.table.selectRow(row)

    def enable(self) -> None:
        """Enable the buttons that fit the selection."""

    def act(self, title: str, question: str | None, action: Callable[[], object]) -> bool:
        """Ask `question` (None: do not ask), run the service call, read the list again.
        A refusal is shown as it is, in a box titled `title`; True when done."""
        if question and QMessageBox.question(self, title, question) \
                != QMessageBox.StandardButton.Yes:
            return False
        try:
            action()
        except UserError as exc:
            QMessageBox.warning(self, title, str(exc))
            return False
        self.refresh()
        return True

    def open_current(self) -> None:
        """What a double-click on a row does."""

    # -- remembered between sessions
    def save_state(self, settings: QSettings) -> None:
        settings.setValue(f"{self.STATE_KEY}/header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        header = settings.value(f"{self.STATE_KEY}/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
