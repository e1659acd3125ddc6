"""Render time of the portal page and the body, against bare Python-Markdown.

    .venv/bin/python benchmarks/bench_render.py [--runs N]

For the sample article and generated 5,000- and 50,000-word articles it prints
the median of N runs of:
  baseline   markdown.markdown(text) with no extensions (measured in the same run)
  converter  our configured Python-Markdown (extensions + source lines), no sanitizer
  body       render_markdown(text): the above plus nh3 sanitizing
  page       render_page(article): the whole portal page (body, FAQs, JSON-LD, CSS)
with each figure's ratio to the baseline. Runs are interleaved.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

import markdown

from newsdesk.interchange import load_article
from newsdesk.model.article import Article, Faq, Person, RelatedLink
from newsdesk.model.text_stats import word_count
from newsdesk.profile.model import Profile
from newsdesk.render.markdown_body import new_markdown, render_markdown
from newsdesk.render.page import render_page
from newsdesk.resources import sample_article_path

WORDS = [
    "the",
    "alliance",
    "leaders",
    "summit",
    "council",
    "membership",
    "support",
    "military",
    "aid",
    "security",
    "framework",
    "ministers",
    "talks",
    "agreement",
    "statement",
    "reporters",
    "capital",
    "government",
    "pledged",
    "warned",
    "said",
    "officials",
    "border",
    "defense",
    "treaty",
    "partners",
    "negotiations",
    "president",
    "minister",
    "question",
    "answer",
    "timeline",
    "decision",
    "conflict",
    "region",
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    text = " ".join(words)
    if rng.random() < 0.2:
        text = f'"{text}," said an official'
    if rng.random() < 0.1:
        text += " (see [the report](https://example.org/report))"
    if rng.random() < 0.1:
        text = text.replace(" the ", " **the** ", 1)
    return text[0].upper() + text[1:] + "."


def generated_body(target_words: int, seed: int = 1) -> str:
    """News-like Markdown: paragraphs, sub-headings, quotes, lists, a table now
    and then, a code block and footnotes."""
    rng = random.Random(seed)
    blocks: list[str] = []
    notes = 0
    while True:
        roll = rng.random()
        if roll < 0.06:
            blocks.append("## " + " ".join(rng.choice(WORDS) for _ in range(4)).capitalize())
        elif roll < 0.10:
            blocks.append("> " + _sentence(rng))
        elif roll < 0.14:
            blocks.append("\n".join("- " + _sentence(rng) for _ in range(rng.randint(2, 4))))
        elif roll < 0.155:
            rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} |" for _ in range(4))
            blocks.append("| Item | Value |\n|:--|--:|\n" + rows)
        elif roll < 0.16:
            blocks.append('```python\ndef total(xs):\n    return sum(xs)  # "sum"\n```')
        else:
            para = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
            if rng.random() < 0.05:
                notes += 1
                para += f"[^{notes}]"
            blocks.append(para)
        if len(blocks) % 10 == 0 and word_count("\n\n".join(blocks)) >= target_words:
            break
    blocks += [f"[^{i}]: Source note {i}." for i in range(1, notes + 1)]
    return "\n\n".join(blocks) + "\n"


def generated_article(words: int) -> Article:
    return Article(
        headline=f"A generated {words:,}-word article",
        standfirst="Generated for the render benchmark.",
        byline=[Person("Bench Writer", "staff writer")],
        topic="Politics",
        body=generated_body(words),
        published=datetime(2024, 1, 1, tzinfo=UTC),
        contributors=[Person("A", "photographer"), Person("B", "photographer")],
        faqs=[Faq(f"Question {i}?", f"Answer **{i}**.") for i in range(5)],
        related=[RelatedLink(f"Related {i}", f"https://example.org/{i}") for i in range(3)],
    )


def median_seconds(measures: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median time of each measure. Runs are interleaved (one of each per round)
    so that load from elsewhere on the machine hits every measure alike."""
    for fn in measures.values():
        fn()  # warm-up: imports, caches, Pygments lexers
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, fn in measures.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median)")
    args = parser.parse_args()
    profile = Profile.default()
    cases = [
        ("sample", load_article(sample_article_path("md"))),
        ("5,000 words", generated_article(5_000)),
        ("50,000 words", generated_article(50_000)),
    ]
    print(f"median of {args.runs} runs; ratio = time / bare markdown.markdown(text)\n")
    header = f"{'article':<14}{'words':>8}  {'measure':<11}{'ms':>10}{'ratio':>8}"
    print(header)
    print("-" * len(header))
    for name, article in cases:
        text = article.body
        runs = args.runs
        md = new_markdown()

        def converter(md: markdown.Markdown = md, text: str = text) -> str:
            md.reset()
            return md.convert(text)

        figures = median_seconds(
            {
                "baseline": lambda t=text: markdown.markdown(t),
                "converter": converter,
                "body": lambda t=text: render_markdown(t),
                "page": lambda a=article: render_page(a, profile),
            },
            runs,
        )
        base = figures["baseline"]
        for i, (measure, seconds) in enumerate(figures.items()):
            label = name if i == 0 else ""
            words = f"{word_count(text):,}" if i == 0 else ""
            print(
                f"{label:<14}{words:>8}  {measure:<11}{seconds * 1000:>10.1f}{seconds / base:>8.2f}"
            )
        print()


if __name__ == "__main__":
    main()
