"""Typed access to the tables of one profile file that records a wrong value as a problem
(naming the field) instead of stopping, so one pass finds every problem of a file."""

from __future__ import annotations

import difflib
import re
from typing import Any

from desktop.errors import ProfileError

_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class ProfileProblems(ProfileError):
    """Every problem of one file; `problems` holds one Russian line each."""

    def __init__(self, origin: str, problems: list[str]) -> None:
        self.origin = origin
        self.problems = problems
        more = f" (и ещё {len(problems) - 1})" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)


class _Reader:
    """Typed access to one TOML table. A wrong value is recorded as a problem (naming the
    field) and a safe default is returned, so one pass finds every problem of a file."""

    def __init__(self, data: Any, where: str, origin: str, problems: list[str]) -> None:
        self.where, self.origin, self.problems = where, origin, problems
        self.used: set[str] = set()
        if not isinstance(data, dict):
            self.problem("", "ожидается таблица (раздел) TOML")
            data = {}
        self.data: dict[str, Any] = data

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where and key else (key or self.where or "файл")

    def problem(self, key: str, what: str) -> None:
        self.problems.append(f"Профиль {self.origin}: поле «{self._name(key)}»: {what}.")

    def has(self, key: str) -> bool:
        self.used.add(key)
        return key in self.data

    def text(self, key: str, default: str | None = None, *, choices: tuple[str, ...] = ()) -> str:
        self.used.add(key)
        if key not in self.data:
            if default is None:
                self.problem(key, "обязательное поле отсутствует")
                return choices[0] if choices else ""
            return default
        value = self.data[key]
        if not isinstance(value, str) or (default is None and not value.strip()):
            self.problem(key, "ожидается непустая строка")
            return default if default is not None else (choices[0] if choices else "")
        if choices and value not in choices:
            self.problem(key, f"допустимые значения: {', '.join(c or '«»' for c in choices)}")
            return default if default is not None else choices[0]
        return value

    def integer(self, key: str, default: int = 0, *, lo: int = 0, hi: int = 10_000) -> int:
        self.used.add(key)
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, "ожидается целое число")
            return default
        if not lo <= value <= hi:
            self.problem(key, f"ожидается число от {lo} до {hi}")
            return default
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        self.used.add(key)
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.problem(key, "ожидается true или false")
            return default
        return value

    def texts(self, key: str, *, choices: tuple[str, ...] = ()) -> tuple[str, ...]:
        self.used.add(key)
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(key, "ожидается список непустых строк")
            return ()
        bad = [v for v in value if choices and v not in choices]
        if bad:
            self.problem(key, f"недопустимое значение «{bad[0]}»; допустимые: {', '.join(choices)}")
            return tuple(v for v in value if v not in bad)
        return tuple(value)

    def tables(self, key: str, *, required: bool = False) -> list[_Reader]:
        self.used.add(key)
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.problem(key, "ожидается список таблиц ([[...]])")
            return []
        if required and not value:
            self.problem(key, "список не может быть пустым")
        return [_Reader(v, f"{self._name(key)}[{i + 1}]", self.origin, self.problems)
                for i, v in enumerate(value)]

    def table(self, key: str) -> _Reader | None:
        self.used.add(key)
        if key not in self.data:
            return None
        return _Reader(self.data[key], self._name(key), self.origin, self.problems)

    def month_day(self, key: str) -> tuple[int, int]:
        raw = self.text(key)
        m = re.fullmatch(r"(\d{2})-(\d{2})", raw)
        if not m:
            if raw:
                self.problem(key, "ожидается дата в виде ММ-ДД, например 10-01")
            return (1, 1)
        month, day = int(m[1]), int(m[2])
        if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
            self.problem(key, f"такой даты нет в календаре: {raw}")
            return (1, 1)
        return month, day

    def done(self) -> None:
        """Refuse the keys nobody read: a misspelt rule must not silently disappear."""
        known = sorted(self.used)
        for key in self.data:
            if key not in self.used:
                near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f" — возможно, «{near[0]}»" if near else ""
                self.problems.append(f"Профиль {self.origin}: неизвестное поле "
                                     f"«{self._name(key)}»{hint}.")


def _unique(items: list[Any], attr: str, r: _Reader, key: str) -> None:
    seen: set[str] = set()
    for item in items:
        value = getattr(item, attr)
        if value in seen:
            r.problem(key, f"код «{value}» повторяется")
        seen.add(value)
