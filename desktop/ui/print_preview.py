"""Preview and printing: PDFs (certificates, справки, sheets) and, from the window, lists
and cards through QPrintPreviewDialog.

Qt's PDF module is not part of our PySide6 build, so the app cannot draw a PDF page
itself; the system PDF viewer is the preview and the print path (its print dialog picks
the printer, copies and pages) — the same on Windows and Linux. `PdfReadyDialog` says
what was written and offers «Открыть для просмотра и печати».
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

OPEN_TEXT = "Открыть для просмотра и печати"


def open_in_viewer(path: Path) -> bool:
    """Open a file in the system viewer (where it can also be printed)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class PdfReadyDialog(QDialog):
    """«Свидетельство готово»: the file, and buttons to preview/print, show the folder or
    save a copy elsewhere."""

    def __init__(self, path: Path, title: str, summary: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(title)
        self.resize(560, 180)
        text = QLabel(f"{summary}\n\nФайл: {path}")
        text.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #b3261e;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        self.open_button = QPushButton(OPEN_TEXT)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_viewer)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        folder = QPushButton("Показать в папке")
        folder.clicked.connect(lambda: show_in_folder(self.path))
        buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = QPushButton("Сохранить копию…")
        self.save_button.clicked.connect(self.save_copy)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def open_viewer(self) -> None:
        if open_in_viewer(self.path):
            self.accept()
        else:
            self.status.setText("Не удалось открыть файл: в системе нет программы для "
                                "просмотра PDF. Откройте его из папки вручную.")

    def save_copy(self, target: str | None = None) -> None:
        if not target:
            target, _ = QFileDialog.getSaveFileName(self, "Сохранить копию", self.path.name,
                                                    "PDF (*.pdf)")
        if not target:
            return
        from desktop.errors import UserError
        from desktop.fileio import atomic_output

        try:
            with atomic_output(target) as tmp:
                tmp.write_bytes(self.path.read_bytes())
        except (UserError, OSError) as exc:
            self.status.setText(str(exc) if isinstance(exc, UserError)
                                else f"Не удалось сохранить копию: {exc.strerror}.")
            return
        self.status.setStyleSheet("")
        self.status.setText(f"Копия сохранена: {target}")


# -- printing from the window: lists and cards through QPrintPreviewDialog -------------
# A list, a site card or a deadlines list is HTML laid out by a QTextDocument on the
# printer's pages (the header row of a table repeats on each page); every page gets the
# title and «Страница N из M» at its foot.
BODY_PT = 9
_STYLE = (f"<style>body {{ font-family: Arial; font-size: {BODY_PT}pt; }} "
          "th { background-color: #dde6f0; font-weight: bold; text-align: left; } "
          "td, th { vertical-align: top; } h2 { font-size: 13pt; } "
          "p.sub { color: #333333; }</style>")


def _esc(value: object) -> str:
    from html import escape

    return escape("" if value is None else str(value)).replace("\n", "<br>")


def _table(headers: list[str], rows: list[list[object]], widths: list[int] | None = None) -> str:
    total = sum(widths or []) or 1
    head = "".join(
        f"<th width='{round(100 * widths[i] / total)}%'>{_esc(h)}</th>" if widths else
        f"<th>{_esc(h)}</th>" for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td>{_esc(v)}</td>" for v in row) + "</tr>"
                   for row in rows)
    return ("<table width='100%' border='1' cellspacing='0' cellpadding='3' "
            "style='border-collapse: collapse; border-color: #999999;'>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def table_html(data) -> str:  # noqa: ANN001 - desktop.exports.table_xlsx.TableData
    """A list as shown on screen: title, the filter lines, the table."""
    sub = "".join(f"<p class='sub'>{_esc(line)}</p>" for line in data.subtitle)
    centre = f"<p class='sub'>{_esc(data.centre)}</p>" if data.centre else ""
    return (f"<html><head>{_STYLE}</head><body>{centre}<h2>{_esc(data.title)}</h2>{sub}"
            f"{_table(data.headers, data.rows, data.widths)}</body></html>")


def site_card_html(card) -> str:  # noqa: ANN001 - desktop.services.site_print.SiteCardPrint
    """A site's card for printing: its details, partners, deadlines, events, history."""
    fields = "".join(f"<tr><td width='28%'><b>{_esc(k)}</b></td><td>{_esc(v)}</td></tr>"
                     for k, v in card.fields if v)
    parts = [f"<html><head>{_STYLE}</head><body>"]
    if card.centre:
        parts.append(f"<p class='sub'>{_esc(card.centre)}</p>")
    parts.append(f"<h2>{_esc(card.title)}</h2>")
    parts.append("<table width='100%' border='1' cellspacing='0' cellpadding='3' "
                 f"style='border-collapse: collapse; border-color: #999999;'>{fields}</table>")
    for title, headers, rows in card.sections:
        if rows:
            parts.append(f"<h3 style='margin-top: 12px'>{_esc(title)}</h3>"
                         f"{_table(headers, rows)}")
    parts.append(f"<p class='sub'>Напечатано {_esc(card.printed_on)}</p></body></html>")
    return "".join(parts)


def paint_document(html: str, title: str, printer) -> int:  # noqa: ANN001 - QPrinter
    """Lay the HTML out on the printer's pages and paint them with a footer; returns the
    number of pages."""
    from PySide6.QtCore import QPointF, QRectF, QSizeF
    from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QPainter, QTextDocument
    from PySide6.QtPrintSupport import QPrinter

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(printer)
    doc.setDefaultFont(QFont("Arial", BODY_PT))
    doc.setHtml(html)
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    footer = printer.resolution() * 0.3
    body = QSizeF(page.width(), page.height() - footer)
    doc.setPageSize(body)
    pages = doc.pageCount()
    painter = QPainter(printer)
    font = QFont("Arial")
    font.setPointSizeF(8.5)
    try:
        for i in range(pages):
            if i:
                printer.newPage()
            painter.save()
            painter.translate(QPointF(0, -i * body.height()))
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = QRectF(0, i * body.height(), body.width(), body.height())
            painter.setClipRect(context.clip)
            doc.documentLayout().draw(painter, context)
            painter.restore()
            painter.setFont(font)
            line = QRectF(0, body.height(), body.width(), footer)
            align = Qt.AlignmentFlag.AlignBottom
            painter.drawText(line, align | Qt.AlignmentFlag.AlignLeft, title[:100])
            painter.drawText(line, align | Qt.AlignmentFlag.AlignRight,
                             f"Страница {i + 1} из {pages}")
    finally:
        painter.end()
    return pages


def _printer(landscape: bool, pdf: Path | None = None):  # noqa: ANN202 - QPrinter
    from PySide6.QtGui import QPageLayout, QPageSize
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape
                               else QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(12, 12, 12, 10), QPageLayout.Unit.Millimeter)
    if pdf is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
    return printer


def print_to_pdf(html: str, title: str, path: Path, landscape: bool = False) -> int:
    """The same pages as the preview, written to a PDF; returns the number of pages."""
    return paint_document(html, title, _printer(landscape, path))


def preview(html: str, title: str, parent: QWidget | None = None,
            landscape: bool = False) -> QDialog:
    """Open the print preview (not blocking); printing goes to the printer chosen there."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = _printer(landscape)
    dialog = QPrintPreviewDialog(printer, parent)
    # the dialog does not own its printer: keep it alive as long as the dialog
    setattr(dialog, "printer_", printer)  # noqa: B010 - an attribute Qt's class does not declare
    dialog.setWindowTitle(f"Печать: {title}")
    dialog.resize(1000, 700)
    dialog.paintRequested.connect(lambda printer: paint_document(html, title, printer))
    dialog.open()
    return dialog


def print_site_card(parent: QWidget, db, site_id: int) -> QDialog:  # noqa: ANN001 - Database
    """A site's card in the print preview."""
    from desktop.services.site_print import site_card_print

    card = site_card_print(db, site_id)
    return preview(site_card_html(card), f"{card.title} — карточка", parent)
