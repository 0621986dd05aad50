"""The building blocks of the shipped document templates (scripts/make_templates.py): page
set-up, paragraphs, borderless layout tables, the letterhead (бланк), signature blocks and
tables whose rows repeat with docxtpl's `{%tr for … %}`."""

from __future__ import annotations

import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, \
    WD_ALIGN_PARAGRAPH.JUSTIFY
NBSP = "\u00a0"  # «№ 17» never breaks between the sign and the number
NO_NAME = "{{ signer.name or '_______________' }}"


def new(title: str):  # noqa: ANN201 - a python-docx Document
    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = "Методист"
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.1
    for name in ("List Number", "Table Grid"):
        doc.styles[name].font.name = "Times New Roman"
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    return doc


def glue(text: str) -> str:
    """A no-break space after «№» before a number or a field: «№ 17» stays on one line."""
    return re.sub(r"№ (?=\{\{|\d)", f"№{NBSP}", text)


def para(doc, text: str = "", *, bold: bool = False, align=None, size: int = 0,  # noqa: ANN001
         before: int = 0, after: int = 0, style: str | None = None, indent: bool = False):
    p = doc.add_paragraph(style=style)
    if text:
        run = p.add_run(glue(text))
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(after)
    if indent:
        p.paragraph_format.first_line_indent = Mm(12.5)
    return p


def tag(doc, text: str) -> None:  # noqa: ANN001
    """A paragraph holding only a docxtpl {%p … %} tag (removed when rendered)."""
    doc.add_paragraph(text)


def no_borders(table) -> None:  # noqa: ANN001
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def cell_text(cell, lines: list[tuple], align=None, size: int = 0) -> None:  # noqa: ANN001
    """The cell's paragraphs, one per line: (text, bold) or (text, bold, size)."""
    cell.paragraphs[0].text = ""
    for i, (text, bold, *own) in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        run = p.add_run(glue(text))
        run.bold = bold
        if own or size:
            run.font.size = Pt(own[0] if own else size)
        if align is not None:
            p.alignment = align


def when(field: str, line: tuple) -> list[tuple]:
    """A cell's line printed only when `field` is filled in: the line between docxtpl's
    paragraph tags, which vanish with their paragraphs (no empty line is left)."""
    return [(f"{{%p if {field} %}}", False), line, ("{%p endif %}", False)]


def widths(table, mm: list[int]) -> None:  # noqa: ANN001
    """Column widths in the grid (what LibreOffice and Word lay out by) and every cell."""
    table.autofit = False
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, mm, strict=False):
            cell.width = Mm(w)


def signature(doc, position: str = "{{ signer.position }}", name: str = NO_NAME,  # noqa: ANN001
              before: int = 24) -> None:
    para(doc, before=before)
    t = doc.add_table(rows=1, cols=3)
    no_borders(t)
    widths(t, [85, 35, 45])
    cell_text(t.rows[0].cells[0], [(position, False)])
    cell_text(t.rows[0].cells[1], [("____________", False)], CENTER)
    cell_text(t.rows[0].cells[2], [(name, False)], RIGHT)


def letter_head(doc, title: str) -> None:  # noqa: ANN001
    """The letter's бланк in the upper left corner, as Russian offices lay it out (ГОСТ Р
    7.0.97): the founder, the centre's full and short name, its postal address, phone,
    e-mail and site, ОГРН and ИНН/КПП, then the outgoing number and date; the addressee
    in the upper right corner in the dative («Директору МБОУ … М. Ю. Андреевой»); then the
    letter's title and the salutation («Уважаемая Мария Юрьевна!»). A detail left empty in
    «Сведения о центре» takes no line."""
    t = doc.add_table(rows=1, cols=2)
    no_borders(t)
    widths(t, [88, 77])
    cell_text(t.rows[0].cells[0], [
        *when("centre.founder", ("{{ centre.founder }}", False, 10)),
        ("{{ centre.name }}", True, 11),
        *when("centre.short_name", ("({{ centre.short_name }})", True, 11)),
        ("{{ centre.address or centre.city }}", False, 10),
        *when("centre.phone", ("тел. {{ centre.phone }}", False, 10)),
        *when("centre.email", ("e-mail: {{ centre.email }}", False, 10)),
        *when("centre.website", ("{{ centre.website }}", False, 10)),
        *when("centre.ogrn", ("ОГРН {{ centre.ogrn }}", False, 10)),
        *when("centre.inn", ("ИНН {{ centre.inn }}{% if centre.kpp %} / КПП {{ centre.kpp }}"
                             "{% endif %}", False, 10)),
        ("", False, 6),
        ("Исх. № {{ number }} от {{ date }}", False, 11)], CENTER)
    cell_text(t.rows[0].cells[1], [
        ("{{ addressee.position_dative }} {{ addressee.short_name or addressee.organisation }}",
         False),
        *when("addressee.head_dative", ("{{ addressee.head_dative }}", False)),
        *when("addressee.address", ("{{ addressee.address }}", False, 11)),
        *when("addressee.email", ("{{ addressee.email }}", False, 11))], None, 12)
    para(doc, title, bold=True, align=CENTER, before=18, after=12)
    para(doc, "{{ addressee.salutation }}", align=CENTER, after=10)


def loop_table(doc, headers: list[str], cells: list[str], loop: str,  # noqa: ANN001
               mm: list[int], size: int = 11):
    """A bordered table whose middle row repeats for each record (`{%tr for … %}`)."""
    t = doc.add_table(rows=4, cols=len(headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(t, mm)
    for cell, text in zip(t.rows[0].cells, headers, strict=True):
        cell_text(cell, [(text, True)], CENTER, size)
    t.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for cell, text in zip(t.rows[2].cells, cells, strict=True):
        cell_text(cell, [(text, False)], None, size)
    t.rows[3].cells[0].text = "{%tr endfor %}"
    repeat = OxmlElement("w:tblHeader")
    t.rows[0]._tr.get_or_add_trPr().append(repeat)
    return t


def form_table(doc) -> None:  # noqa: ANN001
    """A form's table field: its columns vary by form, so the cells repeat too (docxtpl's
    `{%tc for … %}` in the cell before, `{%tc endfor %}` in the cell after), one row per
    record."""
    t = doc.add_table(rows=4, cols=3)
    t.style = "Table Grid"
    widths(t, [55, 55, 55])
    head, body = t.rows[0].cells, t.rows[2].cells
    head[0].text, head[2].text = "{%tc for column in f.columns %}", "{%tc endfor %}"
    cell_text(head[1], [("{{ column }}", True)], CENTER, 10)
    t.rows[1].cells[0].text = "{%tr for row in f.rows %}"
    body[0].text, body[2].text = "{%tc for value in row %}", "{%tc endfor %}"
    cell_text(body[1], [("{{ value }}", False)], None, 10)
    t.rows[3].cells[0].text = "{%tr endfor %}"
    heading = t.rows[0]._tr.get_or_add_trPr()  # the headings stay whole, and repeat
    heading.append(OxmlElement("w:cantSplit"))
    heading.append(OxmlElement("w:tblHeader"))


def page_break(doc) -> None:  # noqa: ANN001
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
