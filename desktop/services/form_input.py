"""Form values typed outside the window — a JSON file given to the command line — checked
as the window's form editors check them: only the form's own fields, text for a text
field, a choice among the field's choices, a date as ДД.ММ.ГГГГ or ГГГГ-ММ-ДД, a table as
rows of its own columns. Each problem is one Russian line naming the field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from desktop.errors import UserError, ValidationError
from desktop.profiles import Form, FormField, Profile


def read_json_file(path: Path | str) -> Any:
    """The file's JSON; a missing or malformed file is one Russian line."""
    p = Path(path)
    try:
        return json.loads(p.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UserError(f"Файл «{p}» не найден.") from None
    except UnicodeDecodeError:
        raise UserError(f"Файл «{p.name}» не в кодировке UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"Файл «{p.name}» — не JSON: строка {exc.lineno}, "
                        f"позиция {exc.colno}.") from None


def _date(value: str) -> str:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(value)


def _value(f: FormField, value: Any, profile: Profile) -> Any:
    label = f"«{f.label[:80]}»"
    if f.type == "table":
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            raise ValidationError({f.code: f"{label}: таблица — список строк "
                                           "(объектов «столбец: значение»)."})
        codes = {c.code for c in f.columns}
        rows = []
        for n, row in enumerate(value, 1):
            unknown = sorted(set(row) - codes)
            if unknown:
                known = ", ".join(sorted(codes))
                raise ValidationError({f.code: f"{label}, строка {n}: нет столбца "
                                               f"«{unknown[0]}»; есть: {known}."})
            rows.append({c.code: str(row.get(c.code, "") or "").strip() for c in f.columns})
        return rows
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValidationError({f.code: f"{label}: ожидается текст."})
    text = str(value).strip()
    if f.type == "date" and text:
        try:
            return _date(text)
        except ValueError:
            raise ValidationError({f.code: f"{label}: дата пишется как ДД.ММ.ГГГГ."}) from None
    if f.type == "choice" and text:
        choices = profile.directions if f.choices_from == "directions" else f.choices
        if choices and text not in choices:
            raise ValidationError({f.code: f"{label}: «{text[:60]}» — не из списка "
                                           "положения."})
    return text


def form_input(profile: Profile, form: Form, data: Any) -> dict[str, Any]:
    """The form's values from a JSON object (field code → value), checked field by field;
    a field not given is left empty. A field the commission fills (official) is refused."""
    if not isinstance(data, dict):
        raise UserError(f"Форма «{form.title}»: ожидается объект «код поля: значение».")
    fields = {f.code: f for f in form.fields}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise UserError(f"В форме «{form.title}» нет поля «{unknown[0]}»; есть: "
                        f"{', '.join(fields)}.")
    official = [fields[c].label for c in data if fields[c].official]
    if official:
        raise UserError(f"Поле «{official[0][:80]}» заполняет комиссия (при регистрации), "
                        "не заявитель.")
    return {code: _value(fields[code], value, profile) for code, value in data.items()}
