"""Excel workbooks read back with openpyxl: headers, row counts against the database, real
dates, text that looks like a formula, print set-up; the CLI's messages and errors."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import func, or_, select

from desktop.cli import main as cli_main
from desktop.errors import UserError
from desktop.exports import deadlines_xlsx, registry_xlsx, reports_xlsx, reviews_xlsx
from desktop.exports.registry_xlsx import COLUMNS
from desktop.exports.xlsx_common import print_scale
from desktop.exports.xlsx_measure import line_count, row_height
from desktop.models import Event, Review, Site
from desktop.services.deadlines import list_deadlines
from desktop.services.workbooks.centre import NOT_FILLED
from desktop.services.workbooks.make import make_workbook
from desktop.services.workbooks.registry import registry_rows

FORMULA_LIKE = ["=СУММ(A1:A9)", "+7 913 000-00-00", "-", "@home"]


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """`metodist ARGS` in this process (a child process per call cost a second each)."""
    try:
        code = cli_main(list(args))
    except SystemExit as exc:  # argparse refusing an argument
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def export_registry(db, year, path, paper="a4"):
    return make_workbook(db, "registry", path, year=year, paper=paper)


def _active_in(db, year: int) -> int:
    lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Site).where(
            Site.deleted_at.is_(None), Site.term_start <= hi,
            or_(Site.term_end.is_(None), Site.term_end >= lo)))


def test_registry_workbook(demo_db, tmp_path):
    with demo_db.transaction() as s:
        sites = s.scalars(select(Site).where(Site.status == "active").order_by(Site.id)
                          .limit(len(FORMULA_LIKE) + 1)).all()
        for site, theme in zip(sites, FORMULA_LIKE, strict=False):
            site.theme = theme
        sites[-1].theme = "Тема\x0bс символом из Word"
        numbers = {site.number: site.theme for site in sites}
    path = tmp_path / "registry.xlsx"
    result = export_registry(demo_db, 2026, path)
    wb = load_workbook(path)
    ws = wb.active
    assert ws.title == "Реестр 2026"
    assert ws["A1"].value == NOT_FILLED  # the demo database's centre is not described
    assert ws["A2"].value == "Реестр площадок инновационной инфраструктуры за 2026 год"
    assert "площад" in ws["A3"].value and "г." in ws["A3"].value
    assert "кнопка «+»" in ws["A4"].value  # which columns fold away for A4
    headers = [c.value for c in ws[5]]
    assert headers == [c.header for c in COLUMNS]
    for needed in ("Полное наименование организации", "Краткое наименование", "Вид площадки",
                   "Тема", "Направление", "Проект (программа)", "Руководитель",
                   "Соруководитель", "Срок с", "Срок по", "Статус", "Приказ №",
                   "Дата приказа", "№ свид-ва", "Дата выдачи", "Партнёры сети"):
        assert needed in headers
    data = list(ws.iter_rows(min_row=6))
    assert len(data) == result.rows == _active_in(demo_db, 2026) > 0
    assert [row[0].value for row in data] == list(range(1, len(data) + 1))
    assert ws.freeze_panes == "A6"
    assert ws.auto_filter.ref == f"A5:S{5 + len(data)}"
    assert ws.print_title_rows == "$5:$5"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    for name in ("Срок с", "Срок по"):
        col = headers.index(name)
        assert all(row[col].is_date and row[col].number_format == "DD.MM.YYYY" for row in data)
    issued = headers.index("Дата выдачи")
    assert any(row[issued].is_date for row in data)
    theme_col = headers.index("Тема")
    by_number = {row[1].value: row for row in data}
    for number, theme in numbers.items():
        cell = by_number[number][theme_col]
        assert cell.data_type == "s"
        assert cell.value == theme.replace("\x0b", "")
    assert data[0][theme_col].alignment.wrap_text
    # The grid: one conditional format (always true) with borders over the whole table,
    # empty cells included, instead of a border on each cell.
    grid = [(str(r.sqref), rule) for r in ws.conditional_formatting for rule in r.rules]
    assert [(ref, rule.formula, rule.dxf.border.left.style) for ref, rule in grid] == [
        (f"A6:S{5 + len(data)}", ["TRUE"], "thin")]
    assert ws["A5"].font.b
    # A4: the printable set at full size; the other columns folded away, not dropped.
    hidden = {c.header for c in COLUMNS if not c.a4}
    letters = {c.header: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
    assert {h for h in headers if ws.column_dimensions[letters[h]].hidden} == hidden
    assert all(ws.column_dimensions[letters[h]].outline_level == 1 for h in hidden)
    assert ws.sheet_properties.outlinePr.summaryRight is False
    assert (ws.page_setup.scale or 100) == print_scale(COLUMNS, "a4") >= 85
    # Row heights fit the wrapped text: a long theme makes its row taller.
    long_row = next(row for row in data if len(row[theme_col].value or "") > 60)
    assert ws.row_dimensions[long_row[0].row].height >= 3 * 12.75
    # The footer: the title and «Страница N из M»; properties name the centre.
    assert "Страница &P из &N" in ws.oddFooter.right.text
    assert "Реестр площадок" in ws.oddFooter.left.text
    assert wb.properties.title == ws["A2"].value


def test_registry_on_a3_prints_every_column(demo_db, db_path, tmp_path, capsys):
    from desktop.cli import main as cli_main

    path = tmp_path / "registry_a3.xlsx"
    assert cli_main(["export", "registry", "--year", "2026", "--paper", "a3", "-o", str(path),
                     "--db", str(db_path)]) == 0
    assert "Записано" in capsys.readouterr().out
    ws = load_workbook(path).active
    headers = [c.value for c in ws[4]]  # no line about folded columns
    assert headers == [c.header for c in COLUMNS]
    assert not any(d.hidden for d in ws.column_dimensions.values())
    assert int(ws.page_setup.paperSize) == 8 and ws.page_setup.scale >= 80


@pytest.mark.parametrize("module", [registry_xlsx, reviews_xlsx, reports_xlsx, deadlines_xlsx])
def test_every_layout_prints_at_8_pt_or_more(module):
    # Body text is 10 pt: a scale of 80 % or more prints it at 8 pt or more.
    for paper in ("a4", "a3"):
        assert print_scale(module.COLUMNS, paper) >= 80, (module.__name__, paper)


def test_row_height_counts_wrapped_lines():
    assert row_height([("коротко", 20)]) is None
    words = "Сопровождение одарённых детей как ресурс повышения качества образования"
    assert line_count(words, 25) == 4 and line_count(words, 60) == 2
    assert line_count("первая\nвторая\nтретья", 40) == 3
    assert row_height([(words, 25), ("коротко", 10)]) == 4 * 12.75 + 2.25
    assert line_count("Ы" * 60, 10) >= 5  # a word longer than the line breaks


def test_registry_takes_sites_whose_term_overlaps_the_year(demo_db, tmp_path):
    with demo_db.transaction() as s:
        site = s.scalar(select(Site).where(Site.deleted_at.is_(None)).order_by(Site.id))
        site.term_start, site.term_end = dt.date(2024, 9, 1), dt.date(2025, 1, 1)
        number = site.number
    rows_2025 = registry_rows(demo_db, 2025)
    rows_2026 = registry_rows(demo_db, 2026)
    assert number in {r[1] for r in rows_2025} and number not in {r[1] for r in rows_2026}
    assert len(rows_2026) == _active_in(demo_db, 2026)


def test_reviews_workbook(demo_db, tmp_path):
    r = make_workbook(demo_db, "reviews", tmp_path / "reviews.xlsx")
    wb = load_workbook(tmp_path / "reviews.xlsx")
    ws = wb["Экспертиза"]
    with demo_db.session() as s:
        assert r.rows == s.scalar(select(func.count()).select_from(Review)) > 0
    assert "кнопка «+»" in ws["A4"].value
    header = [c.value for c in ws[5]]
    assert header[:5] == ["Заявка", "Организация", "Вид", "Положение (профиль)", "Эксперт"]
    assert {"К1", "К12", "Итого", "Уровень", "Средний балл заявки", "Экспертов"} <= set(header)
    rows = list(ws.iter_rows(min_row=6, values_only=True))
    assert len(rows) == r.rows
    total, band = header.index("Итого"), header.index("Уровень")
    omsk = [row for row in rows if row[3] == "г. Омск" and row[total] is not None]
    assert omsk and all(row[band] for row in omsk)
    k = [header.index(f"К{i}") for i in range(1, 13)]
    assert all(row[total] >= 0 and all(row[i] in (0, 1, 2) for i in k) for row in omsk)
    legend = list(wb["Критерии"].iter_rows(min_row=3, values_only=True))
    assert legend[0][:2] == ("Положение (профиль)", "Столбец") and len(legend) > 12
    assert ("г. Омск", "К1", "1") == legend[5][:3]


def test_reports_workbook(demo_db, tmp_path):
    r = make_workbook(demo_db, "reports", tmp_path / "reports.xlsx", year=2026)
    ws = load_workbook(tmp_path / "reports.xlsx").active
    assert "по одному разу за год" in ws["A4"].value
    header = [c.value for c in ws[5]]
    rows = list(ws.iter_rows(min_row=6, values_only=True))
    assert rows[-1][0] == "Итого" and r.rows == len(rows) - 1 == _active_in(demo_db, 2026)
    assert rows[-1][1].endswith(("площадка", "площадки", "площадок"))
    held = header.index("Мероприятий проведено")
    with demo_db.session() as s:
        events = s.scalar(select(func.count()).select_from(Event).where(
            Event.status == "held", Event.deleted_at.is_(None),
            Event.held_on.between(dt.date(2026, 1, 1), dt.date(2026, 12, 31))))
    assert rows[-1][held] == sum(row[held] for row in rows[:-1]) == events > 0
    i = header.index("Участий")
    assert rows[-1][i] == sum(row[i] for row in rows[:-1]) > 0
    # «разных»: each person and each organisation once over the year, counted here from the
    # database's own tables in Python, not with the gatherer's query.
    people, orgs = distinct_at_held_events(demo_db.path, 2026)
    i, j = header.index("Педагогов (разных)"), header.index("Организаций охвачено")
    assert (rows[-1][i], rows[-1][j]) == (len(people), len(orgs))
    assert 0 < len(people) < sum(row[i] for row in rows[:-1])  # people of several sites
    assert 0 < len(orgs) <= count_organisations(demo_db.path)


def distinct_at_held_events(path, year: int) -> tuple[set[int], set[int]]:
    """The people at events held in the year by sites active in it, and their organisations."""
    import sqlite3

    lo, hi = f"{year}-01-01", f"{year}-12-31"
    with sqlite3.connect(path) as conn:
        active = {sid for sid, start, end, deleted in conn.execute(
            "SELECT id, term_start, term_end, deleted_at FROM site")
            if deleted is None and start and start[:10] <= hi and (not end or end[:10] >= lo)}
        held = {eid for eid, sid, status, day, deleted in conn.execute(
            "SELECT id, site_id, status, held_on, deleted_at FROM event")
            if sid in active and status == "held" and deleted is None and day
            and lo <= day[:10] <= hi}
        people = {pid for eid, pid in conn.execute("SELECT event_id, person_id FROM participation")
                  if eid in held}
        org_of = dict(conn.execute("SELECT id, organisation_id FROM person"))
    return people, {org_of[p] for p in people if org_of[p] is not None}


def count_organisations(path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM organisation").fetchone()[0]


def test_deadlines_workbook(demo_db, tmp_path):
    lo, hi = dt.date(2026, 11, 1), dt.date(2026, 12, 31)
    r = make_workbook(demo_db, "deadlines", tmp_path / "deadlines.xlsx", date_from=lo,
                      date_to=hi, today=dt.date(2026, 11, 23))
    ws = load_workbook(tmp_path / "deadlines.xlsx").active
    assert "с 01.11.2026 по 31.12.2026" in ws["A2"].value
    assert ws["A3"].value == "Состояние на 23 ноября 2026 г."
    rows = list(ws.iter_rows(min_row=5))
    assert len(rows) == r.rows == len(list_deadlines(demo_db, date_from=lo, date_to=hi)) > 0
    assert all(row[0].is_date and lo <= row[0].value.date() <= hi for row in rows)


def test_a_file_locked_by_excel_gives_a_russian_error_and_keeps_the_old_file(
        demo_db, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "r.xlsx"
    target.write_bytes(b"old workbook")

    def locked(src, dst):  # what Windows does while Excel holds the file open
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(UserError, match="занят другой программой"):
        export_registry(demo_db, 2026, target)
    assert target.read_bytes() == b"old workbook"
    assert sorted(p.name for p in folder.iterdir()) == ["r.xlsx"]


def test_cli_exports_and_errors(demo_db, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    db = str(demo_db.path)
    for args in (("registry", "--year", "2026"), ("reviews",), ("reports", "--year", "2026"),
                 ("deadlines", "--from", "01.11.2026", "--to", "2026-12-31")):
        target = out / f"{args[0]}.xlsx"
        code, printed, err = run_cli(capsys, "export", *args, "-o", str(target), "--db", db)
        assert code == 0, err
        assert "Записано" in printed and load_workbook(target).active.max_row > 4
    before = sorted(p.name for p in out.iterdir())
    for args, message in ((("registry", "--year", "2026", "-o", str(out / "нет" / "r.xlsx")),
                           "не существует"),
                          (("registry", "--year", "2026", "-o", str(out)), "это папка"),
                          (("registry", "--year", "20266", "-o", str(out / "r.xlsx")),
                           "вне допустимого"),
                          (("deadlines", "--from", "31.02.2026", "-o", str(out / "d.xlsx")),
                           "")):
        code, _out, err = run_cli(capsys, "export", *args, "--db", db)
        assert code != 0
        assert err.strip() and err.strip().count("\n") == 0, err
        assert message in err and "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == before


def test_unwritable_folder(demo_db, tmp_path, capsys):
    if os.geteuid() == 0:  # root writes anywhere; a read-only file system is the same error
        folder = "/proc"
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
    code, _out, err = run_cli(capsys, "export", "registry", "--year", "2026", "-o",
                              f"{folder}/r.xlsx", "--db", str(demo_db.path))
    assert code != 0 and err.strip().count("\n") == 0
    assert "Traceback" not in err and ("Нет права" in err or "Не удаётся" in err
                                       or "защищён" in err), err
    assert not os.path.exists(f"{folder}/r.xlsx")
