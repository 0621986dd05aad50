"""Справки handed over: declined names and gender on every Python, the issuer's details and
the signer's name, the event's title, dates that never break, files named by register
number, numbers taken only when the files are written (a full disk consumes none), and
the dialog's signer choice and remembered folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pdfcheck import assert_fonts_embedded, pdf_text, raw_text, unbroken
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from sqlalchemy import func, select

from desktop.cli import main
from desktop.errors import UserError
from desktop.models import Event, Participation, Person, Setting, Spravka
from desktop.profiles import all_profiles
from desktop.services import declension, spravki
from desktop.services.centre import save_centre
from desktop.services.declension import (
    FEMALE,
    MALE,
    dative,
    dative_initials,
    dative_phrase,
    gender_of,
    genitive,
    kind_genitive,
)

from uihelpers import when_modal

HEAD = "О. П. Кравцова"
CASES = {"gender": [["Иванова", "Мария", ""], ["Петров", "Иван", "Сергеевич"],
                    ["Ким", "Саша", ""], ["ИВАНОВА", "МАРИЯ", ""]],
         "genitive": ["методическая лаборатория", "Научно-методический совет (НМС)",
                      "Департамент образования Администрации города Омска",
                      "МБУ ИМЦ УО Яйского округа"],
         "position": ["заведующая", "и. о. директора", "старший воспитатель"],
         "head": ["Андреева Мария Юрьевна", "Никитин А. М.", "Е. Шевчук"]}


def test_gender_and_dative_without_and_with_a_patronymic():
    assert gender_of("Иванова", "Мария") == FEMALE  # no patronymic: petrovich's own rules
    assert gender_of("Петров", "Иван", "Сергеевич") == MALE
    assert gender_of("Ким", "Саша") is None  # the name does not tell: the user is asked
    assert dative("Иванова", "Мария") == "Ивановой Марии"
    assert dative("Петров", "Иван", "Сергеевич") == "Петрову Ивану Сергеевичу"
    assert dative("Ким", "Саша", gender=FEMALE) == "Ким Саше"
    assert dative("ИВАНОВА", "МАРИЯ") == "ИВАНОВОЙ МАРИИ"
    assert dative("Салтыкова-Щедрина", "Анна", "Ивановна") == "Салтыковой-Щедриной Анне Ивановне"


def test_kind_names_in_the_genitive_from_the_profile_or_the_dictionary():
    assert kind_genitive("методическая лаборатория") == "методической лаборатории"
    assert kind_genitive("методическая лаборатория", "лаборатории (своя форма)") == \
        "лаборатории (своя форма)"
    assert genitive("Министерство образования, науки и молодежной политики Краснодарского "
                    "края").startswith("Министерства образования, науки")
    assert genitive("МБОУ ДПО «Научно-методический центр»") == \
        "МБОУ ДПО «Научно-методический центр»"
    for profile in all_profiles():  # the dictionary agrees with every shipped profile
        for kind in profile.kinds:
            assert genitive(kind.name) == kind.genitive, (profile.id, kind.code)


def _other_pythons() -> list[str]:
    """Python 3.12+ interpreters on this machine: on the PATH or installed by pyenv (whose
    shims answer only for the selected version)."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = [shutil.which(f"python3.{minor}") for minor in range(12, 16)]
    candidates += [str(p) for p in sorted(root.glob("versions/3.1[2-9]*/bin/python3"))]
    found: dict[str, str] = {}
    for exe in filter(None, candidates):
        proc = subprocess.run([exe, "-c", "import sys; print(sys.version_info[:2] >= (3, 12),"
                               " sys.version.split()[0])"], capture_output=True, text=True)
        ok, _, version = proc.stdout.strip().partition(" ")
        if proc.returncode == 0 and ok == "True":
            found.setdefault(version, exe)
    return list(found.values())


def test_declension_is_the_same_on_python_3_12_and_later(tmp_path):
    """The module with only its two libraries (pure Python) on the path of another Python:
    petrovich 3 lost its gender file there; pytrovich and pymorphy3 carry their data."""
    pythons = _other_pythons()
    if not pythons:
        pytest.skip("no Python 3.12+ on this machine")
    import dawg_python
    import pymorphy3
    import pymorphy3_dicts_ru
    import pytrovich

    for module in (pytrovich, pymorphy3, pymorphy3_dicts_ru, dawg_python):
        (tmp_path / module.__name__).symlink_to(Path(module.__file__).parent)
    script = (
        "import importlib.util, json, sys\n"
        f"spec = importlib.util.spec_from_file_location('d', {declension.__file__!r})\n"
        "d = importlib.util.module_from_spec(spec); spec.loader.exec_module(d)\n"
        "cases = json.loads(sys.argv[1])\n"
        "print(json.dumps({'gender': [[d.gender_of(*n), d.dative(*n)] for n in cases['gender']],"
        " 'genitive': [d.genitive(p) for p in cases['genitive']],"
        " 'position': [d.dative_phrase(p) for p in cases['position']],"
        " 'head': [d.dative_initials(p) for p in cases['head']],"
        " 'version': sys.version_info[:2]}))\n")
    import json

    here = {"gender": [[gender_of(*n), dative(*n)] for n in CASES["gender"]],
            "genitive": [genitive(p) for p in CASES["genitive"]],
            "position": [dative_phrase(p) for p in CASES["position"]],
            "head": [dative_initials(p) for p in CASES["head"]]}
    assert here["gender"][0] == [FEMALE, "Ивановой Марии"]
    for exe in pythons:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        proc = subprocess.run([exe, "-I", "-c", f"import sys; sys.path.insert(0, "
                               f"{str(tmp_path)!r}); exec({script!r})", json.dumps(CASES)],
                              capture_output=True, text=True, env=env, timeout=60)
        assert proc.returncode == 0, proc.stderr
        there = json.loads(proc.stdout)
        assert tuple(there.pop("version")) >= (3, 12)
        assert there == here, exe


def _event_with(db, role: str = "участник") -> int:
    """A held event of the demo with participants and no справки issued yet."""
    with db.session() as s:
        issued = select(Spravka.event_id)
        return s.scalar(select(Event.id).join(Participation).where(
            Event.status == "held", Event.id.not_in(issued), Participation.role == role)
            .order_by(Event.id))


def _set_head(db, event_id: int, name: str) -> str:
    from desktop.services import organisations as orgs

    with db.session() as s:
        org = s.get(Event, event_id).site.organisation
        org_id, full = org.id, org.full_name
    data = orgs.get(db, org_id)
    data.head_name = name
    orgs.save_organisation(db, data)
    return full


def _numbers(db) -> int:
    with db.session() as s:
        counter = s.scalars(select(Setting.value).where(
            Setting.key.like("counter.spravka.%"))).all()
        return (s.scalar(select(func.count()).select_from(Spravka)) or 0, tuple(counter))


def test_spravki_name_the_issuer_the_signer_and_the_event(demo_db, tmp_path, capsys):
    event_id = _event_with(demo_db)
    full = _set_head(demo_db, event_id, HEAD)
    out = tmp_path / "справки"
    assert main(["spravki", "--event", str(event_id), "-o", str(out), "--date", "23.11.2026",
                 "--db", str(demo_db.path)]) == 0
    assert capsys.readouterr().err == "", "nothing blank: no warning"
    with demo_db.session() as s:
        event = s.get(Event, event_id)
        title = event.name.split("«", 1)[1].rstrip("»")
        rows = s.execute(select(Spravka.number, Spravka.name_dative, Person.last_name)
                         .join(Person).where(Spravka.event_id == event_id)).all()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        "Справка_" + n.replace("/", "_") + ".pdf" for n, _, _ in rows)
    for number, name, last in rows:
        path = out / ("Справка_" + number.replace("/", "_") + ".pdf")
        text = pdf_text(path)
        assert f"Выдана {name} (" in text and name.split()[0] != last, "declined"
        assert text.startswith(" ".join(full.split())), "the organisation heads the page"
        assert f"№ {number} от 23 ноября 2026 г." in text and f"«{title}»" in text
        # signed by the position typed in the directory (the demo's) and the organisation
        assert HEAD in text and re.search(r"(Директор|Заведующий|И\. о\. директора) М[АБ]", text)
        unbroken(raw_text(path))
        assert_fonts_embedded(path)
    # the centre signs instead, chosen per event; its missing details are named first
    assert main(["spravki", "--event", str(event_id), "-o", str(tmp_path / "all.pdf"),
                 "--signer", "centre", "--db", str(demo_db.path)]) == 0
    assert "Внимание: Не заполнены сведения о центре" in capsys.readouterr().err


def test_internship_spravka_reads_as_a_sentence(demo_db, tmp_path):
    event_id = _event_with(demo_db, "стажёр")
    save_centre(demo_db, {"name": "МБУ «Центр развития образования»",
                          "head_name": "Е. В. Лебедева", "head_position": "Директор"})
    batch = spravki.write(demo_db, event_id, tmp_path / "s.pdf", signer="centre")
    assert batch.warning == ""
    text = pdf_text(batch.paths[0], 0)
    assert "прошла стажировку" in text or "прошёл стажировку" in text
    assert "Директор" in text and "Е. В. Лебедева" in text and "г.." not in text
    assert text.startswith("МБУ «Центр развития образования»")


@pytest.fixture
def tiny_disk(tmp_path):
    """A 48 KiB file system: room for the probe files, not for a справка's PDF."""
    folder = tmp_path / "full"
    folder.mkdir()
    if sys.platform != "linux" or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(folder)],
            capture_output=True).returncode != 0:
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_consumes_no_register_number(demo_db, tmp_path, tiny_disk, monkeypatch):
    event_id = _event_with(demo_db)
    before = _numbers(demo_db)
    if tiny_disk is None:  # no tmpfs here: the disk fills as the PDF is saved
        import errno

        from reportlab.pdfgen.canvas import Canvas

        def full(self):  # noqa: ANN001, ANN202
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(Canvas, "save", full)
    target = (tiny_disk or tmp_path) / "each"
    with pytest.raises(UserError) as err:
        spravki.write(demo_db, event_id, target)
    message = str(err.value)
    assert "на диске нет свободного места" in message and "не израсходованы" in message
    assert "\n" not in message
    assert not re.search(r"[A-Za-z]{4,}", re.sub(r"«[^»]*»", "", message)), message
    assert _numbers(demo_db) == before, "no number taken, no counter moved"
    assert list(target.iterdir()) == [], "no half-written or temporary file left"
    monkeypatch.undo()
    batch = spravki.write(demo_db, event_id, tmp_path / "later")
    with demo_db.session() as s:
        assert s.scalar(select(func.max(Spravka.reissued_count)).where(
            Spravka.event_id == event_id)) == 0, "a later run issues them new, not reissued"
    assert len(batch.paths) == len(list((tmp_path / "later").iterdir()))


def test_the_dialog_lets_the_user_choose_the_signer_and_the_folder(qtbot, demo_db, tmp_path):
    from desktop.ui.events import SpravkiDialog

    event_id = _event_with(demo_db)
    _set_head(demo_db, event_id, "")  # the demo's organisations have their heads
    dialog = SpravkiDialog(demo_db, event_id)
    qtbot.addWidget(dialog)
    assert "не указан руководитель" in dialog.warning.text()
    _set_head(demo_db, event_id, HEAD)
    dialog.signer.setCurrentIndex(dialog.signer.findData("centre"))
    assert "Не заполнены сведения о центре" in dialog.warning.text()
    dialog.signer.setCurrentIndex(dialog.signer.findData("organisation"))
    assert dialog.warning.text() == ""
    dialog.each.setChecked(True)
    folder = tmp_path / "выдано"
    folder.mkdir()
    errors = when_modal(lambda d: (d.setDirectory(str(folder)), d.accept()))
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    dialog.settings = settings
    dialog.save()
    assert not errors, errors
    assert dialog.batch is not None, dialog.error.text()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        "Справка_" + d.number.replace("/", "_") + ".pdf" for d in dialog.batch.items)
    assert settings.value("folders/spravki") == str(folder), "remembered for next time"
    assert HEAD in pdf_text(dialog.batch.paths[0])
    assert len(PdfReader(dialog.batch.paths[0]).pages) == 1
    dialog.grab().save(str(tmp_path / "spravki_dialog.png"))
