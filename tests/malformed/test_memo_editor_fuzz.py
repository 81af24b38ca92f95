"""Property-based: the memo editor (its form and row formsets) validates and previews anything.

A quarter of the profile's examples (250 in CI): the memo form alone gets the full count in
test_forms_fuzz.py, and each example here builds the form, four formsets and two previews. In a
module of its own, so that pytest-xdist runs it beside the others.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from raadsmemo.memos.editor import SECTIONS, MemoEditor
from raadsmemo.memos.rendering import memo_context_from_editor
from tests.malformed.strategies import form_data
from tests.malformed.test_forms_fuzz import field_names_and_choices, to_querydict

ROW_COUNTS = st.sampled_from(["0", "1", "2", "", "²", "-1", "9" * 25, "1000", "abc"])


@st.composite
def editor_data(draw, memo_fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """The memo editor's post: the memo's fields, and for each row section counts and rows."""
    data = draw(form_data(memo_fields))
    for prefix, section in SECTIONS.items():
        data[f"{prefix}-TOTAL_FORMS"] = [draw(ROW_COUNTS)]
        data[f"{prefix}-INITIAL_FORMS"] = [draw(ROW_COUNTS)]
        row_fields = {f"{prefix}-{i}-{name}": [] for i in range(2) for name in section.fields}
        data.update(draw(form_data(row_fields)))
    return data


def test_memo_editor_validates_and_previews_anything(world):
    memo_fields = field_names_and_choices(MemoEditor.for_memo(None).form)

    @given(editor_data(memo_fields), st.booleans())
    def run(data, existing):
        editor = MemoEditor.bound(to_querydict(data), world["memo"] if existing else None)
        editor.is_valid()
        memo_context_from_editor(editor)
        # After a row action the editor shows everything as typed, unvalidated: that must hold too.
        memo_context_from_editor(MemoEditor.unvalidated(to_querydict(data), None))

    settings(max_examples=max(2, settings().max_examples // 4))(run)()
