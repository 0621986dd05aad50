"""Core command: `demo` (`profiles` lives in desktop.cli.profiles)."""

from __future__ import annotations

import argparse

from desktop.cli.common import open_db, parse_date


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[parent],
                       help="создать базу с демонстрационными данными (только новую или пустую)")
    p.add_argument("--sites", type=int, default=60, metavar="N", help="число площадок (60)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="зерно генератора (1)")
    p.add_argument("--today", type=parse_date, default=None, metavar="ДАТА",
                   help="дата, от которой строятся сроки (по умолчанию сегодня)")
    p.set_defaults(func=cmd_demo)



def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.services.demo import check_demo_size, fill_demo
    from desktop.text import plural

    check_demo_size(args.sites)
    from desktop.errors import UserError
    from desktop.services.first_start import DEMO_REFUSED, holds_data

    db = open_db(args, create=True)  # `demo` makes a new database when there is none
    try:
        if holds_data(db):  # demo rows mixed into a centre's own could not be told apart
            raise UserError(DEMO_REFUSED.format(name=db.path.name))
        r = fill_demo(db, sites=args.sites, seed=args.seed, today=args.today)
    finally:
        db.close()
    print(f"Добавлено: {plural(r.sites, 'площадка', 'площадки', 'площадок')}, "
          f"{plural(r.organisations, 'организация', 'организации', 'организаций')}, "
          f"{plural(r.applications, 'заявка', 'заявки', 'заявок')}, "
          f"{plural(r.events, 'мероприятие', 'мероприятия', 'мероприятий')} "
          f"в базе {db.path}")
    return 0
