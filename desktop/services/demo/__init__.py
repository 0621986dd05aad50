"""Realistic, deterministic demo data across all profiles (`metodist demo`).

Deterministic for a given seed and reference date: the same arguments give the same rows.
Rows are written with bulk Core inserts inside one transaction (ORM `add_all` is ~8x
slower at 10 000 sites), so an interrupted fill leaves nothing half-written.

The package by topic: `words` (names, places, themes, form answers), `rows` (ids and bulk
inserts), `people` (organisations and people, the builder's base), `applications`,
`events` (with справки), `centre` (the centre's details), `sites` (the builder's pass and
the sites' deadlines and reports).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable

from desktop.errors import UserError
from desktop.services.demo.centre import demo_centre
from desktop.services.demo.events import demo_spravki
from desktop.services.demo.rows import DemoResult, bulk_insert
from desktop.services.demo.sites import DemoBuilder, demo_deadlines_and_reports
from desktop.services.demo.words import APP_STATES, PLACES, Place, demo_term, place_of
from desktop.storage import Database

__all__ = ["APP_STATES", "PLACES", "DemoBuilder", "DemoResult", "Place", "bulk_insert",
           "check_demo_size", "demo_deadlines_and_reports", "demo_spravki", "demo_term",
           "fill_demo", "place_of"]


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
    centre: bool = True,
) -> DemoResult:
    """Add demo data to the database in one transaction; returns what was added.
    `centre`: also describe the demo centre (its name, head, бланк); tests of a centre not
    yet described start without it."""
    check_demo_size(sites)
    # Millions of row dicts live until the end: the cyclic collector walking them again and
    # again made the fill grow faster than the site count; nothing here makes cycles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _fill(db, sites, seed, today, progress, centre)
    finally:
        if collecting:
            gc.enable()


def _fill(db: Database, sites: int, seed: int, today: dt.date | None,
          progress: Callable[[str], None] | None, centre: bool) -> DemoResult:
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
        if centre:
            demo_centre(s)
    raw.execute(f"PRAGMA cache_size={cache}")
    if progress:
        progress("готово")
    return result
