"""Who a workbook says it is from, and titles that stay on the page: the centre's name once
described, else the profile's operator, else a line saying the details are not filled in;
a long name merged across the table and wrapped, its row as tall as its lines."""

from __future__ import annotations

from openpyxl import load_workbook

from desktop.exports.xlsx_common import Column, DocInfo, SheetData, write_workbook
from desktop.profiles import get_profile
from desktop.services.centre import save_centre
from desktop.services.first_start import set_profile
from desktop.services.workbooks.centre import NOT_FILLED, workbook_centre
from desktop.services.workbooks.make import make_workbook

LONG = ("Муниципальное бюджетное учреждение дополнительного профессионального образования "
        "«Научно-методический центр» города Кемерово")


def test_an_undescribed_centre_is_never_given_a_name(demo_db):
    name, info = workbook_centre(demo_db, "Реестр")
    assert name == NOT_FILLED and info.company == "" and info.author == ""
    set_profile(demo_db, "omsk")
    name, info = workbook_centre(demo_db, "Реестр")
    assert name == get_profile("omsk").operator == info.company
    assert "Перспектива" in name


def test_a_described_centre_heads_every_workbook(demo_db, tmp_path):
    save_centre(demo_db, {"name": LONG, "short_name": "МБУ ДПО «НМЦ»",
                          "head_name": "О. А. Иванова", "head_position": "Директор"})
    options = {"registry": {"year": 2026}, "reviews": {}, "reports": {"year": 2026},
               "deadlines": {}}
    for code, given in options.items():
        make_workbook(demo_db, code, tmp_path / f"{code}.xlsx", **given)
        wb = load_workbook(tmp_path / f"{code}.xlsx")
        ws = wb.worksheets[0]
        assert ws["A1"].value == LONG, code
        assert wb.properties.creator == "МБУ ДПО «НМЦ»"
        # merged across the table, wrapped, two lines tall at 14 pt
        merged = [str(r) for r in ws.merged_cells.ranges if r.min_row == 1]
        assert merged and merged[0].startswith("A1:"), code
        assert ws["A1"].alignment.wrap_text
        assert ws.row_dimensions[1].height >= 2 * 14 * 1.2, code


def test_a_short_title_keeps_one_line(tmp_path):
    sheet = SheetData("Лист", ["ИМЦ", "Список"], [Column("А", 30), Column("Б", 30)],
                      [("1", "2")])
    write_workbook(tmp_path / "t.xlsx", [sheet], DocInfo("Список"))
    ws = load_workbook(tmp_path / "t.xlsx").active
    assert ws.row_dimensions[1].height < 2 * 14
