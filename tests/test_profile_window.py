"""Profiles in the window: a broken user profile is named at start-up and the program goes
on; deadlines the centre adopted can be switched off (the regulation's cannot)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desktop.paths import user_profiles_dir
from desktop.profiles import reload_profiles
from desktop.services import deadlines


def test_broken_user_profile_is_named_and_skipped(qtbot, db, tmp_path):
    folder = user_profiles_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "моё.toml").write_text('schema = 2\nid = "my"\nrequred = true\n', encoding="utf-8")
    reload_profiles()
    from desktop.ui.main_window import MainWindow

    w = MainWindow(db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    boxes = [b for b in w.findChildren(QMessageBox) if b.windowTitle() == "Профили не загружены"]
    assert boxes and "моё.toml" in boxes[0].detailedText()
    assert "неизвестное поле «requred»" in boxes[0].detailedText()


def test_centre_rules_switch_off_only_what_the_centre_adopted(qtbot, demo_db):
    from desktop.ui.profile_notes import CentreRulesDialog

    rules = deadlines.centre_rules(demo_db)
    keys = {r.key for r in rules}
    assert "omsk/СтП/demand_check" in keys and "dubna//annual_registry" in keys
    assert not any(k.endswith("/report_may") for k in keys)  # the regulation's stays
    today = dt.date(2026, 11, 23)
    before = [d for d in deadlines.list_deadlines(demo_db, today=today)
              if d.rule_code == "demand_check" and d.done_on is None]
    assert before
    dialog = CentreRulesDialog(demo_db)
    qtbot.addWidget(dialog)
    row = next(i for i, r in enumerate(dialog.rules) if r.key == "omsk/СтП/demand_check")
    dialog.table.item(row, 0).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    after = [d for d in deadlines.list_deadlines(demo_db, today=today)
             if d.rule_code == "demand_check" and d.done_on is None]
    assert not after
    assert not next(r for r in deadlines.centre_rules(demo_db)
                    if r.key == "omsk/СтП/demand_check").enabled


def test_expert_conclusion_form_of_the_profile_on_the_sheet(qtbot, db):
    """Кемерово: the expert group's conclusion is the profile's form, kept with the sheet."""
    from desktop.models import Organisation, Review
    from desktop.services import applications as apps
    from desktop.services.people import add_person
    from desktop.ui.review_sheet import ReviewSheetDialog

    with db.transaction() as s:
        org = Organisation(full_name="МБОУ «СОШ № 3»", short_name="СОШ № 3")
        s.add(org)
        s.flush()
        org_id = org.id
    expert = add_person(db, "Петрова Анна Сергеевна", expert=True)
    app = apps.save_draft(db, apps.DraftData(
        profile_id="kemerovo", kind_code="МИП", organisation_id=org_id, theme="Тема",
        paper={"zayavlenie": True, "pasport_proekta": True}))
    apps.register(db, app, day=dt.date(2026, 3, 2))
    review = apps.assign_experts(db, app, [expert], day=dt.date(2026, 3, 3))[0]
    sheet = ReviewSheetDialog(db, review, app)
    qtbot.addWidget(sheet)
    assert sheet.form is not None and "relevance" in sheet.form.editors
    sheet.verdict.setCurrentIndex(1)  # положительное
    save = sheet.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "Актуальность" in sheet.error.text()  # a required point of the form is empty
    sheet.form.editors["relevance"].setPlainText("Проект значим для сети школ района")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    with db.session() as s:
        r = s.get(Review, review)
        assert r.passed is True and r.form_data["relevance"].startswith("Проект значим")
