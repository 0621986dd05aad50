"""`metodist spravki --event ID -o DIR|FILE.pdf`: issue and print participation справки."""

from __future__ import annotations

import argparse

from desktop.cli.common import open_db


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("spravki", parents=[parent],
                       help="справки об участии в мероприятии (папка или один PDF)")
    p.add_argument("--event", type=int, required=True, metavar="ID")
    p.add_argument("-o", "--output", required=True, metavar="DIR|FILE.pdf")
    p.set_defaults(func=cmd_spravki)


def cmd_spravki(args: argparse.Namespace) -> int:
    from desktop.services import spravki
    from desktop.text import plural

    db = open_db(args, create=False)
    try:
        paths = spravki.write(db, args.event, args.output)
        count = len(spravki.preview(db, args.event))
    finally:
        db.close()
    where = paths[0] if len(paths) == 1 and str(paths[0]).endswith(".pdf") else args.output
    print(f"Выдано {plural(count, 'справка', 'справки', 'справок')}: {where}")
    return 0
