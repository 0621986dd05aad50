"""The «Мероприятия» tab's lists as a model and a view: rows are the service's plain records,
texts are made only for the cells on screen (10 000 participants cost nothing until shown;
a QTableWidget made 50 000 items first, over a second on the window thread).

Columns are defined once (`Column`: header, width, text, sort key); a header click sorts
(case and ё ignored, empty values last either way), a third state is the service's order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from desktop.text import fold

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
KEY_ROLE = Qt.ItemDataRole.UserRole  # the row's id (event or person)
MUTED = QBrush(QColor("#777777"))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header and width, the text of a row, and how it sorts (`key`:
    a value compared as it is, e.g. a number or a date; default: the folded text)."""

    header: str
    width: int
    text: Callable[[R], str]
    key: Callable[[R], Any] | None = None
    right: bool = False  # numbers: aligned right
    tip: bool = False  # long texts: the whole text in the tooltip


class ListModel(QAbstractTableModel, Generic[R]):
    """Read-only rows of one kind; `set_rows` replaces them all (one model reset)."""

    def __init__(self, columns: Sequence[Column[R]], key: Callable[[R], int], *,
                 muted: Callable[[R], bool] | None = None, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.key = key
        self.muted = muted
        self._given: list[R] = []  # in the service's order
        self._rows: list[R] = []  # as shown
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    # -- rows
    def set_rows(self, rows: list[R]) -> None:
        self.beginResetModel()
        self._given = list(rows)
        self._rows = self._sorted(*self._sort)
        self.endResetModel()

    def rows(self) -> list[R]:
        return self._rows

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: object) -> int:
        """The row showing the record with this id (-1: none)."""
        return next((i for i, r in enumerate(self._rows) if self.key(r) == key), -1)

    # -- Qt interface
    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole or (role == Qt.ItemDataRole.ToolTipRole
                                                   and col.tip):
            return col.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.right:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and self.muted is not None \
                and self.muted(row):
            return MUTED
        if role == KEY_ROLE:
            return self.key(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == self._sort:
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._rows = self._sorted(column, order)
        self.layoutChanged.emit()

    def _sorted(self, column: int, order: Qt.SortOrder) -> list[R]:
        if not 0 <= column < len(self.columns):
            return list(self._given)
        col = self.columns[column]
        if col.key is not None:
            keyed = [(col.key(r), r) for r in self._given]
        else:
            keyed = [(fold(col.text(r)), r) for r in self._given]
        filled = [(k, r) for k, r in keyed if k not in ("", None)]
        filled.sort(key=lambda kr: kr[0], reverse=order == Qt.SortOrder.DescendingOrder)
        return [r for _k, r in filled] + [r for k, r in keyed if k in ("", None)]


def list_view(model: ListModel[Any]) -> QTableView:
    """A read-only table over `model`: whole rows selected, columns at their widths,
    sorted by a header click."""
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the service's order first
    header.setSortIndicatorClearable(True)  # a third click: the service's order again
    view.setSortingEnabled(True)
    for c, col in enumerate(model.columns):
        view.setColumnWidth(c, col.width)
    return view


def current_key(view: QTableView) -> int | None:
    """The id of the record in the view's current row (None: no current row)."""
    index = view.currentIndex()
    return index.siblingAtColumn(0).data(KEY_ROLE) if index.isValid() else None
