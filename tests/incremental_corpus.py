"""Markdown pieces and edits for the incremental-rendering tests: the article
constructs a writer uses plus the ones with document-wide effects (fences,
headings and their ids, footnotes, link references, abbreviations, lists,
tables, definition lists, attribute lists, raw HTML)."""

from __future__ import annotations

WORDS = [
    "NATO", "allies", "Kyiv", "minister", "said", "the", "summit", "would", "HTML", "offer",
    "support", "Ukraine", '"quoted"', "it's", "--", "...", "troops", "budget", "2026",
    "Brussels", "talks", "O'Neil", "café", "naïve", "Zürich",
]  # fmt: skip

BLOCKS = (
    "# Heading {w}",
    "## {w} {w}",
    "### {w}",
    "{w} {w}\n=====",
    "{w} {w}\n-----",
    "{w} {w} {w}, {w} {w}.",
    "{w} [{w}](https://example.com/{w}) {w} **{w}** *{w}*.",
    "{w} [{w}][ref] and [ref] and ![img][ref].",
    "{w} {w}[^1] {w}[^2].",
    "{w}[^1] again[^1].",
    "{w} `{w}` HTML {w} <https://example.com/x> {w}.",
    "- {w}\n- {w} {w}\n- {w}[^2]",
    "1. {w}\n2. {w}\n\n3. {w}",
    "- {w}\n\n    {w} continued\n\n- {w}",
    "> {w} {w}\n> {w}",
    "> # {w}\n>\n> {w}",
    "| {w} | {w} |\n|:---|---:|\n| {w} | {w} |\n| 1 | 2 |",
    "```python\nx = '{w}'\n\n\nprint(x)\n```",
    "~~~\n{w}\n~~~",
    "    indented {w}\n    code",
    "{w}\n: {w} definition",
    '[ref]: https://example.com/{w} "{w} title"',
    "[other]: <https://example.com/o>",
    "[^1]: Footnote {w} with [{w}][ref].",
    "[^2]: Second {w}.\n\n    More of {w}.",
    "*[HTML]: Hyper Text {w}",
    "*[NATO]: North Atlantic",
    "{w} {w}\n{{: #custom-{w} }}",
    "***",
    "<div>{w}</div>",
    "{w} <em>{w}</em> {w}",
)

SNIPPETS = (
    "\n", "\n\n", "\n\n\n", " ", "    ", "\t", "x", "HTML", "NATO", "word ",
    "```", "```\n", "\n```\n", "~~~\n", "# ", "## ", "\n# Intro\n", "Intro",
    "[^1]", "[^2]", "[^3]", "\n[^1]: note\n", "\n[^3]: third\n", "[ref]", "[x][ref]",
    "\n[ref]: https://changed.example\n", "\n[x]: https://x.example\n",
    "\n*[HTML]: Changed\n", "\n*[word]: W\n", "- ", "\n- item\n", "1. ", "> ", "\n> quote\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n", ":", "\n: def\n", "{#id}", "{: #x}", "\n---\n",
    "\n===\n", "<b>", "</b>", "<div>", "`", "*", "_", "[", "]", "(", ")", "!", "<", ">",
    "&", "'", '"', "--", "<!--", "\\", "|", "=", "-", "~", "[TOC]",
)  # fmt: skip


def fill(template: str, words: list[str]) -> str:
    """The template with its {w} slots taken from `words` in turn."""
    out = template.replace("{{", "\0").replace("}}", "\1")
    k = 0
    while "{w}" in out:
        out = out.replace("{w}", words[k % len(words)], 1)
        k += 1
    return out.replace("\0", "{").replace("\1", "}")
