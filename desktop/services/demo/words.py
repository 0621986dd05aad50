"""What the demo writes: names, organisations, places, themes, events, the answers in
application forms, and how far along its procedure an application in a given state is."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from desktop.profiles import Kind, Profile

MALE_LAST = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов",
             "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
             "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов",
             "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов"]
MALE_FIRST = ["Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Михаил", "Игорь",
              "Евгений", "Владимир", "Николай", "Павел", "Олег", "Виктор", "Юрий"]
FEMALE_FIRST = ["Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Марина",
                "Анна", "Мария", "Юлия", "Екатерина", "Людмила", "Галина", "Надежда",
                "Оксана", "Валентина", "Алёна", "Анастасия"]
PATRONYMIC_ROOTS = ["Александров", "Сергеев", "Викторов", "Николаев", "Петров", "Иванов",
                    "Владимиров", "Михайлов", "Андреев", "Юрьев", "Павлов", "Олегов"]
POSITIONS = ["учитель начальных классов", "учитель математики", "учитель русского языка",
             "учитель информатики", "воспитатель", "старший воспитатель", "педагог-психолог",
             "учитель-логопед", "педагог дополнительного образования", "методист",
             "заместитель директора по УВР", "учитель физики", "учитель биологии"]
LEADER_POSITIONS = ["директор", "заместитель директора по УВР", "заместитель заведующего",
                    "заведующий", "учитель высшей категории"]
_MB, _OBR = "Муниципальное бюджетное", "общеобразовательное учреждение"
ORG_TEMPLATES = [
    ("МБОУ «СОШ № {n}»", f"{_MB} {_OBR} «Средняя общеобразовательная школа № {{n}}»",
     "школа"),
    ("МБОУ «Гимназия № {n}»", f"{_MB} {_OBR} «Гимназия № {{n}}»", "гимназия"),
    ("МБОУ «Лицей № {n}»", f"{_MB} {_OBR} «Лицей № {{n}}»", "лицей"),
    ("МБДОУ № {n} «{name}»", f"{_MB} дошкольное образовательное учреждение «Детский сад "
     "№ {n} «{name}»", "детский сад"),
    ("МАОУ «ООШ № {n}»", f"Муниципальное автономное {_OBR} «Основная общеобразовательная "
     "школа № {n}»", "школа"),
    ("МБУ ДО «ЦДТ № {n}»", f"{_MB} учреждение дополнительного образования «Центр детского "
     "творчества № {n}»", "дополнительное образование"),
]
KINDERGARTEN_NAMES = ["Солнышко", "Радуга", "Берёзка", "Теремок", "Ласточка", "Колокольчик",
                      "Сказка", "Золотой ключик", "Ромашка", "Журавушка", "Светлячок"]
STREETS = ["ул. Ленина", "ул. Советская", "пр. Мира", "ул. Школьная", "ул. Гагарина",
           "ул. Молодёжная", "ул. Садовая", "пр. Победы", "ул. Кирова", "ул. Строителей"]
THEME_SUBJECTS = [
    "формирование функциональной грамотности обучающихся",
    "развитие цифровой образовательной среды",
    "сопровождение одарённых детей",
    "инклюзивное образование детей с ОВЗ",
    "проектная и исследовательская деятельность школьников",
    "ранняя профориентация дошкольников",
    "наставничество молодых педагогов",
    "бережливые технологии в управлении образовательной организацией",
    "STEM-образование и техническое творчество",
    "читательская грамотность",
    "патриотическое воспитание",
    "сетевое взаимодействие школ",
    "формирующее оценивание",
    "здоровьесберегающие технологии",
    "работа с детьми группы риска",
    "развитие естественно-научной грамотности",
]
THEME_FRAMES = [
    "{S}",
    "{S}: модели и практики",
    "Современные практики: {s}",
    "Организационно-методическое сопровождение: {s}",
    "{S} как ресурс повышения качества образования",
]
EVENT_NAMES = [
    "«Функциональная грамотность на уроке»", "«Цифровые инструменты педагога»",
    "«Наставничество: от адаптации к мастерству»", "«Проектная задача в начальной школе»",
    "«Инклюзивная среда в детском саду»", "«Формирующее оценивание: приёмы и инструменты»",
    "«Технологии бережливого управления»", "«Робототехника для дошкольников»",
    "«Смысловое чтение на уроках»", "«Сетевой проект: опыт и результаты»",
]
EVENT_FORMS = ["семинар", "мастер-класс", "вебинар", "стажировка", "практикум", "конференция",
               "открытое занятие", "круглый стол"]


@dataclass(frozen=True)
class Place:
    """Where a profile's demo organisations are: settlement, postal code, phone area code."""

    city: str
    postcode: str
    area: str


# Each profile's organisations get addresses of its own municipality (an Омск site with a
# Кемерово address is a demo artefact the documents would print).
PLACES = {"kemerovo": Place("г. Кемерово", "650000", "3842"),
          "omsk": Place("г. Омск", "644000", "3812"),
          "dubna": Place("г. Дубна, Московская обл.", "141980", "49621"),
          "yaya": Place("пгт Яя, Кемеровская обл.", "652100", "38441"),
          "vyselki": Place("ст-ца Выселки, Краснодарский край", "353100", "86157")}
# Heads as the directory holds them: the full name; letters address them in the dative
# («Директору … Н. В. Егоровой», «Уважаемая Наталья Викторовна!»).
HEADS = ["Егорова Наталья Викторовна", "Павлова Светлана Александровна",
         "Смирнов Игорь Геннадьевич", "Орлова Татьяна Николаевна", "Зайцева Ольга Владимировна",
         "Никитин Алексей Михайлович", "Борисова Людмила Петровна", "Макарова Елена Сергеевна",
         "Андреева Мария Юрьевна"]


def head_position(org_type: str, n: int) -> str:
    """The head's position as a directory has it: a kindergarten's «заведующий», a
    school's «директор», now and then an acting one («и. о. директора»)."""
    if org_type == "детский сад":
        return "заведующий"
    return "и. о. директора" if n % 10 == 7 else "директор"


FILLERS = (("актуальн", "Практика по теме «{t}» даёт устойчивые результаты и востребована "
                        "педагогами других организаций."),
           ("аудитори", "Учителя и воспитатели образовательных организаций округа."),
           ("соисполнител", "Нет."),
           ("управлени", "Руководитель площадки и творческая группа; отчёт дважды в год."),
           ("цел", "Повышение качества образования через {s}."),
           ("задач", "Изучить опыт по теме; разработать методические материалы; провести "
                     "апробацию и представить её результаты педагогам округа."),
           ("результат", "Методические рекомендации, открытые занятия и публикации по теме; "
                         "педагоги, освоившие практику."),
           ("ресурс", "Кадровые, материально-технические и информационные условия ОО."))


def filler(label: str, theme: str) -> str:
    """A plausible answer to a form's free-text question (demo only)."""
    low = label.lower()
    for key, text in FILLERS:
        if key in low:
            return text.format(s=theme[:1].lower() + theme[1:], t=theme)
    return f"Сведения представлены по теме «{theme}»."


CELLS = (("срок", ["сентябрь", "ноябрь", "январь", "март", "май"]),
         ("дата", ["сентябрь", "ноябрь", "январь", "март", "май"]),
         ("исполнител", ["руководитель площадки", "творческая группа", "педагоги ОО"]),
         ("ответствен", ["руководитель площадки", "творческая группа", "педагоги ОО"]),
         ("результат", ["методические рекомендации", "открытое занятие проведено",
                        "материалы размещены на сайте ОО"]),
         ("задач", ["1", "2", "3"]), ("участник", ["24", "31", "18", "40"]),
         ("количеств", ["24", "31", "18", "40"]))


def table_cell(label: str, row: int) -> str:
    """A plausible cell of a form's table (demo only): by what its column asks."""
    low = label.lower()
    for key, values in CELLS:
        if key in low:
            return values[row % len(values)]
    return EVENT_NAMES[row % len(EVENT_NAMES)].strip("«»")


def place_of(profile: Profile) -> Place:
    """The demo's place of a profile; a profile it does not know: its municipality."""
    return PLACES.get(profile.id, Place(profile.municipality, "000000", "000"))

APP_STATES = ["draft", "registered", "review", "reviewed", "council", "approved", "refused",
              "revision", "withdrawn"]


def female_name(last: str) -> str:
    if last.endswith(("ов", "ев", "ёв", "ин")):
        return last + "а"
    return last


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def demo_term(kind: Kind, start: dt.date, rnd: random.Random) -> dt.date:
    """A plausible term end for the demo (the real rule lives in the workflow)."""
    if kind.term.mode == "calendar_year":
        return dt.date(start.year, 12, 31)
    if kind.term.mode == "months":
        months = kind.term.months or kind.term.max_months
        if kind.term.min_months and kind.term.max_months:
            months = rnd.choice([kind.term.min_months, kind.term.max_months])
        return add_months(start, months) - dt.timedelta(days=1)
    return add_months(start, rnd.choice([24, 36, 36, 48])) - dt.timedelta(days=1)


# How far along the procedure a demo application in `state` is (the stages it has done).
STATE_REACHES = {"draft": (), "registered": ("intake",), "review": ("intake",),
                  "reviewed": ("intake", "review"), "council": ("intake", "review"),
                  "revision": ("intake", "review"), "approved": ("intake", "review", "decision",
                                                                 "confirmation"),
                  "refused": ("intake", "review", "decision", "confirmation"),
                  "ordered": ("intake", "review", "decision", "confirmation", "order",
                              "certificate")}


def stages_done(kind: Kind, state: str, day: dt.date) -> dict[str, str]:
    types = STATE_REACHES.get(state, ())
    return {s.code: day.isoformat() for s in kind.stages if s.type in types}
