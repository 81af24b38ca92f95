"""The sanitiser: what reaches the page, the preview and the PDF from typed or pasted text."""

import pytest
from django.urls import reverse

from raadsmemo.memos.formatting import render_formatted_text, sanitize_html

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="file:///etc/passwd">wachtwoorden</a>',
    '<p style="background:url(http://127.0.0.1:1/)" onclick="steal()">tekst</p>',
    "<style>body{display:none}</style>",
    '<iframe src="https://example.org"></iframe>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "[klik](javascript:alert(1))",
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<form action="https://evil.example"><input name="q"></form>',
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_input_loses_every_active_part(source):
    html = render_formatted_text(source).lower()
    for forbidden in [
        "<script",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "file:",
        "style",
        "<iframe",
        "<svg",
        "<img",
        "<object",
        "<embed",
        "<form",
        "<input",
        "alert(1)",
    ]:
        assert forbidden not in html, (forbidden, html)


def test_formatting_is_kept():
    html = render_formatted_text(
        "Eerste alinea met **vet** en *cursief*.\n\nTweede alinea:\n\n- een\n- twee\n\n1. a\n2. b\n\n"
        "[Raadsinformatie](https://gemeenteraad.groningen.nl)"
    )
    assert "<p>Eerste alinea met <strong>vet</strong> en <em>cursief</em>.</p>" in html
    assert "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>" in html
    assert "<ol>" in html
    assert '<a href="https://gemeenteraad.groningen.nl" rel="noopener noreferrer">Raadsinformatie</a>' in html


def test_pasted_html_keeps_its_harmless_markup():
    assert str(sanitize_html('<p>Zie <b>dit</b> <a href="https://x.nl" onclick="y()">stuk</a></p>')) == (
        '<p>Zie <b>dit</b> <a href="https://x.nl" rel="noopener noreferrer">stuk</a></p>'
    )


def test_empty_text_renders_nothing():
    assert render_formatted_text("") == ""
    assert render_formatted_text("   \n ") == ""


@pytest.mark.django_db
def test_hostile_summary_never_reaches_the_page_or_the_preview(griffie_client, stapeling_memo):
    stapeling_memo.samenvatting = '<script>alert("xss")</script><img src=x onerror=alert(1)>Gewone tekst'
    stapeling_memo.save()
    page = griffie_client.get(reverse("memos:detail", args=[stapeling_memo.pk])).content.decode()
    body, history = page.split("data-memo-body")[1].split('id="geschiedenis"')
    assert "Gewone tekst" in body
    assert "<script>alert" not in body and "onerror" not in body
    # The history shows the change as text, escaped.
    assert "<script>alert" not in history and "&lt;script&gt;alert" in history
    from tests.conftest import memo_form_data

    preview = griffie_client.post(
        reverse("memos:preview"),
        memo_form_data(samenvatting="<script>alert(2)</script>**vet**"),
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "<strong>vet</strong>" in preview and "<script>alert(2)" not in preview
