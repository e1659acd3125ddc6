"""Export throughput: articles per second for N generated articles (default 200),
as portal bundles and as HTML pages, with one worker (-j 1) and with two in worker
processes and in threads (-j 2). Every ratio is against -j 1 of the same format,
measured in the same run.

    .venv/bin/python benchmarks/bench_export.py [--count 200] [--words 800] [--repeat 1]

The articles are written as .md files first (not timed); each timed export loads
its input, renders and writes, exactly as `newsdesk export` does. "CPU ms/art" is
the CPU time spent per article in all processes and threads: it shows what the
parallel runs cost beyond -j 1, whatever else the machine is doing."""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from newsdesk.export.runner import ExportFormat, ExportJob, Parallelism, run_exports
from newsdesk.interchange import load_article
from newsdesk.interchange.markdown_file import write_markdown
from newsdesk.model.article import Faq, Person
from newsdesk.profile.model import Profile
from newsdesk.resources import sample_article_path


class Writer:
    """Random prose from the sample article's own words."""

    def __init__(self, seed: int, vocabulary: list[str]) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = vocabulary

    def paragraph(self, words: int) -> str:
        text = " ".join(self.rng.choice(self.vocabulary) for _ in range(words))
        return text[0].upper() + text[1:] + "."

    def body(self, words: int) -> str:
        """Paragraphs of ~60 words with the Markdown a story uses, and one image."""
        parts = []
        written = 0
        while written < words:
            n = min(60, words - written)
            kind = self.rng.random()
            if kind < 0.08:
                parts.append(f"## {self.paragraph(4)[:-1]}")
            elif kind < 0.14:
                parts.append("\n".join(f"- {self.paragraph(8)}" for _ in range(3)))
            elif kind < 0.18:
                parts.append(f"> “{self.paragraph(n)}” said the *minister*.")
            else:
                link = f" See [the report](https://example.org/{written})."
                parts.append(self.paragraph(n) + link)
            written += n
        parts.insert(2, "![The summit](nato-summit-vilnius.png)")
        return "\n\n".join(parts) + "\n"


def write_inputs(folder: Path, count: int, words: int) -> list[Path]:
    sample = load_article(sample_article_path("md"))
    writer = Writer(1, sorted({w.lower() for w in sample.body.split() if w.isalpha()}))
    paths = []
    for index in range(count):
        article = replace(
            sample,
            id=f"bench-{index}",
            headline=f"Story {index}: {writer.paragraph(6)[:-1]}",
            body=writer.body(words),
            byline=[Person(f"Writer {index % 7}")],
            faqs=[Faq(writer.paragraph(8)[:-1] + "?", writer.paragraph(30)) for _ in range(3)],
        )
        path = folder / f"story-{index}.md"
        write_markdown(article, path)
        paths.append(path)
    return paths


def cpu_seconds() -> float:
    """CPU time of this process (all threads) and of its finished children."""
    try:
        import resource
    except ImportError:  # Windows: this process only
        return time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def measure(
    inputs: list[Path], fmt: ExportFormat, workers: int, how: Parallelism, repeat: int
) -> tuple[float, float]:
    """(articles per second, CPU milliseconds per article) of the fastest of
    `repeat` runs. The pool is shut down inside run_exports, so its workers'
    CPU time is counted."""
    best = (0.0, 0.0)
    for _ in range(repeat):
        out = Path(tempfile.mkdtemp(prefix="nd-bench-out-"))
        try:
            jobs = [ExportJob(path, fmt, out) for path in inputs]
            cpu = cpu_seconds()
            start = time.perf_counter()
            outcomes = run_exports(jobs, Profile.default(), workers=workers, parallelism=how)
            elapsed = time.perf_counter() - start
            cpu = cpu_seconds() - cpu
        finally:
            shutil.rmtree(out, ignore_errors=True)
        failed = [o for o in outcomes if not o.ok]
        if failed:
            sys.exit(f"export failed: {failed[0].source}: {failed[0].error}")
        rate = len(inputs) / elapsed
        if rate > best[0]:
            best = (rate, 1000 * cpu / len(inputs))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="articles (default 200)")
    parser.add_argument("--words", type=int, default=800, help="words per body (default 800)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per row; best counts")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="nd-bench-in-"))
    try:
        inputs = write_inputs(folder, args.count, args.words)
        print(f"{args.count} articles of ~{args.words} words, one 38 KB image each")
        print()
        print(f"{'format':<8} {'workers':<16} {'articles/s':>11} {'vs -j 1':>8}", end="")
        print(f" {'CPU ms/art':>11}")
        for fmt in (ExportFormat.BUNDLE, ExportFormat.HTML):
            base, cpu = measure(inputs, fmt, 1, Parallelism.PROCESSES, args.repeat)
            print(f"{fmt.value:<8} {'-j 1':<16} {base:>11.1f} {1.0:>7.2f}x {cpu:>11.0f}")
            for how in (Parallelism.PROCESSES, Parallelism.THREADS):
                rate, cpu = measure(inputs, fmt, 2, how, args.repeat)
                label = f"-j 2 {how.value}"
                print(f"{fmt.value:<8} {label:<16} {rate:>11.1f} {rate / base:>7.2f}x {cpu:>11.0f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
