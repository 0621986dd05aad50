"""Benchmark: start-up, filtering, sorting, card, deadlines, Excel export, certificates.

    .venv/bin/python bench/run.py            # 1 000, 10 000 and 100 000 sites
    .venv/bin/python bench/run.py --quick    # 1 000 and 10 000 sites, fewer runs

Each measurement runs in its own child process (so its peak memory is its own) and is
repeated; the table shows medians. Every app figure stands beside a bare baseline made in
the same run: an empty PySide6 window, openpyxl writing the same rows, reportlab drawing
the same pages. Not part of the test run (pytest does not collect this folder).
"""

from __future__ import annotations

import argparse
import json
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

TARGETS = {  # name: (limit, kind) — kind "ratio" compares with the baseline
    "startup": (2.0, "ratio"),
    "filter_keystroke": (0.050, "abs"),
    "sort_column": (0.200, "abs"),
    "open_card": (0.150, "abs"),
    "excel_export": (1.5, "ratio"),
    "certificates_1000": (1.5, "ratio"),
}


# --------------------------------------------------------------------------- child tasks


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def task_startup_app(db: str) -> dict:
    t0 = time.perf_counter()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-m", "desktop", "--db", db, "--screenshot",
                    str(OUT / "startup.png")], check=True, env=env, cwd=ROOT,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": wall, "peak_mb": peak}


BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1400, 850); w.setCentralWidget(QTableView()); w.show()
def shoot():
    w.grab().save(sys.argv[1]); app.quit()
QTimer.singleShot(0, lambda: QTimer.singleShot(50, shoot))
app.exec()
"""


def task_startup_bare(_db: str) -> dict:
    t0 = time.perf_counter()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-c", BARE_WINDOW, str(OUT / "bare.png")], check=True,
                   env=env, stderr=subprocess.DEVNULL)
    return {"seconds": time.perf_counter() - t0,
            "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


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
    """Type into the search field one character at a time (QTest key events) and time each
    keystroke with the filter it triggers. The view debounces typing with a 120 ms timer, so
    the timer's slot is called at once instead of waiting for it."""
    from PySide6.QtTest import QTest

    app, _db, w = _window(db)
    search = w.registry.search
    times = []
    for text in ("гимназ", "функцион", "иванова", "лицей 1"):
        search.clear()
        w.registry.apply_filter()
        app.processEvents()
        for ch in text:
            t0 = time.perf_counter()
            QTest.keyClicks(search, ch)
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
    from desktop.ui.site_card import SiteCard

    app, _db, w = _window(db)
    rows = w.registry.model.rows()
    times = []
    for r in rows[:: max(1, len(rows) // 7)][:7]:
        t0 = time.perf_counter()
        card = SiteCard(w.db, r.id, w.undo_stack, w)
        card.show()
        app.processEvents()
        times.append(time.perf_counter() - t0)
        card.close()
    return {"seconds": statistics.median(times), "max": max(times), "peak_mb": _peak_mb()}


def task_deadlines(db: str) -> dict:
    import datetime as dt

    from desktop.models import Deadline
    from desktop.services.deadlines import recompute_all
    from desktop.storage import open_database

    database = open_database(db)
    with database.transaction() as s:  # recompute from scratch, as after a rule change
        s.query(Deadline).filter(Deadline.done_on.is_(None)).delete()
    t0 = time.perf_counter()
    recompute_all(database, today=dt.date.fromisoformat(TODAY))
    return {"seconds": time.perf_counter() - t0, "peak_mb": _peak_mb()}


def task_excel_app(db: str) -> dict:
    from desktop.exports.registry_xlsx import export_registry
    from desktop.storage import open_database

    database = open_database(db)
    t0 = time.perf_counter()
    result = export_registry(database, 2026, OUT / "registry.xlsx")
    return {"seconds": time.perf_counter() - t0, "rows": result.rows, "peak_mb": _peak_mb()}


def task_excel_bare(db: str) -> dict:
    from openpyxl import Workbook

    from desktop.exports.registry_xlsx import registry_rows
    from desktop.storage import open_database

    rows = registry_rows(open_database(db), 2026)  # the same rows, fetched before timing
    t0 = time.perf_counter()
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(list(row))
    wb.save(OUT / "bare.xlsx")
    return {"seconds": time.perf_counter() - t0, "rows": len(rows), "peak_mb": _peak_mb()}


def _certificate_sites(db: str, n: int = 1000) -> list[int]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute(
            "SELECT site_id FROM certificate WHERE annulled = 0 ORDER BY id LIMIT ?", (n,))]


def task_certs_app(db: str) -> dict:
    from desktop.exports.certificate_pdf import write_certificates
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

    from desktop.exports.certificate_pdf import certificate_data
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
        c.drawCentredString(w / 2, h - 520, f"Основание: приказ № {d.order_number}")
        c.drawString(70, 150, "Директор")
        c.drawCentredString(w / 2, 75, str(d.issued_on))
        c.showPage()
    c.save()
    return {"seconds": time.perf_counter() - t0, "pages": len(data), "peak_mb": _peak_mb()}


TASKS = {
    "startup_app": task_startup_app, "startup_bare": task_startup_bare,
    "filter_keystroke": task_filter, "sort_column": task_sort, "open_card": task_card,
    "deadlines_all": task_deadlines, "excel_app": task_excel_app, "excel_bare": task_excel_bare,
    "certs_app": task_certs_app, "certs_bare": task_certs_bare,
}


# --------------------------------------------------------------------------- driver


def run_child(task: str, db: str, profile: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--child", task, db]
    if profile:  # pyinstrument's text report goes to bench/out/profile-TASK.txt
        cmd = [sys.executable, "-m", "pyinstrument", "-o", str(OUT / f"profile-{task}.txt"),
               __file__, "--child", task, db]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    if proc.returncode != 0:
        raise RuntimeError(f"{task} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def median_of(task: str, db: str, runs: int) -> dict:
    results = [run_child(task, db) for _ in range(runs)]
    return {k: statistics.median(r[k] for r in results) for k in results[0]
            if isinstance(results[0][k], int | float)}


def make_db(sites: int) -> Path:
    path = OUT / f"bench-{sites}.sqlite3"
    if not path.exists():
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "desktop", "demo", "--sites", str(sites),
                        "--seed", "1", "--today", TODAY, "--db", str(path)], check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
        print(f"  demo --sites {sites}: {time.perf_counter() - t0:.1f} s", flush=True)
    return path


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


MEASURES = [  # (row name, app task, baseline task, what the baseline is)
    ("startup", "startup_app", "startup_bare", "empty PySide6 window + QTableView"),
    ("filter_keystroke", "filter_keystroke", None, ""),
    ("sort_column", "sort_column", None, ""),
    ("open_card", "open_card", None, ""),
    ("deadlines_all", "deadlines_all", None, ""),
    ("excel_export", "excel_app", "excel_bare", "openpyxl, same rows"),
    ("certificates_1000", "certs_app", "certs_bare", "reportlab, same pages"),
]


def runs_for(name: str, sites: int, runs: int) -> int:
    """Fewer repetitions where one run is long (big databases, whole exports)."""
    if sites >= 100000:
        return 1
    if name in ("excel_export", "deadlines_all", "certificates_1000"):
        return min(runs, 3)
    return runs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000",
                    help="site counts, comma-separated (default 1000,10000,100000)")
    ap.add_argument("--runs", type=int, default=5, help="runs per measure (median)")
    ap.add_argument("--quick", action="store_true", help="1 000 and 10 000 sites, 3 runs")
    ap.add_argument("--only", default="", help="measures to run, comma-separated")
    ap.add_argument("--profile", metavar="TASK",
                    help="run one task (e.g. startup_app, open_card) once under pyinstrument "
                         "on the 10 000-site database; report in bench/out/profile-TASK.txt")
    ap.add_argument("--child", nargs=2, metavar=("TASK", "DB"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(TASKS[args.child[0]](args.child[1])))
        return 0
    if args.profile:
        result = run_child(args.profile, str(make_db(10000)), profile=True)
        print(result, "→", OUT / f"profile-{args.profile}.txt")
        return 0
    sizes = [1000, 10000] if args.quick else [int(s) for s in args.sizes.split(",")]
    runs = 3 if args.quick else args.runs
    only = set(filter(None, args.only.split(",")))
    lines = ["| sites | measure | app | peak MB | baseline | peak MB | ratio | target | met |",
             "|---:|---|---:|---:|---:|---:|---:|---|---|"]
    started = time.perf_counter()
    for n in sizes:
        print(f"{n} sites", flush=True)
        db = str(make_db(n))
        for name, app_task, base_task, _what in MEASURES:
            if only and name not in only:
                continue
            if name == "certificates_1000" and n != 10000 and 10000 in sizes:
                continue  # the batch of 1 000 pages is measured once, at 10 000 sites
            k = runs_for(name, n, runs)
            a = median_of(app_task, db, k)
            b = median_of(base_task, db, k) if base_task else None
            limit, kind = TARGETS.get(name, (None, ""))
            ratio = a["seconds"] / b["seconds"] if b else None
            value = ratio if kind == "ratio" else a["seconds"]
            met = "—" if limit is None else ("да" if value <= limit else "нет")
            target = "" if limit is None else (f"≤ {limit}×" if kind == "ratio"
                                               else f"< {fmt(limit)}")
            if n != 10000 and limit is not None:
                met = f"({met})"  # targets are set for 10 000 sites
            extra = f" (max {fmt(a['max'])})" if "max" in a else ""
            base = (fmt(b["seconds"]), f"{b['peak_mb']:.0f}", f"{ratio:.2f}") if b else ("", "", "")
            lines.append(f"| {n} | {name} | {fmt(a['seconds'])}{extra} | {a['peak_mb']:.0f} | "
                         f"{base[0]} | {base[1]} | {base[2]} | {target} | {met} |")
            print(lines[-1], flush=True)
    table = "\n".join(lines)
    total = time.perf_counter() - started
    print(f"\n{table}\n\n{total:.0f} s")
    baselines = "; ".join(f"{name}: {what}" for name, _a, b, what in MEASURES if b)
    (ROOT / "bench" / "RESULTS.md").write_text(
        f"# Benchmark results\n\nMachine: {os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}; `python bench/run.py{' --quick' if args.quick else ''}"
        f"{'' if args.quick or args.sizes == '1000,10000,100000' else ' --sizes ' + args.sizes}`"
        f" on {time.strftime('%Y-%m-%d')}, {total:.0f} s in all.\n"
        f"Medians of {runs} runs ({runs_for('excel_export', 1000, runs)} for whole exports and "
        f"deadlines, 1 at 100 000 sites); targets apply at 10 000 sites, figures in brackets "
        f"are for information. Baselines — {baselines}. Peak MB is the child process's "
        f"ru_maxrss.\n\n{table}\n",
        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
