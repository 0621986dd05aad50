"""Every window and dialog fits the commonest office screen, 1366×768: its frame fits, and
its minimum size does too (contents scroll instead of growing the window).

`python tests/test_fits_screen.py OUT_DIR` renders each one on a 1366×768 offscreen screen
to PNG, to look at them."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

SCREEN_W, SCREEN_H = 1366, 768
TASKBAR = 40


def gallery(db) -> dict[str, Callable[[], QWidget]]:  # noqa: ANN001 - a demo Database
    """Every window and dialog, built on a database with the demo data."""
    from PySide6.QtGui import QUndoStack
    from sqlalchemy import select

    from desktop.models import Application, Deadline, Event, Review, Site
    from desktop.ui.council import CouncilDialog
    from desktop.ui.events import EventDialog, MergeDialog
    from desktop.ui.main_window import MainWindow
    from desktop.ui.organisations import OrganisationCard
    from desktop.ui.report_dialog import ReportDialog, TransfersDialog
    from desktop.ui.review_sheet import ReviewSheetDialog, SheetsDialog
    from desktop.ui.settings_dialog import CentreDialog
    from desktop.ui.site_card import SiteCard
    from desktop.ui.site_status import SiteStatusDialog
    from desktop.ui.wizard import ApplicationWizard

    with db.session() as s:
        site_id = s.scalar(select(Site.id).where(Site.status == "active").limit(1))
        org_id = s.scalar(select(Site.organisation_id).where(Site.id == site_id))
        review = s.scalars(select(Review).join(Application).where(
            Application.profile_id == "omsk")).first()
        review_id, review_app = (review.id, review.application_id) if review else (None, None)
        omsk_report = s.scalar(select(Deadline.id).join(Site).where(
            Site.profile_id == "omsk", Deadline.kind == "report", Deadline.done_on.is_(None))
            .limit(1))
        event_id = s.scalar(select(Event.id).limit(1))

    def event() -> QWidget:
        from desktop.services import events as ev

        return EventDialog(db, ev.get_event(db, event_id) if hasattr(ev, "get_event")
                           else ev.EventData(site_id=site_id))

    def wizard_page(n: int) -> Callable[[], QWidget]:
        def build() -> QWidget:
            w = ApplicationWizard(db, QUndoStack())
            page = w.kind_page
            page.profile.setCurrentIndex(page.profile.findData("omsk"))
            w.show()
            for _ in range(n):
                if n >= 2 and w.currentPage() is w.org_page:
                    w.org_page.org.setCurrentIndex(1)
                    w.org_page.theme.setText("Тема")
                    w.org_page.term_end.setText("31.12.2028")
                w.next()
            return w
        return build

    out: dict[str, Callable[[], QWidget]] = {
        "main_window": lambda: MainWindow(db),
        "wizard_kind": wizard_page(0),
        "wizard_organisation": wizard_page(1),
        "wizard_zayavka": wizard_page(2),
        "wizard_programma": wizard_page(3),
        "site_card": lambda: SiteCard(db, site_id, QUndoStack()),
        "site_card_new": lambda: SiteCard(db, None, QUndoStack()),
        "site_status": lambda: SiteStatusDialog(db, site_id),
        "organisation_card": lambda: OrganisationCard(db, org_id, QUndoStack()),
        "centre": lambda: CentreDialog(db),
        "event": event,
        "merge_participants": lambda: MergeDialog(db),
        "transfers": lambda: TransfersDialog(db),
    }
    if omsk_report:
        out["report_omsk"] = lambda: ReportDialog(db, omsk_report)
    if review_id:
        out["review_sheet"] = lambda: ReviewSheetDialog(db, review_id, review_app)
        out["sheets"] = lambda: SheetsDialog(db, review_app)
        out["council"] = lambda: CouncilDialog(db, review_app)
    return out


@pytest.fixture
def windows(demo_db):
    return gallery(demo_db)


NAMES = ["main_window", "wizard_kind", "wizard_organisation", "wizard_zayavka",
         "wizard_programma", "site_card", "site_card_new", "site_status", "organisation_card",
         "centre", "event", "merge_participants", "transfers", "report_omsk", "review_sheet",
         "sheets", "council"]


def test_every_window_and_dialog_fits_1366x768(qtbot, windows):
    assert set(windows) == set(NAMES), "the list above names every window of the gallery"
    too_big = {}
    for name in NAMES:
        widget = windows[name]()
        qtbot.addWidget(widget)
        widget.show()
        frame = widget.frameGeometry()
        need = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        if frame.width() > SCREEN_W or frame.height() > SCREEN_H - TASKBAR or \
                need.width() > SCREEN_W or need.height() > SCREEN_H - TASKBAR:
            too_big[name] = (frame.size().toTuple(), need.toTuple())
        widget.close()
    assert not too_big, too_big


def test_start_page_needs_no_sideways_scroll_and_shows_whole_profile_names(qtbot, db,
                                                                            tmp_path):
    """On an empty database the «Начало работы» page fits the window's width at 1366×768
    (a profile combo sized to its longest name pushed its buttons off the right edge), and
    the chosen profile's whole name is visible."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QScrollArea

    from desktop.ui.main_window import MainWindow

    w = MainWindow(db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1288, 695)  # the main window's size on a 1366×768 screen
    w.show()
    qtbot.waitUntil(lambda: w.tabs.currentWidget() is getattr(w, "start_page", None))
    page = w.start_page
    scroll = page.findChild(QScrollArea)
    assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()
    combo = page.profile
    names = [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(max(range(combo.count()), key=lambda i: len(names[i])))
    qtbot.wait(0)
    room = combo.width() - 30  # the arrow and the frame
    assert combo.fontMetrics().horizontalAdvance(combo.currentText()) <= room
    assert combo.toolTip() == combo.currentText()


def test_form_labels_span_the_page_and_table_titles_wrap(qtbot):
    """A profile's form at the wizard's width: each long label runs the page's width (as
    a pair's label it wrapped at a third of it), and a table's column titles wrap, whole,
    in a header tall enough for them (they were cut off at both ends)."""
    from PySide6.QtWidgets import QLabel

    from desktop.profiles import get_profile
    from desktop.ui.forms import FormWidget, TableEditor

    profile = get_profile("omsk")
    form = next(f for f in profile.forms.values() if any(x.type == "table" for x in f.fields))
    widget = FormWidget(form, profile)
    qtbot.addWidget(widget)
    widget.resize(940, 2000)
    widget.show()
    labels = {lab.buddy(): lab for lab in widget.findChildren(QLabel) if lab.buddy()}
    assert set(labels) == set(widget.editors.values())
    for editor, label in labels.items():
        assert label.width() >= editor.width() - 2, label.text()
    table = next(e for e in widget.editors.values() if isinstance(e, TableEditor))
    head = table.table.horizontalHeader()
    titles = [table.table.horizontalHeaderItem(i).text() for i in range(head.count())]
    assert titles == [c.label for c in table.field.columns]
    assert head.height() >= 2 * head.fontMetrics().lineSpacing()


def render(out: Path) -> None:
    """Render every window to OUT/name.png on a 1366×768 screen."""
    import json
    import os
    import tempfile

    config = Path(tempfile.mkdtemp()) / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "office", "x": 0, "y": 0,
                                               "width": SCREEN_W, "height": SCREEN_H,
                                               "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ.setdefault("METODIST_DATA_DIR", tempfile.mkdtemp())
    from desktop.services.demo import fill_demo
    from desktop.storage import open_database
    from desktop.ui.app import make_app

    app = make_app()
    db = open_database(Path(tempfile.mkdtemp()) / "demo.sqlite3")
    fill_demo(db, sites=60, seed=1, today=dt.date(2026, 11, 23))
    out.mkdir(parents=True, exist_ok=True)
    for name, build in gallery(db).items():
        widget = build()
        widget.show()
        app.processEvents()
        widget.grab().save(str(out / f"{name}.png"))
        print(name, widget.frameGeometry().size().toTuple())
        widget.hide()


if __name__ == "__main__":
    render(Path(sys.argv[1]))
