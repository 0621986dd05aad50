"""The refusal of a save over a site another user changed since the card was opened.

The message says who changed it and when; «Показать различия» lists each field as it was
when the card opened, as typed here and as it is in the database now; «Загрузить заново»
puts the other user's changes into the card and keeps every field typed here (nothing typed
is lost); «Вернуться к карточке» leaves the card as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import sites
from desktop.services.sites import EDITABLE, FIELD_NAMES, SiteData
from desktop.services.versions import differences, rebase
from desktop.text import short_date

if TYPE_CHECKING:
    from desktop.ui.site_card import SiteCard

HEADERS = ["Поле", "При открытии карточки", "Введено в карточке", "Сейчас в базе"]


class SiteConflictDialog(QDialog):
    """Accepted: reload (rebase the card on the record as it is now); rejected: go back."""

    def __init__(self, message: str, rows: list[tuple[str, Any, Any, Any]],
                 shown: Callable[[str, Any], str], label: Callable[[str], str],
                 parent: QWidget | None = None, *, deleted: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Площадка: запись изменена")
        self.setMinimumWidth(720)
        self.message = QLabel(f"{message} Ваши изменения не записаны и остаются в карточке.\n"
                              "«Загрузить заново» подставит в карточку изменения другого "
                              "пользователя; поля, изменённые вами, сохранят введённые "
                              "значения — проверьте их и сохраните ещё раз.")
        if deleted:  # a deleted site is not edited: nothing to reload onto
            self.message.setText(f"{message} Площадка удалена: ваши изменения не записаны и "
                                 "остаются в карточке; сохранить их можно, когда площадку "
                                 "восстановят.")
        self.message.setWordWrap(True)
        self.table = QTableWidget(len(rows), len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        bold = QFont()
        bold.setBold(True)
        for r, (key, original, mine, current) in enumerate(rows):
            both = mine != original and current != original and mine != current
            for c, value in enumerate((label(key), shown(key, original), shown(key, mine),
                                       shown(key, current))):
                item = QTableWidgetItem(value)
                if both:  # both users changed this field, differently
                    item.setFont(bold)
                    item.setToolTip("Поле изменили оба пользователя: останется введённое "
                                    "в карточке.")
                self.table.setItem(r, c, item)
        for c, width in enumerate((150, 170, 170)):
            self.table.setColumnWidth(c, width)
        self.table.resizeRowsToContents()
        self.table.hide()

        buttons = QDialogButtonBox()
        self.show_button = buttons.addButton("Показать различия",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.reload_button = buttons.addButton("Загрузить заново",
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.back_button = buttons.addButton("Вернуться к карточке",
                                             QDialogButtonBox.ButtonRole.RejectRole)
        self.show_button.clicked.connect(self.show_differences)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reload_button.setDefault(True)
        self.reload_button.setEnabled(not deleted)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def show_differences(self) -> None:
        self.table.show()
        self.show_button.setEnabled(False)
        self.resize(max(self.width(), 760), max(self.height(), 380))


def resolve_conflict(card: SiteCard, mine: SiteData, message: str) -> None:
    """Say who changed the site and when, offer the differences, and on «Загрузить заново»
    rebase the card on the record as it is now, keeping what was typed in it."""
    assert card.original.id is not None  # only an edit has a version to clash with
    current = sites.get_detail(card.db, card.original.id)
    rows = differences(card.original, mine, current.data, EDITABLE)
    dialog = SiteConflictDialog(message, rows, lambda key, value: shown(card, key, value),
                                lambda key: FIELD_NAMES.get(key, key).capitalize(), card,
                                deleted=current.deleted)
    if not dialog.exec():
        return
    rebased = rebase(card.original, mine, current.data, EDITABLE)
    card.detail, card.original = current, current.data
    card._load(current.data)
    card.mark_clean()  # clean is the record as it is now; what was typed stays unsaved
    card._load(rebased)
    card.notice.setText(f"{message} Карточка загружена заново: изменения другого "
                        "пользователя подставлены, введённое вами осталось в полях. "
                        "Проверьте и нажмите «Сохранить».")
    card.notice.show()


def shown(card: SiteCard, key: str, value: object) -> str:
    """A field's value as the card shows it (names, not ids)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return short_date(value)
    combo = {"organisation_id": card.organisation, "leader_id": card.leader,
             "coleader_id": card.coleader, "profile_id": card.profile,
             "kind_code": card.kind, "status": card.status}.get(key)
    if combo is not None:
        index_of = getattr(combo, "index_of", None)  # the pickers over the directory
        i = index_of.get(value, -1) if index_of is not None else combo.findData(value)
        if i >= 0 and (i > 0 or index_of is None):
            return combo.itemText(i)
    return str(value)
