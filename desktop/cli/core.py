"""Core commands: `demo` and `profiles`."""

from __future__ import annotations

import argparse
import json
import sys

from desktop.cli.common import open_db, parse_date


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[parent], help="заполнить базу демонстрационными данными")
    p.add_argument("--sites", type=int, default=60, metavar="N", help="число площадок (60)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="зерно генератора (1)")
    p.add_argument("--today", type=parse_date, default=None, metavar="ДАТА",
                   help="дата, от которой строятся сроки (по умолчанию сегодня)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("profiles", parents=[parent], help="список профилей (положений)")
    p.add_argument("--json", action="store_true", help="вывести в формате JSON")
    p.set_defaults(func=cmd_profiles)


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.services.demo import check_demo_size, fill_demo
    from desktop.text import plural

    check_demo_size(args.sites)
    db = open_db(args)
    try:
        r = fill_demo(db, sites=args.sites, seed=args.seed, today=args.today)
    finally:
        db.close()
    print(f"Добавлено: {plural(r.sites, 'площадка', 'площадки', 'площадок')}, "
          f"{plural(r.organisations, 'организация', 'организации', 'организаций')}, "
          f"{plural(r.applications, 'заявка', 'заявки', 'заявок')}, "
          f"{plural(r.events, 'мероприятие', 'мероприятия', 'мероприятий')} "
          f"в базе {db.path}")
    return 0


def cmd_profiles(args: argparse.Namespace) -> int:
    from desktop.profiles import all_profiles

    profiles = all_profiles()
    if args.json:
        json.dump([p.to_json() for p in profiles], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for p in profiles:
        print(f"{p.id}: {p.name}")
        for k in p.kinds:
            docs = "; ".join(k.required_documents)
            print(f"  {k.code} — {k.name}. Пакет: {docs}")
    return 0
