"""The search form: what the box and the results page send, checked before anything is searched."""

from django import forms
from django.utils import timezone

from raadsmemo.forms import StyledFormMixin
from raadsmemo.search.query import kinds_for

MAX_LENGTH = 200
FIRST_YEAR = 2000


class SearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label="Zoeken",
        required=False,
        max_length=MAX_LENGTH,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"max_length": f"Zoek op hoogstens {MAX_LENGTH} tekens; maak de zoekvraag korter."},
    )
    soort = forms.ChoiceField(
        label="Soort",
        required=False,
        error_messages={"invalid_choice": "Deze soort bestaat niet. Kies een soort uit de lijst."},
    )
    jaar = forms.TypedChoiceField(
        label="Jaar",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Kies een jaar uit de lijst."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [("", "Alles"), *((k.value, k.label) for k in kinds_for(user))]
        this_year = timezone.localdate().year
        years = [str(y) for y in range(this_year + 1, FIRST_YEAR - 1, -1)]
        self.fields["jaar"].choices = [("", "Alle jaren"), *((y, y) for y in years)]
        self.fields["q"].widget.attrs["maxlength"] = MAX_LENGTH

    @property
    def criteria(self) -> dict:
        """The valid search: text, kind and year (empty when the form is not valid)."""
        if not (self.is_bound and self.is_valid()):
            return {}
        data = self.cleaned_data
        return {"text": data["q"], "kind": data["soort"], "year": data["jaar"]}
