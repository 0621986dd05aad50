"""Shared PDF set-up: the embedded Cyrillic font, A4 templates and paragraph styles.

reportlab's built-in fonts cannot print Cyrillic, so every document uses Liberation Serif
(resources/fonts, SIL OFL) embedded as TrueType. `new_canvas` passes initialFontName so
the page never references a non-embedded Helvetica.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from desktop.paths import resource

FONT = "LiberationSerif"
FONT_BOLD = "LiberationSerif-Bold"
FONT_ITALIC = "LiberationSerif-Italic"
FONT_BOLD_ITALIC = "LiberationSerif-BoldItalic"
PAGE = A4


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register Liberation Serif (regular, bold, italic, bold italic) once per process."""
    files = {
        FONT: "LiberationSerif-Regular.ttf",
        FONT_BOLD: "LiberationSerif-Bold.ttf",
        FONT_ITALIC: "LiberationSerif-Italic.ttf",
        FONT_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
    }
    for name, file in files.items():
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD_ITALIC)


def new_canvas(path: Path | str, **kw: Any) -> Canvas:
    """An A4 canvas whose initial font is the embedded serif."""
    register_fonts()
    # Page streams are compressed but not ASCII85-armoured: binary streams are what every
    # viewer expects, the files are smaller, and reportlab's pure-Python ASCII85 encoder
    # was a fifth of the time of a 1 000-certificate batch.
    rl_config.useA85 = 0
    kw.setdefault("pagesize", PAGE)
    # types-reportlab declares initialFontName as a number; reportlab takes the font's name.
    return Canvas(str(path), initialFontName=FONT,  # type: ignore[arg-type]
                  initialFontSize=12, **kw)


def doc_template(path: Path | str, title: str, **kw: Any) -> SimpleDocTemplate:
    """A4 document template with official-paper margins (left 30 mm for binding)."""
    register_fonts()
    kw.setdefault("pagesize", PAGE)
    kw.setdefault("leftMargin", 30 * mm)
    kw.setdefault("rightMargin", 15 * mm)
    kw.setdefault("topMargin", 20 * mm)
    kw.setdefault("bottomMargin", 20 * mm)
    doc = SimpleDocTemplate(str(path), title=title, author="Методист", **kw)
    doc.initialFontName = FONT
    return doc


def build(doc: SimpleDocTemplate, story: list[Any]) -> None:
    """Build a platypus story with the serif as the canvas' initial font."""
    register_fonts()

    def canvasmaker(*args: Any, **kw: Any) -> Canvas:
        kw.setdefault("initialFontName", FONT)
        kw.setdefault("initialFontSize", 12)
        return Canvas(*args, **kw)

    doc.build(story, canvasmaker=canvasmaker)


# Russian hyphenation of table cells (reportlab uses pyphen): a word wider than a narrow
# column breaks at a syllable with a hyphen («Наименова-ние»), not between two letters.
HYPHENATION = "ru_RU"


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    normal = ParagraphStyle("normal", fontName=FONT, fontSize=12, leading=15,
                            alignment=TA_JUSTIFY)
    return {
        "normal": normal,
        "title": ParagraphStyle("title", parent=normal, fontName=FONT_BOLD, fontSize=16,
                                leading=20, alignment=TA_CENTER, spaceAfter=8),
        "heading": ParagraphStyle("heading", parent=normal, fontName=FONT_BOLD, fontSize=13,
                                  leading=16, alignment=TA_LEFT, spaceBefore=8, spaceAfter=4),
        "small": ParagraphStyle("small", parent=normal, fontSize=9, leading=11,
                                alignment=TA_LEFT),
        "center": ParagraphStyle("center", parent=normal, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=normal, alignment=TA_RIGHT),
        "cell": ParagraphStyle("cell", parent=normal, fontSize=10, leading=12,
                               alignment=TA_LEFT, hyphenationLang=HYPHENATION,
                               embeddedHyphenation=1),
        "left": ParagraphStyle("left", parent=normal, alignment=TA_LEFT),
    }


# Liberation Serif 2.1 has no rouble sign; official papers write «руб.» anyway.
_SUBSTITUTES = {"\u20bd": "руб.", "\t": " "}


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(FONT)
    assert isinstance(font, TTFont), "the embedded serif is a TrueType font"
    return frozenset(font.face.charToGlyph)


def printable(value: object) -> str:
    """Text the embedded serif can print: a glyph it lacks is replaced («₽» → «руб.», a
    decomposable letter by its parts, control characters dropped, anything else «?»), so
    no empty box appears on an official paper."""
    text = "" if value is None else str(value)
    covered = _covered()
    if all(ord(ch) in covered or ch == "\n" for ch in text):
        return text
    out = []
    for ch in text:
        if ord(ch) in covered or ch == "\n":
            out.append(ch)
        elif ch in _SUBSTITUTES:
            out.append(_SUBSTITUTES[ch])
        elif unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        else:
            alt = unicodedata.normalize("NFKD", ch)
            out.append(alt if all(ord(a) in covered for a in alt) else "?")
    return "".join(out)


def para(value: object) -> str:
    """Plain text made safe for a platypus Paragraph: printable, markup escaped, line
    breaks kept."""
    text = printable(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\n", "<br/>")


NBSP = "\u00a0"
_MONTHS = ("января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|"
           "декабря")
_GLUE = [
    (re.compile(r"№ (?=\S)"), f"№{NBSP}"),  # «№ 17»
    (re.compile(rf"(\d) (?=(?:{_MONTHS}|г\.|час|год|лет))"), f"\\1{NBSP}"),  # «7 августа»
    (re.compile(rf"({_MONTHS}) (?=\d)"), f"\\1{NBSP}"),  # «августа 2025»
    (re.compile(r"(?<![\w.])([А-ЯЁ]\.) (?=[А-ЯЁ])"), f"\\1{NBSP}"),  # «И. О. Фамилия»
    (re.compile(r"(?<![\w.])(г\.|ул\.) (?=[А-ЯЁ])"), f"\\1{NBSP}"),  # «г. Омск»
    (re.compile(r"(?<![\w.])(д\.) (?=\d)"), f"\\1{NBSP}"),  # «д. 5»
]


def unbreakable(text: str) -> str:
    """No-break spaces where a line must not break: inside «7 августа 2025 г.», «№ 17»,
    «И. О. Фамилия», «г. Омск». Both the certificate's own wrapping and platypus keep them."""
    for pattern, glue in _GLUE:
        text = pattern.sub(glue, text)
    return text


def sentence(text: str) -> str:
    """The text ended with one full stop: «… 2025 г.» stays, never «г..»."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


@lru_cache(maxsize=4096)  # kind names, fixed phrases and repeated names wrap once per run
def wrap_lines(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """Greedy line breaking at plain spaces only, so a no-break space keeps «№ 28» whole
    (str.split() would break there). Much cheaper than a platypus Paragraph, which
    matters for a batch of a thousand pages."""
    out: list[str] = []
    space = stringWidth(" ", font, size)
    for para_text in text.split("\n"):
        line, used = "", 0.0
        for word in para_text.split(" "):
            if not word:
                continue
            w = stringWidth(word, font, size)
            if line and used + space + w > width:
                out.append(line)
                line, used = word, w
            elif line:
                line, used = f"{line} {word}", used + space + w
            else:
                line, used = word, w
        out.append(line)
    return tuple(out)


def signature_block(c: Canvas, position: str, name: str, *, base: float, left: float,
                    right: float, line: tuple[float, float], size: float,
                    position_width: float, stamp_gap: float) -> None:
    """The signature block of a certificate or справка: the signer's position on the left
    (wrapped, at most three lines, the last on the baseline), the line to sign with
    «(подпись)» under it, the name «И. О. Фамилия» on the right on one line (a long double
    surname gets smaller type, never a break), and «М. П.» `stamp_gap` below."""
    lines = wrap_lines(unbreakable(printable(position)), FONT, size, position_width)
    c.setFillColor(black)
    c.setFont(FONT, size)
    for i, text in enumerate(reversed(lines[-3:])):
        c.drawString(left, base + 1 + i * (size + 2), text)
    c.setStrokeColor(black)
    c.setLineWidth(0.5)
    c.line(line[0], base, line[1], base)
    c.setFont(FONT, 9)
    c.drawCentredString((line[0] + line[1]) / 2, base - 4 * mm, "(подпись)")
    printed, room, name_size = printable(name), right - line[1] - 4 * mm, size
    while name_size > 9 and stringWidth(printed, FONT, name_size) > room:
        name_size -= 0.5
    c.setFont(FONT, name_size)
    c.drawRightString(right, base + 1, printed)
    c.setFont(FONT, 11)
    c.drawString(left, base - stamp_gap, "М. П.")
