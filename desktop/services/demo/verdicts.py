"""What the demo's experts write: a verdict that agrees with the application's fate
(approved — positive, refused — negative, returned for revision — the first expert
against), conclusions that agree with the band, and the sections of a conclusion form
(Кемерово's «Заключение экспертной группы») written for or against."""

from __future__ import annotations

from desktop.profiles import Band, Form

POSITIVE = "Рекомендовать к присвоению статуса."
NEGATIVE = "Не рекомендовать к присвоению статуса: проект требует существенной доработки."
REVISE = "Рекомендовать доработать заявку с учётом замечаний и представить её повторно."

# (a word of the field's label, the text for, the text against)
SECTIONS = (
    ("актуальн", "Тема «{t}» актуальна для муниципальной системы образования: проект "
                 "отвечает задачам развития образования города и опирается на опыт "
                 "организации.",
     "Актуальность темы «{t}» обоснована недостаточно: проблема, которую решает проект, "
     "не названа."),
    ("готовност", "Организация готова к реализации проекта: есть творческая группа, "
                  "педагоги высшей категории, необходимые материально-технические условия.",
     "Кадровые и материально-технические ресурсы для реализации проекта описаны не "
     "полностью."),
    ("рекомендац", "На защите на НМС представить механизм оценки результатов и план "
                   "трансляции опыта.",
     "Уточнить цель и ожидаемые результаты, представить план мероприятий по задачам."),
)


def passes(state: str, expert_no: int) -> bool:
    """The verdict of the application's n-th expert (from 0), by where it ended up."""
    return not (state == "refused" or (state == "revision" and expert_no == 0))


def conclusion_for(passed: bool) -> str:
    return POSITIVE if passed else NEGATIVE


def conclusion_for_band(band: Band | None) -> str:
    """A scored expert's recommendation, as the band allows it."""
    if band is None or band.accept:
        return POSITIVE
    return REVISE if "revise" in band.allows else NEGATIVE


def form_sections(form: Form, theme: str, passed: bool) -> dict[str, str]:
    """The conclusion form's text fields written for (or against) the application."""
    out = {}
    for f in form.fields:
        low = f.label.lower()
        for key, yes, no in SECTIONS:
            if key in low:
                out[f.code] = (yes if passed else no).format(t=theme)
                break
        else:
            out[f.code] = "Замечаний нет." if passed else "Требуется доработка."
    return out
