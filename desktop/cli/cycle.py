"""The whole cycle from the command line (as `calibredb` drives calibre's library):
organisations, people and experts, applications from draft to order, sites.

Every command takes `--db` and `--json`. An error or a rule's refusal prints one Russian
line on stderr and exits 2, and nothing is written; `--override REASON` accepts a step a
rule refuses, and the reason goes into the history and the audit log.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desktop.cli.common import open_db, parse_date

DECISIONS = ("assign", "refuse", "revise")


def _out(args: argparse.Namespace, data: Any, text: str) -> None:
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(text)


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    js = argparse.ArgumentParser(add_help=False)
    js.add_argument("--json", action="store_true", help="вывести в формате JSON")
    common = [parent, js]

    org = sub.add_parser("organisations", parents=common, help="организации")
    osub = org.add_subparsers(dest="action", metavar="ДЕЙСТВИЕ", required=True)
    p = osub.add_parser("add", parents=common, help="добавить организацию")
    p.add_argument("--name", required=True, metavar="ПОЛНОЕ", help="полное наименование")
    p.add_argument("--short", default="", metavar="S", help="краткое наименование")
    p.add_argument("--inn", default="", metavar="N", help="ИНН")
    p.add_argument("--address", default="", metavar="A", help="адрес")
    p.add_argument("--head", default="", metavar="ФИО", help="руководитель")
    p.set_defaults(func=cmd_org_add)

    ppl = sub.add_parser("people", parents=common, help="люди: эксперты, руководители")
    psub = ppl.add_subparsers(dest="action", metavar="ДЕЙСТВИЕ", required=True)
    p = psub.add_parser("add", parents=common, help="добавить человека")
    p.add_argument("--name", required=True, metavar="ФИО", help="«Фамилия Имя Отчество»")
    p.add_argument("--organisation", type=int, metavar="ID", help="организация (номер)")
    p.add_argument("--position", default="", metavar="P", help="должность")
    p.add_argument("--expert", action="store_true", help="эксперт")
    p.set_defaults(func=cmd_people_add)
    p = psub.add_parser("list", parents=common, help="список людей")
    p.add_argument("--experts", action="store_true", help="только эксперты")
    p.set_defaults(func=cmd_people_list)

    app = sub.add_parser("applications", parents=common, help="заявки: от пакета до приказа")
    asub = app.add_subparsers(dest="action", metavar="ДЕЙСТВИЕ", required=True)
    p = asub.add_parser("new", parents=common, help="новая заявка (черновик)")
    p.add_argument("--profile", required=True, metavar="ID")
    p.add_argument("--kind", required=True, metavar="КОД")
    p.add_argument("--organisation", required=True, type=int, metavar="ID")
    for name in ("theme", "direction", "project", "leader"):
        p.add_argument(f"--{name}", default="", metavar="ТЕКСТ")
    p.add_argument("--paper", action="store_true",
                   help="все документы пакета получены на бумаге (формы не набираются)")
    p.add_argument("--coleader", default="", metavar="ФИО",
                   help="соруководитель (где положение его предусматривает)")
    p.add_argument("--partner", action="append", type=int, metavar="ORG_ID",
                   help="организация-партнёр сетевой площадки (можно несколько раз)")
    p.set_defaults(func=cmd_app_new)
    p = asub.add_parser("register", parents=common, help="зарегистрировать пакет")
    p.add_argument("id", type=int)
    p.add_argument("--date", type=parse_date, metavar="ДАТА", help="дата получения пакета")
    p.add_argument("--number", default="", metavar="N", help="регистрационный номер")
    p.add_argument("--override", default="", metavar="ОСНОВАНИЕ")
    p.set_defaults(func=cmd_app_register)
    p = asub.add_parser("assign", parents=common, help="назначить эксперта")
    p.add_argument("id", type=int)
    p.add_argument("--expert", required=True, type=int, action="append", metavar="PERSON")
    p.add_argument("--date", type=parse_date, metavar="ДАТА")
    p.add_argument("--override", default="", metavar="ОСНОВАНИЕ")
    p.set_defaults(func=cmd_app_assign)
    p = asub.add_parser("score", parents=common, help="экспертный лист")
    p.add_argument("id", type=int)
    p.add_argument("--expert", required=True, type=int, metavar="PERSON")
    p.add_argument("--scores", default="", metavar="«2,1,…»", help="баллы по критериям по порядку")
    p.add_argument("--defects", default="", metavar="«F1,F4»", help="найденные формальные недочёты")
    p.add_argument("--conclusion", default="", metavar="ТЕКСТ")
    p.add_argument("--passed", choices=("yes", "no"), help="заключение: положительное (yes) "
                                                           "или отрицательное (no)")
    p.add_argument("--json-file", metavar="FILE.json", help="разделы формы заключения "
                                                             "(JSON: код поля → текст)")
    p.add_argument("--date", type=parse_date, metavar="ДАТА")
    p.add_argument("--override", default="", metavar="ОСНОВАНИЕ")
    p.set_defaults(func=cmd_app_score)
    p = asub.add_parser("decide", parents=common, help="решение (совета, комиссии)")
    p.add_argument("id", type=int)
    p.add_argument("--decision", required=True, choices=DECISIONS)
    p.add_argument("--ground", default="", metavar="ТЕКСТ", help="основание отказа (код или текст)")
    p.add_argument("--protocol", default="", metavar="N")
    p.add_argument("--stage", default="", metavar="КОД", help="этап решения (по умолчанию текущий)")
    p.add_argument("--date", type=parse_date, metavar="ДАТА")
    p.add_argument("--override", default="", metavar="ОСНОВАНИЕ")
    p.set_defaults(func=cmd_app_decide)
    p = asub.add_parser("order", parents=common,
                        help="приказ (или свидетельство), присваивающий статус")
    p.add_argument("id", type=int)
    p.add_argument("--number", required=True, metavar="N")
    p.add_argument("--date", required=True, type=parse_date, metavar="ДАТА")
    p.add_argument("--start", type=parse_date, metavar="ДАТА")
    p.add_argument("--end", type=parse_date, metavar="ДАТА")
    p.add_argument("--override", default="", metavar="ОСНОВАНИЕ")
    p.set_defaults(func=cmd_app_order)
    p = asub.add_parser("show", parents=common, help="заявка целиком")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_app_show)
    p = asub.add_parser("list", parents=common, help="список заявок")
    p.add_argument("--profile", metavar="ID")
    p.add_argument("--state", metavar="S")
    p.set_defaults(func=cmd_app_list)

    st = sub.add_parser("sites", parents=common, help="площадки")
    ssub = st.add_subparsers(dest="action", metavar="ДЕЙСТВИЕ", required=True)
    p = ssub.add_parser("list", parents=common, help="список площадок")
    p.set_defaults(func=cmd_sites_list)
    p = ssub.add_parser("show", parents=common, help="площадка: история и сроки")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_sites_show)
    p = ssub.add_parser("edit", parents=common, help="изменить тему, руководителя, примечание")
    p.add_argument("id", type=int)
    p.add_argument("--theme", metavar="T", help="тема площадки")
    p.add_argument("--leader", metavar="ФИО", help="руководитель «Фамилия Имя Отчество»")
    p.add_argument("--notes", metavar="T", help="примечание")
    p.add_argument("--if-version", type=int, metavar="N",
                   help="отказать, если площадку изменили после версии N (из `sites show`)")
    p.set_defaults(func=cmd_sites_edit)


def _run(args: argparse.Namespace, fn: Any, *, write: bool = True) -> Any:
    db = open_db(args, write=write)
    try:
        return fn(db)
    finally:
        db.close()


def cmd_org_add(args: argparse.Namespace) -> int:
    from desktop.services.organisations import OrgData, save_organisation

    data = OrgData(full_name=args.name, short_name=args.short or args.name, inn=args.inn,
                   address=args.address, head_name=args.head)
    org_id = _run(args, lambda db: save_organisation(db, data))
    _out(args, {"id": org_id}, f"Организация добавлена, № {org_id}.")
    return 0


def cmd_people_add(args: argparse.Namespace) -> int:
    from desktop.services.people import add_person

    pid = _run(args, lambda db: add_person(db, args.name, organisation_id=args.organisation,
                                           position=args.position, expert=args.expert))
    _out(args, {"id": pid}, f"Добавлен(а) № {pid}.")
    return 0


def cmd_people_list(args: argparse.Namespace) -> int:
    from desktop.services.people import list_people

    rows = _run(args, lambda db: list_people(db, experts=args.experts), write=False)
    _out(args, [r.to_json() for r in rows],
         "\n".join(f"{r.id}\t{r.full_name}\t{r.organisation}" for r in rows))
    return 0


def cmd_app_new(args: argparse.Namespace) -> int:
    from desktop.cli.cycle_steps import new_application

    result = _run(args, lambda db: new_application(db, args))
    _out(args, result, f"Черновик заявки № {result['id']}.")
    return 0


def cmd_app_register(args: argparse.Namespace) -> int:
    from desktop.services.applications import register_application

    def go(db):  # noqa: ANN001, ANN202
        r = register_application(db, args.id, number=args.number, day=args.date,
                                 override=args.override)
        return {"id": args.id, "number": r.number, "registered_on": r.day.isoformat(),
                "state": "registered", "warnings": [v.message for v in r.warnings]}

    result = _run(args, go)
    _out(args, result, f"Заявка зарегистрирована, № {result['number']} от "
                       f"{args.date or result['registered_on']}.")
    for w in result["warnings"]:
        print(f"Внимание: {w}", file=sys.stderr)
    return 0


def cmd_app_assign(args: argparse.Namespace) -> int:
    from desktop.services.applications import assign_experts

    ids = _run(args, lambda db: assign_experts(db, args.id, args.expert, args.date,
                                               override=args.override))
    _out(args, {"reviews": ids}, f"Назначено экспертов: {len(ids)}.")
    return 0


def cmd_app_score(args: argparse.Namespace) -> int:
    from desktop.cli.cycle_steps import score

    result = _run(args, lambda db: score(db, args))
    _out(args, result, f"Лист сохранён: {result['band']}." if result['total'] is None
         else f"Лист сохранён: {result['total']} — {result['band']}.")
    return 0


def cmd_app_decide(args: argparse.Namespace) -> int:
    from desktop.services.applications import decide_application
    from desktop.services.common import today

    decision = _run(args, lambda db: decide_application(
        db, args.id, args.decision, day=args.date or today(), protocol=args.protocol,
        ground=args.ground, stage=args.stage, override=args.override))
    _out(args, {"id": args.id, "decision_id": decision}, "Решение записано.")
    return 0


def cmd_app_order(args: argparse.Namespace) -> int:
    from desktop.cli.cycle_steps import order

    result = _run(args, lambda db: order(db, args))
    _out(args, result, f"Статус присвоен: площадка № {result['number']}, срок "
                       f"{result['term_start']} — {result['term_end']}.")
    return 0


def cmd_app_show(args: argparse.Namespace) -> int:
    from desktop.services.applications.show import application_json

    data = _run(args, lambda db: application_json(db, args.id), write=False)
    _out(args, data, json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def cmd_app_list(args: argparse.Namespace) -> int:
    from desktop.services.applications.show import applications_json

    rows = _run(args, lambda db: applications_json(db, profile=args.profile, state=args.state),
                write=False)
    _out(args, rows, "\n".join(f"{r['id']}\t{r['number'] or '—'}\t{r['organisation']}\t"
                               f"{r['state']}" for r in rows))
    return 0


def cmd_sites_list(args: argparse.Namespace) -> int:
    from desktop.services.applications.show import sites_json

    rows = _run(args, sites_json, write=False)
    _out(args, rows, "\n".join(f"{r['id']}\t{r['number']}\t{r['organisation']}\t{r['kind']}\t"
                               f"{r['status']}" for r in rows))
    return 0


def cmd_sites_show(args: argparse.Namespace) -> int:
    from desktop.services.applications.show import site_json

    data = _run(args, lambda db: site_json(db, args.id), write=False)
    _out(args, data, json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def cmd_sites_edit(args: argparse.Namespace) -> int:
    from desktop.services.site_edit import edit_site

    saved = _run(args, lambda db: edit_site(db, args.id, theme=args.theme, leader=args.leader,
                                            notes=args.notes, if_version=args.if_version))
    _out(args, {"id": saved.id, "number": saved.number, "version": saved.version},
         f"Площадка № {saved.number} сохранена, версия {saved.version}.")
    return 0
