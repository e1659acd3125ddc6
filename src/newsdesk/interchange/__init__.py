"""Reading and writing articles in every form newsdesk accepts, by file type."""

from __future__ import annotations

from pathlib import Path

from newsdesk.errors import FileProblem
from newsdesk.model.article import Article

DOCUMENT_SUFFIX = ".newsdesk"
MARKDOWN_SUFFIXES = (".md", ".markdown")
BUNDLE_SUFFIX = ".zip"


def kind_of(path: Path) -> str:
    """'document', 'markdown' or 'bundle', from the file name."""
    suffix = path.suffix.lower()
    if suffix == DOCUMENT_SUFFIX:
        return "document"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix == BUNDLE_SUFFIX:
        return "bundle"
    raise FileProblem(path, "unknown file type; expected .newsdesk, .md or a .zip portal bundle")


def load_article(path: Path) -> Article:
    """Read an article from a .newsdesk document, a Markdown file or a bundle."""
    path = Path(path)
    kind = kind_of(path)
    if kind == "document":
        from newsdesk.storage.document import read_document

        return read_document(path)
    if kind == "markdown":
        from newsdesk.interchange.markdown_file import read_markdown

        return read_markdown(path)
    from newsdesk.interchange.bundle_import import read_bundle

    return read_bundle(path)


def save_article(article: Article, path: Path, *, label: str | None = None) -> None:
    """Write an article as a .newsdesk document (a new revision) or a Markdown file."""
    path = Path(path)
    kind = kind_of(path)
    if kind == "document":
        from newsdesk.storage.document import write_document

        write_document(path, article, label=label)
    elif kind == "markdown":
        from newsdesk.interchange.markdown_file import write_markdown

        write_markdown(article, path)
    else:
        raise FileProblem(path, "bundles are written with `newsdesk export --bundle`")
