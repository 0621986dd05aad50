"""`metodist backup -o FILE`, `metodist restore FILE`, `metodist check`."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

from desktop.cli.common import db_path, open_db


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("backup", parents=[parent], help="резервная копия базы данных")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", parents=[parent],
                       help="восстановить базу из копии (текущая сохраняется рядом)")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("check", parents=[parent], help="проверить целостность базы данных")
    p.set_defaults(func=cmd_check)


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop.fileio import ensure_writable
    from desktop.storage.backup import make_backup

    target = ensure_writable(Path(args.output))
    db = open_db(args, write=False)  # a damaged file is refused here: no damaged copy
    try:
        make_backup(db, target)
    finally:
        db.close()
    print(f"Резервная копия записана: {target}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.storage.backup import describe_copy, restore
    from desktop.text import long_date, plural

    info = describe_copy(Path(args.file)) if Path(args.file).is_file() else None
    aside = restore(Path(args.file), db_path(args))  # waits for / refuses beside a writer
    what = ""
    if info is not None:
        sites = "" if info.sites is None else ", " + plural(
            info.sites, "площадка", "площадки", "площадок")
        what = f" (копия от {long_date(info.made.date())} {info.made:%H:%M}{sites})"
    kept = f" Прежняя сохранена: {aside}" if aside else ""
    print(f"База восстановлена из «{args.file}»{what}.{kept}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from desktop.services.integrity import check_database

    db = open_db(args, write=False, check=False)  # the damage is what it reports
    try:
        problems = check_database(db)
    except (sqlite3.DatabaseError, SQLAlchemyDatabaseError) as exc:  # pages too damaged to read
        from desktop.storage.db import translate_error

        problems = [str(translate_error(exc, db.path))]
    finally:
        db.close()
    if not problems:
        print(f"Проверка пройдена: база данных «{db.path.name}» цела, нарушений не найдено.")
        return 0
    print(f"Найдено нарушений: {len(problems)}", file=sys.stderr)
    for p in problems:
        print(f"— {p}", file=sys.stderr)
    return 1
