"""Rich text: the one sanitiser every stored HTML goes through (``nh3``: a fixed allow-list
of tags and attributes; scripts, styles, event handlers and ``javascript:`` links are
dropped), and the check that every image has a text alternative.

The rich-text editor (``core.richtext``) produces a subset of this allow-list; whatever a
browser posts is cleaned again here on the server.
"""

from html.parser import HTMLParser

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "u",
    "s",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
    "span",
    "abbr",
    "sub",
    "sup",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
    "span": {"lang"},
    # The editor's ordered lists may start at another number.
    "ol": {"start"},
}


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


class _ImageAlts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.missing = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "img" and not (dict(attrs).get("alt") or "").strip():
            self.missing += 1


def images_without_alt(html: str) -> int:
    """How many images of this HTML have no (or an empty) text alternative."""
    parser = _ImageAlts()
    parser.feed(html or "")
    parser.close()
    return parser.missing


def looks_like_html(text: str) -> bool:
    return (text or "").lstrip().startswith("<")


def render_rich(text: str) -> SafeString:
    """Show stored rich text: sanitised HTML as is, older plain text as paragraphs."""
    if looks_like_html(text):
        return mark_safe(sanitise_html(text))  # noqa: S308 - cleaned by the allow-list above
    return linebreaks(text or "", autoescape=True)
