"""The Markdown renderer: every extension, source lines, images, determinism."""

from __future__ import annotations

import re
import threading
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incremental_corpus import BLOCKS, SNIPPETS, WORDS, fill
from newsdesk.render.markdown_body import (
    new_markdown,
    render_inline_markdown,
    render_markdown,
    resolve_images,
)
from newsdesk.render.sanitize import RESERVED_IDS


class TopLevel(HTMLParser):
    """(tag, attrs) of the fragment's top-level elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.blocks: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.blocks.append((tag, dict(attrs)))
        if tag not in ("br", "hr", "img"):
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            self.blocks.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag not in ("br", "hr", "img"):
            self.depth -= 1


def top_level(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = TopLevel()
    parser.feed(html)
    return parser.blocks


def lines_of(html: str) -> list[tuple[str, int]]:
    return [
        (tag, int(attrs["data-source-line"]))
        for tag, attrs in top_level(html)
        if "data-source-line" in attrs
    ]


def test_new_markdown_is_configured_with_the_house_extensions():
    md = new_markdown()
    blocks = set(
        md.parser.blockprocessors._priority
        and [p.name for p in md.parser.blockprocessors._priority]
    )
    for name in ("table", "footnote", "abbr", "deflist", "markdown_block"):
        assert name in blocks, name
    trees = {p.name for p in md.treeprocessors._priority}
    for name in ("attr_list", "toc", "smarty", "hilite", "footnote"):
        assert name in trees, name
    assert "fenced_code_block" in md.preprocessors
    assert type(md.parser.blockprocessors["olist"]).__module__.endswith("sane_lists")
    hilite = next(e for e in md.registeredExtensions if type(e).__name__ == "CodeHiliteExtension")
    assert hilite.getConfig("guess_lang") is False and hilite.getConfig("css_class") == "codehilite"


def test_tables_align_with_classes_not_style():
    html = render_markdown("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")
    assert "<table" in html and "<th" in html and "<td" in html
    assert 'class="align-left"' in html
    assert 'class="align-center"' in html
    assert 'class="align-right"' in html
    assert "style=" not in html and "align=" not in html


def test_footnotes_link_both_ways():
    html = render_markdown("A claim.[^src]\n\n[^src]: The source.\n")
    assert '<sup id="fnref:src"><a class="footnote-ref" href="#fn:src"' in html
    assert '<li id="fn:src">' in html
    assert 'class="footnote-backref" href="#fnref:src"' in html
    assert '<div class="footnote">' in html


def test_abbreviations_get_titles():
    html = render_markdown("The NATO summit.\n\n*[NATO]: North Atlantic Treaty Organization\n")
    assert '<abbr title="North Atlantic Treaty Organization">NATO</abbr>' in html


def test_attribute_lists_set_ids_and_known_classes_only():
    html = render_markdown("## Background {: #background .toc .evil-class }\n")
    assert 'id="background"' in html
    assert 'class="toc"' in html
    assert "evil-class" not in html


def test_fenced_code_is_highlighted_with_pygments_classes():
    html = render_markdown('```python\ndef f(x):\n    return "<b>"\n```\n')
    assert re.search(r'<div data-source-line="1" class="codehilite">', html)
    assert '<span class="k">def</span>' in html
    assert '<span class="nf">f</span>' in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "style=" not in html


def test_code_without_language_is_not_guessed():
    html = render_markdown("```\nSELECT * FROM t;\n```\n")
    assert 'class="codehilite"' in html
    assert '<span class="k">' not in html  # no guessed SQL keywords


def test_headings_get_toc_anchors_in_any_script():
    html = render_markdown("## What happened\n\n## Що сталося\n\n## What happened\n")
    assert '<h2 data-source-line="1" id="what-happened">' in html
    assert 'id="що-сталося"' in html
    assert 'id="what-happened_1"' in html


def test_heading_anchors_never_take_a_page_region_id():
    html = render_markdown("## FAQs\n\n## Related\n\n## Credits\n")
    ids = re.findall(r'id="([^"]+)"', html)
    assert ids and not set(ids) & RESERVED_IDS


def test_explicit_ids_that_clash_with_page_regions_are_dropped():
    html = render_markdown('Text {: #article-body }\n\n<div id="faqs">raw</div>\n')
    assert 'id="article-body"' not in html and 'id="faqs"' not in html


def test_smart_quotes_dashes_and_ellipses():
    html = render_markdown("\"Quoted\" and 'single' -- en --- em... it's")
    assert "“Quoted”" in html and "‘single’" in html
    assert "–" in html and "—" in html and "…" in html and "it’s" in html


def test_sane_lists_do_not_merge_ordered_and_unordered():
    html = render_markdown("1. one\n2. two\n\n- a\n- b\n")
    assert [t for t, _ in top_level(html)] == ["ol", "ul"]


def test_data_source_line_marks_every_top_level_block():
    text = (
        "# Title\n"  # 1
        "\n"
        "Para one\nstill para one\n"  # 3
        "\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"  # 6
        "\n"
        "```python\nx = 1\n\ny = 2\n```\n"  # 10
        "\n"
        "> quote\n"  # 16
        "\n"
        "<div>\nraw\n</div>\n"  # 18
        "\n"
        "- a\n- b\n"  # 22
        "\n\n\n"
        "---\n"  # 27
        "\n"
        "    indented code\n"  # 29
        "\n"
        "Last[^1]\n"  # 31
        "\n"
        "[^1]: note\n"
    )
    assert lines_of(render_markdown(text)) == [
        ("h1", 1),
        ("p", 3),
        ("table", 6),
        ("div", 10),
        ("blockquote", 16),
        ("div", 18),
        ("ul", 22),
        ("hr", 27),
        ("div", 29),
        ("p", 31),
    ]


def test_source_lines_follow_several_code_and_html_blocks():
    text = (
        "```\na\n```\n\n```\nb\n\nc\n```\n\nx\n\n<p>\none\ntwo\n</p>\n\n<hr>\n\n~~~\n~~~\n\nend\n"
    )
    assert lines_of(render_markdown(text)) == [
        ("div", 1),
        ("div", 5),
        ("p", 11),
        ("p", 13),
        ("hr", 18),
        ("div", 20),
        ("p", 23),
    ]


def test_first_line_offsets_the_numbers():
    html = render_markdown("One\n\nTwo\n", first_line=41)
    assert lines_of(html) == [("p", 41), ("p", 43)]


def test_crlf_and_tabs_do_not_shift_lines():
    html = render_markdown("One\r\n\r\n\tcode\r\n\r\nThree\r\n")
    assert lines_of(html) == [("p", 1), ("div", 3), ("p", 5)]


def test_render_is_deterministic_and_independent_of_previous_calls():
    text = "# H\n\nA[^1] HTML\n\n*[HTML]: markup\n\n[^1]: n\n"
    first = render_markdown(text)
    render_markdown("# H\n\nOther[^1]\n\n[^1]: x\n\n*[Other]: y\n")
    assert render_markdown(text) == first


def test_render_from_several_threads_gives_the_same_result():
    text = "\n\n".join(f"## Part {i}\n\nText {i} with `code` and *em*." for i in range(50))
    expected = render_markdown(text)
    results: list[str] = []

    def worker() -> None:
        for _ in range(5):
            results.append(render_markdown(text))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 20 and all(r == expected for r in results)


def test_image_url_maps_document_images_only():
    text = "![a](photo.jpg) ![b](https://cdn.example/x.png) ![c](data:image/png;base64,AAAA)"
    html = render_markdown(text, image_url=lambda name: f"media/{name}?v=1&x=2")
    assert 'src="media/photo.jpg?v=1&amp;x=2"' in html
    assert 'src="https://cdn.example/x.png"' in html
    assert 'src="data:image/png;base64,AAAA"' in html


def test_image_url_may_return_data_uris_and_custom_schemes():
    text = "![a](photo.jpg)"
    assert 'src="data:image/png;base64,QQ=="' in render_markdown(
        text, image_url=lambda n: "data:image/png;base64,QQ=="
    )
    assert 'src="newsdesk-image:photo.jpg"' in render_markdown(
        text, image_url=lambda n: f"newsdesk-image:{n}"
    )


def test_resolve_images_leaves_other_markup_alone():
    fragment = '<p>a &lt;img src="x.png"&gt; b <img alt="" src="x.png"></p>'
    assert (
        resolve_images(fragment, lambda n: "Y")
        == '<p>a &lt;img src="x.png"&gt; b <img alt="" src="Y"></p>'
    )


def test_inline_markdown_drops_the_paragraph():
    assert (
        render_inline_markdown("Leaders meet in *Vilnius*.") == "Leaders meet in <em>Vilnius</em>."
    )
    assert render_inline_markdown("One\n\nTwo").count("<p") == 2


@pytest.mark.parametrize("size", [0, 1, 5])
def test_output_matches_plain_python_markdown_text(size):
    """Apart from our attributes and typography, the body says what Markdown says."""
    text = "\n\n".join(["Plain paragraph with **bold** and a [link](https://example.org)."] * size)
    ours = re.sub(r' (data-source-line|rel)="[^"]*"', "", render_markdown(text))
    assert ours.strip() == markdown.markdown(text).strip()


def test_toc_marker_keeps_its_line():
    html = render_markdown("Intro\n\n[TOC]\n\n## One\n")
    assert lines_of(html) == [("p", 1), ("div", 3), ("h2", 5)]


_word = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
_text_line = st.lists(_word, min_size=1, max_size=5).map(" ".join)


@st.composite
def _block(draw: st.DrawFn) -> tuple[str, list[str]]:
    """(top-level tag, source lines) of one block."""
    kind = draw(
        st.sampled_from(["p", "h", "code", "list", "quote", "table", "hr", "html", "olist"])
    )
    if kind == "p":
        return "p", draw(st.lists(_text_line, min_size=1, max_size=3))
    if kind == "h":
        return f"h{draw(st.integers(1, 4))}", ["#" * 2 + " " + draw(_text_line)][:1]
    if kind == "code":
        body = draw(st.lists(st.one_of(_text_line, st.just("")), max_size=4))
        fence = draw(st.sampled_from(["```", "~~~"]))
        return "div", [fence + draw(st.sampled_from(["", "python"]))] + body + [fence]
    if kind == "list":
        return "ul", ["- " + draw(_text_line) for _ in range(draw(st.integers(1, 3)))]
    if kind == "olist":
        return "ol", [f"{i + 1}. " + draw(_text_line) for i in range(draw(st.integers(1, 3)))]
    if kind == "quote":
        return "blockquote", ["> " + draw(_text_line) for _ in range(draw(st.integers(1, 2)))]
    if kind == "table":
        rows = draw(st.integers(1, 3))
        return "table", ["| a | b |", "|---|--:|"] + [
            f"| {draw(_word)} | {i} |" for i in range(rows)
        ]
    if kind == "hr":
        return "hr", ["* * *"]
    inner = draw(st.lists(_text_line, min_size=1, max_size=3))
    return "div", ["<div>"] + inner + ["</div>"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_block(), st.integers(1, 3)), min_size=1, max_size=10))
def test_source_lines_match_where_each_block_starts(blocks):
    lines: list[str] = []
    expected: list[tuple[str, int]] = []
    for (tag, block_lines), gap in blocks:
        tag = "h2" if tag.startswith("h") and tag != "hr" else tag
        expected.append((tag, len(lines) + 1))
        lines += block_lines + [""] * gap
    html = render_markdown("\n".join(lines))
    got = lines_of(html)
    # Adjacent lists (and quotes) of the same kind merge into one; compare block starts only
    # where Markdown keeps blocks apart.
    merged: list[tuple[str, int]] = []
    for item in expected:
        if merged and item[0] in ("ul", "ol", "blockquote") and merged[-1][0] == item[0]:
            continue
        merged.append(item)
    assert got == merged


_markdownish = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "",
                "```",
                "~~~python",
                "    code",
                "\tcode",
                "- item",
                "1. item",
                "> quote",
                "# head",
                "Setext",
                "===",
                "---",
                "| a | b |",
                "|---|---|",
                "<div>",
                "</div>",
                '<div markdown="1">',
                "<!-- c -->",
                "[^1]: note",
                "x[^1]",
                "*[X]: abbr",
                "[TOC]",
                "[r]: https://example.org",
                "Term",
                ": definition",
                "{: #id .toc }",
                "\r",
                "<script>x</script>",
            ]
        ),
        st.text(max_size=30),
    ),
    max_size=25,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_markdownish)
def test_any_text_renders_safely_and_deterministically(text):
    html = render_markdown(text)
    assert render_markdown(text) == html
    assert "<script" not in html.lower()
    numbers = [line for _, line in lines_of(html)]
    assert numbers == sorted(numbers)
    assert all(1 <= n <= text.count("\n") + text.count("\r") + 1 for n in numbers)


# Python-Markdown's footnotes raise "OrderedDict mutated during iteration" here.
_MARKDOWN_CRASHER = "A[^a] B[^c]\n\n[^a]: first\n\n    [^c]: nested\n\n    more\n\n[^d]: x\n"


def test_text_python_markdown_fails_on_still_renders_as_plain_paragraphs():
    html = render_markdown(_MARKDOWN_CRASHER + "\n<script>alert(1)</script>\n")
    assert '<p data-source-line="1">A[^a] B[^c]</p>' in html
    assert "<script" not in html and "&lt;script&gt;" in html


def test_incremental_preview_shows_the_same_fallback():
    from newsdesk.render.incremental import IncrementalRenderer

    renderer = IncrementalRenderer()
    renderer.update("A[^a] B[^c]\n\n[^a]: first\n")
    patch = renderer.update(_MARKDOWN_CRASHER)
    assert patch.html == render_markdown(_MARKDOWN_CRASHER)
    patch = renderer.update(_MARKDOWN_CRASHER.replace("more", "less"))
    assert patch.html == render_markdown(_MARKDOWN_CRASHER.replace("more", "less"))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_extensions_given_as_objects_render_as_their_names_did(data):
    """new_markdown lists "extra"'s seven extensions, "smarty" and "sane_lists"
    as objects (names cost an entry-point scan at start-up); the output is
    what the names gave."""
    from markdown.extensions.codehilite import CodeHiliteExtension
    from markdown.extensions.toc import TocExtension

    from newsdesk.render import markdown_body
    from newsdesk.render.source_lines import SourceLineExtension

    words = data.draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
    blocks = data.draw(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=12))
    snippets = data.draw(st.lists(st.sampled_from(SNIPPETS), max_size=4))
    text = "\n\n".join(fill(b, words) for b in blocks) + "".join(snippets)
    text += "\n\n[ref]: https://example.com/ref\n[^1]: One.\n[^2]: Two.\n"
    by_name = markdown.Markdown(
        extensions=[
            "extra",
            TocExtension(slugify=markdown_body.heading_slug, toc_depth="2-6"),
            "smarty",
            "sane_lists",
            CodeHiliteExtension(
                css_class=markdown_body.CODE_CSS_CLASS, guess_lang=False, use_pygments=True
            ),
            markdown_body._TableAlignExtension(),  # noqa: SLF001 - the same configuration
            SourceLineExtension(),
        ],
        output_format="html",
    )
    assert new_markdown().convert(text) == by_name.convert(text)
