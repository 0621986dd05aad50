"""The directory: organisations (ОО and partners) and people, one record each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, SoftDelete, Timestamps, Versioned

if TYPE_CHECKING:
    from desktop.models.sites import Site


class Organisation(Versioned, Timestamps, SoftDelete, Base):
    """An education organisation (ОО) or any partner organisation."""

    __tablename__ = "organisation"
    # the site card's pickers test the directory for changes by the latest updated_at
    __table_args__ = (Index("ix_organisation_updated_at", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(Text)  # per the charter (устав)
    short_name: Mapped[str] = mapped_column(String(300))
    org_type: Mapped[str] = mapped_column(String(100), default="")  # школа, детский сад, ...
    address: Mapped[str] = mapped_column(Text, default="")
    head_name: Mapped[str] = mapped_column(String(300), default="")
    # as typed («директор», «заведующая»); letters decline it («Директору …»)
    head_position: Mapped[str] = mapped_column(String(300), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    inn: Mapped[str] = mapped_column(String(20), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    sites: Mapped[list[Site]] = relationship(
        back_populates="organisation", foreign_keys="Site.organisation_id"
    )


class Person(Versioned, Timestamps, SoftDelete, Base):
    """A leader, co-leader, expert, event participant or trainee: one record per person."""

    __tablename__ = "person"
    __table_args__ = (Index("ix_person_last_name", "last_name", "first_name"),
                      Index("ix_person_updated_at", "updated_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[str] = mapped_column(String(300), default="")
    # administration | highest | first | none — for the leader eligibility rule
    category: Mapped[str] = mapped_column(String(30), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    is_expert: Mapped[bool] = mapped_column(Boolean, default=False)
    is_staff: Mapped[bool] = mapped_column(Boolean, default=False)  # methodologist of the centre
    subject_area: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # Declined forms the user corrected by hand, e.g. {"dative": "Ивановой Марии Петровне"}
    declensions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    organisation: Mapped[Organisation | None] = relationship()

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)
