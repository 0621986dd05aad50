"""The measurements of bench/run.py, each run in a child process of its own.

Every task takes the database path and returns a dict with `seconds` and `peak_mb` (the
child's ru_maxrss); a task may add `max` (slowest of its repetitions) and other figures.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
TODAY = "2026-11-23"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- start-up

def _until_painted(cmd: list[str], screenshot: Path) -> dict:
    """Start a GUI process and time it to the line «painted» it prints after its first
    paint of a table with rows (METODIST_REPORT_PAINT=1), then to its exit."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "METODIST_REPORT_PAINT": "1"}
    t0 = time.perf_counter()
    proc = subprocess.Popen([*cmd, str(screenshot)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, cwd=ROOT, text=True)
    painted = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "painted" and painted is None:
            painted = time.perf_counter() - t0
    proc.wait()
    wall = time.perf_counter() - t0
    if proc.returncode != 0 or painted is None:
        raise RuntimeError(f"{cmd} exited {proc.returncode} without painting")
    return {"seconds": painted, "exit": wall,
            "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def task_startup_app(db: str) -> dict:
    """`metodist --db DB --screenshot FILE`: to the first paint of the registry with rows."""
    return _until_painted([sys.executable, "-m", "desktop", "--db", db, "--screenshot"],
                          OUT / "startup.png")


BARE_WINDOW = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

class Table(QTableView):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not Table.painted:
            Table.painted = True
            print("painted", flush=True)

app = QApplication(sys.argv[:1])
model = QStandardItemModel(0, 12)
for r in range(40):
    model.appendRow([QStandardItem(f"{r}-{c}") for c in range(12)])
w = QMainWindow(); w.resize(1400, 850)
table = Table(); table.setModel(model); w.setCentralWidget(table); w.show()
def shoot():
    w.grab().save(sys.argv[1]); app.quit()
QTimer.singleShot(0, lambda: QTimer.singleShot(50, shoot))
app.exec()
"""


def task_startup_bare(_db: str) -> dict:
    """A bare PySide6 window with a QTableView of one screen of rows."""
    return _until_painted([sys.executable, "-c", BARE_WINDOW], OUT / "bare.png")


# --------------------------------------------------------------------------- the window

def _window(db_path: str):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from desktop.storage import open_database
    from desktop.ui.app import make_app
    from desktop.ui.main_window import MainWindow

    app = make_app()
    db = open_database(db_path)
    w = MainWindow(db, QSettings(str(OUT / "bench.ini"), QSettings.Format.IniFormat))
    w.show()
    app.processEvents()
    return app, db, w


def task_filter(db: str) -> dict:
    """Type into the search field one character at a time (key events carrying their text,
    as tests/uihelpers.type_text: QTest.keyClicks aborts on Cyrillic) and time each
    keystroke with the filter it triggers. The view debounces typing with a 120 ms timer, so
    the timer's slot is called at once instead of waiting for it."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    def key(ch: str) -> None:
        try:
            code = Qt.Key(ord(ch.upper()))
        except ValueError:
            code = Qt.Key.Key_unknown
        for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
            QTest.sendKeyEvent(action, search, code, ch, Qt.KeyboardModifier.NoModifier)

    app, _db, w = _window(db)
    search = w.registry.search
    times = []
    for text in ("гимназ", "функцион", "иванова", "лицей 1"):
        search.clear()
        w.registry.apply_filter()
        app.processEvents()
        for ch in text:
            t0 = time.perf_counter()
            key(ch)
            w.registry.apply_filter()  # what the debounce timer runs after the keystroke
            app.processEvents()  # the table repaints its first screen of rows
            times.append(time.perf_counter() - t0)
    assert search.text() == "лицей 1", search.text()
    return {"seconds": statistics.median(times), "max": max(times), "peak_mb": _peak_mb()}


def task_sort(db: str) -> dict:
    from PySide6.QtCore import Qt

    app, _db, w = _window(db)
    times = []
    for col in (1, 4, 6, 8, 10, 1):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            t0 = time.perf_counter()
            w.registry.table.sortByColumn(col, order)
            app.processEvents()
            times.append(time.perf_counter() - t0)
    return {"seconds": statistics.median(times), "max": max(times), "peak_mb": _peak_mb()}


def task_card(db: str) -> dict:
    from desktop.services.sites import choices
    from desktop.ui.site_card import SiteCard

    app, _db, w = _window(db)
    t0 = time.perf_counter()
    choices(w.db)  # as the window does after start-up, off its thread: the pickers' names
    ahead = time.perf_counter() - t0
    rows = w.registry.model.rows()
    times = []
    for r in rows[:: max(1, len(rows) // 7)][:7]:
        t0 = time.perf_counter()
        card = SiteCard(w.db, r.id, w.undo_stack, w)
        card.show()
        app.processEvents()
        times.append(time.perf_counter() - t0)
        card.close()
    return {"seconds": statistics.median(times), "max": max(times), "names_ahead": ahead,
            "peak_mb": _peak_mb()}


# --------------------------------------------------------------------------- batch work

def task_deadlines(db: str) -> dict:
    """Delete every open deadline (as after a rule change), then recompute all sites."""
    import datetime as dt

    from sqlalchemy import delete

    from desktop.models import Deadline
    from desktop.services.deadlines import recompute_all
    from desktop.storage import open_database

    database = open_database(db)
    t0 = time.perf_counter()
    with database.transaction() as s:
        s.execute(delete(Deadline).where(Deadline.done_on.is_(None)))
    deleted = time.perf_counter() - t0
    t0 = time.perf_counter()
    recompute_all(database, today=dt.date.fromisoformat(TODAY))
    seconds = time.perf_counter() - t0
    t0 = time.perf_counter()  # again, nothing to change: what reading and diffing cost
    assert recompute_all(database, today=dt.date.fromisoformat(TODAY)) == 0
    return {"seconds": seconds, "delete_open": deleted, "unchanged": time.perf_counter() - t0,
            "peak_mb": _peak_mb()}


def task_excel_app(db: str) -> dict:
    """The registry as the window writes it: gathered, then written; the split between the
    two is reported beside the total. What the window holds from its start-up before any
    export (the profiles read, SQLAlchemy's mappers configured by a first query) is done
    before the clock, as the baselines import their library before it; its time is
    reported beside («cold»), since a one-off `metodist export registry` pays it once."""
    from desktop.exports.registry_xlsx import write_registry
    from desktop.services.centre import get_centre
    from desktop.services.registry import profile_names
    from desktop.services.workbooks.registry import collect_registry
    from desktop.storage import open_database

    database = open_database(db)
    t0 = time.perf_counter()
    profile_names()
    get_centre(database)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    data = collect_registry(database, 2026)
    t1 = time.perf_counter()
    result = write_registry(data, OUT / "registry.xlsx")
    t2 = time.perf_counter()
    return {"seconds": t2 - t0, "gather": t1 - t0, "write": t2 - t1, "rows": result.rows,
            "cold": cold, "peak_mb": _peak_mb()}


def _registry_rows(db: str) -> list[tuple]:
    from desktop.services.workbooks.registry import registry_rows
    from desktop.storage import open_database

    return registry_rows(open_database(db), 2026)  # the same rows, fetched before timing


def task_excel_openpyxl(db: str) -> dict:
    """openpyxl in write-only mode (its fastest), the same rows, no styles."""
    from openpyxl import Workbook

    rows = _registry_rows(db)
    t0 = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    for row in rows:
        ws.append(list(row))
    wb.save(OUT / "bare-openpyxl.xlsx")
    return {"seconds": time.perf_counter() - t0, "rows": len(rows), "peak_mb": _peak_mb()}


def task_excel_xlsxwriter(db: str) -> dict:
    """XlsxWriter in constant-memory mode, the same rows, dates with one date format."""
    import datetime as dt

    import xlsxwriter

    rows = _registry_rows(db)
    t0 = time.perf_counter()
    wb = xlsxwriter.Workbook(str(OUT / "bare-xlsxwriter.xlsx"), {"constant_memory": True})
    ws = wb.add_worksheet()
    date = wb.add_format({"num_format": "dd.mm.yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, value, date)
            elif value is not None:
                ws.write(r, c, value)
    wb.close()
    return {"seconds": time.perf_counter() - t0, "rows": len(rows), "peak_mb": _peak_mb()}


def _certificate_sites(db: str, n: int = 1000) -> list[int]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute(
            "SELECT site_id FROM certificate WHERE annulled = 0 ORDER BY id LIMIT ?", (n,))]


def task_certs_app(db: str) -> dict:
    from desktop.services.certificates import write_certificates
    from desktop.storage import open_database

    ids = _certificate_sites(db)
    database = open_database(db)
    t0 = time.perf_counter()
    write_certificates(database, ids, OUT / "certificates.pdf")
    return {"seconds": time.perf_counter() - t0, "pages": len(ids), "peak_mb": _peak_mb()}


def task_certs_bare(db: str) -> dict:
    """The same pages (same texts, same font, same frame) drawn with bare reportlab."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from desktop.services.certificates import certificate_data
    from desktop.storage import open_database

    data = certificate_data(open_database(db), _certificate_sites(db))
    fonts = ROOT / "resources" / "fonts"
    t0 = time.perf_counter()
    for name, file in (("S", "LiberationSerif-Regular.ttf"), ("SB", "LiberationSerif-Bold.ttf"),
                       ("SI", "LiberationSerif-Italic.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(fonts / file)))
    c = Canvas(str(OUT / "bare.pdf"), pagesize=A4, initialFontName="S")
    w, h = A4
    for d in data:
        c.rect(34, 34, w - 68, h - 68)
        c.rect(42, 42, w - 84, h - 84)
        c.setFont("SB", 13)
        c.drawCentredString(w / 2, h - 80, "Муниципальное бюджетное учреждение")
        c.setFont("SB", 34)
        c.drawCentredString(w / 2, h - 250, "СВИДЕТЕЛЬСТВО")
        c.setFont("S", 15)
        c.drawCentredString(w / 2, h - 280, f"№ {d.number}")
        c.setFont("SB", 17)
        c.drawCentredString(w / 2, h - 340, d.organisation[:70])
        c.drawCentredString(w / 2, h - 362, d.organisation[70:140])
        c.setFont("SB", 18)
        c.drawCentredString(w / 2, h - 410, d.kind_name)
        c.setFont("SI", 14)
        c.drawCentredString(w / 2, h - 460, d.theme[:80])
        c.setFont("S", 14)
        c.drawCentredString(w / 2, h - 500, f"Срок: {d.term_start} – {d.term_end}")
        c.drawCentredString(w / 2, h - 520, d.basis[:90])
        c.drawString(70, 150, "Директор")
        c.drawCentredString(w / 2, 75, str(d.issued_on))
        c.showPage()
    c.save()
    return {"seconds": time.perf_counter() - t0, "pages": len(data), "peak_mb": _peak_mb()}


def _order_200(db: str):  # noqa: ANN202 - a Document
    """An order whose appendix lists 200 sites of the database (the first order's envelope,
    the rows of 200 sites)."""
    import sqlite3

    from desktop.services.documents import order_data
    from desktop.services.documents.data import OrderRow
    from desktop.storage import open_database

    with sqlite3.connect(db) as conn:
        first = conn.execute("SELECT site_id FROM decision WHERE order_id IS NOT NULL "
                             "AND site_id IS NOT NULL ORDER BY id LIMIT 1").fetchone()[0]
        rows = conn.execute(
            "SELECT s.number, o.full_name, s.theme, s.term_start, s.term_end FROM site s "
            "JOIN organisation o ON o.id = s.organisation_id ORDER BY s.id LIMIT 200").fetchall()
    import datetime as dt

    doc = order_data(open_database(db, write=False), site_id=first)
    doc.items = [OrderRow(i, n, org, "муниципальная стажировочная площадка", theme,
                          dt.date.fromisoformat(a), dt.date.fromisoformat(b), "assign",
                          "присвоен статус") for i, (n, org, theme, a, b) in enumerate(rows, 1)]
    return doc


def task_order_app(db: str) -> dict:
    """The order (shipped template: letterhead, text, signature, appendix) with 200 sites."""
    from desktop.exports.docx_documents import render

    doc = _order_200(db)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        render(doc, OUT / "order_200.docx")
        times.append(time.perf_counter() - t0)
    return {"seconds": statistics.median(times), "max": max(times), "rows": len(doc.items),
            "peak_mb": _peak_mb()}


def task_order_bare(db: str) -> dict:
    """Bare docxtpl: a one-table template with a {%tr for %} row, the same 200 rows as dicts,
    rendered with autoescape and saved."""
    from docx import Document as Docx
    from docxtpl import DocxTemplate

    from desktop.exports.docx_documents import context

    template = OUT / "bare_order.docx"
    d = Docx()
    d.add_paragraph("Приказ № {{ number }} от {{ date }}")
    t = d.add_table(rows=3, cols=5)
    t.rows[0].cells[0].text = "{%tr for item in items %}"
    for cell, f in zip(t.rows[1].cells, ("no", "site_number", "organisation", "theme",
                                          "term_end"), strict=True):
        cell.text = "{{ item." + f + " }}"
    t.rows[2].cells[0].text = "{%tr endfor %}"
    d.save(str(template))
    ctx = context(_order_200(db))
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        tpl = DocxTemplate(str(template))
        tpl.render(ctx, autoescape=True)
        tpl.save(str(OUT / "bare_order_200.docx"))
        times.append(time.perf_counter() - t0)
    return {"seconds": statistics.median(times), "peak_mb": _peak_mb()}


TASKS = {
    "startup_app": task_startup_app, "startup_bare": task_startup_bare,
    "filter_keystroke": task_filter, "sort_column": task_sort, "open_card": task_card,
    "deadlines_all": task_deadlines, "excel_app": task_excel_app,
    "excel_openpyxl": task_excel_openpyxl, "excel_xlsxwriter": task_excel_xlsxwriter,
    "certs_app": task_certs_app, "certs_bare": task_certs_bare,
    "order_app": task_order_app, "order_bare": task_order_bare,
}


# --------------------------------------------------------------------------- imports
# (added by helper «imports»)

IMPORT_ORGS = 300
_LAST = ["Иванова", "Петров", "Сидорова", "Кузнецов", "Смирнова", "Морозов", "Волкова", "Зайцев"]


IMPORTS = ("organisations", "participants", "sites")


def _import_case(db: str, what: str, rows: int) -> tuple:
    """Built before timing: a fresh database holding the bench database's first 300
    organisations, one site and one event; a workbook of `rows` rows written as Excel
    writes it (shared strings): participants naming those organisations, or a registry of
    sites each at an organisation the directory lacks. → (Database, event id, workbook)."""
    import datetime as dt
    import sqlite3

    import xlsxwriter

    from desktop.models import Event, Organisation, Site
    from desktop.storage import open_database

    with sqlite3.connect(db) as conn:
        orgs = conn.execute("SELECT short_name, full_name FROM organisation WHERE deleted_at "
                            "IS NULL ORDER BY id LIMIT ?", (IMPORT_ORGS,)).fetchall()
    path = OUT / f"import-{what}-{rows}.sqlite3"
    for old in OUT.glob(f"{path.name}*"):
        old.unlink()
    database = open_database(path, create=True)
    with database.transaction() as s:
        made = [Organisation(short_name=short, full_name=full) for short, full in orgs]
        s.add_all(made)
        s.flush()
        site = Site(number="1", profile_id="omsk", kind_code="СтП", organisation_id=made[0].id,
                    theme="Тема", term_start=dt.date(2026, 1, 1), term_end=dt.date(2027, 12, 31))
        s.add(site)
        s.flush()
        event = Event(site_id=site.id, name="Семинар", form="семинар", status="held",
                      held_on=dt.date(2026, 11, 12), hours=4)
        s.add(event)
        s.flush()
        event_id = event.id
    book = OUT / f"import-{what}-{rows}.xlsx"
    wb = xlsxwriter.Workbook(str(book))
    ws = wb.add_worksheet()
    if what == "organisations":  # the directory of another municipality, none known yet
        ws.write_row(0, 0, ["Полное наименование", "Краткое наименование", "Адрес",
                            "Руководитель", "Телефон", "Электронная почта"])
        for i in range(rows):
            ws.write_row(i + 1, 0, [f"Муниципальное бюджетное общеобразовательное учреждение "
                                    f"«Школа импорта № {i}»", f"МБОУ «Школа импорта № {i}»",
                                    f"г. Омск, ул. Ленина, д. {i}", f"{_LAST[i % 8]} Анна "
                                    "Сергеевна", "8-913-000-00-00", f"school{i}@edu.ru"])
    elif what == "participants":
        ws.write_row(0, 0, ["ФИО", "Должность", "ОО"])
        for i in range(rows):
            ws.write_row(i + 1, 0, [f"{_LAST[i % 8]}{i} Анна Сергеевна", "учитель",
                                    orgs[i % len(orgs)][0]])
    else:
        ws.write_row(0, 0, ["Рег. номер", "Наименование ОО", "Вид площадки", "Тема",
                            "Руководитель площадки", "Начало срока", "Окончание срока",
                            "Номер приказа", "Дата приказа", "Номер свидетельства"])
        for i in range(rows):
            ws.write_row(i + 1, 0, [f"И-{i}", f"МБОУ «Школа импорта № {i}»", "МИП", f"Тема {i}",
                                    f"{_LAST[i % 8]}{i} Анна Сергеевна, директор",
                                    "01.09.2025", "31.08.2027", str(i // 50), "25.08.2025",
                                    f"С-{i}"])
    wb.close()
    return database, event_id, book


def _import_app(db: str, what: str, rows: int) -> dict:
    """The app's import as the window runs it: read and check (the preview), then write in
    one transaction (for sites: organisations, leaders, orders, history, certificates,
    audit and deadlines)."""
    from desktop.services import organisations, participant_import, site_import

    database, event_id, book = _import_case(db, what, rows)
    t0 = time.perf_counter()
    if what == "organisations":
        checked = organisations.prepare_import(database, book)
        t1 = time.perf_counter()
        added = organisations.commit_import(database, checked)
    elif what == "participants":
        prepared = participant_import.prepare_import(database, event_id, book)
        t1 = time.perf_counter()
        added = participant_import.commit_import(database, prepared)
    else:
        sites = site_import.prepare_sites(database, site_import.read_sheet(book), "kemerovo")
        t1 = time.perf_counter()
        added = site_import.commit_sites(database, sites)
    t2 = time.perf_counter()
    assert added == rows, added
    return {"seconds": t2 - t0, "read_check": t1 - t0, "write": t2 - t1, "rows": added,
            "peak_mb": _peak_mb()}


def _import_bare(db: str, what: str, rows: int) -> dict:
    """openpyxl read-only reading the same workbook, then bare sqlite3 `executemany` of the
    same rows into the same tables (people and participations; organisations and sites),
    organisations looked up in one dict; no checks, history, audit or deadlines."""
    import sqlite3

    from openpyxl import load_workbook

    database, event_id, book = _import_case(db, what, rows)
    path = database.path
    database.close()
    t0 = time.perf_counter()
    wb = load_workbook(book, read_only=True, data_only=True)
    values = list(wb.active.iter_rows(min_row=2, values_only=True))
    wb.close()
    now = "2026-11-23 12:00:00.000000"
    conn = sqlite3.connect(path)
    with conn:
        if what == "organisations":
            conn.executemany(
                "INSERT INTO organisation (full_name, short_name, org_type, address, head_name, "
                "phone, email, website, inn, notes, created_at, updated_at) "
                "VALUES (?, ?, '', ?, ?, ?, ?, '', '', '', ?, ?)",
                [(*row, now, now) for row in values])
        elif what == "participants":
            orgs = dict(conn.execute("SELECT short_name, id FROM organisation"))
            first = conn.execute("SELECT coalesce(max(id), 0) FROM person").fetchone()[0] + 1
            conn.executemany(
                "INSERT INTO person (last_name, first_name, middle_name, position, category, "
                "organisation_id, phone, email, is_expert, is_staff, declensions, subject_area, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, '', '', 0, 0, '{}', '', ?, ?)",
                [(*fio.split(" ", 2), position, orgs[org], now, now)
                 for fio, position, org in values])
            conn.executemany(
                "INSERT INTO participation (event_id, person_id, role, programme, hours, "
                "attestation) VALUES (?, ?, 'участник', '', 0, '')",
                [(event_id, first + i) for i in range(len(values))])
        else:
            first = conn.execute("SELECT coalesce(max(id), 0) FROM organisation").fetchone()[0] + 1
            conn.executemany(
                "INSERT INTO organisation (full_name, short_name, org_type, address, head_name, "
                "phone, email, website, inn, notes, created_at, updated_at) "
                "VALUES (?, ?, '', '', '', '', '', '', '', '', ?, ?)",
                [(row[1], row[1], now, now) for row in values])
            conn.executemany(
                "INSERT INTO site (number, profile_id, kind_code, organisation_id, theme, "
                "direction, project_name, term_start, term_end, status, notes, created_at, "
                "updated_at) VALUES (?, 'kemerovo', 'МИП', ?, ?, '', '', '2025-09-01', "
                "'2027-08-31', 'active', '', ?, ?)",
                [(row[0], first + i, row[3], now, now) for i, row in enumerate(values)])
    conn.close()
    return {"seconds": time.perf_counter() - t0, "rows": len(values), "peak_mb": _peak_mb()}


def _import_tasks() -> dict:
    tasks = {}
    for what in IMPORTS:
        for rows in (1000, 10000):
            tasks[f"import_{what}_{rows}_app"] = (
                lambda db, w=what, n=rows: _import_app(db, w, n))
            tasks[f"import_{what}_{rows}_bare"] = (
                lambda db, w=what, n=rows: _import_bare(db, w, n))
    return tasks


TASKS.update(_import_tasks())
