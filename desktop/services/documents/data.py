"""The office's documents as plain data: what a template may print, nothing that queries.

Every document has the same envelope (`Document`): the centre's letterhead, the profile, the
signer, its number and date, and a body of its own type. Dates are kept as dates here; the
writer prints them in Russian long form. The field names are the template's field names
(`{{ centre.name }}`, `{% for item in items %}`), listed by `desktop.exports.docx_fields`;
the fields of `Document` named in NOT_PRINTED are for the program, not for templates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

NOT_PRINTED = ("links", "missing")


@dataclass
class Letterhead:
    """The centre that writes, as its бланк prints it (from «Сведения о центре»; the name
    is the profile's operator while the centre has not been described). `contacts` and
    `requisites` are ready lines: «тел. …, e-mail: …, сайт: …» and «ОГРН …, ИНН/КПП …/…»."""

    name: str
    short_name: str = ""
    city: str = ""
    head_name: str = ""
    head_position: str = ""
    founder: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    inn: str = ""
    kpp: str = ""
    ogrn: str = ""
    contacts: str = ""
    requisites: str = ""


@dataclass
class Signer:
    """Who signs: a position and a name (blank name: a line is left to write it in)."""

    position: str
    name: str = ""


@dataclass
class ProfileInfo:
    id: str
    name: str
    municipality: str
    operator: str
    source: str


@dataclass
class KindInfo:
    code: str
    name: str
    genitive: str


@dataclass
class Addressee:
    """The organisation a letter goes to: full name, its head (as typed), address, e-mail;
    for the addressee's block the head's position in the dative as the block begins
    («Директору», «И. о. директора», «Руководителю» without one) and the head's name in the
    dative with the initials first («М. Ю. Андреевой», empty without a head); the
    salutation («Уважаемая Мария Юрьевна!», «Уважаемый руководитель!»)."""

    organisation: str
    short_name: str = ""
    head: str = ""
    address: str = ""
    email: str = ""
    head_position: str = ""
    position_dative: str = ""
    head_dative: str = ""
    salutation: str = ""


@dataclass
class ApplicationInfo:
    id: int
    reg_number: str
    reg_date: dt.date | None
    organisation: str
    kind: str
    theme: str
    direction: str = ""
    project: str = ""
    leader: str = ""
    leader_position: str = ""


@dataclass
class MeetingInfo:
    id: int
    body: str
    date: dt.date
    protocol: str = ""
    notes: str = ""
    body_genitive: str = ""  # «на заседании Научно-методического совета (НМС)»


@dataclass
class Sheet:
    """One expert's result in a protocol: total and band, or a pass/fail verdict, and the
    conclusion in the expert's words."""

    expert: str
    total: int | None = None
    band: str = ""
    passed: bool | None = None
    conclusion: str = ""


@dataclass
class Heard:
    """An application (or a site's case) heard at a meeting, as its agenda lists it."""

    no: int
    reg_number: str
    organisation: str
    kind: str
    theme: str


@dataclass
class AgendaItem(Heard):
    speaker: str = ""  # the leader who reports (defends) the project


@dataclass
class ProtocolItem(Heard):
    """A question of the protocol: the decision in words, the experts' results."""

    decision: str = ""  # «присвоить статус …», «отказать», «вернуть на доработку»
    outcome: str = ""  # assign | refuse | revise | extend | remove | complete | "" (not decided)
    ground: str = ""
    sheets: list[Sheet] = field(default_factory=list)
    mean: float | None = None
    band: str = ""
    max_total: int = 0
    kind_genitive: str = ""


@dataclass
class OrderRow:
    """A line of the order's appendix: one site the order assigns, extends or removes."""

    no: int
    site_number: str
    organisation: str
    kind: str
    theme: str
    term_start: dt.date | None
    term_end: dt.date | None
    action: str  # assign | extend | remove | complete
    action_text: str
    ground: str = ""


@dataclass
class OrderInfo:
    """The order: its number, date, who issues it, its title; `founder` is the line above
    the issuer on the бланк when the centre itself issues it (its founder), else empty;
    `place` where it is issued (the centre's city, or the profile's municipality when
    another body issues it)."""

    id: int
    number: str
    date: dt.date
    issuer: str
    title: str
    founder: str = ""
    place: str = ""
    draft: bool = False  # another body's act, printed by the centre as «ПРОЕКТ» to send
    operative: str = "ПРИКАЗЫВАЮ:"  # the act's operative words (the profile's stage)


@dataclass
class DecisionInfo:
    outcome: str
    text: str  # the decision in words
    date: dt.date | None
    body: str
    protocol: str = ""
    ground: str = ""
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    site_number: str = ""
    order_number: str = ""
    order_date: dt.date | None = None
    order_issuer: str = ""
    body_genitive: str = ""  # who decided, in the genitive («на заседании Экспертной комиссии»)


@dataclass
class MissingItem:
    no: int
    title: str
    state: str  # «отсутствует в пакете» | «ошибки в оформлении»
    problems: list[str] = field(default_factory=list)


@dataclass
class Score:
    no: int
    text: str
    value: int | None
    max: int


@dataclass
class FieldValue:
    """A form field as printed; `columns`/`rows` set for a table field."""

    label: str
    value: str = ""
    section: str = ""
    heading: str = ""  # the section's title, on its first field only
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Conclusion:
    """One expert's conclusion: scores per criterion, defects, total and band, or the
    pass/fail verdict, and the fields of the profile's conclusion form."""

    expert: str
    date: dt.date | None
    conclusion: str
    total: int | None = None
    band: str = ""
    max_total: int = 0
    passed: bool | None = None
    scores: list[Score] = field(default_factory=list)
    defects: list[Score] = field(default_factory=list)
    form: list[FieldValue] = field(default_factory=list)
    signed: str = ""  # the name under the signature, initials first («Н. П. Борисова»)
    organisation: str = ""  # the expert's place of work
    verdict: str = ""  # always printed: «положительное», «отрицательное», the band's words
    heading: str = "ЭКСПЕРТНОЕ ЗАКЛЮЧЕНИЕ"  # the profile's form title, if it gives one
    note: str = ""  # the profile's note on its form (a form of the centre's own)


@dataclass
class FormBlock:
    """A run of a form's fields printed as one table, label beside value (`fields`), or
    one table field with its own columns (`columns`, `rows`; `label` above it)."""

    fields: list[FieldValue] = field(default_factory=list)
    label: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class SignLine:
    """A signature the form asks for: who, the name, what the line under it says."""

    position: str
    name: str = ""
    hint: str = "(подпись)"


@dataclass
class PackageDocument:
    """A document of the application's package with its filled form: the form's title and
    note, its fields as tables, the signatures, stamp and date it asks for, and the fields
    the commission fills (registration number and date) from the registration."""

    title: str
    present: bool
    attachment: str = ""
    fields: list[FieldValue] = field(default_factory=list)
    heading: str = ""  # the form's title as printed («ЗАЯВКА НА ПОЛУЧЕНИЕ СТАТУСА …»)
    note: str = ""  # the profile's note on the form (whose form it is)
    paper: str = ""  # «оригинал на бумаге …» for a document received on paper
    blocks: list[FormBlock] = field(default_factory=list)
    signs: list[SignLine] = field(default_factory=list)
    stamp: bool = False  # «М. П.» beside the head's signature
    date_line: str = ""  # «15 сентября 2026 г.», or the blank «___» ___ 20__ г.
    official: list[FieldValue] = field(default_factory=list)  # filled by the commission
    official_note: str = ""  # who fills them: «(заполняется экспертной комиссией)»


@dataclass
class Document:
    """The envelope every writer takes. `code` is the document type; `number` and `date`
    are the journal's (outgoing), the order's or the protocol's; `body` is per type."""

    code: str
    title: str
    centre: Letterhead
    profile: ProfileInfo
    signer: Signer
    date: dt.date | None
    number: str = ""
    kind: KindInfo | None = None
    addressee: Addressee | None = None
    application: ApplicationInfo | None = None
    meeting: MeetingInfo | None = None
    order: OrderInfo | None = None
    decision: DecisionInfo | None = None
    items: list = field(default_factory=list)  # AgendaItem | ProtocolItem | OrderRow | ...
    extract: bool = False  # a protocol for one application only (выписка)
    scored: bool = False  # the profile scores applications (totals, mean, band)
    basis: str = ""  # an order's «основание»
    secretary: Signer | None = None
    # the record a journal entry links to, and its addressee in the journal
    links: dict[str, int] = field(default_factory=dict)
    # the centre's details this document prints blank, as warnings name them
    missing: tuple[str, ...] = ()

    @property
    def file_stem(self) -> str:
        """A file name without extension: the title and the number or record."""
        number = self.number or (self.application.reg_number if self.application else "")
        return f"{self.title} № {number}".strip(" №") if number else self.title
