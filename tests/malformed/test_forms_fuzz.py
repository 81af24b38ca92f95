"""Property-based, at the level of the forms: every form of raadsmemo validates anything without an
exception, and the filter forms run their query with whatever validated.

Every form class is found, not listed: a new form is tested the day it is written. The examples
per form come from the Hypothesis profile (tests/conftest.py): 1,000 in CI, 30 while developing.
"""

import datetime as dt
import inspect

import pytest
from django import forms
from django.http import QueryDict
from hypothesis import given

import raadsmemo.collegevoorstellen.forms
import raadsmemo.lta.forms
import raadsmemo.meetings.forms
import raadsmemo.memos.forms
import raadsmemo.people.forms
import raadsmemo.verzoeken.forms
from raadsmemo.forms import StyledFormMixin
from raadsmemo.lta.models import LtaItem
from raadsmemo.lta.transfer import plan_import
from raadsmemo.memos.models import Memo
from tests.malformed.strategies import form_data

FORM_MODULES = [
    raadsmemo.collegevoorstellen.forms,
    raadsmemo.lta.forms,
    raadsmemo.meetings.forms,
    raadsmemo.memos.forms,
    raadsmemo.people.forms,
    raadsmemo.verzoeken.forms,
]


def form_classes() -> list[type[forms.BaseForm]]:
    """Every form class of the app (all use StyledFormMixin), by name."""
    found = {
        cls
        for module in FORM_MODULES
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, StyledFormMixin)
        and issubclass(cls, forms.BaseForm)
        and cls.__module__ == module.__name__
    }
    return sorted(found, key=lambda cls: cls.__name__)


def field_names_and_choices(form: forms.BaseForm) -> dict[str, list[str]]:
    """The names a browser posts for each field (MultiWidgets post name_0, name_1) and its choices."""
    fields = {}
    for bound in form:
        choices = [str(value) for value, _ in getattr(bound.field, "choices", [])]
        widget = bound.field.widget
        if isinstance(widget, forms.MultiWidget):
            for i in range(len(widget.widgets)):
                fields[f"{bound.html_name}_{i}"] = choices
        else:
            fields[bound.html_name] = choices
    return fields


# What a form's constructor may ask for, by argument name. A form that asks for something else
# fails its test with a TypeError: add its argument here.
FORM_ARGUMENTS = {
    "meeting": lambda world: world["meeting"],
    "item": lambda world: world["lta"],
    "plan": lambda world: plan_import([["nummer", "soort", "titel"], ["M-31", "motie", "Versterking"]]),
}


def build(cls, data, world):
    """The form bound to data, with what its constructor needs from the world."""
    params = inspect.signature(cls.__init__).parameters
    kwargs = {name: make(world) for name, make in FORM_ARGUMENTS.items() if name in params}
    if issubclass(cls, forms.ModelForm):
        kwargs["instance"] = cls._meta.model()
    return cls(data, {}, **kwargs)


def run_filters(form, world) -> None:
    """Filter forms query with what they cleaned (NUL, odd Unicode): the database must accept it."""
    if isinstance(form, raadsmemo.lta.forms.LtaFilterForm):
        on = dt.date(2022, 1, 12)
        criteria = form.criteria
        list(LtaItem.objects.matching(on=on, **criteria).for_register().sorted_by(criteria.get("sort", "")))
        LtaItem.objects.matching(on=on, **criteria, with_status=False).status_counts(on)
    elif isinstance(form, raadsmemo.memos.forms.MemoFilterForm):
        list(Memo.objects.matching(**form.criteria))


def to_querydict(data: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, values in data.items():
        query.setlist(name, values)
    return query


def test_every_form_is_found():
    names = {cls.__name__ for cls in form_classes()}
    assert {
        "MemoForm",
        "MeetingForm",
        "AgendaItemForm",
        "LtaItemForm",
        "LtaFilterForm",
        "ContactForm",
    } <= names


@pytest.mark.parametrize("form_class", form_classes(), ids=lambda cls: cls.__name__)
def test_form_validates_anything_without_an_exception(world, form_class):
    fields = field_names_and_choices(build(form_class, None, world))

    @given(form_data(fields))
    def run(data):
        form = build(form_class, to_querydict(data), world)
        if not form.is_valid():
            # Each error is a message for a person, not an exception's text.
            assert all(isinstance(message, str) and message for message in form.errors.get("__all__", []))
        run_filters(form, world)

    run()
