"""Any municipality: its name, logo, colour and footer links are settings, applied through design
tokens. The demo is Gemeente Groningen in text, without a logo; a second theme shows it works."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from raadsmemo.theme import contrast_with_white, theme_from_environment

VOORBEELD = theme_from_environment(
    {
        "RAADSMEMO_GEMEENTE": "Gemeente Voorbeeld-Ødegård",
        "RAADSMEMO_LOGO": "https://www.voorbeeld.nl/logo.svg",
        "RAADSMEMO_KLEUR": "#7A0044",
        "RAADSMEMO_FOOTER_LINKS": "Contact|https://www.voorbeeld.nl/contact; Raadsinformatie|https://ris.voorbeeld.nl/",
    }
)


def test_the_demo_is_groningen_in_text_without_a_logo(client, db):
    page = client.get(reverse("meetings:upcoming")).content.decode()
    assert "Gemeente Groningen" in page and "<img" not in page.split("</header>")[0]
    css = client.get(reverse("theme_css"))
    assert (
        css["Content-Type"].startswith("text/css") and "--raadsmemo-accent: #00447a;" in css.content.decode()
    )


def test_a_second_theme_changes_name_logo_colour_and_footer(client, db, settings):
    settings.RAADSMEMO_THEME = VOORBEELD
    page = client.get(reverse("meetings:upcoming")).content.decode()
    header, footer = page.split("</header>")[0], page.split('<footer class="site-footer">')[1]
    assert (
        '<img class="site-header__logo" src="https://www.voorbeeld.nl/logo.svg" alt="Gemeente Voorbeeld-Ødegård">'
        in header
    )
    assert "Gemeente Groningen" not in page
    assert '<a class="utrecht-link" href="https://ris.voorbeeld.nl/">Raadsinformatie</a>' in footer
    assert reverse("accessibility") in footer  # the statements stay
    css = client.get(reverse("theme_css"))
    assert "--raadsmemo-accent: #7a0044;" in css.content.decode()
    # Harvesters and browsers ask again cheaply: the same theme is the same ETag.
    assert client.get(reverse("theme_css"), HTTP_IF_NONE_MATCH=css["ETag"]).status_code == 304


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"RAADSMEMO_KLEUR": "rood"}, "moet een kleur zijn"),
        ({"RAADSMEMO_KLEUR": "#ffcc00"}, "te licht"),
        ({"RAADSMEMO_FOOTER_LINKS": "Contact"}, "geen 'Label|https://...'"),
        ({"RAADSMEMO_FOOTER_LINKS": "Contact|javascript:alert(1)"}, "geen 'Label|https://...'"),
    ],
)
def test_a_theme_that_would_not_work_is_refused_at_start(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        theme_from_environment(environ)


def test_contrast_is_computed_as_wcag_does():
    assert round(contrast_with_white("#000000"), 1) == 21.0
    assert round(contrast_with_white("#767676"), 2) == 4.54
