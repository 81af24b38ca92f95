"""Find the bestuurder a person means when they write a name by hand.

Lists kept in Excel name the portefeuillehouder the way people speak: "Wethouder Jongman",
"wethouder I. Jongman", "Jongman", "Jongman, Inge" or "Roeland van der Schaaf". All of them
must find the bestuurder; when two bestuurders fit, or none, the answer is a Dutch sentence
that names the candidates, so the griffie can correct the cell.
"""

import difflib
import re
import unicodedata
from collections.abc import Iterable

from raadsmemo.people.models import Bestuurder, BestuurderRole

# Words around a name that say what someone is, not who.
TITLES = {
    "wethouder": BestuurderRole.WETHOUDER,
    "weth": BestuurderRole.WETHOUDER,
    "burgemeester": BestuurderRole.BURGEMEESTER,
    "burg": BestuurderRole.BURGEMEESTER,
    "locoburgemeester": BestuurderRole.WETHOUDER,
    "loco-burgemeester": BestuurderRole.WETHOUDER,
}
COURTESY = {
    "de",
    "heer",
    "dhr",
    "mevrouw",
    "mevr",
    "mw",
    "mr",
    "drs",
    "dr",
    "ir",
    "prof",
    "portefeuillehouder",
}
# Tussenvoegsels: part of the surname, but often left out ("Schaaf" for "van der Schaaf").
PARTICLES = {
    "van",
    "der",
    "den",
    "de",
    "het",
    "ter",
    "ten",
    "te",
    "t",
    "in",
    "op",
    "vd",
    "v",
    "la",
    "le",
    "du",
}
MAX_LISTED = 8


def _words(text: str) -> list[str]:
    """Lower case, accents and dots removed: "Wethouder I. Jongman" -> [wethouder, i, jongman]."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    if text.count(",") == 1:  # "Jongman, I." is "I. Jongman"
        surname, given = text.split(",")
        text = f"{given} {surname}"
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.replace("'", ""))


class _Name:
    """A bestuurder's name split into given names and surname (without tussenvoegsels)."""

    def __init__(self, bestuurder: Bestuurder):
        self.bestuurder = bestuurder
        words = _words(bestuurder.name)
        start = next((i for i, w in enumerate(words) if i > 0 and w in PARTICLES), len(words) - 1)
        self.given = words[:start]
        self.surname = [w for w in words[start:] if w not in PARTICLES]

    def fits(self, words: list[str]) -> bool:
        """The written words (titles removed) name this person: surname last, then initials or names."""
        core = [w for w in words if w not in PARTICLES]
        if not self.surname or core[-len(self.surname) :] != self.surname:
            return False
        before = core[: -len(self.surname)]
        if not before:
            return True
        first = before[0]
        # "I." or "I.M." stands for the first given name; a written-out name must be one of them.
        if len(first) == 1:
            return bool(self.given) and self.given[0].startswith(first)
        return all(w in self.given or len(w) == 1 for w in before)


class BestuurderMatcher:
    """Matches hand-written names against a fixed set of bestuurders (read once, used per row)."""

    def __init__(self, bestuurders: Iterable[Bestuurder]):
        self.names = [_Name(b) for b in bestuurders]

    def match(self, text: str) -> tuple[Bestuurder | None, str]:
        """The one bestuurder `text` means, or None and a Dutch sentence naming the candidates."""
        text = " ".join(text.split())
        words = _words(text)
        roles = {TITLES[w] for w in words if w in TITLES}
        words = [w for w in words if w not in TITLES and w not in COURTESY - PARTICLES]
        if not words:
            return None, f"'{text}' is geen naam. Schrijf de naam van de portefeuillehouder, zoals Jongman."
        exact = [n for n in self.names if _words(n.bestuurder.name) == words]
        candidates = exact or [n for n in self.names if n.fits(words)]
        if len(candidates) > 1 and roles:  # "Burgemeester X" beside a wethouder X
            candidates = [n for n in candidates if n.bestuurder.role in roles] or candidates
        if len(candidates) == 1:
            return candidates[0].bestuurder, ""
        if candidates:
            return None, (
                f"Meerdere bestuurders passen bij '{text}': {self._list(candidates)}. "
                "Schrijf de voorletter of voornaam erbij, zoals 'I. Jongman'."
            )
        return None, self._unknown(text, words)

    def _unknown(self, text: str, words: list[str]) -> str:
        surnames = {" ".join(n.surname): n for n in self.names}
        close = difflib.get_close_matches(
            " ".join(w for w in words if w not in PARTICLES), surnames, n=5, cutoff=0.7
        )
        message = f"Onbekende portefeuillehouder '{text}'."
        if close:
            return f"{message} Bedoelt u {self._list([surnames[c] for c in close], joiner=' of ')}?"
        known = [n for n in self.names if n.bestuurder.is_active] or self.names
        if known:
            message += f" Bekende bestuurders: {self._list(known)}."
        return f"{message} Voeg een nieuwe bestuurder eerst toe onder Bestuurders."

    @staticmethod
    def _list(names: list[_Name], joiner: str = ", ") -> str:
        listed = [str(n.bestuurder) for n in names[:MAX_LISTED]]
        more = f" (en {len(names) - MAX_LISTED} meer)" if len(names) > MAX_LISTED else ""
        return joiner.join(listed) + more
