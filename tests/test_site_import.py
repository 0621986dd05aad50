"""`metodist import sites`: a realistic registry workbook (merged title rows, Russian
headers, dates as text and as dates, a bad row of each kind) read back from the database."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop.cli import main
from desktop.models import Certificate, Deadline, Order, Organisation, Site, StatusHistory
from desktop.services import organisations as orgs
from desktop.services.site_import import guess_mapping, prepare_sites, read_sheet

HEADERS = ["Рег. номер", "Наименование ОО", "Полное наименование ОО", "Положение",
           "Вид площадки", "Тема инновационной деятельности", "Руководитель площадки",
           "Начало срока", "Окончание срока", "Номер приказа", "Дата приказа",
           "Номер свидетельства", "Статус"]
GOOD = [
    ["К-2025-01", "СШ № 12", "", "", "МИП", "Цифровая образовательная среда",
     "Иванова Мария Петровна, директор", dt.datetime(2025, 9, 1), "31.08.2027",
     "от 25.08.2025 № 345", None, "МИП-2025/01", "действует"],
    ["К-2025-02", "Гимназия № 41", "МАОУ «Гимназия № 41»", "Кемерово",
     "муниципальная опорно-методическая площадка", "Наставничество молодых педагогов",
     "Петрова Анна Ивановна", "01.09.2025 г.", dt.date(2026, 8, 31), "346", "25.08.2025",
     "ОМП-2025/02", ""],
    [12, "лицей № 1", "", "kemerovo", "сетевая МИП", "Инженерные классы", "",
     dt.datetime(2023, 9, 1), dt.datetime(2025, 8, 31), "", None, "", "срок завершён"],
]
BAD = {  # reason fragment → row
    "Не указана организация": ["К-9", "", "", "", "МИП", "Тема", "", "01.09.2025", "", "", None,
                               "", ""],
    "Вид площадки «РИП» не найден": ["К-10", "СШ № 12", "", "", "РИП", "Тема", "",
                                     "01.09.2025", "", "", None, "", ""],
    "не дата": ["К-11", "СШ № 7", "", "", "МИП", "Тема", "", "31.13.2025", "", "", None, "",
                ""],
    "раньше его начала": ["К-12", "СШ № 7", "", "", "ОМП", "Тема", "", "01.09.2025",
                          "01.09.2024", "", None, "", ""],
    "К-2025-01 уже есть": ["К-2025-01", "СШ № 8", "", "", "МИП", "Тема", "", "01.09.2025",
                           "", "", None, "", ""],
    "МИП-2025/01 уже выдано": ["К-14", "СШ № 9", "", "", "МИП", "Тема", "", "01.09.2025", "",
                               "", None, "МИП-2025/01", ""],
    "Статус «приостановлено» не распознан": ["К-15", "СШ № 9", "", "", "ОМП", "Тема", "",
                                             "01.09.2025", "", "", None, "", "приостановлено"],
    "номер приказа без даты": ["К-16", "СШ № 10", "", "", "МИП", "Тема", "", "01.09.2025",
                               "", "347", None, "", ""],
    "Не указана тема": ["К-17", "СШ № 10", "", "", "ОМП", "", "", "01.09.2025", "", "", None,
                        "", ""],
    "Положение «Новосибирск» не найдено": ["К-18", "СШ № 10", "", "Новосибирск", "МИП",
                                           "Тема", "", "01.09.2025", "", "", None, "", ""],
    "уже есть действующая площадка": ["К-19", "СШ № 12", "", "", "МИП", "Другая тема", "",
                                      "01.09.2025", "", "", None, "", ""],
}


@pytest.fixture
def registry(tmp_path, db):
    orgs.save_organisation(db, orgs.OrgData(full_name="МБОУ «Средняя школа № 12»",
                                            short_name="СШ № 12"))
    orgs.save_organisation(db, orgs.OrgData(full_name="МБОУ «Лицей № 1»",
                                            short_name="Лицей № 1"))
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "Реестр муниципальных инновационных площадок г. Кемерово"
    ws.merge_cells("A1:M1")
    ws["A2"] = "по состоянию на 01.11.2026"
    ws.merge_cells("A2:M2")
    ws.append([])
    ws.append(HEADERS)
    rows = {}
    for values in GOOD:
        ws.append(values)
    ws.append([])  # an empty line inside the table is skipped
    for reason, values in BAD.items():
        ws.append(values)
        rows[ws.max_row] = reason
    path = tmp_path / "Реестр площадок.xlsx"
    wb.save(path)
    return path, rows


def _run(capsys, *args: str) -> tuple[int, dict]:
    code = main(list(args))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip().startswith("{") else {"text": out}


def _count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_header_found_under_merged_title_and_mapped_by_name(registry):
    sheet = read_sheet(registry[0])
    assert sheet.header_row == 3
    mapping = guess_mapping(sheet)
    assert {c: sheet.headers[i] for c, i in mapping.items()} == {
        "number": "Рег. номер", "organisation": "Наименование ОО",
        "org_full_name": "Полное наименование ОО", "profile": "Положение",
        "kind": "Вид площадки", "theme": "Тема инновационной деятельности",
        "leader": "Руководитель площадки", "term_start": "Начало срока",
        "term_end": "Окончание срока", "order_number": "Номер приказа",
        "order_date": "Дата приказа", "certificate": "Номер свидетельства", "status": "Статус"}


def test_dry_run_then_import_then_again(registry, db, db_path, capsys):
    path, bad_rows = registry
    code, out = _run(capsys, "--db", str(db_path), "import", "sites", str(path),
                     "--profile", "kemerovo", "--dry-run", "--json")
    assert code == 0 and out["imported"] == 3
    reasons = {r["row"]: r["reason"] for r in out["rejected"]}
    assert set(reasons) == set(bad_rows)
    for row, fragment in bad_rows.items():
        assert fragment in reasons[row], (row, reasons[row])
    assert _count(db, Site) == 0 and _count(db, Organisation) == 2  # nothing written

    code, out = _run(capsys, "--db", str(db_path), "import", "sites", str(path),
                     "--profile", "kemerovo", "--json")
    assert code == 0 and out["imported"] == 3 and len(out["rejected"]) == len(bad_rows)
    with db.session() as s:
        sites = {x.number: x for x in s.scalars(select(Site))}
        assert set(sites) == {"К-2025-01", "К-2025-02", "12"}
        first, second, third = sites["К-2025-01"], sites["К-2025-02"], sites["12"]
        assert (first.organisation.short_name, first.kind_code, first.term_start,
                first.term_end, first.status) == ("СШ № 12", "МИП", dt.date(2025, 9, 1),
                                                  dt.date(2027, 8, 31), "active")
        assert (first.leader.full_name, first.leader.position) == (
            "Иванова Мария Петровна", "директор")
        cert = s.scalar(select(Certificate).where(Certificate.site_id == first.id))
        assert (cert.number, cert.issued_on, cert.order.number) == (
            "МИП-2025/01", dt.date(2025, 8, 25), "345")
        assert (second.organisation.full_name, second.kind_code, second.term_start,
                second.term_end) == ("МАОУ «Гимназия № 41»", "ОМП", dt.date(2025, 9, 1),
                                     dt.date(2026, 8, 31))
        assert s.scalar(select(Order.order_date).where(Order.number == "346")) == \
            dt.date(2025, 8, 25)
        assert (third.organisation.short_name, third.kind_code, third.status) == (
            "Лицей № 1", "сетевая МИП", "completed")
        notes = s.scalars(select(StatusHistory.note).where(StatusHistory.site_id == first.id))
        assert any("строка 5" in n for n in notes)
        assert s.scalar(select(func.count()).select_from(Deadline)
                        .where(Deadline.site_id == first.id)) > 0
    assert _count(db, Organisation) == 3

    code, out = _run(capsys, "--db", str(db_path), "import", "sites", str(path),
                     "--profile", "kemerovo", "--json")
    assert code == 0 and out["imported"] == 0
    assert _count(db, Site) == 3


def test_unreadable_file_and_unknown_profile_exit_2(tmp_path, db, db_path, registry, capsys):
    broken = tmp_path / "реестр.xlsx"
    broken.write_text("это не книга Excel", encoding="utf-8")
    assert main(["--db", str(db_path), "import", "sites", str(broken), "--profile",
                 "kemerovo"]) == 2
    assert "не читается как книга Excel" in capsys.readouterr().err
    assert main(["--db", str(db_path), "import", "sites", str(tmp_path / "нет.xlsx"),
                 "--profile", "kemerovo"]) == 2
    assert "«нет.xlsx» не найден" in capsys.readouterr().err
    assert main(["--db", str(db_path), "import", "sites", str(registry[0]),
                 "--profile", "novosibirsk"]) == 2
    assert "Неизвестный профиль «novosibirsk»" in capsys.readouterr().err


def test_user_corrected_mapping(registry, db):
    path, _rows = registry
    sheet = read_sheet(path)
    mapping = guess_mapping(sheet)
    del mapping["status"], mapping["certificate"]  # the user leaves these columns out
    prepared = prepare_sites(db, sheet, "kemerovo", mapping)
    good = {r.number: r for r in prepared.rows}
    assert good["12"].status == "active" and good["К-2025-01"].certificate == ""
    assert "К-14" in {str(r.number) for r in prepared.rows}  # its certificate is not read


def test_import_dialog_preview_corrected_mapping_and_import(qtbot, registry, db, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop.ui.site_import import SiteImportDialog

    path, bad_rows = registry
    dialog = SiteImportDialog(db, path, profile_id="kemerovo")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.prepared is not None and not dialog.busy.isVisible())
    assert dialog.combos["theme"].currentText() == "F: Тема инновационной деятельности"
    assert dialog.rejected_table.rowCount() == len(bad_rows)
    assert "Будет импортировано: <b>3 площадки</b>" in dialog.summary.text()
    assert "→ Вид площадки" in dialog.preview.horizontalHeaderItem(4).text()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    # the user says the «Статус» column is not to be read: the check must run again
    dialog.combos["status"].setCurrentIndex(0)
    assert not ok.isEnabled() and dialog.rejected_table.rowCount() == 0
    qtbot.mouseClick(dialog.check_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.prepared is not None and not dialog.busy.isVisible())
    assert dialog.rejected_table.rowCount() == len(bad_rows) - 1  # «приостановлено» not read now
    dialog.grab().save(str(tmp_path / "site_import.png"))
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == 1)
    assert dialog.imported == 4
    with db.session() as s:
        assert s.scalar(select(Site.status).where(Site.number == "12")) == "active"


def test_import_dialog_shows_an_unreadable_file(qtbot, db, tmp_path):
    from desktop.ui.site_import import SiteImportDialog

    bad = tmp_path / "пусто.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    dialog = SiteImportDialog(db, bad)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.error.text()))
    assert "Excel" in dialog.error.text() and not dialog.check_btn.isEnabled()


def test_cancelled_registry_import_writes_nothing(registry, db):
    """«Отмена» while writing (the progress callback raising, as the window's bar does)
    rolls the whole import back: no site, organisation, person or order is left."""
    from desktop.models import AuditLog, Person
    from desktop.services.excel_import import ImportCancelled
    from desktop.services.site_import import commit_sites

    path, _rows = registry
    prepared = prepare_sites(db, read_sheet(path), "kemerovo")
    tables = (Site, Organisation, Person, Order, Certificate, StatusHistory, AuditLog, Deadline)

    def counts() -> list[int]:
        with db.session() as s:
            return [s.scalar(select(func.count()).select_from(t)) for t in tables]

    before, calls = counts(), []

    def cancel_on_second(done: int, total: int) -> None:
        calls.append((done, total))
        if len(calls) == 2:
            raise ImportCancelled

    with pytest.raises(ImportCancelled):
        commit_sites(db, prepared, progress=cancel_on_second)
    assert counts() == before
    assert commit_sites(db, prepared) == len(prepared.rows)  # and a second try writes all
