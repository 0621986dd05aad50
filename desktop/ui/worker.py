"""Running slow work off the UI thread: `run_in_background(parent, fn, on_done, on_error)`.

The function runs in QThreadPool and never touches widgets; its result or error comes
back to the UI thread through queued signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("metodist")


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the UI thread, which decides how to show it
            log.exception("background job failed")
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_running: set[_Job] = set()


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None]) -> _Job:
    job = _Job(fn)
    job.setAutoDelete(False)
    _running.add(job)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(job)
        callback(value)

    job.signals.done.connect(lambda r: finish(on_done, r))
    job.signals.failed.connect(lambda e: finish(on_error, e))
    QThreadPool.globalInstance().start(job)
    return job


class Op:
    """A background operation in Anki's CollectionOp style:

        Op(lambda: export(db, path)).success(show_done).failure(show_error).run()

    `fn` runs off the UI thread; `success(result)` or `failure(exc)` run on it. A failure
    is always logged with its traceback; without a failure callback a bug is shown as
    «внутренняя ошибка» over `parent` (a user error as it is).
    """

    def __init__(self, fn: Callable[[], Any], parent: Any = None, title: str = "Ошибка") -> None:
        self.fn, self.parent, self.title = fn, parent, title
        self._success: Callable[[Any], None] = lambda _r: None
        self._failure: Callable[[BaseException], None] | None = None

    def success(self, callback: Callable[[Any], None]) -> Op:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op:
        self._failure = callback
        return self

    def _failed(self, exc: BaseException) -> None:
        if self._failure is not None:
            self._failure(exc)
        elif self.parent is not None:
            from desktop.ui.main_window import show_error

            show_error(self.parent, self.title, exc)

    def run(self) -> _Job:
        return run_in_background(self.fn, self._success, self._failed)
