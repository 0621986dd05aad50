"""Dialog parts every window shares: the buttons row, the red error label under a field, a
debounced search field, the «unsaved changes» question and the guard that asks it, and
window sizes that fit the screen and are remembered between sessions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

ERROR_STYLE = "color: #b3261e;"
SCREEN_MARGIN = 0.94  # of the available screen, leaving room for the frame and taskbar
SEARCH_DELAY_MS = 250


_today: dt.date | None = None


def today() -> dt.date:
    """The date the dialogs offer by default (registration, meeting, order): the real
    today, or the day a test or a demonstration fixed with `set_today`."""
    return _today or dt.date.today()


def set_today(day: dt.date | None) -> None:
    global _today
    _today = day


def error_label(object_name: str = "") -> QLabel:
    """A red, word-wrapped label for the message next to a field (empty until needed)."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    if object_name:
        label.setObjectName(object_name)
    return label


def button_row(ok_text: str, cancel_text: str = "Отмена", *,
               ok: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok,
               ) -> QDialogButtonBox:
    """OK and Cancel with Russian texts; `ok` chooses the role (Ok, Save, ...)."""
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    return buttons


class SearchField(QLineEdit):
    """A search box that emits `search(text)` once typing pauses, not on every key."""

    search = Signal(str)

    def __init__(self, placeholder: str = "Поиск…", parent: QWidget | None = None,
                 delay_ms: int = SEARCH_DELAY_MS) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.timer = QTimer(self, singleShot=True, interval=delay_ms)
        self.textChanged.connect(lambda _t: self.timer.start())
        self.timer.timeout.connect(lambda: self.search.emit(self.text().strip()))

    def flush(self) -> None:
        """Emit now (Enter, tests): the pending search runs at once."""
        if self.timer.isActive():
            self.timer.stop()
            self.search.emit(self.text().strip())


def make_searchable(combo: QComboBox) -> None:
    """An editable combo whose popup lists the items containing what is typed (a name
    among hundreds); typing never adds an item."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    if completer is not None:  # an editable combo always has one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)


# -- unsaved changes ------------------------------------------------------------------

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_unsaved(parent: QWidget, title: str,
                text: str = "Есть несохранённые изменения. Сохранить их?") -> str:
    """Сохранить / Не сохранять / Отмена → SAVE, DISCARD or CANCEL."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    save = box.addButton("Сохранить", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Не сохранять", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("Отмена", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    parent._unsaved_box = box  # type: ignore[attr-defined]  # tests answer it
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL


def editor_state(widgets: Sequence[QWidget]) -> tuple[Any, ...]:
    """What the user can see typed or chosen in these editors (for «is anything changed»)."""
    out: list[Any] = []
    for w in widgets:
        if isinstance(w, QComboBox):
            out.append(w.currentText())
        elif isinstance(w, QLineEdit):
            out.append(w.text())
        elif isinstance(w, QPlainTextEdit | QTextEdit):
            out.append(w.toPlainText())
        elif hasattr(w, "isChecked"):
            out.append(w.isChecked())
        elif hasattr(w, "value"):
            out.append(w.value())
        else:
            out.append(None)
    return tuple(out)


def form_state(root: QWidget) -> tuple[Any, ...]:
    """Everything typed or chosen anywhere inside `root` (editors and table cells)."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QTableWidget

    editors = [w for w in root.findChildren(QWidget)
               if isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit | QComboBox
                             | QAbstractSpinBox)
               or (isinstance(w, QAbstractButton) and w.isCheckable())]
    cells = tuple(tuple(item.text() if (item := t.item(r, c)) else ""
                        for r in range(t.rowCount()) for c in range(t.columnCount()))
                  for t in root.findChildren(QTableWidget)
                  if t.editTriggers() != QTableWidget.EditTrigger.NoEditTriggers)
    return editor_state(editors) + cells


class UnsavedChangesGuard:
    """Mixin for a QDialog with fields: closing it by the user (Закрыть, Esc, the window's
    cross) with edits asks Сохранить / Не сохранять / Отмена instead of dropping them.

    The dialog has `save()` (which accepts on success; else override `save_and_close()`)
    and calls `mark_clean()` once its fields are loaded; `snapshot()` (what is typed now)
    reads every editor inside the dialog unless the dialog narrows it. Put it before
    QDialog in the bases. A close() from code (the program or a test tearing down) does
    not ask.
    """

    _clean: Any = None
    _closing_from_code = False
    unsaved_title = "Несохранённые изменения"
    unsaved_text = "Есть несохранённые изменения. Сохранить их?"

    def snapshot(self) -> Any:
        return form_state(self)  # type: ignore[arg-type]

    def mark_clean(self) -> None:
        self._clean = self.snapshot()

    def is_dirty(self) -> bool:
        return self._clean is not None and self.snapshot() != self._clean

    def save_and_close(self) -> None:
        self.save()  # type: ignore[attr-defined]  # accepts when it succeeds

    def reject(self) -> None:
        if not self._closing_from_code and self.is_dirty():
            answer = ask_unsaved(self, self.unsaved_title, self.unsaved_text)  # type: ignore[arg-type]
            if answer == CANCEL:
                return
            if answer == SAVE:
                self.save_and_close()
                return
        super().reject()  # type: ignore[misc]

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._closing_from_code = not event.spontaneous()
        try:
            super().closeEvent(event)  # type: ignore[misc]  # QDialog: calls reject()
        finally:
            self._closing_from_code = False


# -- sizes that fit the screen ---------------------------------------------------------

def app_settings() -> QSettings:
    """The user's settings (the same store the main window keeps its layout in)."""
    return QSettings("metodist", "metodist")


def available_size(widget: QWidget | None = None) -> QSize:
    """The usable area of the widget's screen (the primary one before it is shown)."""
    screen = (widget.screen() if widget is not None else None) or \
        QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() if screen else QSize(1366, 768)


def fitted(width: int, height: int, widget: QWidget | None = None) -> QSize:
    """A requested size shrunk to fit the screen with room for the frame."""
    avail = available_size(widget)
    return QSize(min(width, int(avail.width() * SCREEN_MARGIN)),
                 min(height, int(avail.height() * SCREEN_MARGIN) - 30))


class _SizeKeeper(QObject):
    def __init__(self, widget: QWidget, key: str) -> None:
        super().__init__(widget)
        self.key = key
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Hide and isinstance(obj, QWidget) and obj.isWindow():
            app_settings().setValue(f"windows/{self.key}", obj.size())
        return False


def fit_window(widget: QWidget, key: str, width: int, height: int) -> None:
    """Give a window its size: the one the user left it at last time, else the default,
    never larger than the screen; the size is saved when the window closes."""
    size = QSize(width, height)
    stored = app_settings().value(f"windows/{key}")
    if isinstance(stored, QSize) and stored.isValid():
        size = stored
    size = fitted(size.width(), size.height(), widget)
    widget.resize(size)
    _SizeKeeper(widget, key)


def debounce(parent: QObject, ms: int, fn: Callable[[], object]) -> QTimer:
    """A single-shot timer that runs `fn` `ms` after the last `start()` (autosave)."""
    timer = QTimer(parent, singleShot=True, interval=ms)
    timer.timeout.connect(fn)
    return timer
