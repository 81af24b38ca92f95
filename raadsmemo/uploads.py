"""Uploads are refused by size while they stream in, never after they have been read whole."""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class RefusedUpload(UploadedFile):
    """What a form gets for a file over FILE_UPLOAD_MAX_SIZE: its name and size, no content."""

    refused = True

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(io.BytesIO(), name, content_type, size)


class SizeLimitedUploadHandler(FileUploadHandler):
    """Stops passing an upload on once it passes settings.FILE_UPLOAD_MAX_SIZE.

    It runs first (settings.FILE_UPLOAD_HANDLERS): the memory and temporary-file handlers after
    it receive nothing past the limit, so a 60 MB upload is neither held in memory nor written
    to disk. The rest of the request is read in chunks and dropped, and the form receives a
    RefusedUpload that knows the size, so it can say in Dutch why the file was refused.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received = start + len(raw_data)
        return raw_data if self.received <= settings.FILE_UPLOAD_MAX_SIZE else None

    def file_complete(self, file_size):
        if self.received > settings.FILE_UPLOAD_MAX_SIZE:
            return RefusedUpload(self.file_name, self.content_type, self.received)
        return None
