"""A page of «Новая заявка» for one document of the package: its form, the paper copy or
an attached scan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop.profiles import Document, Profile
from desktop.services import prefill
from desktop.ui.forms import FormWidget
from desktop.ui.wizard_pages.common import scrolled

if TYPE_CHECKING:
    from desktop.ui.wizard import ApplicationWizard


SCAN_FILTER = "Документы и сканы (*.pdf *.docx *.doc *.odt *.jpg *.jpeg *.png);;Все файлы (*)"


class DocumentPage(QWizardPage):
    """One document of the package: its form (where the regulation gives one), prefilled
    from page 2; or the signed paper copy in hand; or a scan attached. Marked on paper or
    attached, the document counts without retyping unless the profile says `typed`."""

    def __init__(self, wizard: ApplicationWizard, profile: Profile, doc: Document,
                 number: int, count: int) -> None:
        super().__init__()
        self.w, self.doc, self.profile = wizard, doc, profile
        self.setTitle(f"Документ {number} из {count}: {doc.name}")
        self.setSubTitle(doc.description or ("Обязательный документ пакета." if doc.required
                                             else "Документ представляется по желанию."))
        self.form = FormWidget(profile.form(doc.form), profile) if doc.form else None
        self.paper = QCheckBox("Получен на бумаге (подписанный экземпляр в папке заявки)")
        self.paper.setObjectName("paper")
        self.file_label = QLabel("скан не приложен")
        attach = QPushButton("Приложить скан или файл…")
        attach.clicked.connect(lambda: self.attach())
        row = QHBoxLayout()
        row.addWidget(self.paper, 1)
        row.addWidget(self.file_label)
        row.addWidget(attach)
        typed = bool(getattr(doc, "typed", False))
        hint = QLabel(
            "Положение требует заполнить эту форму в программе." if typed and self.form
            else "Форму можно не перепечатывать: отметка «получен на бумаге» или приложенный "
                 "скан засчитывают документ." if self.form
            else "Формы у документа нет: отметьте получение или приложите скан.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.addLayout(row)
        lay.addWidget(hint)
        if self.form is not None:
            lay.addWidget(self.form)
        lay.addStretch(1)
        scrolled(self, inner)
        self.loaded = False
        self.autofilled: dict[str, Any] = {}

    def attach(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Приложить скан или файл", "",
                                                  SCAN_FILTER)
        if path:
            self.w.draft.files[self.doc.code] = Path(path)
            self.file_label.setText(Path(path).name)
            self.w.changed()

    def initializePage(self) -> None:
        d = self.w.draft
        if not self.loaded:
            self.loaded = True
            if self.form is not None:
                self.form.set_values(d.documents.get(self.doc.code, {}))
            self.paper.setChecked(bool(d.paper.get(self.doc.code)))
            if self.doc.code in d.files:
                self.file_label.setText(d.files[self.doc.code].name)
        self.fill_from_page2()

    def fill_from_page2(self) -> None:
        """Fields page 2 can fill: empty ones, or ones still holding what we filled before."""
        if self.form is None:
            return
        known = prefill.known_values(
            self.w.db, organisation_id=self.w.draft.organisation_id,
            leader_id=self.w.draft.leader_id, theme=self.w.draft.theme,
            direction=self.w.draft.direction, project_name=self.w.draft.project_name)
        values = self.form.values()
        updates = {}
        for code, value in prefill.prefill(self.form.form, known).items():
            current = values.get(code)
            if not current or current == self.autofilled.get(code):
                updates[code] = value
        if updates:
            self.form.set_values({**values, **updates})
            self.autofilled.update({k: self.form.values().get(k) for k in updates})

    def form_filled(self) -> bool:
        return self.form is not None and any(
            v not in (None, "", []) and v != self.autofilled.get(k)
            for k, v in self.form.values().items())

    def store(self) -> None:
        d = self.w.draft
        if self.form is not None:
            # Only what page 2 suggested is not yet a document: it is suggested again.
            d.documents[self.doc.code] = self.form.values() if self.form_filled() else {}
        on_paper = self.paper.isChecked()
        d.present[self.doc.code] = on_paper or self.doc.code in d.files or self.form_filled()
        d.paper[self.doc.code] = on_paper

    def cleanupPage(self) -> None:
        self.store()

    def validatePage(self) -> bool:
        self.store()
        return True

    def editors(self) -> list[QWidget]:
        return [self.paper, *(self.form.editors.values() if self.form else [])]
