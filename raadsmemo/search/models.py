"""The search index: one `SearchDocument` per thing a reader may find, with its text.

Why one table and not a vector on each model: the text a reader may find is not always a row of
the source. A reader finds a memo by its published version (a frozen snapshot in storage), not
by the concept being edited; an LTA item is found by its stand van zaken (rows of another
table). Those texts cannot be a generated column of the source. One table also makes one GIN
index, one ranked query and one ordering over every kind, instead of a UNION over five.

Who may find a document is stored on it as flags, one per reader class (`for_public`,
`for_raadsleden`, `for_agendacommissie`, `for_griffie`, and `is_geheim` for what only named
readers find), computed at index time by search/readers.py from the sources' own rules. A search
then reads one table with one partial index per class instead of joining every source. Who is
named on a geheim object is checked when searching, and the rows of the page shown are checked
again against the sources' QuerySet rules (`readable_by`, `visible_to`, `published()`), see
search/query.py: a stale document can show old text or go missing, never show something the
reader may not see.
"""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models

SEARCH_CONFIG = "dutch"


class Kind(models.TextChoices):
    MEMO = "memo", "Voorbereidingsmemo"
    VERGADERING = "vergadering", "Vergadering"
    AGENDAPUNT = "agendapunt", "Agendapunt"
    LTA = "lta", "LTA-item"
    COLLEGEVOORSTEL = "collegevoorstel", "Collegevoorstel"
    CONTACT = "contact", "Contactpersoon"


class Variant(models.TextChoices):
    # The thing as it is now: what the griffie (and, for memos, the agendacommissie) reads.
    ACTUEEL = "actueel", "Actueel"
    # The published version: what every other reader reads of a memo or a collegevoorstel.
    GEPUBLICEERD = "gepubliceerd", "Gepubliceerd"


class DutchSearchVector(SearchVector):
    """`setweight(to_tsvector('dutch', ...))` on PostgreSQL. SQLite has no full-text vector: the
    generated column there is NULL and search falls back to the plain text (search/query.py)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


class SearchDocument(models.Model):
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField()
    variant = models.CharField(max_length=20, choices=Variant.choices, default=Variant.ACTUEEL)
    title = models.CharField("titel", max_length=500)
    body = models.TextField("tekst", blank=True)
    # The date a reader knows the thing by (memo datum, meeting date, ...), for the year filter
    # and the result line.
    date = models.DateField("datum", null=True, blank=True)
    year = models.PositiveSmallIntegerField("jaar", null=True, blank=True)
    url = models.CharField(max_length=300)
    # What the result line says under the title ("Beeldvormende sessie", "Toezegging 2019-300").
    label = models.CharField(max_length=200, blank=True)
    # Who finds it without being named (search/readers.py); kept with the text by the services.
    for_public = models.BooleanField(default=False)
    for_raadsleden = models.BooleanField(default=False)
    for_agendacommissie = models.BooleanField(default=False)
    for_griffie = models.BooleanField(default=False)
    is_geheim = models.BooleanField(default=False)
    # Kept by the database from title (weight A) and body (weight B); never written by Django.
    search_vector = models.GeneratedField(
        expression=DutchSearchVector("title", weight="A", config=SEARCH_CONFIG)
        + DutchSearchVector("body", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = "zoekdocument"
        verbose_name_plural = "zoekdocumenten"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "variant"], name="one_search_document"),
        ]
        indexes = [
            models.Index(fields=["kind", "variant", "object_id"]),
            models.Index(fields=["year"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
