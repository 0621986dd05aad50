"""The pages of «Новая заявка»: kind, organisation and theme, one page per document of the
package, and the checklist.

Each page's widgets are the truth while the wizard is open: a page is loaded from the
draft once, and whatever it shows is written back into the draft whenever the user
leaves it — forward (validatePage) or back (cleanupPage) — so nothing typed is lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    QWizardPage,
)

from desktop.errors import UserError
from desktop.profiles import Document, Profile, all_profiles, get_profile
from desktop.services import applications as apps
from desktop.services import prefill
from desktop.services import sites as site_svc
from desktop.text import short_date
from desktop.ui.forms import FormWidget
from desktop.ui.widgets import error_label, today
from desktop.validation import parse_date

if TYPE_CHECKING:
    from desktop.ui.wizard import ApplicationWizard

CHECK_NAMES = {"present": "есть", "missing": "нет", "invalid": "с ошибками"}
SCAN_FILTER = "Документы и сканы (*.pdf *.docx *.doc *.odt *.jpg *.jpeg *.png);;Все файлы (*)"


def scrolled(page: QWizardPage, inner: QWidget) -> None:
    """Put a page's contents in a vertical scroll area: a page never grows the wizard."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(inner)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)


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
        i = self.leader.findText(self.leader.currentText(), Qt.MatchFlag.MatchExactly)
        return self.leader.itemData(i) if i > 0 else None

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
        if self.leader_text() and self._leader_id() is None and self._add_leader(org_id) is None:
            return False
        self.store()
        return True

    def editors(self) -> list[QWidget]:
        return [self.org, self.theme, self.direction, self.project, self.leader, self.term_end]

    def partner_state(self) -> tuple[bool, ...]:
        return tuple(self.partners.item(r).checkState() == Qt.CheckState.Checked
                     for r in range(self.partners.count()))


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


class ChecklistPage(QWizardPage):
    def __init__(self, wizard: ApplicationWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Проверка пакета документов")
        self.setSubTitle("Заявка регистрируется только с полным пакетом. Недостающее можно "
                         "дополнить позже: черновик сохраняется сам.")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Документ", "Наличие", "Замечания"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 330)
        self.table.setColumnWidth(1, 90)
        self.table.verticalHeader().setVisible(False)
        self.rules = QLabel()
        self.rules.setWordWrap(True)
        self.number = QLineEdit(placeholderText="присваивается автоматически")
        self.reg_date = QLineEdit(short_date(today()))
        self.error = error_label()
        form = QFormLayout()
        self.override = QLineEdit(placeholderText="только если правило положения нарушено, "
                                                  "а пакет принимается")
        form.addRow("Регистрационный номер:", self.number)
        form.addRow("Дата регистрации:", self.reg_date)
        form.addRow("Основание принять вопреки правилу:", self.override)
        self.reg_date.textChanged.connect(self._check_rules)
        self.override.textChanged.connect(self._check_rules)
        note = QLabel("Дата регистрации — дата получения пакета: она ставится документам.")
        note.setStyleSheet("color: #555;")
        form.addRow(note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.rules)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.complete = False

    def initializePage(self) -> None:
        self.w.save(silent=True)
        if self.w.draft.id is None:
            return
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
        self.package_complete = all(i.state == "present" for i in items if i.required)
        self._check_rules()

    def _check_rules(self) -> None:
        """The profile's rules against the typed received date (not today): a refusal
        blocks registration unless a reason to override it is given."""
        if self.w.draft.id is None:
            return
        try:
            day = parse_date(self.reg_date.text(), "Дата регистрации") or today()
        except UserError as exc:
            self.rules.setText(str(exc))
            self.complete = False
            self.completeChanged.emit()
            return
        notes = apps.rule_notes(self.w.db, self.w.draft.id, day)
        self.rules.setText("<br>".join(("⛔ " if n.blocking else "⚠ ") + n.message
                                       for n in notes))
        blocked = any(n.blocking for n in notes) and not self.override.text().strip()
        self.complete = getattr(self, "package_complete", False) and not blocked
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.complete

    def validatePage(self) -> bool:
        draft_id = self.w.draft.id or self.w.save()
        if draft_id is None:  # not saved: save() has said why
            return False
        try:
            day = parse_date(self.reg_date.text(), "Дата регистрации") or today()
            self.w.reg_number = apps.register(self.w.db, draft_id,
                                              number=self.number.text().strip(), day=day,
                                              override=self.override.text())
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        self.w.mark_saved()
        return True

    def editors(self) -> list[QWidget]:
        return [self.number, self.reg_date, self.override]
