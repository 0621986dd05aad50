"""Qt table model over the in-memory registry rows; columns defined once in COLUMNS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services.registry import RegistryRow, RowOrders
from desktop.text import short_date

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class RegistryColumn:
    key: str  # RegistryRow attribute used for sorting
    header: str
    width: int
    text: Callable[[RegistryRow], str]


def _term(r: RegistryRow) -> str:
    return f"{short_date(r.term_start)} – {short_date(r.term_end)}" if r.term_start else ""


def _next_due(r: RegistryRow) -> str:
    """The next open deadline; a site with an overdue one is marked (and shown in red)."""
    text = short_date(r.next_due)
    if r.last_late:  # the last report came late: marked, the tooltip says by how much
        text = f"{text} ⏱".strip()
    return f"⚠ {text or 'просрочен'}" if r.overdue else text


COLUMNS: list[RegistryColumn] = [
    RegistryColumn("number", "№", 80, lambda r: r.number),
    RegistryColumn("organisation", "Организация", 170, lambda r: r.organisation),
    RegistryColumn("kind", "Вид", 90, lambda r: r.kind),
    RegistryColumn("profile", "Профиль", 115, lambda r: r.profile),
    RegistryColumn("theme", "Тема", 200, lambda r: r.theme),
    RegistryColumn("direction", "Направление", 110, lambda r: r.direction),
    RegistryColumn("leader", "Руководитель", 115, lambda r: r.leader),
    RegistryColumn("coleader", "Соруководитель", 115, lambda r: r.coleader),
    RegistryColumn("term_start", "Срок", 170, _term),
    RegistryColumn("status", "Статус", 90, lambda r: r.status_name),
    RegistryColumn("next_due", "Ближайший срок", 115, _next_due),
    RegistryColumn("certificate", "№ свидетельства", 100, lambda r: r.certificate),
]

OVERDUE_BRUSH = QBrush(QColor("#b3261e"))
INACTIVE_BRUSH = QBrush(QColor("#777777"))
SITE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class RegistryModel(QAbstractTableModel):
    """Rows are set as a whole (`set_rows`); sorting sorts the list, not a proxy."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RegistryRow] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._orders = RowOrders()  # every row the view has, sorted once per column
        self._whole = False  # the rows shown are every row given to `use_rows`

    def use_rows(self, rows: list[RegistryRow]) -> None:
        """The rows were read again: `rows` is every row that will be shown or filtered;
        their orders are made anew, each when first asked for."""
        self._orders = RowOrders(rows)

    # -- data
    def set_rows(self, rows: list[RegistryRow], presorted: bool = False,
                 whole: bool = False) -> None:
        """Show `rows`; `presorted`: they are in the model's sort order already; `whole`:
        they are every row given to `use_rows` (no filter), so a sort copies a kept order."""
        self.beginResetModel()
        self._rows = list(rows)
        self._whole = whole
        if self._sort and not presorted:
            self._sort_list(*self._sort)
        self.endResetModel()

    def sort_state(self) -> tuple[int, Qt.SortOrder] | None:
        return self._sort

    def sorted(self, rows: list[RegistryRow]) -> list[RegistryRow]:
        """Every row given to `use_rows` (`rows`), in the model's sort order."""
        if not self._sort:
            return rows
        column, order = self._sort
        return self._orders.sort(rows, COLUMNS[column].key,
                                 order == Qt.SortOrder.DescendingOrder, whole=True)

    def rows(self) -> list[RegistryRow]:
        return self._rows

    def row_at(self, row: int) -> RegistryRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, site_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.id == site_id:
                return i
        return -1

    # -- Qt interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(r)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col.key == "next_due" and (r.overdue or r.last_late):
                return "\n".join(t for t in (
                    "У площадки есть просроченный срок (фильтр «есть просроченные сроки»)."
                    if r.overdue else "",
                    f"⏱ Последний отчёт получен с опозданием на {r.last_late} дн."
                    if r.last_late else "") if t)
            if col.key in ("theme", "direction", "organisation", "profile", "term_start"):
                return col.text(r)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col.key == "next_due" and r.overdue:
                return OVERDUE_BRUSH
            if r.status != "active":
                return INACTIVE_BRUSH
        if role == SITE_ID_ROLE:
            return r.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].header
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._sort == (column, order):  # the rows are in this order already: the
            return  # table's sortByColumn asks twice (indicator changed, then the sort)
        self.beginResetModel()
        self._sort = (column, order)
        self._sort_list(column, order)
        self.endResetModel()

    def _sort_list(self, column: int, order: Qt.SortOrder) -> None:
        # ties by site id, as the first screen
        self._rows = self._orders.sort(self._rows, COLUMNS[column].key,
                                       order == Qt.SortOrder.DescendingOrder, self._whole)
