"""Static file storage for production: hashed, compressed names that browsers may cache for a year."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage, tolerant of vendor CSS that points at files it does not ship.

    @utrecht/design-tokens refers to an icon (pijltje.svg) that is not in the package; a strict
    manifest would refuse to collect the static files at all. Such a reference is left as it is.
    """

    def url_converter(self, *args, **kwargs):
        convert = super().url_converter(*args, **kwargs)

        def convert_or_keep(matchobj):
            try:
                return convert(matchobj)
            except ValueError:
                return matchobj.group(0)

        return convert_or_keep


# --- Stored files: local disk or an S3-compatible object store ------------------------------

# Above this size a file read from the object store is spooled to a temporary file, not memory.
SPOOL_IN_MEMORY_UP_TO = 8 * 1024 * 1024


def stored_files_storage(environ) -> dict:
    """STORAGES["default"] from the environment: an S3-compatible object store when
    AWS_STORAGE_BUCKET_NAME is set, else local files under MEDIA_ROOT.

    Every app server and the task worker must see the same files, so more than one server needs
    the object store (docs/operations.md). Whatever the environment says, the object store never
    overwrites a file (a published version is written once; the storage picks a free name) and
    never makes one public: objects get the bucket's own, private, access, and the app streams
    them to readers after checking access (raadsmemo.publishing.serving).
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    from botocore.config import Config

    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None,
        "region_name": environ.get("AWS_S3_REGION_NAME", "").strip() or None,
        "location": environ.get("AWS_LOCATION", "").strip().strip("/"),
        "file_overwrite": False,
        "default_acl": None,
        # url() is never sent to a reader; should it ever be, it is signed and short-lived.
        "querystring_auth": True,
        "querystring_expire": 300,
        "max_memory_size": SPOOL_IN_MEMORY_UP_TO,
        "client_config": Config(
            # "path" for MinIO, Garage or Ceph at an address of their own; AWS takes "auto".
            s3={"addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE", "").strip() or "auto"},
            signature_version="s3v4",
            # A store that does not answer fails the request (and the health check) in seconds.
            connect_timeout=5,
            read_timeout=30,
            retries={"max_attempts": 3, "mode": "standard"},
        ),
    }
    # Without keys boto3 finds credentials itself (an instance role, ~/.aws).
    for option, name in (("access_key", "AWS_ACCESS_KEY_ID"), ("secret_key", "AWS_SECRET_ACCESS_KEY")):
        if environ.get(name, "").strip():
            options[option] = environ[name].strip()
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
