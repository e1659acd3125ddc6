"""Markdown to sanitized HTML: the one path for the preview, the HTML export and
the bundle, so what the editor shows is what the portal gets."""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import cache
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.codehilite import CodeHiliteExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.smarty import SmartyExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, slugify_unicode
from markdown.treeprocessors import Treeprocessor

from newsdesk.render.sanitize import RESERVED_IDS, sanitize_html
from newsdesk.render.source_lines import SourceLineExtension

ImageUrl = Callable[[str], str]

CODE_CSS_CLASS = "codehilite"
_ALIGN = re.compile(r"text-align:\s*(left|right|center)", re.IGNORECASE)
_SOURCE_LINE_ATTR = re.compile(r' data-source-line="\d+"')
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


def heading_slug(value: str, separator: str) -> str:
    """Heading anchors in any script; never one of the page's own region ids."""
    slug = slugify_unicode(value, separator) or "section"
    return f"{slug}-section" if slug in RESERVED_IDS else slug


class _TableAlignTreeprocessor(Treeprocessor):
    """Tables align cells with style="text-align"; the page allows no style
    attributes, so the alignment becomes a class the stylesheet knows."""

    def run(self, root: etree.Element) -> None:
        for cell in root.iter():
            if cell.tag in ("th", "td") and "style" in cell.attrib:
                m = _ALIGN.search(cell.attrib.pop("style"))
                if m:
                    cell.set("class", f"align-{m.group(1).lower()}")


class _TableAlignExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        md.treeprocessors.register(_TableAlignTreeprocessor(md), "nd_table_align", 1)


def new_markdown() -> markdown.Markdown:
    """A configured converter. Not thread-safe: one per thread (see render_markdown).

    Extensions are given as objects, not names: a name makes Python-Markdown
    scan every installed package's entry points first (~50 ms, once per
    process; the preview's first page waits for it). The first seven are
    what "extra" stands for, in its order."""
    return markdown.Markdown(
        extensions=[
            FencedCodeExtension(),
            FootnoteExtension(),
            AttrListExtension(),
            DefListExtension(),
            TableExtension(),
            AbbrExtension(),
            MarkdownInHtmlExtension(),
            TocExtension(slugify=heading_slug, toc_depth="2-6"),
            SmartyExtension(),
            SaneListExtension(),
            CodeHiliteExtension(css_class=CODE_CSS_CLASS, guess_lang=False, use_pygments=True),
            _TableAlignExtension(),
            SourceLineExtension(),
        ],
        output_format="html",
    )


@cache
def _converters() -> threading.local:
    return threading.local()


def _converter() -> tuple[markdown.Markdown, SourceLineExtension]:
    local = _converters()
    md = getattr(local, "md", None)
    if md is None:
        md = new_markdown()
        local.md = md
        local.lines = next(e for e in md.registeredExtensions if isinstance(e, SourceLineExtension))
    return md, local.lines


def is_local_reference(src: str) -> bool:
    """A body image reference that names a document image (no scheme, no host)."""
    parts = urlsplit(src)
    return not parts.scheme and not parts.netloc and not src.startswith(("/", "#"))


def resolve_images(fragment: str, image_url: ImageUrl) -> str:
    """Point every local `<img src>` of a sanitized fragment at `image_url(name)`.

    Runs after sanitizing: the fragment's markup is the sanitizer's own
    serialization, so the pattern is exact, and the URLs we produce (data:,
    the preview's scheme) are ours, not the writer's."""

    def swap(m: re.Match[str]) -> str:
        src = html.unescape(m.group(2))
        if not is_local_reference(src):
            return m.group(0)
        return m.group(1) + html.escape(image_url(src), quote=True) + m.group(3)

    return _IMG_SRC.sub(swap, fragment)


class MarkdownFailure(Exception):
    """Python-Markdown itself failed on a text (it has bugs on some pathological
    input, e.g. footnotes nested in footnotes)."""


def render_markdown(
    text: str, *, image_url: ImageUrl | None = None, first_line: int = 1, strict: bool = False
) -> str:
    """Sanitized HTML for a Markdown body. Deterministic and pure: the same text
    gives the same HTML. `first_line` numbers `data-source-line` from a line other
    than 1 (for rendering a slice of a document).

    A text Python-Markdown cannot convert still renders: as escaped paragraphs,
    so a writer sees their words and an export never fails on them. With
    `strict`, MarkdownFailure is raised instead (the incremental renderer then
    falls back to a full render, which gives this same fallback)."""
    md, lines = _converter()
    md.reset()
    lines.set_first_line(first_line)
    try:
        raw = md.convert(text)
    except Exception as exc:
        if strict:
            raise MarkdownFailure(str(exc)) from exc
        raw = _plain_paragraphs(text, first_line)
    finally:
        md.reset()
    fragment = sanitize_html(raw)
    return resolve_images(fragment, image_url) if image_url else fragment


def _plain_paragraphs(text: str, first_line: int) -> str:
    """Blank-line separated paragraphs as escaped text, with their source lines."""
    out: list[str] = []
    start: int | None = None
    para: list[str] = []
    for number, line in enumerate([*text.splitlines(), ""], start=first_line):
        if line.strip():
            start = number if start is None else start
            para.append(html.escape(line))
        elif para:
            out.append(f'<p data-source-line="{start}">' + "<br>\n".join(para) + "</p>")
            start, para = None, []
    return "\n".join(out)


def strip_source_lines(fragment: str) -> str:
    """The fragment without `data-source-line`: FAQ answers and captions are not
    body lines, and the editor's scroll sync must not find them."""
    return _SOURCE_LINE_ATTR.sub("", fragment)


def render_inline_markdown(text: str, *, image_url: ImageUrl | None = None) -> str:
    """A caption or a one-paragraph answer without the wrapping <p>; longer text
    keeps its blocks. Carries no source lines."""
    fragment = strip_source_lines(render_markdown(text, image_url=image_url))
    m = re.fullmatch(r"\s*<p>(.*)</p>\s*", fragment, re.DOTALL)
    if m and "<p" not in m.group(1):
        return m.group(1)
    return fragment
