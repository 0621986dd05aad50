"""Where things are: bundled resources, the user's data folder, the default database.

One helper for resources that works from the source tree and from the PyInstaller bundle
(`sys._MEIPASS`). Data folders come from platformdirs, overridable by environment
variables for tests and a portable install.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from desktop import APP_NAME

DB_ENV = "METODIST_DB"
DATA_DIR_ENV = "METODIST_DATA_DIR"
DB_FILE_NAME = "metodist.sqlite3"


def resource_root() -> Path:
    """The `resources/` folder: next to the package in the source tree, inside the bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Path of a bundled resource, e.g. `resource("fonts", "LiberationSerif-Regular.ttf")`."""
    return resource_root().joinpath(*parts)


def data_dir() -> Path:
    """The user's data folder (created on demand)."""
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """The database used when neither `--db` nor METODIST_DB names one."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    return data_dir() / DB_FILE_NAME


def backups_dir(db_path: Path) -> Path:
    """Folder of automatic backups, beside the database file."""
    return db_path.parent / "backups"


def user_profiles_dir() -> Path:
    """Folder where the user's own regulation profiles are kept."""
    path = data_dir() / "profiles"
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_templates_dir() -> Path:
    """Folder of the centre's own document templates (.docx), which override the shipped
    ones: `order.docx` for every profile, `omsk/order.docx` for one profile."""
    path = data_dir() / "templates"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_path() -> Path:
    return data_dir() / "metodist.log"
