"""The uploaded list of signatures: checked by size and by what the file really is (its first
bytes, not its name or the browser's word), then stored through default_storage under a random
name. Only the griffie and the agendacommissie can download it (views.signature_list)."""

import hashlib
import uuid

from django.conf import settings
from django.core.files.storage import default_storage

# What a list of signatures may be: the extension, the type it is sent as, and how it starts.
KINDS = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    "csv": ("text/csv", ()),
}
FOLDER = "verzoeken/handtekeningen"


class SignatureFileError(Exception):
    """The upload is no list we accept; the message says why, in Dutch."""


def max_megabytes() -> int:
    return settings.FILE_UPLOAD_MAX_SIZE // (1024 * 1024)


def check_signature_file(upload) -> str:
    """The file's extension (its kind) if we accept it; else SignatureFileError."""
    if getattr(upload, "refused", False) or upload.size > settings.FILE_UPLOAD_MAX_SIZE:
        raise SignatureFileError(
            f"Het bestand is groter dan {max_megabytes()} MB. Maak het kleiner of splits de lijst."
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in KINDS:
        raise SignatureFileError(
            "Dit soort bestand nemen we niet aan. Kies een PDF, JPG, PNG, CSV, XLSX of ODS-bestand."
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    _, starts = KINDS[extension]
    if extension == "csv":
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte letter cut off at the end of the sample is fine.
            if error.start < len(head) - 4:
                raise SignatureFileError(
                    "Dit CSV-bestand is geen leesbare tekst. Sla het op als CSV (UTF-8)."
                ) from None
        if b"\x00" in head:
            raise SignatureFileError("Dit CSV-bestand is geen leesbare tekst. Sla het op als CSV (UTF-8).")
    elif not head.startswith(starts):
        raise SignatureFileError(
            f"Dit bestand is geen echt {extension.upper()}-bestand. Kies het bestand opnieuw."
        )
    return extension


def store_signature_file(upload, extension: str) -> dict:
    """Store the checked upload; the fields of Agendaverzoek that describe it."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.{extension}", upload)
    return {
        "signature_file": name,
        "signature_filename": (upload.name or f"handtekeningen.{extension}")[-255:],
        "signature_checksum": digest.hexdigest(),
        "signature_content_type": KINDS[extension][0],
    }


def delete_signature_file(name: str) -> None:
    if name and default_storage.exists(name):
        default_storage.delete(name)
