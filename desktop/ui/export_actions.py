"""Export and print actions of the main window: Excel workbooks, certificates, settings.

Long exports run in a QThreadPool worker with a progress dialog; the worker never touches
widgets — its progress reaches the dialog through a queued signal. PDFs are previewed and
printed in the system viewer (see desktop.ui.print_preview).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QProgressDialog,
    QSpinBox,
    QWidget,
)

from desktop.storage import Database
from desktop.text import plural
from desktop.ui.print_preview import PdfReadyDialog, open_in_viewer
from desktop.ui.settings_dialog import CentreDialog
from desktop.ui.worker import run_in_background


def _exports(name: str):  # noqa: ANN202 - a module
    """Export modules load on first use: openpyxl and reportlab stay out of start-up."""
    import importlib

    return importlib.import_module(f"desktop.exports.{name}")


__all__ = ["CentreDialog", "ExportRunner", "ask_year", "install", "open_in_viewer"]


def _rows(n: int) -> str:
    return plural(n, "строка", "строки", "строк")


def ask_year(parent: QWidget, title: str) -> int | None:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    year = QSpinBox()
    year.setRange(1990, 2100)
    year.setValue(dt.date.today().year)
    form = QFormLayout(dialog)
    form.addRow("Год:", year)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return year.value() if dialog.exec() else None


class _Progress(QObject):
    """Carries a worker's progress count to the dialog: `moved` is emitted in the worker and
    delivered, queued, to the slot of this object, which lives in the UI thread."""

    moved = Signal(int)

    def __init__(self, dialog: QProgressDialog, title: str) -> None:
        super().__init__(dialog)
        self.dialog, self.title = dialog, title
        self.moved.connect(self._show)

    @Slot(int)
    def _show(self, count: int) -> None:
        self.dialog.setLabelText(f"{self.title}… готово: {count}")


class ExportRunner:
    """Runs one export in the background with progress and reports the outcome."""

    def __init__(self, window: QWidget, show_error: Callable[[QWidget, str, BaseException], None],
                 notify: Callable[[str], None]) -> None:
        self.window, self.show_error, self.notify = window, show_error, notify

    def run(self, title: str, job: Callable[[Callable[[int], None]], object],
            done_text: Callable[[object], str],
            then: Callable[[object], None] | None = None) -> None:
        """`job(progress)` runs in the worker; `then(result)` in the UI thread after it."""
        dialog = QProgressDialog(f"{title}…", "", 0, 0, self.window)
        dialog.setWindowTitle(title)
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(300)
        dialog.show()
        bridge = _Progress(dialog, title)

        def done(result: object) -> None:
            dialog.close()
            self.notify(done_text(result))
            if then is not None:
                then(result)

        def failed(exc: BaseException) -> None:
            dialog.close()
            self.show_error(self.window, title, exc)

        run_in_background(lambda: job(bridge.moved.emit), done, failed)


def install(window, show_error) -> None:  # noqa: ANN001 - MainWindow (avoids a cycle)
    """Add the export, print and settings actions to the main window's menus."""
    db: Database = window.db
    runner = ExportRunner(window, show_error, lambda t: window.statusBar().showMessage(t, 8000))

    def save_path(title: str, name: str, pattern: str = "Книги Excel (*.xlsx)") -> Path | None:
        path, _ = QFileDialog.getSaveFileName(window, title, name, pattern)
        return Path(path) if path else None

    def registry(year: int | None = None, path: Path | None = None) -> None:
        year = year or ask_year(window, "Годовой реестр")
        path = path or (year and save_path("Годовой реестр", f"Реестр площадок {year}.xlsx"))
        if path:
            runner.run("Экспорт реестра",
                       lambda progress: _exports("registry_xlsx").export_registry(db, year, path, progress),
                       lambda r: f"Реестр записан: {r.path} ({_rows(r.rows)})")

    def reviews(path: Path | None = None) -> None:
        path = path or save_path("Результаты экспертизы", "Результаты экспертизы.xlsx")
        if path:
            runner.run("Экспорт результатов экспертизы",
                       lambda progress: _exports("reviews_xlsx").export_reviews(db, path, progress),
                       lambda r: f"Результаты экспертизы записаны: {r.path} ({_rows(r.rows)})")

    def reports(year: int | None = None, path: Path | None = None) -> None:
        year = year or ask_year(window, "Годовой отчёт площадок")
        path = path or (year and save_path("Годовой отчёт", f"Итоги площадок {year}.xlsx"))
        if path:
            runner.run("Экспорт годового отчёта",
                       lambda progress: _exports("reports_xlsx").export_reports(db, year, path, progress),
                       lambda r: f"Годовой отчёт записан: {r.path} "
                                 f"({plural(r.rows, 'площадка', 'площадки', 'площадок')})")

    def deadlines(path: Path | None = None) -> None:
        path = path or save_path("Сроки и отчёты", "Сроки отчётов.xlsx")
        if path:
            runner.run("Экспорт сроков",
                       lambda progress: _exports("deadlines_xlsx").export_deadlines(db, path,
                                                                        progress=progress),
                       lambda r: f"Сроки записаны: {r.path} ({_rows(r.rows)})")

    def ready(title: str, summary: str) -> Callable[[object], None]:
        def show(paths: object) -> None:
            dialog = PdfReadyDialog(paths[0], title, summary, window)  # type: ignore[index]
            window.pdf_dialog = dialog  # tests reach it here
            dialog.open()
        return show

    def certificate() -> None:
        site_id = window.registry.table.current_site_id()
        if site_id is None:
            window.statusBar().showMessage("Выберите площадку в реестре.", 5000)
            return
        path = Path(tempfile.mkdtemp(prefix="metodist-")) / f"Свидетельство_{site_id}.pdf"
        runner.run("Свидетельство",
                   lambda progress: _exports("certificate_pdf").write_certificates(db, [site_id], path, progress),
                   lambda _r: f"Свидетельство готово: {path}",
                   ready("Свидетельство", "Свидетельство площадки готово."))

    def certificates(year: int | None = None, path: Path | None = None) -> None:
        year = year or ask_year(window, "Свидетельства за год")
        path = path or (year and save_path("Свидетельства за год", f"Свидетельства {year}.pdf",
                                           "PDF (*.pdf)"))
        if path:
            runner.run("Свидетельства",
                       lambda progress: _exports("certificate_pdf").write_certificates(
                           db, _exports("certificate_pdf").sites_with_certificates(db, year), path, progress,
                           one_file=True),
                       lambda _r: f"Свидетельства за {year} год записаны: {path}",
                       ready("Свидетельства", f"Свидетельства за {year} год — одним файлом, "
                                              "по странице на площадку."))

    window.export_registry = registry
    window.export_reviews = reviews
    window.export_reports = reports
    window.export_deadlines = deadlines
    window.export_certificates = certificates
    window.export_action.triggered.disconnect()
    window.export_action.triggered.connect(lambda _=False: registry())
    window.export_action.setEnabled(True)
    window.menus["reports"].addAction(window.export_action)
    window.add_action("reports", "Результаты экспертизы в Excel…", reviews)
    window.add_action("reports", "Годовой отчёт площадок в Excel…", reports)
    window.add_action("reports", "Сроки и отчёты в Excel…", deadlines)
    window.menus["reports"].addSeparator()
    window.certificate_action = window.add_action(
        "reports", "Свидетельство площадки: просмотр и печать…", certificate, "Ctrl+P")
    window.add_action("reports", "Свидетельства за год в PDF…", certificates)
    window.add_action("service", "Сведения о центре…", lambda: CentreDialog(db, window).exec())
