"""Bugs raised inside the window: logged with their traceback and shown as one Russian
message pointing to the log, instead of vanishing on stderr."""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

log = logging.getLogger("metodist")


def _report(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    log.error("unhandled error in the window", exc_info=(kind, exc, tb))
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    from desktop.ui.main_window import show_error

    try:
        show_error(QApplication.activeWindow(), "Ошибка", exc)  # type: ignore[arg-type]
    except Exception:  # the message itself failed: the log still has the traceback
        log.exception("could not show the error message")


def install_excepthook() -> None:
    """Route uncaught exceptions (UI thread and worker threads) to the log and a message."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        _report(kind, exc, tb)

    sys.excepthook = hook
    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:  # Python allows it; nothing more to tell then
            log.error("unhandled error in a thread: %s", args.exc_type.__name__)
        else:  # the exception carries its own traceback
            log.error("unhandled error in a thread", exc_info=args.exc_value)

    threading.excepthook = thread_hook
