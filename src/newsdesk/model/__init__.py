"""The article model: plain dataclasses, no I/O, no Qt."""

from newsdesk.model.article import (
    Article,
    EditorNote,
    Faq,
    Image,
    Person,
    RelatedLink,
    Status,
)
from newsdesk.model.validation import Problem, Severity, validate

__all__ = [
    "Article",
    "EditorNote",
    "Faq",
    "Image",
    "Person",
    "Problem",
    "RelatedLink",
    "Severity",
    "Status",
    "validate",
]
