"""Shared parts of the «Мероприятия» dialogs: tables, error label, buttons, dates."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QWidget,
)

from desktop.text import short_date

ALL_SITES = "Все площадки"
GENDERS = (("", "—"), ("male", "муж."), ("female", "жен."))


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(24)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                             | Qt.AlignmentFlag.AlignVCenter)
    return t


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b3261e;")
    label.setWordWrap(True)
    return label


def _buttons(ok_text: str, ok: QDialogButtonBox.StandardButton =
             QDialogButtonBox.StandardButton.Ok) -> QDialogButtonBox:
    box = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
    return box


def _date_edit(day) -> QLineEdit:  # noqa: ANN001 - date | None
    edit = QLineEdit(short_date(day), placeholderText="ДД.ММ.ГГГГ")
    edit.setMaximumWidth(130)
    return edit


# --------------------------------------------------------------------------- event form


def _centred(w: QWidget) -> QWidget:
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setAlignment(Qt.AlignmentFlag.AlignCenter)
    lay.addWidget(w)
    return box
