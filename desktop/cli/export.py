"""Exports: `export registry|reviews|reports|deadlines`, `certificate`, `certificates`."""

from __future__ import annotations

import argparse
import datetime as dt

from desktop.cli.common import open_db, parse_date


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[parent], help="выгрузка в Excel")
    what = p.add_subparsers(dest="what", metavar="ЧТО", required=True,
                            parser_class=type(parent))
    from desktop.exports.catalogue import WORKBOOKS

    for entry in WORKBOOKS:  # the one list of documents (desktop.exports.catalogue)
        q = what.add_parser(entry.code, parents=[parent], help=entry.title)
        if "year" in entry.options:
            q.add_argument("--year", type=int, default=dt.date.today().year, metavar="ГГГГ")
        if "period" in entry.options:
            q.add_argument("--from", dest="date_from", type=parse_date, metavar="ДАТА")
            q.add_argument("--to", dest="date_to", type=parse_date, metavar="ДАТА")
        q.add_argument("--paper", choices=["a4", "a3"], default="a4",
                       help="печать: a4 — основные столбцы (остальные свёрнуты), "
                            "a3 — все столбцы; по умолчанию a4")
        q.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
        q.set_defaults(func=cmd_export)

    p = sub.add_parser("certificate", parents=[parent], help="свидетельство площадки в PDF")
    p.add_argument("--site", type=int, required=True, metavar="ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.set_defaults(func=cmd_certificate)

    p = sub.add_parser("certificates", parents=[parent],
                       help="свидетельства, выданные за год (папка: файл на площадку с её "
                            "номером в имени, или один .pdf)")
    p.add_argument("--year", type=int, default=dt.date.today().year, metavar="ГГГГ")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.set_defaults(func=cmd_certificates)


def _check_year(year: int) -> None:
    from desktop.errors import UserError

    if not 1990 <= year <= 2100:
        raise UserError(f"Год {year} вне допустимого диапазона (1990–2100).")


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.services.workbooks.make import make_workbook
    from desktop.text import plural

    options = {k: getattr(args, k) for k in ("year", "date_from", "date_to") if hasattr(args, k)}
    if "year" in options:
        _check_year(args.year)
    db = open_db(args, write=False)
    try:
        r = make_workbook(db, args.what, args.output, paper=args.paper, **options)
    finally:
        db.close()
    print(f"Записано: {plural(r.rows, 'строка', 'строки', 'строк')} в {r.path}")
    return 0


def _warn_missing(db, site_ids: list[int]) -> None:  # noqa: ANN001 - a Database
    """«Внимание: Не заполнены сведения о центре: …» on stderr before printing."""
    import sys

    from desktop.services.certificates import certificate_data, missing_details

    warning = missing_details(certificate_data(db, site_ids))
    if warning:
        print(f"Внимание: {warning}", file=sys.stderr)


def cmd_certificate(args: argparse.Namespace) -> int:
    from desktop.services.certificates import write_certificates

    db = open_db(args, write=False)
    try:
        _warn_missing(db, [args.site])
        paths = write_certificates(db, [args.site], args.output, one_file=True)
    finally:
        db.close()
    print(f"Свидетельство записано: {paths[0]}")
    return 0


def cmd_certificates(args: argparse.Namespace) -> int:
    from desktop.services.certificates import sites_with_certificates, write_certificates
    from desktop.text import plural

    _check_year(args.year)
    db = open_db(args, write=False)
    try:
        ids = sites_with_certificates(db, args.year)
        if ids:
            _warn_missing(db, ids)
        paths = write_certificates(db, ids, args.output)
    finally:
        db.close()
    if not paths:
        print(f"За {args.year} год свидетельств не выдано; файлы не записаны.")
        return 0
    print(f"Записано {plural(len(paths), 'свидетельство', 'свидетельства', 'свидетельств')} "
          f"за {args.year} год в {args.output}")
    return 0
