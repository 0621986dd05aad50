"""Reading a table from an .xlsx file for import: columns mapped by header names.

The first row (within the first 10) whose cells match at least one field's label or alias
is the header. Header matching folds case, ё/е, spacing and punctuation. Each data row is
parsed by field kind; a row that fails gets a Russian reason and is rejected, the others
are returned for the importer, which applies its own domain checks and writes everything
in one transaction (nothing half-imported).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.errors import UserError
from desktop.text import fold
from desktop.validation import clean_text, parse_date

MAX_ROWS = 50_000
HEADER_SCAN_ROWS = 10


@dataclass(frozen=True)
class Field:
    code: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    kind: str = "text"  # text | date | int
    max_len: int = 2000


@dataclass
class ImportRow:
    row_no: int  # as Excel numbers it
    values: dict[str, Any]


@dataclass
class Rejected:
    row_no: int
    reason: str


@dataclass
class ImportTable:
    mapping: dict[str, str]  # field code -> header text found in the file
    rows: list[ImportRow] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    header_row: int = 1

    def reject(self, row: ImportRow, reason: str) -> None:
        """Move a row to the rejected list (used by importers' domain checks)."""
        self.rows.remove(row)
        self.rejected.append(Rejected(row.row_no, reason))
        self.rejected.sort(key=lambda r: r.row_no)


def _key(text: object) -> str:
    return re.sub(r"[\W_]+", "", fold(text))


def _match_header(cells: Sequence[Any], fields: Sequence[Field]) -> dict[str, int]:
    keys = [_key(c) for c in cells]
    found: dict[str, int] = {}
    for f in fields:
        names = {_key(f.label), *(_key(a) for a in f.aliases)}
        for idx, k in enumerate(keys):
            if k and k in names and idx not in found.values():
                found[f.code] = idx
                break
    return found


def _load_rows(path: Path) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    if not path.exists():
        raise UserError(f"Файл «{path.name}» не найден.")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UserError(f"Файл «{path.name}» — не книга Excel .xlsx. Сохраните его в формате .xlsx.")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise UserError(f"Файл «{path.name}» не читается как книга Excel ({exc.__class__.__name__}).") from None
    except Exception as exc:  # openpyxl raises a variety of errors on malformed files
        raise UserError(f"Файл «{path.name}» повреждён или не является книгой Excel: {exc}") from None
    try:
        ws = wb.active
        if ws is None:
            raise UserError(f"В книге «{path.name}» нет листов.")
        rows = []
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            if i > MAX_ROWS + HEADER_SCAN_ROWS:
                raise UserError(f"В файле «{path.name}» больше {MAX_ROWS} строк; разделите его.")
            rows.append(tuple(row))
        return rows
    finally:
        wb.close()


def _parse(f: Field, raw: Any) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if f.required:
            raise UserError(f"Не заполнено обязательное поле «{f.label}».")
        return None if f.kind != "text" else ""
    if f.kind == "date":
        return parse_date(raw, f.label)
    if f.kind == "int":
        if isinstance(raw, bool):
            raise UserError(f"«{f.label}»: ожидается целое число")
        if isinstance(raw, int | float) and float(raw).is_integer():
            return int(raw)
        text = str(raw).strip()
        if not re.fullmatch(r"-?\d{1,9}", text):
            raise UserError(f"«{f.label}»: «{text[:30]}» — не целое число")
        return int(text)
    return clean_text(raw, f.max_len, f"«{f.label}»")


def read_table(path: Path | str, fields: Sequence[Field]) -> ImportTable:
    """Read and parse the first sheet of an .xlsx file for the given fields."""
    path = Path(path)
    rows = _load_rows(path)
    header_idx, columns = -1, {}
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = _match_header(row, fields)
        if len(found) > len(columns):
            header_idx, columns = i, found
    missing = [f.label for f in fields if f.required and f.code not in columns]
    if header_idx < 0 or missing:
        expected = ", ".join(f"«{f.label}»" for f in fields if f.required) or "—"
        what = ", ".join(f"«{m}»" for m in missing) if missing else "ни одного известного столбца"
        raise UserError(
            f"В файле «{path.name}» не найдены столбцы: {what}. "
            f"Первая строка таблицы должна содержать заголовки; обязательные: {expected}."
        )
    header = rows[header_idx]
    table = ImportTable(
        mapping={code: str(header[idx]) for code, idx in columns.items()},
        header_row=header_idx + 1,
    )
    for offset, row in enumerate(rows[header_idx + 1:], start=header_idx + 2):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in row):
            continue
        values: dict[str, Any] = {}
        try:
            for f in fields:
                idx = columns.get(f.code)
                raw = row[idx] if idx is not None and idx < len(row) else None
                values[f.code] = _parse(f, raw)
        except UserError as exc:
            table.rejected.append(Rejected(offset, str(exc)))
            continue
        table.rows.append(ImportRow(offset, values))
    return table
