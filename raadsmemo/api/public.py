"""What the open data API shows: exactly what an anonymous visitor may see, whoever asks.

The API never looks at the session: a signed-in griffie member gets the same public data as a
harvester. Every queryset here goes through the app's own rules (`visible_to`,
`publicly_readable`, `published`) for `VISITOR`, so the API cannot show more than the public pages.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef

from raadsmemo.collegevoorstellen.models import Collegevoorstel, CollegevoorstelVersion
from raadsmemo.lta.models import Kind, LtaItem
from raadsmemo.meetings.models import AgendaItem, AgendaPackage, AgendaStuk, Meeting
from raadsmemo.memos.models import Memo, MemoVersion

VISITOR = AnonymousUser()

# The LTA kinds the ODS has an informatieobjecttype for; initiatiefvoorstellen and verwachte stukken
# on the LTA announce a document that is not there yet (docs/open-data.md).
LTA_KINDS = (Kind.TOEZEGGING, Kind.MOTIE)


def public_meetings():
    """Published, public meetings (cancelled ones too, as on the site)."""
    return Meeting.objects.visible_to(VISITOR)


def public_items():
    """Openbare agendapunten of published, public meetings."""
    return AgendaItem.objects.visible_to(VISITOR)


def public_memos():
    """Memos with a published version a visitor may read (the memo's and its item's rule)."""
    return Memo.objects.publicly_readable()  # the same rule as public_memo_versions


def public_memo_versions():
    """Every published version of those memos: each has its own public address."""
    return MemoVersion.objects.filter(Memo.published_for_q(VISITOR, prefix="memo__"))


def public_stukken():
    """Openbare stukken of openbare agendapunten of published, public meetings."""
    return AgendaStuk.objects.visible_to(VISITOR).filter(item__in=public_items())


def public_collegevoorstel_versions():
    """The versions of openbare, published collegevoorstellen (anyone reads them)."""
    return CollegevoorstelVersion.objects.filter(collegevoorstel__in=Collegevoorstel.objects.published())


def public_lta_items():
    """Openbare toezeggingen and moties of the LTA register (the register is public)."""
    return LtaItem.objects.visible_to(VISITOR).filter(kind__in=LTA_KINDS)


def stored_public_packages():
    """Public agenda package rows with a stored PDF."""
    return AgendaPackage.objects.filter(audience=AgendaPackage.Audience.PUBLIC).exclude(sha256="")


def meetings_with_public_package():
    """Public meetings whose public agenda package has been built (meetings:package_pdf sends the
    current one, and says so when the next one is still being made)."""
    return public_meetings().filter(Exists(stored_public_packages().filter(meeting=OuterRef("pk"))))
