"""How long .newsdesk saves, autosaves and loads take, against a baseline
measured in the same run: writing the same snapshot JSON to a plain file
(atomically, fsynced, as every newsdesk file write is).

    .venv/bin/python benchmarks/bench_storage.py [--repeat N]

Articles: the bundled sample, and a 50,000-word article with four 1 MiB images.
Every figure is the median of N runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from newsdesk.fsutil import atomic_write_bytes
from newsdesk.interchange.markdown_file import read_markdown
from newsdesk.model.article import Article, Image
from newsdesk.model.serialize import article_to_dict
from newsdesk.resources import sample_article_path
from newsdesk.storage.document import Document


def big_article() -> Article:
    paragraph = " ".join(f"word{i % 997}" for i in range(100))
    article = read_markdown(sample_article_path("md"))
    article.body = "\n\n".join(paragraph for _ in range(500))  # 50,000 words
    article.images = [
        Image(filename=f"photo-{i}.jpg", media_type="image/jpeg", data=os.urandom(1 << 20))
        for i in range(4)
    ]
    return article


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(name: str, article: Article, folder: Path, repeat: int) -> list[tuple[str, float]]:
    snapshot = json.dumps(article_to_dict(article), ensure_ascii=False).encode()
    plain = folder / f"{name}.json"
    baseline = median_ms(lambda: atomic_write_bytes(plain, snapshot), repeat)

    path = folder / f"{name}.newsdesk"
    counter = iter(range(10**9))

    def create() -> None:
        Document.create(path, article, overwrite=True).close()

    def edited() -> Article:
        changed = copy.copy(article)
        changed.body = article.body + f" edit{next(counter)}"
        return changed

    rows = [("plain JSON file (baseline)", baseline)]
    rows.append(("create document", median_ms(create, repeat)))
    create()
    with Document.open(path) as doc:
        rows.append(("save (new revision)", median_ms(lambda: doc.save(edited()), repeat)))
        doc.autosave(edited())
        rows.append(
            ("autosave (update in place)", median_ms(lambda: doc.autosave(edited()), repeat))
        )
        rows.append(("load latest", median_ms(doc.load, repeat)))
        rows.append(("list revisions", median_ms(doc.revisions, repeat)))
    rows.append(
        ("open (checks every page)", median_ms(lambda: Document.open(path).close(), repeat))
    )
    rows.append(("open read-only + load", median_ms(lambda: _read(path), repeat)))
    print(
        f"\n{name}: {len(snapshot) / 1024:.0f} KiB JSON, "
        f"{sum(len(i.data) for i in article.images) / 1024:.0f} KiB images, "
        f"file now {path.stat().st_size / 1024:.0f} KiB after {repeat * 2 + 2} revisions"
    )
    return rows


def _read(path: Path) -> Article:
    with Document.open(path, read_only=True) as doc:
        return doc.load()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    cases = {
        "sample article": read_markdown(sample_article_path("md")),
        "50,000 words + 4 MiB images": big_article(),
    }
    with tempfile.TemporaryDirectory(prefix="bench-storage-", dir=Path.cwd()) as tmp:
        for name, article in cases.items():
            rows = measure(name.split()[0].strip(","), article, Path(tmp), args.repeat)
            baseline = rows[0][1]
            print(f"{'operation':<30}{'ms':>10}{'x baseline':>12}")
            for label, ms in rows:
                print(f"{label:<30}{ms:>10.2f}{ms / baseline:>12.1f}")


if __name__ == "__main__":
    main()
