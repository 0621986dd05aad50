"""Extension, early removal or completion of a site by order (moved out of site_card.py,
which was over the ~400-line limit)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.errors import UserError
from desktop.profiles import get_profile
from desktop.services import sites
from desktop.storage import Database
from desktop.text import short_date
from desktop.ui.widgets import button_row, error_label, fit_window
from desktop.validation import parse_date


class SiteStatusDialog(QDialog):
    """Extension, early removal or completion of a site: the decision and the order.

    The grounds are the profile's; where the site has late or missing reports and the
    regulation makes that a ground (Кемерово), that ground is offered first.
    """

    def __init__(self, db: Database, site_id: int, parent: QWidget | None = None) -> None:
        from desktop.services.reports import removal_ground_suggestions

        super().__init__(parent)
        self.db, self.site_id = db, site_id
        data = sites.get_detail(db, site_id).data
        kind = get_profile(data.profile_id).kind(data.kind_code)
        self.setWindowTitle("Продление или снятие статуса")
        fit_window(self, "site_status", 680, 360)
        self.action = QComboBox()
        if kind.extension.max_months:
            self.action.addItem("продлить срок", "extend")
        self.action.addItem("досрочно снять статус", "remove")
        self.action.addItem("завершить (срок истёк)", "complete")
        self.months = QComboBox()
        for m in range(1, (kind.extension.max_months or 0) + 1):
            self.months.addItem(f"{m} мес.", m)
        self.months.setCurrentIndex(self.months.count() - 1)
        self.ground = QComboBox()
        suggested = {g.code for g in removal_ground_suggestions(db, site_id)}
        grounds = sorted(kind.removal_grounds, key=lambda g: g.code not in suggested)
        for g in grounds:
            label = ("⚠ есть просроченные отчёты: " if g.code in suggested else "") + g.text
            self.ground.addItem(label[:120], g.code)
            self.ground.setItemData(self.ground.count() - 1, g.text, Qt.ItemDataRole.ToolTipRole)
        self.order_number = QLineEdit()
        self.order_date = QLineEdit(short_date(dt.date.today()))
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow("Действие", self.action)
        form.addRow("Продлить на", self.months)
        form.addRow("Основание", self.ground)
        # The regulation's ground is a sentence the closed combo cuts off: in full below it.
        self.ground_text = QLabel()
        self.ground_text.setWordWrap(True)
        self.ground_text.setStyleSheet("color: #4b5563;")
        self.ground_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        form.addRow("", self.ground_text)
        self.ground.currentIndexChanged.connect(self._ground)
        form.addRow("Приказ № *", self.order_number)
        form.addRow("Дата приказа *", self.order_date)
        note = QLabel(kind.extension.text or "")
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(self.error)
        buttons = button_row("Провести приказом")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form.addRow(buttons)
        self.action.currentIndexChanged.connect(self._action)
        self._action()

    def _action(self) -> None:
        action = self.action.currentData()
        self.months.setEnabled(action == "extend")
        self.ground.setEnabled(action == "remove")
        self._ground()

    def _ground(self) -> None:
        text = self.ground.currentData(Qt.ItemDataRole.ToolTipRole) or ""
        self.ground_text.setText(text if self.action.currentData() == "remove" else "")

    def save(self) -> None:
        from desktop.services.applications import change_site

        try:
            day = parse_date(self.order_date.text(), "Дата приказа")
            if day is None or not self.order_number.text().strip():
                raise UserError("Укажите номер и дату приказа.")
            change_site(self.db, self.site_id, self.action.currentData(),
                        self.order_number.text(), day, months=self.months.currentData() or 0,
                        ground_code=self.ground.currentData() or "")
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
