"""LTA numbers: "2019-300" for toezeggingen and the other LTA items, "M-31" for moties.

Toezeggingen, initiatiefvoorstellen and verwachte stukken share one series per year, as the
griffie's LTA does ("Item nr 2019-300"). Moties carry no year (seed 003: "M-31"), so their series
runs on; a number is unique across the whole register.
"""

import re

MOTIE_NUMBER = re.compile(r"^M-(\d{1,5})$")
YEAR_NUMBER = re.compile(r"^(\d{4})-(\d{1,5})$")


def number_parts(number: str) -> tuple[int | None, int] | None:
    """(year, sequence) of "2019-300", (None, 31) of "M-31", None when it is neither."""
    if match := MOTIE_NUMBER.match(number):
        return None, int(match[1])
    if match := YEAR_NUMBER.match(number):
        return int(match[1]), int(match[2])
    return None


def normalise_number(text: str) -> str:
    """ "m-31" -> "M-31", " 2019 - 300 " -> "2019-300"; anything else comes back stripped."""
    compact = re.sub(r"\s+", "", text or "")
    return compact.upper() if compact[:2].lower() == "m-" else compact


def number_error(kind: str, number: str) -> str | None:
    """The Dutch reason why this number does not fit this kind, or None when it does."""
    from raadsmemo.lta.models import Kind

    parts = number_parts(number)
    if kind == Kind.MOTIE:
        if parts is None or parts[0] is not None:
            return "Een motie heeft een nummer als M-31: een M, een streepje en een volgnummer."
        return None
    if parts is None or parts[0] is None:
        return "Dit item heeft een nummer als 2019-300: het jaar, een streepje en een volgnummer."
    if not 1990 <= parts[0] <= 2100:
        return f"{parts[0]} is geen jaartal voor de LTA. Gebruik een nummer als 2019-300."
    return None


def propose_number(kind: str, *, year: int) -> str:
    """The next free number for a new item of this kind (in this year, for year-numbered kinds)."""
    from raadsmemo.lta.models import Kind, LtaItem

    if kind == Kind.MOTIE:
        taken = LtaItem.objects.filter(year__isnull=True, number__startswith="M-")
        return f"M-{(taken.aggregate_max_sequence() or 0) + 1}"
    taken = LtaItem.objects.filter(year=year)
    return f"{year}-{(taken.aggregate_max_sequence() or 0) + 1}"
