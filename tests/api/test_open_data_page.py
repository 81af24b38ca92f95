"""The "Open data" page explains the API, and every page leads a harvester to it."""

from django.urls import reverse
from pytest_django.asserts import assertContains


def test_the_page_explains_the_api_in_dutch(client, db):
    response = client.get(reverse("open_data"))
    assertContains(response, '<h1 class="utrecht-heading-1">Open data</h1>', html=True)
    assertContains(response, "http://testserver/api/v1/")
    assertContains(response, "http://testserver/api/v1/openapi.json")
    assertContains(response, "If-None-Match")
    assertContains(response, "<code>gm0014</code>", html=True)
    # The decision on the kinds of session, as docs/open-data.md has it.
    assertContains(
        response,
        '<tr class="utrecht-table__row"><td class="utrecht-table__cell">Beeldvormende sessie</td>'
        '<td class="utrecht-table__cell"><code>commissievergadering</code></td></tr>',
        html=True,
    )


def test_every_page_links_the_api_and_the_open_data_page(client, db):
    for url in (reverse("meetings:upcoming"), reverse("lta:register"), reverse("open_data")):
        response = client.get(url)
        assertContains(
            response,
            '<link rel="alternate" type="application/json" title="Open data (ODS API)" href="/api/v1/">',
            html=True,
        )
        assertContains(response, '<a class="utrecht-link" href="/open-data/">Open data</a>', html=True)


def test_a_harvester_follows_the_link_to_the_api(client, db):
    page = client.get(reverse("meetings:upcoming")).content.decode()
    href = page.split('type="application/json"', 1)[1].split('href="', 1)[1].split('"', 1)[0]
    root = client.get(href).json()
    assert client.get(root["vergaderingen"]).status_code == 200
