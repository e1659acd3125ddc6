"""Rules for adding an image to an article: a file name that is safe in Markdown
and unique in the document, and a media type read from the bytes. The editor's
paste/drop and the images panel both go through here, so an image added either
way is named and typed the same."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

from newsdesk.model.article import Article, Image

# Magic numbers first: a pasted file's name often lies about its type.
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
)
_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/avif": ".avif",
    "image/svg+xml": ".svg",
}
_BY_SUFFIX = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".svg": "image/svg+xml",
}
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


class NotAnImageError(ValueError):
    """The bytes are not an image type a portal page can show."""


def sniff_media_type(data: bytes, filename: str = "") -> str | None:
    """The image media type of `data` (by signature, then by name for SVG),
    or None when it is not an image the page can show."""
    for magic, offset, media_type in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"):
        return "image/avif"
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in head:
        return "image/svg+xml"
    by_name = _BY_SUFFIX.get(PurePath(filename).suffix.lower())
    if by_name == "image/svg+xml" and b"<svg" in data[:4096].lower():
        return by_name
    return None


def safe_image_filename(filename: str, media_type: str) -> str:
    """A lower-case ASCII name without spaces (no escaping needed in
    `![alt](name)`), with the extension that matches the media type."""
    stem = PurePath(filename.replace("\\", "/")).stem if filename else ""
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("-", stem.lower()).strip("-._") or "image"
    return stem[:60].rstrip("-._") + _EXTENSIONS[media_type]


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
    media_type = sniff_media_type(data, filename)
    if media_type is None:
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
