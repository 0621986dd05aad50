"""«Новая заявка»: a wizard generated from the profile — kind, organisation, one page per
document of the package in the regulation's order, and the checklist.

Pages write into one DraftData; «Сохранить черновик» saves it at any step; registration
is possible only when the checklist is complete.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.errors import UserError
from desktop.profiles import Document, Profile, all_profiles, get_profile
from desktop.services import applications as apps
from desktop.services import sites as site_svc
from desktop.storage import Database
from desktop.text import short_date
from desktop.ui.forms import FormWidget
from desktop.validation import parse_date

CHECK_NAMES = {"present": "есть", "missing": "нет", "invalid": "с ошибками"}


def _error() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b3261e;")
    label.setWordWrap(True)
    return label


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
        form = QFormLayout(self)
        form.addRow("Положение:", self.profile)
        form.addRow("Вид площадки:", self.kind)
        form.addRow(self.info)
        self.profile.currentIndexChanged.connect(self._kinds)
        self.kind.currentIndexChanged.connect(self._info)
        self._kinds()

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
        window = f"<br><b>Приём заявок:</b> {p.application_window.text}" \
            if p.application_window else ""
        self.info.setText(f"<b>Решение:</b> {k.decided_by}<br><b>Срок:</b> "
                          f"{k.term.text or k.term.mode}{window}<br><b>Пакет документов:</b>"
                          f"<ol>{docs}</ol>")

    def initializePage(self) -> None:
        d = self.w.draft
        if d.profile_id:
            self.profile.setCurrentIndex(self.profile.findData(d.profile_id))
            self.kind.setCurrentIndex(self.kind.findData(d.kind_code))
        self._info()

    def validatePage(self) -> bool:
        changed = (self.w.draft.profile_id, self.w.draft.kind_code) != \
            (self.profile.currentData(), self.kind.currentData())
        self.w.draft.profile_id = self.profile.currentData()
        self.w.draft.kind_code = self.kind.currentData()
        if changed:
            self.w.build_document_pages()
        return True


class OrganisationPage(QWizardPage):
    def __init__(self, wizard: ApplicationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Организация и тема")
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
        self.leader.addItem("", None)
        for pid, name in people:
            self.leader.addItem(name, pid)
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
        self.error = _error()
        form = QFormLayout(self)
        form.addRow("Организация-заявитель *", org_row)
        form.addRow("Тема *", self.theme)
        form.addRow("Направление", self.direction)
        form.addRow("Проект (программа)", self.project)
        form.addRow("Руководитель площадки", self.leader)
        form.addRow("Окончание срока проекта", self.term_end)
        form.addRow(self.partners_label, self.partners)
        form.addRow(self.notes)
        form.addRow(self.error)

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
        self.direction.clear()
        self.direction.addItem("")
        self.direction.addItems(list(profile.directions))
        self.direction.setEnabled(bool(profile.directions))
        for widget in (self.partners, self.partners_label):
            widget.setVisible(kind.network)
        self.term_end.setEnabled(kind.term.mode == "project")
        if d.organisation_id:
            self.org.setCurrentIndex(self.org.findData(d.organisation_id))
        self.theme.setText(d.theme)
        self.direction.setCurrentText(d.direction)
        self.project.setText(d.project_name)
        self.leader.setCurrentIndex(max(self.leader.findData(d.leader_id), 0))
        self.term_end.setText(short_date(d.term_end))
        self.notes.setText(f"Требование к руководителю: {profile.leader_requirement}"
                           if profile.leader_requirement else "")

    def validatePage(self) -> bool:
        d = self.w.draft
        i = self.org.findText(self.org.currentText(), Qt.MatchFlag.MatchExactly)
        if i <= 0:
            self.error.setText("Выберите организацию из справочника или создайте новую.")
            return False
        if not self.theme.text().strip():
            self.error.setText("Укажите тему.")
            return False
        try:
            d.term_end = parse_date(self.term_end.text(), "Окончание срока проекта")
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        d.organisation_id = self.org.itemData(i)
        d.theme = self.theme.text().strip()
        d.direction = self.direction.currentText()
        d.project_name = self.project.text().strip()
        li = self.leader.findText(self.leader.currentText(), Qt.MatchFlag.MatchExactly)
        d.leader_id = self.leader.itemData(li) if li > 0 else None
        d.partner_ids = [self.partners.item(r).data(Qt.ItemDataRole.UserRole)
                         for r in range(self.partners.count())
                         if self.partners.item(r).checkState() == Qt.CheckState.Checked]
        self.error.clear()
        return True


class DocumentPage(QWizardPage):
    """One document of the package: its form (where the regulation gives one), or a mark
    that it was received; a file (PDF, DOCX, scan) can be attached either way."""

    def __init__(self, wizard: ApplicationWizard, profile: Profile, doc: Document,
                 number: int, count: int) -> None:
        super().__init__()
        self.w, self.doc = wizard, doc
        self.setTitle(f"Документ {number} из {count}: {doc.name}")
        self.setSubTitle(doc.description or ("Обязательный документ пакета." if doc.required
                                             else "Документ представляется по желанию."))
        self.form = FormWidget(profile.form(doc.form), profile) if doc.form else None
        self.present = QCheckBox("Документ представлен (бумажный экземпляр получен)")
        self.file_label = QLabel("файл не приложен")
        attach = QPushButton("Приложить файл…")
        attach.clicked.connect(lambda: self.attach())
        row = QHBoxLayout()
        row.addWidget(self.file_label, 1)
        row.addWidget(attach)
        inner = QWidget()
        lay = QVBoxLayout(inner)
        if self.form is not None:
            lay.addWidget(self.form)
        lay.addWidget(self.present)
        lay.addLayout(row)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll)

    def attach(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, "Приложить файл", "", "Документы (*.pdf *.docx *.doc *.odt *.jpg *.png);;"
                "Все файлы (*)")
        if path:
            self.w.draft.files[self.doc.code] = Path(path)
            self.file_label.setText(Path(path).name)
            self.present.setChecked(True)

    def initializePage(self) -> None:
        d = self.w.draft
        if self.form is not None:
            self.form.set_values(d.documents.get(self.doc.code, {}))
        self.present.setChecked(bool(d.present.get(self.doc.code)))

    def store(self) -> None:
        d = self.w.draft
        if self.form is not None:
            d.documents[self.doc.code] = self.form.values()
        d.present[self.doc.code] = self.present.isChecked()

    def validatePage(self) -> bool:
        self.store()
        return True


class ChecklistPage(QWizardPage):
    def __init__(self, wizard: ApplicationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Проверка пакета документов")
        self.setSubTitle("Заявка регистрируется только с полным пакетом. Недостающее можно "
                         "дополнить позже: сохраните черновик.")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Документ", "Наличие", "Замечания"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 330)
        self.table.setColumnWidth(1, 90)
        self.table.verticalHeader().setVisible(False)
        self.rules = QLabel()
        self.rules.setWordWrap(True)
        self.number = QLineEdit(placeholderText="присваивается автоматически")
        self.reg_date = QLineEdit(short_date(dt.date.today()))
        self.error = _error()
        form = QFormLayout()
        form.addRow("Регистрационный номер:", self.number)
        form.addRow("Дата регистрации:", self.reg_date)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.rules)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.complete = False

    def initializePage(self) -> None:
        self.w.save(silent=True)
        items = apps.checklist(self.w.db, self.w.draft.id)
        self.table.setRowCount(len(items))
        for r, item in enumerate(items):
            for c, text in enumerate((item.title, CHECK_NAMES[item.state],
                                      "; ".join(item.problems))):
                cell = QTableWidgetItem(text)
                if c == 1:
                    cell.setForeground(Qt.GlobalColor.darkGreen if item.state == "present"
                                       else Qt.GlobalColor.red)
                self.table.setItem(r, c, cell)
        notes = apps.rule_notes(self.w.db, self.w.draft.id)
        self.rules.setText("<br>".join(("⛔ " if n.blocking else "⚠ ") + n.text for n in notes))
        self.complete = all(i.state == "present" for i in items if i.required) and \
            not any(n.blocking for n in notes)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.complete

    def validatePage(self) -> bool:
        try:
            day = parse_date(self.reg_date.text(), "Дата регистрации") or dt.date.today()
            self.w.reg_number = apps.register(self.w.db, self.w.draft.id,
                                              number=self.number.text().strip(), day=day)
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        return True


class ApplicationWizard(QWizard):
    def __init__(self, db: Database, undo, app_id: int | None = None,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.undo = db, undo
        self.draft = apps.load_draft(db, app_id) if app_id else apps.DraftData()
        self.reg_number = ""
        self.setWindowTitle("Новая заявка" if app_id is None else "Заявка (черновик)")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.resize(980, 720)
        self.setButtonText(QWizard.WizardButton.NextButton, "Далее >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Назад")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Зарегистрировать")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Закрыть")
        self.setButtonText(QWizard.WizardButton.CustomButton1, "Сохранить черновик")
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.customButtonClicked.connect(lambda _which: self.save())
        self.status = QLabel()
        self.kind_page = KindPage(self)
        self.org_page = OrganisationPage(self)
        self.check_page = ChecklistPage(self)
        self.document_pages: list[DocumentPage] = []
        self.addPage(self.kind_page)
        self.addPage(self.org_page)
        self.check_id = self.addPage(self.check_page)
        if self.draft.profile_id:
            self.build_document_pages()

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
        self.check_page = ChecklistPage(self)
        self.check_id = self.addPage(self.check_page)

    def _page_id(self, page: QWizardPage) -> int:
        return next(i for i in self.pageIds() if self.page(i) is page)

    def save(self, silent: bool = False) -> int | None:
        current = self.currentPage()
        if isinstance(current, DocumentPage):
            current.store()
        if not self.draft.organisation_id and isinstance(current, OrganisationPage):
            if not current.validatePage():
                return None
        try:
            self.draft.page = self.currentId()
            self.draft.id = apps.save_draft(self.db, self.draft)
            self.draft.files.clear()
        except UserError as exc:
            if not silent:
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(self, "Черновик", str(exc))
            return None
        if not silent:
            self.setWindowTitle(f"Заявка (черновик № {self.draft.id}) — сохранено")
        return self.draft.id
