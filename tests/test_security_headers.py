"""Every page carries a Content Security Policy: scripts only from us (htmx with its nonce)."""

import re

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_send_a_strict_csp_and_htmx_carries_its_nonce(client):
    response = client.get(reverse("meetings:upcoming"))
    policy = response["Content-Security-Policy"]
    assert (
        "default-src 'self'" in policy
        and "object-src 'none'" in policy
        and "frame-ancestors 'none'" in policy
    )
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
