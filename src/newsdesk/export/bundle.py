"""The portal bundle: `{slug}.zip` with article.json (ninjs 3.1), article.html (the
portal page), source.md (the article, lossless), media/... and manifest.json.

The zip is byte-for-byte the same for the same article version: members in a fixed
order, timestamps from the article's last update, fixed permissions. That makes
re-exports cheap to compare and the bundle easy to cache."""

from __future__ import annotations

import copy
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from newsdesk.errors import ExportError
from newsdesk.export.manifest import MANIFEST_NAME, build_manifest
from newsdesk.export.ninjs import (
    MEDIA_DIR,
    NINJS_VERSION,
    PAGE_NAME,
    HtmlParts,
    article_to_ninjs,
    check_ninjs,
    media_path,
    schema_errors,
)
from newsdesk.fsutil import atomic_path
from newsdesk.interchange.bundle_import import SOURCE_NAME, unsafe_name_reason
from newsdesk.model.article import Article
from newsdesk.model.validation import _IMAGE_REF

if TYPE_CHECKING:
    from newsdesk.profile.model import Profile

NINJS_NAME = "article.json"
# Formats that are compressed already: deflating them again only costs time.
_STORED_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"})
_MEDIA_PREFIX = f"{MEDIA_DIR}/"


def bundle_name(article: Article) -> str:
    return f"{article.file_stem}.zip"


def bundle_image_url(article: Article) -> Callable[[str], str]:
    """How article.html and the ninjs body point at images: media/<file name>,
    the name exactly as the article has it (unlike the HTML export's
    render.images.media_resolver, which makes names web-safe), so import can
    map the files back. Other references stay as written."""
    urls = {img.filename: _MEDIA_PREFIX + quote(img.filename, safe="/") for img in article.images}
    return lambda ref: urls.get(ref, ref)


def write_bundle(article: Article, out_dir: Path, profile: Profile) -> Path:
    """Write `{slug}.zip` into `out_dir` atomically and return its path. The
    ninjs item is validated first: an invalid one raises ExportError and nothing
    is written."""
    members = bundle_members(article, profile)
    target = Path(out_dir) / bundle_name(article)
    stamp = _zip_time(article.updated)
    with atomic_path(target) as tmp, zipfile.ZipFile(tmp, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # unix, so the permission bits below mean what they say
            info.external_attr = 0o100644 << 16
            info.compress_type = _compression(article, name)
            archive.writestr(info, data, compresslevel=6)
    return target


def bundle_members(article: Article, profile: Profile) -> dict[str, bytes]:
    """Every member of the bundle, in the order they are written (manifest last)."""
    from newsdesk.interchange.markdown_file import article_to_markdown
    from newsdesk.render.markdown_body import render_markdown
    from newsdesk.render.page import render_page

    media = _media_members(article)
    resolve = bundle_image_url(article)
    # The body is rendered once for the page and article.json (rendering is most
    # of an export's time).
    body = render_markdown(article.body, image_url=resolve)
    page = render_page(article, profile, image_url=resolve, body_html=body)
    parts = html_parts(article, resolve, body=body)
    item = article_to_ninjs(article, profile, parts)
    check_ninjs(item, what=NINJS_NAME)
    members: dict[str, bytes] = {
        NINJS_NAME: _json_bytes(item),
        PAGE_NAME: page.encode("utf-8"),
        SOURCE_NAME: article_to_markdown(bundle_source_article(article)).encode("utf-8"),
    }
    members.update(media)
    members[MANIFEST_NAME] = build_manifest(members, article.updated)
    return members


def bundle_problems(article: Article, profile: Profile) -> list[str]:
    """What would make `write_bundle` refuse the article, one line each: image
    names a bundle cannot hold, and ninjs schema errors."""
    problems = []
    try:
        _media_members(article)
    except ExportError as exc:
        problems.append(str(exc))
    item = article_to_ninjs(article, profile, html_parts(article))
    problems += [f"ninjs {NINJS_VERSION}: {error}" for error in schema_errors(item)]
    return problems


def html_parts(
    article: Article, resolve: Callable[[str], str] | None = None, *, body: str | None = None
) -> HtmlParts:
    """The body, captions and answers rendered as the page renders them, images at
    media/; `body` is the body already rendered that way, if at hand. The editor's
    data-source-line marks are left out."""
    from newsdesk.render.markdown_body import render_markdown, strip_source_lines

    resolve = resolve or bundle_image_url(article)

    def fragment(text: str) -> str:
        return strip_source_lines(render_markdown(text, image_url=resolve))

    return HtmlParts(
        body=strip_source_lines(body) if body is not None else fragment(article.body),
        captions={img.id: fragment(img.caption) for img in article.images if img.caption},
        answers=[fragment(faq.answer) for faq in article.faqs],
    )


def _media_members(article: Article) -> dict[str, bytes]:
    media: dict[str, bytes] = {}
    folded: dict[str, str] = {}
    for image in article.images:
        name = media_path(image)
        reason = unsafe_name_reason(name)
        if reason:
            raise ExportError(
                f"image {image.filename!r} cannot go into a bundle: the name {reason}"
            )
        if name in media:
            if media[name] != image.data:
                raise ExportError(f"two different images are both called {image.filename!r}")
            continue
        clash = folded.get(name.casefold())
        if clash is not None:
            raise ExportError(
                f"images {clash!r} and {name!r} differ only in upper/lower case; "
                "rename one (they would overwrite each other on Windows and macOS)"
            )
        folded[name.casefold()] = name
        media[name] = image.data
    return media


# -------------------------------------------------- source.md with media/ paths


def bundle_source_article(article: Article) -> Article:
    """The article as source.md holds it: every image file under media/, and the
    image references in the body, the FAQ answers and the captions changed to
    match, so source.md opens as it is from an unpacked bundle.
    `original_source_article` undoes this exactly."""
    names = {img.filename for img in article.images}
    return _move_references(
        article, lambda ref: _MEDIA_PREFIX + ref if _is_media_chain(ref, names) else None
    )


def original_source_article(article: Article) -> Article | None:
    """Inverse of bundle_source_article; None when an image is not under media/."""
    if any(not img.filename.startswith(_MEDIA_PREFIX) for img in article.images):
        return None
    names = {img.filename[len(_MEDIA_PREFIX) :] for img in article.images}

    def back(ref: str) -> str | None:
        rest = ref[len(_MEDIA_PREFIX) :]
        return rest if ref.startswith(_MEDIA_PREFIX) and _is_media_chain(rest, names) else None

    return _move_references(article, back)


def _move_references(article: Article, change: Callable[[str], str | None]) -> Article:
    """A copy of `article` with every image file name and every image reference
    (body, FAQ answers, captions) passed through `change` (None: unchanged)."""

    def text(value: str) -> str:
        return _rewrite_references(value, change)

    result = copy.copy(article)
    result.body = text(article.body)
    result.faqs = [replace(faq, answer=text(faq.answer)) for faq in article.faqs]
    result.images = [
        replace(img, filename=change(img.filename) or img.filename, caption=text(img.caption))
        for img in article.images
    ]
    return result


def _is_media_chain(ref: str, names: set[str]) -> bool:
    """ref is ('media/' * k) + an image's file name, k >= 0. Moving every such
    reference one level down (and back) keeps the mapping one-to-one even for a
    body that already says media/ itself."""
    while True:
        if ref in names:
            return True
        if not ref.startswith(_MEDIA_PREFIX):
            return False
        ref = ref[len(_MEDIA_PREFIX) :]


def _rewrite_references(body: str, change: Callable[[str], str | None]) -> str:
    def swap(match: re.Match[str]) -> str:
        new = change(match.group(1))
        if new is None:
            return match.group(0)
        start, end = match.span(1)
        offset = match.start(0)
        whole = match.group(0)
        return whole[: start - offset] + new + whole[end - offset :]

    return _IMAGE_REF.sub(swap, body)


# ------------------------------------------------------------------ zip details


def _json_bytes(item: dict) -> bytes:
    return (json.dumps(item, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _compression(article: Article, name: str) -> int:
    if name.startswith(_MEDIA_PREFIX):
        image = article.image_by_filename(name[len(_MEDIA_PREFIX) :])
        if image is not None and image.media_type in _STORED_TYPES:
            return zipfile.ZIP_STORED
    return zipfile.ZIP_DEFLATED


def _zip_time(value: datetime) -> tuple[int, int, int, int, int, int]:
    """The article's last update in UTC, clamped to what a zip can record."""
    utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    low, high = datetime(1980, 1, 1, tzinfo=UTC), datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)
    utc = min(max(utc, low), high)
    return (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
