"""Demo events of the sites with their participants, and the справки already issued for
some of them."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Event, Participation, Person, Spravka
from desktop.profiles import Profile
from desktop.services.demo.people import BuilderBase
from desktop.services.demo.rows import bulk_insert
from desktop.services.demo.words import EVENT_FORMS, EVENT_NAMES


class Events(BuilderBase):
    """A site's events and who took part in them."""

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
