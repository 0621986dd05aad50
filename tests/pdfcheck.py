"""Reading PDFs back in tests: text (spaces normalised), line breaks that must not happen, and
every font with its embedding."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path, page: int | None = None) -> str:
    """Extracted text with any run of spaces (incl. no-break and narrow ones) as one space."""
    pages = PdfReader(path).pages
    chosen = pages if page is None else [pages[page]]
    text = "\n".join(p.extract_text() for p in chosen)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


MONTHS = ("января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|"
          "декабря")


def raw_text(path: Path, page: int = 0) -> str:
    """A page's text with its line breaks as laid out."""
    return PdfReader(path).pages[page].extract_text()


def unbroken(raw: str) -> None:
    """No line break inside «7 августа 2025 г.» or «№ 17», and no «г..»."""
    assert "г.." not in raw
    assert not re.search(rf"\d[ \u00a0]*\n[ \u00a0]*({MONTHS})", raw), raw
    assert not re.search(rf"({MONTHS})[ \u00a0]*\n[ \u00a0]*\d", raw), raw
    assert not re.search(r"\d{4}[ \u00a0]*\n[ \u00a0]*г\.", raw), raw
    assert not re.search(r"№[ \u00a0]*\n", raw), raw


def _fonts(resources, seen: set, out: list) -> None:
    if resources is None:
        return
    resources = resources.get_object()
    for ref in (resources.get("/Font") or {}).values():
        font = ref.get_object()
        if id(font) in seen:
            continue
        seen.add(id(font))
        fonts = [font]
        if "/DescendantFonts" in font:  # a Type0 font keeps its descriptor one level down
            fonts = [f.get_object() for f in font["/DescendantFonts"]]
        desc = fonts[0].get("/FontDescriptor")
        desc = desc.get_object() if desc is not None else {}
        out.append((str(font["/BaseFont"]),
                    any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))))
    for ref in (resources.get("/XObject") or {}).values():
        xobj = ref.get_object()
        if xobj.get("/Subtype") == "/Form":
            _fonts(xobj.get("/Resources"), seen, out)


def fonts(path: Path) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font any page or form on it uses."""
    out: list[tuple[str, bool]] = []
    seen: set = set()
    for page in PdfReader(path).pages:
        _fonts(page.get("/Resources"), seen, out)
    return out


def assert_fonts_embedded(path: Path) -> None:
    found = fonts(path)
    assert found, "no fonts found"
    assert all(embedded for _, embedded in found), found
    assert not any("Helvetica" in name or "Times" in name for name, _ in found), found
