"""The error pages are Dutch pages of the site, and the footer leads to the toegankelijkheidsverklaring,
the privacy statement and the colofon."""

from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


def test_a_404_is_a_dutch_page_with_the_sites_navigation(client, db):
    response = client.get("/bestaat-niet/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="nl"' in page and "Deze pagina bestaat niet" in page
    assert 'aria-label="Hoofdmenu"' in page and reverse("meetings:upcoming") in page
    assert reverse("accessibility") in page  # the footer too


def test_a_403_is_dutch_with_the_navigation(client, rik):
    client.force_login(rik)
    response = client.get(reverse("memos:list"))
    page = response.content.decode()
    assert response.status_code == 403 and "Geen toegang" in page and 'aria-label="Hoofdmenu"' in page


def test_the_500_page_is_static_dutch_and_needs_no_database(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="nl"' in page and "Er ging iets mis" in page and 'href="/vergaderingen/"' in page


def test_the_footer_leads_to_the_statements(client, db):
    page = client.get(reverse("meetings:upcoming")).content.decode()
    for name, heading in [
        ("accessibility", "Toegankelijkheidsverklaring"),
        ("verzoeken:privacy", "Privacyverklaring"),
        ("colofon", "Colofon"),
    ]:
        assert f'href="{reverse(name)}"' in page
        assert heading in client.get(reverse(name)).content.decode()
    statement = client.get(reverse("accessibility")).content.decode()
    assert "Status: C, eerste maatregelen genomen" in statement and "Hoe wij testen" in statement
