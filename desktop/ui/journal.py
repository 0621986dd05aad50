"""The «Журнал» tab: outgoing documents (исходящие: orders, notices, letters, invitations)
and received packages (входящие), by year; the numbering formats; export to Excel through
the tables' own «what is on screen» workbook; a double click opens the record."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.storage import Database
from desktop.text import plural

DIRECTIONS = (("out", "Исходящие"), ("in", "Входящие"))
ALL_YEARS = 0


class NumberingDialog(QDialog):
    """The formats of outgoing and incoming numbers, e.g. «{n}/01-15»."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        from desktop.services.journal import IN, OUT, numbering

        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Нумерация документов")
        form = QFormLayout(self)
        form.addRow(QLabel("{n} — порядковый номер (с 1 января каждого года заново), "
                           "{year} — год. Например: «{n}/01-15», «01-15/{n}»."))
        current = numbering(db)
        self.out_format, self.in_format = QLineEdit(current[OUT]), QLineEdit(current[IN])
        form.addRow("Исходящие:", self.out_format)
        form.addRow("Входящие:", self.in_format)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        from desktop.errors import ValidationError
        from desktop.services.journal import set_numbering

        try:
            set_numbering(self.db, self.out_format.text(), self.in_format.text())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class JournalView(QWidget):
    """Both journals in one table, switched by a combo; filtered by year."""

    def __init__(self, db: Database, window=None) -> None:  # noqa: ANN001 - MainWindow
        super().__init__()
        from desktop.ui.tables import TableHabits

        self.db, self.window_ = db, window
        self.rows: list = []
        bar = QHBoxLayout()
        self.direction = QComboBox()
        for code, title in DIRECTIONS:
            self.direction.addItem(title, code)
        self.year = QComboBox()
        this_year = dt.date.today().year
        self.year.addItem("Все годы", ALL_YEARS)
        for y in range(this_year + 1, this_year - 10, -1):
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(self.year.findData(this_year))
        self.count = QLabel()
        numbering_button = QPushButton("Нумерация…")
        export_button = QPushButton("В Excel…")
        bar.addWidget(QLabel("Журнал:"))
        bar.addWidget(self.direction)
        bar.addWidget(QLabel("Год:"))
        bar.addWidget(self.year)
        bar.addWidget(self.count, 1)
        bar.addWidget(numbering_button)
        bar.addWidget(export_button)
        self.table = QTableWidget(0, 5)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.habits = TableHabits(self.table, self.title, describe=self.describe,
                                  open_row=self.open_row)
        self.direction.currentIndexChanged.connect(lambda _: self.refresh())
        self.year.currentIndexChanged.connect(lambda _: self.refresh())
        numbering_button.clicked.connect(self.edit_numbering)
        export_button.clicked.connect(lambda: self.habits.export())
        self.table.doubleClicked.connect(lambda _: self.open_row())

    def title(self) -> str:
        return ("Журнал исходящих документов" if self.direction.currentData() == "out"
                else "Журнал входящих документов")

    def describe(self) -> list[str]:
        year = self.year.currentData()
        return [f"За {year} год" if year else "За все годы"]

    def refresh(self) -> None:
        from desktop.services.journal import HEADERS, entries, table_rows

        direction = self.direction.currentData()
        self.rows = entries(self.db, direction, self.year.currentData() or None)
        self.table.setHorizontalHeaderLabels(HEADERS[direction])
        lines = table_rows(self.rows)
        self.table.setRowCount(len(lines))
        for r, line in enumerate(lines):
            for c, text in enumerate(line):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        for c, width in enumerate((90, 135, 190, 420)):
            self.table.setColumnWidth(c, width)
        self.count.setText("  " + plural(len(lines), "запись", "записи", "записей"))

    def edit_numbering(self) -> None:
        dialog = NumberingDialog(self.db, self)
        self.numbering_dialog = dialog  # tests reach it here
        dialog.open()

    def open_row(self) -> None:
        """Open what the entry concerns: the site's card, else the application."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows) or self.window_ is None:
            return
        entry = self.rows[row]
        if entry.site_id:
            self.window_.open_site(entry.site_id)
        elif entry.application_id:
            self.window_.tabs.setCurrentWidget(self.window_.applications)
            self.window_.applications.select(entry.application_id)


__all__ = ["JournalView", "NumberingDialog"]
