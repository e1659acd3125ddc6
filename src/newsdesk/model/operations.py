"""Edits of the article's structure as pure functions: the panels compute the new
value here and hand it to the session as one undoable step, so the rules live
in one place and are testable without Qt. Nothing here mutates its arguments."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from newsdesk.model.article import Article, Image, new_id
from newsdesk.model.images import unique_image_filename
from newsdesk.model.slug import slugify
from newsdesk.model.validation import Problem, image_references, validate

T = TypeVar("T")

# BCP 47 tags offered by the language field; anything valid may be typed.
COMMON_LANGUAGES: tuple[str, ...] = (
    "en",
    "en-GB",
    "en-US",
    "de",
    "de-AT",
    "de-CH",
    "fr",
    "fr-CA",
    "es",
    "es-419",
    "it",
    "nl",
    "pt",
    "pt-BR",
    "pl",
    "sv",
    "da",
    "nb",
    "fi",
    "cs",
    "uk",
    "ru",
    "lt",
    "tr",
    "ar",
    "he",
    "hi",
    "ja",
    "ko",
    "zh-Hans",
    "zh-Hant",
)


# --- lists of records (byline, contributors, FAQs, related links, images) ---


def _check_index(items: Sequence[object], index: int) -> None:
    if not 0 <= index < len(items):
        raise IndexError(f"no item {index} in a list of {len(items)}")


def move_item(items: Sequence[T], index: int, new_index: int) -> list[T]:
    """The list with item `index` moved to position `new_index` (clamped)."""
    _check_index(items, index)
    result = list(items)
    item = result.pop(index)
    new_index = max(0, min(new_index, len(result)))
    result.insert(new_index, item)
    return result


def remove_item(items: Sequence[T], index: int) -> list[T]:
    _check_index(items, index)
    return [item for i, item in enumerate(items) if i != index]


def insert_item(items: Sequence[T], index: int, item: T) -> list[T]:
    result = list(items)
    result.insert(max(0, min(index, len(result))), item)
    return result


def duplicate_item(items: Sequence[T], index: int) -> list[T]:
    """A deep copy of item `index` inserted right after it (images go through
    `duplicate_image`, which gives the copy its own id and file name)."""
    _check_index(items, index)
    return insert_item(items, index + 1, copy.deepcopy(items[index]))


def replace_item(items: Sequence[T], index: int, item: T) -> list[T]:
    _check_index(items, index)
    result = list(items)
    result[index] = item
    return result


# --- keywords ---


def add_keywords(keywords: Sequence[str], text: str) -> list[str]:
    """Keywords with every comma-separated entry of `text` appended, skipping
    empties and case-insensitive duplicates."""
    result = list(keywords)
    seen = {k.casefold() for k in result}
    for part in text.split(","):
        word = " ".join(part.split())
        if word and word.casefold() not in seen:
            result.append(word)
            seen.add(word.casefold())
    return result


# --- slug ---


def derived_slug(headline: str) -> str:
    """The slug the article gets when nobody typed one (matches Article.slug)."""
    return slugify(headline) or "untitled"


def slug_override_for(text: str) -> str:
    """A hand-typed slug, cleaned to URL-safe form; empty returns to derived."""
    return slugify(text)


# --- images ---


def body_references(body: str, filename: str) -> int:
    """How many times the body shows image `filename`."""
    return sum(1 for ref in image_references(body) if ref == filename)


def image_uses(article: Article, filename: str) -> int:
    """How many times the page shows image `filename` from the text: the body
    and the FAQ answers (removing an image they name leaves a broken image)."""
    texts = [article.body, *(faq.answer for faq in article.faqs)]
    return sum(body_references(text, filename) for text in texts)


def used_image_names(article: Article) -> set[str]:
    """File names the body and the FAQ answers show."""
    names = set(image_references(article.body))
    for faq in article.faqs:
        names.update(image_references(faq.answer))
    return names


def with_featured(images: Sequence[Image], index: int | None) -> list[Image]:
    """Copies of the images with only `index` featured (None: none featured)."""
    return [replace(img, featured=(i == index)) for i, img in enumerate(images)]


def duplicate_image(images: Sequence[Image], index: int) -> list[Image]:
    _check_index(images, index)
    source = images[index]
    copy_ = replace(
        source,
        filename=unique_image_filename(Article(images=list(images)), source.filename),
        featured=False,
        id=new_id(),
    )
    return insert_item(images, index + 1, copy_)


# --- problems shown in place ---


def structure_problems(article: Article, profile=None) -> dict[str, list[Problem]]:
    """Validation problems by field name ("faqs[2].answer"), without checking
    the body (panels show structure; the body has its own checks and can be
    long)."""
    problems: dict[str, list[Problem]] = {}
    for problem in validate(replace(article, body=""), profile):
        if problem.field != "body":
            problems.setdefault(problem.field, []).append(problem)
    return problems
