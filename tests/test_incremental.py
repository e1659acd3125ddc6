"""The incremental preview core: block splitting, patches, and each case where a
local edit has document-wide effects. Every test checks the patched result
against a fresh full render, and that the work done stays local."""

from __future__ import annotations

import pytest

from newsdesk.render.blocks import normalize_lines, source_blocks
from newsdesk.render.body_patch import (
    BodyPatch,
    Replace,
    ShiftLines,
    apply_patch,
    block_line,
    diff_blocks,
    join_blocks,
    shift_block,
    split_top_level,
)
from newsdesk.render.incremental import IncrementalRenderer, render_blocks
from newsdesk.render.markdown_body import render_markdown

ARTICLE = """# Allies meet in Vilnius

The summit opened on Tuesday with a [statement][nato] and a promise.[^1]

## Support

Leaders agreed on *more* aid. The OSCE observed.

- air defence
- training

- funding

| Country | Troops |
|:---|---:|
| Poland | 10 |

> “We stand together,” the minister said.

```python
print("not a [ref]")

x = 1
```

## Support

Closing paragraph.

[nato]: https://www.nato.int "NATO"

[^1]: The communiqué was published later.

*[OSCE]: Organization for Security and Co-operation in Europe
"""


class Preview:
    """A renderer plus the blocks a preview would show, checked on every update."""

    def __init__(self, text: str) -> None:
        self.renderer = IncrementalRenderer()
        self.shown: list[str] = []
        self.patch = self.update(text)

    def update(self, text: str) -> BodyPatch:
        patch = self.renderer.update(text)
        self.shown = apply_patch(self.shown, patch)
        expected = render_markdown(text)
        assert join_blocks(self.shown) == expected
        assert self.renderer.html == expected
        self.patch = patch
        return patch

    @property
    def stats(self) -> dict:
        return self.renderer.last_stats


def replaced(patch: BodyPatch) -> list[Replace]:
    return [op for op in patch.ops if isinstance(op, Replace)]


# -- source blocks ------------------------------------------------------------------


def texts(markdown: str) -> list[str]:
    return [b.text for b in source_blocks(markdown).blocks]


def test_blank_lines_split_paragraphs_and_headings():
    assert texts("# A\n\none\n\n\ntwo\n") == ["# A", "one", "two"]


def test_a_fence_with_blank_lines_is_one_block():
    assert texts("a\n\n```\nx\n\n\ny\n```\n\nb") == ["a", "```\nx\n\n\ny\n```", "b"]


def test_an_unclosed_fence_is_just_text():
    assert texts("```\nx\n\ny") == ["```\nx", "y"]


def test_loose_lists_quotes_definitions_and_continuations_stay_with_what_precedes():
    assert texts("- a\n\n- b\n\npara") == ["- a\n\n- b", "para"]
    assert texts("> a\n\n> b") == ["> a\n\n> b"]
    assert texts("Term\n\n: definition") == ["Term\n\n: definition"]
    assert texts("- a\n\n    more\n\nnext") == ["- a\n\n    more", "next"]
    assert texts("[^1]: note\n\n    second paragraph") == ["[^1]: note\n\n    second paragraph"]


def test_a_list_after_a_paragraph_starts_a_block():
    assert texts("- a\n\npara\n\n- b") == ["- a", "para", "- b"]


def test_a_vanishing_definition_does_not_separate_a_list_from_its_continuation():
    # the definition renders to nothing: "- b" continues the first list
    assert texts("- a\n\n[r]: http://x.example\n\n- b") == ["- a\n\n[r]: http://x.example\n\n- b"]


def test_one_line_definitions_are_blocks_of_their_own():
    assert texts("para\n\n[r]: http://x.example\n\n[^1]: note\n\nend") == [
        "para",
        "[r]: http://x.example",
        "[^1]: note",
        "end",
    ]


def test_raw_html_is_flagged():
    assert source_blocks("a <div>x</div>").raw_html
    assert not source_blocks("see <https://example.com> and a < b").raw_html
    assert not source_blocks("```\n<div>\n```").raw_html


def test_lines_are_normalized_like_python_markdown():
    assert normalize_lines("a\r\nb\rc\n   \n\td") == ["a", "b", "c", "", "    d"]
    assert normalize_lines("  \nx") == ["  ", "x"]  # the first line keeps its spaces


# -- block lists and patches --------------------------------------------------------


def test_top_level_split_round_trips():
    html = render_markdown(ARTICLE)
    blocks = split_top_level(html)
    assert join_blocks(blocks) == html
    assert blocks[0].startswith('<h1 data-source-line="1"')
    assert blocks[-1].startswith('<div class="footnote">')
    assert render_blocks(ARTICLE) == blocks


def test_shift_and_diff():
    old = ['<p data-source-line="1">a</p>', '<p data-source-line="3">b</p>', "<hr>"]
    new = ['<p data-source-line="1">a</p>', '<p data-source-line="3">new</p>']
    new += [shift_block(b, 2) for b in old[1:]]
    ops = diff_blocks(old, new)
    assert apply_patch(old, BodyPatch(tuple(new), ops)) == new
    assert ops == (ShiftLines(1, 1, 2), Replace(1, 0, ('<p data-source-line="3">new</p>',)))
    assert block_line(new[2]) == 5 and block_line("<hr>") is None


def test_patch_json_for_the_preview():
    patch = BodyPatch(("<p>a</p>",), (Replace(0, 1, ("<p>a</p>",)), ShiftLines(1, 2, -1)))
    assert patch.to_json() == {
        "full": False,
        "ops": [
            {"op": "replace", "index": 0, "remove": 1, "blocks": ["<p>a</p>"]},
            {"op": "shift", "index": 1, "count": 2, "delta": -1},
        ],
    }
    assert BodyPatch(("<p>a</p>",), full=True).to_json() == {"full": True, "blocks": ["<p>a</p>"]}


# -- incremental updates ------------------------------------------------------------


def test_first_update_is_a_full_patch_then_one_paragraph_is_rerendered():
    preview = Preview(ARTICLE)
    assert preview.patch.full
    preview.update(ARTICLE.replace("Closing paragraph.", "Closing paragraphs."))
    assert preview.stats["rendered"] == 1 and preview.stats["changed"] == 1
    (op,) = preview.patch.ops
    assert isinstance(op, Replace) and op.remove == 1 and len(op.blocks) == 1


def test_inserted_lines_shift_line_numbers_without_rerendering():
    preview = Preview(ARTICLE)
    text = ARTICLE.replace("## Support\n\nLeaders", "## Support\n\nNew.\n\nLeaders", 1)
    patch = preview.update(text)
    assert preview.stats["rendered"] == 1  # the new paragraph only
    shifts = [op for op in patch.ops if isinstance(op, ShiftLines)]
    assert shifts and all(op.delta == 2 for op in shifts)
    assert [len(op.blocks) for op in replaced(patch)] == [1]


def test_changing_a_reference_definition_rerenders_its_users_only():
    preview = Preview(ARTICLE)
    preview.update(ARTICLE.replace("https://www.nato.int", "https://nato.example"))
    (op,) = replaced(preview.patch)
    assert "nato.example" in op.blocks[0]


def test_defining_a_missing_reference_turns_text_into_a_link():
    text = "See [the report][r].\n\nOther.\n"
    preview = Preview(text)
    preview.update(text + "\n[r]: https://example.com/r\n")
    assert '<a href="https://example.com/r"' in preview.renderer.html


def test_footnote_numbers_follow_a_definition_inserted_before():
    text = "One[^b].\n\nTwo[^a].\n\n[^a]: first\n\n[^b]: second\n"
    preview = Preview(text)
    preview.update(text.replace("[^a]: first", "[^c]: new\n\n[^a]: first"))
    preview.update(text.replace("[^a]: first\n\n[^b]: second", "[^b]: second\n\n[^a]: first"))


def test_repeated_footnote_references_get_numbered_ids_across_blocks():
    text = "A[^1].\n\nB.\n\nC[^1].\n\n[^1]: note\n"
    preview = Preview(text)
    assert 'id="fnref2:1"' in preview.renderer.html
    preview.update(text.replace("B.", "B[^1]."))
    assert 'id="fnref3:1"' in preview.renderer.html
    preview.update(text.replace("A[^1].", "A."))
    assert 'id="fnref2:1"' not in preview.renderer.html


def test_the_footnote_list_follows_added_and_removed_references():
    text = "A[^1].\n\nB.\n\n[^1]: note\n"
    preview = Preview(text)
    preview.update(text.replace("B.", "B[^1]."))
    assert 'href="#fnref2:1"' in preview.shown[-1]
    preview.update(text.replace("[^1]: note", "[^1]: changed note"))
    assert "changed note" in preview.shown[-1]


def test_a_footnote_reference_inside_a_link_url_still_counts():
    text = "x[^1]\n\nsee [it](https://exa[^1]/)\n\n[^1]: note\n"
    preview = Preview(text)
    preview.update(text.replace("see", "see also"))


def test_duplicate_heading_ids_renumber_when_an_earlier_heading_changes():
    text = "# Intro\n\ntext\n\n## Intro\n\nmore\n\n## Intro\n"
    preview = Preview(text)
    assert 'id="intro_2"' in preview.renderer.html
    preview.update(text.replace("# Intro", "# Preface", 1))
    assert 'id="intro_1"' in preview.renderer.html and 'id="intro_2"' not in preview.renderer.html
    preview.update(text.replace("text", "text {: #intro_1 }"))


def test_abbreviations_apply_everywhere_and_follow_their_definition():
    preview = Preview(ARTICLE)
    assert '<abbr title="Organization' in preview.renderer.html
    preview.update(ARTICLE.replace("*[OSCE]: Organization", "*[OSCE]: Organisation"))
    preview.update(ARTICLE.replace("*[OSCE]: Organization", "*[aid]: help, Organization"))


def test_opening_and_closing_a_fence_mid_document():
    preview = Preview(ARTICLE)
    opened = ARTICLE.replace("Leaders agreed", "```\nLeaders agreed")
    preview.update(opened)
    preview.update(opened.replace("## Support\n\nClosing", "```\n\n## Support\n\nClosing"))
    preview.update(ARTICLE)


def test_turning_paragraphs_into_list_items_and_headings():
    text = "- a\n\npara\n\n- b\n\nSetext\n\n---\n"
    preview = Preview(text)
    preview.update(text.replace("para", "- para"))
    preview.update(text.replace("Setext\n\n---", "Setext\n---"))
    preview.update(text.replace("para", "para\n: definition"))


def test_a_table_grows_and_breaks():
    text = "| a | b |\n|---|---|\n| 1 | 2 |\n\nafter\n"
    preview = Preview(text)
    preview.update(text.replace("| 1 | 2 |", "| 1 | 2 |\n| 3 | 4 |"))
    preview.update(text.replace("|---|---|", "|---"))


@pytest.mark.parametrize(
    "global_text",
    ["[TOC]\n\n# A\n\ntext\n", "text <div>raw</div>\n\nmore\n", "a\n\n///Footnotes Go Here///\n"],
)
def test_whole_document_constructs_render_in_full(global_text):
    preview = Preview(global_text)
    preview.update(global_text.replace("text", "texts"))
    assert preview.stats["mode"] == "full"


def test_trailing_code_block_followed_by_a_vanishing_definition():
    text = "```\nx\n```\n\n[r]: https://example.com\n"
    preview = Preview(text)
    preview.update(text + "\nafter\n")
    preview.update(text)


def test_image_urls_are_resolved_like_the_full_render():
    renderer = IncrementalRenderer(image_url=lambda name: f"newsdesk-preview://doc/media/{name}")
    text = "![Summit](photo.jpg)\n\npara\n"
    renderer.update(text)
    patch = renderer.update(text.replace("para", "paragraph"))
    expected = render_markdown(text.replace("para", "paragraph"), image_url=renderer.image_url)
    assert patch.html == expected
    assert "newsdesk-preview://doc/media/photo.jpg" in expected


def test_reset_starts_over_with_a_full_patch():
    renderer = IncrementalRenderer()
    renderer.update("a\n\nb")
    renderer.reset()
    assert renderer.update("a\n\nc").full


def test_empty_text():
    preview = Preview("")
    preview.update("a")
    preview.update("")
    assert preview.shown == []


def test_word_count_from_blocks_equals_word_count_of_the_text():
    from newsdesk.model.text_stats import word_count

    renderer = IncrementalRenderer()
    texts = [
        ARTICLE,
        ARTICLE.replace("Closing paragraph.", "Closing paragraph, longer now."),
        ARTICLE + "\n[a link](https://example.com/x\n\ny) spans blocks\n",
        ARTICLE + "\n<b\n\nnot closed",
        "",
        "一二三 and words\n\n日本語",
    ]
    for text in texts:
        renderer.update(text)
        assert renderer.word_count() == word_count(text)


def test_a_definition_whose_id_runs_over_lines_vanishes_too():
    text = "- a\n\n[oth\ner]: <https://x.example>\n\n- b\n"
    assert texts(text) == ["- a\n\n[oth\ner]: <https://x.example>\n\n- b"]
    preview = Preview(text)
    preview.update(text.replace("- b", "- b\n\nafter"))


def test_a_definition_item_takes_the_paragraph_before_and_the_list_before_that():
    text = "A\n: a\n\nB\n\n: b\n\nafter\n"
    assert texts(text)[0] == "A\n: a\n\nB\n\n: b"
    preview = Preview(text)
    preview.update(text.replace("B\n", "B, changed\n"))


def test_numbers_nested_in_a_block_move_with_it():
    # Python-Markdown moves the numbered code block into a definition term
    text = "para\n\nHTML\n```\ncode\n```\n: def\n"
    preview = Preview(text)
    assert '<dl>\n<dt><div data-source-line="4"' in preview.renderer.html
    preview.update("new\n\n" + text)
    assert '<dl>\n<dt><div data-source-line="6"' in join_blocks(preview.shown)
