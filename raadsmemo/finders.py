"""Static file finding for our own and the npm packages' files."""

from django.contrib.staticfiles.finders import FileSystemFinder

# What the npm packages ship for other tool chains: token data as JSON/JS/Sass/Less, TypeScript
# types, sources, and font files Dutch does not need.
VENDOR_IGNORE_PATTERNS = [
    "*.json",
    "*.mjs",
    "*.cjs",
    "*.d.ts",
    "*.scss",
    "*.less",
    "*.map",
    "*.md",
    "LICENSE",
    "src",
    "modular",
    "dark",
    "*cyrillic*",
    "*greek*",
    "*vietnamese*",
    "*.woff",
    # Of the whole TrueType fonts the PDF needs regular, italic, bold and bold italic only.
    "SourceSans3-Black*",
    "SourceSans3-ExtraLight*",
    "SourceSans3-Light*",
    "SourceSans3-Medium*",
    "SourceSans3-Semibold*",
    "DejaVuSans-ExtraLight.ttf",
    "DejaVuSansMono*",
    "DejaVuSansCondensed*",
    "DejaVuSerif*",
    "DejaVuMath*",
]


class TrimmedFileSystemFinder(FileSystemFinder):
    """STATICFILES_DIRS, with the vendor files nobody requests left out of collectstatic."""

    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *VENDOR_IGNORE_PATTERNS])
