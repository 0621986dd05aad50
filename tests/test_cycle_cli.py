"""The Омск cycle driven through the command line alone, on an empty database (in-process:
`desktop.cli.main`, the same code as the `metodist` executable)."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main


@pytest.fixture
def cli(db_path, capsys):
    def run(*args: str, code: int = 0):
        rc = main(["--db", str(db_path), *args])
        out, err = capsys.readouterr()
        assert rc == code, (rc, out, err)
        return (json.loads(out) if out.strip().startswith(("{", "[")) else out), err
    return run


def test_omsk_cycle_from_the_command_line(cli, db_path):
    org = cli("--new", "organisations", "add", "--name",
              "Бюджетное общеобразовательное учреждение г. Омска «Гимназия № 1»",
              "--short", "Гимназия № 1", "--inn", "5501000001", "--json")[0]["id"]
    e1 = cli("people", "add", "--name", "Петрова Анна Сергеевна", "--expert", "--json")[0]["id"]
    e2 = cli("people", "add", "--name", "Сидоров Олег Ильич", "--expert", "--json")[0]["id"]
    assert [p["id"] for p in cli("people", "list", "--experts", "--json")[0]] == [e1, e2]
    app = cli("applications", "new", "--profile", "omsk", "--kind", "СтП", "--organisation",
              str(org), "--theme", "Сетевое обучение", "--leader", "Орлова Ирина Павловна",
              "--paper", "--json")[0]
    assert app["state"] == "draft"
    aid = str(app["id"])
    # outside the window 1 October – 10 November: refused with the regulation's words
    _, err = cli("applications", "register", aid, "--date", "2026-11-15", "--json", code=2)
    assert "с 1 октября по 10 ноября" in err and len(err.strip().splitlines()) == 1
    assert cli("applications", "show", aid, "--json")[0]["state"] == "draft"  # nothing written
    reg = cli("applications", "register", aid, "--date", "2026-11-10", "--json")[0]
    assert (reg["number"], reg["registered_on"], reg["state"]) == \
        ("2026-0001", "2026-11-10", "registered")
    cli("applications", "assign", aid, "--expert", str(e1), "--expert", str(e2),
        "--date", "2026-11-12", "--json")
    s1 = cli("applications", "score", aid, "--expert", str(e1), "--scores",
             "2,2,2,2,2,2,2,2,2,2,2,2", "--date", "2026-11-20", "--json")[0]
    assert (s1["total"], s1["band"]) == (24, "Высокий уровень")
    s2 = cli("applications", "score", aid, "--expert", str(e2), "--scores",
             "2,2,2,0,2,2,2,2,1,1,1,1", "--defects", "F4", "--date", "2026-11-21", "--json")[0]
    assert s2["scores"]["8"] == 0  # forced to 0 because criterion 4 is 0
    assert (s2["total"], s2["band"]) == (15, "Удовлетворительный")
    shown = cli("applications", "show", aid, "--json")[0]
    assert (shown["mean"], shown["mean_band"]) == (19.5, "Средний")
    assert [r["total"] for r in shown["reviews"]] == [24, 15]
    cli("applications", "decide", aid, "--decision", "assign", "--protocol", "3",
        "--date", "2026-12-05", "--json")
    # the order is due by 25 December: 1 February is refused, then given with a reason
    _, err = cli("applications", "order", aid, "--number", "5-о", "--date", "2027-02-01",
                 "--end", "2027-12-31", code=2)
    assert "не позднее 25 декабря" in err
    order = cli("applications", "order", aid, "--number", "123-о", "--date", "2026-12-20",
                "--start", "2027-01-01", "--end", "2027-12-31", "--json")[0]
    assert (order["term_start"], order["term_end"]) == ("2027-01-01", "2027-12-31")
    shown = cli("applications", "show", aid, "--json")[0]
    assert shown["order"] == {"number": "123-о", "date": "2026-12-20",
                              "issued_by": "Департамент образования Администрации города Омска"}
    assert shown["decision"]["protocol"] == "3" and shown["state"] == "ordered"
    sites = cli("sites", "list", "--json")[0]
    assert sites == [{"id": order["site"], "number": "2026-0001", "organisation": "Гимназия № 1",
                      "profile": "omsk", "kind": "СтП", "status": "active",
                      "term_start": "2027-01-01", "term_end": "2027-12-31",
                      "leader": "Орлова Ирина Павловна"}]
    site = cli("sites", "show", str(order["site"]), "--json")[0]
    reports = [(d["due"], d["source"]) for d in site["deadlines"] if d["type"] == "report"]
    assert reports == [("2027-05-31", "regulation"), ("2027-12-30", "regulation")]
    assert any(d["source"] == "centre" for d in site["deadlines"])  # «проверка востребованности»
    # procedure deadlines kept with the date each step was done
    with_app = {d["rule"]: d for d in cli("deadlines", "--json")[0] if d["application"]}
    assert with_app["review_by"]["done_on"] == "2026-11-21"
    assert with_app["order_by"]["done_on"] == "2026-12-20"

    # a second application whose mean is «Низкий» is refused «присвоить» in the regulation's words
    org2 = cli("organisations", "add", "--name", "МБОУ «СОШ № 7»", "--json")[0]["id"]
    app2 = str(cli("applications", "new", "--profile", "omsk", "--kind", "СтП",
                   "--organisation", str(org2), "--theme", "Вторая", "--paper",
                   "--json")[0]["id"])
    cli("applications", "register", app2, "--date", "2026-10-20", "--json")
    cli("applications", "assign", app2, "--expert", str(e1), "--date", "2026-10-21", "--json")
    low = cli("applications", "score", app2, "--expert", str(e1), "--scores",
              "1,0,0,0,0,0,0,0,0,0,0,0", "--date", "2026-10-30", "--json")[0]
    assert (low["total"], low["band"]) == (1, "Низкий")
    _, err = cli("applications", "decide", app2, "--decision", "assign", "--date", "2026-11-20",
                 code=2)
    assert "Программа не может быть принята к реализации" in err
    assert cli("applications", "show", app2, "--json")[0]["state"] == "reviewed"
    cli("applications", "decide", app2, "--decision", "refuse", "--ground", "forms_mismatch",
        "--date", "2026-11-20", "--json")
    listed = cli("applications", "list", "--profile", "omsk", "--json")[0]
    assert [a["state"] for a in listed] == ["ordered", "refused"]
    assert "documents" not in listed[0] and "reviews" not in listed[0]


def test_override_is_kept_in_history_and_audit(cli, db):
    from sqlalchemy import select

    from desktop.models import AuditLog, StatusHistory

    org = cli("organisations", "add", "--name", "МБОУ «Лицей № 2»", "--json")[0]["id"]
    aid = str(cli("applications", "new", "--profile", "omsk", "--kind", "СтП",
                  "--organisation", str(org), "--paper", "--json")[0]["id"])
    reg = cli("applications", "register", aid, "--date", "2026-11-15", "--override",
              "Письмо департамента № 12 от 14.11.2026", "--json")[0]
    assert reg["state"] == "registered" and "вне срока приёма" in reg["warnings"][0]
    with db.session() as s:
        note = s.scalar(select(StatusHistory.note).where(StatusHistory.event == "rule_override"))
        assert "Письмо департамента № 12" in note and "с 1 октября по 10 ноября" in note
        assert s.scalar(select(AuditLog.summary).where(AuditLog.summary.contains("вопреки")))
