"""Export and print actions of the main window: Excel workbooks (one menu item per workbook
of desktop.exports.catalogue, asking what its options say: year, period, paper), the .ics
calendar, printing the current list or a site's card, certificates, settings.

Long exports run in a QThreadPool worker with a progress dialog; the worker never touches
widgets — its progress reaches the dialog through a queued signal. PDFs are previewed and
printed in the system viewer (see desktop.ui.print_preview).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QDate, QObject, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.exports.catalogue import WORKBOOKS, Workbook, workbook
from desktop.storage import Database
from desktop.text import plural
from desktop.ui.print_preview import PdfReadyDialog, open_in_viewer
from desktop.ui.settings_dialog import CentreDialog
from desktop.ui.worker import run_in_background

if TYPE_CHECKING:
    from desktop.exports.xlsx_common import ExportResult

__all__ = ["CentreDialog", "ExportRunner", "ask_year", "install", "open_in_viewer"]


PAPERS = (("a4", "А4 альбомная — основные столбцы (остальные свёрнуты, «+» их показывает)"),
          ("a3", "А3 альбомная — все столбцы"))


class ExportDialog(QDialog):
    """What a workbook asks before saving (its options in the catalogue): the year, the
    period of the deadlines, the paper it prints on."""

    def __init__(self, parent: QWidget, title: str, *, year: bool = True,
                 paper: bool = False, period: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        this_year = dt.date.today().year
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.year.setValue(this_year)
        if year:
            form.addRow("Год:", self.year)
        self.period = QCheckBox("Только за период:")
        self.date_from, self.date_to = QDateEdit(QDate(this_year, 1, 1)), QDateEdit(
            QDate(this_year, 12, 31))
        if period:
            row = QHBoxLayout()
            row.addWidget(self.period)
            for label, edit in (("с", self.date_from), ("по", self.date_to)):
                edit.setCalendarPopup(True)
                edit.setDisplayFormat("dd.MM.yyyy")
                edit.setEnabled(False)
                self.period.toggled.connect(edit.setEnabled)
                row.addWidget(QLabel(label))
                row.addWidget(edit)
            row.addStretch(1)
            form.addRow("Сроки:", row)
        self.papers = QButtonGroup(self)
        if paper:
            box = QVBoxLayout()
            for i, (code, label) in enumerate(PAPERS):
                radio = QRadioButton(label)
                radio.setProperty("paper", code)
                radio.setChecked(i == 0)
                self.papers.addButton(radio, i)
                box.addWidget(radio)
            form.addRow("Печать:", box)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()  # shown with a message only
        form.addRow(self.error)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.error.hide)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Далее…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @classmethod
    def for_workbook(cls, parent: QWidget, entry: Workbook) -> ExportDialog:
        return cls(parent, entry.caption, year="year" in entry.options,
                   paper="paper" in entry.options, period="period" in entry.options)

    def _check(self) -> None:
        if self.period.isChecked() and self.date_from.date() > self.date_to.date():
            self.error.setText("Начало периода позже его конца.")
            self.error.show()
            return
        self.accept()

    def paper(self) -> str:
        chosen = self.papers.checkedButton()
        return chosen.property("paper") if chosen is not None else "a4"

    def options(self, entry: Workbook) -> dict[str, object]:
        """The answers as the workbook's gatherer takes them."""
        out: dict[str, object] = {}
        if "year" in entry.options:
            out["year"] = self.year.value()
        if "period" in entry.options and self.period.isChecked():
            out["date_from"] = self.date_from.date().toPython()
            out["date_to"] = self.date_to.date().toPython()
        return out


def ask_year(parent: QWidget, title: str) -> int | None:
    dialog = ExportDialog(parent, title)
    return dialog.year.value() if dialog.exec() else None


class CalendarDialog(QDialog):
    """The .ics export: reminders (days before) and whether met deadlines stay in."""

    def __init__(self, parent: QWidget, alarms: str, include_done: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("Сроки в календарь (.ics)")
        form = QFormLayout(self)
        form.addRow(QLabel("Файл открывается в Outlook, Thunderbird и календаре телефона; "
                           "повторный импорт обновляет те же события."))
        self.alarms = QLineEdit(alarms)
        self.alarms.setPlaceholderText("например: 7, 1")
        form.addRow("Напоминать за (дней):", self.alarms)
        self.include_done = QCheckBox("Оставлять выполненные сроки (с пометкой «Выполнено», "
                                      "без напоминаний)")
        self.include_done.setChecked(include_done)
        form.addRow(self.include_done)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Далее…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.days: tuple[int, ...] = ()

    def _check(self) -> None:
        from desktop.errors import UserError
        from desktop.exports.ics import parse_alarms

        try:
            self.days = parse_alarms(self.alarms.text())
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


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

    def export_workbook(code: str, path: Path | None = None, *, paper: str | None = None,
                        **given: object) -> None:
        """Workbook `code` of the catalogue: its questions (unless answered by the caller),
        the file, then gathered and written in the background."""
        entry = workbook(code)
        options = {k: v for k, v in given.items() if v is not None}
        missing_year = "year" in entry.options and "year" not in options
        if missing_year or (path is None and paper is None and not options
                            and {"paper", "period"} & set(entry.options)):
            dialog = ExportDialog.for_workbook(window, entry)
            window.export_dialog = dialog  # tests reach it here
            if not dialog.exec():
                return
            options.update(dialog.options(entry))
            paper = dialog.paper()
        path = path or save_path(entry.caption, entry.file_name.format(year=options.get("year")))
        if not path:
            return
        from desktop.services.workbooks.make import make_workbook

        def written(result: object) -> str:
            r = cast("ExportResult", result)
            return f"{entry.done}: {r.path} ({plural(r.rows, *entry.counted)})"

        runner.run(entry.running,
                   lambda progress: make_workbook(db, code, path, paper=paper or "a4",
                                                  progress=progress, **options),
                   written)

    def calendar_file(path: Path | None = None, alarms: tuple[int, ...] | None = None,
                      include_done: bool | None = None) -> None:
        settings = window.settings
        if alarms is None or include_done is None:
            dialog = CalendarDialog(window, str(settings.value("calendar/alarms", "7, 1")),
                                    str(settings.value("calendar/include_done", True)) != "false")
            window.calendar_dialog = dialog
            if not dialog.exec():
                return
            alarms, include_done = dialog.days, dialog.include_done.isChecked()
            settings.setValue("calendar/alarms", dialog.alarms.text())
            settings.setValue("calendar/include_done", include_done)
        path = path or save_path("Сроки в календарь", "Сроки площадок.ics",
                                 "Календарь iCalendar (*.ics)")
        if not path:
            return

        def job(_progress: Callable[[int], None]) -> object:
            from desktop.exports.ics import write_ics
            from desktop.services.deadlines import list_deadlines
            from desktop.storage.identity import database_id

            rows = list_deadlines(db)
            write_ics(rows, path, database_id(db), alarms=alarms, include_done=include_done)
            return len(rows)

        runner.run("Сроки в календарь", job,
                   lambda n: f"Календарь записан: {path} "
                            f"({plural(cast(int, n), 'срок', 'срока', 'сроков')})")

    def print_list() -> None:
        from desktop.ui.tables import TableHabits

        tab = window.tabs.currentWidget()
        found = tab.findChildren(TableHabits) if tab is not None else []
        if found:
            window.print_dialog = found[0].print_preview()

    def ready(title: str, summary: str) -> Callable[[object], None]:
        def show(paths: object) -> None:
            dialog = PdfReadyDialog(paths[0], title, summary, window)  # type: ignore[index]
            window.pdf_dialog = dialog  # tests reach it here
            dialog.open()
        return show

    def certificate(folder: Path | None = None) -> None:
        """The selected site's certificate, named by its number, in a folder the user picks
        (remembered); missing centre details are asked about first."""
        from desktop.services import certificates as certs
        from desktop.ui.handover import choose_folder, confirm_details

        site_id = window.registry.table.current_site_id()
        if site_id is None:
            window.statusBar().showMessage("Выберите площадку в реестре.", 5000)
            return
        try:
            data = certs.certificate_data(db, [site_id])
        except Exception as exc:  # a user error as it is, a bug logged by show_error
            show_error(window, "Свидетельство", exc)
            return
        if not confirm_details(window, db, "Свидетельство", lambda: certs.missing_details(
                certs.certificate_data(db, [site_id]))):
            return
        folder = folder or choose_folder(window, window.settings, "certificates",
                                         "Папка для свидетельства")
        if folder is None:
            return
        path = folder / certs.file_name(data[0])
        runner.run("Свидетельство",
                   lambda progress: certs.write_certificates(db, [site_id], path, progress,
                                                             one_file=True),
                   lambda _r: f"Свидетельство готово: {path}",
                   ready("Свидетельство", "Свидетельство площадки готово."))

    def certificates(year: int | None = None, path: Path | None = None) -> None:
        from desktop.services import certificates as certs
        from desktop.ui.handover import confirm_details

        year = year or ask_year(window, "Свидетельства за год")
        if not year:
            return
        ids = certs.sites_with_certificates(db, year)
        if ids and not confirm_details(window, db, "Свидетельства", lambda: certs.missing_details(
                certs.certificate_data(db, ids))):
            return
        if path is None:
            last = Path(str(window.settings.value("folders/certificates", "") or "."))
            path = save_path("Свидетельства за год", str(last / f"Свидетельства {year}.pdf"),
                             "PDF (*.pdf)")
            if path:
                window.settings.setValue("folders/certificates", str(path.parent))
        if path:
            runner.run("Свидетельства",
                       lambda progress: certs.write_certificates(db, ids, path, progress,
                                                                 one_file=True),
                       lambda _r: f"Свидетельства за {year} год записаны: {path}",
                       ready("Свидетельства", f"Свидетельства за {year} год — одним файлом, "
                                              "по странице на площадку."))

    window.export_workbook = export_workbook
    # The handles other code and tests call, with the answers in the workbook's own order.
    window.export_registry = lambda year=None, path=None, paper=None: export_workbook(
        "registry", path, paper=paper, year=year)
    window.export_reviews = lambda path=None, paper=None: export_workbook(
        "reviews", path, paper=paper)
    window.export_reports = lambda year=None, path=None: export_workbook(
        "reports", path, year=year)
    window.export_deadlines = lambda path=None: export_workbook("deadlines", path)
    window.export_calendar = calendar_file
    window.print_list = print_list
    window.export_certificates = certificates
    window.export_certificate = certificate
    window.workbook_actions = {}
    for entry in WORKBOOKS:  # «Отчёты»: one item per workbook of the catalogue
        def run(_checked: bool = False, code: str = entry.code) -> None:
            export_workbook(code)
        if entry.code == "registry":  # the window's Ctrl+E and toolbar button
            action = window.export_action
            action.triggered.disconnect()
            action.triggered.connect(run)
            action.setText(entry.menu)
            action.setEnabled(True)
            window.menus["reports"].addAction(action)
        else:
            action = window.add_action("reports", entry.menu, run)
        window.workbook_actions[entry.code] = action
    window.add_action("calendar", "Сроки в календарь Outlook (.ics)…", calendar_file)
    window.menus["file"].insertAction(window.export_action, window.add_action(
        "file", "Печать списка…", print_list, "Ctrl+Shift+P", "print"))
    window.add_action("registry", "Печать карточки площадки…", window.registry.print_card)
    from desktop.ui import agenda

    agenda.install(window)
    window.menus["reports"].addSeparator()
    window.certificate_action = window.add_action(
        "reports", "Свидетельство площадки: просмотр и печать…", certificate, "Ctrl+P")
    window.add_action("reports", "Свидетельства за год в PDF…", certificates)
    window.add_action("service", "Сведения о центре…", lambda: CentreDialog(db, window).exec())
