"""Numbers from URLs, query strings and buttons: ASCII digits in range, or nothing.

`str.isdigit()` is true for "²" and "①", which `int()` refuses, and an id longer than a bigint
makes the database refuse the query; both once answered 500. Parse here, not with int().
"""

import re

ID_PATTERN = re.compile(r"[0-9]{1,18}")  # always fits PostgreSQL's bigint


def parse_id(value) -> int | None:
    """The id in `value` ("12"), or None for anything else ("", "²", "-1", "1e3", 30 digits)."""
    if isinstance(value, str) and ID_PATTERN.fullmatch(value):
        return int(value)
    return None


class YearConverter:
    """A year in a URL: four digits, 1000 to 9999 (Python's dates end at 9999; 0 is no year)."""

    regex = "[1-9][0-9]{3}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"
