"""Property: after every step of a random edit sequence, the incremental
preview's blocks, patched step by step, equal a fresh full render."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incremental_corpus import BLOCKS, SNIPPETS, WORDS, fill
from newsdesk.model.text_stats import word_count
from newsdesk.render.blocks import resplit, source_blocks
from newsdesk.render.body_patch import Replace, apply_patch, join_blocks, split_elements
from newsdesk.render.incremental import IncrementalRenderer
from newsdesk.render.markdown_body import render_markdown

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8)
# Raw HTML makes every update a full render: keep it rare so the incremental
# path is what gets exercised (edits still insert tags now and then).
_MARKDOWN = [b for b in BLOCKS if "<div>" not in b and "<em>" not in b]
_RAW_HTML = [b for b in BLOCKS if b not in _MARKDOWN]
blocks = st.builds(
    fill,
    st.one_of(*[st.sampled_from(_MARKDOWN)] * 12, st.sampled_from(_RAW_HTML)),
    words,
)
separators = st.sampled_from(["\n\n", "\n\n", "\n\n", "\n", "\n\n\n"])
articles = st.lists(st.tuples(blocks, separators), min_size=1, max_size=14).map(
    lambda parts: "".join(b + s for b, s in parts)
)
position = st.floats(min_value=0, max_value=1)
snippet = st.one_of(st.sampled_from(SNIPPETS), blocks.map(lambda b: f"\n\n{b}\n\n"))

# (kind, where, length, inserted text, second position)
edits = st.tuples(
    st.sampled_from(["insert", "delete", "replace", "drop-line", "copy-line", "add-line"]),
    position,
    st.integers(min_value=1, max_value=24),
    snippet,
    position,
)


def apply_edit(text: str, edit: tuple[str, float, int, str, float]) -> str:
    kind, where, length, inserted, other = edit
    at = round(where * len(text))
    if kind == "insert":
        return text[:at] + inserted + text[at:]
    if kind == "delete":
        return text[:at] + text[at + length :]
    if kind == "replace":
        return text[:at] + inserted + text[at + length :]
    lines = text.split("\n")
    i = min(int(where * len(lines)), len(lines) - 1)
    if kind == "drop-line":
        del lines[i]
    elif kind == "copy-line":
        lines.insert(i, lines[min(int(other * len(lines)), len(lines) - 1)])
    else:
        lines.insert(i, inserted.strip("\n"))
    return "\n".join(lines)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(articles, st.lists(edits, min_size=1, max_size=12))
def test_patched_preview_equals_full_render_after_every_edit(article, edit_list):
    renderer = IncrementalRenderer()
    shown: list[str] = []
    text = article
    for step, edit in enumerate([None, *edit_list]):
        if edit is not None:
            text = apply_edit(text, edit)
        patch = renderer.update(text)
        shown = apply_patch(shown, patch)
        if not patch.full:
            # the preview patches element children by index: one element per block
            assert all(
                split_elements(block) == ([block], True)
                for op in patch.ops
                if isinstance(op, Replace)
                for block in op.blocks
            )
        expected = render_markdown(text)
        assert join_blocks(shown) == expected, f"step {step}: {text!r}"
        assert renderer.html == expected
        assert renderer.word_count() == word_count(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles, st.lists(edits, min_size=1, max_size=12), st.text("ab #>:-*1.[]^ ", max_size=4))
def test_resplitting_after_an_edit_equals_splitting_afresh(article, edit_list, typed):
    """The splitter's shortcut for edits inside one line (typing in a paragraph)."""
    text = article
    split = source_blocks(text)
    for edit in edit_list:
        # a structural edit, then typing inside a line of the result
        new = apply_edit(text, edit)
        assert resplit(split, text, new) == source_blocks(new)
        text, split = new, source_blocks(new)
        at = round(edit[4] * len(text))
        typed_text = text[:at] + typed + text[at:]
        assert resplit(split, text, typed_text) == source_blocks(typed_text)
