"""The preview's private URLs, without Qt: the render worker and the command
line (before Qt is imported) make them too (see render_process.prerender).

A preview is served as ``newsdesk-preview://<token>/`` and its document's
images as ``newsdesk-preview://<token>/media/<generation>/<file>``; the token
is random, one per preview (preview_scheme)."""

from __future__ import annotations

import os

SCHEME = "newsdesk-preview"


def new_token() -> str:
    return os.urandom(8).hex()  # what secrets.token_hex does, without hmac/OpenSSL


def page_address(token: str) -> str:
    return f"{SCHEME}://{token}/"


def media_prefix(token: str, generation: int = 0) -> str:
    """Where the page finds its images; a new generation makes it fetch them again."""
    return f"{SCHEME}://{token}/media/{generation}/"
