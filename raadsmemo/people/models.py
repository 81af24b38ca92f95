"""The directory of people that feeds the forms."""

from django.core.validators import EmailValidator
from django.db import models
from simple_history.models import HistoricalRecords

from raadsmemo.history import HISTORY_EXCLUDED
from raadsmemo.people.validators import validate_phone

CONTACT_ERROR_MESSAGES = {
    "name": {"required": "Vul de naam van de contactpersoon in."},
    "email": {"invalid": "Vul een geldig e-mailadres in, zoals naam@groningen.nl."},
}


class ContactQuerySet(models.QuerySet):
    def search(self, text: str):
        """Contacts whose name, function, team or e-mail contains the text."""
        text = text.strip()
        if not text:
            return self.none()
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(function__icontains=text)
            | models.Q(team__icontains=text)
            | models.Q(email__icontains=text)
        )

    def same_as(self, *, name: str, email: str):
        """Contacts that are probably this person: the same name, or the same e-mail address."""
        same = models.Q(name__iexact=name.strip())
        if email.strip():
            same |= models.Q(email__iexact=email.strip())
        return self.filter(same).order_by("name")


class Contact(models.Model):
    """An ambtelijke contactpersoon: the civil servant who answers technical questions."""

    name = models.CharField("naam", max_length=200)
    function = models.CharField("functie", max_length=200, blank=True)
    team = models.CharField("team", max_length=200, blank=True)
    phone = models.CharField("telefoon", max_length=40, blank=True, validators=[validate_phone])
    email = models.EmailField(
        "e-mailadres",
        blank=True,
        validators=[EmailValidator("Vul een geldig e-mailadres in, zoals naam@groningen.nl.")],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every edit through a form; a save based on an older revision is refused.
    revision = models.PositiveIntegerField(default=1, editable=False)

    objects = ContactQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        ordering = ["name"]
        verbose_name = "contactpersoon"
        verbose_name_plural = "contactpersonen"
        # The directory's page of 30 in name order, and the picker's search, read this index.
        indexes = [models.Index(fields=["name"], name="contact_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.function})" if self.function else self.name

    @property
    def memo_line(self) -> str:
        """The line as the seed memos print it: name (function) / phone / e-mail."""
        parts = [str(self)]
        parts += [p for p in (self.phone, self.email) if p]
        return " / ".join(parts)


class Fractie(models.Model):
    """A party's group in the council (PvdA, GroenLinks, ...): indiener of moties."""

    name = models.CharField("naam", max_length=100, unique=True)
    full_name = models.CharField("volledige naam", max_length=200, blank=True)
    # A fractie that left the council stays, so old moties keep their indieners.
    is_active = models.BooleanField("in de raad", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "fractie"
        verbose_name_plural = "fracties"

    def __str__(self) -> str:
        return self.name


class BestuurderRole(models.TextChoices):
    WETHOUDER = "wethouder", "Wethouder"
    BURGEMEESTER = "burgemeester", "Burgemeester"


class Bestuurder(models.Model):
    """A member of the college (wethouder or burgemeester) with a portefeuille."""

    name = models.CharField("naam", max_length=200, unique=True)
    role = models.CharField("functie", max_length=20, choices=BestuurderRole.choices)
    portefeuille = models.TextField("portefeuille", blank=True)
    # A former wethouder stays, as portefeuillehouder of the toezeggingen made then.
    is_active = models.BooleanField("in functie", default=True)

    class Meta:
        ordering = ["role", "name"]
        verbose_name = "bestuurder"
        verbose_name_plural = "bestuurders"

    def __str__(self) -> str:
        return f"{self.get_role_display().lower()} {self.name}"
