"""Field validators and the Excel table reader."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from desktop.errors import UserError
from desktop.services.excel_import import Field, read_table
from desktop.validation import check_email, check_phone, check_term, check_url, parse_date


def test_validators_accept_good_and_explain_bad_values():
    assert check_email("school12@mail.ru") is None
    assert "не адрес электронной почты" in check_email("school12mail.ru")
    assert check_phone("8 (3842) 35-91-01") is None
    assert "не номер телефона" in check_phone("звоните вечером")
    assert check_url("https://school12.ru") is None
    assert check_url("school12.ru/about") is None
    assert "не адрес сайта" in check_url("школа двенадцать")
    assert check_term(dt.date(2026, 9, 1), dt.date(2027, 8, 31)) is None
    assert "раньше его начала" in check_term(dt.date(2026, 9, 1), dt.date(2026, 8, 31))
    assert parse_date("25.12.2026") == dt.date(2026, 12, 25)
    assert parse_date("2026-12-25") == dt.date(2026, 12, 25)
    with pytest.raises(UserError, match="не дата"):
        parse_date("31.02.2026")
    with pytest.raises(UserError, match="вне допустимого"):
        parse_date("01.01.1900")


FIELDS = [
    Field("name", "Наименование", aliases=("Краткое наименование",), required=True),
    Field("phone", "Телефон"),
    Field("founded", "Дата", kind="date"),
    Field("count", "Количество", kind="int"),
]


def test_read_table_maps_headers_and_rejects_bad_rows(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Список организаций"])
    ws.append(["  КРАТКОЕ  наименование ", "телефон", "Дата", "Количество"])
    ws.append(["Школа № 1", "35-91-01", dt.datetime(2020, 9, 1), 3])
    ws.append([None, "35-91-02", None, None])
    ws.append(["Школа № 3", None, "32.13.2020", None])
    ws.append([None, None, None, None])
    ws.append(["Школа № 4", None, None, "много"])
    path = tmp_path / "orgs.xlsx"
    wb.save(path)
    table = read_table(path, FIELDS)
    assert table.header_row == 2
    assert table.mapping["name"].strip() == "КРАТКОЕ  наименование"
    assert [r.values["name"] for r in table.rows] == ["Школа № 1"]
    assert table.rows[0].values["founded"] == dt.date(2020, 9, 1)
    reasons = {r.row_no: r.reason for r in table.rejected}
    assert set(reasons) == {4, 5, 7}
    assert "Наименование" in reasons[4]
    assert "не дата" in reasons[5]
    assert "не целое число" in reasons[7]


def test_read_table_refuses_a_file_that_is_not_excel(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UserError, match="broken.xlsx"):
        read_table(path, FIELDS)
    with pytest.raises(UserError, match="не найден"):
        read_table(tmp_path / "missing.xlsx", FIELDS)


def test_read_table_names_missing_required_columns(tmp_path):
    wb = Workbook()
    wb.active.append(["Телефон", "Адрес"])
    path = tmp_path / "nohead.xlsx"
    wb.save(path)
    with pytest.raises(UserError, match="«Наименование»"):
        read_table(path, FIELDS)
