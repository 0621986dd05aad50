"""Whom a letter is addressed to, as Russian business letters write it: the head's position
and the organisation in the dative, the head's name in the dative with the initials first
(«Директору МБОУ «СОШ № 5» М. Ю. Андреевой»), and the salutation by name and patronymic
(«Уважаемая Мария Юрьевна!»). Without a head the letter goes to the organisation
(«Руководителю МБОУ …», «Уважаемый руководитель!»)."""

from __future__ import annotations

from desktop.models import Organisation
from desktop.services.declension import (
    FEMALE,
    MALE,
    dative_initials,
    dative_phrase,
    gender_of,
    split_name,
)
from desktop.services.documents.data import Addressee
from desktop.text import capital

NO_POSITION = "руководитель"
NEUTRAL = "Уважаемый руководитель!"
DEAR = {MALE: "Уважаемый", FEMALE: "Уважаемая"}


def salutation(head: str) -> str:
    """«Уважаемая Мария Юрьевна!» when the first name and patronymic are typed in full and
    tell the gender; the neutral «Уважаемый руководитель!» otherwise (initials only, no
    head, a name whose gender is not known)."""
    name = split_name(head)
    if name is None or not (name.first and name.middle):
        return NEUTRAL
    gender = gender_of(name.last, name.first, name.middle)
    if gender not in DEAR:
        return NEUTRAL
    return f"{DEAR[gender]} {name.first} {name.middle}!"


def addressee(org: Organisation) -> Addressee:
    """The organisation a letter goes to, with its head in the dative."""
    head = " ".join((org.head_name or "").split())
    position = " ".join((org.head_position or "").split()) or NO_POSITION
    return Addressee(
        org.full_name or org.short_name, org.short_name, head, org.address, org.email,
        head_position=org.head_position or "",
        position_dative=capital(dative_phrase(position)),
        head_dative=dative_initials(head) if head else "",
        salutation=salutation(head))
