"""The HTML allowlist: exactly what our Markdown extensions produce, nothing that
can run script, load a frame or restyle the page."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import SplitResult, urlsplit

import nh3
from pygments.token import STANDARD_TYPES

# Ids the page template gives its own regions; body content may not take them
# (the editor preview patches the page by these ids).
RESERVED_IDS = frozenset(
    {
        "page",
        "skip-link",
        "masthead",
        "main",
        "article",
        "article-header",
        "topic",
        "headline",
        "standfirst",
        "byline",
        "dateline",
        "featured-image",
        "article-body",
        "credits",
        "faqs",
        "faqs-heading",
        "related",
        "related-heading",
        "footer",
    }
)

TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div",
        "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
        "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
        "u", "ul", "var",
    }
)  # fmt: skip

ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "data-source-line"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}

# Classes our extensions emit: code highlighting (Pygments short names),
# footnotes, the table of contents and table cell alignment.
_OUR_CLASSES = frozenset(
    {
        "codehilite", "hll", "linenos", "footnote", "footnote-ref", "footnote-backref",
        "toc", "toctitle", "align-left", "align-right", "align-center",
    }
)  # fmt: skip
_DIGITS = re.compile(r"\d{1,6}")
_DATA_IMAGE = re.compile(r"data:image/[a-z0-9.+-]+(;[a-z0-9=.+-]+)*(;base64)?,", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


@cache
def allowed_classes() -> frozenset[str]:
    return _OUR_CLASSES | frozenset(c for c in STANDARD_TYPES.values() if c)


def _split(url: str) -> SplitResult | None:
    """urlsplit, with None for what it cannot parse (e.g. an unclosed IPv6 host)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def safe_href(value: str) -> str | None:
    """http, https, mailto and in-page anchors; anything else goes."""
    url = value.strip()
    if url.startswith("#"):
        return url
    probe = _CONTROL.sub("", url)
    parts = _split(probe)
    scheme = parts.scheme.lower() if parts else ""
    if scheme in ("http", "https", "mailto") and probe.lower().startswith(scheme + ":"):
        return url
    return None


def safe_img_src(value: str) -> str | None:
    """Web images, data: images, and document image names (no path climbing)."""
    url = value.strip()
    probe = _CONTROL.sub("", url)
    if _DATA_IMAGE.match(probe):
        return url
    parts = _split(probe)
    if parts is None:
        return None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return url
    if scheme or probe.startswith(("/", "\\")) or ":" in probe.split("/")[0]:
        return None
    if ".." in re.split(r"[/\\]", probe):
        return None
    return url


def _filter(element: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        return safe_href(value)
    if attribute == "src":
        return safe_img_src(value) if element == "img" else None
    if attribute == "id":
        return None if value in RESERVED_IDS else value
    if attribute == "class":
        allowed = allowed_classes()
        kept = [c for c in value.split() if c in allowed]
        return " ".join(kept) or None
    if attribute in ("width", "height", "start", "value", "colspan", "rowspan"):
        return value if _DIGITS.fullmatch(value.strip()) else None
    if attribute == "data-source-line":
        return value if _DIGITS.fullmatch(value) else None
    if attribute == "dir":
        return value if value.lower() in ("ltr", "rtl", "auto") else None
    if attribute == "scope":
        return value if value.lower() in ("row", "col", "rowgroup", "colgroup") else None
    return value


@cache
def _cleaner() -> Callable[[str], str]:
    """nh3's reusable Cleaner where the installed nh3 has one (0.2.18+),
    else the same options through nh3.clean."""
    options: dict[str, Any] = dict(
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_filter,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    cleaner_class = getattr(nh3, "Cleaner", None)
    if cleaner_class is not None:
        return cleaner_class(**options).clean
    return functools.partial(nh3.clean, **options)


def sanitize_html(html: str) -> str:
    """Keep only the allowlisted markup of an HTML fragment."""
    return _cleaner()(html)
