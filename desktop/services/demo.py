"""Realistic, deterministic demo data across all profiles (`metodist demo`).

Deterministic for a given seed and reference date: the same arguments give the same rows.
Rows are written with bulk Core inserts inside one transaction (ORM `add_all` is ~8x
slower at 10 000 sites), so an interrupted fill leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.models import (
    Application,
    ApplicationDocument,
    Certificate,
    CouncilMeeting,
    Deadline,
    Decision,
    Event,
    Order,
    Organisation,
    Participation,
    Person,
    Report,
    ReportRow,
    Review,
    ReviewScore,
    Site,
    SitePartner,
    Spravka,
    StatusHistory,
)
from desktop.profiles import Kind, Profile, all_profiles
from desktop.storage import Database

MALE_LAST = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов",
             "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
             "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов",
             "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов"]
MALE_FIRST = ["Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Михаил", "Игорь",
              "Евгений", "Владимир", "Николай", "Павел", "Олег", "Виктор", "Юрий"]
FEMALE_FIRST = ["Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Марина",
                "Анна", "Мария", "Юлия", "Екатерина", "Людмила", "Галина", "Надежда",
                "Оксана", "Валентина", "Алёна", "Анастасия"]
PATRONYMIC_ROOTS = ["Александров", "Сергеев", "Викторов", "Николаев", "Петров", "Иванов",
                    "Владимиров", "Михайлов", "Андреев", "Юрьев", "Павлов", "Олегов"]
POSITIONS = ["учитель начальных классов", "учитель математики", "учитель русского языка",
             "учитель информатики", "воспитатель", "старший воспитатель", "педагог-психолог",
             "учитель-логопед", "педагог дополнительного образования", "методист",
             "заместитель директора по УВР", "учитель физики", "учитель биологии"]
LEADER_POSITIONS = ["директор", "заместитель директора по УВР", "заместитель заведующего",
                    "заведующий", "учитель высшей категории"]
_MB, _OBR = "Муниципальное бюджетное", "общеобразовательное учреждение"
ORG_TEMPLATES = [
    ("МБОУ «СОШ № {n}»", f"{_MB} {_OBR} «Средняя общеобразовательная школа № {{n}}»",
     "школа"),
    ("МБОУ «Гимназия № {n}»", f"{_MB} {_OBR} «Гимназия № {{n}}»", "гимназия"),
    ("МБОУ «Лицей № {n}»", f"{_MB} {_OBR} «Лицей № {{n}}»", "лицей"),
    ("МБДОУ № {n} «{name}»", f"{_MB} дошкольное образовательное учреждение «Детский сад "
     "№ {n} «{name}»", "детский сад"),
    ("МАОУ «ООШ № {n}»", f"Муниципальное автономное {_OBR} «Основная общеобразовательная "
     "школа № {n}»", "школа"),
    ("МБУ ДО «ЦДТ № {n}»", f"{_MB} учреждение дополнительного образования «Центр детского "
     "творчества № {n}»", "дополнительное образование"),
]
KINDERGARTEN_NAMES = ["Солнышко", "Радуга", "Берёзка", "Теремок", "Ласточка", "Колокольчик",
                      "Сказка", "Золотой ключик", "Ромашка", "Журавушка", "Светлячок"]
STREETS = ["ул. Ленина", "ул. Советская", "пр. Мира", "ул. Школьная", "ул. Гагарина",
           "ул. Молодёжная", "ул. Садовая", "пр. Победы", "ул. Кирова", "ул. Строителей"]
THEME_SUBJECTS = [
    "формирование функциональной грамотности обучающихся",
    "развитие цифровой образовательной среды",
    "сопровождение одарённых детей",
    "инклюзивное образование детей с ОВЗ",
    "проектная и исследовательская деятельность школьников",
    "ранняя профориентация дошкольников",
    "наставничество молодых педагогов",
    "бережливые технологии в управлении образовательной организацией",
    "STEM-образование и техническое творчество",
    "читательская грамотность",
    "патриотическое воспитание",
    "сетевое взаимодействие школ",
    "формирующее оценивание",
    "здоровьесберегающие технологии",
    "работа с детьми группы риска",
    "развитие естественно-научной грамотности",
]
THEME_FRAMES = [
    "{S}",
    "{S}: модели и практики",
    "Современные практики: {s}",
    "Организационно-методическое сопровождение: {s}",
    "{S} как ресурс повышения качества образования",
]
EVENT_NAMES = [
    "«Функциональная грамотность на уроке»", "«Цифровые инструменты педагога»",
    "«Наставничество: от адаптации к мастерству»", "«Проектная задача в начальной школе»",
    "«Инклюзивная среда в детском саду»", "«Формирующее оценивание: приёмы и инструменты»",
    "«Технологии бережливого управления»", "«Робототехника для дошкольников»",
    "«Смысловое чтение на уроках»", "«Сетевой проект: опыт и результаты»",
]
EVENT_FORMS = ["семинар", "мастер-класс", "вебинар", "стажировка", "практикум", "конференция",
               "открытое занятие", "круглый стол"]


@dataclass(frozen=True)
class Place:
    """Where a profile's demo organisations are: settlement, postal code, phone area code."""

    city: str
    postcode: str
    area: str


# Each profile's organisations get addresses of its own municipality (an Омск site with a
# Кемерово address is a demo artefact the documents would print).
PLACES = {"kemerovo": Place("г. Кемерово", "650000", "3842"),
          "omsk": Place("г. Омск", "644000", "3812"),
          "dubna": Place("г. Дубна, Московская обл.", "141980", "49621"),
          "yaya": Place("пгт Яя, Кемеровская обл.", "652100", "38441"),
          "vyselki": Place("ст-ца Выселки, Краснодарский край", "353100", "86157")}
HEADS = ["Н. В. Егорова", "С. А. Павлова", "И. Г. Смирнов", "Т. Н. Орлова", "О. В. Зайцева",
         "А. М. Никитин", "Л. П. Борисова", "Е. С. Макарова", "М. Ю. Андреева"]


FILLERS = (("актуальн", "Практика по теме «{t}» даёт устойчивые результаты и востребована "
                        "педагогами других организаций."),
           ("аудитори", "Учителя и воспитатели образовательных организаций округа."),
           ("соисполнител", "Нет."),
           ("управлени", "Руководитель площадки и творческая группа; отчёт дважды в год."),
           ("цел", "Повышение качества образования через {s}."),
           ("задач", "Изучить опыт по теме; разработать методические материалы; провести "
                     "апробацию и представить её результаты педагогам округа."),
           ("результат", "Методические рекомендации, открытые занятия и публикации по теме; "
                         "педагоги, освоившие практику."),
           ("ресурс", "Кадровые, материально-технические и информационные условия ОО."))


def _filler(label: str, theme: str) -> str:
    """A plausible answer to a form's free-text question (demo only)."""
    low = label.lower()
    for key, text in FILLERS:
        if key in low:
            return text.format(s=theme[:1].lower() + theme[1:], t=theme)
    return f"Сведения представлены по теме «{theme}»."


CELLS = (("срок", ["сентябрь", "ноябрь", "январь", "март", "май"]),
         ("дата", ["сентябрь", "ноябрь", "январь", "март", "май"]),
         ("исполнител", ["руководитель площадки", "творческая группа", "педагоги ОО"]),
         ("ответствен", ["руководитель площадки", "творческая группа", "педагоги ОО"]),
         ("результат", ["методические рекомендации", "открытое занятие проведено",
                        "материалы размещены на сайте ОО"]),
         ("задач", ["1", "2", "3"]), ("участник", ["24", "31", "18", "40"]),
         ("количеств", ["24", "31", "18", "40"]))


def _cell(label: str, row: int) -> str:
    """A plausible cell of a form's table (demo only): by what its column asks."""
    low = label.lower()
    for key, values in CELLS:
        if key in low:
            return values[row % len(values)]
    return EVENT_NAMES[row % len(EVENT_NAMES)].strip("«»")


def place_of(profile: Profile) -> Place:
    """The demo's place of a profile; a profile it does not know: its municipality."""
    return PLACES.get(profile.id, Place(profile.municipality, "000000", "000"))

APP_STATES = ["draft", "registered", "review", "reviewed", "council", "approved", "refused",
              "revision", "withdrawn"]


@dataclass
class DemoResult:
    organisations: int = 0
    people: int = 0
    sites: int = 0
    applications: int = 0
    reviews: int = 0
    events: int = 0
    participations: int = 0
    by_profile: dict[str, int] = field(default_factory=dict)


class _Ids:
    """Explicit ids continuing after the rows already in the database."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.next: dict[Any, int] = {}

    def __call__(self, model: Any) -> int:
        if model not in self.next:
            self.next[model] = (self.s.scalar(select(func.max(model.id))) or 0) + 1
        value = self.next[model]
        self.next[model] = value + 1
        return value


def _female(last: str) -> str:
    if last.endswith(("ов", "ев", "ёв", "ин")):
        return last + "а"
    return last


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def demo_term(kind: Kind, start: dt.date, rnd: random.Random) -> dt.date:
    """A plausible term end for the demo (the real rule lives in the workflow)."""
    if kind.term.mode == "calendar_year":
        return dt.date(start.year, 12, 31)
    if kind.term.mode == "months":
        months = kind.term.months or kind.term.max_months
        if kind.term.min_months and kind.term.max_months:
            months = rnd.choice([kind.term.min_months, kind.term.max_months])
        return _add_months(start, months) - dt.timedelta(days=1)
    return _add_months(start, rnd.choice([24, 36, 36, 48])) - dt.timedelta(days=1)


class DemoBuilder:
    """Builds rows as dicts and writes them with bulk inserts in dependency order."""

    def __init__(self, s: Session, sites: int, seed: int, today: dt.date) -> None:
        self.s = s
        self.n_sites = sites
        self.rnd = random.Random(seed)
        self.today = today
        self.ids = _Ids(s)
        self.rows: dict[type, list[dict[str, Any]]] = {}
        self.profiles = sorted(all_profiles(include_user=False), key=lambda p: p.id)
        self.result = DemoResult()
        self.org_numbers: set[tuple[int, int]] = set()
        self.experts: list[int] = []
        self.staff: list[int] = []
        self.people_pool: list[int] = []
        self.reg_seq = 0
        self.known: dict[int, dict[str, Any]] = {}  # organisations and people by id
        self.local_orgs: dict[str, list[int]] = {}  # a profile's own organisations
        self.org_index: dict[int, int] = {}

    # -- helpers
    def add(self, model: type, **values: Any) -> int:
        if "id" not in values:
            values["id"] = self.ids(model)
        self.rows.setdefault(model, []).append(values)
        if model in (Organisation, Person):  # what the demo's forms are filled in from
            self.known[values["id"]] = values
        return values["id"]

    def date_between(self, a: dt.date, b: dt.date) -> dt.date:
        if b <= a:
            return a
        return a + dt.timedelta(days=self.rnd.randrange((b - a).days + 1))

    def person(self, org_id: int | None, *, position: str = "", category: str = "",
               expert: bool = False, staff: bool = False) -> int:
        r = self.rnd
        female = r.random() < 0.78  # most teachers are women
        last = r.choice(MALE_LAST)
        if female:
            last, first = _female(last), r.choice(FEMALE_FIRST)
            middle = r.choice(PATRONYMIC_ROOTS) + "на"
        else:
            first = r.choice(MALE_FIRST)
            middle = r.choice(PATRONYMIC_ROOTS) + "ич"
        pid = self.add(
            Person, last_name=last, first_name=first, middle_name=middle,
            position=position or r.choice(POSITIONS), category=category,
            organisation_id=org_id, phone=f"8-9{r.randrange(10, 99)}-{r.randrange(100, 999)}-"
            f"{r.randrange(10, 99)}-{r.randrange(10, 99)}", email="",
            is_expert=expert, is_staff=staff, declensions={},
        )
        self.result.people += 1
        return pid

    def organisation(self, place: Place) -> int:
        r = self.rnd
        while True:
            t = r.randrange(len(ORG_TEMPLATES))
            n = r.randrange(1, max(120, self.n_sites))
            if (t, n) not in self.org_numbers:
                self.org_numbers.add((t, n))
                break
        short, full, otype = ORG_TEMPLATES[t]
        name = r.choice(KINDERGARTEN_NAMES)
        oid = self.add(
            Organisation, short_name=short.format(n=n, name=name),
            full_name=full.format(n=n, name=name), org_type=otype,
            address=f"{place.postcode}, {place.city}, {r.choice(STREETS)}, "
                    f"д. {r.randrange(1, 150)}",
            head_name=HEADS[n % len(HEADS)],  # by the number: the seeded stream is unchanged
            phone=f"8 ({place.area}) {r.randrange(10, 99)}-{r.randrange(10, 99)}-"
            f"{r.randrange(10, 99)}", email=f"school{n}@edu.example.ru",
            website=f"https://school{n}.example.ru", inn="", notes="",
        )
        self.result.organisations += 1
        return oid

    def local(self, profile: Profile, org: int) -> int:
        """The profile's own organisation standing for one drawn from all of them: the
        draw stays the same (the seeded stream does not change), the city is right."""
        pool = self.local_orgs[profile.id]
        return pool[self.org_index[org] % len(pool)]

    def theme(self) -> str:
        subject = self.rnd.choice(THEME_SUBJECTS)
        frame = self.rnd.choice(THEME_FRAMES)
        return frame.format(s=subject, S=subject[:1].upper() + subject[1:])

    # -- the cycle
    def build(self) -> DemoResult:
        r = self.rnd
        for _ in range(max(6, self.n_sites // 200)):
            self.experts.append(self.person(None, position="эксперт, методист", expert=True))
        for _ in range(max(4, self.n_sites // 300)):
            self.staff.append(self.person(None, position="методист", staff=True))
        count = max(8, int(self.n_sites * 0.7), len(self.profiles))
        places = [place_of(p) for p in self.profiles]
        orgs = [self.organisation(places[i % len(places)]) for i in range(count)]
        # each profile's own organisations: every len(profiles)-th of them
        self.local_orgs = {p.id: orgs[i::len(self.profiles)] for i, p in enumerate(self.profiles)}
        self.org_index = {o: i for i, o in enumerate(orgs)}
        kinds = [(p, k) for p in self.profiles for k in p.kinds]
        for i in range(self.n_sites):
            profile, kind = kinds[i % len(kinds)] if i < len(kinds) else r.choice(kinds)
            self.site(profile, kind, self.local(profile, r.choice(orgs)), orgs)
            if i % 5000 == 4999:
                self.flush()  # parents first in every batch; memory stays that of 5 000 sites
        # Every profile has an application at every step; larger fills add random ones.
        for profile in self.profiles:
            for state in APP_STATES:
                self.open_application(profile, r.choice(profile.kinds),
                                      self.local(profile, r.choice(orgs)), state)
        for _ in range(self.n_sites // 6 - len(self.profiles) * len(APP_STATES)):
            profile, kind = r.choice(kinds)
            self.open_application(profile, kind, self.local(profile, r.choice(orgs)),
                                  r.choice(APP_STATES))
        self.flush()
        return self.result

    def meeting(self, profile: Profile, kind: Kind, day: dt.date) -> int:
        return self.add(CouncilMeeting, profile_id=profile.id, body=kind.decided_by,
                        meeting_date=day, protocol_number=f"{self.rnd.randrange(1, 12)}",
                        notes="")

    def application(self, profile: Profile, kind: Kind, org: int, state: str, submitted: dt.date,
                    *, theme: str, leader: int | None, coleader: int | None,
                    site_id: int | None = None) -> int:
        r = self.rnd
        registered = state != "draft"
        if registered:
            self.reg_seq += 1
        direction = r.choice(profile.directions) if profile.directions else ""
        app_id = self.add(
            Application, profile_id=profile.id, kind_code=kind.code, purpose="assign",
            organisation_id=org, site_id=site_id, theme=theme, direction=direction,
            project_name=f"Программа «{theme}»", term_start=None, term_end=None,
            leader_id=leader, coleader_id=coleader, state=state,
            reg_number=f"{submitted.year}-{self.reg_seq:04d}" if registered else "",
            reg_date=submitted if registered else None, submitted_on=submitted,
            ground_code="", notes="", draft={}, stages_done=_stages_done(kind, state, submitted),
        )
        complete = state != "draft" or r.random() < 0.5
        for pos, doc in enumerate(kind.documents):
            present = complete or pos == 0
            self.add(ApplicationDocument, application_id=app_id, doc_code=doc.code,
                     title=doc.name, position=pos, present=present,
                     received_on=submitted if present else None,
                     form_data=self.form_data(profile, doc.form, theme, direction,
                                               org, leader) if present
                     else {}, attachment_id=None, note="")
        self.add(StatusHistory, application_id=app_id, site_id=None, happened_on=submitted,
                 event="created", from_status="", to_status="draft", ground_code="",
                 ground_text="", note="", os_user="demo")
        if registered:
            self.add(StatusHistory, application_id=app_id, site_id=None, happened_on=submitted,
                     event="registered", from_status="draft", to_status="registered",
                     ground_code="", ground_text="", note="", os_user="demo")
        self.result.applications += 1
        return app_id

    def form_data(self, profile: Profile, form_code: str, theme: str, direction: str,
                  org: int | None = None, leader: int | None = None) -> dict:
        if not form_code:
            return {}
        data: dict[str, Any] = {}
        values = self.form_values(theme, org, leader)
        for f in profile.form(form_code).fields:
            if f.official:
                continue
            if f.type == "table":
                data[f.code] = [
                    {c.code: (str(i + 1) if c.code in ("n", "no", "num") else
                              _cell(c.label, i)) for c in f.columns}
                    for i in range(self.rnd.randrange(2, 5))
                ]
            elif f.type == "choice":
                data[f.code] = direction or (f.choices[0] if f.choices else "")
            elif f.type == "date":
                data[f.code] = self.today.isoformat()
            else:
                data[f.code] = values.get(f.code) or _filler(f.label, theme)
        return data

    def form_values(self, theme: str, org: int | None, leader: int | None) -> dict[str, str]:
        """What an applicant writes in the usual fields, from its organisation's card."""
        o = self.known.get(org or 0, {})
        p = self.known.get(leader or 0, {})
        person = (f"{p['last_name']} {p['first_name']} {p['middle_name']}, {p['position']}"
                  if p else "")
        programme = f"Программа «{theme}»"
        return {
            "org_full_name": o.get("full_name", ""), "legal_name": o.get("full_name", ""),
            "short_name": o.get("short_name", ""), "address": o.get("address", ""),
            "legal_address": f"{o.get('address', '')}, тел. {o.get('phone', '')}",
            "phone": o.get("phone", ""), "email": o.get("email", ""),
            "website": o.get("website", ""),
            "contacts": f"тел. {o.get('phone', '')}, e-mail: {o.get('email', '')}",
            "head_name": o.get("head_name", ""), "head": o.get("head_name", ""),
            "leader": person, "site_head": person, "p4_head": person, "contact_person": person,
            "theme": theme, "project_name": programme, "p1_name": programme, "name": programme,
            "term": "3 года", "p2_term": "3 года",
            "protocol": "протокол заседания педагогического совета от 28 августа № 1"}

    def reviews(self, profile: Profile, kind: Kind, app_id: int, registered: dt.date,
                *, scored: bool) -> None:
        r = self.rnd
        crit = (profile.criteria.get(kind.review.criteria)
                if kind.review and kind.review.criteria else None)
        days = 14
        for expert in r.sample(self.experts, k=min(len(self.experts), r.choice([1, 2, 2, 3]))):
            total = None
            band = ""
            rid = self.ids(Review)
            if scored and crit is not None:
                scores = {c.code: r.choice([0, 1, 2, 2, 2]) for c in crit.criteria}
                for c in crit.criteria:
                    if c.zero_when and scores[c.zero_when[0]] == c.zero_when[1]:
                        scores[c.code] = 0
                defects = {d.code: (d.penalty if r.random() < 0.1 else 0) for d in crit.defects}
                total = max(0, sum(scores.values()) + sum(defects.values()))
                b = crit.band_for(total)
                band = b.level if b else ""
                for code, value in scores.items():
                    self.add(ReviewScore, review_id=rid, code=code, is_defect=False, value=value,
                             prefilled=False)
                for code, value in defects.items():
                    self.add(ReviewScore, review_id=rid, code=code, is_defect=True, value=value,
                             prefilled=False)
            self.add(Review, id=rid, application_id=app_id, expert_id=expert,
                     assigned_on=registered, due_on=registered + dt.timedelta(days=days),
                     submitted_on=(registered + dt.timedelta(days=r.randrange(3, days + 1))
                                   if scored else None),
                     total=total, band=band,
                     conclusion="Рекомендовать к присвоению статуса." if scored else "")
            self.result.reviews += 1

    def site(self, profile: Profile, kind: Kind, org: int, orgs: list[int]) -> None:
        r = self.rnd
        today = self.today
        start = self.date_between(today - dt.timedelta(days=3 * 365), today - dt.timedelta(days=20))
        if kind.term.mode == "calendar_year":  # half of them hold the status this year
            year = today.year if r.random() < 0.5 else start.year
            start = dt.date(year, 1, 1)
        end = demo_term(kind, start, r)
        roll = r.random()
        if end < today:
            status = "completed" if roll < 0.8 else "removed"
        else:
            status = "removed" if roll < 0.05 else "active"
        theme = self.theme()
        leader = self.person(org, position=r.choice(LEADER_POSITIONS),
                             category=r.choice(["administration", "highest"]))
        coleader = r.choice(self.staff) if kind.has_coleader else None
        submitted = start - dt.timedelta(days=r.randrange(30, 70))
        site_id = self.ids(Site)
        app_id = self.application(profile, kind, org, "ordered", submitted, theme=theme,
                                  leader=leader, coleader=coleader, site_id=site_id)
        self.reviews(profile, kind, app_id, submitted, scored=True)
        meeting = self.meeting(profile, kind, start - dt.timedelta(days=r.randrange(3, 15)))
        order = self.add(Order, number=f"{r.randrange(10, 400)}-о", order_date=start,
                         issued_by=kind.order_issuer or profile.operator,
                         title=f"О присвоении статуса {kind.code}")
        decision = self.add(Decision, meeting_id=meeting, application_id=app_id, site_id=site_id,
                            outcome="assign", ground_code="", ground_text="", term_start=start,
                            term_end=end, order_id=order, notes="")
        direction = r.choice(profile.directions) if profile.directions else ""
        self.add(
            Site, id=site_id, number=f"{start.year}-{site_id:05d}", profile_id=profile.id,
            kind_code=kind.code, organisation_id=org, theme=theme, direction=direction,
            project_name=f"Программа «{theme}»", term_start=start, term_end=end,
            leader_id=leader, coleader_id=coleader, status=status, notes="",
        )
        hist = dict(site_id=site_id, application_id=None, ground_code="", ground_text="",
                    note="", os_user="demo")
        self.add(StatusHistory, happened_on=start, event="assigned", from_status="",
                 to_status="active", decision_id=decision, order_id=order, **hist)
        issued = start + dt.timedelta(days=r.randrange(1, 10))
        self.add(Certificate, site_id=site_id, number=f"{start.year}/{site_id:05d}",
                 issued_on=issued, order_id=order,
                 published_on=issued + dt.timedelta(days=r.randrange(1, 6)),
                 org_published_on=(issued + dt.timedelta(days=r.randrange(1, 9))
                                   if r.random() < 0.85 else None), annulled=False)
        if kind.network:
            partners = [self.local(profile, o)
                        for o in r.sample(orgs, k=min(len(orgs), r.randrange(2, 5)))]
            for partner in dict.fromkeys(partners):
                if partner != org:
                    self.add(SitePartner, site_id=site_id, organisation_id=partner,
                             functions="реализация мероприятий сетевого плана")
        if status == "completed":
            self.add(StatusHistory, happened_on=end, event="completed", from_status="active",
                     to_status="completed", decision_id=None, order_id=None, **hist)
        elif status == "removed":
            ground = kind.removal_grounds[0] if kind.removal_grounds else None
            self.add(StatusHistory, happened_on=self.date_between(start, min(end, today)),
                     event="removed", from_status="active", to_status="removed",
                     decision_id=None, order_id=None,
                     **{**hist, "ground_code": ground.code if ground else "",
                        "ground_text": ground.text if ground else ""})
        self.events(profile, site_id, org, orgs, start, min(end, today + dt.timedelta(days=90)))
        self.result.sites += 1
        self.result.by_profile[profile.id] = self.result.by_profile.get(profile.id, 0) + 1

    def events(self, profile: Profile, site_id: int, org: int, orgs: list[int],
               start: dt.date, end: dt.date) -> None:
        r = self.rnd
        forms = list(profile.forms_of_work) or EVENT_FORMS
        for i in range(r.choice([1, 2, 2, 3])):
            day = self.date_between(start, end)
            held = day <= self.today
            form = r.choice(forms)
            eid = self.add(
                Event, site_id=site_id, name=f"{form.capitalize()} {r.choice(EVENT_NAMES)}",
                form=form, planned_on=day, held_on=day if held else None,
                format=r.choice(["очно", "очно", "дистанционно"]),
                hours=(r.choice([2, 4, 6, 8, 16, 36]) if form == "стажировка"
                       else r.choice([2, 3, 4])),
                practice="Трансляция эффективной практики по теме площадки",
                result="Методические материалы размещены на сайте ОО" if held else "",
                task_no=i % 3 + 1, status="held" if held else "planned",
            )
            self.result.events += 1
            if not held:
                continue
            chosen: set[int] = set()
            for _ in range(r.randrange(3, 8)):
                if self.people_pool and r.random() < 0.4:
                    pid = r.choice(self.people_pool)
                else:
                    pid = self.person(self.local(profile, r.choice(orgs)))
                    self.people_pool.append(pid)
                if pid in chosen:
                    continue
                chosen.add(pid)
                trainee = form == "стажировка"
                self.add(Participation, event_id=eid, person_id=pid,
                         role="стажёр" if trainee else "участник",
                         programme="Программа стажировки по теме площадки" if trainee else "",
                         hours=36 if trainee else 0,
                         attestation=(r.choice(["зачтено", "зачтено", "не зачтено"])
                                      if trainee else ""))
                self.result.participations += 1

    def open_application(self, profile: Profile, kind: Kind, org: int, state: str) -> None:
        r = self.rnd
        submitted = self.date_between(self.today - dt.timedelta(days=120),
                                      self.today - dt.timedelta(days=1))
        leader = self.person(org, position="заместитель директора по УВР",
                             category="administration")
        app_id = self.application(profile, kind, org, state, submitted, theme=self.theme(),
                                  leader=leader,
                                  coleader=r.choice(self.staff) if kind.has_coleader else None)
        if state in ("review", "reviewed", "council", "approved", "refused", "revision"):
            self.reviews(profile, kind, app_id, submitted, scored=state != "review")
            self.add(StatusHistory, application_id=app_id, site_id=None, happened_on=submitted,
                     event="review_assigned", from_status="registered", to_status="review",
                     ground_code="", ground_text="", note="", os_user="demo")
        if state in ("approved", "refused", "revision"):
            day = min(self.today, submitted + dt.timedelta(days=30))
            meeting = self.meeting(profile, kind, day)
            ground = (kind.refusal_grounds[0] if state == "refused" and kind.refusal_grounds
                      else None)
            outcome = {"approved": "assign", "refused": "refuse", "revision": "revise"}[state]
            decision = self.add(Decision, meeting_id=meeting, application_id=app_id, site_id=None,
                                outcome=outcome, ground_code=ground.code if ground else "",
                                ground_text=ground.text if ground else "", term_start=None,
                                term_end=None, order_id=None, notes="")
            self.add(StatusHistory, application_id=app_id, site_id=None, happened_on=day,
                     event="decided", from_status="council", to_status=state,
                     ground_code=ground.code if ground else "",
                     ground_text=ground.text if ground else "", decision_id=decision,
                     note="", os_user="demo")

    def flush(self) -> None:
        order: list[type] = [Organisation, Person, Site, Application, ApplicationDocument,
                             Review, ReviewScore, CouncilMeeting, Order, Decision, Certificate,
                             SitePartner, StatusHistory, Event, Participation]
        for model in order:
            bulk_insert(self.s, model, self.rows.pop(model, []))


def bulk_insert(s: Session, model: type, rows: list[dict[str, Any]]) -> None:
    """Insert rows (dicts of column values) with one `executemany` on the DB-API cursor.

    Values go through each column's own SQLAlchemy bind processor and Python-side default,
    so the stored text is what `insert(model)` would store; SQLAlchemy's per-row parameter
    handling was 60 % of `demo --sites 10000` (30 of 50 s), this is a few seconds.
    Columns that have only a server default are left to the database when no row sets them.
    """
    if not rows:
        return
    table = model.__table__  # type: ignore[attr-defined]
    dialect = s.get_bind().dialect
    given = set().union(*(r.keys() for r in rows[:50]))
    columns = [c for c in table.columns
               if c.name in given or c.default is not None or c.server_default is None]
    plan = []
    for c in columns:
        default = None
        if c.default is not None:
            arg = c.default.arg
            default = arg(None) if callable(arg) else arg  # one time stamp for the batch
        plan.append((c.name, default, c.type.dialect_impl(dialect).bind_processor(dialect)))
    sql = (f"INSERT INTO {table.name} ({', '.join(c.name for c in columns)}) "
           f"VALUES ({', '.join('?' * len(columns))})")
    driver = s.connection().connection.driver_connection
    assert driver is not None  # an open session's DB-API connection
    cursor = driver.cursor()
    try:
        for i in range(0, len(rows), 20000):
            chunk = rows[i:i + 20000]
            columns = []
            for name, default, process in plan:  # column by column: map() beats a genexpr
                values = [r.get(name, default) for r in chunk]
                columns.append(list(map(process, values)) if process else values)
            cursor.executemany(sql, zip(*columns, strict=True))
    finally:
        cursor.close()


def check_demo_size(sites: int) -> None:
    if sites < 1 or sites > 200_000:
        raise UserError("Число площадок для демо-данных должно быть от 1 до 200 000.")


def fill_demo(
    db: Database,
    *,
    sites: int = 60,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> DemoResult:
    """Add demo data to the database in one transaction; returns what was added."""
    check_demo_size(sites)
    # Millions of row dicts live until the end: the cyclic collector walking them again and
    # again made the fill grow faster than the site count; nothing here makes cycles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _fill(db, sites, seed, today, progress)
    finally:
        if collecting:
            gc.enable()


def _fill(db: Database, sites: int, seed: int, today: dt.date | None,
          progress: Callable[[str], None] | None) -> DemoResult:
    with db.transaction() as s:
        # The indexes of a 100 000-site fill do not fit SQLite's default 2 MB page cache.
        raw = s.connection().connection.driver_connection
        assert raw is not None  # an open session's DB-API connection
        cache = raw.execute("PRAGMA cache_size").fetchone()[0]
        raw.execute(f"PRAGMA cache_size={-256 * 1024}")  # KiB: 256 MB at most, while filling
        builder = DemoBuilder(s, sites, seed, today or dt.date.today())
        result = builder.build()
        # Later features add their demo rows here, in the same transaction, with the
        # builder's seeded generator.
        demo_deadlines_and_reports(s, builder.today, builder.rnd)
        demo_spravki(s, builder.rnd, builder.today)
    raw.execute(f"PRAGMA cache_size={cache}")
    if progress:
        progress("готово")
    return result


def demo_deadlines_and_reports(s: Session, today: dt.date, rnd: random.Random) -> None:
    """Compute every deadline, then mark most past ones done (a few late, a few missing)
    and record the reports received, with Appendix 4 rows for Омск."""
    from desktop.services.deadlines import recompute

    recompute(s, today=today)
    rows = s.execute(select(Deadline.id, Deadline.site_id, Deadline.due_on, Deadline.kind,
                            Deadline.what, Deadline.due_key, Site.profile_id)
                     .join(Site, Site.id == Deadline.site_id)
                     .where(Deadline.due_on < today).order_by(Deadline.id)).all()
    done: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    report_rows: list[dict[str, Any]] = []
    next_report = (s.scalar(select(func.max(Report.id))) or 0) + 1
    # Every profile keeps at least one overdue item: its most recent past deadline.
    keep_overdue = {}
    for d_id, _site, _due, _kind, _what, _key, profile_id in rows:
        keep_overdue[profile_id] = d_id
    for d_id, site_id, due, kind, what, key, profile_id in rows:
        roll = rnd.random()
        if roll < 0.12 or keep_overdue.get(profile_id) == d_id:
            continue  # left overdue
        late = roll < 0.22
        assert due is not None  # selected by due_on < today
        received = due + dt.timedelta(days=rnd.randrange(3, 25) if late
                                      else -rnd.randrange(0, 6))
        received = min(received, today)
        done.append({"b_id": d_id, "done": received})
        if kind != "report":
            continue
        reports.append({"id": next_report, "site_id": site_id, "deadline_id": d_id,
                        "title": what, "period": key, "received_on": received,
                        "attachment_id": None, "form_data": {},
                        "analysis": "Материалы размещены на официальном сайте ОО: "
                                    "https://school.example.ru/innovation"})
        if profile_id == "omsk":
            for pos in range(rnd.randrange(1, 4)):
                report_rows.append({
                    "report_id": next_report, "position": pos, "event_id": None,
                    "name": f"Семинар-практикум № {pos + 1}", "date_text": f"{due:%m.%Y}",
                    "practices": "Трансляция эффективной практики по направлению площадки",
                    "participants": rnd.randrange(8, 40), "organisations": "МБОУ «СОШ № 12»",
                    "results": "Методические рекомендации"})
        next_report += 1
    if done:
        table = cast(Table, Deadline.__table__)
        s.execute(update(table).where(table.c.id == bindparam("b_id"))
                  .values(done_on=bindparam("done")), done)
    bulk_insert(s, Report, reports)
    bulk_insert(s, ReportRow, report_rows)


def demo_spravki(s: Session, rnd: random.Random, today: dt.date | None = None) -> None:
    """Справки already issued for about a third of the held events (register rows)."""
    from desktop.services.common import get_setting, set_setting
    from desktop.services.spravki import dative

    events = s.execute(select(Event.id, Event.held_on).where(Event.status == "held")
                       .order_by(Event.id)).all()
    chosen: dict[int, dt.date] = {}  # event → issued on
    for event_id, held_on in events:
        if rnd.random() > 0.33 or held_on is None:
            continue
        issued = held_on + dt.timedelta(days=rnd.randrange(1, 10))
        chosen[event_id] = min(issued, max(today or issued, held_on))  # never in the future
    # Every participant of the chosen events in one query (was one query per event).
    people: dict[int, list[tuple[int, str, str, str]]] = {}
    for event_id, pid, last, first, middle in s.execute(
            select(Participation.event_id, Person.id, Person.last_name, Person.first_name,
                   Person.middle_name)
            .join(Person, Participation.person_id == Person.id)
            .where(Participation.event_id.in_(select(Event.id).where(Event.status == "held")))
            .order_by(Participation.event_id, Person.id)):
        if event_id in chosen:
            people.setdefault(event_id, []).append((pid, last, first, middle))
    declined: dict[tuple[str, str, str], str] = {}  # names repeat: decline each once
    rows: list[dict[str, Any]] = []
    seq: dict[int, int] = {}  # continues the counters of справки issued before
    for event_id, issued in chosen.items():
        for pid, last, first, middle in people.get(event_id, []):
            if issued.year not in seq:
                seq[issued.year] = int(get_setting(s, f"counter.spravka.{issued.year}", 0) or 0)
            seq[issued.year] += 1
            name = declined.get((last, first, middle))
            if name is None:
                name = declined[(last, first, middle)] = dative(last, first, middle)
            rows.append({"number": f"{issued.year}/{seq[issued.year]}", "issued_on": issued,
                         "person_id": pid, "event_id": event_id, "name_dative": name,
                         "reissued_count": 0, "annulled": False})
    bulk_insert(s, Spravka, rows)
    for year, value in seq.items():
        set_setting(s, f"counter.spravka.{year}", value)


# How far along the procedure a demo application in `state` is (the stages it has done).
_STATE_REACHES = {"draft": (), "registered": ("intake",), "review": ("intake",),
                  "reviewed": ("intake", "review"), "council": ("intake", "review"),
                  "revision": ("intake", "review"), "approved": ("intake", "review", "decision",
                                                                 "confirmation"),
                  "refused": ("intake", "review", "decision", "confirmation"),
                  "ordered": ("intake", "review", "decision", "confirmation", "order",
                              "certificate")}


def _stages_done(kind: Kind, state: str, day: dt.date) -> dict[str, str]:
    types = _STATE_REACHES.get(state, ())
    return {s.code: day.isoformat() for s in kind.stages if s.type in types}
