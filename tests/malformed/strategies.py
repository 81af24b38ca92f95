"""What the malformed-input tests send: nonsense and near-sense for any text a browser can post."""

import functools

from hypothesis import strategies as st

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "²",
    "①",
    "١٢",
    "9" * 25,
    "1e3",
    "NaN",
    "2022-01-12",
    "12-01-2022",
    "31-02-2022",
    "10000-01-01",
    "0000-00-00",
    "25:61",
    "10:30",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '=HYPERLINK("http://x")',
    "a" * 3000,
    "\x00",
    "a\x00b",
    "\u202e",
    "😀",
    "%00",
    "../../etc/passwd",
    "M-31",
    "2019-300",
    "up:²",
    "remove:slots:①",
    "pick-contact:" + "9" * 30,
]


def value_for(choices: list[str]):
    """A value for a field that offers these choices: one of them, a nasty one, any text, any number."""
    return _value_strategy(tuple(choices))


@functools.cache
def _value_strategy(choices: tuple[str, ...]):
    # Built once per set of choices: a form of 60 fields draws from the same few strategies.
    return st.one_of(
        st.sampled_from([*choices, *NASTY]),
        st.text(max_size=30),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )


# Fields filled per example at most. Django cleans each field on its own, so a large form (the
# collegevoorstel has 60 fields) is covered field by field over the examples, without each
# example drawing values for all of them (which made one form's fuzz take a minute).
FIELDS_PER_EXAMPLE = 16


@st.composite
def form_data(draw, fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """Some of the fields (each with one value or two), and maybe one field nobody asked for."""
    names = list(fields)
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=FIELDS_PER_EXAMPLE)) if names else []
    data = {}
    for name in chosen:
        count = draw(st.sampled_from([1, 1, 1, 2]))
        data[name] = [draw(value_for(fields[name])) for _ in range(count)]
    if draw(st.booleans()):
        data[draw(st.sampled_from(["x", "action", "pk", "id", "TOTAL_FORMS"]))] = [draw(value_for([]))]
    return data
