"""Searching the index for one reader: PostgreSQL full text in Dutch, or a plain fallback on SQLite.

Who may find what is decided by the sources' own QuerySet rules, never by the index
(`visible_q`): a memo through `Memo.objects.readable_by` (the memo as it is now for the griffie
and the agendacommissie, the published version for everyone else), meetings and agenda items
through their `visible_to`, LTA items through `LtaItem.objects.visible_to`, collegevoorstellen
through `visible_to` (as they are now) and `published()` (the published version, for the rest),
and contacts for the griffie only.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from raadsmemo.accounts.roles import can_read_concepts, is_griffie
from raadsmemo.search.models import SEARCH_CONFIG, Kind, SearchDocument, Variant

# Private-use characters mark the hits in PostgreSQL's headline, so that the text can be escaped
# first and the marks turned into <mark> after: the indexed text is the users' own and may hold
# markup.
START, STOP = "\ue000", "\ue001"
WORD = re.compile(r"\w+")
MAX_TERMS = 8
# Up to this many matches are ranked; more are counted as "meer dan" and shown newest first.
RANKED_MAX = 1000


def kinds_for(user) -> list[Kind]:
    """The kinds this user may search (contacts are the griffie's)."""
    return [k for k in Kind if k != Kind.CONTACT or is_griffie(user)]


def visible_parts(user, kind: str = "") -> list[Q]:
    """The documents this user may find, as the sources' QuerySet rules say: one condition per
    kind and variant, without OR inside (kind: only those). Searched one by one and put together
    with UNION ALL, each lets PostgreSQL join the index's matches to its source."""
    from raadsmemo.collegevoorstellen.models import Collegevoorstel
    from raadsmemo.lta.models import LtaItem
    from raadsmemo.meetings.models import AgendaItem, Meeting
    from raadsmemo.memos.models import Memo

    def parts(k: Kind) -> list[Q]:
        if k == Kind.MEMO:
            variant = Variant.ACTUEEL if can_read_concepts(user) else Variant.GEPUBLICEERD
            return [Q(variant=variant, object_id__in=Memo.objects.readable_by(user).values("pk"))]
        if k == Kind.VERGADERING:
            return [Q(object_id__in=Meeting.objects.visible_to(user).values("pk"))]
        if k == Kind.AGENDAPUNT:
            return [Q(object_id__in=AgendaItem.objects.visible_to(user).values("pk"))]
        if k == Kind.LTA:
            return [Q(object_id__in=LtaItem.objects.visible_to(user).values("pk"))]
        if k == Kind.COLLEGEVOORSTEL:
            live = Collegevoorstel.objects.visible_to(user).values("pk")
            published = Collegevoorstel.objects.published().exclude(pk__in=live).values("pk")
            return [
                Q(variant=Variant.ACTUEEL, object_id__in=live),
                Q(variant=Variant.GEPUBLICEERD, object_id__in=published),
            ]
        return [Q()]  # contacts: kinds_for() left them out for anyone but the griffie

    return [Q(kind=k) & part for k in kinds_for(user) if not kind or kind == k for part in parts(k)]


def visible_q(user, kind: str = "") -> Q:
    """visible_parts as one condition."""
    allowed = Q(pk__in=[])
    for part in visible_parts(user, kind):
        allowed |= part
    return allowed


def terms_of(text: str) -> list[str]:
    """The words searched for, at most MAX_TERMS (letters and digits; the rest separates)."""
    return WORD.findall(text.lower())[:MAX_TERMS]


@dataclass
class Result:
    kind: str
    kind_label: str
    title: SafeString
    snippet: SafeString
    url: str
    label: str
    date: object


@dataclass
class Found:
    results: list[Result]
    total: int
    terms: list[str]
    many: bool = False  # more than RANKED_MAX matched: total is RANKED_MAX, newest first


def search(
    user, text: str, *, kind: str = "", year: int | None = None, limit: int = 20, offset: int = 0
) -> Found:
    """The documents this user may find for `text`, best first."""
    terms = terms_of(text)
    if not terms:
        return Found([], 0, [])
    narrow = {"year": year} if year else {}
    if connection.vendor == "postgresql":
        return _search_postgresql(visible_parts(user, kind), narrow, terms, limit, offset)
    documents = SearchDocument.objects.filter(visible_q(user, kind), **narrow)
    return _search_fallback(documents, terms, limit, offset)


def tsquery(terms: list[str]) -> SearchQuery:
    """Every word, the last one as a prefix (it may still be typed): 'woningen bouw' finds
    'woning' and 'bouwen'. Stemmed with the Dutch configuration, like the documents."""
    raw = " & ".join([*terms[:-1], f"{terms[-1]}:*"])
    return SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)


def _union(querysets):
    first, *rest = querysets
    return first.union(*rest, all=True) if rest else first


def _search_postgresql(parts, narrow, terms, limit, offset) -> Found:
    """Two queries: the newest RANKED_MAX + 1 matches with their rank, and the page's headlines.

    Each kind is matched on its own and the parts are put together with UNION ALL: with one OR
    over the kinds PostgreSQL would build every source's visible ids in full for each search
    (hashed subplans); a part alone is a join it can plan from the index's matches.

    At most RANKED_MAX matches are ranked (SearchRank, title before text), in Python; past that
    the newest come first, which the same query already gives. A frequent word ("raad") matches
    much of the index; the reader is told there are more and asked to narrow the search."""
    query = tsquery(terms)
    rank = SearchRank(F("search_vector"), query)
    newest = [F("date").desc(nulls_last=True), F("id").desc()]
    branches = [
        SearchDocument.objects.filter(part, search_vector=query, **narrow)
        .annotate(rank=rank)
        .values("id", "date", "rank")
        for part in parts
    ]
    matches = list(_union(branches).order_by(*newest)[: RANKED_MAX + 1])
    if not matches:
        return Found([], 0, terms)
    many = len(matches) > RANKED_MAX
    if not many:  # stable: equal ranks stay newest first
        matches.sort(key=lambda m: -m["rank"])
    ids = [m["id"] for m in matches[offset : offset + limit]]
    marks = {"config": SEARCH_CONFIG, "start_sel": START, "stop_sel": STOP}
    rows = SearchDocument.objects.filter(pk__in=ids).annotate(
        title_marked=SearchHeadline("title", query, highlight_all=True, **marks),
        snippet=SearchHeadline("body", query, max_words=30, min_words=12, max_fragments=2, **marks),
    )
    by_pk = {
        row["pk"]: row for row in rows.values("pk", "kind", "title_marked", "snippet", "url", "label", "date")
    }
    results = [
        _result(row, _marked(row["title_marked"]), _marked(row["snippet"])) for row in map(by_pk.get, ids)
    ]
    return Found(results, min(len(matches), RANKED_MAX), terms, many)


def _marked(text: str) -> SafeString:
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _result(row, title, snippet) -> Result:
    return Result(
        kind=row["kind"],
        kind_label=Kind(row["kind"]).label,
        title=title,
        snippet=snippet,
        url=row["url"],
        label=row["label"],
        date=row["date"],
    )


# -- SQLite: no full text; contains on a crude Dutch stem -------------------------------------

SUFFIXES = ("heden", "ingen", "eren", "ens", "en", "'s", "s", "e")


def crude_stem(word: str) -> str:
    """Strip one common Dutch plural or inflection ending: woningen → woning, toezeggingen →
    toezegging, besluiten → besluit. Crude on purpose: the fallback is for development only."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            if suffix == "ingen":
                return stem + "ing"
            if suffix == "heden":
                return stem + "heid"
            return stem
    return word


def _search_fallback(documents, terms, limit, offset) -> Found:
    stems = [crude_stem(t) for t in terms]
    for stem in stems:
        documents = documents.filter(Q(title__icontains=stem) | Q(body__icontains=stem))
    total = documents.order_by()[: RANKED_MAX + 1].count()
    many = total > RANKED_MAX
    in_title = Q()
    for stem in stems:
        in_title &= Q(title__icontains=stem)
    newest = [F("date").desc(nulls_last=True), "-pk"]
    page = (
        documents.order_by(*newest)
        if many
        else documents.annotate(
            in_title=Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
        ).order_by("-in_title", *newest)
    )
    page = page.values("kind", "title", "url", "label", "date", "body")[offset : offset + limit]
    pattern = re.compile("|".join(re.escape(s) for s in stems), re.IGNORECASE)
    results = [
        _result(row, _highlight(row["title"], pattern), _excerpt(row["body"], pattern)) for row in page
    ]
    return Found(results, min(total, RANKED_MAX), terms, many)


def _highlight(text: str, pattern) -> SafeString:
    return _marked(pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text))


def _excerpt(body: str, pattern, width: int = 90) -> SafeString:
    hit = pattern.search(body)
    if not hit:
        return mark_safe("")
    start, end = max(0, hit.start() - width), min(len(body), hit.end() + width)
    text = ("… " if start else "") + body[start:end].replace("\n", " ") + (" …" if end < len(body) else "")
    return _highlight(text, pattern)
