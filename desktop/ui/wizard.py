"""«Новая заявка»: a wizard generated from the profile — kind, organisation, one page per
document of the package in the regulation's order, and the checklist.

Nothing typed is lost: pages keep their contents on «Назад» and «Далее», the draft is
saved by itself a moment after the user stops typing, and closing with changes not yet
saved asks Сохранить / Не сохранять / Отмена. Registration is possible only when the
checklist is complete. The pages live in desktop.ui.wizard_pages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.errors import UserError
from desktop.profiles import get_profile
from desktop.services import applications as apps
from desktop.storage import Database
from desktop.ui.forms import TableEditor
from desktop.ui.widgets import UnsavedChangesGuard, debounce, fit_window
from desktop.ui.wizard_pages import (  # noqa: F401 - re-exported for callers and tests
    CHECK_NAMES,
    ChecklistPage,
    DocumentPage,
    KindPage,
    OrganisationPage,
)

AUTOSAVE_MS = 1500


class ApplicationWizard(UnsavedChangesGuard, QWizard):
    """The application wizard over one DraftData (new, or a draft to continue)."""

    def __init__(self, db: Database, undo, app_id: int | None = None,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.undo = db, undo
        self.draft = apps.load_draft(db, app_id) if app_id else apps.DraftData()
        self.reg_number = ""
        self.setWindowTitle("Новая заявка" if app_id is None else "Заявка (черновик)")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        fit_window(self, "wizard", 980, 700)
        self.setButtonText(QWizard.WizardButton.NextButton, "Далее >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Назад")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Зарегистрировать")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Закрыть")
        self.setButtonText(QWizard.WizardButton.CustomButton1, "Сохранить черновик")
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.customButtonClicked.connect(lambda _which: self.save())
        self.autosave_timer = debounce(self, AUTOSAVE_MS, lambda: self.save(silent=True))
        self.kind_page = KindPage(self)
        self.org_page = OrganisationPage(self)
        self.check_page = ChecklistPage(self)
        self.document_pages: list[DocumentPage] = []
        self.addPage(self.kind_page)
        self.addPage(self.org_page)
        self.check_id = self.addPage(self.check_page)
        if self.draft.profile_id:
            self.build_document_pages()
        for page in (self.kind_page, self.org_page):
            self.watch(page)
        self.org_page.partners.itemChanged.connect(lambda _i: self.changed())
        self.currentIdChanged.connect(lambda _id: self._page_changed())
        self._saved = self.snapshot()

    # -- pages
    def build_document_pages(self) -> None:
        """One page per document of the chosen kind, before the checklist."""
        for page in self.document_pages:
            self.removePage(self._page_id(page))
        self.removePage(self.check_id)
        profile = get_profile(self.draft.profile_id)
        kind = profile.kind(self.draft.kind_code)
        self.document_pages = [DocumentPage(self, profile, doc, i, len(kind.documents))
                               for i, doc in enumerate(kind.documents, start=1)]
        for page in self.document_pages:
            self.addPage(page)
            self.watch(page)
        self.check_page = ChecklistPage(self)
        self.check_id = self.addPage(self.check_page)

    def _page_id(self, page: QWizardPage) -> int:
        return next(i for i in self.pageIds() if self.page(i) is page)

    def watch(self, page: Any) -> None:
        """Any edit on the page schedules the autosave."""
        for w in page.editors():
            if isinstance(w, QComboBox):
                w.currentTextChanged.connect(lambda _t: self.changed())
            elif isinstance(w, QLineEdit):
                w.textEdited.connect(lambda _t: self.changed())
            elif isinstance(w, QPlainTextEdit):
                w.textChanged.connect(self.changed)
            elif isinstance(w, QCheckBox):
                w.toggled.connect(lambda _c: self.changed())
            elif isinstance(w, TableEditor):
                w.table.itemChanged.connect(lambda _i: self.changed())
                w.table.model().rowsInserted.connect(lambda *_a: self.changed())
                w.table.model().rowsRemoved.connect(lambda *_a: self.changed())

    def changed(self) -> None:
        self.autosave_timer.start()

    def _page_changed(self) -> None:
        if self.is_dirty():
            self.autosave_timer.start()

    # -- the draft
    def collect(self) -> None:
        """Everything the pages show, into the draft (nothing checked)."""
        if self.org_page.loaded:
            self.org_page.store()
        for page in self.document_pages:
            if page.loaded:
                page.store()

    def snapshot(self) -> tuple:
        self.collect()
        d = dataclasses.asdict(self.draft)
        d.pop("page", None)
        d.pop("id", None)
        d["files"] = sorted(str(p) for p in self.draft.files.values())
        return (repr(d), self.org_page.leader_text(), self.org_page.partner_state())

    def is_dirty(self) -> bool:
        return self.reg_number == "" and self.snapshot() != self._saved

    def mark_saved(self) -> None:
        self.autosave_timer.stop()
        self._saved = self.snapshot()

    def save(self, silent: bool = False) -> int | None:
        """Save the draft; silent (autosave) when nothing is there to save yet, or fails."""
        self.autosave_timer.stop()
        if self.reg_number:
            return self.draft.id
        self.collect()
        if not self.draft.organisation_id and not silent:
            if not self.org_page.validatePage():
                self.setWindowTitle("Черновик не сохранён: выберите организацию на шаге 2")
                return None
        if silent and not (self.draft.profile_id and self.draft.organisation_id):
            return None
        # A leader typed by name joins the directory when the user saves (not on the
        # autosave, which would add every half-typed name); until then the draft stays
        # unsaved, so closing still asks.
        pending = silent and bool(self.org_page.typed_leader())
        if not silent and not self.org_page.resolve_leader():
            QMessageBox.warning(self, "Черновик", "Руководитель площадки не добавлен в "
                                "справочник: " + self.org_page.leader_error.text())
            return None
        try:
            self.draft.page = max(self.currentId(), 0)
            self.draft.id = apps.save_draft(self.db, self.draft)
            self.draft.files.clear()
        except UserError as exc:
            if not silent:
                QMessageBox.warning(self, "Черновик", str(exc))
            return None
        self._saved = () if pending else self.snapshot()
        self.setWindowTitle(f"Заявка (черновик № {self.draft.id}) — сохранено "
                            f"{dt.datetime.now():%H:%M}")
        return self.draft.id

    # -- closing (UnsavedChangesGuard asks when the user closes with changes)
    unsaved_title = "Заявка"
    unsaved_text = "Заявка изменена после сохранения. Сохранить черновик?"

    def mark_clean(self) -> None:
        self.mark_saved()

    def save_and_close(self) -> None:
        if self.save() is not None:
            QWizard.reject(self)

    def done(self, result: int) -> None:
        self.autosave_timer.stop()  # «Не сохранять» means it: no autosave after closing
        super().done(result)
