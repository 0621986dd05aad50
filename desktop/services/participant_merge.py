"""Who is the same person: the key people are matched on, groups of likely duplicates and
merging them into one record.

A person is matched on the folded full name (case and ё/е ignored, see `desktop.text.fold`)
plus the organisation. Records that are probably the same person (same folded name or a
one-letter difference, with the same organisation or one of them without) are offered for
merging; `merge_people` moves everything that points at the dropped records to the kept one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError
from desktop.models import (
    Application,
    Organisation,
    Participation,
    Person,
    Review,
    Site,
    Spravka,
    utcnow,
)
from desktop.services.common import audit
from desktop.storage import Database
from desktop.text import fold, person_name


def name_key(last: str, first: str, middle: str = "") -> str:
    """The folded full name people are matched on: «ЁЛКИНА  анна» → «елкина анна»."""
    return re.sub(r"\s+", " ", fold(f"{last} {first} {middle}")).strip()


@dataclass(slots=True)
class PersonBrief:
    """One record of a duplicate group, as the merge dialog lists it."""

    id: int
    name: str
    organisation: str
    position: str
    events: int
    organisation_id: int | None = None


@dataclass
class DuplicateGroup:
    """People that are probably one person. `people[0]` is the suggested record to keep
    (the one at the most events, with an organisation); `suggested` are the ids suggested
    for merging into it: records without an organisation or of the group's one organisation
    (a record of another organisation in the same group is a namesake until the user says)."""

    name: str
    people: list[PersonBrief] = field(default_factory=list)
    suggested: list[int] = field(default_factory=list)


def _variants(key: str) -> set[str]:
    """The key and the key with each one letter deleted: two keys within one letter of
    each other (a typo, a missing or an extra letter) share at least one variant."""
    return {key, *(key[:i] + key[i + 1:] for i in range(len(key)))}


def find_duplicates(s: Session) -> list[DuplicateGroup]:
    """Groups of likely duplicate people: the same folded full name or a one-letter
    difference, with the same organisation or one of them without an organisation.
    Namesakes in two different organisations are different people."""
    counts = dict(s.execute(select(Participation.person_id, func.count())
                            .group_by(Participation.person_id)).all())
    people = s.execute(select(Person.id, Person.last_name, Person.first_name, Person.middle_name,
                              Person.organisation_id, Person.position, Organisation.short_name)
                       .outerjoin(Organisation, Organisation.id == Person.organisation_id)
                       .where(Person.deleted_at.is_(None))).all()
    keys = {p.id: name_key(p.last_name, p.first_name, p.middle_name) for p in people}
    org = {p.id: p.organisation_id for p in people}
    parent = {pid: pid for pid in keys}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # records with the same name and organisation are joined directly; pairs are then
    # checked only between distinct (name, organisation) that can be the same person
    reps: dict[tuple[str, int | None], int] = {}
    for pid, key in keys.items():
        first = reps.setdefault((key, org[pid]), pid)
        if first != pid:
            parent[root(pid)] = root(first)
    def join(key_a: str, a: int, key_b: str, b: int) -> None:
        if a != b and _one_letter_apart(key_a, key_b):
            parent[root(a)] = root(b)

    by_org: dict[int, list[tuple[str, int]]] = defaultdict(list)
    loose: dict[str, list[tuple[str, int]]] = defaultdict(list)  # variant → records without ОО
    for (key, org_id), pid in reps.items():
        if org_id is None:
            for v in _variants(key):
                loose[v].append((key, pid))
        else:
            by_org[org_id].append((key, pid))
    for same in by_org.values():  # one organisation's people: few, compared pairwise
        for i, (key_a, a) in enumerate(same):
            for key_b, b in same[i + 1:]:
                join(key_a, a, key_b, b)
    if loose:  # a record without an organisation may be anyone's duplicate
        for (key, _org), pid in reps.items():
            for v in _variants(key):
                for key_b, b in loose.get(v, ()):
                    join(key, pid, key_b, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for pid in keys:
        groups[root(pid)].append(pid)
    by_id = {p.id: p for p in people}
    out = []
    for ids in groups.values():
        if len(ids) < 2:
            continue
        ids.sort(key=lambda i: (-counts.get(i, 0), org[i] is None, i))
        briefs = [PersonBrief(i, person_name(by_id[i].last_name, by_id[i].first_name,
                                             by_id[i].middle_name),
                              by_id[i].short_name or "", by_id[i].position,
                              counts.get(i, 0), org[i]) for i in ids]
        group_org = next((org[i] for i in ids if org[i] is not None), None)
        suggested = [i for i in ids[1:] if org[i] is None or org[i] == group_org]
        out.append(DuplicateGroup(briefs[0].name, briefs, suggested))
    return sorted(out, key=lambda g: fold(g.name))


def _one_letter_apart(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 1."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]


def merge_people(s: Session, keep_id: int, drop_ids: list[int]) -> int:
    """Inside the caller's transaction: move participations, справки and roles (site and
    application leader/co-leader, expert reviews) of `drop_ids` to `keep_id`, fill the kept
    record's empty details from them and soft-delete them. → participations moved."""
    drop_ids = [i for i in dict.fromkeys(drop_ids) if i != keep_id]
    keep = s.get(Person, keep_id)
    if keep is None or keep.deleted_at is not None:
        raise NotFoundError("Запись, которую нужно оставить, не найдена.")
    kept = {p.event_id: p for p in s.scalars(select(Participation)
                                             .where(Participation.person_id == keep_id))}
    moved = 0
    for drop_id in drop_ids:
        drop = s.get(Person, drop_id)
        if drop is None or drop.deleted_at is not None:
            raise NotFoundError(f"Запись № {drop_id} не найдена или уже объединена.")
        for part in s.scalars(select(Participation)
                              .where(Participation.person_id == drop_id)).all():
            mine = kept.get(part.event_id)
            if mine is None:
                part.person_id = keep_id
                kept[part.event_id] = part
                moved += 1
            else:  # both records at one event: keep one row, with the details either had
                mine.programme = mine.programme or part.programme
                mine.hours = mine.hours or part.hours
                mine.attestation = mine.attestation or part.attestation
                s.delete(part)
        s.execute(update(Spravka).where(Spravka.person_id == drop_id).values(person_id=keep_id))
        for model, column in ((Site, "leader_id"), (Site, "coleader_id"),
                              (Application, "leader_id"), (Application, "coleader_id")):
            col = getattr(model, column)
            s.execute(update(model).where(col == drop_id).values({column: keep_id}))
        reviewed = set(s.scalars(select(Review.application_id).where(Review.expert_id == keep_id)))
        for review in s.scalars(select(Review).where(Review.expert_id == drop_id)).all():
            if review.application_id not in reviewed:  # one review per expert and application
                review.expert_id = keep_id
                reviewed.add(review.application_id)
        for attr in ("organisation_id", "position", "category", "phone", "email"):
            if not getattr(keep, attr) and getattr(drop, attr):
                setattr(keep, attr, getattr(drop, attr))
        keep.is_expert = keep.is_expert or drop.is_expert
        keep.is_staff = keep.is_staff or drop.is_staff
        if not (keep.declensions or {}).get("dative") and (drop.declensions or {}).get("dative"):
            keep.declensions = {**(keep.declensions or {}), **drop.declensions}
        drop.deleted_at = utcnow()
        audit(s, "delete", "person", drop_id,
              f"Запись {drop.full_name} (№ {drop_id}) объединена с № {keep_id}",
              changes={"merged_into": keep_id})
        audit(s, "update", "person", keep_id,
              f"Присоединена запись {drop.full_name} (№ {drop_id})",
              changes={"merged_from": drop_id})
    s.flush()
    return moved


def merge(db: Database, keep_id: int, drop_ids: list[int]) -> int:
    """`merge_people` in its own transaction (for the window)."""
    with db.transaction() as s:
        return merge_people(s, keep_id, drop_ids)


def duplicates(db: Database) -> list[DuplicateGroup]:
    """`find_duplicates` in its own session (for the window)."""
    with db.session() as s:
        return find_duplicates(s)
