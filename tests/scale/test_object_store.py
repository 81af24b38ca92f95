"""Stored files in an S3-compatible object store (moto's server, tests/scale/conftest.py): what the
griffie publishes lands in the bucket and nowhere else, readers get it back through the app, and
nobody gets it from the bucket itself."""

import hashlib
import io
import json
import urllib.error
import urllib.request
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from raadsmemo.collegevoorstellen.demo import load_collegevoorstel_demo
from raadsmemo.meetings.models import AgendaPackage
from raadsmemo.memos.models import Status
from raadsmemo.storage import stored_files_storage
from tests.conftest import add_item, client_for, make_meeting, publish_memo


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def step(client, document, namespace: str, name: str):
    document.refresh_from_db()
    url = reverse(f"{namespace}:{name}", args=[document.pk])
    response = client.post(url, {"revision": document.revision, "reason": ""})
    assert response.status_code == 302, (name, response.content.decode()[:500])


def anonymous_get_from_bucket(bucket, key: str) -> int:
    """The status the object store itself answers to someone without keys (path-style address)."""
    try:
        with urllib.request.urlopen(f"{bucket.endpoint}/{bucket.name}/{key}", timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def assert_stored_in_bucket_only(bucket, settings, files: dict[str, str]) -> None:
    """Each stored name is an object with the checksum the database holds; MEDIA_ROOT stays empty;
    the bucket refuses the object to anyone without keys."""
    keys = bucket.keys()
    for name, checksum in files.items():
        assert name in keys
        assert sha256(bucket.read(name)) == checksum
        assert anonymous_get_from_bucket(bucket, name) == 403
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))


def test_the_environment_chooses_local_files_or_the_object_store(bucket):
    assert stored_files_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert stored_files_storage({"AWS_STORAGE_BUCKET_NAME": "  "})["BACKEND"].endswith("FileSystemStorage")

    s3 = stored_files_storage({**bucket.environ, "AWS_LOCATION": "/raadsmemo/"})
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s3["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["location"]) == (
        bucket.name,
        bucket.endpoint,
        "raadsmemo",
    )
    # Whatever the environment says: never overwrite, never public.
    assert options["file_overwrite"] is False and options["default_acl"] is None
    assert options["client_config"].s3 == {"addressing_style": "path"}
    # Without keys in the environment, boto3 finds its own (an instance role): none are made up.
    keyless = stored_files_storage({"AWS_STORAGE_BUCKET_NAME": "archief"})["OPTIONS"]
    assert "access_key" not in keyless and "secret_key" not in keyless and keyless["endpoint_url"] is None


def test_the_store_never_overwrites_a_file(s3_settings):
    first = default_storage.save("memos/1/versie-1/memo.pdf", ContentFile(b"%PDF first"))
    second = default_storage.save("memos/1/versie-1/memo.pdf", ContentFile(b"%PDF second"))
    assert first != second
    assert s3_settings.read(first) == b"%PDF first" and s3_settings.read(second) == b"%PDF second"


def test_a_published_memo_lands_in_the_bucket_and_readers_get_it_through_the_app(
    s3_settings, settings, client, gerda, age, stapeling_memo
):
    griffie, commissie, memo = client_for(gerda), client_for(age), stapeling_memo
    add_item(make_meeting(), memo=memo)  # residents read the memos of published meetings
    step(griffie, memo, "memos", "aanbieden")
    step(commissie, memo, "memos", "vaststellen")
    step(griffie, memo, "memos", "publiceren")
    memo.refresh_from_db()
    version = memo.current_version
    assert memo.status == Status.GEPUBLICEERD
    assert_stored_in_bucket_only(
        s3_settings,
        settings,
        {
            version.pdf_name: version.pdf_sha256,
            version.html_name: version.html_sha256,
            version.json_name: version.json_sha256,
        },
    )

    # A resident reads the version (its HTML comes from the bucket) and downloads the PDF.
    page = client.get(version.get_absolute_url())
    assert page.status_code == 200 and "Voortgang stapelings- en doorbraakproject" in page.content.decode()
    response = client.get(version.get_pdf_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(version.pdf_size)
    assert sha256(b"".join(response.streaming_content)) == version.pdf_sha256
    # ... and a second time, from the browser's cache.
    again = client.get(version.get_pdf_url(), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_a_published_collegevoorstel_lands_in_the_bucket_and_readers_get_it_through_the_app(
    s3_settings, settings, client, gerda
):
    griffie, cv = client_for(gerda), load_collegevoorstel_demo()
    for name in ("aanbieden", "vaststellen", "publiceren"):
        step(griffie, cv, "collegevoorstellen", name)
    cv.refresh_from_db()
    version = cv.current_version
    assert_stored_in_bucket_only(
        s3_settings,
        settings,
        {version.pdf_name: version.pdf_sha256, version.html_name: version.html_sha256},
    )
    assert "Informatie wijkgericht werken" in client.get(version.get_absolute_url()).content.decode()
    assert sha256(download(client, version.get_pdf_url())) == version.pdf_sha256


@pytest.mark.django_db
def test_a_meetings_agenda_package_and_ris_package_are_built_from_the_bucket(
    s3_settings, settings, client, gerda, stapeling_memo, django_capture_on_commit_callbacks
):
    meeting = make_meeting(published=False)
    add_item(meeting, memo=publish_memo(stapeling_memo, by=gerda), duration_minutes=60)
    griffie = client_for(gerda)
    # Publishing queues the package builds after the commit; under pytest they run at once.
    with django_capture_on_commit_callbacks(execute=True):
        assert griffie.post(reverse("meetings:publish", args=[meeting.pk])).status_code == 302

    packages = AgendaPackage.objects.filter(meeting=meeting, state=AgendaPackage.State.DONE)
    assert {package.audience for package in packages} == {"public", "internal"}
    version = stapeling_memo.versions.get()
    assert_stored_in_bucket_only(
        s3_settings,
        settings,
        {package.file.name: package.sha256 for package in packages} | {version.pdf_name: version.pdf_sha256},
    )
    public = packages.get(audience="public")
    data = download(client, reverse("meetings:package_pdf", args=[meeting.pk]))
    assert sha256(data) == public.sha256

    # The RIS package reads the agenda package and the memo's version back from the bucket.
    archive = zipfile.ZipFile(
        io.BytesIO(download(griffie, reverse("meetings:ris_package", args=[meeting.pk])))
    )
    manifest = json.loads(archive.read("manifest.json"))
    checksums = {row["sha256"] for row in manifest["bestanden"]}
    assert {public.sha256, version.pdf_sha256} <= checksums
