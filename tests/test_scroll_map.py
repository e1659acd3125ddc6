"""Scroll sync arithmetic: source lines, block positions and pixel offsets."""

from __future__ import annotations

import pytest

from newsdesk.render.body_patch import split_top_level
from newsdesk.render.markdown_body import render_markdown
from newsdesk.render.scroll_map import (
    Anchor,
    anchor_lines,
    anchors,
    block_for_line,
    interpolate,
    line_for_block,
    line_for_position,
    offset_for_position,
    position_for_line,
    position_for_offset,
)

STARTS = [1, 3, 10, 12]  # blocks starting at these source lines; the source has 20 lines


def test_anchors_come_from_the_rendered_blocks():
    text = "# Title\n\nOne.\n\n```\ncode\n```\n\n[^1]: note\n\nTwo[^1].\n"
    found = anchors(split_top_level(render_markdown(text)))
    assert [a.line for a in found] == [1, 3, 5, 11]
    assert found[-1].index == 3  # the footnote list (no line) is not an anchor


def test_anchor_lines_skip_missing_and_backward_lines():
    assert anchor_lines([None, 2, 2, 5, None, 4, 9]) == [Anchor(2, 1), Anchor(5, 3), Anchor(9, 6)]


@pytest.mark.parametrize(
    ("line", "index"), [(0, 0), (1, 0), (2, 0), (3, 1), (9, 1), (10, 2), (12, 3), (99, 3)]
)
def test_block_for_line(line, index):
    assert block_for_line(STARTS, line) == index
    assert line_for_block(STARTS, index) == STARTS[index]


def test_no_blocks():
    assert block_for_line([], 5) == -1
    assert position_for_line([], 5, 10) == 0.0
    assert offset_for_position([], 0, 1.5) == 0.0
    with pytest.raises(ValueError):
        line_for_block([], 0)


def test_positions_interpolate_within_a_block_and_round_trip():
    assert position_for_line(STARTS, 3, 20) == 1.0
    assert position_for_line(STARTS, 6.5, 20) == pytest.approx(1.5)
    assert position_for_line(STARTS, 16.5, 20) == pytest.approx(3.5)  # last block: lines 12-20
    for line in (1, 2.25, 3, 7, 10, 11.5, 12, 19):
        position = position_for_line(STARTS, line, 20)
        assert line_for_position(STARTS, position, 20) == pytest.approx(line)


def test_pixel_offsets_round_trip():
    tops = [0.0, 40.0, 300.0, 340.0]
    bottom = 900.0
    assert offset_for_position(tops, bottom, 1.5) == pytest.approx(170.0)
    assert offset_for_position(tops, bottom, 3.5) == pytest.approx(620.0)
    for offset in (0.0, 20.0, 40.0, 299.0, 500.0, 899.0):
        position = position_for_offset(tops, bottom, offset)
        assert offset_for_position(tops, bottom, position) == pytest.approx(offset)
    assert position_for_offset(tops, bottom, -50.0) == 0.0


def test_editor_line_to_preview_offset_and_back():
    """The whole path the UI takes, both ways."""
    tops = [0.0, 40.0, 300.0, 340.0]
    bottom = 900.0
    line = 7.0
    offset = offset_for_position(tops, bottom, position_for_line(STARTS, line, 20))
    back = line_for_position(STARTS, position_for_offset(tops, bottom, offset), 20)
    assert back == pytest.approx(line)


def test_interpolate():
    xs, ys = [0.0, 10.0, 20.0], [0.0, 100.0, 150.0]
    assert interpolate(xs, ys, 5) == 50.0
    assert interpolate(xs, ys, 15) == 125.0
    assert interpolate(xs, ys, -1) == 0.0
    assert interpolate(xs, ys, 99) == 150.0
    assert interpolate([0.0, 0.0, 1.0], [0.0, 5.0, 6.0], 0.0) == 0.0
    with pytest.raises(ValueError):
        interpolate([1.0], [], 1.0)
