"""Undo commands for card edits and deletions; each step is a service call.

A command is pushed after its first application succeeded (validation happens before
the push), so `redo()` skips the very first call Qt makes on push.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from desktop.services import organisations, sites
from desktop.services.sites import SiteData
from desktop.storage import Database


class _Command(QUndoCommand):
    changed: Callable[[], None] | None = None  # set by the main window: refresh views

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._pushed = False

    def _notify(self) -> None:
        if _Command.changed:
            _Command.changed()

    @staticmethod
    def _applied(record_id: int | None) -> int:
        """The id apply_new() gave a created record: a command is pushed only after it."""
        if record_id is None:
            raise RuntimeError("undo command pushed before apply_new()")
        return record_id


class SaveSiteCommand(_Command):
    """Create or edit a site; undo restores the previous fields (or deletes a new site)."""

    def __init__(self, db: Database, old: SiteData | None, new: SiteData) -> None:
        super().__init__("изменение площадки" if old else "создание площадки")
        self.db, self.old, self.new = db, old, new
        self.site_id: int | None = new.id

    def apply_new(self) -> None:
        self.site_id = sites.save_site(self.db, self.new)
        self.new = dataclasses.replace(self.new, id=self.site_id)

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        if self.old is None:
            sites.set_deleted(self.db, self._applied(self.site_id), False)
        else:
            sites.save_site(self.db, self.new)
        self._notify()

    def undo(self) -> None:
        if self.old is None:
            sites.set_deleted(self.db, self._applied(self.site_id), True)
        else:
            sites.save_site(self.db, self.old)
        self._notify()


class DeleteSiteCommand(_Command):
    def __init__(self, db: Database, site_id: int, label: str) -> None:
        super().__init__(f"удаление площадки {label}")
        self.db, self.site_id = db, site_id

    def apply_new(self) -> None:
        sites.set_deleted(self.db, self.site_id, True)

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        sites.set_deleted(self.db, self.site_id, True)
        self._notify()

    def undo(self) -> None:
        sites.set_deleted(self.db, self.site_id, False)
        self._notify()


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
