"""The municipality's own look: its name, logo, colour and footer links are settings (RAADSMEMO_THEME,
from the environment: docs/operations.md), applied through design tokens.

- The colour becomes the `--raadsmemo-accent` token (the header, links in it, the focus ring) in a
  small stylesheet, /thema.css, served by `theme_css` (the CSP allows no inline styles). A colour
  white text cannot be read on (contrast below 4.5:1, WCAG 1.4.3) is refused when the settings load.
- The name is in the header and the footer; a logo (a static file of the municipality's own, or an
  https address) stands beside it with the name as its text alternative. No logo ships with raadsmemo.
- Footer links are "Label|https://..." pairs separated by ";".
"""

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST_WITH_WHITE = 4.5


def contrast_with_white(colour: str) -> float:
    """WCAG 2 contrast ratio of white text on this colour (#rrggbb)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def theme_from_environment(environ) -> dict:
    """RAADSMEMO_THEME as settings.py builds it; ImproperlyConfigured for a colour or a link that
    would not work."""
    colour = environ.get("RAADSMEMO_KLEUR", "#00447a").strip()
    if not HEX_COLOUR.match(colour):
        raise ImproperlyConfigured(f"RAADSMEMO_KLEUR moet een kleur zijn als #00447a, niet {colour!r}.")
    if contrast_with_white(colour) < MIN_CONTRAST_WITH_WHITE:
        raise ImproperlyConfigured(
            f"RAADSMEMO_KLEUR {colour} is te licht: witte tekst erop haalt geen contrast van 4,5:1 (WCAG 1.4.3)."
        )
    links = []
    for pair in filter(None, (p.strip() for p in environ.get("RAADSMEMO_FOOTER_LINKS", "").split(";"))):
        label, _, url = pair.partition("|")
        if not label.strip() or not url.strip().startswith(("https://", "http://", "/")):
            raise ImproperlyConfigured(f"RAADSMEMO_FOOTER_LINKS: {pair!r} is geen 'Label|https://...'.")
        links.append({"label": label.strip(), "url": url.strip()})
    return {
        "name": environ.get("RAADSMEMO_GEMEENTE", "Gemeente Groningen").strip(),
        "logo": environ.get("RAADSMEMO_LOGO", "").strip(),
        "colour": colour.lower(),
        "footer_links": links,
    }


def theme(request: HttpRequest) -> dict:
    """Context processor: the theme for base.html."""
    current = settings.RAADSMEMO_THEME
    logo = current["logo"]
    if logo and not logo.startswith(("https://", "/")):
        from django.templatetags.static import static  # not at import: settings.py imports this module

        logo = static(logo)
    return {"theme": {**current, "logo_url": logo}}


def _etag(request: HttpRequest) -> str:
    return hashlib.sha256(repr(sorted(settings.RAADSMEMO_THEME.items())).encode()).hexdigest()[:16]


@condition(etag_func=_etag)
def theme_css(request: HttpRequest) -> HttpResponse:
    """The municipality's colour as design tokens, after raadsmemo.css."""
    colour = settings.RAADSMEMO_THEME["colour"]
    css = f".utrecht-theme {{\n  --raadsmemo-accent: {colour};\n  --utrecht-focus-outline-color: {colour};\n}}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    patch_cache_control(response, public=True, max_age=3600)
    return response
