"""Build the shipped document templates (resources/templates/*.docx) with python-docx.

    .venv/bin/python scripts/make_templates.py

The templates are ordinary Word documents with docxtpl fields ({{ centre.name }},
{%tr for item in items %} …); a centre copies one into its templates folder and edits the
wording, letterhead and signatures in Word. The fields are listed by
`metodist templates check`. A profile's own wording lives in a subfolder named by the
profile's id (omsk/order.docx, kemerovo/invitation.docx).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.shared import Pt
from template_parts import (
    CENTER,
    JUSTIFY,
    NO_NAME,
    RIGHT,
    cell_text,
    form_table,
    letter_head,
    loop_table,
    new,
    no_borders,
    page_break,
    para,
    signature,
    tag,
    widths,
)

OUT = Path(__file__).resolve().parents[1] / "resources" / "templates"


# --------------------------------------------------------------------------- documents


def agenda():  # noqa: ANN201
    doc = new("Повестка заседания")
    t = doc.add_table(rows=1, cols=2)
    no_borders(t)
    widths(t, [80, 85])
    cell_text(t.rows[0].cells[1], [("УТВЕРЖДАЮ", True), ("{{ centre.head_position }}", False),
                                   ("{{ centre.short_name or centre.name }}", False),
                                   ("____________ {{ centre.head_name }}", False),
                                   ("{{ date }}", False)])
    para(doc, "ПОВЕСТКА", bold=True, align=CENTER, before=18, size=14)
    para(doc, "заседания {{ meeting.body_genitive or 'совета' }}", align=CENTER)
    para(doc, "Дата проведения: {{ date }}{% if meeting.protocol %}, протокол № "
              "{{ meeting.protocol }}{% endif %}", align=CENTER, after=12)
    loop_table(doc, ["№", "Рег. №", "Образовательная организация", "Вид площадки",
                     "Тема (проект)", "Докладчик"],
               ["{{ item.no }}", "{{ item.reg_number }}", "{{ item.organisation }}",
                "{{ item.kind }}", "{{ item.theme }}", "{{ item.speaker }}"],
               "item in items", [8, 20, 34, 28, 40, 35], 10)
    signature(doc, "Секретарь", "_______________")
    return doc


def protocol():  # noqa: ANN201
    doc = new("Протокол заседания")
    para(doc, "{{ centre.name }}", bold=True, align=CENTER)
    para(doc, "{% if extract %}ВЫПИСКА ИЗ ПРОТОКОЛА{% else %}ПРОТОКОЛ{% endif %}"
              "{% if number %} № {{ number }}{% endif %}", bold=True, align=CENTER, before=12,
         size=14)
    para(doc, "заседания {{ meeting.body_genitive or 'совета' }}", align=CENTER)
    para(doc, "{{ date }}, {{ centre.city }}", align=CENTER, after=12)
    para(doc, "ПОВЕСТКА ДНЯ:", bold=True)
    tag(doc, "{%p for item in items %}")
    para(doc, "{{ item.no }}. О заявке (заявитель — {{ item.organisation }}, рег. № "
              "{{ item.reg_number }}) "
              "на присвоение статуса {{ item.kind_genitive }}, тема: «{{ item.theme }}».",
         indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for item in items %}")
    para(doc, "{{ item.no }}. СЛУШАЛИ: о заявке (заявитель — {{ item.organisation }}, рег. № "
              "{{ item.reg_number }}), тема: «{{ item.theme }}».", before=10, indent=True)
    tag(doc, "{%p if item.sheets %}")
    para(doc, "Результаты экспертизы:", indent=True)
    # Scored profiles: each total and band; the others: each expert's conclusion (pass/fail
    # or the words the expert wrote).
    tag(doc, "{%p if item.max_total %}")
    loop_table(doc, ["Эксперт", "Баллы", "Уровень"],
               # the writer prints None as "", so a sheet without a total is tested so
               ["{{ sheet.expert }}", "{{ '—' if sheet.total == '' else sheet.total }} "
                "из {{ item.max_total }}", "{{ sheet.band or '—' }}"],
               "sheet in item.sheets", [70, 35, 60], 11)
    tag(doc, "{%p else %}")
    loop_table(doc, ["Эксперт", "Заключение"],
               ["{{ sheet.expert }}",
                "{% if sheet.passed is sameas true %}положительное"
                "{% elif sheet.passed is sameas false %}отрицательное{% endif %}"
                "{% if sheet.passed in (true, false) and sheet.conclusion %}: {% endif %}"
                "{{ sheet.conclusion }}"
                "{% if sheet.passed not in (true, false) and not sheet.conclusion %}—"
                "{% endif %}"],
               "sheet in item.sheets", [70, 95], 11)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if item.max_total %}")
    para(doc, "Средний балл: {{ item.mean }} из {{ item.max_total }}, уровень: {{ item.band }}.",
         indent=True, before=4)
    tag(doc, "{%p endif %}")
    para(doc, "РЕШИЛИ: {{ item.decision }}{% if item.ground %} (основание: {{ item.ground }})"
              "{% endif %}.", bold=True, indent=True, before=6)
    tag(doc, "{%p endfor %}")
    signature(doc, "{{ signer.position }}", NO_NAME)
    signature(doc, "{{ secretary.position }}", "{{ secretary.name or '_______________' }}",
              before=8)
    return doc


def order(omsk: bool = False):  # noqa: ANN201
    doc = new("Приказ")
    # Another body's act (a department, a ministry): the centre sends it as a draft.
    tag(doc, "{%p if order.draft %}")
    para(doc, "ПРОЕКТ", bold=True, align=RIGHT, after=6)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if order.founder %}")
    para(doc, "{{ order.founder }}", align=CENTER, size=11, after=2)
    tag(doc, "{%p endif %}")
    para(doc, "{{ order.issuer }}", bold=True, align=CENTER)
    para(doc, "П Р И К А З", bold=True, align=CENTER, before=12, size=16, after=12)
    t = doc.add_table(rows=1, cols=2)
    no_borders(t)
    widths(t, [85, 80])
    cell_text(t.rows[0].cells[0], [("{{ date }}", False)])
    cell_text(t.rows[0].cells[1], [("№ {{ number }}", False)], RIGHT)
    para(doc, "{{ order.place }}", align=CENTER, after=12)
    para(doc, "{{ order.title }}", bold=True, align=CENTER, after=12)
    para(doc, "В соответствии с документом «{{ profile.source }}»{% if basis %}, на основании "
              "{{ basis }}{% endif %}", align=JUSTIFY, indent=True)
    tag(doc, "{%p if order.operative %}")
    para(doc, "{{ order.operative }}", bold=True, before=6, after=6)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if assigned %}")
    if omsk:
        para(doc, "Присвоить статус {{ kind.genitive }} образовательным организациям, "
                  "утвердить темы и сроки работы стажировочных площадок согласно приложению "
                  "(п. 4.8 положения).", style="List Number", align=JUSTIFY)
    else:
        para(doc, "Присвоить статус {{ kind.genitive }} образовательным организациям на срок, "
                  "указанный в приложении.", style="List Number", align=JUSTIFY)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if extended %}")
    para(doc, "Продлить срок деятельности площадок, указанных в приложении, до дат, "
              "указанных в нём.", style="List Number", align=JUSTIFY)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if removed %}")
    para(doc, "Прекратить досрочно деятельность площадок, указанных в приложении, по "
              "основаниям, указанным в нём.", style="List Number", align=JUSTIFY)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if completed %}")
    para(doc, "Считать завершившими деятельность площадки, указанные в приложении, в связи "
              "с окончанием срока.", style="List Number", align=JUSTIFY)
    tag(doc, "{%p endif %}")
    para(doc, "Контроль за исполнением настоящего приказа оставляю за собой.",
         style="List Number", align=JUSTIFY)
    signature(doc)
    page_break(doc)
    t = doc.add_table(rows=1, cols=2)
    no_borders(t)
    widths(t, [75, 90])
    cell_text(t.rows[0].cells[1], [("Приложение к приказу", False),
                                   ("от {{ date }} № {{ number }}", False)], None, 11)
    para(doc, "Список площадок", bold=True, align=CENTER, before=12, after=8)
    loop_table(doc, ["№", "Рег. № площадки", "Образовательная организация", "Тема",
                     "Срок", "Решение"],
               ["{{ item.no }}", "{{ item.site_number }}", "{{ item.organisation }}",
                "{{ item.theme }}", "с {{ item.term_start }}\nпо {{ item.term_end }}",
                "{{ item.action_text }}{% if item.ground %}: {{ item.ground }}{% endif %}"],
               "item in items", [8, 22, 42, 38, 33, 22], 10)
    return doc


def notice():  # noqa: ANN201
    doc = new("Уведомление о решении")
    letter_head(doc, "О решении по заявке")
    para(doc, "Сообщаем, что {{ decision.date }} "
              "{% if decision.body_genitive %}на заседании {{ decision.body_genitive }}"
              "{% if decision.protocol %} (протокол № {{ decision.protocol }}){% endif %} "
              "{% endif %}рассмотрена заявка (заявитель — {{ application.organisation }}, рег. № "
              "{{ application.reg_number }} от {{ application.reg_date }}) на присвоение "
              "статуса {{ kind.genitive }} по теме «{{ application.theme }}» и принято "
              "решение: {{ decision.text }}.", align=JUSTIFY, indent=True)
    tag(doc, "{%p if decision.ground %}")
    para(doc, "Основание: {{ decision.ground }}.", align=JUSTIFY, indent=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if decision.order_number %}")
    para(doc, "Приказом {{ decision.order_issuer }} от {{ decision.order_date }} № "
              "{{ decision.order_number }} площадке присвоен регистрационный номер "
              "{{ decision.site_number }}; срок деятельности площадки — с "
              "{{ decision.term_start }} по {{ decision.term_end }} включительно.",
         align=JUSTIFY, indent=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if decision.outcome == 'revise' %}")
    para(doc, "Просим доработать заявку с учётом замечаний и представить её повторно.",
         align=JUSTIFY, indent=True)
    tag(doc, "{%p endif %}")
    signature(doc)
    return doc


def missing():  # noqa: ANN201
    doc = new("Письмо о недостающих документах")
    letter_head(doc, "О недостающих документах")
    para(doc, "Сообщаем, что в пакете документов заявителя ({{ application.organisation }}"
              "{% if application.reg_number %}, рег. № {{ application.reg_number }}{% endif %}) "
              "на присвоение статуса {{ kind.genitive }} по теме «{{ application.theme }}» "
              "не представлены или оформлены с ошибками следующие документы:",
         align=JUSTIFY, indent=True, after=8)
    loop_table(doc, ["№", "Документ", "Замечание"],
               ["{{ item.no }}", "{{ item.title }}",
                "{{ item.state }}{% for problem in item.problems %}; {{ problem }}{% endfor %}"],
               "item in items", [10, 80, 75], 11)
    para(doc, "Просим представить недостающие документы (исправленные формы) в наш адрес. "
              "До их получения заявка не может быть зарегистрирована и рассмотрена.",
         align=JUSTIFY, indent=True, before=8)
    signature(doc)
    return doc


def invitation(defence: bool = False):  # noqa: ANN201
    doc = new("Приглашение на заседание")
    letter_head(doc, "Приглашение на защиту проекта" if defence else "Приглашение на заседание")
    if defence:
        para(doc, "Приглашаем руководителя проекта ({{ application.leader }}) и представителей "
                  "образовательной организации ({{ application.organisation }}) на заседание "
                  "научно-методического совета "
                  "{{ meeting.date }} для защиты инновационного проекта "
                  "(программы) по теме «{{ application.theme }}», представленного на "
                  "присвоение статуса {{ kind.genitive }} (рег. № {{ application.reg_number }}).",
             align=JUSTIFY, indent=True)
        para(doc, "Просим подготовить выступление о замысле проекта, этапах его реализации и "
                  "ожидаемых результатах.", align=JUSTIFY, indent=True)
    else:
        para(doc, "Приглашаем представителя образовательной организации "
                  "({{ application.organisation }}) на заседание "
                  "{{ meeting.body_genitive or 'совета' }} {{ meeting.date }}, на котором "
                  "будет рассмотрена заявка "
                  "на присвоение статуса {{ kind.genitive }} по теме «{{ application.theme }}» "
                  "(рег. № {{ application.reg_number }}).", align=JUSTIFY, indent=True)
    tag(doc, "{%p if meeting.notes %}")
    para(doc, "{{ meeting.notes }}", align=JUSTIFY, indent=True)
    tag(doc, "{%p endif %}")
    signature(doc)
    return doc


def conclusion():  # noqa: ANN201
    doc = new("Экспертное заключение")
    tag(doc, "{%p for c in items %}")
    # each expert's conclusion from a new page: the break opens the centre's line, so a
    # full page never leaves a break alone on the next one (an empty page)
    first = para(doc, align=CENTER)
    first.add_run("{% if not loop.first %}")
    first.add_run().add_break(WD_BREAK.PAGE)
    first.add_run("{% endif %}{{ centre.name }}").font.size = Pt(11)
    para(doc, "{{ c.heading }}", bold=True, align=CENTER, before=6, size=14)
    tag(doc, "{%p if c.note %}")
    para(doc, "{{ c.note }}", align=CENTER, size=10)
    tag(doc, "{%p endif %}")
    para(doc, "на заявку {{ application.organisation }} (рег. № {{ application.reg_number }}) "
              "на присвоение статуса {{ kind.genitive }}", align=CENTER)
    para(doc, "Тема: «{{ application.theme }}»", align=CENTER, after=10)
    para(doc, "Эксперт: {{ c.expert }}{% if c.organisation %}, {{ c.organisation }}{% endif %}")
    para(doc, "Дата заключения: {{ c.date or 'не представлено' }}", after=6)
    tag(doc, "{%p if scored %}")
    tag(doc, "{%p if c.defects %}")
    para(doc, "Формальные недочёты (минус балл за каждый):", before=6, after=2)
    loop_table(doc, ["№", "Недочёт", "Штраф"],
               ["{{ s.no }}", "{{ s.text }}", "{{ s.value }}"],
               "s in c.defects", [8, 141, 16], 10)
    tag(doc, "{%p endif %}")
    para(doc, before=4)
    loop_table(doc, ["№", "Критерий", "Балл", "Макс."],
               ["{{ s.no }}", "{{ s.text }}", "{{ s.value }}", "{{ s.max }}"],
               "s in c.scores", [8, 129, 14, 14], 10)
    para(doc, "ИТОГО: {{ c.total }} из {{ c.max_total }} баллов, уровень: {{ c.band }}.",
         bold=True, before=4, after=2)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for f in c.form %}")
    para(doc, "{{ f.label }}", bold=True, before=8, after=2)
    para(doc, "{{ f.value }}", align=JUSTIFY)
    tag(doc, "{%p endfor %}")
    para(doc, "Заключение: {{ c.verdict }}.", bold=True, before=8)
    tag(doc, "{%p if c.conclusion %}")
    para(doc, "{{ c.conclusion }}", before=4, align=JUSTIFY)
    tag(doc, "{%p endif %}")
    signature(doc, "Эксперт", "{{ c.signed }}", before=10)
    tag(doc, "{%p endfor %}")
    return doc


def application():  # noqa: ANN201
    """The package as the regulation's forms print it: each document from a new page under
    its form's title, its fields in tables (label beside value, a heading row at each
    section; a table field as its own table), the signatures, stamp and date the form asks
    for, and the lines the commission fills from the registration."""
    doc = new("Заявка")
    tag(doc, "{%p for d in items %}")
    first = para(doc, align=CENTER)
    first.add_run("{% if not loop.first %}")
    first.add_run().add_break(WD_BREAK.PAGE)
    first.add_run("{% endif %}")
    first.add_run("{{ d.heading }}").bold = True
    tag(doc, "{%p if d.note %}")
    para(doc, "{{ d.note }}", align=CENTER, size=10)
    tag(doc, "{%p endif %}")
    para(doc, "{{ application.organisation }}", align=CENTER, before=4, after=8, size=11)
    tag(doc, "{%p if not d.present %}")
    para(doc, "Документ не представлен.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if d.paper %}")
    para(doc, "{{ d.paper }}", size=10, after=6)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if d.attachment %}")
    para(doc, "Приложен файл: {{ d.attachment }}", size=11)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for f in d.blocks %}")  # `f`: the table field's builder reads f.columns
    tag(doc, "{%p if f.columns %}")
    para(doc, "{{ f.label }}", bold=True, before=6, after=2, size=11) \
        .paragraph_format.keep_with_next = True
    form_table(doc)
    tag(doc, "{%p else %}")
    field_table(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if d.signs %}")
    para(doc, before=14)
    sign_table(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if d.stamp %}")
    para(doc, "М. П.", before=4)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if d.date_line %}")
    para(doc, "{{ d.date_line }}", before=6)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if d.official %}")
    para(doc, before=10)
    tag(doc, "{%p for f in d.official %}")
    para(doc, "{{ f.label }}: {{ f.value }}", before=2)
    tag(doc, "{%p endfor %}")
    para(doc, "{{ d.official_note }}", size=10)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    return doc


def field_table(doc) -> None:  # noqa: ANN001
    """The form's fields, one row each: the label (a section's heading row in bold) beside
    the value, as the regulation's forms lay them out."""
    t = doc.add_table(rows=3, cols=2)
    t.style = "Table Grid"
    widths(t, [70, 95])
    t.rows[0].cells[0].text = "{%tr for r in f.fields %}"
    label = t.rows[1].cells[0].paragraphs[0]
    label.add_run("{{ r.heading }}").bold = True
    label.add_run("{{ r.label }}")
    for run in label.runs:
        run.font.size = Pt(11)
    cell_text(t.rows[1].cells[1], [("{{ r.value }}", False)], None, 11)
    t.rows[2].cells[0].text = "{%tr endfor %}"
    for row in t.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def sign_table(doc) -> None:  # noqa: ANN001
    """The signatures the form asks for: who, a line to sign on with what it asks for
    under it, the name."""
    t = doc.add_table(rows=3, cols=3)
    no_borders(t)
    widths(t, [70, 45, 50])
    t.rows[0].cells[0].text = "{%tr for s in d.signs %}"
    cells = t.rows[1].cells
    cell_text(cells[0], [("{{ s.position }}", False)])
    cell_text(cells[1], [("____________", False), ("{{ s.hint }}", False, 10)], CENTER)
    cell_text(cells[2], [("{{ s.name }}", False)], RIGHT)
    t.rows[2].cells[0].text = "{%tr endfor %}"


BUILDERS = {
    "agenda.docx": agenda, "protocol.docx": protocol, "order.docx": order,
    "notice.docx": notice, "missing.docx": missing, "invitation.docx": invitation,
    "conclusion.docx": conclusion, "application.docx": application,
    "omsk/order.docx": lambda: order(omsk=True),
    "kemerovo/invitation.docx": lambda: invitation(defence=True),
}


def main() -> int:
    for name, build in BUILDERS.items():
        path = OUT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        build().save(str(path))
        print(path.relative_to(OUT.parents[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
