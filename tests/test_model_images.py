"""Core image-adding rules used by the editor's paste/drop and the images panel."""

from __future__ import annotations

import pytest

from newsdesk.model.article import Article
from newsdesk.model.images import (
    NotAnImageError,
    add_image,
    markdown_reference,
    new_image,
)
from newsdesk.model.media_types import sniff_image_type

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 20


def test_media_type_comes_from_the_bytes_not_the_name():
    assert sniff_image_type(PNG) == "image/png"
    assert sniff_image_type(JPEG) == "image/jpeg"
    assert sniff_image_type(b"RIFF\0\0\0\0WEBPVP8 ") == "image/webp"
    assert sniff_image_type(b"<svg xmlns='http://www.w3.org/2000/svg'/>") == ("image/svg+xml")
    assert sniff_image_type(b"hello") is None


def test_names_are_safe_unique_and_match_the_type():
    article = Article()
    first = add_image(article, "My Photo (1).JPG", PNG)
    assert first.filename == "my-photo-1.png"
    assert first.media_type == "image/png"
    second = add_image(article, "my photo 1.png", PNG)
    assert second.filename == "my-photo-1-2.png"
    third = add_image(article, "", JPEG)
    assert third.filename == "image.jpg"
    assert [i.filename for i in article.images] == [
        "my-photo-1.png",
        "my-photo-1-2.png",
        "image.jpg",
    ]


def test_new_image_leaves_the_article_alone_and_rejects_non_images():
    article = Article()
    image = new_image(article, "Überschrift.png", PNG, alt="A [map]")
    assert article.images == []
    assert image.filename == "uberschrift.png"
    assert markdown_reference(image) == "![A \\[map\\]](uberschrift.png)"
    with pytest.raises(NotAnImageError, match="notes.txt"):
        new_image(article, "notes.txt", b"just text")
