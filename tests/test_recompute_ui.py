"""Dialogs whose change recomputes every deadline do it off the window thread: the
production calendar's transfers and the centre-adopted rules."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from desktop.models import Organisation, Site
from desktop.services import deadlines as svc

D = dt.date


@pytest.fixture
def recompute_threads(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The threads the services' recompute ran in (the real one runs: a spy, not a stub)."""
    threads: list[threading.Thread] = []
    real = svc.recompute

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - recompute's own signature
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(svc, "recompute", spy)
    return threads


def _may_reports(db, site_ids: list[int]) -> list[dt.date | None]:
    today = D(2026, 5, 1)
    return [next(r.due for r in svc.list_deadlines(db, site_id=i, today=today)
                 if r.rule_code == "report_may" and r.due and r.due.year == 2026)
            for i in site_ids]


def test_a_transferred_day_off_moves_every_site_rolled_over_it_in_the_background(
        qtbot, db, recompute_threads):
    from desktop.ui.report_dialog import TransfersDialog

    ids = []
    with db.transaction() as s:
        for n in (1, 2):  # two sites: a transfer is not one site's matter
            org = Organisation(full_name=f"МБОУ «Школа № {n}»", short_name=f"Школа № {n}")
            s.add(org)
            s.flush()
            site = Site(organisation_id=org.id, theme="Тема", status="active",
                        profile_id="omsk", kind_code="СтП", term_start=D(2026, 1, 12),
                        term_end=D(2027, 12, 31))
            s.add(site)
            s.flush()
            svc.recompute_site(s, site.id, today=D(2026, 5, 1))
            ids.append(site.id)
    assert _may_reports(db, ids) == [D(2026, 5, 29)] * 2
    dialog = TransfersDialog(db)
    qtbot.addWidget(dialog)
    recompute_threads.clear()
    qtbot.keyClicks(dialog.day, "29.05.2026")
    dialog.working.setCurrentIndex(dialog.working.findText("выходной"))
    dialog.note.setText("перенос с субботы")  # keyClicks types ASCII only
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert _may_reports(db, ids) == [D(2026, 5, 28)] * 2  # Friday off: Thursday
    assert recompute_threads and threading.main_thread() not in recompute_threads
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "29.05.2026"
    assert dialog.day.text() == "" and dialog.add_button.isEnabled()

    recompute_threads.clear()
    dialog.table.setCurrentCell(0, 0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert _may_reports(db, ids) == [D(2026, 5, 29)] * 2
    assert recompute_threads and threading.main_thread() not in recompute_threads
    assert dialog.table.rowCount() == 0


def test_a_wrong_date_is_refused_in_the_dialog_and_nothing_is_recomputed(
        qtbot, db, recompute_threads):
    from desktop.ui.report_dialog import TransfersDialog

    dialog = TransfersDialog(db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.day, "31.02.2026")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "Дата" in dialog.error.text() and dialog.day.text() == "31.02.2026"
    assert recompute_threads == [] and svc.list_transfers(db) == []


def test_centre_rules_change_recomputes_through_the_worker(qtbot, demo_db, recompute_threads):
    from desktop.ui.profile_notes import CentreRulesDialog

    today = dt.date(2026, 11, 23)

    def open_checks() -> int:
        return sum(1 for d in svc.list_deadlines(demo_db, today=today)
                   if d.rule_code == "demand_check" and d.done_on is None)

    before = open_checks()
    assert before
    dialog = CentreRulesDialog(demo_db)
    qtbot.addWidget(dialog)
    row = next(i for i, r in enumerate(dialog.rules) if r.key == "omsk/СтП/demand_check")
    dialog.table.item(row, 0).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert open_checks() == 0 and dialog.changed_rows >= before
    assert len(recompute_threads) == 1 and recompute_threads[0] is not threading.main_thread()

    recompute_threads.clear()
    dialog = CentreRulesDialog(demo_db)  # and back on: the checks return
    qtbot.addWidget(dialog)
    assert dialog.table.item(row, 0).checkState() == Qt.CheckState.Unchecked
    dialog.table.item(row, 0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert open_checks() == before
    assert len(recompute_threads) == 1 and recompute_threads[0] is not threading.main_thread()


def test_centre_rules_saved_unchanged_recompute_nothing(qtbot, demo_db, recompute_threads):
    from desktop.ui.profile_notes import CentreRulesDialog

    dialog = CentreRulesDialog(demo_db)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and recompute_threads == []
