"""The certificate (Свидетельство) read back: a certificate for every kind of every shipped
profile with its issuer, signer and basis (the order's issuer, the НМС decision, the
ministry for a КИП), Russian dates that never break, the warning about missing centre
details, files named by the site's number, batches, long content on one page, the emblem,
and the CLI's errors leaving no file."""

from __future__ import annotations

import datetime as dt

import pytest
from pdfcheck import assert_fonts_embedded, pdf_text, raw_text, unbroken
from pypdf import PdfReader
from sqlalchemy import select

from desktop.cli import main
from desktop.exports.certificate_pdf import draw_certificate
from desktop.exports.pdf_common import new_canvas, printable
from desktop.models import Certificate, CouncilMeeting, Decision, Order, Site
from desktop.profiles import get_profile
from desktop.services.centre import load_centre, save_centre
from desktop.services.certificates import (
    CertificateData,
    certificate_data,
    sites_with_certificates,
    write_certificates,
)
from desktop.text import long_date

CENTRE = {"name": "Муниципальное бюджетное учреждение «Информационно-методический центр "
                  "города Тестовска»", "short_name": "МБУ ИМЦ", "head_name": "Е. В. Соколова",
          "head_position": "Директор", "city": "г. Тестовск"}
# «Основание»: who issued the order, in the genitive, per profile (the demo orders carry the
# profile's order issuer); Кемерово has no order: the НМС decision assigns the status.
ORDER_ISSUER = {
    "omsk": "Департамента образования Администрации города Омска",
    "vyselki": "Министерства образования, науки и молодежной политики Краснодарского края",
    "yaya": "МБУ ИМЦ УО Яйского округа",
    "dubna": "Управления народного образования Администрации города Дубны Московской "
             "области",
}


def one_per_kind(db) -> dict[tuple[str, str], int]:
    """The first site with a certificate of each (profile, kind) of the demo."""
    with db.session() as s:
        rows = s.execute(select(Site.profile_id, Site.kind_code, Site.id)
                         .join(Certificate, Certificate.site_id == Site.id)
                         .order_by(Site.id)).all()
    out: dict[tuple[str, str], int] = {}
    for pid, kind, sid in rows:
        out.setdefault((pid, kind), sid)
    return out


def test_a_certificate_for_every_kind_names_issuer_signer_and_basis(demo_db, tmp_path):
    save_centre(demo_db, CENTRE)
    sites = one_per_kind(demo_db)
    shipped = {(p, k.code) for p in ORDER_ISSUER.keys() | {"kemerovo"}
               for k in get_profile(p).kinds}
    assert set(sites) == shipped, "the demo has a certificate of every shipped kind"
    for (pid, code), site_id in sites.items():
        out = tmp_path / f"{pid}-{site_id}.pdf"
        write_certificates(demo_db, [site_id], out)
        text, raw = pdf_text(out), raw_text(out)
        kind = get_profile(pid).kind(code)
        with demo_db.session() as s:
            cert = s.scalar(select(Certificate).where(Certificate.site_id == site_id))
            order = s.get(Order, cert.order_id)
            meeting = s.scalar(select(CouncilMeeting).join(Decision).where(
                Decision.site_id == site_id))
            number, issued, org = cert.number, cert.issued_on, cert.site.organisation.full_name
        assert f"№ {number}" in text and " ".join(org.split()) in text
        assert f"присвоен статус {kind.genitive}" in text, (pid, code)
        assert "Директор" in text and "Е. В. Соколова" in text, "the centre's head signs"
        assert f"г. Тестовск, {long_date(issued)}" in text
        if pid == "kemerovo":  # the certificate rests on the НМС decision, no order
            assert text.startswith("МБОУ ДПО «Научно-методический центр»"), "the issuer"
            assert (f"Основание: решение Научно-методического совета (НМС) от "
                    f"{long_date(meeting.meeting_date)}, протокол № {meeting.protocol_number}"
                    ) in text, text
            assert "приказ" not in text
        else:
            assert text.startswith(" ".join(CENTRE["name"].split()[:3]))
            assert (f"Основание: приказ {ORDER_ISSUER[pid]} от {long_date(order.order_date)} "
                    f"№ {order.number}") in text, text
        unbroken(raw)
        assert_fonts_embedded(out)


def test_missing_centre_details_are_named_before_printing_never_guessed(demo_db, tmp_path,
                                                                         capsys):
    site_id = one_per_kind(demo_db)["omsk", "СтП"]
    out = tmp_path / "c.pdf"
    assert main(["certificate", "--site", str(site_id), "-o", str(out),
                 "--db", str(demo_db.path)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("Внимание: Не заполнены сведения о центре: полное наименование "
                          "центра, ФИО руководителя, должность руководителя."), err
    assert err.count("\n") == 1 and "Сервис → Сведения о центре" in err
    text = pdf_text(out)
    assert "Информационно-методический центр" not in text and "Директор" not in text
    assert "Основание: приказ Департамента образования" in text
    # Кемерово's certificate stage names its issuer: only the head is missing there
    kem = certificate_data(demo_db, [one_per_kind(demo_db)["kemerovo", "МИП"]])[0]
    assert kem.issuer == "МБОУ ДПО «Научно-методический центр»"
    assert kem.missing == ("должность руководителя", "ФИО руководителя")
    save_centre(demo_db, CENTRE)
    assert main(["certificate", "--site", str(site_id), "-o", str(out),
                 "--db", str(demo_db.path)]) == 0
    assert capsys.readouterr().err == ""


def test_glyphs_the_serif_lacks_are_printed_as_text(tmp_path):
    assert printable("100 ₽") == "100 руб."
    assert printable("«тема» № 5 – 7 — 8\u202fг.\u00a0") == "«тема» № 5 – 7 — 8\u202fг.\u00a0"
    assert printable("a\x0bb") == "ab"
    d = _data(theme="Бюджет 100 ₽ – «тест» — ok")
    c = new_canvas(tmp_path / "g.pdf")
    draw_certificate(c, d)
    c.showPage()
    c.save()
    text = pdf_text(tmp_path / "g.pdf")
    assert "Бюджет 100 руб. – «тест» — ok" in text and "25 декабря 2026 г." in text
    assert "с 1 января 2026 г. по 31 декабря 2026 г." in text
    assert_fonts_embedded(tmp_path / "g.pdf")


def _data(**kw) -> CertificateData:
    values = dict(
        site_id=1, site_number="2026-0001", number="2026/00001", issued_on=dt.date(2026, 12, 25),
        organisation="МБОУ «СОШ № 1»", kind_name="муниципальная стажировочная площадка",
        kind_genitive="муниципальной стажировочной площадки", theme="Наставничество",
        term_start=dt.date(2026, 1, 1), term_end=dt.date(2026, 12, 31),
        basis="приказ Департамента образования от 25 декабря 2025 г. № 12-о",
        issuer="МБУ «Информационно-методический центр»", emblem="ИМЦ",
        signer_position="Директор", signer_name="И. И. Петров", city="г. Омск")
    values.update(kw)
    return CertificateData(**values)


@pytest.mark.parametrize("pad", range(0, 40, 3))
def test_dates_and_numbers_never_break_whatever_the_wrap(tmp_path, pad):
    """The basis line wraps at a different word for each padding of the issuer's name."""
    d = _data(basis=f"приказ {'Управления ' * (pad // 3)}образования{'о' * pad} от "
                    "7 августа 2025 г. № 17 и от 17 сентября 2025 г. № 117")
    c = new_canvas(tmp_path / "w.pdf")
    draw_certificate(c, d)
    c.showPage()
    c.save()
    unbroken(raw_text(tmp_path / "w.pdf"))


def test_a_very_long_name_and_theme_stay_on_one_page_above_the_signatures(tmp_path):
    theme = " ".join(["Формирование функциональной грамотности обучающихся"] * 40)
    d = _data(organisation="Муниципальное бюджетное дошкольное образовательное учреждение "
                           "«Детский сад № 128» " * 3,
              kind_genitive="опорной (стажировочной) методической площадки", theme=theme,
              issuer="Муниципальное автономное учреждение дополнительного профессионального "
                     "образования «Центр развития образования» городского округа Дубна",
              signer_name="Е. В. Соколова-Дмитриевская", signer_position="Директор МАУ ДПО "
                                                                          "«ЦРО»")
    out = tmp_path / "long.pdf"
    c = new_canvas(out)
    draw_certificate(c, d)
    c.showPage()
    c.save()
    text = pdf_text(out)
    assert len(PdfReader(out).pages) == 1
    assert "Соколова-Дмитриевская" in text and "№ 128" in text
    ys: dict[str, float] = {}

    def visit(fragment, cm, tm, font, size):  # noqa: ANN001 - pypdf's visitor signature
        for key in ("Основание", "Директор", "подпись"):
            if key in fragment:
                ys[key] = tm[5] * cm[3] + cm[5]

    PdfReader(out).pages[0].extract_text(visitor_text=visit)
    assert ys["Основание"] > ys["Директор"] + 10 > ys["подпись"]


def test_batch_one_file_per_site_named_by_its_number_and_one_file_for_all(demo_db, tmp_path,
                                                                           capsys):
    save_centre(demo_db, CENTRE)
    ids = sites_with_certificates(demo_db, 2026)
    assert ids
    out = tmp_path / "certs"
    assert main(["certificates", "--year", "2026", "-o", str(out),
                 "--db", str(demo_db.path)]) == 0
    assert "свидетельств" in capsys.readouterr().out
    with demo_db.session() as s:
        numbers = s.scalars(select(Site.number).where(Site.id.in_(ids))).all()
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(
        f"Свидетельство_{n}.pdf" for n in numbers)
    assert all(len(PdfReader(f).pages) == 1 for f in out.glob("*.pdf"))
    seen = []
    paths = write_certificates(demo_db, ids, tmp_path / "all.pdf", progress=seen.append)
    assert paths == [tmp_path / "all.pdf"] and seen[-1] == len(ids)
    assert len(PdfReader(paths[0]).pages) == len(ids)
    assert_fonts_embedded(paths[0])


def test_the_centre_logo_replaces_the_drawn_emblem(demo_db, tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), (31, 56, 100)).save(logo)
    save_centre(demo_db, CENTRE, logo=logo)
    assert load_centre(demo_db).logo == logo.read_bytes()
    out = write_certificates(demo_db, [one_per_kind(demo_db)["yaya", "ОСМП"]],
                             tmp_path / "c.pdf")[0]
    raw = out.read_bytes()
    assert b"/Subtype /Image" in raw or b"/Subtype/Image" in raw
    assert "Информационно-методический центр" in pdf_text(out)


def test_cli_errors_are_one_russian_line_and_leave_no_file(demo_db, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    db = ["--db", str(demo_db.path)]
    assert main(["certificate", "--site", "99999", "-o", str(out / "x.pdf"), *db]) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "не найдена" in err
    assert main(["certificate", "--site", "1", "-o", str(out / "нет" / "x.pdf"), *db]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert "не существует" in err[-1]
    (out / "file.txt").write_text("x")
    assert main(["certificates", "--year", "2026", "-o", str(out / "file.txt"), *db]) == 2
    assert "нужна папка" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["file.txt"]


def test_certificate_pages_are_a4_portrait(demo_db, tmp_path):
    out = write_certificates(demo_db, [one_per_kind(demo_db)["dubna", "СтП"]],
                             tmp_path / "c.pdf")[0]
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert out.stat().st_size < 200_000


def test_the_window_asks_for_missing_details_then_saves_where_the_user_picks(qtbot, demo_db,
                                                                             tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from desktop.ui.handover import FILL
    from desktop.ui.main_window import MainWindow

    from uihelpers import type_text, when_modal

    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    w = MainWindow(demo_db, settings)
    qtbot.addWidget(w)
    site_id = one_per_kind(demo_db)["vyselki", "КИП"]
    w.registry.select_site(site_id)
    folder = tmp_path / "выдача"
    folder.mkdir()
    seen: list[str] = []

    def answer(widget) -> None:  # noqa: ANN001 - whichever modal comes next
        if isinstance(widget, QMessageBox):
            seen.append(widget.text())
            widget.grab().save(str(tmp_path / "question.png"))
            next(b for b in widget.buttons() if b.text() == FILL).click()
        elif isinstance(widget, QFileDialog):
            seen.append("folder")
            widget.setDirectory(str(folder))
            widget.accept()
            return
        else:  # «Сведения о центре»
            seen.append("centre")
            for key, text in (("name", "МКУ ИМЦ Выселковского района"),
                              ("head_name", "Н. А. Белова")):
                widget.edits[key].clear()
                type_text(widget.edits[key], text)
            widget.save()
        errors.extend(when_modal(answer))

    errors = when_modal(answer)
    w.certificate_action.trigger()
    qtbot.waitUntil(lambda: getattr(w, "pdf_dialog", None) is not None, timeout=20000)
    assert not errors, errors
    assert seen[0].startswith("Не заполнены сведения о центре: полное наименование центра, "
                              "ФИО руководителя, должность руководителя")
    assert seen[1:] == ["centre", "folder"], "asked once: after saving nothing is missing"
    with demo_db.session() as s:
        number = s.get(Site, site_id).number
    assert w.pdf_dialog.path == folder / f"Свидетельство_{number}.pdf"
    text = pdf_text(w.pdf_dialog.path)
    assert text.startswith("МКУ ИМЦ Выселковского района") and "Н. А. Белова" in text
    assert "приказ Министерства образования, науки и молодежной политики" in text
    assert settings.value("folders/certificates") == str(folder), "remembered"
    w.pdf_dialog.close()
