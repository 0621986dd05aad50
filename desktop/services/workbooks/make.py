"""Making one workbook of the catalogue: gather its data, then write it through the pure
writer; nothing is left on failure (the writer's file appears only when complete)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.exports.catalogue import workbook
from desktop.exports.xlsx_common import ExportResult
from desktop.fileio import ensure_writable
from desktop.storage import Database


def make_workbook(db: Database, code: str, path: Path | str, *, paper: str = "a4",
                  progress: Callable[[int], None] | None = None, **options: Any
                  ) -> ExportResult:
    """Write workbook `code` (registry, reviews, reports, deadlines) into `path`; `options`
    are its gatherer's (year, date_from, date_to, today). The target is checked before the
    database is read, so a folder that cannot be written is refused at once."""
    entry = workbook(code)
    target = ensure_writable(path)
    result: ExportResult = entry.write(entry.gather(db, **options), target, paper, progress)
    return result
