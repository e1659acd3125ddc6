"""Child process for the crash-safety test: saves and autosaves a document in a
tight loop and prints the number of each state once it is committed.

    python crash_saver.py DOCUMENT

State k is `state_article(k)`; the test reloads the document after killing this
process and checks the article is exactly one of the committed states.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from newsdesk.model.article import Article, Image
from newsdesk.storage.document import Document

ARTICLE_ID = "8a1f6a8e-2d0c-4a3e-9d55-0c6f0e1b7c11"
STAMP = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def state_article(k: int) -> Article:
    """Deterministic content of state k: body, headline and images all change,
    an image is replaced every few states (so image garbage is collected)."""
    return Article(
        id=ARTICLE_ID,
        headline=f"State {k}",
        body=f"State {k} of the loop.\n\n" + " ".join(f"w{k}-{i}" for i in range(200 + k % 97)),
        created=STAMP,
        updated=STAMP,
        images=[
            Image(
                id="img-1",
                filename="photo.png",
                media_type="image/png",
                data=bytes([k // 4 % 256]) * (20_000 + k // 4 % 50),
            ),
            Image(id="img-2", filename="logo.png", media_type="image/png", data=b"logo" * 500),
        ],
    )


def state_of(article: Article) -> int:
    return int(article.headline.split()[1])


def is_explicit_save(k: int) -> bool:
    return k % 3 == 0


def main() -> int:
    path = Path(sys.argv[1])
    if path.exists():
        document = Document.open(path)
        k = state_of(document.load())
    else:
        document = Document.create(path, state_article(0), label="state 0")
        k = 0
    print(f"ready {k}", flush=True)
    while True:
        k += 1
        article = state_article(k)
        if is_explicit_save(k):
            document.save(article, label=f"state {k}")
        else:
            document.autosave(article)
        print(k, flush=True)


if __name__ == "__main__":
    sys.exit(main())
