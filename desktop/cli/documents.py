"""Word documents and their templates: `document TYPE --application|--meeting|--site ID -o
FILE.docx`, `document --list [--json]`, `templates check [DIR]`, and the document journal
(`journal out|in [--year] [-o FILE.xlsx]`). The types come from desktop.exports.catalogue."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop.cli.common import UserError, open_db, parse_date
from desktop.exports.catalogue import NEEDS_TEXT, by_code, word_documents

# The printouts the window makes as PDF, by their type, with their titles.
PDF_TYPES = {"sheet": "Экспертный лист (PDF)", "application-pdf": "Заявка и программа (PDF)"}


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    codes = [d.code for d in word_documents()] + list(PDF_TYPES)
    p = sub.add_parser("document", parents=[parent],
                       help="документ Word по шаблону: повестка, протокол, приказ, письма")
    p.add_argument("type", nargs="?", choices=codes, metavar="ТИП",
                   help="тип документа: " + ", ".join(codes))
    record = p.add_mutually_exclusive_group()
    record.add_argument("--application", type=int, metavar="ID", help="по заявке")
    record.add_argument("--meeting", type=int, metavar="ID", help="по заседанию")
    record.add_argument("--site", type=int, metavar="ID", help="по площадке")
    p.add_argument("--expert", type=int, metavar="PERSON",
                   help="эксперт, чей лист печатать (для sheet)")
    p.add_argument("-o", "--output", metavar="FILE.docx", help="куда записать документ")
    p.add_argument("--date", type=parse_date, metavar="ДАТА",
                   help="дата исходящего документа (по умолчанию сегодня)")
    p.add_argument("--new-number", action="store_true",
                   help="взять новый исходящий номер, даже если документ уже выдавался")
    p.add_argument("--list", action="store_true", help="перечислить типы документов")
    p.add_argument("--json", action="store_true", help="вывод в JSON (с --list)")
    p.set_defaults(func=cmd_document)

    p = sub.add_parser("templates", parents=[parent], help="шаблоны документов Word")
    what = p.add_subparsers(dest="what", metavar="ДЕЙСТВИЕ", required=True,
                            parser_class=type(parent))
    q = what.add_parser("check", parents=[parent],
                        help="проверить поля шаблонов (по умолчанию — свои и поставляемые)")
    q.add_argument("dir", nargs="?", metavar="ПАПКА")
    q.add_argument("--json", action="store_true", help="вывод в JSON")
    q.set_defaults(func=cmd_templates_check)

    p = sub.add_parser("journal", parents=[parent],
                       help="журнал исходящих или входящих документов")
    p.add_argument("direction", choices=["out", "in"], metavar="out|in",
                   help="out — исходящие, in — входящие")
    p.add_argument("--year", type=int, metavar="ГГГГ")
    p.add_argument("-o", "--output", metavar="FILE.xlsx", help="выгрузить в Excel")
    p.add_argument("--json", action="store_true", help="вывод в JSON")
    p.set_defaults(func=cmd_journal)


def cmd_document(args: argparse.Namespace) -> int:
    if args.list:
        types = word_documents()
        if args.json:
            print(json.dumps([t.to_json() for t in types], ensure_ascii=False, indent=2))
        else:
            for t in types:
                needs = ", ".join(NEEDS_TEXT[n] for n in t.needs)
                print(f"{t.code:<12} {t.title} (по: {needs})")
        return 0
    if not args.type:
        raise UserError("Укажите тип документа (metodist document --list — список).")
    if args.type in PDF_TYPES:
        return _pdf_document(args)
    doc_type = by_code(args.type)
    record = next((n for n in ("application", "meeting", "site")
                   if getattr(args, n) is not None), None)
    if record is None:
        raise UserError("Укажите, по чему составить документ: " + " или ".join(
            f"--{n} ID" for n in doc_type.needs) + ".")
    if not args.output:
        raise UserError("Укажите файл документа: -o ФАЙЛ.docx.")
    output = Path(args.output)
    if output.suffix.lower() != ".docx":
        raise UserError(f"Файл «{output.name}» должен иметь расширение .docx.")
    from desktop.services.documents.make import make_document, missing_details, prepare
    from desktop.text import long_date

    db = open_db(args, write=doc_type.outgoing)
    try:
        data = prepare(db, doc_type.code, record, getattr(args, record))
        warning = missing_details(data)
        if warning:
            print(f"Внимание: {warning}", file=sys.stderr)
        written = make_document(db, doc_type.code, record, getattr(args, record), output,
                                day=args.date, new_number=args.new_number, data=data)
    finally:
        db.close()
    number = f" № {written.number}" if written.number else ""
    date = f" от {long_date(written.date)}" if written.date else ""
    again = " (выдан ранее: номер и дата прежние)" if written.reprint else ""
    print(f"Записано: {doc_type.title}{number}{date}{again} — {written.path}")
    return 0


def _pdf_document(args: argparse.Namespace) -> int:
    """`document sheet --application APP --expert PERSON -o FILE.pdf` and `document
    application-pdf --application APP -o FILE.pdf`: the PDFs the window prints."""
    if args.application is None:
        raise UserError(f"Укажите заявку: metodist document {args.type} --application ID.")
    if not args.output or Path(args.output).suffix.lower() != ".pdf":
        raise UserError("Укажите файл документа: -o ФАЙЛ.pdf.")
    from desktop.services.printouts import write_application, write_expert_sheet

    db = open_db(args, write=False)
    try:
        if args.type == "sheet":
            if args.expert is None:
                raise UserError("Укажите эксперта: --expert PERSON.")
            from sqlalchemy import select

            from desktop.models import Review

            with db.session() as s:
                review_id = s.scalar(select(Review.id).where(
                    Review.application_id == args.application,
                    Review.expert_id == args.expert))
            if review_id is None:
                raise UserError(f"Эксперт № {args.expert} не назначен на заявку "
                                f"№ {args.application}.")
            path = write_expert_sheet(db, review_id, args.output)
        else:
            path = write_application(db, args.application, args.output)
    finally:
        db.close()
    print(f"Записано: {PDF_TYPES[args.type]} — {path}")
    return 0


def cmd_templates_check(args: argparse.Namespace) -> int:
    from desktop.exports.docx_documents import template_dirs
    from desktop.exports.docx_fields import check_templates

    if args.dir:
        folder = Path(args.dir)
        if not folder.is_dir():
            raise UserError(f"Папка «{folder}» не найдена.")
        folders = [folder]
    else:
        folders = template_dirs()
    reports = [r for f in folders for r in check_templates(f)]
    if args.json:
        print(json.dumps([{"file": str(r.path), "type": r.code, "fields": r.fields,
                           "problems": r.problems} for r in reports],
                         ensure_ascii=False, indent=2))
    else:
        for r in reports:
            print(f"{r.path}: {', '.join(r.fields) or 'полей нет'}")
        if not reports:
            print("Шаблонов .docx в папке нет.")
    problems = [line for r in reports for line in r.problems]
    for line in problems:
        print(line, file=sys.stderr)
    return 2 if problems else 0


def cmd_journal(args: argparse.Namespace) -> int:
    from desktop.services.journal import check_year, entries, export_journal, table_rows

    if args.year is not None:
        check_year(args.year)
    db = open_db(args, write=False)
    try:
        if args.output:
            from desktop.text import plural

            count = export_journal(db, args.direction, args.output, args.year)
            print(f"Журнал записан: {args.output} "
                  f"({plural(count, 'запись', 'записи', 'записей')})")
            return 0
        rows = entries(db, args.direction, args.year)
    finally:
        db.close()
    if args.json:
        print(json.dumps([{"number": r.number, "date": r.date.isoformat(), "type": r.doc_type,
                           "title": r.title, "correspondent": r.correspondent,
                           "application": r.application_id, "site": r.site_id}
                          for r in rows], ensure_ascii=False, indent=2))
    else:
        for line in table_rows(rows):
            print(" | ".join(line))
    return 0
