"""Rules for adding an image to an article: a file name that is safe in Markdown
and unique in the document, and a media type read from the bytes. The editor's
paste/drop and the images panel both go through here, so an image added either
way is named and typed the same."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

from newsdesk.model.article import Article, Image
from newsdesk.model.media_types import PREFERRED_EXTENSION, sniff_image_type

_UNSAFE = re.compile(r"[^a-z0-9._-]+")


class NotAnImageError(ValueError):
    """The bytes are not an image type a portal page can show."""


def safe_image_filename(filename: str, media_type: str) -> str:
    """A lower-case ASCII name without spaces (no escaping needed in
    `![alt](name)`), with the extension that matches the media type."""
    stem = PurePath(filename.replace("\\", "/")).stem if filename else ""
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("-", stem.lower()).strip("-._") or "image"
    return stem[:60].rstrip("-._") + PREFERRED_EXTENSION[media_type]


def unique_image_filename(article: Article, filename: str) -> str:
    """`filename`, or `name-2.ext`, `name-3.ext`... if the article already has it."""
    taken = {img.filename.lower() for img in article.images}
    if filename.lower() not in taken:
        return filename
    path = PurePath(filename)
    n = 2
    while f"{path.stem}-{n}{path.suffix}".lower() in taken:
        n += 1
    return f"{path.stem}-{n}{path.suffix}"


def new_image(article: Article, filename: str, data: bytes, *, alt: str = "") -> Image:
    """An Image ready to append to `article.images` (the article is not
    changed, so the caller can make adding it one undoable step).
    Raises NotAnImageError for bytes that are not PNG, JPEG, GIF, WebP, AVIF or SVG."""
    media_type = sniff_image_type(data)
    if media_type not in PREFERRED_EXTENSION:
        shown = filename or "the pasted data"
        raise NotAnImageError(f"{shown} is not a PNG, JPEG, GIF, WebP, AVIF or SVG image")
    name = unique_image_filename(article, safe_image_filename(filename, media_type))
    return Image(filename=name, media_type=media_type, data=data, alt=alt)


def add_image(article: Article, filename: str, data: bytes, *, alt: str = "") -> Image:
    """Append a new image to the article and return it."""
    image = new_image(article, filename, data, alt=alt)
    article.images.append(image)
    return image


def markdown_reference(image: Image, alt: str | None = None) -> str:
    """The body's reference to an image: ``![alt](filename)``."""
    text = image.alt if alt is None else alt
    text = text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    text = " ".join(text.split())
    return f"![{text}]({image.filename})"
