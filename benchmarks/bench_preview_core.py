"""Incremental body rendering against a full render, measured in the same run.

For the sample article and generated 5,000- and 50,000-word articles (headings,
paragraphs with inline and reference links, emphasis, quotes, lists, a table,
a block quote, footnotes), it prints:

- full: `render_markdown(text)` (what every keystroke would cost without the
  incremental renderer, and what ReText/ghostwriter-style previews do);
- split: cutting the source into top-level blocks (part of every update);
- 1 char: `IncrementalRenderer.update` after typing one character in a
  paragraph in the middle of the document;
- newline: after inserting a blank line in the middle (everything below
  moves: the patch shifts line numbers instead of re-rendering);
- footnote para: typing in a paragraph that holds a footnote reference.

Each figure is the median of several runs; the ratio is against the full render.
Every incremental result is checked against a fresh full render once.

Run: .venv/bin/python benchmarks/bench_preview_core.py [--quick]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable

from newsdesk.render.blocks import source_blocks
from newsdesk.render.body_patch import apply_patch, join_blocks
from newsdesk.render.incremental import IncrementalRenderer
from newsdesk.render.markdown_body import render_markdown

_VOCABULARY = [
    *[
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "said",
        "that",
        "for",
        "on",
        "is",
        "was",
        "with",
        "as",
        "at",
        "by",
        "from",
        "allies",
        "summit",
    ],
    *[
        "Ukraine",
        "NATO",
        "leaders",
        "membership",
        "council",
        "security",
        "minister",
        "military",
        "support",
    ],
    *[
        "Wednesday",
        "Vilnius",
        "alliance",
        "Kyiv",
        "Russia",
        "defence",
        "spending",
        "officials",
        "talks",
    ],
    *[
        "agreement",
        "president",
        "government",
        "statement",
        "weapons",
        "border",
        "troops",
        "invasion",
    ],
    *[
        "war",
        "aid",
        "package",
        "years",
        "months",
        "told",
        "reporters",
        "according",
        "would",
        "could",
        "also",
    ],
    *[
        "after",
        "before",
        "during",
        "while",
        "including",
        "its",
        "their",
        "his",
        "her",
        "new",
        "first",
        "last",
    ],
]


class ArticleWriter:
    """A plausible long news article in Markdown, deterministic for a seed."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(_VOCABULARY) for _ in range(n))

    def sentence(self, n: int) -> str:
        text = self.words(n)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, index: int, footnote: int | None) -> str:
        rng = self.rng
        parts = [self.sentence(rng.randint(12, 25)) for _ in range(rng.randint(2, 4))]
        if rng.random() < 0.35:
            parts.insert(1, f"See [the {self.words(2)}](https://example.org/story/{index}).")
        if rng.random() < 0.15:
            parts.append(f"The [{self.words(2)}][src{index % 5}] said so.")
        if rng.random() < 0.3:
            parts.insert(0, f"“{self.sentence(8)[:-1]},” the **minister** said, *quietly*.")
        if footnote is not None:
            parts[-1] = parts[-1][:-1] + f"[^{footnote}]."
        return " ".join(parts)

    def body(self, words: int) -> str:
        rng = self.rng
        blocks: list[str] = []
        written = 0
        footnotes = 0
        index = 0
        while written < words:
            index += 1
            if index == 4:
                rows = "\n".join(
                    f"| {self.words(2)} | {rng.randint(1, 99)} | {rng.randint(1, 999)} |"
                    for _ in range(5)
                )
                blocks.append("| Country | Troops | Budget |\n|:---|---:|---:|\n" + rows)
                written += 15
                continue
            if index % 11 == 0:
                blocks.append(f"## {self.sentence(5)[:-1]}")
                written += 5
                continue
            if index % 17 == 0:
                items = "\n".join(f"- {self.sentence(rng.randint(6, 12))}" for _ in range(4))
                blocks.append(items)
                written += 36
                continue
            if index % 29 == 0:
                blocks.append(f"> {self.sentence(30)}")
                written += 30
                continue
            footnote = None
            if rng.random() < 0.06:
                footnotes += 1
                footnote = footnotes
            paragraph = self.paragraph(index, footnote)
            blocks.append(paragraph)
            written += paragraph.count(" ") + 1
        blocks.extend(f"[src{k}]: https://example.org/source/{k}" for k in range(5))
        blocks.extend(f"[^{k}]: {self.sentence(12)}" for k in range(1, footnotes + 1))
        return "\n\n".join(blocks) + "\n"


def sample_body() -> str:
    from newsdesk.interchange import load_article
    from newsdesk.resources import sample_article_path

    return load_article(sample_article_path("newsdesk")).body


def generated_body(words: int) -> str:
    return ArticleWriter(seed=words).body(words)


def middle_paragraph_offset(text: str, *, with_footnote: bool = False) -> int:
    """A position inside a plain paragraph near the middle of the text."""
    paragraphs = text.split("\n\n")
    order = sorted(range(len(paragraphs)), key=lambda i: abs(i - len(paragraphs) // 2))
    for i in order:
        p = paragraphs[i]
        plain = p[:1].isalpha() or p.startswith("“")
        if plain and ("[^" in p) == with_footnote and not p.startswith("[^"):
            offset = sum(len(q) + 2 for q in paragraphs[:i])
            return offset + len(p) // 2
    raise ValueError("no suitable paragraph")


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(name: str, text: str, runs: int) -> dict[str, float | str]:
    full = median_seconds(lambda: render_markdown(text), max(3, runs // 4))
    split = median_seconds(lambda: source_blocks(text), runs)

    def typing(offset: int, insert: str) -> float:
        renderer = IncrementalRenderer()
        renderer.update(text)
        times = []
        blocks = list(renderer.blocks)
        current = text
        for k in range(runs):
            # alternate typing a character and deleting it again
            current = text[:offset] + insert + text[offset:] if k % 2 == 0 else text
            started = time.perf_counter()
            patch = renderer.update(current)
            times.append(time.perf_counter() - started)
            blocks = apply_patch(blocks, patch)
        if join_blocks(blocks) != render_markdown(current):
            raise AssertionError(f"{name}: incremental result differs from a full render")
        return statistics.median(times)

    one_char = typing(middle_paragraph_offset(text), "x")
    newline = typing(text.index("\n\n", middle_paragraph_offset(text)), "\n\nNew paragraph.")
    try:
        footnote_para = typing(middle_paragraph_offset(text, with_footnote=True), "x")
    except ValueError:
        footnote_para = float("nan")
    return {
        "name": name,
        "words": len(text.split()),
        "full": full,
        "split": split,
        "one_char": one_char,
        "newline": newline,
        "footnote_para": footnote_para,
    }


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def ratio(part: float, whole: float) -> str:
    if part != part:  # NaN
        return "     n/a"
    return f"{part / whole:8.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    args = parser.parse_args()
    runs = 10 if args.quick else 40
    cases = [
        ("sample", sample_body()),
        ("5,000 words", generated_body(5_000)),
        ("50,000 words", generated_body(50_000)),
    ]
    rows = [measure(name, text, runs) for name, text in cases]
    print()
    print("Incremental preview core: median milliseconds (ratio against the full render)")
    print()
    header = (
        f"{'article':<14}{'words':>7} {'full':>8} {'split':>8} {'(ratio)':>8} "
        f"{'1 char':>8} {'(ratio)':>8} {'newline':>8} {'(ratio)':>8} "
        f"{'fn para':>8} {'(ratio)':>8}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        full = float(r["full"])
        print(
            f"{r['name']:<14}{r['words']:>7} {ms(full)} "
            f"{ms(float(r['split']))} {ratio(float(r['split']), full)} "
            f"{ms(float(r['one_char']))} {ratio(float(r['one_char']), full)} "
            f"{ms(float(r['newline']))} {ratio(float(r['newline']), full)} "
            f"{ms(float(r['footnote_para']))} {ratio(float(r['footnote_para']), full)}"
        )
    print()
    print("full = render_markdown(text); split = source blocks only; 1 char = update after")
    print("typing one character mid-document; newline = after inserting a paragraph (lines")
    print("below shift); fn para = typing in a paragraph with a footnote reference.")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
