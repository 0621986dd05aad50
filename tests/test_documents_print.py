"""Every Word document of every profile printed by LibreOffice as the centre would print it
(conftest's `office_prints`): each fits its pages, nothing is drawn over other text or cut
off at the paper's edge, the text is readable, and what the document is about is on paper
— the date in long Russian form, no unfilled field, no empty brackets."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from office import overlapping_words

from desktop.profiles import all_profiles

LONG_DATE = re.compile(r"\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|"
                       r"октября|ноября|декабря) \d{4} г\.")
# The longest a document may run on the demo data: the order's appendix and an expert's
# conclusion with twelve criteria take a page of their own each.
MOST_PAGES = {"order": 2, "conclusion": 3, "application": 6}  # a package: a page a document


@pytest.fixture(scope="module")
def documents(office_prints):
    pdfs, _rows = office_prints
    return {name: pdf for name, pdf in pdfs.items() if "-" in name}


def test_every_profile_prints_its_documents(documents):
    for profile in all_profiles(include_user=False):
        made = {name.split("-", 1)[1] for name in documents if name.startswith(profile.id)}
        # every profile has an agenda, protocol, notice, invitation and application; an
        # order where its procedure issues one (not Кемерово), a conclusion only where the
        # profile reviews, the letter only when one is missing
        ordering = any(k.stage("order") is not None for k in profile.kinds)
        assert {"agenda", "protocol", "notice", "missing", "invitation", "application",
                *(["order"] if ordering else [])} <= made, (profile.id, made)


@pytest.mark.parametrize("code", ["agenda", "protocol", "order", "notice", "missing",
                                  "invitation", "conclusion", "application"])
def test_document_prints_readable(documents, code):
    names = sorted(name for name in documents if name.endswith(f"-{code}"))
    assert names
    for name in names:
        with pdfplumber.open(documents[name]) as pdf:
            assert 1 <= len(pdf.pages) <= MOST_PAGES.get(code, 1), (name, len(pdf.pages))
            text = "\n".join(page.extract_text() for page in pdf.pages)
            for number, page in enumerate(pdf.pages, start=1):
                sizes = [c["size"] for c in page.chars if c["text"].strip()]
                assert sizes and min(sizes) >= 9.5, (name, number, min(sizes, default=0))
                assert not overlapping_words(page), (name, number, overlapping_words(page)[:3])
                off = [c["text"] for c in page.chars
                       if c["x0"] < 28 or c["x1"] > page.width - 28 or c["bottom"] > page.height]
                assert not off, (name, number, "".join(off)[:40])
        assert LONG_DATE.search(text), name
        assert "{{" not in text and "{%" not in text and "None" not in text, name
        assert not re.search(r"\(\s*[,)]", text), name
