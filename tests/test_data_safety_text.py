"""Issue 16, what comes in and goes out: 8 imports linear, off the window thread, limited
before reading; 9 one cleaning rule for text, attachment names in bytes, OS errors in
Russian; 10 only a profile error is skipped when deadlines are computed."""

from __future__ import annotations

import errno
import re
import resource
import signal
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import event, func, select

from desktop.errors import UserError
from desktop.fileio import os_error_message, os_error_text
from desktop.models import Attachment, Organisation
from desktop.services import excel_import
from desktop.services import organisations as orgs
from desktop.services.excel_import import ImportCancelled
from desktop.services.files import MAX_NAME_BYTES, export_attachment, store_bytes
from desktop.text import clean_chars, unescape_excel

HEADER = ["Полное наименование", "Краткое наименование", "Телефон"]
LATIN = re.compile(r"[A-Za-z]{3,}")


def _book(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    wb.active.append(HEADER)
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _orgs(n: int, start: int = 0) -> list[list]:
    return [[f"Муниципальная школа № {i}", f"Школа {i}", "8 (3842) 35-91-01"]
            for i in range(start, start + n)]


def _count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Organisation))


# 8 ----------------------------------------------------------------- imports

def test_organisation_import_reads_the_directory_once_whatever_the_rows(db, tmp_path):
    """Linear: the statements run do not grow with the rows (one query per row before)."""
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda *a: statements.append(a[2]))
    counts = []
    for n in (40, 160):
        statements.clear()
        prepared = orgs.prepare_import(db, _book(tmp_path / f"o{n}.xlsx", _orgs(n)))
        counts.append(len(statements))
        assert len(prepared.accepted) == n
    assert counts[0] == counts[1] <= 3
    dupes = orgs.prepare_import(db, _book(tmp_path / "d.xlsx", _orgs(50) + _orgs(50)))
    assert len(dupes.accepted) == 50 and len(dupes.table.rejected) == 50
    assert [r.row_no for r in dupes.table.rejected] == list(range(52, 102))
    assert "см. строку 2" in dupes.table.rejected[0].reason


def _declare_rows(path: Path, rows: int) -> None:
    """Make the sheet declare `rows` rows (as a 100 000-row export would) while holding 2."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'<dimension ref="[^"]+"', f'<dimension ref="A1:C{rows}"'.encode(),
                          parts[sheet])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def test_a_too_long_sheet_is_refused_before_its_rows_are_read(db, tmp_path, monkeypatch):
    path = _book(tmp_path / "big.xlsx", _orgs(2))
    _declare_rows(path, 100_001)
    calls = []
    with pytest.raises(UserError, match="больше 50\xa0000 строк"):
        orgs.prepare_import(db, path, progress=lambda done, total: calls.append(done))
    assert calls == []  # refused from the declared size: not one row read
    unsized = tmp_path / "stream.xlsx"  # a streaming writer declares no size at all
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    for row in [HEADER, *_orgs(300)]:
        ws.append(row)
    wb.save(unsized)
    monkeypatch.setattr(excel_import, "MAX_ROWS", 200)
    monkeypatch.setattr(excel_import, "PROGRESS_EVERY", 1)  # any row read would show here
    with pytest.raises(UserError, match="больше 200 строк"):
        orgs.prepare_import(db, unsized, progress=lambda done, total: calls.append(done))
    assert calls == []  # its rows counted in the XML, not read
    monkeypatch.setattr(excel_import, "MAX_UNPACKED_BYTES", 1 << 20)  # 500 MB in real use
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<" * (2 << 20))
    with pytest.raises(UserError, match="после распаковки"):
        orgs.prepare_import(db, bomb)


def test_cancelling_the_import_writes_nothing(db, tmp_path, monkeypatch):
    path = _book(tmp_path / "o.xlsx", _orgs(1200))
    prepared = orgs.prepare_import(db, path)
    seen = []

    def cancel_after_first(done: int, total: int) -> None:
        seen.append((done, total))
        raise ImportCancelled

    with pytest.raises(ImportCancelled, match="ничего не записано"):
        orgs.commit_import(db, prepared, progress=cancel_after_first)
    assert seen == [(500, 1200)] and _count(db) == 0  # 500 were flushed, all rolled back
    with pytest.raises(ImportCancelled):
        orgs.prepare_import(db, path, progress=cancel_after_first)
    assert orgs.commit_import(db, prepared) == 1200


def test_slow_work_runs_off_the_window_thread_and_can_be_cancelled(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

    from desktop.ui.progress import run_with_progress

    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()
    where = []

    def work(progress) -> str:
        where.append(threading.current_thread() is threading.main_thread())
        for i in range(10**9):
            started.set()
            progress(i, 10**9)
        return "done"

    def press_cancel() -> None:
        dialog = parent.findChild(QProgressDialog)
        if dialog is None or not started.is_set():
            QTimer.singleShot(5, press_cancel)
            return
        dialog.findChild(QPushButton).click()  # «Отмена», as the user presses it

    QTimer.singleShot(0, press_cancel)
    assert run_with_progress(parent, "Импорт", "Чтение…", work) is None
    assert where == [False]
    assert run_with_progress(parent, "Импорт", "Чтение…", lambda progress: 42) == 42


# 9 ----------------------------------------------------------- one cleaning rule

def test_the_cleaning_rule():
    assert clean_chars(" Школа\t№ 5\r\nим.  А. С. Пушкина\x07 ", one_line=True) == \
        "Школа № 5 им. А. С. Пушкина"
    assert clean_chars("строка 1\r\nстрока 2\rстрока 3\x0b", one_line=False) == \
        "строка 1\nстрока 2\nстрока 3"
    assert clean_chars("отчёт.pdf\u202egpj.exe\u200b\ufeff", one_line=True) == "отчёт.pdfgpj.exe"
    assert clean_chars("Школа № 1\u2066\u2069", one_line=False) == "Школа № 1"
    assert clean_chars("и\u0306", one_line=True) == "й"  # NFC: found by search
    assert unescape_excel("Звонок_x0007_ и _x005F_x0007_") == "Звонок\x07 и _x0007_"


def test_imported_text_is_cleaned_like_typed_text(db, tmp_path):
    path = _book(tmp_path / "dirty.xlsx", [
        ["Муниципальная\tшкола\n№ 1", "Школа_x0007_ № 1", "8 (3842)\t35-91-01"],
        ["Гимназия\u202e № 2", "Гимназия № 2\u202e", ""],
    ])
    prepared = orgs.prepare_import(db, path)
    assert not prepared.table.rejected
    orgs.commit_import(db, prepared)
    with db.session() as s:
        stored = s.execute(select(Organisation.full_name, Organisation.short_name,
                                  Organisation.phone).order_by(Organisation.id)).all()
    assert [tuple(r) for r in stored] == [
        ("Муниципальная школа № 1", "Школа № 1", "8 (3842) 35-91-01"),
        ("Гимназия № 2", "Гимназия № 2", ""),
    ]


def test_attachment_names_fit_the_file_system_with_their_extension(db, tmp_path):
    cases = {"Я" * 200 + ".pdf": ".pdf", "CON.docx": "_CON.docx", "nul": "_nul",
             "report.pdf\u202egpj.exe": "report.pdfgpj.exe", "COM1 .txt": "_COM1.txt"}
    with db.transaction() as s:
        ids = {name: store_bytes(s, b"%PDF-1.4 test", name).id for name in cases}
    with db.session() as s:
        for name, expected in cases.items():
            stored = s.get(Attachment, ids[name]).file_name
            assert len(stored.encode("utf-8")) <= MAX_NAME_BYTES
            assert stored.endswith(expected) if expected.startswith(".") else stored == expected
            written = export_attachment(s, ids[name], tmp_path / "out")
            assert written.read_bytes() == b"%PDF-1.4 test"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EIO,
                                  errno.ENAMETOOLONG, errno.EDQUOT, 9999])
def test_os_errors_become_russian_sentences(code):
    exc = OSError(code, "No space left on device, Read-only file system", "отчёт.xlsx")
    for text in (os_error_text(exc), os_error_message(exc)):
        assert not LATIN.search(text.replace("xlsx", "")), text


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_xlsx_export_on_a_full_disk_gives_one_russian_line(demo_db, tmp_path, capfd):
    """A file-size limit makes every write past it fail as a full disk does."""
    from desktop.services.workbooks.make import make_workbook

    target = tmp_path / "реестр.xlsx"
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    demo_db.engine.dispose()
    with demo_db.session() as s:  # the connection (and its -shm) opened before the limit
        s.scalar(select(func.count()).select_from(Organisation))
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))
        try:
            with pytest.raises(UserError) as err:
                make_workbook(demo_db, "registry", target, year=2026)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
            signal.signal(signal.SIGXFSZ, old_handler)
    message = str(err.value)
    assert "Файл не записан" in message and "\n" not in message
    assert not LATIN.search(message.replace("xlsx", "")), message
    assert not target.exists() and list(tmp_path.glob(".*xlsx")) == []
    assert "Traceback" not in capfd.readouterr().err


# 10 ---------------------------------------------------- only a profile error is skipped

def test_deadlines_skip_a_removed_kind_but_not_a_bug(demo_db, monkeypatch):
    from desktop.errors import ProfileError
    from desktop.profiles import Profile
    from desktop.services.deadlines import recompute_all

    def removed(self, code):  # a kind taken out of a user's profile
        raise ProfileError(f"В профиле нет вида «{code}».")

    monkeypatch.setattr(Profile, "kind", removed)
    recompute_all(demo_db)  # skipped, as before

    def bug(self, code):
        raise KeyError(code)

    monkeypatch.setattr(Profile, "kind", bug)
    with pytest.raises(KeyError):
        recompute_all(demo_db)
