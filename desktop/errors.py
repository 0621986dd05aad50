"""The two kinds of error: a user error with a Russian message, and everything else (a bug).

A `UserError` is shown to the user as it is (CLI: one line on stderr; UI: a message box or a
label next to the field). Anything else is a bug: logged with its traceback and shown as
"внутренняя ошибка".
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can understand and fix; `str(err)` is a Russian sentence."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """One or more invalid fields: `errors` maps a field name to its Russian message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        first = next(iter(self.errors.values()), "Неверные данные")
        super().__init__(first, field=next(iter(self.errors), None))


class ProfileError(UserError):
    """A regulation profile file that cannot be loaded (names the file and the field)."""


class DatabaseError(UserError):
    """A database file that cannot be opened or written (not SQLite, newer, locked, ...)."""


class NotFoundError(UserError):
    """A record named by the user (site id, event id, ...) does not exist."""
