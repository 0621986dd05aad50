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

