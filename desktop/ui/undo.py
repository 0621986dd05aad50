"""Undo commands for card edits and deletions; each step is a service call.

A command is pushed after its first application succeeded (validation happens before
the push), so `redo()` skips the very first call Qt makes on push.
A site command remembers the version it left the site at: undo (and redo) is refused
when another user changed the site since, and the command leaves the stack (Qt drops an
obsolete command) with the refusal shown, so it never reverts the other user's edit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services import organisations, sites
from desktop.services.sites import SiteData
from desktop.services.versions import ConflictError
from desktop.storage import Database


def _show_refusal(text: str, message: str) -> None:
    QMessageBox.warning(QApplication.activeWindow(), "Отмена действия",
                        f"Отменить «{text}» нельзя: {message[0].lower()}{message[1:]} "
                        "Его изменения сохранены; откройте карточку, чтобы их увидеть.")


class _Command(QUndoCommand):
    changed: Callable[[], None] | None = None  # set by the main window: refresh views
    refused: Callable[[str, str], None] = staticmethod(_show_refusal)  # (action, message)

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._pushed = False

    def _notify(self) -> None:
        if _Command.changed:
            _Command.changed()

    def _guarded(self, step: Callable[[], None]) -> None:
        """Run an undo/redo step; a record changed by another user since refuses it."""
        try:
            step()
        except ConflictError as exc:
            self.setObsolete(True)
            _Command.refused(self.text(), str(exc))
        self._notify()

    @staticmethod
    def _applied(record_id: int | None) -> int:
        """The id apply_new() gave a created record: a command is pushed only after it."""
        if record_id is None:
            raise RuntimeError("undo command pushed before apply_new()")
        return record_id


class SaveSiteCommand(_Command):
    """Create or edit a site; undo restores the previous fields (or deletes a new site).
    `old` and `new` carry the version the card read; `version` is the one this command
    left the site at."""

    def __init__(self, db: Database, old: SiteData | None, new: SiteData) -> None:
        super().__init__("изменение площадки" if old else "создание площадки")
        self.db, self.old, self.new = db, old, new
        self.site_id: int | None = new.id
        self.version: int | None = new.version

    def apply_new(self) -> None:
        self.new = sites.save_site_data(self.db, self.new)
        self.site_id, self.version = self.new.id, self.new.version

    def _put(self, data: SiteData) -> None:
        self.version = sites.save_site_data(
            self.db, dataclasses.replace(data, version=self.version)).version

    def _delete(self, deleted: bool) -> None:
        self.version = sites.set_deleted(self.db, self._applied(self.site_id), deleted,
                                         self.version)

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        old, new = self.old, self.new
        self._guarded(lambda: self._delete(False) if old is None else self._put(new))

    def undo(self) -> None:
        old = self.old
        self._guarded(lambda: self._delete(True) if old is None else self._put(old))


class DeleteSiteCommand(_Command):
    def __init__(self, db: Database, site_id: int, label: str) -> None:
        super().__init__(f"удаление площадки {label}")
        self.db, self.site_id = db, site_id
        self.version: int | None = None

    def _delete(self, deleted: bool) -> None:
        self.version = sites.set_deleted(self.db, self.site_id, deleted, self.version)

    def apply_new(self) -> None:
        self._delete(True)

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self._guarded(lambda: self._delete(True))

    def undo(self) -> None:
        self._guarded(lambda: self._delete(False))


class SaveOrganisationCommand(_Command):
    def __init__(self, db: Database, old: organisations.OrgData | None,
                 new: organisations.OrgData) -> None:
        super().__init__("изменение организации" if old else "создание организации")
        self.db, self.old, self.new = db, old, new
        self.org_id: int | None = new.id

    def apply_new(self) -> None:
        self.org_id = organisations.save_organisation(self.db, self.new)
        self.new = dataclasses.replace(self.new, id=self.org_id)

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        if self.old is None:
            organisations.set_deleted(self.db, self._applied(self.org_id), False)
        else:
            organisations.save_organisation(self.db, self.new)
        self._notify()

    def undo(self) -> None:
        if self.old is None:
            organisations.set_deleted(self.db, self._applied(self.org_id), True)
        else:
            organisations.save_organisation(self.db, self.old)
        self._notify()
