"""Image media types from content first, file name second.

The bytes decide because file names lie (a PNG saved as ``photo.jpg`` is common)
and a portal must be told the real type. The extension table is our own rather
than :mod:`mimetypes`, whose answers depend on the machine's ``/etc/mime.types``.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

OCTET_STREAM = "application/octet-stream"

_BY_EXTENSION = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".jpe": "image/jpeg",
    ".jfif": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".avif": "image/avif",
    ".bmp": "image/bmp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".ico": "image/vnd.microsoft.icon",
    ".heic": "image/heic",
}

_SVG_ROOT = re.compile(r"<svg[\s>/]")
_AVIF_BRANDS = (b"avif", b"avis")


def sniff_image_type(data: bytes) -> str | None:
    """The image type the bytes say they are, or None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if _is_avif(data):
        return "image/avif"
    if _is_svg(data):
        return "image/svg+xml"
    return None


def _is_avif(data: bytes) -> bool:
    """An ISO BMFF ``ftyp`` box naming AVIF as major or compatible brand."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return False
    box_size = int.from_bytes(data[:4], "big")
    box_end = min(len(data), box_size if box_size >= 16 else 16)
    brands = [data[8:12]] + [data[i : i + 4] for i in range(16, box_end - 3, 4)]
    return any(brand in _AVIF_BRANDS for brand in brands)


def _is_svg(data: bytes) -> bool:
    """XML text (after an optional prolog, comments, doctype) whose root is <svg>."""
    head = data[:4096].decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    return head.startswith("<") and _SVG_ROOT.search(head) is not None


# The one extension we give each type a page can show, for names we make up.
PREFERRED_EXTENSION = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/avif": ".avif",
    "image/svg+xml": ".svg",
}


def media_type_from_extension(filename: str) -> str:
    return _BY_EXTENSION.get(PurePosixPath(filename).suffix.lower(), OCTET_STREAM)


def guess_media_type(filename: str, data: bytes) -> str:
    """The media type of an image: magic bytes of PNG, JPEG, GIF, WebP, AVIF or
    SVG; otherwise the file name's extension; otherwise application/octet-stream."""
    return sniff_image_type(data) or media_type_from_extension(filename)
