"""First start: on an empty database a «Начало работы» tab leads a new centre through its
details (name, head, city, emblem), its profile (положение), bringing in its registry from
Excel or a first application. Each step shows ✓ when done; the tab goes away by itself
once the database holds organisations or sites, or when the user closes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.profiles import all_profiles
from desktop.services import first_start
from desktop.storage import Database

TITLE = "Начало работы"


class StartPage(QWidget):
    """Four steps, each a line of explanation and a button; `actions` are the window's
    callbacks by name: centre, import_sites, import_organisations, new_application,
    organisation, people."""

    def __init__(self, db: Database, actions: dict[str, Callable[[], Any]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.callbacks = db, actions
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)  # room for a whole profile name at 1366 pixels
        head = QLabel("<h2>Добро пожаловать!</h2>Четыре шага, чтобы начать работу центра. "
                      "Любой шаг можно сделать позже из меню.")
        head.setWordWrap(True)
        grid.addWidget(head, 0, 0, 1, 3)
        self.marks: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        self.profile = QComboBox()
        self.profile.addItem("— выберите положение —", "")
        for p in all_profiles():
            self.profile.addItem(p.name, p.id)
        # A profile's name runs to 80 characters: the combo takes its column's width (the
        # whole name in its tooltip and in the list, which may be wider); sized to its
        # longest name it pushed the page past a 1366-pixel screen.
        self.profile.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.profile.setMinimumContentsLength(28)
        self.profile.view().setMinimumWidth(self.profile.view().sizeHintForColumn(0) + 24)
        self.profile.currentIndexChanged.connect(
            lambda: self.profile.setToolTip(self.profile.currentText()))
        self.profile.currentIndexChanged.connect(self._profile_chosen)
        steps = [
            ("centre", "1. Сведения о центре",
             "Полное и краткое наименование, руководитель, населённый пункт и эмблема: "
             "они печатаются в свидетельствах, справках и выгрузках.", "Заполнить сведения…"),
            ("profile", "2. Положение",
             "По какому положению центр ведёт площадки: от него зависят виды площадок, "
             "пакет документов, сроки и экспертиза.", None),
            ("registry", "3. Действующий реестр",
             "Если площадки уже есть, их не нужно перепечатывать: реестр и организации "
             "загружаются из книги Excel.", "Импорт реестра из Excel…"),
            ("application", "4. Первая заявка",
             "Или начните с новой заявки: организацию можно добавить прямо в мастере.",
             "Новая заявка…"),
        ]
        row = 1
        for key, title, text, button in steps:
            mark = QLabel()
            mark.setFixedWidth(24)
            label = QLabel(f"<b>{title}</b><br>{text}")
            label.setWordWrap(True)
            grid.addWidget(mark, row, 0)
            grid.addWidget(label, row, 1)
            if button:
                b = QPushButton(button)
                b.setObjectName(f"start_{key}")
                b.clicked.connect(lambda _c=False, k=key: self.run(k))
                grid.addWidget(b, row, 2)
                self.buttons[key] = b
            else:
                grid.addWidget(self.profile, row, 2)
            self.marks[key] = mark
            row += 1
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setStyleSheet("color: #d0d4da;")
            grid.addWidget(line, row, 0, 1, 3)
            row += 1
        extra = QHBoxLayout()
        for key, text in (("import_organisations", "Импорт организаций из Excel…"),
                          ("people", "Люди и эксперты")):
            if key in actions:
                b = QPushButton(text)
                b.clicked.connect(lambda _c=False, k=key: self.run(k))
                extra.addWidget(b)
        extra.addStretch(1)
        grid.addLayout(extra, row, 1, 1, 2)
        grid.setRowStretch(row + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.refresh()

    def _profile_chosen(self) -> None:
        if self.profile.currentData():
            first_start.set_profile(self.db, self.profile.currentData())
            self.refresh()

    def run(self, key: str) -> None:
        action = self.callbacks.get({"registry": "import_sites",
                                   "application": "new_application"}.get(key, key))
        if action is not None:
            action()
        self.refresh()

    def refresh(self) -> None:
        state = first_start.progress(self.db)
        if state.profile_id:
            self.profile.blockSignals(True)
            self.profile.setCurrentIndex(max(self.profile.findData(state.profile_id), 0))
            self.profile.blockSignals(False)
        if state.sites and "done" in self.callbacks:  # a registry is in: the page has served
            self.callbacks.pop("done")()
            return
        done = {"centre": state.centre_named, "profile": bool(state.profile_id),
                "registry": state.sites > 0, "application": state.applications > 0}
        for key, mark in self.marks.items():
            mark.setText("✓" if done[key] else "•")
            mark.setStyleSheet("color: #1b7f3b; font-weight: bold;" if done[key] else "")
        if "registry" in self.buttons:
            self.buttons["registry"].setEnabled("import_sites" in self.callbacks)


def install(window: Any) -> StartPage | None:
    """Add the start page as the first tab of an empty database's window."""
    if not first_start.is_empty(window.db):
        return None

    def centre() -> None:
        from desktop.ui.settings_dialog import CentreDialog

        CentreDialog(window.db, window).exec()

    actions: dict[str, Callable[[], Any]] = {
        "centre": centre,
        "new_application": lambda: window.applications.open_wizard(None),
        "import_organisations": lambda: window.organisations.import_dialog(),
    }
    if hasattr(window, "people"):
        actions["people"] = lambda: window.tabs.setCurrentWidget(window.people)
    for action in window.findChildren(type(window.menuBar().actions()[0])):
        if action.text().startswith("Импорт реестра площадок"):
            actions["import_sites"] = action.trigger
    def done() -> None:
        window.tabs.removeTab(window.tabs.indexOf(page))
        window.tabs.setCurrentWidget(window.registry)

    actions["done"] = done
    page = StartPage(window.db, actions, window)
    window.tabs.insertTab(0, page, TITLE)
    # shown once the window has loaded its registry (still there, behind the next tab)
    QTimer.singleShot(0, lambda: window.tabs.setCurrentWidget(page))
    window.start_page = page
    return page
