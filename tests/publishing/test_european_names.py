"""Names from all over Europe print with their own letters in every PDF: memo, lijst, package.

A wrong glyph (ĳ printing the whole page as garbage, Ł drawn as "ff") still extracts as the
right text, so besides the text these tests read which embedded font draws each letter and run
pdfcheck's glyph check (tests/conftest.py runs it on every PDF as well).
"""

import datetime as dt
import io
import unicodedata

import pikepdf
import pypdf
import pytest
from django.urls import reverse

from raadsmemo.lta.models import Kind, LtaItem
from raadsmemo.meetings.package import render_agenda_package
from raadsmemo.memos.models import Memo
from raadsmemo.people.models import Contact
from tests.conftest import add_item, make_meeting, memo_form_data, rows
from tests.publishing import pdfcheck

# Made-up people with the letters of their languages; one line per language.
NAMES = [
    "IJsbrand van ’t Ĳssel uit Ĳmuiden, bĳ de dĳk",  # Dutch, with the ĳ ligature
    "Sjoerd Hûs út Fryslân",  # Frisian
    "Jürgen Müßig, GROẞE Straße",  # German
    "Françoise Lefèvre-Œuvray, Cœur d’Île, Ÿvonne",  # French
    "Núñez Ibáñez, ¿Qué? ¡Sí!",  # Spanish
    "João Gonçalves de São Tomé",  # Portuguese
    "Pau Martí i Gràcia, Ŀlum, col·lecció",  # Catalan
    "Niccolò Sacchetti",  # Italian
    "Łukasz Wójcik, Żaneta Szczęśniak, Źdźbło",  # Polish
    "Jiří Dvořák, Přemysl Šťastný, Ůžička",  # Czech
    "Ľubomír Ďurček, Ĺudovít Ŕehák, Ôndrej",  # Slovak
    "Erdős Pál, Győző Örkény, Űrhajós Szőllősi, ŐRSÉG",  # Hungarian
    "Ștefan Țurcanu, Ioana Băsescu, Şerban Ţepeş",  # Romanian, comma and cedilla forms
    "Gülşen Çelik, İbrahim Yılmaz, Ağaoğlu",  # Turkish
    "Đurđa Đorđević, Nikola Čačić, Ćiril Šimić",  # Croatian, Serbian Latin
    "Žiga Kovačič",  # Slovenian
    "Ģirts Ķēniņš, Ļena Ņikitina, Ērika Ūdre",  # Latvian
    "Žygimantas Ąžuolas, Įeva Ėglė, Ųla Šiūlė",  # Lithuanian
    "Õnne Tõnisson, Jüri Pärt",  # Estonian
    "Åsa Ängström, Björn Öberg",  # Swedish
    "Søren Kjærgaard, Ærø, Bjørn Ødegård",  # Danish, Norwegian
    "Þóra Guðmundsdóttir, Ðór Ásgeirsson",  # Icelandic
    "Ġużeppi Ħabib Żammit, ċiċċ",  # Maltese
    "Dafydd ap Gwŷn, Ŵyn Ŷwain, ẅ ẁ ẃ ỳ",  # Welsh
    "Seán Ó Briain, Máire Ní Bhriain",  # Irish
    "Áilu Čáhppes, Ŋoađđi Ŧanu, Ʒiŋŋa Ǯeǯe",  # Northern Sámi
    "Ëndrit Çela",  # Albanian
    "Ənvər Əliyev",  # Azerbaijani
    "Ŝtefano Ĉirkaŭ, Ĝojo, Ĥoro, Ĵurnalo",  # Esperanto
    "Ǟnts Ȯkšs, Ȱi, Ȭlan, Ǭdra",  # Livonian: letters Source Sans 3 does not have
    "Dževad Ǆafić, ǅuro Ǉubić, ǈiljana, Ǌegoš, ǋiko",  # Croatian digraph letters, ditto
]
# Typographic quotes, dashes, ellipsis, euro and friends, as pasted from a word processor.
MARKS = "„Aanhalingstekens”, ‚enkele‘, «guillemets» ‹ › – — … € £ § ° × • ‰ ½ ¼"
CORPUS = [*NAMES, MARKS]

# Letters whose glyph Source Sans 3 lacks: the shipped DejaVu Sans draws them.
FALLBACK_LETTERS = set("ǞȮȰȬǬǄǅǇǈǊǋ")


def letters(text: str) -> set[str]:
    return {c for c in text if not c.isspace()}


def drawn_letters(data: bytes) -> dict[str, set[str]]:
    """Embedded font name (without subset tag) -> the characters that the font draws."""
    drawn: dict[str, set[str]] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for _, font in page.obj.Resources.Font.items():
                name = str(font.BaseFont).split("+")[-1]
                if "/ToUnicode" in font:
                    drawn.setdefault(name, set()).update(pdfcheck._tounicode(font.ToUnicode).values())
    return drawn


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def assert_prints_every_letter(data: bytes, corpus: list[str]) -> None:
    """Each corpus letter is drawn, by Source Sans 3 or (the rare ones) the fallback, with its own glyph."""
    result = pdfcheck.check(io.BytesIO(data))
    assert result["glyph_mismatches"] == [] and result["failures"] == []
    drawn = drawn_letters(data)
    assert all(name.startswith(("Source-Sans-3", "Raadsmemo-DejaVu-Sans")) for name in drawn), drawn.keys()
    every = set().union(*drawn.values())
    missing = set().union(*(letters(line) for line in corpus)) - every
    # Pairs like "fi" are drawn as one ligature glyph: those letters show up as a pair.
    assert not {c for c in missing if not any(c in s for s in every if len(s) > 1)}, missing
    fallback = set().union(
        *(chars for name, chars in drawn.items() if name.startswith("Raadsmemo-DejaVu-Sans"))
    )
    used_fallback = FALLBACK_LETTERS & set().union(*(letters(line) for line in corpus))
    assert used_fallback <= fallback
    # Everything else is Source Sans 3: the fallback draws only what the main font lacks.
    assert fallback <= FALLBACK_LETTERS | set(" ")


@pytest.mark.django_db
@pytest.mark.parametrize("purpose", ["beeldvormend", "meningsvormend"])
def test_a_memo_full_of_european_names_prints_every_letter(griffie_client, purpose):
    """Every text field of the editor filled with the corpus, in plain, bold and italic text."""
    contacts = [
        Contact.objects.create(name=name, function="beleidsadviseur", team="Team Ærø & Łódź")
        for name in NAMES[:12]
    ]
    formatted = "\n\n".join(
        f"{line} *{line}* **{line}** ***{line}***" for line in CORPUS
    )  # regular, italic, bold, bold italic
    data = memo_form_data(
        purpose=purpose,
        aan=" · ".join(NAMES[:4]),
        van=" · ".join(NAMES[4:8]),
        betreft=["agendaverzoek", "anders"],
        betreft_other=" · ".join(NAMES[8:11]),
        title=" · ".join(NAMES[11:14]),
        stuk_date="2021-12-20",
        samenvatting=formatted,
        advice="anders",
        advice_text="\n".join(CORPUS),
        voorgeschiedenis=formatted,
        treatment_text="\n\n".join(CORPUS),
        speaking_rounds="1",
        speaking_time_fractie="3",
        speaking_time_college="10",
        **rows("contacts", [{"contact": str(c.pk)} for c in contacts]),
        **rows(
            "slots",
            [
                {
                    "start": f"{10 + i // 4:02d}:{i % 4 * 15:02d}",
                    "end": f"{10 + (i + 1) // 4:02d}:{(i + 1) % 4 * 15:02d}",
                    "activity": line,
                    "presenter": NAMES[-1 - i],
                }
                for i, line in enumerate(NAMES[:8])
            ],
        ),
        **rows(
            "stuklinks",
            [{"label": line, "url": f"https://example.org/stuk/{i}"} for i, line in enumerate(NAMES)],
        ),
        **rows("infolinks", [{"label": MARKS, "url": "https://example.org/info"}]),
    )
    response = griffie_client.post(reverse("memos:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    memo = Memo.objects.get()
    response = griffie_client.get(reverse("memos:pdf", args=[memo.pk]))
    assert response.status_code == 200

    assert_prints_every_letter(response.content, CORPUS)
    text = pdf_text(response.content)
    for line in CORPUS:
        assert line in text
    # Bold, italic and bold italic are their own faces of Source Sans 3, each with the letters.
    faces = {
        (("Bold" in name), ("Italic" in name)): chars
        for name, chars in drawn_letters(response.content).items()
        if name.startswith("Source-Sans-3")
    }
    assert len(faces) == 4
    for chars in faces.values():
        assert letters("ĳĲẞŞŁŐȚĐ…€") <= chars


@pytest.mark.django_db
def test_the_lijst_prints_european_names(client, tmp_path):
    """The lijst van toezeggingen en moties: titles, indieners, text and stand van zaken."""
    for i, line in enumerate(CORPUS):
        item = LtaItem(
            number=f"2026-{i + 1}",
            kind=Kind.TOEZEGGING,
            title=line,
            text=f"{line}\n{MARKS}",
            deadline=dt.date(2026, 12, 1),
        )
        item.save()
        item.updates.create(date=dt.date(2026, 11, 2), text=line)
    response = client.get(reverse("lta:lijst_pdf") + "?datum=2026-12-16")
    assert response.status_code == 200
    assert_prints_every_letter(response.content, CORPUS)
    text = pdf_text(response.content)
    assert all(line in text for line in CORPUS)


@pytest.mark.django_db
def test_the_agenda_package_prints_european_names(stapeling_memo):
    meeting = make_meeting(title="Sessie met Łukasz Wójcik en Gülşen Çelik", chair=NAMES[0])
    for i, line in enumerate(CORPUS):
        add_item(meeting, line, memo=stapeling_memo if i == 0 else None)
    # As many names as the field holds (PostgreSQL enforces max_length; SQLite does not).
    limit = type(stapeling_memo)._meta.get_field("aan").max_length
    stapeling_memo.aan = " · ".join(NAMES)[:limit].rpartition(" · ")[0]
    stapeling_memo.save()
    data, _pages = render_agenda_package(meeting, "internal")
    assert_prints_every_letter(data, CORPUS)
    text = pdf_text(data)
    assert all(line in text for line in CORPUS)
