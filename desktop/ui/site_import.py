"""«Импорт реестра площадок из Excel»: the workbook's columns matched to the registry's
fields (a combo per field the user can correct, with the first rows shown under it), a
check that lists every rejected row with its reason, then the import in one transaction.
Reading and checking run off the window thread with a busy indicator, writing behind a
progress bar with «Отмена» (one transaction: cancelled, nothing is written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.profiles import all_profiles
from desktop.services import site_import as svc
from desktop.storage import Database
from desktop.text import plural
from desktop.ui.progress import run_with_progress
from desktop.ui.widgets import button_row, error_label, fit_window
from desktop.ui.worker import Op

PREVIEW_ROWS = 6
REQUIRED = ("organisation", "theme")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return str(value)


class SiteImportDialog(QDialog):
    """Open with a path; `imported` holds the number of sites written after accept()."""

    def __init__(self, db: Database, path: str | Path, parent: QWidget | None = None,
                 profile_id: str = "") -> None:
        super().__init__(parent)
        self.db, self.path = db, Path(path)
        self.sheet: svc.Sheet | None = None
        self.prepared: svc.SiteImport | None = None
        self.imported = 0
        self.setWindowTitle(f"Импорт реестра площадок — {self.path.name}")
        fit_window(self, "site_import", 1180, 700)
        self.profile = QComboBox()
        for p in all_profiles():
            self.profile.addItem(p.municipality, p.id)
        if profile_id:
            self.profile.setCurrentIndex(max(0, self.profile.findData(profile_id)))
        self.combos: dict[str, QComboBox] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        for i, f in enumerate(svc.FIELDS):
            combo = QComboBox()
            combo.setMinimumWidth(200)
            combo.view().setMinimumWidth(320)  # the list shows whole header names
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.combos[f.code] = combo
            label = QLabel(f.label + (" *" if f.code in REQUIRED else ""))
            grid.addWidget(label, i // 4, (i % 4) * 2)
            grid.addWidget(combo, i // 4, (i % 4) * 2 + 1)
        self.preview = QTableWidget(0, 0)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        self.summary = QLabel("Чтение файла…")
        self.summary.setWordWrap(True)
        self.rejected_table = QTableWidget(0, 2)
        self.rejected_table.setHorizontalHeaderLabels(["Строка", "Почему отклонена"])
        self.rejected_table.verticalHeader().setVisible(False)
        self.rejected_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejected_table.horizontalHeader().setStretchLastSection(True)
        self.rejected_table.setColumnWidth(0, 70)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(220)
        self.busy.setTextVisible(False)
        self.error = error_label()
        self.check_btn = QPushButton("Проверить")
        self.check_btn.clicked.connect(self.check)
        self.buttons = button_row("Импортировать")
        self.buttons.accepted.connect(self.commit)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(QLabel("Положение по умолчанию (если в файле нет столбца «Положение»):"))
        top.addWidget(self.profile)
        top.addStretch(1)
        upper = QWidget()
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 0, 0, 0)
        ul.addWidget(QLabel("<b>Столбцы файла</b> — проверьте, какой столбец чему "
                            "соответствует; «—» — не загружать."))
        ul.addLayout(grid)
        ul.addWidget(QLabel("<b>Первые строки</b> (в заголовке — поле реестра)"))
        ul.addWidget(self.preview, 1)
        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.summary)
        ll.addWidget(self.rejected_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setSizes([380, 200])
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy)
        bottom.addWidget(self.error, 1)
        bottom.addWidget(self.check_btn)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.profile.currentIndexChanged.connect(self._mapping_changed)
        self._set_busy(True)
        Op(lambda: svc.read_sheet(self.path)).success(self._loaded).failure(self._failed).run()

    # -- steps
    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.check_btn.setEnabled(not busy and self.sheet is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            not busy and self.prepared is not None and bool(self.prepared.rows))
        for combo in self.combos.values():
            combo.setEnabled(not busy and self.sheet is not None)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, UserError):
            self.error.setText(str(exc))
            self.summary.setText("")
        else:
            from desktop.ui.main_window import show_error

            show_error(self, "Импорт реестра", exc)

    def _loaded(self, sheet: svc.Sheet) -> None:
        self.sheet = sheet
        mapping = svc.guess_mapping(sheet)
        for code, combo in self.combos.items():
            combo.blockSignals(True)
            combo.addItem("—", None)
            for i, h in enumerate(sheet.headers):
                if h:
                    combo.addItem(f"{_column(i)}: {h[:60]}", i)
                    combo.setItemData(combo.count() - 1, h, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(code))))
            combo.blockSignals(False)
        rows = sheet.data_rows()
        self.summary.setText(f"Заголовок — строка {sheet.header_row + 1}; строк с данными: "
                             f"{len(rows)}. Нажмите «Проверить».")
        self._set_busy(False)
        self._show_preview()
        self.check()

    def mapping(self) -> dict[str, int]:
        return {code: c.currentData() for code, c in self.combos.items()
                if c.currentData() is not None}

    def _mapping_changed(self) -> None:
        self.prepared = None
        self.rejected_table.setRowCount(0)
        self._set_busy(False)
        self._show_preview()

    def _show_preview(self) -> None:
        if self.sheet is None:
            return
        by_column = {i: code for code, i in self.mapping().items()}
        headers = self.sheet.headers
        self.preview.setColumnCount(len(headers))
        self.preview.setHorizontalHeaderLabels(
            [f"{h[:24]}\n→ {svc.LABELS[by_column[i]]}" if i in by_column else f"{h[:24]}\n—"
             for i, h in enumerate(headers)])
        rows = self.sheet.data_rows()[:PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        for r, (_no, cells) in enumerate(rows):
            for c in range(len(headers)):
                item = QTableWidgetItem(_cell(cells[c]) if c < len(cells) else "")
                if c not in by_column:
                    item.setForeground(Qt.GlobalColor.gray)
                self.preview.setItem(r, c, item)
        self.preview.resizeColumnsToContents()
        for c in range(len(headers)):
            self.preview.setColumnWidth(c, min(self.preview.columnWidth(c), 220))

    def check(self) -> None:
        if self.sheet is None:
            return
        sheet, mapping, profile = self.sheet, self.mapping(), self.profile.currentData()
        self.error.clear()
        self._set_busy(True)
        Op(lambda: svc.prepare_sites(self.db, sheet, profile, mapping)) \
            .success(self._checked).failure(self._failed).run()

    def _checked(self, prepared: svc.SiteImport) -> None:
        self.prepared = prepared
        new_orgs = len(prepared.new_organisations)
        self.summary.setText(
            "Будет импортировано: <b>"
            + plural(len(prepared.rows), "площадка", "площадки", "площадок") + "</b>"
            + (f", новых организаций: <b>{new_orgs}</b>" if new_orgs else "")
            + f". Отклонено строк: <b>{len(prepared.rejected)}</b>"
            + (" — они перечислены ниже; исправьте файл или сопоставление столбцов."
               if prepared.rejected else "."))
        self.rejected_table.setRowCount(len(prepared.rejected))
        for i, r in enumerate(prepared.rejected):
            self.rejected_table.setItem(i, 0, QTableWidgetItem(str(r.row_no)))
            self.rejected_table.setItem(i, 1, QTableWidgetItem(r.reason))
        self._set_busy(False)

    def commit(self) -> None:
        """Write off the window thread behind a progress bar; «Отмена» writes nothing."""
        prepared = self.prepared
        if prepared is None or not prepared.rows:
            return
        self._set_busy(True)
        self.summary.setText("Импорт…")
        count = run_with_progress(
            self, "Импорт реестра",
            "Запись площадок в базу ("
            + plural(len(prepared.rows), "площадка", "площадки", "площадок") + ")…",
            lambda progress: svc.commit_sites(self.db, prepared, progress=progress),
            note="Ничего не импортировано.")
        self._set_busy(False)
        if count is None:
            self.summary.setText("Ничего не импортировано.")
            return
        self.imported = count
        self.accept()


def _column(i: int) -> str:
    """Excel's column letter: 0 → A, 26 → AA."""
    name = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        name = chr(65 + rem) + name
    return name


def import_registry(window: Any, path: str | None = None) -> int:
    """The menu action: choose a workbook, run the dialog, reload the window. → imported."""
    from PySide6.QtWidgets import QFileDialog

    if not path:
        path, _ = QFileDialog.getOpenFileName(window, "Импорт реестра площадок", "",
                                              "Книги Excel (*.xlsx)")
        if not path:
            return 0
    dialog = SiteImportDialog(window.db, path, window)
    window.last_import = dialog
    if dialog.exec() and dialog.imported:
        window.refresh()
        window.statusBar().showMessage(
            f"Импортировано: {plural(dialog.imported, 'площадка', 'площадки', 'площадок')}.",
            8000)
    return dialog.imported
