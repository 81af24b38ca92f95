"""One way to answer htmx: the whole page, or the one partial of it that the request targets.

Taken from radiofeed's `render_partial_response`: a view renders its page template; when htmx
asks for an element that a `{% partialdef %}` of that page draws, only that partial is sent.
"""

from django.http import HttpRequest
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
    if request.htmx and (not target or request.htmx.target == target):
        template_name = f"{template_name}#{partial or target}"
    return TemplateResponse(request, template_name, context, **response_kwargs)
