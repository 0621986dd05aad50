"""`metodist spravki --event ID -o DIR|FILE.pdf`: issue and print participation справки.

With a folder: one PDF per participant, named by its register number; with a name ending
in .pdf: one file, a page each. Every справка gets its number in the register (a reissue
keeps the number) only once its file is written. A detail that would print blank (the
signer's name) is named on stderr as «Внимание: …»."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.common import open_db, parse_date


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("spravki", parents=[parent],
                       help="справки об участии в мероприятии (папка или один PDF)")
    p.add_argument("--event", type=int, required=True, metavar="ID", help="номер мероприятия")
    p.add_argument("-o", "--output", required=True, metavar="DIR|FILE.pdf",
                   help="папка (по файлу на участника) или файл .pdf (все справки в одном)")
    p.add_argument("--person", type=int, action="append", metavar="ID",
                   help="только этому участнику (можно несколько раз)")
    p.add_argument("--date", type=parse_date, metavar="ДАТА",
                   help="дата справки (по умолчанию сегодня)")
    p.add_argument("--signer", choices=["organisation", "centre"], default="organisation",
                   help="кто выдаёт и подписывает: organisation — руководитель организации, "
                        "на базе которой работает площадка (по умолчанию); centre — "
                        "руководитель центра")
    p.set_defaults(func=cmd_spravki)


def cmd_spravki(args: argparse.Namespace) -> int:
    from desktop.services import spravki
    from desktop.text import plural

    db = open_db(args, create=False)
    try:
        warning = spravki.issuer_warning(db, args.event, args.signer)
        if warning:
            print(f"Внимание: {warning}", file=sys.stderr)
        batch = spravki.write(db, args.event, args.output, args.person, args.date,
                              args.signer)
    finally:
        db.close()
    where = batch.paths[0] if str(args.output).lower().endswith(".pdf") else args.output
    count = plural(len(batch.items), "справка", "справки", "справок")
    print(f"Выдано {count}: {where}")
    return 0
