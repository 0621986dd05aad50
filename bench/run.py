"""Benchmark: start-up, filtering, sorting, card, deadlines, Excel export, certificates.

    .venv/bin/python bench/run.py            # 1 000, 10 000 and 100 000 sites
    .venv/bin/python bench/run.py --quick    # 1 000 and 10 000 sites, fewer runs
    .venv/bin/python bench/run.py --fresh    # rebuild the demo databases, timing `demo`
    .venv/bin/python bench/run.py --profile startup_app   # pyinstrument, 10 000 sites
    .venv/bin/python bench/run.py --dbs /tmp/bench --no-write   # databases kept in /tmp

Each measurement runs in its own child process (so its peak memory is its own) and is
repeated; the table shows medians. Every app figure stands beside a bare baseline made in
the same run: a bare PySide6 window with a table, XlsxWriter and openpyxl writing the same
rows, reportlab drawing the same pages. The tasks themselves are in bench/tasks.py. Not
part of the test run (pytest does not collect this folder).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tasks import IMPORTS, OUT, ROOT, TASKS, TODAY  # noqa: E402

# name: {sites: (limit, kind)} — kind "ratio" compares with the (fastest) baseline;
# sizes without a target show the 10 000-site one in brackets, for information.
TARGETS: dict[str, dict[int, tuple[float, str]]] = {
    "startup": {10000: (2.0, "ratio"), 100000: (3.0, "abs")},
    "filter_keystroke": {10000: (0.050, "abs"), 100000: (0.100, "abs")},
    "sort_column": {10000: (0.200, "abs"), 100000: (0.300, "abs")},
    "open_card": {10000: (0.150, "abs"), 100000: (0.150, "abs")},
    "deadlines_all": {10000: (1.0, "abs"), 100000: (10.0, "abs")},
    "excel_export": {10000: (1.2, "ratio"), 100000: (1.2, "ratio")},
    "certificates_1000": {10000: (1.5, "ratio")},
    "order_200_sites": {10000: (1.0, "abs")},
    "import_participants_10000": {10000: (5.0, "abs")},
    "import_sites_10000": {10000: (5.0, "abs")},
    "import_organisations_10000": {10000: (5.0, "abs")},
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


def median(results: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in results) for k in results[0]
            if isinstance(results[0][k], int | float)}


def medians_of(tasks: list[str], db: str, runs: int) -> list[dict]:
    """Each task's median of `runs` runs, the tasks taking turns (app, baseline, app, ...):
    on a machine shared with other work a burst of load then weighs on both alike."""
    results: list[list[dict]] = [[] for _ in tasks]
    for _ in range(runs):
        for task, out in zip(tasks, results, strict=True):
            out.append(run_child(task, db))
    return [median(r) for r in results]


def make_db(sites: int, fresh: bool = False, folder: Path = OUT) -> tuple[Path, dict | None]:
    """The demo database of `sites` sites in `folder` (made by `metodist demo`, timed, peak
    memory), reused when it is there already."""
    path = folder / f"bench-{sites}.sqlite3"
    if fresh:
        for p in folder.glob(f"bench-{sites}.*"):
            p.unlink()
    if path.exists():
        return path, None
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "desktop", "demo", "--sites", str(sites),
                    "--seed", "1", "--today", TODAY, "--db", str(path)], check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"  demo --sites {sites}: {seconds:.1f} s", flush=True)
    return path, {"seconds": seconds, "peak_mb": max(peak, before) / 1024}


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


MEASURES = [  # (row name, app task, baseline tasks, what the baselines are)
    ("startup", "startup_app", ["startup_bare"],
     "a PySide6 window with a QTableView of 40 rows, to its first paint"),
    ("filter_keystroke", "filter_keystroke", [], ""),
    ("sort_column", "sort_column", [], ""),
    ("open_card", "open_card", [], ""),
    ("deadlines_all", "deadlines_all", [], ""),
    ("excel_export", "excel_app", ["excel_xlsxwriter", "excel_openpyxl"],
     "XlsxWriter constant_memory and openpyxl write_only writing the same rows unstyled"),
    ("certificates_1000", "certs_app", ["certs_bare"], "reportlab drawing the same pages"),
    ("order_200_sites", "order_app", ["order_bare"],
     "bare docxtpl: a one-table template, the same 200 rows"),
    *[(f"import_{what}_{rows}", f"import_{what}_{rows}_app", [f"import_{what}_{rows}_bare"],
       "(every import) openpyxl read_only reading the same workbook, then bare sqlite3 "
       "executemany of the same rows into the same tables"
       if (what, rows) == ("sites", 10000) else "")
      for what in IMPORTS for rows in (1000, 10000)],  # helper «imports»
]
BASE_NAMES = {"startup_bare": "", "excel_xlsxwriter": "XlsxWriter ",
              "excel_openpyxl": "openpyxl ", "certs_bare": "", "order_bare": "docxtpl ",
              **{f"import_{w}_{n}_bare": "openpyxl + executemany "
                 for w in IMPORTS for n in (1000, 10000)}}


def runs_for(name: str, sites: int, runs: int) -> int:
    """Fewer repetitions where one run is long (big databases, whole exports)."""
    if sites >= 100000:
        return 1 if name != "startup" else min(runs, 3)
    if name in ("excel_export", "deadlines_all", "certificates_1000") or name.startswith(
            "import_"):
        return min(runs, 3)
    return runs


def row_for(n: int, name: str, a: dict, bases: dict[str, dict]) -> str:
    """One table row: app figure (and its extras), baselines, ratio to the fastest, target."""
    limit, kind = TARGETS.get(name, {}).get(n, (None, ""))
    informative = limit is None and name in TARGETS
    if informative:
        limit, kind = TARGETS[name].get(10000, (None, ""))
    fastest = min(bases.values(), key=lambda b: b["seconds"]) if bases else None
    ratio = a["seconds"] / fastest["seconds"] if fastest else None
    value = ratio if kind == "ratio" else a["seconds"]
    met = "—" if limit is None or value is None else ("да" if value <= limit else "нет")
    target = "" if limit is None else (f"≤ {limit}×" if kind == "ratio" else f"< {fmt(limit)}")
    if informative:
        met, target = f"({met})", f"({target})"
    extras = []
    if "max" in a:
        extras.append(f"max {fmt(a['max'])}")
    if "exit" in a:
        extras.append(f"to exit {fmt(a['exit'])}")
    if "names_ahead" in a:
        extras.append(f"names read ahead {fmt(a['names_ahead'])}")
    if "read_check" in a:
        extras.append(f"read and check {fmt(a['read_check'])}, write {fmt(a['write'])}")
    if "delete_open" in a:
        extras.append(f"set-up delete {fmt(a['delete_open'])}")
    if "gather" in a:  # excel_export: reading the database, then writing the file
        extras.append(f"gather {fmt(a['gather'])} + write {fmt(a['write'])}")
        if "cold" in a:  # what a process pays once before its first export
            extras.append(f"once per process before it {fmt(a['cold'])}")
    if "unchanged" in a:
        extras.append(f"again with nothing to change {fmt(a['unchanged'])}")
    if name == "deadlines_all":
        extras.append(f"{a['seconds'] / n * 1e6:.0f} µs/site")
    if "rows" in a:
        extras.append(f"{a['rows']:.0f} rows")
    app = fmt(a["seconds"]) + (f" ({', '.join(extras)})" if extras else "")
    base = "; ".join(f"{BASE_NAMES[t]}{fmt(b['seconds'])}" for t, b in bases.items())
    base_mb = "; ".join(f"{b['peak_mb']:.0f}" for b in bases.values())
    return (f"| {n} | {name} | {app} | {a['peak_mb']:.0f} | {base} | {base_mb} | "
            f"{f'{ratio:.2f}' if ratio else ''} | {target} | {met} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000",
                    help="site counts, comma-separated (default 1000,10000,100000)")
    ap.add_argument("--runs", type=int, default=5, help="runs per measure (median)")
    ap.add_argument("--quick", action="store_true", help="1 000 and 10 000 sites, 3 runs")
    ap.add_argument("--only", default="", help="measures to run, comma-separated")
    ap.add_argument("--fresh", action="store_true",
                    help="rebuild the demo databases (and time `demo --sites N`)")
    ap.add_argument("--no-write", action="store_true", help="do not rewrite bench/RESULTS.md")
    ap.add_argument("--dbs", metavar="DIR", type=Path, default=OUT,
                    help="folder of the demo databases bench-N.sqlite3, built there when "
                         "missing and reused (default bench/out; e.g. /tmp to share them "
                         "between working copies)")
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
        result = run_child(args.profile, str(make_db(10000, folder=args.dbs)[0]), profile=True)
        print(result, "→", OUT / f"profile-{args.profile}.txt")
        return 0
    sizes = [1000, 10000] if args.quick else [int(s) for s in args.sizes.split(",")]
    runs = 3 if args.quick else args.runs
    only = set(filter(None, args.only.split(",")))
    lines = ["| sites | measure | app | peak MB | baseline | peak MB | ratio | target | met |",
             "|---:|---|---:|---:|---:|---:|---:|---|---|"]
    # The app's bytecode compiled first, as an installed copy has it (pip and PyInstaller
    # compile it; a start with PYTHONDONTWRITEBYTECODE=1 would otherwise compile the
    # window's modules on every start, ~50 ms of the first paint).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "desktop")],
                   check=True, stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    load = os.getloadavg()[0]
    for n in sizes:
        print(f"{n} sites", flush=True)
        args.dbs.mkdir(parents=True, exist_ok=True)
        path, demo = make_db(n, args.fresh, args.dbs)
        db = str(path)
        if demo:
            lines.append(f"| {n} | demo --sites {n} | {fmt(demo['seconds'])} | "
                         f"{demo['peak_mb']:.0f} | | | | | |")
            print(lines[-1], flush=True)
        for name, app_task, base_tasks, _what in MEASURES:
            if only and name not in only:
                continue
            if (name in ("certificates_1000", "order_200_sites") or name.startswith("import_")
                    ) and n != 10000 and 10000 in sizes:
                continue  # batches of a fixed size (1 000 pages, an order of 200 sites, the
                # imports): measured once, at 10 000 sites
            k = runs_for(name, n, runs)
            a, *base_results = medians_of([app_task, *base_tasks], db, k)
            bases = dict(zip(base_tasks, base_results, strict=True))
            lines.append(row_for(n, name, a, bases))
            print(lines[-1], flush=True)
    table = "\n".join(lines)
    total = time.perf_counter() - started
    load = max(load, os.getloadavg()[0])
    print(f"\n{table}\n\n{total:.0f} s")
    if args.no_write:
        return 0
    baselines = "; ".join(f"{name} — {what}" for name, _a, b, what in MEASURES if b and what)
    command = " ".join(["python bench/run.py", *sys.argv[1:]])
    (ROOT / "bench" / "RESULTS.md").write_text(
        f"# Benchmark results\n\nMachine: {os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}, load average up to {load:.1f} at the start and end; "
        f"`{command}` on {time.strftime('%Y-%m-%d')}, {total:.0f} s in all.\n\n"
        f"Medians of {runs} runs (3 for start-up at 100 000 sites, "
        f"{runs_for('excel_export', 1000, runs)} for whole exports and deadlines, 1 for the "
        f"others at 100 000 sites). Targets are those of the issue for 10 000 and 100 000 "
        f"sites; in brackets, the 10 000-site target for information. Ratios are to the "
        f"fastest baseline. Baselines: {baselines}. Peak MB is the child process's "
        f"ru_maxrss. The package's bytecode is compiled before the runs, as an installed "
        f"copy has it. Start-up is timed to the first paint of the registry with rows "
        f"(the app prints «painted» then, with METODIST_REPORT_PAINT=1); «to exit» adds the "
        f"rest of start-up, the screenshot and shutdown.\n\n{table}\n",
        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
