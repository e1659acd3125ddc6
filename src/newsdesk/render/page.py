"""The portal article page: Jinja2 templates (autoescape on) and inline CSS.

The editor preview, the HTML export and the bundle all call render_page, so the
preview is the portal page. The page's regions carry stable ids (REGION_IDS);
page_parts renders each region alone so the preview can patch one node.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
import jinja2.bccache
from markupsafe import Markup
from pygments.formatters import HtmlFormatter

from newsdesk.model.article import Article, Image, Person
from newsdesk.model.slug import slugify
from newsdesk.profile.model import Profile
from newsdesk.render.credits import credit_sentence
from newsdesk.render.images import image_size, media_resolver
from newsdesk.render.jsonld import faq_page, news_article, script_safe_json
from newsdesk.render.markdown_body import (
    CODE_CSS_CLASS,
    ImageUrl,
    render_inline_markdown,
    render_markdown,
    strip_source_lines,
)
from newsdesk.render.sanitize import safe_href
from newsdesk.resources import resource_path

PAGE_TEMPLATE = "article.html.j2"
PYGMENTS_STYLE = "xcode"  # lowest token contrast 5.1:1 on white (WCAG AA)
# Region id -> template that renders it alone (for patching the preview).
REGION_IDS: dict[str, str] = {
    "article-header": "regions/header.html.j2",
    "featured-image": "regions/featured.html.j2",
    "article-body": "regions/body.html.j2",
    "credits": "regions/credits.html.j2",
    "faqs": "regions/faqs.html.j2",
    "related": "regions/related.html.j2",
}
_RTL_LANGUAGES = frozenset({"ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ckb", "dv", "ug"})
_RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"})


def text_direction(language: str) -> str:
    """ "rtl" for languages and scripts written right to left, else "ltr"."""
    parts = language.lower().replace("_", "-").split("-")
    if len(parts) > 1 and len(parts[1]) == 4:
        return "rtl" if parts[1] in _RTL_SCRIPTS else "ltr"
    return "rtl" if parts[0] in _RTL_LANGUAGES else "ltr"


def human_date(moment: datetime) -> str:
    """ "July 12, 2023, 5:24 p.m. UTC" (AP style), in the time's own zone."""
    hour = moment.hour % 12 or 12
    minute = f":{moment.minute:02d}" if moment.minute else ""
    meridian = "a.m." if moment.hour < 12 else "p.m."
    zone = moment.tzname() or ""
    if zone.startswith("UTC") and zone != "UTC":
        zone = zone.replace(":00", "")
    return f"{moment:%B} {moment.day}, {moment.year}, {hour}{minute} {meridian} {zone}".rstrip()


def canonical_url(article: Article, profile: Profile) -> str:
    if not profile.base_url:
        return ""
    base = profile.base_url if profile.base_url.endswith("/") else profile.base_url + "/"
    return urljoin(base, article.slug)


@cache
def pygments_css(style: str = PYGMENTS_STYLE) -> str:
    return HtmlFormatter(style=style).get_style_defs(f".{CODE_CSS_CLASS}")


def _search_path(profile: Profile) -> list[Path]:
    paths: list[Path] = []
    if profile.template_dir:
        root = Path(profile.template_dir)
        paths += [root / "templates", root]
    paths.append(resource_path("templates"))
    return [p for p in paths if p.is_dir()]


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs (Jinja's per-user folder in the
    temp directory; a template whose source changed is compiled again):
    compiling them is most of the first page's time (~80 ms), which the
    editor's preview waits for at start-up. A cache that cannot be written
    only costs that time again."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):
            bucket.reset()


def _template_cache() -> jinja2.BytecodeCache | None:
    try:
        return _TemplateCache()
    except (OSError, RuntimeError):  # no safe per-user folder: compile every time
        return None


@cache
def _environment(search_path: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        bytecode_cache=_template_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["human_date"] = human_date
    env.globals["portal_text_attrs"] = portal_text_attrs
    return env


def portal_text_attrs(portal_language: str, page_language: str) -> Markup:
    """lang/dir for the portal's own texts (masthead, labels, footer: written in
    the profile's language) on a page in another language, so an English footer
    on an Arabic page still reads left to right."""
    portal_language = portal_language or "en"
    if portal_language.lower() == (page_language or portal_language).lower():
        return Markup("")
    return Markup(' lang="{}" dir="{}"').format(portal_language, text_direction(portal_language))


def environment(profile: Profile) -> jinja2.Environment:
    return _environment(tuple(_search_path(profile)))


def portal_css(profile: Profile) -> str:
    """The page stylesheet (profile override first) plus the code colours."""
    css_path = resource_path("css", "portal.css")
    if profile.template_dir:
        override = Path(profile.template_dir) / "css" / "portal.css"
        if override.is_file():
            css_path = override
    return css_path.read_text(encoding="utf-8") + "\n" + pygments_css()


@dataclass(frozen=True)
class FeaturedImage:
    src: str
    alt: str
    caption_html: Markup
    credit: str
    width: int | None
    height: int | None


@dataclass(frozen=True)
class Faq:
    question: str
    answer_html: Markup


@dataclass(frozen=True)
class Link:
    title: str
    url: str | None  # None: not a web address, shown as text


def _featured(image: Image | None, image_url: ImageUrl) -> FeaturedImage | None:
    if image is None:
        return None
    size = image_size(image)
    return FeaturedImage(
        src=image_url(image.filename),
        alt=image.alt,
        caption_html=Markup(render_inline_markdown(image.caption)) if image.caption else Markup(""),
        credit=image.credit,
        width=size[0] if size else None,
        height=size[1] if size else None,
    )


@dataclass(frozen=True)
class BylineEntry:
    name: str
    role: str
    separator: str  # what follows this author: ", ", " and ", "; and ", ""


def byline_entries(people: list[Person]) -> list[BylineEntry]:
    """Authors joined in AP style. A role reads as an appositive ("Jo Li, staff
    writer"), so with roles a series of three or more switches to semicolons."""
    authors = [p for p in people if p.name.strip()]
    n = len(authors)
    with_roles = any(p.role.strip() for p in authors)
    entries = []
    for i, person in enumerate(authors):
        role = person.role.strip()
        if i == n - 1:
            sep = ""
        elif n == 2:
            sep = ", and " if role else " and "
        elif with_roles:
            sep = "; and " if i == n - 2 else "; "
        else:
            sep = " and " if i == n - 2 else ", "
        entries.append(BylineEntry(person.name.strip(), role, sep))
    return entries


def section_links(profile: Profile) -> list[Link]:
    """The masthead's section navigation; only a portal with a base URL has
    somewhere to link to."""
    if not profile.base_url:
        return []
    base = profile.base_url if profile.base_url.endswith("/") else profile.base_url + "/"
    return [Link(topic, urljoin(base, slugify(topic) + "/")) for topic in profile.topics]


def page_context(
    article: Article,
    profile: Profile,
    *,
    image_url: ImageUrl | None = None,
    preview: bool = False,
    inline_css: bool = True,
    body_html: str | None = None,
) -> dict[str, Any]:
    """Everything the templates use; each value is already safe or autoescaped.

    `body_html`, when given, must be render_markdown(article.body) with the same
    image URLs (the preview's worker has it already from its incremental
    renderer): a 50,000-word body is then not rendered twice."""
    resolve: Callable[[str], str] = image_url or media_resolver(article)
    canonical = canonical_url(article, profile)
    if body_html is None:
        body_html = render_markdown(article.body, image_url=resolve)
    body_html = Markup(body_html)
    faqs = [
        Faq(f.question, Markup(strip_source_lines(render_markdown(f.answer, image_url=resolve))))
        for f in article.faqs
        if f.question.strip() or f.answer.strip()
    ]
    related = [
        Link(r.title or r.url, safe_href(r.url)) for r in article.related if r.url or r.title
    ]
    featured = _featured(article.featured_image, resolve)
    year = (article.published or article.updated).year
    image_urls: list[str] = []
    if featured and not featured.src.startswith("data:"):
        image_urls.append(urljoin(canonical, featured.src) if canonical else featured.src)
    og_image = image_urls[0] if image_urls and "://" in image_urls[0] else ""
    jsonld = [news_article(article, profile, canonical_url=canonical, image_urls=image_urls)]
    if faqs:
        jsonld.append(faq_page([(f.question, str(f.answer_html)) for f in faqs]))
    topic = article.topic.strip()
    return {
        "article": article,
        "profile": profile,
        "lang": article.language or profile.default_language,
        "dir": text_direction(article.language or profile.default_language),
        "title": f"{article.headline or 'Untitled'} | {profile.portal_name}",
        "description": " ".join(article.standfirst.split()),
        "canonical": canonical,
        "og_image": og_image,
        "authors": [p for p in article.byline if p.name.strip()],
        "byline": byline_entries(article.byline),
        "sections": section_links(profile),
        "topic": topic,
        "featured": featured,
        "body_html": body_html,
        "credits": credit_sentence(article.contributors),
        "faqs": faqs,
        "faqs_heading": (
            f"Frequently Asked Questions (FAQs) about {topic}"
            if topic
            else "Frequently Asked Questions (FAQs)"
        ),
        "related": related,
        "related_heading": f"More about {topic}" if topic else "More on this story",
        "copyright": profile.copyright_for(year),
        "jsonld": [Markup(script_safe_json(d)) for d in jsonld],
        "css": Markup(portal_css(profile).replace("</", "<\\/")) if inline_css else None,
        "preview": preview,
    }


def render_page(
    article: Article,
    profile: Profile,
    *,
    image_url: ImageUrl | None = None,
    preview: bool = False,
    inline_css: bool = True,
    body_html: str | None = None,
) -> str:
    """The complete portal HTML document.

    `image_url` maps a document image's file name to its URL (default media/NAME).
    `preview` keeps empty regions in the page (hidden) so they can be patched in;
    without `inline_css` the page links `portal.css` (see portal_css); `body_html`
    is the body already rendered (see page_context)."""
    context = page_context(
        article,
        profile,
        image_url=image_url,
        preview=preview,
        inline_css=inline_css,
        body_html=body_html,
    )
    return environment(profile).get_template(PAGE_TEMPLATE).render(context)


def page_parts(
    article: Article,
    profile: Profile,
    *,
    image_url: ImageUrl | None = None,
    preview: bool = True,
) -> dict[str, str]:
    """Each region's outer HTML by id, exactly as render_page places it."""
    context = page_context(article, profile, image_url=image_url, preview=preview)
    env = environment(profile)
    return {
        region: _strip_newlines(env.get_template(name).render(context))
        for region, name in REGION_IDS.items()
    }


def _strip_newlines(html: str) -> str:
    return re.sub(r"^\n+|\n+$", "", html)
