"""Several users on one database: two real connections (two engines on one SQLite file)
prove that a lost update and a duplicate number are refused; `sites edit --if-version`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError

from desktop.cli import main
from desktop.errors import ValidationError
from desktop.models import AuditLog, Person, Site
from desktop.services import organisations as orgs
from desktop.services import sites
from desktop.services.applications.stages import next_registry_number
from desktop.services.versions import ConflictError, refused_if_stale
from desktop.storage import open_database

CONFLICT = "Запись изменена другим пользователем ("


@pytest.fixture
def site_id(db) -> int:
    org = orgs.save_organisation(db, orgs.OrgData(full_name="МБОУ «Средняя школа № 12»",
                                                  short_name="СШ № 12"))
    return sites.save_site(db, sites.SiteData(
        number="2026-0100", profile_id="kemerovo", kind_code="МИП", organisation_id=org,
        theme="Цифровая образовательная среда", term_start=dt.date(2026, 9, 1),
        term_end=dt.date(2028, 8, 31)))


@pytest.fixture
def other(db):
    """A second user: her own engine and connections on the same file."""
    second = open_database(db.path)
    yield second
    second.close()


def _updates(db, site_id: int) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditLog).where(
            AuditLog.entity == "site", AuditLog.entity_id == site_id,
            AuditLog.action == "update")) or 0


def test_a_save_over_a_site_another_user_changed_is_refused(db, other, site_id):
    """A and B open the same card; B changes the theme and saves; A changes the notes and
    saves: A is refused, B's theme stays, and the audit credits nobody with A's edit."""
    card_a = sites.get_detail(db, site_id).data
    card_b = sites.get_detail(other, site_id).data
    assert card_a.version == card_b.version == 1
    sites.save_site(other, dataclasses.replace(card_b, theme="Тема, изменённая B"))
    with pytest.raises(ConflictError) as refused:
        sites.save_site(db, dataclasses.replace(card_a, notes="Заметка A"))
    message = str(refused.value)
    assert message.startswith(CONFLICT) and message.endswith(").") and "\n" not in message
    now = sites.get_detail(db, site_id).data
    assert (now.theme, now.notes, now.version) == ("Тема, изменённая B", "", 2)
    assert _updates(db, site_id) == 1
    # on the version just read, A's edit goes through and keeps B's theme
    sites.save_site(db, dataclasses.replace(now, notes="Заметка A"))
    now = sites.get_detail(other, site_id).data
    assert (now.theme, now.notes, now.version) == ("Тема, изменённая B", "Заметка A", 3)


def test_the_orm_checks_the_version_in_the_update_itself(db, other, site_id):
    """The change that lands between reading a row and writing it: the UPDATE names the
    version read, matches no row, and the write is refused the same way."""
    with pytest.raises(ConflictError, match="изменена другим"), \
            refused_if_stale(db, "site", site_id), db.transaction() as s:
        site = s.get(Site, site_id)
        assert site is not None and site.version == 1
        sites.save_site(other, dataclasses.replace(sites.get_detail(other, site_id).data,
                                                   theme="Тема B"))
        site.notes = "Заметка A"
    now = sites.get_detail(db, site_id).data
    assert (now.theme, now.notes, now.version) == ("Тема B", "", 2)


def test_the_next_number_is_read_under_the_write_lock(db, other, site_id):
    """While A holds the number it read, B cannot read the same one (with no wait here, B
    is refused at once; the app waits up to 5 s); after A's commit B gets the next."""
    with db.transaction() as s:
        first = next_registry_number(s, 2026)
        assert first == "2026-0101"
        org = s.scalar(select(Site.organisation_id).where(Site.id == site_id))
        s.add(Site(number=first, profile_id="kemerovo", kind_code="МИП", organisation_id=org,
                   theme="Вторая", term_start=dt.date(2026, 9, 1), status="completed"))
        with other.session() as s2:
            s2.connection().exec_driver_sql("PRAGMA busy_timeout=0")
            with pytest.raises(OperationalError, match="locked"):
                next_registry_number(s2, 2026)
    with other.transaction() as s2:
        s2.connection().exec_driver_sql("PRAGMA busy_timeout=5000")
        assert next_registry_number(s2, 2026) == "2026-0102"


def test_two_live_sites_never_share_a_number(db, other, site_id):
    """The service refuses a number taken, and the unique index stands behind it for a
    write that bypasses the service."""
    with pytest.raises(ValidationError) as refused:
        sites.save_site(other, sites.SiteData(
            number="2026-0100", profile_id="kemerovo", kind_code="МИП",
            organisation_id=sites.get_detail(other, site_id).data.organisation_id,
            theme="Двойник", term_start=dt.date(2026, 9, 1), status="completed"))
    assert "уже занят" in refused.value.errors["number"]
    org = sites.get_detail(other, site_id).data.organisation_id
    with pytest.raises(IntegrityError, match="UNIQUE"), other.transaction() as s:
        s.execute(insert(Site).values(number="2026-0100", profile_id="kemerovo",
                                      kind_code="МИП", organisation_id=org, theme="Двойник"))
    # a deleted site's number is free for an import; restoring that site is then refused
    sites.set_deleted(db, site_id, True)
    with other.transaction() as s:
        s.execute(insert(Site).values(number="2026-0100", profile_id="kemerovo",
                                      kind_code="МИП", organisation_id=org, theme="Новая"))
    with pytest.raises(Exception, match="Площадку не восстановить: номер 2026-0100 уже занят"):
        sites.set_deleted(db, site_id, False)


def _count(path: Path, sql: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchone()[0]


def test_sites_edit_if_version_refuses_a_newer_site_and_writes_nothing(db, site_id, capsys):
    path = str(db.path)
    assert main(["sites", "show", str(site_id), "--json", "--db", path]) == 0
    assert json.loads(capsys.readouterr().out)["version"] == 1
    assert main(["sites", "edit", str(site_id), "--theme", "Новая тема", "--if-version", "1",
                 "--json", "--db", path]) == 0
    assert json.loads(capsys.readouterr().out)["version"] == 2
    people = _count(db.path, "SELECT count(*) FROM person")
    rc = main(["sites", "edit", str(site_id), "--notes", "Заметка",
               "--leader", "Новикова Ольга Сергеевна", "--if-version", "1", "--db", path])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and err[0].startswith(CONFLICT), err
    assert _count(db.path, "SELECT count(*) FROM person") == people
    with db.session() as s:
        site = s.get(Site, site_id)
        assert (site.theme, site.notes, site.leader_id, site.version) == \
            ("Новая тема", "", None, 2)
    assert main(["sites", "edit", str(site_id), "--notes", "Заметка",
                 "--leader", "Новикова Ольга Сергеевна", "--if-version", "2", "--db", path]) == 0
    assert "версия 3" in capsys.readouterr().out
    with db.session() as s:
        site = s.get(Site, site_id)
        leader = s.get(Person, site.leader_id)
        assert (site.notes, leader.full_name) == ("Заметка", "Новикова Ольга Сергеевна")
        assert leader.organisation_id == site.organisation_id


FROZEN = Path(__file__).resolve().parent / "data" / "schema-0010.sqlite3"


def test_an_old_file_with_duplicate_numbers_still_opens(tmp_path):
    """Numbers typed twice by hand before this version: the upgrade keeps the user's file
    usable (without that one index) rather than refusing it."""
    path = tmp_path / "old.sqlite3"
    shutil.copy(FROZEN, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE site SET number = '2026-0001'")
    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            indexes = {r[1] for r in conn.exec_driver_sql("PRAGMA index_list(site)")}
            versions = conn.exec_driver_sql("SELECT DISTINCT version FROM site").scalars().all()
        assert "uq_site_number" not in indexes and versions == [1]
    finally:
        db.close()
