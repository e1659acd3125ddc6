"""changed_span: the one span where two texts differ, as short as possible."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsdesk.model.text_span import changed_span

texts = st.text(alphabet="ab\n😀", max_size=40)


@given(texts, texts)
def test_the_span_rebuilds_the_new_text_and_is_minimal(old, new):
    start, old_end, new_end = changed_span(old, new)
    assert new == old[:start] + new[start:new_end] + old[old_end:]
    assert start <= old_end and start <= new_end
    if old_end > start and new_end > start:  # neither end could have been longer
        assert old[start] != new[start]
        assert old[old_end - 1] != new[new_end - 1]


def test_long_texts_with_one_edit():
    old = "x" * 300_000
    new = old[:150_000] + "typed" + old[150_000:]
    assert changed_span(old, new)[2] - changed_span(old, new)[0] == 5
