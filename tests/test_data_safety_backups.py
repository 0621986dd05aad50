"""Issue 16, the copies: 5 rotation after a break and with odd names, 6 copies per
database and a restore that asks, showing the copy's date, size and sites."""

from __future__ import annotations

import datetime as dt
import os

from dbhelpers import dump as _dump

from desktop.services.demo import fill_demo
from desktop.storage import backup, open_database
from desktop.storage.backup import auto_backup, copies_dir, list_backups, make_backup, rotate
from desktop.storage.identity import database_id

TODAY = dt.date(2026, 11, 23)


# 5 ----------------------------------------------------------------------- rotation

def test_rotation_after_a_long_break_keeps_the_newest_copies_and_odd_names(db, tmp_path):
    folder = copies_dir(db.path, database_id(db))
    folder.mkdir(parents=True)
    for age in range(60, 100):  # 40 copies, the newest 60 days old: the office was closed
        day = TODAY - dt.timedelta(days=age)
        make_backup(db, folder / f"auto-{day.isoformat()}.sqlite3")
    odd = [folder / "auto-2026-13-45.sqlite3", folder / "auto-latest.sqlite3",
           folder / "копия руками.sqlite3"]
    for path in odd:
        path.write_bytes(b"not for rotation to judge")
    removed = rotate(folder, TODAY)
    assert len(removed) == 40 - backup.KEEP_NEWEST
    kept = sorted(p.name for p in folder.glob("auto-2026-*-*.sqlite3") if p not in odd)
    assert kept == [f"auto-{TODAY - dt.timedelta(days=a):%Y-%m-%d}.sqlite3"
                    for a in range(66, 59, -1)]
    assert all(p.exists() for p in odd)
    made = auto_backup(db, TODAY)  # the first day back: today's copy, then the rotation
    assert made is not None and made.exists()
    assert len([p for p in folder.glob("auto-*.sqlite3") if p not in odd]) == backup.KEEP_NEWEST


# 6 ------------------------------------------------------------- backups per database

def test_backups_are_per_database_and_restore_asks_with_date_size_and_sites(qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.recovery import RecoveryDialog

    from uihelpers import when_modal

    dbs = {}
    for name, sites in (("first", 3), ("second", 5)):
        db = open_database(tmp_path / f"{name}.sqlite3")
        fill_demo(db, sites=sites, seed=1, today=TODAY)
        auto_backup(db, TODAY)
        dbs[name] = db.path
        db.close()
    first, second = dbs["first"], dbs["second"]
    assert [p.parent for p in list_backups(first)] != [p.parent for p in list_backups(second)]
    assert len(list_backups(first)) == 1 and len(list_backups(second)) == 1
    made = dt.datetime(2026, 11, 22, 14, 5).timestamp()
    os.utime(list_backups(first)[0], (made, made))
    good = _dump(first)
    first.write_bytes(b"garbage after a disk failure" * 100)
    damaged = first.read_bytes()
    dialog = RecoveryDialog(first, "Файл повреждён.")
    qtbot.addWidget(dialog)
    assert dialog.backups.count() == 1  # only this database's copy, not the other one's
    assert dialog.backups.item(0).text().startswith("22 ноября 2026 г., 14:05 — ")
    assert "3 площадки" in dialog.backups.item(0).text()
    questions: list[str] = []

    def answer(button: QMessageBox.StandardButton):
        def click(box: QMessageBox) -> None:
            questions.append(box.text() + "\n" + box.informativeText())
            box.button(button).click()
        return click

    errors = when_modal(answer(QMessageBox.StandardButton.No))
    dialog.restore_btn.click()
    assert not errors and dialog.chosen is None and first.read_bytes() == damaged
    assert "из копии от 22 ноября 2026 г., 14:05?" in questions[0]
    assert "площадок в копии: 3" in questions[0] and "КБ" in questions[0]
    errors = when_modal(answer(QMessageBox.StandardButton.Yes))
    dialog.restore_btn.click()
    assert not errors and dialog.chosen == first
    assert _dump(first) == good
    assert dialog.restored_aside.read_bytes() == damaged


def test_window_restore_asks_then_runs_off_the_window_thread(qtbot, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from desktop.models import Organisation
    from desktop.ui.main_window import MainWindow

    from uihelpers import when_modal

    db = open_database(tmp_path / "centre.sqlite3")
    fill_demo(db, sites=4, seed=2, today=TODAY)
    copy = make_backup(db, tmp_path / "copy.sqlite3")
    with db.transaction() as s:
        s.add(Organisation(full_name="После копии", short_name="После копии"))
    window = MainWindow(db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    asked: list[str] = []

    def yes(box: QMessageBox) -> None:
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    errors = when_modal(yes)
    assert window.restore_from_file(str(copy))
    assert not errors and "Восстановить базу «centre.sqlite3» из копии от" in asked[0]
    assert _dump(db.path) == _dump(copy)
    assert "База восстановлена" in window.statusBar().currentMessage()
    db.close()
