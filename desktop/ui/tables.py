"""Tables that behave like Excel: several rows selected at once (Shift/Ctrl+click), Ctrl+C
copies the selected rows with the header as tab-separated text (pastes into Excel as
cells), and a context menu — open, copy, export the selection or «what is on screen»
(the visible columns in their order, the rows the filter shows, in their sort), print.

`TableHabits(view, title, ...)` adds all of that to any QTableView or QTableWidget; the
views keep their own model. What is exported or printed is the text as shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTableView,
)

from desktop.text import plural

if TYPE_CHECKING:
    from desktop.exports.table_xlsx import TableData

Lines = Callable[[], list[str]]


def tsv(headers: list[str], rows: list[list[str]]) -> str:
    """Tab-separated text as Excel pastes it: a cell with a tab, a line break or a quote is
    quoted (quotes doubled); lines end with CRLF like Excel's own copy."""
    def cell(text: str) -> str:
        if any(ch in text for ch in '\t\n\r"'):
            return '"' + text.replace('"', '""') + '"'
        return text

    return "".join("\t".join(cell(v) for v in row) + "\r\n" for row in [headers, *rows])


class TableHabits(QObject):
    """Multi-row selection, Ctrl+C, context menu, export and print for one table view.

    `title()` names the list (the workbook's and the print's title); `describe()` gives the
    lines under it (the filter in words); `open_row()` opens the current row; `extra` adds
    (text, callback) items to the menu; `centre()` gives the centre's name for titles.
    """

    exported = Signal(object)  # ExportResult, after a background export finished

    def __init__(self, view: QTableView, title: str | Callable[[], str], *,
                 describe: Lines | None = None, open_row: Callable[[], object] | None = None,
                 extra: list[tuple[str, Callable[[], object]]] | None = None,
                 centre: Callable[[], str] | None = None) -> None:
        super().__init__(view)
        self.view = view
        self.title = title if callable(title) else (lambda: title)
        self.describe = describe or (lambda: [])
        self.open_row = open_row
        self.extra = extra or []
        self.centre = centre or (lambda: "")
        self.last_dialog: object | None = None
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._menu)
        view.installEventFilter(self)

    # -- what the table shows
    def columns(self) -> list[int]:
        """Logical indexes of the visible columns, in the order they are shown."""
        header = self.view.horizontalHeader()
        model = self.view.model()
        order = [header.logicalIndex(v) for v in range(header.count())]
        return [c for c in order if 0 <= c < model.columnCount() and not header.isSectionHidden(c)]

    def selected_rows(self) -> list[int]:
        """Rows selected, top to bottom; the current row when nothing is selected."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return rows

    def data(self, selection: bool = False) -> TableData:
        """The table as plain text: visible columns in order, all rows or the selected."""
        model = self.view.model()
        cols = self.columns()
        rows = self.selected_rows() if selection else range(model.rowCount())
        headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in cols]
        text = [[_text(model.index(r, c).data()) for c in cols] for r in rows]
        lines = list(self.describe())
        count = plural(len(text), "строка", "строки", "строк")
        lines.append(f"Выделено: {count}" if selection else f"Показано: {count}")
        from desktop.exports.table_xlsx import TableData  # openpyxl: not at start-up

        return TableData(self.title(), headers, text, [self.view.columnWidth(c) for c in cols],
                         lines, self.centre())

    # -- actions
    def copy(self) -> str:
        """Copy the selected rows with the header; returns the text put on the clipboard."""
        data = self.data(selection=True)
        if not data.rows:
            return ""
        text = tsv(data.headers, data.rows)
        QGuiApplication.clipboard().setText(text)
        self._notify(f"Скопировано: {plural(len(data.rows), 'строка', 'строки', 'строк')} "
                     "с заголовками — вставьте в Excel (Ctrl+V).")
        return text

    def export(self, selection: bool = False, path: Path | str | None = None) -> None:
        """Write what is on screen (or the selection) to a workbook, in the background."""
        from desktop.ui.worker import run_in_background

        data = self.data(selection)
        if not path:
            name = f"{data.title}.xlsx".replace("/", "-").replace(":", " ")
            chosen, _ = QFileDialog.getSaveFileName(self.view, "Экспорт в Excel", name,
                                                    "Книги Excel (*.xlsx)")
            if not chosen:
                return
            path = chosen
        target = Path(path)

        def write():  # noqa: ANN202 - runs in the worker: plain data only
            from desktop.exports.table_xlsx import write_table

            return write_table(data, target)

        def done(result: object) -> None:
            self._notify(f"Записано: {plural(result.rows, 'строка', 'строки', 'строк')} "  # type: ignore[attr-defined]
                         f"в {target}")
            self.exported.emit(result)

        def failed(exc: BaseException) -> None:
            from desktop.errors import UserError

            text = str(exc) if isinstance(exc, UserError) else f"Внутренняя ошибка: {exc}"
            QMessageBox.warning(self.view, "Экспорт в Excel", text)

        self.job = run_in_background(write, done, failed)

    def print_preview(self, selection: bool = False) -> object:
        """The list (or the selection) in the print preview."""
        from desktop.ui.print_preview import preview, table_html

        data = self.data(selection)
        self.last_dialog = preview(table_html(data), data.title, self.view,
                                   landscape=len(data.headers) > 4)
        return self.last_dialog

    # -- plumbing
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() in (QEvent.Type.KeyPress,
                                                     QEvent.Type.ShortcutOverride):
            if event.matches(QKeySequence.StandardKey.Copy):  # type: ignore[attr-defined]
                if event.type() == QEvent.Type.KeyPress:
                    self.copy()
                event.accept()
                return True
        return super().eventFilter(watched, event)

    def menu(self) -> QMenu:
        """The context menu for the current selection (built fresh each time)."""
        menu = QMenu(self.view)
        several = len(self.selected_rows()) > 1
        if self.open_row is not None:
            menu.addAction("Открыть", self.open_row).setEnabled(not several)
        copy = menu.addAction("Копировать строки с заголовками", self.copy)
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        menu.addSeparator()
        menu.addAction("Экспорт выделенного в Excel…", lambda: self.export(True))
        menu.addAction("Экспорт того, что на экране…", lambda: self.export(False))
        menu.addSeparator()
        menu.addAction("Печать списка…", lambda: self.print_preview(False))
        menu.addAction("Печать выделенного…", lambda: self.print_preview(True))
        if self.extra:
            menu.addSeparator()
            for text, callback in self.extra:
                menu.addAction(text, callback).setEnabled(not several)
        return menu

    def _menu(self, pos) -> None:  # noqa: ANN001 - QPoint
        if not self.view.indexAt(pos).isValid() and self.view.model().rowCount() == 0:
            return
        menu = self.menu()
        self.last_menu = menu
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def _notify(self, text: str) -> None:
        window = self.view.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)


def _text(value: object) -> str:
    return "" if value is None else str(value)
