"""SIGKILL during a schema upgrade, at every statement: `python tests/kill_upgrade.py FROZEN
WORK STRIDE` prints one JSON line {"tries", "lost", "failures"} (run by
test_data_safety_upgrade; STRIDE 1 kills after every statement of the upgrade).

For each N a forked child opens a copy of the frozen file and kills itself right after
the N-th SQL statement (a SQLAlchemy event, so the moment is exact, not timed); one more
child is killed while the before-upgrade copy is being written. The parent then reads the
file: it must be at the old revision or the new one, never between, with every row; then
opens it again (the retry upgrades it) and checks the one before-copy kept beside it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import sys
from pathlib import Path

from sqlalchemy import Engine, event

TABLES = ("organisation", "person", "site", "application", "deadline", "event", "spravka")
state = {"n": 0, "kill_at": 0}


@event.listens_for(Engine, "after_cursor_execute")
def _count(*_args: object) -> None:
    state["n"] += 1
    if state["n"] == state["kill_at"]:
        os.kill(os.getpid(), signal.SIGKILL)


def snapshot(path: Path) -> tuple[str, dict[str, int], list[str]]:
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        check = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
    return version, counts, check


def one_try(frozen: Path, work: Path, kill_at: int, in_copy: bool = False) -> list[str]:
    from desktop.storage import open_database
    from desktop.storage.revisions import head_revision

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    path = work / frozen.name
    shutil.copy(frozen, path)
    old, before, _ = snapshot(path)
    pid = os.fork()
    if pid == 0:  # the child: upgrade, and die at the chosen moment
        state["n"], state["kill_at"] = 0, kill_at
        if in_copy:
            import desktop.fileio

            def die(_tmp: Path, _target: Path) -> None:
                os.kill(os.getpid(), signal.SIGKILL)

            desktop.fileio.durable_replace = die  # type: ignore[assignment]
            import desktop.storage.db

            desktop.storage.db.durable_replace = die  # type: ignore[assignment]
        try:
            open_database(path).close()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    failures = []
    version, counts, check = snapshot(path)
    if version not in (old, head_revision()) or counts != before or check != ["ok"]:
        failures.append(f"kill at {kill_at}: {version} {counts} {check[:1]}")
    try:
        open_database(path).close()  # the retry
    except Exception as exc:  # noqa: BLE001 - any refusal is the failure being measured
        return [*failures, f"kill at {kill_at}: reopen refused: {exc}"]
    version, counts, check = snapshot(path)
    if version != head_revision() or counts != before:
        failures.append(f"kill at {kill_at}: after retry {version} {counts}")
    copies = sorted(work.glob(f"*.before-{head_revision()}*.sqlite3"))
    if len(copies) != 1 or snapshot(copies[0])[:2] != (old, before):
        failures.append(f"kill at {kill_at}: before-copies {[c.name for c in copies]}")
    return failures


def count_statements(frozen: Path, work: Path) -> int:
    from desktop.storage import open_database

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copy(frozen, work / frozen.name)
    state["n"], state["kill_at"] = 0, 0
    open_database(work / frozen.name).close()
    return state["n"]


def main() -> None:
    frozen, work, stride = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    total = count_statements(frozen, work)
    points = sorted({*range(1, total + 1, stride), total})
    failures = one_try(frozen, work, 0, in_copy=True)
    for n in points:
        failures += one_try(frozen, work, n)
    print(json.dumps({"statements": total, "tries": len(points) + 1, "failures": failures,
                      "lost": sum(f.count("counts") for f in failures)}))


if __name__ == "__main__":
    main()
