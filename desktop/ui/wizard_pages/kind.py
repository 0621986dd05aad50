"""Page 1 of «Новая заявка»: the regulation (profile) and the kind of site."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QWidget,
    QWizardPage,
)

from desktop.profiles import all_profiles, get_profile
from desktop.ui.wizard_pages.common import scrolled

if TYPE_CHECKING:
    from desktop.ui.wizard import ApplicationWizard


class KindPage(QWizardPage):
    def __init__(self, wizard: ApplicationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Положение и вид площадки")
        self.setSubTitle("Выберите положение муниципалитета и вид площадки: от них зависят "
                         "пакет документов, сроки и порядок рассмотрения.")
        self.profile = QComboBox()
        for p in all_profiles():
            self.profile.addItem(p.name, p.id)
        self.kind = QComboBox()
        self.info = QLabel()
        self.info.setWordWrap(True)
        inner = QWidget()
        form = QFormLayout(inner)
        form.addRow("Положение:", self.profile)
        form.addRow("Вид площадки:", self.kind)
        form.addRow(self.info)
        scrolled(self, inner)
        self.profile.currentIndexChanged.connect(self._kinds)
        self.kind.currentIndexChanged.connect(self._info)
        self._kinds()
        d = wizard.draft
        if d.profile_id:
            self.profile.setCurrentIndex(self.profile.findData(d.profile_id))
            self.kind.setCurrentIndex(self.kind.findData(d.kind_code))
        else:  # the profile the centre chose on the start page comes first
            from desktop.services.first_start import centre_profile

            self.profile.setCurrentIndex(max(self.profile.findData(centre_profile(wizard.db)), 0))

    def _kinds(self) -> None:
        self.kind.clear()
        for k in get_profile(self.profile.currentData()).kinds:
            self.kind.addItem(f"{k.code} — {k.name}", k.code)

    def _info(self) -> None:
        if not self.kind.currentData():
            return
        p = get_profile(self.profile.currentData())
        k = p.kind(self.kind.currentData())
        docs = "".join(f"<li>{d.name}{'' if d.required else ' (по желанию)'}</li>"
                       for d in k.documents)
        window = ("<br><b>Приём заявок:</b> " + " ".join(w.text for w in p.windows)
                  if p.windows else "")
        self.info.setText(f"<b>Решение:</b> {k.decided_by}<br><b>Срок:</b> "
                          f"{k.term.text or k.term.mode}{window}<br><b>Пакет документов:</b>"
                          f"<ol>{docs}</ol>")

    def initializePage(self) -> None:
        self._info()

    def validatePage(self) -> bool:
        changed = (self.w.draft.profile_id, self.w.draft.kind_code) != \
            (self.profile.currentData(), self.kind.currentData())
        self.w.draft.profile_id = self.profile.currentData()
        self.w.draft.kind_code = self.kind.currentData()
        if changed:
            self.w.build_document_pages()
        return True

    def editors(self) -> list[QWidget]:
        return [self.profile, self.kind]
