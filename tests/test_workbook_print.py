"""Every workbook printed by LibreOffice as a user would print it: body text at 8 pt or
more, «Страница N из M» and the title in the footer, no text drawn over other text (rows
tall enough for their wrapped cells), every word of a wrapped cell on the page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pdfplumber
import pytest
from office import overlapping_words, smallest_text_pt

from desktop.exports.table_xlsx import TableData, write_table
from desktop.services.registry import load_rows
from desktop.services.workbooks.make import make_workbook
from desktop.text import short_date

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def printed(office_prints):
    """The demo database's workbooks (see `write_workbooks`), printed to PDF."""
    pdfs, rows = office_prints
    return {name: pdfs[name] for name in WORKBOOKS}, rows


WORKBOOKS = ("registry_a4", "registry_a3", "reviews", "reports", "deadlines", "on_screen")


def write_workbooks(db, folder: Path) -> list[Path]:  # noqa: ANN001 - a Database
    """Each workbook of the catalogue, and the registry tab «as on screen», in `folder`."""
    files = {
        "registry_a4": lambda p: make_workbook(db, "registry", p, year=2026),
        "registry_a3": lambda p: make_workbook(db, "registry", p, year=2026, paper="a3"),
        "reviews": lambda p: make_workbook(db, "reviews", p),
        "reports": lambda p: make_workbook(db, "reports", p, year=2026),
        "deadlines": lambda p: make_workbook(db, "deadlines", p, today=TODAY),
        "on_screen": lambda p: write_table(_screen_table(db), p),
    }
    for name, write in files.items():
        write(folder / f"{name}.xlsx")
    return [folder / f"{name}.xlsx" for name in WORKBOOKS]


def _screen_table(db) -> TableData:
    """What the registry tab shows with a few columns: as «Экспорт того, что на экране»."""
    rows = load_rows(db, TODAY)
    return TableData("Реестр площадок", ["№", "Организация", "Тема", "Руководитель", "Срок по"],
                     [[r.number, r.organisation, r.theme, r.leader, short_date(r.term_end)]
                      for r in rows], [80, 170, 400, 115, 90], ["Отбор: все площадки"],
                     "Информационно-методический центр")


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

