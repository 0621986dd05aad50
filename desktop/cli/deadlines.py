"""`metodist deadlines`: what falls due, as a table, JSON or an .ics calendar."""

from __future__ import annotations

import argparse
import json
import sys

from desktop.cli.common import open_db, parse_date


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("deadlines", parents=[parent], help="сроки отчётов и процедур")
    p.add_argument("--json", action="store_true", help="вывести массив JSON")
    p.add_argument("--from", dest="date_from", type=parse_date, metavar="ДАТА")
    p.add_argument("--to", dest="date_to", type=parse_date, metavar="ДАТА")
    p.add_argument("--state", choices=["upcoming", "soon", "overdue", "done"])
    p.add_argument("--ics", metavar="FILE.ics", help="записать календарь iCalendar")
    p.add_argument("--today", type=parse_date, metavar="ДАТА", help="считать сегодняшней датой")
    p.set_defaults(func=cmd_deadlines)


def cmd_deadlines(args: argparse.Namespace) -> int:
    from desktop.deadlines import STATE_NAMES
    from desktop.services.deadlines import list_deadlines
    from desktop.text import short_date

    db = open_db(args)
    try:
        rows = list_deadlines(db, date_from=args.date_from, date_to=args.date_to,
                              today=args.today, state=args.state)
    finally:
        db.close()
    if args.ics:
        from desktop.exports.ics import write_ics

        write_ics(rows, args.ics)
    if args.json:
        json.dump([r.to_json() for r in rows], sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif not args.ics:
        for r in rows:
            print(f"{short_date(r.due):10}  {STATE_NAMES[r.state]:18}  {r.site_number:12}  "
                  f"{r.organisation[:30]:30}  {r.what}")
    return 0
