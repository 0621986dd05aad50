"""The bodies of a profile's procedure: `bodies --profile ID [--json]` and `bodies set
--profile ID --body CODE [--head-name] [--head-position] [--secretary] [--address]`."""

from __future__ import annotations

import argparse
import json

from desktop.cli.common import UserError, open_db


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("bodies", parents=[parent],
                       help="органы процедуры профиля: кто предлагает, решает, издаёт акт")
    p.add_argument("--profile", metavar="ID", help="профиль")
    p.add_argument("--json", action="store_true", help="вывод в JSON")
    p.set_defaults(func=cmd_bodies)
    what = p.add_subparsers(dest="what", metavar="ДЕЙСТВИЕ", parser_class=type(parent))
    q = what.add_parser("set", parents=[parent], help="руководитель, секретарь, адрес органа")
    q.add_argument("--profile", required=True, metavar="ID", help="профиль")
    q.add_argument("--body", required=True, metavar="КОД", help="код органа")
    q.add_argument("--head-name", metavar="ФИО")
    q.add_argument("--head-position", metavar="ДОЛЖНОСТЬ")
    q.add_argument("--secretary", metavar="ФИО")
    q.add_argument("--address", metavar="АДРЕС")
    q.add_argument("--json", action="store_true", help="вывод в JSON")
    q.set_defaults(func=cmd_bodies_set)


def cmd_bodies(args: argparse.Namespace) -> int:
    from desktop.services.bodies import list_bodies
    from desktop.services.declension import genitive

    if not args.profile:
        raise UserError("Укажите профиль: metodist bodies --profile ID.")
    bodies = list_bodies(open_db(args, write=False), args.profile)
    if args.json:
        rows = [b.to_json() | {"genitive": b.genitive or genitive(b.name)} for b in bodies]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for b in bodies:
        where = "внешний орган" if b.outside else "центр"
        act = f", издаёт: {b.act}" if b.act else ""
        head = f"; {b.head_position} {b.head_name}".rstrip() if b.head_position else ""
        print(f"{b.code:<12} {b.name} ({where}{act}){head}")
    return 0


def cmd_bodies_set(args: argparse.Namespace) -> int:
    from desktop.services.bodies import set_body

    values = {"head_name": args.head_name, "head_position": args.head_position,
              "secretary": args.secretary, "address": args.address}
    body = set_body(open_db(args, write=True), args.profile, args.body, values)
    if args.json:
        print(json.dumps(body.to_json(), ensure_ascii=False, indent=2))
    else:
        print(f"Сохранено: {body.name}.")
    return 0
