"""`metodist import sites|people FILE.xlsx`: bring an existing registry or list in.

Prints `{"imported": N, "rejected": [{"row", "reason"}]}` with --json, else one line per
rejected row and a summary. Exits 0 when the import ran (rejected rows are reported, not
an error), 2 when the file cannot be read. --dry-run checks everything and writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys

from desktop.cli.common import open_db


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", parents=[parent], help="импорт из Excel (реестр площадок, люди)")
    what = p.add_subparsers(dest="what", metavar="ЧТО", required=True,
                            parser_class=type(p))
    sites = what.add_parser(
        "sites", parents=[parent],
        help="реестр площадок: организации, виды, сроки, приказы, свидетельства")
    sites.add_argument("file", metavar="FILE.xlsx", help="книга Excel с реестром")
    sites.add_argument("--profile", required=True, metavar="ID",
                       help="положение по умолчанию (если в файле нет столбца «Положение»)")
    people = what.add_parser("people", parents=[parent], help="справочник людей и экспертов")
    people.add_argument("file", metavar="FILE.xlsx", help="книга Excel со списком людей")
    for q in (sites, people):
        q.add_argument("--dry-run", action="store_true",
                       help="только проверить, ничего не записывать")
        q.add_argument("--json", action="store_true", help="вывести результат в JSON")
    sites.set_defaults(func=cmd_import_sites)
    people.set_defaults(func=cmd_import_people)


def _report(result: dict, args: argparse.Namespace, summary: str) -> int:
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for r in result["rejected"]:
        print(f"строка {r['row']}: {r['reason']}")
    print(summary + (" (проверка, ничего не записано)" if args.dry_run else ""))
    return 0


def cmd_import_sites(args: argparse.Namespace) -> int:
    from desktop.services.site_import import import_sites

    db = open_db(args)
    try:
        result = import_sites(db, args.file, args.profile, dry_run=args.dry_run)
    finally:
        db.close()
    data = result.to_json()
    return _report(data, args, f"Импортировано площадок: {data['imported']}, новых "
                               f"организаций: {len(result.new_organisations)}, отклонено "
                               f"строк: {len(data['rejected'])}.")


def cmd_import_people(args: argparse.Namespace) -> int:
    from desktop.services.people_import import commit_people, prepare_people

    db = open_db(args)
    try:
        prepared = prepare_people(db, args.file)
        if not args.dry_run:
            commit_people(db, prepared)
    finally:
        db.close()
    rejected = [{"row": r.row_no, "reason": r.reason} for r in prepared.rejected]
    data = {"imported": len(prepared.rows), "rejected": rejected}
    return _report(data, args, f"Импортировано людей: {data['imported']}, отклонено строк: "
                               f"{len(rejected)}.")
