"""Reading a table from an .xlsx file for import: columns mapped by header names.

The first row (within the first 10) whose cells match at least one field's label or alias
is the header. Header matching folds case, ё/е, spacing and punctuation. Each data row is
parsed by field kind; a row that fails gets a Russian reason and is rejected, the others
are returned for the importer, which applies its own domain checks and writes everything
in one transaction (nothing half-imported).

Limits are checked before the rows are read: the file's size, the unpacked size of its
parts (a «zip bomb» is refused) and the row count the sheet declares. Reading is linear in
rows; `progress(done, total)` is called every PROGRESS_EVERY rows and may raise
`ImportCancelled` to stop (the window's «Отмена»). Text cells lose Excel's `_xHHHH_`
escapes and are cleaned by the one rule (`desktop.text.clean_chars`); a field is one line
unless it is declared `multiline`.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.errors import UserError
from desktop.text import fold, number, unescape_excel
from desktop.validation import clean_text, parse_date

MAX_ROWS = 50_000
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
HEADER_SCAN_ROWS = 10
PROGRESS_EVERY = 500

Progress = Callable[[int, int], None]


class ImportCancelled(UserError):
    """The user stopped an import; nothing was written."""

    def __init__(self) -> None:
        super().__init__("Импорт отменён: ничего не записано.")


@dataclass(frozen=True)
class Field:
    code: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    kind: str = "text"  # text | date | int
    max_len: int = 2000
    multiline: bool = False  # notes and the like; other text fields are one line


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
    """Rows read from the file. `reject(row, reason)` is O(1): the lists are rebuilt once
    when next read, so an importer that rejects every row stays linear."""

    mapping: dict[str, str]  # field code -> header text found in the file
    header_row: int = 1
    _rows: list[ImportRow] = field(default_factory=list, repr=False)
    _rejected: list[Rejected] = field(default_factory=list, repr=False)
    _dropped: set[int] = field(default_factory=set, repr=False)
    _sorted: bool = True

    @property
    def rows(self) -> list[ImportRow]:
        if self._dropped:
            self._rows = [r for r in self._rows if r.row_no not in self._dropped]
            self._dropped.clear()
        return self._rows

    @property
    def rejected(self) -> list[Rejected]:
        if not self._sorted:
            self._rejected.sort(key=lambda r: r.row_no)
            self._sorted = True
        return self._rejected

    def add_rejected(self, row_no: int, reason: str) -> None:
        self._rejected.append(Rejected(row_no, reason))
        self._sorted = False

    def reject(self, row: ImportRow, reason: str) -> None:
        """Move a row to the rejected list (used by importers' domain checks)."""
        self._dropped.add(row.row_no)
        self.add_rejected(row.row_no, reason)


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


def _too_many(path: Path) -> UserError:
    return UserError(f"В файле «{path.name}» больше {number(MAX_ROWS)} строк: разделите его "
                     "на несколько файлов. Ничего не импортировано.")


def _check_limits(path: Path) -> None:
    """Refuse before reading: a missing file, not .xlsx, too big, a zip bomb."""
    if not path.is_file():
        raise UserError(f"Файл «{path.name}» не найден.")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UserError(f"Файл «{path.name}» — не книга Excel .xlsx. "
                        "Сохраните его в формате .xlsx.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UserError(f"Файл «{path.name}» слишком большой ({size // (1024 * 1024)} МБ, "
                        f"допустимо {MAX_FILE_BYTES // (1024 * 1024)} МБ): разделите его.")
    try:
        with zipfile.ZipFile(path) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UserError(f"Файл «{path.name}» не читается как книга Excel (повреждён или это "
                        "файл другого формата).") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise UserError(f"Файл «{path.name}» после распаковки занимает больше "
                        f"{MAX_UNPACKED_BYTES // (1024 * 1024)} МБ: это не обычная таблица.")


def _count_rows(path: Path, member: str) -> int:
    """Rows of a sheet that declares no size (written by a streaming writer): its `<row`
    tags counted in the unpacked XML, far faster than parsing it (0 when unknown)."""
    if not member:
        return 0
    count, tail = 0, b""
    try:
        with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
            while chunk := fh.read(1 << 20):
                data = tail + chunk
                count += data.count(b"<row ") + data.count(b"<row>")
                tail = data[-4:]
    except (KeyError, OSError, zipfile.BadZipFile):
        return 0
    return count


class _Sheet:
    """The first sheet of a book, its rows streamed. A sheet over MAX_ROWS is refused from
    the size it declares before any row is read (and, if it declares none, as soon as the
    count is passed)."""

    def __init__(self, path: Path) -> None:
        from openpyxl import load_workbook

        _check_limits(path)
        self.path = path
        try:
            self.wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises a variety of errors on malformed files
            raise UserError(f"Файл «{path.name}» не читается как книга Excel "
                            f"({exc.__class__.__name__}).") from None
        ws = self.wb.active
        if ws is None:
            self.wb.close()
            raise UserError(f"В книге «{path.name}» нет листов.")
        self.ws = ws
        self.declared = ws.max_row if isinstance(ws.max_row, int) else _count_rows(
            path, getattr(ws, "_worksheet_path", ""))
        if self.declared > MAX_ROWS + HEADER_SCAN_ROWS:
            self.wb.close()
            raise _too_many(path)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        try:
            for i, row in enumerate(self.ws.iter_rows(values_only=True)):
                if i > MAX_ROWS + HEADER_SCAN_ROWS:
                    raise _too_many(self.path)
                yield tuple(row)
        except UserError:
            raise
        except Exception as exc:
            raise UserError(f"Файл «{self.path.name}» повреждён или не является книгой Excel "
                            f"({exc.__class__.__name__}).") from None

    def close(self) -> None:
        self.wb.close()


def _parse(f: Field, raw: Any) -> Any:
    if isinstance(raw, str):
        raw = unescape_excel(raw)
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
    value = clean_text(raw, f.max_len, f"«{f.label}»", one_line=not f.multiline)
    if f.required and not value:
        raise UserError(f"Не заполнено обязательное поле «{f.label}».")
    return value


def _blank(row: Sequence[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)


def read_table(path: Path | str, fields: Sequence[Field], *,
               progress: Progress | None = None) -> ImportTable:
    """Read and parse the first sheet of an .xlsx file for the given fields."""
    path = Path(path)
    sheet = _Sheet(path)
    try:
        return _read(sheet, fields, progress)
    finally:
        sheet.close()


def _read(sheet: _Sheet, fields: Sequence[Field], progress: Progress | None) -> ImportTable:
    rows = iter(sheet)
    head = list(itertools.islice(rows, HEADER_SCAN_ROWS))
    header_idx = -1
    columns: dict[str, int] = {}  # field code → column of the best header row so far
    for i, row in enumerate(head):
        found = _match_header(row, fields)
        if len(found) > len(columns):
            header_idx, columns = i, found
    missing = [f.label for f in fields if f.required and f.code not in columns]
    if header_idx < 0 or missing:
        expected = ", ".join(f"«{f.label}»" for f in fields if f.required) or "—"
        what = ", ".join(f"«{m}»" for m in missing) if missing else "ни одного известного столбца"
        raise UserError(
            f"В файле «{sheet.path.name}» не найдены столбцы: {what}. "
            f"Первая строка таблицы должна содержать заголовки; обязательные: {expected}."
        )
    header = head[header_idx]
    table = ImportTable(mapping={code: str(header[idx]) for code, idx in columns.items()},
                        header_row=header_idx + 1)
    plan = [(f, columns.get(f.code)) for f in fields]
    row_no = header_idx + 1
    for row in itertools.chain(head[header_idx + 1:], rows):
        row_no += 1
        if progress is not None and row_no % PROGRESS_EVERY == 0:
            progress(row_no, sheet.declared)
        if _blank(row):
            continue
        values: dict[str, Any] = {}
        try:
            for f, idx in plan:
                values[f.code] = _parse(f, row[idx] if idx is not None and idx < len(row) else None)
        except UserError as exc:
            table.add_rejected(row_no, str(exc))
            continue
        table._rows.append(ImportRow(row_no, values))
    if progress is not None:
        progress(row_no, max(sheet.declared, row_no))
    return table
