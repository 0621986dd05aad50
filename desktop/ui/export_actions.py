"""Export and print actions of the main window: Excel workbooks, certificates, settings.

Long exports run in a worker thread with a progress dialog; the worker never touches
widgets. PDFs open in the system viewer, which is also the print path (preview, then the
system print dialog) — the same on Windows and Linux.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.exports import registry_xlsx, workbooks
from desktop.exports.certificate_pdf import write_certificates
from desktop.services import centre
from desktop.storage import Database
from desktop.ui.worker import run_in_background


def open_in_viewer(path: Path) -> bool:
    """Open a file in the system viewer (where it can also be printed)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


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


class ExportRunner:
    """Runs one export in the background with progress and reports the outcome."""

    def __init__(self, window: QWidget, show_error: Callable[[QWidget, str, BaseException], None],
                 notify: Callable[[str], None]) -> None:
        self.window, self.show_error, self.notify = window, show_error, notify

    def run(self, title: str, job: Callable[[], object], done_text: Callable[[object], str],
            open_path: Path | None = None) -> None:
        progress = QProgressDialog(f"{title}…", "", 0, 0, self.window)
        progress.setCancelButton(None)
        progress.setMinimumDuration(300)
        progress.show()

        def done(result: object) -> None:
            progress.close()
            self.notify(done_text(result))
            if open_path is not None:
                open_in_viewer(open_path)

        def failed(exc: BaseException) -> None:
            progress.close()
            self.show_error(self.window, title, exc)

        run_in_background(job, done, failed)


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
            runner.run("Экспорт реестра", lambda: registry_xlsx.export_registry(db, year, path),
                       lambda r: f"Реестр записан: {r.path} ({r.rows} строк)")

    def reviews() -> None:
        path = save_path("Результаты экспертизы", "Результаты экспертизы.xlsx")
        if path:
            runner.run("Экспорт результатов экспертизы",
                       lambda: workbooks.export_reviews(db, path),
                       lambda r: f"Записано: {r.path}")

    def reports() -> None:
        year = ask_year(window, "Годовой отчёт площадок")
        path = year and save_path("Годовой отчёт", f"Итоги площадок {year}.xlsx")
        if path:
            runner.run("Экспорт годового отчёта",
                       lambda: workbooks.export_reports(db, year, path),
                       lambda r: f"Записано: {r.path}")

    def deadlines() -> None:
        path = save_path("Сроки", "Сроки отчётов.xlsx")
        if path:
            runner.run("Экспорт сроков", lambda: workbooks.export_deadlines(db, path),
                       lambda r: f"Записано: {r.path}")

    def certificate() -> None:
        site_id = window.registry.table.current_site_id()
        if site_id is None:
            window.statusBar().showMessage("Выберите площадку в реестре.", 5000)
            return
        folder = Path(tempfile.mkdtemp(prefix="metodist-"))
        path = folder / f"Свидетельство_{site_id}.pdf"
        runner.run("Свидетельство", lambda: write_certificates(db, [site_id], path),
                   lambda _r: f"Свидетельство открыто для просмотра и печати: {path}", path)

    def certificates() -> None:
        year = ask_year(window, "Свидетельства за год")
        path = year and save_path("Свидетельства за год", f"Свидетельства {year}.pdf",
                                  "PDF (*.pdf)")
        if path:
            from desktop.exports.certificate_pdf import sites_with_certificates

            runner.run("Свидетельства",
                       lambda: write_certificates(db, sites_with_certificates(db, year), path),
                       lambda _r: f"Свидетельства записаны: {path}", path)

    window.export_registry = registry
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


class CentreDialog(QDialog):
    """The centre's details printed on certificates and exports (edited once)."""

    FIELDS = [("name", "Полное наименование центра"), ("short_name", "Краткое наименование"),
              ("head_position", "Должность руководителя"), ("head_name", "Руководитель (И. О. Фамилия)"),
              ("city", "Населённый пункт (например, г. Кемерово)")]

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Сведения о центре")
        self.resize(640, 300)
        details = centre.get_centre(db)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label in self.FIELDS:
            edit = QLineEdit(str(details.get(key) or ""))
            self.edits[key] = edit
            form.addRow(label, edit)
        self.logo_label = QLabel("эмблема задана" if details.get("logo") else "эмблема не задана")
        choose = QPushButton("Выбрать эмблему…")
        choose.clicked.connect(self.choose_logo)
        form.addRow(self.logo_label, choose)
        self.logo_path: Path | None = None
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def choose_logo(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Эмблема", "",
                                                  "Изображения (*.png *.jpg *.jpeg)")
        if path:
            self.logo_path = Path(path)
            self.logo_label.setText(self.logo_path.name)

    def save(self) -> None:
        try:
            centre.save_centre(self.db, {k: e.text() for k, e in self.edits.items()},
                               logo=self.logo_path)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
