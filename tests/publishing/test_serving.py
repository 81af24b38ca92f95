"""Stored files are sent with what a browser needs to keep them, and 304 when it has them."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import RequestFactory

from raadsmemo.publishing.serving import stored_file_response

CONTENT = b"%PDF-1.7 stored once, never changed"
CHECKSUM = hashlib.sha256(CONTENT).hexdigest()


def serve(name, **kwargs):
    request = RequestFactory().get("/", headers=kwargs.pop("headers", {}))
    options = {"checksum": CHECKSUM, "filename": "memo-v1.pdf", "content_type": "application/pdf"}
    return stored_file_response(request, name, **{**options, **kwargs})


def test_a_public_version_is_cacheable_for_good_with_etag_length_and_filename():
    name = default_storage.save("versions/memo-1-v1.pdf", ContentFile(CONTENT))
    response = serve(name, public=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["ETag"] == f'"{CHECKSUM}"'
    assert response["Content-Length"] == str(len(CONTENT))
    assert response["Content-Disposition"] == 'inline; filename="memo-v1.pdf"'
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_browser_that_has_the_version_gets_304_without_the_file():
    name = default_storage.save("versions/memo-1-v1.pdf", ContentFile(CONTENT))
    response = serve(name, public=True, headers={"If-None-Match": f'"{CHECKSUM}"'})
    assert response.status_code == 304
    assert response["ETag"] == f'"{CHECKSUM}"'
    assert not response.content
    assert serve(name, public=True, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_non_public_file_is_private_and_revalidated():
    name = default_storage.save("packages/internal.pdf", ContentFile(CONTENT))
    response = serve(name, public=False, filename="agendapakket intern.pdf", as_attachment=True)
    assert response["Cache-Control"] == "private, no-cache"
    assert response["Content-Disposition"] == 'attachment; filename="agendapakket intern.pdf"'
