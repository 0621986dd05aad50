"""Helpers for driving modal dialogs in pytest-qt tests (no wall-clock sleeps)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

# One flag per waiting when_modal: a wait whose dialog never came must not outlive its test
# and act on the next test's dialog (it polls for up to 10 s).
_pending: list[list[bool]] = []


def cancel_pending() -> None:
    """Stop every wait still polling (conftest calls it after each test)."""
    for alive in _pending:
        alive[0] = False
    _pending.clear()


def when_modal(action: Callable[[QWidget], None], *, tries: int = 1000) -> list[BaseException]:
    """Run `action(dialog)` as soon as a modal dialog is shown; errors are collected in the
    returned list (an exception inside a Qt callback would otherwise be swallowed). A
    progress dialog is not the dialog awaited: under load the work before the awaited
    dialog can take longer than the progress dialog's 300 ms delay."""
    from PySide6.QtWidgets import QProgressDialog

    errors: list[BaseException] = []
    alive = [True]
    _pending.append(alive)

    def poll(left: int = tries) -> None:
        if not alive[0]:  # acted already, or its test is over (see cancel_pending)
            return
        widget = QApplication.activeModalWidget()
        if widget is None or isinstance(widget, QProgressDialog):
            if left:
                QTimer.singleShot(10, lambda: poll(left - 1))
            return
        alive[0] = False
        try:
            action(widget)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
            if isinstance(widget, QDialog):  # closed without its «save the changes?» question
                QDialog.done(widget, 0)      # (a question nobody answers would hang the run)
            else:
                widget.close()

    QTimer.singleShot(0, poll)
    return errors


def type_text(widget: QWidget, text: str) -> None:
    """Type text key by key as a keyboard would, Cyrillic included.

    QTest.keyClicks maps characters through an ASCII table and aborts on Cyrillic, so each
    character is sent as a key event carrying its text.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for ch in text:
        try:
            key = Qt.Key(ord(ch.upper()))
        except ValueError:
            key = Qt.Key.Key_unknown
        QTest.sendKeyEvent(QTest.KeyAction.Press, widget, key, ch, Qt.KeyboardModifier.NoModifier)
        QTest.sendKeyEvent(QTest.KeyAction.Release, widget, key, ch,
                           Qt.KeyboardModifier.NoModifier)
