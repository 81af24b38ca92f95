"""Searching the index for one reader: PostgreSQL full text in Dutch, or a plain fallback on SQLite.

Who may find what is stored on each document as a flag per reader class (search/readers.py), so
a search reads one table: the reader's flag, the words, newest first, through a partial index
per class. Two things the flags cannot say are checked against the sources' own QuerySet rules
(`source_rules`: `Memo.objects.readable_by`, the `visible_to` of meetings, agenda items, LTA
items and collegevoorstellen, `published()`, contacts for the griffie only):
- who is named on a geheim object (`named_q`), for the few documents marked `is_geheim`;
- every row of the page shown, once more (`allowed_q`): a stale flag hides a result, it never
  shows one.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.db.models.lookups import GreaterThan
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from raadsmemo.accounts.roles import can_read_concepts, is_griffie
from raadsmemo.search.models import SEARCH_CONFIG, Kind, SearchDocument, Variant
from raadsmemo.search.readers import reader_field

# Private-use characters mark the hits in PostgreSQL's headline, so that the text can be escaped
# first and the marks turned into <mark> after: the indexed text is the users' own and may hold
# markup.
START, STOP = "\ue000", "\ue001"
WORD = re.compile(r"\w+")
MAX_TERMS = 8
# Up to this many matches are ranked; more are counted as "meer dan" and shown newest first.
RANKED_MAX = 1000
# The snippet is made from the start of the text only: a headline reads the whole text it is given.
HEADLINE_CHARS = 4000


def kinds_for(user) -> list[Kind]:
    """The kinds this user may search (contacts are the griffie's)."""
    return [k for k in Kind if k != Kind.CONTACT or is_griffie(user)]


def source_rules(user, kind: str = "") -> list[tuple[Kind, str | None, object]]:
    """What this user may read, as the sources' QuerySet rules say: per kind (only `kind`, when
    given) the variant of its documents (None: the only one) and the QuerySet of the sources."""
    from raadsmemo.collegevoorstellen.models import Collegevoorstel
    from raadsmemo.lta.models import LtaItem
    from raadsmemo.meetings.models import AgendaItem, Meeting
    from raadsmemo.memos.models import Memo
    from raadsmemo.people.models import Contact

    def rules(k: Kind) -> list[tuple[str | None, object]]:
        if k == Kind.MEMO:
            variant = Variant.ACTUEEL if can_read_concepts(user) else Variant.GEPUBLICEERD
            return [(variant, Memo.objects.readable_by(user))]
        if k == Kind.VERGADERING:
            return [(None, Meeting.objects.visible_to(user))]
        if k == Kind.AGENDAPUNT:
            return [(None, AgendaItem.objects.visible_to(user))]
        if k == Kind.LTA:
            return [(None, LtaItem.objects.visible_to(user))]
        if k == Kind.COLLEGEVOORSTEL:
            live = Collegevoorstel.objects.visible_to(user)
            published = Collegevoorstel.objects.published().exclude(pk__in=live.values("pk"))
            return [(Variant.ACTUEEL, live), (Variant.GEPUBLICEERD, published)]
        return [(None, Contact.objects.all())]  # kinds_for() leaves contacts out but for the griffie

    return [(k, variant, qs) for k in kinds_for(user) if not kind or kind == k for variant, qs in rules(k)]


def _rule_q(k: Kind, variant: str | None, condition) -> Q:
    return Q(kind=k, **({"variant": variant} if variant else {})) & condition


def visible_parts(user, kind: str = "") -> list[Q]:
    """The documents this user may find by the sources' rules, one condition per kind and
    variant (the search before the stored flags; the SQLite fallback's check and the tests')."""
    return [
        _rule_q(k, variant, Q(object_id__in=qs.values("pk"))) for k, variant, qs in source_rules(user, kind)
    ]


def visible_q(user, kind: str = "") -> Q:
    """visible_parts as one condition."""
    allowed = Q(pk__in=[])
    for part in visible_parts(user, kind):
        allowed |= part
    return allowed


def allowed_q(user) -> Q:
    """The same rules, row by row (EXISTS): for the few rows of a page, so that PostgreSQL looks
    each up instead of building every source's visible ids."""
    allowed = Q(pk__in=[])
    for k, variant, qs in source_rules(user):
        allowed |= _rule_q(k, variant, Q(Exists(qs.filter(pk=OuterRef("object_id")))))
    return allowed


def named_q(user) -> Q | None:
    """The geheim documents this user finds by being named (on the object, or for a memo on its
    agenda item), by the sources' rules; None when nobody could name them (anonymous, griffie).
    Only documents marked is_geheim and not already the reader's class's are asked."""
    if not user.is_authenticated or is_griffie(user):
        return None
    named = Q(pk__in=[])
    for k, variant, qs in source_rules(user):
        if k == Kind.MEMO:
            mine = qs.filter(Q(secret_readers=user) | Q(agenda_item__secret_readers=user))
        elif k in (Kind.AGENDAPUNT, Kind.LTA, Kind.COLLEGEVOORSTEL):
            mine = qs.filter(secret_readers=user)
        else:
            continue  # meetings are never geheim, contacts are the griffie's
        named |= _rule_q(k, variant, Q(object_id__in=mine.values("pk")))
    return Q(is_geheim=True, **{reader_field(user): False}) & named


def reader_conditions(user, kind: str = "") -> list[Q]:
    """What this user finds, from the stored flags: their class's, and the named geheim ones."""
    kinds = Q(kind=kind) if kind else Q()  # the flags leave contacts to the griffie
    conditions = [Q(**{reader_field(user): True})]
    named = named_q(user)
    if named is not None:
        conditions.append(named)
    return [kinds & c for c in conditions]


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
    user,
    text: str,
    *,
    kind: str = "",
    year: int | None = None,
    limit: int = 20,
    offset: int = 0,
    titles_only: bool = False,
) -> Found:
    """The documents this user may find for `text`, best first (titles_only: as you type)."""
    terms = terms_of(text)
    if not terms:
        return Found([], 0, [])
    narrow = {"year": year} if year else {}
    if connection.vendor == "postgresql":
        return _search_postgresql(
            user, reader_conditions(user, kind), narrow, terms, limit, offset, titles_only
        )
    conditions = Q(pk__in=[])
    for condition in reader_conditions(user, kind):
        conditions |= condition
    documents = SearchDocument.objects.filter(conditions, visible_q(user, kind), **narrow)
    return _search_fallback(documents, terms, limit, offset, titles_only)


def tsquery(terms: list[str], titles_only: bool = False) -> SearchQuery:
    """Every word, the last one as a prefix (it may still be typed): 'woningen bouw' finds
    'woning' and 'bouwen'. Stemmed with the Dutch configuration, like the documents. Titles
    only: the words of weight A (search/models.py gives the title A, the text B)."""
    weight = "A" if titles_only else ""
    raw = " & ".join([*(f"{t}:{weight}" if weight else t for t in terms[:-1]), f"{terms[-1]}:*{weight}"])
    return SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)


def _union(querysets):
    first, *rest = querysets
    return first.union(*rest, all=True) if rest else first


def _search_postgresql(user, conditions, narrow, terms, limit, offset, titles_only) -> Found:
    """Two queries: the newest RANKED_MAX + 1 matches with their rank, and the page's rows.

    The matches: the reader's flag and the words, newest first, stopped after RANKED_MAX + 1 (a
    frequent word walks the class's partial index newest first; a rare one is found in the GIN
    index and sorted), with the named geheim documents by UNION ALL; only those are ranked
    (SearchRank, title before text), so ranking never reads the whole archive. More than
    RANKED_MAX: the newest come first and the reader is asked to narrow the search.

    The page: its rows checked once more against the sources' rules, with their headlines,
    made from the first HEADLINE_CHARS of the text (none as you type: titles only)."""
    query = tsquery(terms, titles_only)
    newest = [F("date").desc(nulls_last=True), F("id").desc()]
    branches = [
        SearchDocument.objects.filter(condition, search_vector=query, **narrow).values("id", "date")
        for condition in conditions
    ]
    sql, params = _union(branches).order_by(*newest)[: RANKED_MAX + 1].query.sql_with_params()
    matched = RawSQL(f"SELECT matched.id FROM ({sql}) AS matched", params)  # noqa: S611
    # Ranked and cut to the page in PostgreSQL: only the page's ids come back, with the number of
    # matches (a window over the same rows). Past RANKED_MAX the newest come first; equal ranks
    # stay newest first.
    total = Window(Count("id"))
    order = Case(When(GreaterThan(total, RANKED_MAX), then=Value(0.0)), default=F("rank"))
    page = list(
        SearchDocument.objects.filter(pk__in=matched)
        .annotate(rank=SearchRank(F("search_vector"), query), total=total)
        .order_by(order.desc(), *newest)
        .values_list("id", "total")[offset : offset + limit]
    )
    if not page:
        return Found([], 0, terms) if offset == 0 else _past_the_end(matched, terms)
    matches = page[0][1]
    many = matches > RANKED_MAX
    ids = [pk for pk, _ in page]
    marks = {"config": SEARCH_CONFIG, "start_sel": START, "stop_sel": STOP}
    snippet = (
        Value("")
        if titles_only
        else SearchHeadline(
            Substr("body", 1, HEADLINE_CHARS), query, max_words=30, min_words=12, max_fragments=2, **marks
        )
    )
    rows = (
        SearchDocument.objects.filter(allowed_q(user), pk__in=ids)
        .annotate(title_marked=SearchHeadline("title", query, highlight_all=True, **marks), snippet=snippet)
        .values("pk", "kind", "title_marked", "snippet", "url", "label", "date")
    )
    by_pk = {row["pk"]: row for row in rows}
    results = [
        _result(row, _marked(row["title_marked"]), _marked(row["snippet"]))
        for row in map(by_pk.get, ids)
        if row is not None  # a stale flag: the sources' rules say no
    ]
    return Found(results, min(matches, RANKED_MAX), terms, many)


def _past_the_end(matched, terms) -> Found:
    """A page beyond the last match: no rows, but the number of matches for the pager."""
    count = SearchDocument.objects.filter(pk__in=matched).count()
    return Found([], min(count, RANKED_MAX), terms, count > RANKED_MAX)


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


def _search_fallback(documents, terms, limit, offset, titles_only=False) -> Found:
    stems = [crude_stem(t) for t in terms]
    for stem in stems:
        in_text = (
            Q(title__icontains=stem) if titles_only else Q(title__icontains=stem) | Q(body__icontains=stem)
        )
        documents = documents.filter(in_text)
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
        _result(row, _highlight(row["title"], pattern), _excerpt(row["body"][:HEADLINE_CHARS], pattern))
        for row in page
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
