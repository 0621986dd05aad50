"""`metodist deadlines`: what falls due, as a table, JSON or an .ics calendar."""

from __future__ import annotations

import argparse
import json
import sys

from desktop.cli.common import db_path, open_db, parse_date


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("deadlines", parents=[parent], help="сроки отчётов и процедур")
    p.add_argument("--json", action="store_true", help="вывести массив JSON")
    p.add_argument("--from", dest="date_from", type=parse_date, metavar="ДАТА")
    p.add_argument("--to", dest="date_to", type=parse_date, metavar="ДАТА")
    p.add_argument("--state", choices=["upcoming", "soon", "overdue", "done"])
    p.add_argument("--ics", metavar="FILE.ics", help="записать календарь iCalendar")
    p.add_argument("--remind", default="7,1", metavar="ДНИ",
                   help="напоминания в календаре за столько дней до срока (по умолчанию 7,1; "
                        "«нет» — без напоминаний)")
    p.add_argument("--without-done", action="store_true",
                   help="не включать в календарь выполненные сроки (по умолчанию они "
                        "остаются с пометкой «Выполнено»)")
    p.add_argument("--today", type=parse_date, metavar="ДАТА", help="считать сегодняшней датой")
    p.set_defaults(func=cmd_deadlines)


def cmd_deadlines(args: argparse.Namespace) -> int:
    from desktop.deadlines import STATE_NAMES
    from desktop.exports.ics import parse_alarms, write_ics
    from desktop.services.deadlines import list_deadlines
    from desktop.text import short_date

    alarms = parse_alarms(args.remind)  # a wrong value stops before any work
    db = open_db(args, write=False)
    try:
        rows = list_deadlines(db, date_from=args.date_from, date_to=args.date_to,
                              today=args.today, state=args.state)
    finally:
        db.close()
    if args.ics:
        write_ics(rows, args.ics, _calendar_id(args), alarms=alarms,
                  include_done=not args.without_done)
    if args.json:
        json.dump([r.to_json() for r in rows], sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif not args.ics:
        for r in rows:
            print(f"{short_date(r.due):10}  {STATE_NAMES[r.state]:18}  {r.site_number:12}  "
                  f"{r.organisation[:30]:30}  {r.what}")
    return 0


def _calendar_id(args: argparse.Namespace) -> str:
    """The database's id for the calendar's UIDs: read without a lock when stored; stored
    once (by a short writing open) the first time."""
    from desktop.storage.identity import database_id, read_database_id

    found = read_database_id(db_path(args))
    if found:
        return found
    db = open_db(args)
    try:
        return database_id(db)
    finally:
        db.close()
