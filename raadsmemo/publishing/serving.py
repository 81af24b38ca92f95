"""Send a stored file (a published memo version, an agenda package) as a download.

Stored files never change, so the answer carries what a browser or a proxy needs to keep it: an
ETag (the file's SHA-256), Content-Length, a Content-Disposition filename, and for a versioned
public address a Cache-Control that lets it be cached for good. The caller has checked access.
"""

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

A_YEAR = 365 * 24 * 60 * 60


def stored_file_response(
    request: HttpRequest,
    name: str,
    *,
    checksum: str,
    filename: str,
    content_type: str,
    public: bool,
    immutable: bool = True,
    as_attachment: bool = False,
) -> HttpResponse:
    """The stored file `name`, or 304 when the browser has it already (If-None-Match).

    `public` allows shared caches (a published, public version); otherwise the answer is private
    and, for a signed-in user, not stored at all (raadsmemo.middleware). `immutable` is for
    addresses that name one version: their content never changes.
    """
    etag = f'"{checksum}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(
            default_storage.open(name, "rb"),
            content_type=content_type,
            filename=filename,
            as_attachment=as_attachment,
        )
    response["ETag"] = etag
    if public and immutable:
        patch_cache_control(response, public=True, max_age=A_YEAR, immutable=True)
    elif public:
        patch_cache_control(response, public=True, no_cache=True)  # revalidate with the ETag
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response
