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
