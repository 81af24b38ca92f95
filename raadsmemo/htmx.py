"""One way to answer htmx: the whole page, or the one partial of it that the request targets.

Taken from radiofeed's `render_partial_response`: a view renders its page template; when htmx
asks for an element that a `{% partialdef %}` of that page draws, only that partial is sent.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse


def render_partial_response(
    request: HttpRequest,
    template_name: str,
    context: dict | None = None,
    *,
    target: str = "",
    partial: str = "",
    **response_kwargs,
) -> TemplateResponse:
    """The page, or its partial `partial` (default: named like `target`) when htmx targets `target`.

    With `target` empty, any htmx request gets the partial: for views that only htmx calls
    with a fragment in mind (the row buttons, the contact search).
    """
    partial = partial or target
    if partial and request.htmx and (not target or request.htmx.target == target):
        template_name = f"{template_name}#{partial}"
    return TemplateResponse(request, template_name, context, **response_kwargs)


class HtmxMessagesMiddleware:
    """Messages reach htmx requests too: appended as an out-of-band swap of the messages block.

    A full page shows them in base.html; a fragment would otherwise leave them waiting for the
    next full page, where they no longer fit. Redirects that htmx follows in the browser
    (HX-Redirect, HX-Location, HX-Refresh) keep them for the page they lead to.
    """

    REDIRECTS = frozenset({"HX-Redirect", "HX-Location", "HX-Refresh"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not getattr(request, "htmx", False)
            or self.REDIRECTS & set(response.headers)
            or not response.get("Content-Type", "").startswith("text/html")
            or getattr(response, "streaming", False)
            or 300 <= response.status_code < 400
        ):
            return response
        if stored := messages.get_messages(request):
            html = render_to_string("_messages.html", {"messages": stored, "oob": True}, request=request)
            response.write(html)
        return response
