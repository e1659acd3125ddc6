"""Where the page finds the document's images: files in media/ beside the page,
data: URIs for a single self-contained file, or whatever the preview serves."""

from __future__ import annotations

import base64
import re
import struct
from collections.abc import Callable
from urllib.parse import quote

from newsdesk.model.article import Article, Image
from newsdesk.model.media_types import PREFERRED_EXTENSION

MEDIA_DIR = "media"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def media_filename(image: Image) -> str:
    """A safe file name for the image inside media/ (its own name when that is
    already safe; the bundle uses the same names)."""
    name = image.filename.replace("\\", "/").rsplit("/", 1)[-1]
    safe = _UNSAFE.sub("-", name).strip(".-")
    if not safe or safe != name:
        stem = safe.rsplit(".", 1)[0] if "." in safe else safe
        ext = PREFERRED_EXTENSION.get(image.media_type, "")
        safe = f"{stem or 'image'}-{image.sha256[:8]}{ext}"
    return safe


def media_url(image: Image) -> str:
    return f"{MEDIA_DIR}/{quote(media_filename(image))}"


def data_uri(image: Image) -> str:
    return f"data:{image.media_type};base64,{base64.b64encode(image.data).decode('ascii')}"


def media_resolver(article: Article) -> Callable[[str], str]:
    """References to document images become media/NAME; others stay as written."""
    names = {img.filename: media_url(img) for img in article.images}
    return lambda ref: names.get(ref, ref)


def inline_resolver(article: Article) -> Callable[[str], str]:
    """References to document images become data: URIs."""
    by_name = {img.filename: img for img in article.images}

    def resolve(ref: str) -> str:
        img = by_name.get(ref)
        return data_uri(img) if img else ref

    return resolve


def image_size(image: Image) -> tuple[int, int] | None:
    """Pixel size from PNG, GIF or JPEG headers, so the page reserves the space."""
    data = image.data
    try:
        if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
            w, h = struct.unpack(">II", data[16:24])
            return int(w), int(h)
        if data[:6] in (b"GIF87a", b"GIF89a"):
            w, h = struct.unpack("<HH", data[6:10])
            return int(w), int(h)
        if data[:2] == b"\xff\xd8":
            i = 2
            while i + 9 < len(data):
                if data[i] != 0xFF:
                    return None
                marker = data[i + 1]
                length = struct.unpack(">H", data[i + 2 : i + 4])[0]
                if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB):
                    h, w = struct.unpack(">HH", data[i + 5 : i + 9])
                    return int(w), int(h)
                i += 2 + length
    except struct.error:
        return None
    return None
