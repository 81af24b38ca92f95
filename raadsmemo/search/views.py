"""The search page: the results for whatever the reader may see, as a page or as a fragment."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from raadsmemo.htmx import render_partial_response
from raadsmemo.search.forms import SearchForm
from raadsmemo.search.query import Found
from raadsmemo.search.query import search as search_documents

PAGE_SIZE = 20
SUGGESTIONS = 6
# The elements htmx may target: the header's suggestions and the results on the page itself.
PARTIALS = ("zoek-suggesties", "zoekresultaten")


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """/zoeken/?q=...&soort=...&jaar=...&pagina=...: works without JavaScript; htmx asks for the
    header's suggestions or for the results block while the reader types."""
    form = SearchForm(request.GET or None, user=request.user)
    criteria = form.criteria
    target = request.htmx.target if request.htmx and request.htmx.target in PARTIALS else ""
    page = _page_number(request.GET.get("pagina"))
    found = Found([], 0, [])
    if criteria.get("text"):
        # As you type, the header's suggestions search titles only: quick, and what a reader
        # recognises in a short list; the results page searches the text too.
        suggesting = target == "zoek-suggesties"
        found = search_documents(
            request.user,
            criteria["text"],
            kind=criteria["kind"],
            year=criteria["year"],
            limit=SUGGESTIONS if suggesting else PAGE_SIZE,
            offset=0 if suggesting else (page - 1) * PAGE_SIZE,
            titles_only=suggesting,
        )
    pages = max(1, -(-found.total // PAGE_SIZE))
    context = {
        "form": form,
        "found": found,
        "query": criteria.get("text", ""),
        "search_query": criteria.get("text", ""),
        "page": page,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if page < pages else None,
        "pages": pages,
    }
    return render_partial_response(request, "search/search.html", context, target=target)


def _page_number(value: str | None) -> int:
    """pagina=2; anything else (text, zero, a huge number) is the first page."""
    if value and value.isascii() and value.isdigit() and len(value) <= 4:
        return max(1, int(value))
    return 1
