"""Property-based: no form, no query-string parameter and no URL answers 500, whatever is sent.

The forms are not listed by hand: each page is fetched as the griffie and every form on it (its
fields, the choices it offers, each submit button and `formaction`, every `hx-get`/`hx-post`) and
every link with a query string becomes a target. So a form added later is covered too. Hypothesis
then sends each target nonsense and near-sense (Unicode digits, NUL, huge numbers, impossible
dates, markup, the offered choices) as an anonymous visitor and as the griffie.

The number of examples comes from the Hypothesis profile in tests/conftest.py: an eightieth of it
per form and role here ("ci": 12), the full count per form in test_forms_fuzz.py ("ci": 1,000).
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import client_for
from tests.malformed.strategies import form_data

# Query-string names every page is tried with, besides those its forms and links use.
KNOWN_PARAMS = [
    "page",
    "q",
    "status",
    "sort",
    "vergadering",
    "datum",
    "kies",
    "soort",
    "doel",
    "next",
    "lta_number",
]
# Targets that would end the example's session or render a PDF per example (slow, and covered
# by their own tests: the agenda package rebuild takes no input and builds two PDFs); everything
# else is fair game.
SKIP = ("/uitloggen/", "pdf", ".ics", ".atom", "/static/", "/agendapakket/opnieuw-maken/")


@dataclass
class Target:
    method: str
    url: str
    fields: dict[str, list[str]] = field(default_factory=dict)

    def __str__(self):
        return f"{self.method} {self.url} {sorted(self.fields)}"


class FormFinder(HTMLParser):
    """Collect forms (fields, choices, buttons), hx-get/hx-post and links with a query string."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.targets: list[Target] = []
        self.form: Target | None = None
        self.buttons: list[tuple[str, dict]] = []
        self.select: str | None = None
        self.hx_targets: set[str] = set()

    def url(self, value: str | None) -> str:
        return urljoin(self.page_url, value or "")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("hx-target", "").startswith("#"):
            self.hx_targets.add(a["hx-target"][1:])
        for verb in ("hx-get", "hx-post"):
            if a.get(verb):
                self.targets.append(
                    Target(verb[3:].upper(), self.url(a[verb]), self.form.fields if self.form else {})
                )
        if tag == "form":
            self.form = Target(a.get("method", "get").upper(), self.url(a.get("action")))
            self.buttons = []
        elif tag == "a" and "?" in (a.get("href") or ""):
            url = self.url(a["href"])
            split = urlsplit(url)
            params = {}
            for pair in split.query.split("&"):
                name, _, value = pair.partition("=")
                params.setdefault(name, []).append(value)
            self.targets.append(Target("GET", split.path, params))
        elif self.form is None:
            return
        elif tag in ("input", "textarea", "select") and a.get("name"):
            values = self.form.fields.setdefault(a["name"], [])
            if a.get("value") is not None and a.get("type") not in ("submit",):
                values.append(a["value"])
            if tag == "select":
                self.select = a["name"]
            if a.get("type") == "submit":
                self.buttons.append((a["name"], a))
        elif tag == "option" and self.select:
            self.form.fields[self.select].append(a.get("value", ""))
        elif tag == "button" and (a.get("name") or a.get("formaction")):
            self.buttons.append((a.get("name", ""), a))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "form" and self.form is not None:
            form, self.form = self.form, None
            self.targets.append(form)
            for name, a in self.buttons:
                # A button's value is one more choice of the form (action=add:slots, ...); one
                # with its own formaction or formmethod is a target of its own.
                if name:
                    form.fields.setdefault(name, []).append(a.get("value", ""))
                if a.get("formaction") or a.get("formmethod"):
                    method = (a.get("formmethod") or form.method).upper()
                    fields = {**form.fields, **({name: [a.get("value", "")]} if name else {})}
                    self.targets.append(Target(method, self.url(a.get("formaction") or form.url), fields))


def discover(client: Client, urls: list[str]) -> tuple[list[Target], list[str]]:
    """The targets on these pages (one per method and URL, their fields and choices merged), and
    the ids that htmx targets on them. Each page itself is a target for the known parameters."""
    merged: dict[tuple[str, str], Target] = {}
    hx_targets: set[str] = set()
    for url in urls:
        response = client.get(url, follow=True)  # the start page sends visitors on
        assert response.status_code == 200, url
        finder = FormFinder(response.request["PATH_INFO"])
        finder.feed(response.content.decode())
        hx_targets |= finder.hx_targets
        for target in [Target("GET", url, {name: [] for name in KNOWN_PARAMS}), *finder.targets]:
            path = urlsplit(target.url).path
            if urlsplit(target.url).netloc or any(s in path for s in SKIP):
                continue
            into = merged.setdefault((target.method, path), Target(target.method, path))
            for name, choices in target.fields.items():
                into.fields.setdefault(name, [])
                into.fields[name] += [c for c in choices if c not in into.fields[name]]
    return list(merged.values()), sorted(hx_targets)


def send(client: Client, target: Target, data: dict, *, as_multipart: bool, headers: dict):
    if target.method == "GET":
        return client.get(target.url + "?" + urlencode(data, doseq=True), headers=headers)
    if as_multipart:
        return client.post(target.url, data, headers=headers)
    body = urlencode(data, doseq=True)
    return client.post(target.url, body, content_type="application/x-www-form-urlencoded", headers=headers)


def never_500(client: Client, target: Target, hx_targets: list[str]):
    """Hypothesis sends the target data; every answer is below 500 (an exception fails the test)."""

    @given(st.data())
    def run(data):
        submitted = data.draw(form_data(target.fields), label="data")
        # Half as htmx (the fragment renditions), sometimes aimed at one of the page's fragments.
        headers = {}
        if data.draw(st.booleans(), label="htmx"):
            headers = {"HX-Request": "true", "HX-Target": data.draw(st.sampled_from(["", *hx_targets]))}
        response = send(client, target, submitted, as_multipart=data.draw(st.booleans()), headers=headers)
        assert response.status_code < 500, f"{target}: {response.status_code}"

    # An eightieth of the profile's examples through HTTP, per target and role; the forms themselves
    # get the full count in test_forms_fuzz.py, where an example costs a millisecond, not fifty.
    # (At a tenth, this one test took two minutes of the CI budget of three.)
    settings(max_examples=max(2, settings().max_examples // 80))(run)()


def page_urls(world) -> dict[str, str]:
    meeting, item, memo, lta = world["meeting"], world["item"], world["memo"], world["lta"]
    return {
        "home": reverse("home"),
        "meetings": reverse("meetings:upcoming"),
        "archive": reverse("meetings:archive"),
        "meeting": reverse("meetings:detail", args=[meeting.pk]),
        "lta": reverse("lta:register"),
        "lta_item": reverse("lta:detail", args=[lta.number]),
        "lijst": reverse("lta:lijst"),
        "login": reverse("login"),
        "password_reset": reverse("password_reset"),
        "password_change": reverse("password_change"),
        "memos": reverse("memos:list"),
        "memo_create": reverse("memos:create"),
        "memo_edit": reverse("memos:edit", args=[memo.pk]),
        "meeting_create": reverse("meetings:create"),
        "meeting_edit": reverse("meetings:edit", args=[meeting.pk]),
        "meeting_move": reverse("meetings:move", args=[meeting.pk]),
        "item_edit": reverse("meetings:item_edit", args=[meeting.pk, item.pk]),
        "lta_create": reverse("lta:create"),
        "lta_edit": reverse("lta:edit", args=[lta.number]),
        "lta_import": reverse("lta:import"),
        "contacts": reverse("people:contact_list"),
        "contact_create": reverse("people:contact_create"),
        "contact_edit": reverse("people:contact_edit", args=[world["contact"].pk]),
        "fracties": reverse("people:fractie_list"),
        "fractie_edit": reverse("people:fractie_edit", args=[world["fractie"].pk]),
        "bestuurder_edit": reverse("people:bestuurder_edit", args=[world["bestuurder"].pk]),
        "agendaverzoek": reverse("verzoeken:agendaverzoek_create"),
        "inspreken": reverse("verzoeken:inspreekverzoek_create", args=[world["coming_item"].pk]),
        "privacy": reverse("verzoeken:privacy"),
        "agendaverzoeken": reverse("verzoeken:agendaverzoek_list"),
        "agendaverzoek_detail": reverse("verzoeken:agendaverzoek_detail", args=[world["agendaverzoek"].pk]),
        "inspreekverzoeken": reverse("verzoeken:inspreekverzoek_list"),
        "collegevoorstel_create": reverse("collegevoorstellen:create"),
        "collegevoorstel_edit": reverse("collegevoorstellen:edit", args=[world["collegevoorstel"].pk]),
    }


PUBLIC_PAGES = [
    "home",
    "meetings",
    "archive",
    "meeting",
    "lta",
    "lta_item",
    "lijst",
    "login",
    "password_reset",
    "agendaverzoek",
    "inspreken",
    "privacy",
]
# Forms the discovery must find, so that it cannot quietly find less after a change of markup.
EXPECTED = {
    "bezoeker": {
        ("GET", "/lta/"),
        ("GET", "/lta/lijst/"),
        ("POST", "/inloggen/"),
        ("POST", "/wachtwoord/vergeten/"),
        ("POST", "/verzoeken/agendaverzoek/"),
    },
    "griffie": {
        ("POST", "/memos/nieuw/"),
        ("POST", "/memos/voorbeeld/"),
        ("GET", "/lta/kiezen/"),
        ("POST", "/lta/nieuw/"),
    },
}


@pytest.mark.parametrize("role", ["bezoeker", "griffie"])
def test_every_form_and_query_string_never_answers_500(world, gerda, role):
    """Every form and query string on the pages this role reaches, each with the profile's examples."""
    client = client_for(gerda) if role == "griffie" else Client()
    urls = page_urls(world)
    pages = PUBLIC_PAGES if role == "bezoeker" else list(urls)
    targets, hx_targets = discover(client, [urls[page] for page in pages])
    assert EXPECTED[role] <= {(t.method, t.url) for t in targets}
    for target in targets:
        never_500(client, target, hx_targets)


# -- Every URL pattern, with whatever its path parameters may hold ----------------------------


def patterns(resolver=None, prefix=""):
    """(route, converters) of every URL the project serves, the admin's left out."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith("beheer/"):
                yield from patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.pattern.converters


PATH_VALUE = st.one_of(
    st.integers(min_value=0, max_value=10**25).map(str),
    st.sampled_from(["0", "0000", "10000", "²", "M-31", "M-0", "2019-300", "9999-99999", "%00", "..", "a b"]),
    st.text(min_size=1, max_size=20),
)


@st.composite
def path_for(draw, route: str) -> str:
    import re

    return "/" + re.sub(r"<(?:\w+:)?\w+>", lambda _: draw(PATH_VALUE).replace("/", "%2F"), route)


@pytest.mark.parametrize("role", ["bezoeker", "griffie"])
def test_every_url_with_any_path_parameters_never_answers_500(world, gerda, role):
    routes = [route for route, converters in patterns() if converters and "pdf" not in route]
    client = client_for(gerda) if role == "griffie" else Client()

    @given(st.data())
    def run(data):
        route = data.draw(st.sampled_from(routes), label="route")
        path = data.draw(path_for(route), label="path")
        response = client.get(path)
        assert response.status_code < 500, f"{path}: {response.status_code}"

    # Not per URL: a thousand paths per role in CI find a converter that lets too much in.
    run()
