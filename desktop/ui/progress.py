"""Long work off the window thread behind a modal progress dialog with «Отмена».

`run_with_progress(parent, title, label, work)` runs `work(progress)` in the thread pool;
`progress(done, total)` moves the bar and raises `ImportCancelled` once the user pressed
«Отмена», so the work stops where it is (an import rolls back: nothing is written). The
window stays responsive (it repaints, the bar moves) while the dialog keeps it modal.
Each of the (at most ~200) steps of the bar waits until the window has shown it, so the
bar tells where the work is and a «Отмена» pressed while it shows a step stops the work at
that step, not some batches later.
Returns the work's result, or None when it was cancelled or failed (the error is shown).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop.errors import UserError
from desktop.services.excel_import import ImportCancelled, Progress
from desktop.ui.worker import run_in_background

SHOW_AFTER_MS = 300  # work done sooner shows no dialog at all


class _Bridge(QObject):
    """Carries progress from the worker thread to the dialog (a queued signal)."""

    moved = Signal(int, int)


def run_with_progress(parent: QWidget | None, title: str, label: str,
                      work: Callable[[Progress], Any], *, note: str = "",
                      cancellable: bool = True) -> Any:
    """See the module's docstring; `note` is added to an error message («Ничего не …»);
    without `cancellable` the dialog has no «Отмена» (a restore is not stopped halfway)."""
    dialog = QProgressDialog(label, "Отмена", 0, 0, parent)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    dialog.setValue(0)  # starts SHOW_AFTER_MS; until a value is set Qt waits its own 4 s
    stop = threading.Event()
    bridge = _Bridge()

    def moved(done: int, total: int) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    bridge.moved.connect(moved, Qt.ConnectionType.BlockingQueuedConnection)
    dialog.canceled.connect(stop.set)

    shown = [-1]

    def progress(done: int, total: int) -> None:  # runs in the worker thread
        if stop.is_set():
            raise ImportCancelled
        step = done * 200 // total if total > 0 else done
        if step != shown[0]:  # at most ~200 updates reach the window
            shown[0] = step
            bridge.moved.emit(done, total)  # waits for the window to show it
            if stop.is_set():
                raise ImportCancelled

    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def finished(key: str, value: Any) -> None:
        outcome[key] = value
        loop.quit()

    def job() -> tuple[str, Any]:
        try:
            return "result", work(progress)
        except ImportCancelled:  # the user's choice, not a failure for the log
            return "cancelled", None

    run_in_background(job, lambda r: finished(*r), lambda e: finished("error", e))
    if not outcome:  # the dialog shows itself after minimumDuration if the work is slow
        loop.exec()
    dialog.close()
    dialog.deleteLater()
    error = outcome.get("error")
    if isinstance(error, UserError):
        QMessageBox.warning(parent, title, f"{error}\n{note}".strip())
        return None
    if error is not None:
        from desktop.ui.main_window import show_error

        show_error(parent, title, error)  # type: ignore[arg-type]
        return None
    return outcome.get("result")
