"""Each shipped profile loads and matches its regulation; broken profiles name the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.errors import ProfileError
from desktop.profiles import all_profiles, builtin_dir, get_profile, load_profile_file

from conftest import SEEDS


def _norm(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("ё", "е").replace("Ё", "Е")
    return re.sub(r"\s+", " ", text).strip().lower()


def _tail(text: str) -> str:
    """The text without its first word (the regulation declines it in the sentence)."""
    return _norm(text).split(" ", 1)[1]


def _seed(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("the regulations (shared/seeds) are not beside the project")
    return _norm(next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))


def test_all_five_profiles_load():
    ids = {p.id for p in all_profiles(include_user=False)}
    assert ids == {"kemerovo", "yaya", "omsk", "vyselki", "dubna"}


def test_kemerovo_matches_its_regulation():
    p = get_profile("kemerovo")
    assert [k.code for k in p.kinds] == ["МИП", "сетевая МИП", "ОМП", "сетевая ОМП", "СтП"]
    mip = p.kind("МИП")
    assert mip.required_documents == ["Заявление", "Паспорт проекта"]
    assert mip.term.mode == "project"
    assert mip.review.outcome == "pass_fail" and not mip.review.binding
    assert [st.type for st in mip.stages] == ["intake", "review", "decision", "certificate",
                                              "publication"]
    assert [st.type for st in p.kind("ОМП").stages] == ["intake", "decision", "certificate",
                                                        "publication"]
    rules = {d.code: d for d in mip.deadlines}
    assert rules["report_6m"].every_months == 6 and rules["report_6m"].anchor == "assignment"
    assert rules["report_annual"].every_months == 12
    assert rules["report_final"].anchor == "term_end"
    assert rules["certificate_published"].offset_days == 5
    assert rules["review_14"].offset_days == 14 and rules["review_14"].applies_to == "application"
    assert rules["review_14"].stage == "review"
    assert p.reapply.months == 12 and p.reapply.kinds == ("МИП", "сетевая МИП")
    omp = p.kind("ОМП")
    assert omp.term.months == 12 and omp.extension.max_months == 12
    assert omp.required_documents == [
        "Заявление",
        "Информационная справка об опыте и результатах работы по выбранной теме",
        "План работы ОМП на один учебный год",
    ]
    assert p.kind("сетевая ОМП").network and p.kind("сетевая МИП").network
    assert p.kind("СтП").required_documents == [
        "Заявление", "Информационная справка о результатах деятельности (об имеющемся опыте)",
        "Программа (модуль)",
    ]
    assert {g.code for g in mip.removal_grounds} >= {"late_report"}
    seed = _seed("000")
    assert "рассмотрение заявки экспертной группой (14 дней)" in seed
    assert ("статус omп присваивается на один год" in seed
            or "статус омп присваивается на один год" in seed)
    for phrase in ("ухудшении уровня и качества подготовки обучающихся",
                   "нарушения оо законодательства российской федерации",
                   "несвоевременного представления отчетных материалов"):
        assert phrase in seed
    assert {g.code for g in mip.removal_grounds} == {"worse_quality", "law_breach", "late_report"}


def test_yaya_matches_its_regulation():
    p = get_profile("yaya")
    osmp = p.kind("ОСМП")
    assert osmp.term.min_months == 12 and osmp.term.max_months == 24
    assert osmp.extension.max_months == 12
    assert osmp.has_coleader
    assert p.leader.categories == ("administration", "highest")
    assert [st.type for st in osmp.stages] == ["intake", "decision", "order", "certificate"]
    assert osmp.stage("order").issuer == "МБУ ИМЦ УО Яйского округа"
    seed = _seed("001")
    for doc in osmp.required_documents:  # the seed lists them in the accusative
        assert " ".join(_norm(doc).split()[-4:]) in seed, doc
    for ground in osmp.removal_grounds:
        assert _norm(ground.text) in seed
    assert _norm(osmp.term.text) in seed


def test_omsk_matches_its_regulation_verbatim():
    p = get_profile("omsk")
    seed = _seed("002")
    assert len(p.directions) == 13
    for direction in p.directions:
        assert _norm(direction) in seed, direction
    stp = p.kind("СтП")
    assert stp.required_documents == ["Заявка", "Программа стажировочной площадки"]
    assert [(w.start, w.end, w.enforce) for w in p.windows] == [((10, 1), (11, 10), "refuse")]
    assert stp.stage("order").signer_position.startswith("Директор департамента образования")
    rules = {d.code: d for d in stp.deadlines}
    assert (rules["report_may"].month, rules["report_may"].day) == (5, 0)
    assert (rules["report_december"].month, rules["report_december"].day) == (12, 0)
    assert (rules["review_by"].month, rules["review_by"].day) == (12, 10)
    assert (rules["order_by"].month, rules["order_by"].day) == (12, 25)
    assert (rules["order_by"].stage, rules["order_by"].enforce) == ("order", "refuse")
    assert (rules["review_by"].stage, rules["review_by"].enforce) == ("review", "warn")
    assert rules["demand_check"].source == "centre"
    for rule in stp.deadlines:
        if rule.source == "regulation":
            assert _norm(rule.text.split("...")[0]) in seed, rule.code
    crit = p.criteria["omsk"]
    assert len(crit.defects) == 4 and all(d.penalty == -1 for d in crit.defects)
    assert [c.code for c in crit.criteria] == [str(i) for i in range(1, 13)]
    assert crit.max_total == 24
    assert next(c for c in crit.criteria if c.code == "8").zero_when == ("4", 0)
    for item in (*crit.defects, *crit.criteria):
        assert _norm(item.text) in seed, item.text
    for c in crit.criteria:
        if c.note:
            assert _norm(c.note) in seed, c.note
    assert [(b.min, b.max) for b in crit.bands] == [(0, 10), (11, 15), (16, 19), (20, 24)]
    for band in crit.bands:
        assert _norm(band.description) in seed
    assert crit.band_for(10).level == "Низкий" and crit.band_for(11).level == "Удовлетворительный"
    assert crit.band_for(15).level == "Удовлетворительный" and crit.band_for(16).level == "Средний"
    assert crit.band_for(19).level == "Средний" and crit.band_for(20).level == "Высокий уровень"
    zayavka = p.form("omsk_zayavka")
    applicant = [f for f in zayavka.fields if not f.official]
    assert len(applicant) == 12
    for f in zayavka.fields:
        assert _norm(f.label) in seed, f.label
    programma = p.form("omsk_programma")
    plan = programma.field("plan")
    assert [c.label for c in plan.columns][:5] == [
        "№ п/п",
        "Наименование мероприятия программы (с указанием транслируемого опыта, "
        "эффективной практики по теме)",
        "Срок реализации мероприятия", "Исполнители мероприятия",
        "Результат реализации мероприятия",
    ]
    for g in p.kind("СтП").removal_grounds:
        assert _tail(g.text.split(" (п.")[0]) in seed, g.text


def test_vyselki_passport_has_sixteen_items_and_five_plan_sections():
    p = get_profile("vyselki")
    seed = _seed("003")
    passport = p.form("vys_pasport")
    assert len(passport.fields) == 16
    for f in passport.fields[:15]:
        label = re.sub(r"^\d+\. ", "", f.label)
        assert _norm(label).replace(" ", "") in seed.replace(" ", ""), label
    plan = p.form("vys_plan")
    assert [f.section for f in plan.fields] == [
        "Диагностическая деятельность", "Теоретическая деятельность",
        "Практическая деятельность", "Методическая деятельность", "Трансляционная деятельность",
    ]
    assert all([c.label for c in f.columns] == ["№", "Деятельность", "Сроки", "Ожидаемый результат"]
               for f in plan.fields)
    kip = p.kind("КИП")
    assert kip.term.mode == "project" and kip.extension.max_months  # the ministry's term
    assert kip.stage("order").issuer.startswith("Министерство образования")
    assert {d.source for d in kip.deadlines} == {"centre"}


def test_dubna_matches_its_regulation():
    p = get_profile("dubna")
    seed = _seed("004")
    assert len(p.directions) == 3
    for d in p.directions:
        assert _norm(d) in seed
    stp = p.kind("СтП")
    assert stp.term.mode == "calendar_year"
    assert "на один календарный год" in _norm(stp.term.text)
    assert {d.code for d in stp.deadlines} == {"term_end"}
    assert {d.code for d in p.duties} == {"annual_registry", "annual_report"}  # the centre's
    assert stp.term.late_order_after == (12, 1)
    assert len(p.funding_sources) == 4


# --------------------------------------------------------------------------- broken files


def _broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = (builtin_dir() / "omsk.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('name = "муниципальная стажировочная площадка"', 'title = "x"', "kinds[1].name"),
        ('code = "2"\ngroup', 'code = "2"\nmax = "два"\ngroup', "criteria.omsk.items[2].max"),
        ("min = 11", "min = 12", "criteria.omsk.bands"),
        ('form = "omsk_programma"', 'form = "no_such_form"', "kinds[1].documents[2].form"),
        ('start = "10-01"', 'start = "1 октября"', "application_windows[1].start"),
        ('start = "10-01"', 'start = "02-30"', "application_windows[1].start"),
        ('anchor = "yearly"', 'anchor = "someday"', "kinds[1].deadlines[1].anchor"),
        ('id = "omsk"', 'id = "Омск"', "id"),
    ],
)
def test_broken_profile_names_the_field(tmp_path, old, new, field):
    with pytest.raises(ProfileError) as err:
        load_profile_file(_broken(tmp_path, old, new))
    message = str(err.value)
    assert "broken.toml" in message and f"«{field}»" in message


def test_bad_toml_syntax_is_reported(tmp_path):
    path = _broken(tmp_path, "schema = 2", "schema = = 2")
    with pytest.raises(ProfileError, match="ошибка синтаксиса TOML"):
        load_profile_file(path)


def test_newer_schema_is_refused(tmp_path):
    path = _broken(tmp_path, "schema = 2", "schema = 7")
    with pytest.raises(ProfileError, match="новее поддерживаемой"):
        load_profile_file(path)
