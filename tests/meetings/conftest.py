"""The builders live in tests/conftest.py; this name stays for branches written before the move."""

from tests.conftest import add_item, make_item, make_meeting  # noqa: F401
