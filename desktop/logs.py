"""Logging to a file in the user's data folder (the place "внутренняя ошибка" points to)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_configured: Path | None = None


def log_file() -> Path:
    from desktop.paths import log_path

    return _configured or log_path()


def setup_logging() -> Path | None:
    global _configured
    if _configured is not None:
        return _configured
    from desktop.paths import log_path

    try:
        path = log_path()
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("metodist")
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    _configured = path
    return path
