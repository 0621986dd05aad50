"""The demo builder's base: rows kept by table until they are flushed in dependency order,
and the organisations and people everything else refers to."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import (
    Application,
    ApplicationDocument,
    Certificate,
    CouncilMeeting,
    Decision,
    Event,
    Order,
    Organisation,
    Participation,
    Person,
    Review,
    ReviewScore,
    Site,
    SitePartner,
    StatusHistory,
)
from desktop.profiles import Profile, all_profiles
from desktop.services.demo.rows import DemoResult, Ids, bulk_insert
from desktop.services.demo.words import (
    FEMALE_FIRST,
    HEADS,
    KINDERGARTEN_NAMES,
    MALE_FIRST,
    MALE_LAST,
    ORG_TEMPLATES,
    PATRONYMIC_ROOTS,
    POSITIONS,
    STREETS,
    THEME_FRAMES,
    THEME_SUBJECTS,
    Place,
    female_name,
    head_position,
)


class BuilderBase:
    """Builds rows as dicts and writes them with bulk inserts in dependency order."""

    def __init__(self, s: Session, sites: int, seed: int, today: dt.date) -> None:
        self.s = s
        self.n_sites = sites
        self.rnd = random.Random(seed)
        self.today = today
        self.ids = Ids(s)
        self.rows: dict[type, list[dict[str, Any]]] = {}
        self.profiles = sorted(all_profiles(include_user=False), key=lambda p: p.id)
        self.result = DemoResult()
        self.org_numbers: set[tuple[int, int]] = set()
        self.experts: list[int] = []
        self.staff: list[int] = []
        self.people_pool: list[int] = []
        # registration numbers go on from those already in the file (a demo added to a
        # database with applications): the number is unique (uq_application_reg_number)
        self.reg_seq = max((int(n.rsplit("-", 1)[1]) for n in s.scalars(
            select(Application.reg_number).where(Application.reg_number.like("%-%")))
            if n.rsplit("-", 1)[1].isdigit()), default=0)
        # organisations and people by (model, id): their ids overlap
        self.known: dict[tuple[type, int], dict[str, Any]] = {}
        self.local_orgs: dict[str, list[int]] = {}  # a profile's own organisations
        self.org_index: dict[int, int] = {}
        self.held: set[tuple[int, str, str]] = set()  # (organisation, profile, kind) active

    def add(self, model: type, **values: Any) -> int:
        if "id" not in values:
            values["id"] = self.ids(model)
        self.rows.setdefault(model, []).append(values)
        if model in (Organisation, Person):  # what the demo's forms are filled in from
            self.known[model, values["id"]] = values
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
            last, first = female_name(last), r.choice(FEMALE_FIRST)
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
            head_position=head_position(otype, n),
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

    def free_org(self, profile: Profile, kind_code: str, org: int) -> int | None:
        """`org`, or the next of the profile's own organisations that holds no active site
        of this kind (the app refuses a second one); None when every one holds it."""
        pool = self.local_orgs[profile.id]
        first = self.org_index[org] // len(self.profiles)
        for step in range(len(pool)):
            candidate = pool[(first + step) % len(pool)]
            if (candidate, profile.id, kind_code) not in self.held:
                self.held.add((candidate, profile.id, kind_code))
                return candidate
        return None

    def theme(self) -> str:
        subject = self.rnd.choice(THEME_SUBJECTS)
        frame = self.rnd.choice(THEME_FRAMES)
        return frame.format(s=subject, S=subject[:1].upper() + subject[1:])

    def flush(self) -> None:
        order: list[type] = [Organisation, Person, Site, Application, ApplicationDocument,
                             Review, ReviewScore, CouncilMeeting, Order, Decision, Certificate,
                             SitePartner, StatusHistory, Event, Participation]
        for model in order:
            bulk_insert(self.s, model, self.rows.pop(model, []))
