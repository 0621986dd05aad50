"""Bodies of a procedure as profile data (issue 22, first step): each stage names its
body and its power; `bodies --profile` lists them and `bodies set` keeps the centre's
entries, which the outside body's order then prints as its signer."""

from __future__ import annotations

import json

from desktop.cli import main
from desktop.profiles import get_profile, parse_profile
from desktop.profiles.loader import ProfileProblems


def test_omsk_commission_proposes_and_the_department_issues_the_order() -> None:
    kind = get_profile("omsk").kind("СтП")
    proposal = next(s for s in kind.stages if s.code == "proposal")
    order = kind.stage("order")
    assert (proposal.body, proposal.power, proposal.to) == ("commission", "proposes",
                                                            "department")
    assert order is not None and order.body == "department" and order.power == "issues"
    dept = get_profile("omsk").body("department")
    assert dept.outside and dept.act == "приказ"
    assert order.issuer == dept.name and order.operative == "ПРИКАЗЫВАЮ:"
    dubna = get_profile("dubna").kind(get_profile("dubna").kinds[0].code)
    council = next(s for s in dubna.stages if s.type == "decision")
    assert (council.power, council.to) == ("recommends", "uno")


def test_a_stage_naming_an_unknown_body_is_one_russian_problem() -> None:
    data = {"id": "x", "name": "X", "municipality": "M", "operator": "Центр",
            "bodies": [{"code": "kom", "name": "Комитет", "outside": True,
                        "act": "распоряжение", "quorum": "5/2"}],
            "stages": [{"code": "intake", "type": "intake", "name": "Приём"},
                       {"code": "order", "type": "order", "name": "Акт", "body": "komitet"}],
            "kinds": [{"code": "K", "name": "площадка", "term": {"mode": "project"},
                       "documents": [{"code": "z", "name": "Заявка"}]}]}
    try:
        parse_profile(data, "x.toml")
    except ProfileProblems as exc:
        text = "\n".join(exc.problems)
    else:
        raise AssertionError("a profile naming a missing body was accepted")
    assert "нет органа «komitet»" in text
    assert "quorum" in text
    data["stages"][1]["body"] = "kom"
    data["bodies"][0]["quorum"] = "2/3"
    profile = parse_profile(data, "x.toml")
    order = profile.kinds[0].stage("order")
    assert order is not None and order.act == "распоряжение" and order.operative == ""
    assert profile.body("kom").quorum_met(9, 6) is True
    assert profile.body("kom").quorum_met(9, 5) is False


def test_bodies_cli_lists_and_keeps_the_head(tmp_path, capsys) -> None:
    db = str(tmp_path / "b.sqlite3")
    assert main(["--db", db, "--new", "bodies", "--profile", "omsk", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    dept = next(r for r in rows if r["code"] == "department")
    assert dept["outside"] is True and dept["act"] == "приказ"
    assert dept["genitive"] == "Департамента образования Администрации города Омска"
    assert main(["--db", db, "bodies", "set", "--profile", "omsk", "--body", "department",
                 "--head-name", "С. Н. Петров"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "bodies", "--profile", "omsk", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert next(r for r in rows if r["code"] == "department")["head_name"] == "С. Н. Петров"
    assert main(["--db", db, "bodies", "set", "--profile", "omsk", "--body", "nope",
                 "--head-name", "X"]) == 2
    assert "нет органа «nope»" in capsys.readouterr().err


def _text(path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_intake_to_ministry_order_keeps_the_act(tmp_path, capsys) -> None:
    """Выселки (intake → the Ministry's order, no decision stage): the recorded order is
    in `document order` (as the centre's draft, «ПРОЕКТ»), the notice and `applications
    show`."""
    db = str(tmp_path / "v.sqlite3")

    def run(*args: str) -> str:
        assert main(["--db", db, *args]) == 0, capsys.readouterr().err
        return capsys.readouterr().out

    run("--new", "organisations", "add", "--name", "Муниципальное бюджетное "
        "общеобразовательное учреждение средняя общеобразовательная школа № 1")
    run("applications", "new", "--profile", "vyselki", "--kind", "КИП", "--organisation",
        "1", "--theme", "Цифровая школа", "--paper")
    run("applications", "register", "1", "--date", "2026-03-02")
    run("applications", "order", "1", "--number", "15-п", "--date", "2026-04-01", "--end",
        "2028-12-31")
    shown = json.loads(run("applications", "show", "1", "--json"))
    assert shown["order"]["issued_by"].startswith("Министерство образования")
    run("document", "order", "--application", "1", "-o", str(tmp_path / "o.docx"))
    order = _text(tmp_path / "o.docx")
    assert order.splitlines()[0] == "ПРОЕКТ" and "ПРИКАЗЫВАЮ:" in order
    run("document", "notice", "--application", "1", "-o", str(tmp_path / "n.docx"))
    notice = _text(tmp_path / "n.docx")
    assert "Приказом Министерства образования, науки и молодежной политики" in notice
    assert "№ 15-п" in notice.replace("\u00a0", " ")


def test_coleader_and_partners_on_a_new_application(tmp_path, capsys) -> None:
    db = str(tmp_path / "k.sqlite3")

    def run(*args: str, rc: int = 0) -> str:
        assert main(["--db", db, *args]) == rc
        out = capsys.readouterr()
        return out.out if rc == 0 else out.err

    run("--new", "organisations", "add", "--name", "МБОУ «СОШ № 1»")
    run("organisations", "add", "--name", "МБОУ «СОШ № 2»")
    run("applications", "new", "--profile", "kemerovo", "--kind", "сетевая ОМП",
        "--organisation", "1", "--partner", "2", "--coleader", "Петрова Анна Сергеевна")
    shown = json.loads(run("applications", "show", "1", "--json"))
    assert shown["coleader"] == "Петрова Анна Сергеевна" and shown["partners"] == [2]
    err = run("applications", "new", "--profile", "omsk", "--kind", "СтП", "--organisation",
              "1", "--coleader", "Иванов Иван Иванович", rc=2)
    assert "не предусматривает соруководителя" in err
    err = run("applications", "new", "--profile", "omsk", "--kind", "СтП", "--organisation",
              "1", "--partner", "2", rc=2)
    assert "не сетевой" in err
