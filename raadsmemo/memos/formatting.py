"""Formatted memo text: typed as Markdown, rendered to HTML, then sanitised.

The sanitiser is the one gate between what someone typed (or pasted) and the page, the live
preview and the PDF: only paragraphs, lists, bold, italic, line breaks and http(s)/mailto links
pass. Scripts, styles, event handlers, images, iframes and file:// or javascript: URLs do not.
"""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> SafeString:
    """Keep only the tags, attributes and URL schemes a memo text may have."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        # <script> and <style> go with their content; other unknown tags keep their text.
        clean_content_tags={"script", "style", "template", "iframe", "object", "noscript"},
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 output is safe by construction


def render_formatted_text(source: str) -> SafeString:
    """Markdown source to sanitised HTML; empty text gives an empty string."""
    if not source or not source.strip():
        return mark_safe("")
    html = markdown.markdown(source, extensions=["sane_lists"], output_format="html")
    return sanitize_html(html)
