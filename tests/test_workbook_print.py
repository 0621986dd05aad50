"""Every workbook printed by LibreOffice as a user would print it: body text at 8 pt or
more, «Страница N из M» and the title in the footer, no text drawn over other text (rows
tall enough for their wrapped cells), every word of a wrapped cell on the page."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from office import WORKBOOKS, overlapping_words, smallest_text_pt


@pytest.fixture(scope="session")
def printed(office_prints):
    """The demo database's workbooks (see `office.write_workbooks`), printed to PDF."""
    pdfs, rows = office_prints
    return {name: pdfs[name] for name in WORKBOOKS}, rows


@pytest.mark.parametrize("name", WORKBOOKS)
def test_workbook_prints_readable(printed, name):
    pdfs, _rows = printed
    with pdfplumber.open(pdfs[name]) as pdf:
        pages = pdf.pages
        total = len(pages)
        assert total >= 1
        for number, page in enumerate(pages[:2], start=1):
            assert smallest_text_pt(page) >= 7.95, (name, number)
            text = page.extract_text()
            assert f"Страница {number} из {total}" in text
        first = pages[0]
        assert not overlapping_words(first), overlapping_words(first)[:5]


def test_wrapped_cells_print_whole_and_in_order(printed):
    pdfs, rows = printed
    with pdfplumber.open(pdfs["registry_a4"]) as pdf:
        page = pdf.pages[0]
        words = [w["text"] for w in page.extract_words()]
        text = page.extract_text()
    assert "Реестр площадок инновационной инфраструктуры за 2026 год" in text  # the footer
    shown = [r for r in rows if r[1] in words]
    assert len(shown) >= 3
    for row in shown:
        theme = row[6]
        for word in re.findall(r"[\wё]+", theme):
            assert word in text, (word, theme)



# The first column's header of each workbook: printed at the top of every page with data.
FIRST_HEADER = {"registry_a4": ("№ п/п",), "registry_a3": ("№ п/п",),
                "reviews": ("Заявка", "Положение"), "reports": ("площадки",),
                "deadlines": ("Срок",), "on_screen": ("№",)}


@pytest.mark.parametrize("name", WORKBOOKS)
def test_every_printed_page_carries_data_rows(printed, name):
    """A long centre name wraps inside the table (the demo's centre is described): no
    page holding only a title's tail."""
    pdfs, _rows = printed
    with pdfplumber.open(pdfs[name]) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines = [line for line in page.extract_text().splitlines() if line.strip()]
            top = " ".join(lines[:8])
            assert any(h in top for h in FIRST_HEADER[name]), (name, number)
            assert len(lines) >= 4, (name, number, lines)
        first = " ".join(pdf.pages[0].extract_text().replace("-\n", "-").split())
    if name != "on_screen":
        assert "«Информационно-методический центр»" in first


def test_a4_prints_the_order_behind_each_status_and_what_the_scores_add_up_to(printed):
    pdfs, rows = printed
    with pdfplumber.open(pdfs["registry_a4"]) as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Приказ" in text and "приказа" in text
    ordered = [r for r in rows if r[14]]
    assert ordered and all(r[14] in text for r in ordered)
    with pdfplumber.open(pdfs["reviews"]) as pdf:
        first = pdf.pages[0].extract_text()
    assert "Недочёты" in first and "Заключение" in first
