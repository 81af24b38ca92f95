"""Every page carries a Content Security Policy: scripts only from our own files."""

import re

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_send_a_strict_csp_and_no_per_response_nonce(client):
    response = client.get(reverse("meetings:upcoming"))
    policy = response["Content-Security-Policy"]
    assert (
        "default-src 'self'" in policy
        and "object-src 'none'" in policy
        and "frame-ancestors 'none'" in policy
    )
    # Scripts are our own files ('self'); no nonce, so a cached public page works with any
    # response's policy (raadsmemo/publishing/caching.py), and no inline script runs at all.
    assert (
        "script-src 'self'" in policy and "nonce" not in policy and "nonce=" not in response.content.decode()
    )
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    page = response.content.decode()
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\")=?)[^>]*>", page)


NO_STORE = {"private", "no-store"}


def cache_directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


@pytest.mark.django_db
def test_every_page_sends_a_permissions_policy(client):
    policy = client.get(reverse("meetings:upcoming"))["Permissions-Policy"]
    assert "camera=()" in policy and "microphone=()" in policy and "geolocation=()" in policy


@pytest.mark.django_db
def test_signed_in_pages_edit_pages_and_exports_are_private_no_store(griffie_client, stapeling_memo):
    stapeling_memo.confidentiality = "vertrouwelijk"
    stapeling_memo.save(update_fields=["confidentiality"])
    for url in [
        reverse("home"),
        reverse("memos:list"),
        reverse("memos:detail", args=[stapeling_memo.pk]),
        reverse("memos:edit", args=[stapeling_memo.pk]),
        reverse("memos:pdf", args=[stapeling_memo.pk]),
        reverse("lta:export", args=["csv"]),
        reverse("lta:export", args=["xlsx"]),
        reverse("people:contact_list"),
        reverse("meetings:upcoming"),
    ]:
        response = griffie_client.get(url)
        assert response.status_code == 200, url
        assert cache_directives(response) >= NO_STORE, url


@pytest.mark.django_db
def test_anonymous_public_pages_stay_cacheable(client):
    for url in [reverse("meetings:upcoming"), reverse("lta:register"), reverse("meetings:atom")]:
        assert "no-store" not in cache_directives(client.get(url)), url
    assert "public" in cache_directives(client.get(reverse("meetings:atom")))


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("name", ["meetings:atom", "meetings:ical"])
def test_feeds_answer_unsafe_methods_with_405(client, method, name):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}
