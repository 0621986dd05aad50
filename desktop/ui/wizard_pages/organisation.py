"""Page 2 of «Новая заявка»: the applicant organisation, theme, leader, term and network
partners — what the forms of the package are prefilled from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
    QWizardPage,
)

from desktop.errors import UserError
from desktop.profiles import get_profile
from desktop.services import sites as site_svc
from desktop.text import short_date
from desktop.ui.widgets import error_label
from desktop.ui.wizard_pages.common import scrolled
from desktop.validation import parse_date

if TYPE_CHECKING:
    from desktop.ui.wizard import ApplicationWizard


class OrganisationPage(QWizardPage):
    def __init__(self, wizard: ApplicationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Организация и тема")
        self.setSubTitle("Эти сведения переносятся в формы документов пакета: их не нужно "
                         "набирать дважды.")
        orgs, people = site_svc.choices(wizard.db)
        self.org = QComboBox(editable=True)
        self.org.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.org.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.org.addItem("", None)
        for oid, name in orgs:
            self.org.addItem(name, oid)
        new_org = QPushButton("Новая организация…")
        new_org.clicked.connect(self._new_org)
        org_row = QHBoxLayout()
        org_row.addWidget(self.org, 1)
        org_row.addWidget(new_org)
        self.theme = QLineEdit()
        self.direction = QComboBox()
        self.project = QLineEdit()
        self.leader = QComboBox(editable=True)
        self.leader.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.leader.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if (typed := self.leader.lineEdit()) is not None:  # an editable combo has one
            typed.setPlaceholderText("выберите или впишите «Фамилия Имя Отчество»")
        self.leader.addItem("", None)
        for pid, name in people:
            self.leader.addItem(name, pid)
        self.leader_error = error_label("error_leader")
        self.term_end = QLineEdit(placeholderText="ДД.ММ.ГГГГ")
        self.partners = QListWidget()
        self.partners.setMaximumHeight(120)
        for oid, name in orgs:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, oid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.partners.addItem(item)
        self.partners_label = QLabel("Организации-партнёры сети:")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #8a5300;")
        self.error = error_label()
        inner = QWidget()
        form = QFormLayout(inner)
        form.addRow("Организация-заявитель *", org_row)
        form.addRow("Тема *", self.theme)
        form.addRow("Направление", self.direction)
        form.addRow("Проект (программа)", self.project)
        form.addRow("Руководитель площадки", self.leader)
        form.addRow("", self.leader_error)
        form.addRow("Окончание срока проекта", self.term_end)
        form.addRow(self.partners_label, self.partners)
        form.addRow(self.notes)
        form.addRow(self.error)
        scrolled(self, inner)
        self.loaded = False

    def _new_org(self) -> None:
        from desktop.ui.organisations import OrganisationCard

        card = OrganisationCard(self.w.db, None, self.w.undo, self)
        if card.exec():
            orgs, _ = site_svc.choices(self.w.db)
            known = {self.org.itemData(i) for i in range(self.org.count())}
            for oid, name in orgs:
                if oid not in known:
                    self.org.addItem(name, oid)
                    self.org.setCurrentIndex(self.org.count() - 1)

    def initializePage(self) -> None:
        d = self.w.draft
        profile = get_profile(d.profile_id)
        kind = profile.kind(d.kind_code)
        direction = self.direction.currentText() if self.loaded else d.direction
        self.direction.clear()
        self.direction.addItem("")
        self.direction.addItems(list(profile.directions))
        self.direction.setEnabled(bool(profile.directions))
        self.direction.setCurrentText(direction)
        for widget in (self.partners, self.partners_label):
            widget.setVisible(kind.network)
        self.term_end.setEnabled(kind.term.mode == "project")
        self.notes.setText(f"Требование к руководителю: {profile.leader.text}"
                           if profile.leader.text else "")
        if self.loaded:  # the widgets already hold what the user typed
            return
        self.loaded = True
        if d.organisation_id:
            self.org.setCurrentIndex(self.org.findData(d.organisation_id))
        self.theme.setText(d.theme)
        self.project.setText(d.project_name)
        if d.leader_id and self.leader.findData(d.leader_id) < 0:  # not among the names read
            from desktop.services.people import get_person

            p = get_person(self.w.db, d.leader_id)
            self.leader.addItem(" ".join(filter(None, (p.last_name, p.first_name,
                                                       p.middle_name))), d.leader_id)
        self.leader.setCurrentIndex(max(self.leader.findData(d.leader_id), 0))
        self.term_end.setText(short_date(d.term_end))
        for r in range(self.partners.count()):
            item = self.partners.item(r)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                               in d.partner_ids else Qt.CheckState.Unchecked)

    def _org_id(self) -> int | None:
        i = self.org.findText(self.org.currentText(), Qt.MatchFlag.MatchExactly)
        return self.org.itemData(i) if i > 0 else None

    def leader_text(self) -> str:
        return " ".join(self.leader.currentText().split())

    def _leader_id(self) -> int | None:
        i = self.leader.findText(self.leader_text(), Qt.MatchFlag.MatchExactly)
        return self.leader.itemData(i) if i > 0 else None

    def typed_leader(self) -> str:
        """A name typed that is not in the directory yet ("" when none is)."""
        return self.leader_text() if self.loaded and self._leader_id() is None else ""

    def resolve_leader(self) -> bool:
        """The typed name added to the directory and chosen (False: the name is wrong,
        said under the field). Saving a draft calls it: the name is never dropped."""
        org_id = self._org_id() or self.w.draft.organisation_id
        if not self.typed_leader() or org_id is None:
            return True
        pid = self._add_leader(org_id)
        if pid is not None:
            self.w.draft.leader_id = pid
        return pid is not None

    def store(self) -> None:
        """Write what the page shows into the draft, checking nothing (leaving backwards)."""
        d = self.w.draft
        d.organisation_id = self._org_id() or d.organisation_id
        d.theme = self.theme.text().strip()
        d.direction = self.direction.currentText()
        d.project_name = self.project.text().strip()
        d.leader_id = self._leader_id()
        try:
            d.term_end = parse_date(self.term_end.text(), "Окончание срока проекта")
        except UserError:
            pass  # checked when the user goes on
        d.partner_ids = [self.partners.item(r).data(Qt.ItemDataRole.UserRole)
                         for r in range(self.partners.count())
                         if self.partners.item(r).checkState() == Qt.CheckState.Checked]

    def cleanupPage(self) -> None:
        self.store()

    def _add_leader(self, org_id: int) -> int | None:
        """A leader typed by name, not in the directory: added to it (kept, not dropped)."""
        from desktop.services.people import add_person

        name = self.leader_text()
        try:
            pid = add_person(self.w.db, name, organisation_id=org_id)
        except UserError as exc:
            errors = getattr(exc, "errors", None)
            self.leader_error.setText(next(iter(errors.values())) if errors else str(exc))
            return None
        self.leader.addItem(name, pid)
        self.leader.setCurrentIndex(self.leader.count() - 1)
        return pid

    def validatePage(self) -> bool:
        self.error.clear()
        self.leader_error.clear()
        org_id = self._org_id()
        if org_id is None:
            self.error.setText("Выберите организацию из справочника или создайте новую.")
            return False
        if not self.theme.text().strip():
            self.error.setText("Укажите тему.")
            return False
        try:
            parse_date(self.term_end.text(), "Окончание срока проекта")
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        if not self.resolve_leader():
            return False
        self.store()
        return True

    def editors(self) -> list[QWidget]:
        return [self.org, self.theme, self.direction, self.project, self.leader, self.term_end]

    def partner_state(self) -> tuple[bool, ...]:
        return tuple(self.partners.item(r).checkState() == Qt.CheckState.Checked
                     for r in range(self.partners.count()))
