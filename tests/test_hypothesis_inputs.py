"""Random and hostile input never crashes, never writes a partial row, always says why in
Russian: validators, the Excel importers, the profile loader, attachment names."""

from __future__ import annotations

import datetime as dt
import re
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.errors import ProfileError, UserError
from desktop.models import Organisation
from desktop.profiles import builtin_dir, parse_profile
from desktop.services import organisations
from desktop.services.files import safe_file_name
from desktop.validation import (
    check_email,
    check_phone,
    check_term,
    check_url,
    clean_text,
    parse_date,
)

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=50),
    st.sampled_from(["=СУММ(A1)", "+7", "-", "@home", "=HYPERLINK(\"http://x\")",
                     "../../etc/passwd",
                     "..\\..\\windows\\system32", "CON", "nul.txt", "\x00", "ё" * 5000,
                     "31.02.2026", "00.00.0000", "99.99.9999", "2026-13-01", "1.1.1"]),
    st.text(min_size=2001, max_size=2100),
)
EXAMPLES = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def _russian(message: str | None) -> None:
    assert message is None or CYRILLIC.search(message), message


@EXAMPLES
@given(HOSTILE)
def test_field_validators_answer_in_russian_or_accept(value):
    for check in (check_email, check_phone, check_url):
        _russian(check(value))
    try:
        cleaned = clean_text(value, 2000)
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", cleaned)
    except UserError as exc:
        _russian(str(exc))
    try:
        day = parse_date(value)
        assert day is None or dt.date(1990, 1, 1) <= day <= dt.date(2100, 12, 31)
    except UserError as exc:
        _russian(str(exc))


@EXAMPLES
@given(st.dates(min_value=dt.date(1, 1, 1)), st.dates(min_value=dt.date(1, 1, 1)))
def test_term_check_never_crashes(start, end):
    _russian(check_term(start, end))


@EXAMPLES
@given(HOSTILE)
def test_attachment_names_cannot_escape_or_hide(name):
    safe = safe_file_name(name)
    assert safe and "/" not in safe and "\\" not in safe and "\x00" not in safe
    assert safe not in (".", "..") and len(safe) <= 200


CELL = st.one_of(st.none(), HOSTILE, st.integers(-10**12, 10**12),
                 st.floats(allow_nan=False, allow_infinity=False),
                 st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.lists(CELL, min_size=0, max_size=5), min_size=0, max_size=8),
       st.booleans())
def test_organisation_import_is_all_or_nothing(db, tmp_path_factory, rows, with_header):
    wb = Workbook()
    ws = wb.active
    if with_header:
        ws.append(["Полное наименование", "Краткое наименование", "Телефон", "E-mail", "Сайт"])
    for row in rows:
        clean = []
        for v in row:
            if isinstance(v, str):
                v = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", v)  # openpyxl refuses these
            clean.append(v)
        ws.append(clean)
    path = tmp_path_factory.mktemp("imp") / "orgs.xlsx"
    wb.save(path)
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(Organisation))
    try:
        prepared = organisations.prepare_import(db, path)
    except UserError as exc:
        _russian(str(exc))
        added = 0
    else:
        for r in prepared.table.rejected:
            _russian(r.reason)
        added = organisations.commit_import(db, prepared) if prepared.accepted else 0
        assert added == len(prepared.accepted)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == before + added


def test_corrupt_xlsx_files_are_refused_in_russian(db, tmp_path):
    for i, content in enumerate((b"", b"PK\x03\x04" + b"\x00" * 100, b"<html></html>",
                                 bytes(range(256)) * 10)):
        path = tmp_path / f"bad{i}.xlsx"
        path.write_bytes(content)
        with pytest.raises(UserError) as err:
            organisations.prepare_import(db, path)
        _russian(str(err.value))


OMSK = tomllib.loads((builtin_dir() / "omsk.toml").read_text(encoding="utf-8"))
JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30), st.floats()),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10),
                                                                      children, max_size=3),
    max_leaves=10)


@EXAMPLES
@given(st.sampled_from(sorted(OMSK)), JSONISH)
def test_profile_loader_refuses_any_broken_field_with_its_name(key, value):
    data = {**OMSK, key: value}
    try:
        parse_profile(data, "случайный.toml")
    except ProfileError as exc:
        _russian(str(exc))
        assert "случайный.toml" in str(exc)


@EXAMPLES
@given(JSONISH)
def test_profile_loader_on_random_documents(value):
    try:
        parse_profile(value if isinstance(value, dict) else {"x": value}, "x.toml")
    except ProfileError as exc:
        _russian(str(exc))
