"""Confidentiality of memos, agenda items, stukken and LTA items: openbaar, vertrouwelijk or geheim.

- openbaar: whoever may see the meeting (or the register) sees it;
- vertrouwelijk: raadsleden and staff (the griffie and the agendacommissie);
- geheim: the griffie and the people named on it, on a grondslag (Woo, Gemeentewet) and until a
  date. raadsmemo never lifts a geheimhouding by itself: after the date the griffie sees it is
  due and decides (the raad lifts it, art. 25/86/87 Gemeentewet).

One rule, as a Q (`ConfidentialModel.confidentiality_q`), used by every QuerySet's `visible_to`
and so by every channel; `allows(user)` is the same rule for one loaded object.
"""

import datetime as dt

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone

from raadsmemo.accounts.roles import ROLES, is_griffie, reads_vertrouwelijk
from raadsmemo.forms import refuse_overflow


class Confidentiality(models.TextChoices):
    OPENBAAR = "openbaar", "Openbaar"
    VERTROUWELIJK = "vertrouwelijk", "Vertrouwelijk"
    GEHEIM = "geheim", "Geheim"


class Grondslag(models.TextChoices):
    WOO_5_1 = "woo-5.1", "Woo art. 5.1"
    WOO_5_2 = "woo-5.2", "Woo art. 5.2"
    GEMEENTEWET_25 = "gemeentewet-25", "Gemeentewet art. 25"
    GEMEENTEWET_86 = "gemeentewet-86", "Gemeentewet art. 86"
    GEMEENTEWET_87 = "gemeentewet-87", "Gemeentewet art. 87"


class ConfidentialModel(models.Model):
    """The confidentiality fields. A model that names its own readers adds `secret_readers`
    (a ManyToManyField to the user); one that has none (a stuk) follows its parent's readers
    through `readers_path`."""

    # Where the named readers are, seen from this model ("" : its own secret_readers).
    readers_path = ""

    confidentiality = models.CharField(
        "vertrouwelijkheid", max_length=20, choices=Confidentiality.choices, default=Confidentiality.OPENBAAR
    )
    grondslag = models.CharField(
        "grondslag geheimhouding", max_length=20, choices=Grondslag.choices, blank=True
    )
    secret_until = models.DateField("geheim tot", null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def confidentiality_q(cls, user, prefix: str = "") -> models.Q:
        """The rows of this model the user may see for their confidentiality (prefix: through a relation)."""
        if is_griffie(user):
            return models.Q()
        levels = [Confidentiality.OPENBAAR]
        if reads_vertrouwelijk(user):
            levels.append(Confidentiality.VERTROUWELIJK)
        allowed = models.Q(**{f"{prefix}confidentiality__in": levels})
        if user.is_authenticated:
            allowed |= models.Q(**{f"{prefix}confidentiality": Confidentiality.GEHEIM}) & cls._named_q(
                user, prefix
            )
        return allowed

    @classmethod
    def _named_q(cls, user, prefix: str) -> models.Q:
        owner = cls._meta.get_field(cls.readers_path).related_model if cls.readers_path else cls
        through = owner._meta.get_field("secret_readers").remote_field.through
        named = through.objects.filter(user=user).values(f"{owner._meta.model_name}_id")
        path = f"{cls.readers_path}_id" if cls.readers_path else "pk"
        return models.Q(**{f"{prefix}{path}__in": named})

    @property
    def is_openbaar(self) -> bool:
        return self.confidentiality == Confidentiality.OPENBAAR

    @property
    def is_geheim(self) -> bool:
        return self.confidentiality == Confidentiality.GEHEIM

    @property
    def secret_expired(self) -> bool:
        """Geheim, and the date until which it was to stay geheim has passed: the griffie acts."""
        return self.is_geheim and self.secret_until is not None and self.secret_until < timezone.localdate()

    def allows(self, user) -> bool:
        """The same rule as confidentiality_q, for this one object (one query for a geheim one)."""
        if self.is_openbaar or is_griffie(user):
            return True
        if self.confidentiality == Confidentiality.VERTROUWELIJK:
            return reads_vertrouwelijk(user)
        owner = getattr(self, self.readers_path) if self.readers_path else self
        return user.is_authenticated and owner.secret_readers.filter(pk=user.pk).exists()


def secret_readers_field() -> models.ManyToManyField:
    return models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name="ingewijden",
        help_text="Wie naast de griffie een geheim stuk mag zien.",
    )


CONFIDENTIALITY_FIELDS = ["confidentiality", "grondslag", "secret_until"]
CONFIDENTIALITY_LABELS = {
    "confidentiality": "Vertrouwelijkheid",
    "grondslag": "Grondslag van de geheimhouding",
    "secret_until": "Geheim tot en met",
}


class ConfidentialityFormMixin:
    """Checks the confidentiality fields of a form; with `named_readers = True` it also offers
    the people who may see a geheim object (cleaned as `secret_readers`, saved by the service)."""

    named_readers = False

    def add_confidentiality_fields(self):
        # Left out of a post (an older page, a script): a new object is openbaar, an existing one
        # keeps what it was; a missing field never makes something public.
        self.fields["confidentiality"].required = False
        if "secret_until" in self.fields:
            # A new widget, so the class StyledFormMixin gave the old one is given again.
            self.fields["secret_until"].widget = forms.DateInput(
                attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"},
                format="%Y-%m-%d",
            )
            self.fields["secret_until"].error_messages["invalid"] = "Vul een datum in, zoals 31-12-2027."
        if self.named_readers:
            self.fields["secret_readers"] = field = forms.ModelMultipleChoiceField(
                label="Ingewijden (naast de griffie)",
                queryset=readers_choices(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="Alleen bij geheim: wie het mag zien.",
                error_messages={"invalid_choice": "Deze persoon bestaat niet (meer). Kies een ander."},
            )
            field.clean = refuse_overflow(field, field.clean)  # as StyledFormMixin does for its fields
            field.widget.attrs["class"] = (
                "utrecht-checkbox utrecht-checkbox--html-input utrecht-form-field__input"
            )
            instance = getattr(self, "instance", None)
            # Only a geheim object has readers (they are cleared when it stops being geheim).
            if instance is not None and instance.pk and instance.is_geheim and not self.is_bound:
                self.initial["secret_readers"] = [u.pk for u in instance.secret_readers.all()]

    def clean_confidentiality_fields(self, data: dict) -> None:
        if not data.get("confidentiality") and "confidentiality" not in self.errors:
            instance = getattr(self, "instance", None)
            stored = instance.confidentiality if instance is not None and instance.pk else None
            data["confidentiality"] = stored or Confidentiality.OPENBAAR
            if stored == Confidentiality.GEHEIM:  # the rest of geheim stays as it was, too
                data["grondslag"], data["secret_until"] = instance.grondslag, instance.secret_until
                if self.named_readers:
                    data["secret_readers"] = None
                return
        level = data.get("confidentiality")
        if level != Confidentiality.GEHEIM:
            data["grondslag"], data["secret_until"] = "", None
            if self.named_readers:
                data["secret_readers"] = []
            return
        if not data.get("grondslag"):
            self.add_error("grondslag", "Kies de grondslag van de geheimhouding (Woo of Gemeentewet).")
        until = data.get("secret_until")
        if until is None:
            if "secret_until" not in self.errors:
                self.add_error("secret_until", "Vul in tot wanneer de geheimhouding geldt.")
        elif until <= timezone.localdate() and self._until_changed(until):
            self.add_error("secret_until", "De geheimhouding moet na vandaag aflopen. Kies een latere datum.")

    def _until_changed(self, until: dt.date) -> bool:
        """An existing geheimhouding that has passed its date may be saved as it is (the griffie
        sees it is due); a new or changed date must lie in the future."""
        instance = getattr(self, "instance", None)
        stored = getattr(instance, "secret_until", None) if instance is not None and instance.pk else None
        return stored != until


def set_secret_readers(obj, readers) -> None:
    """Name who besides the griffie sees a geheim object (None: leave them as they are)."""
    if readers is not None:
        obj.secret_readers.set(readers)


def readers_choices():
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=ROLES)
        .distinct()
        .order_by("username")
    )
