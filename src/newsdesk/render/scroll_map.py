"""Source line <-> rendered block mapping for scroll sync, as pure functions.

The preview's top-level body blocks carry `data-source-line` (1-based line of
the Markdown source where the block starts). Scroll sync works in three steps:

1. the editor's top visible line becomes a fractional block position with
   `position_for_line` (block index + how far into the block's lines);
2. the preview turns a position into pixels from the blocks' offsets:
   `offset_for_position` (and back with `position_for_offset`);
3. the reverse direction uses `line_for_position`.

Block numbering here is over the *anchors*: the blocks that carry a line, in
order (`anchors(blocks)` or `anchor_lines(lines)` gives them with their index
in the full block list). Content below the body (FAQs, credits) is handled by
the caller adding one last anchor: the line after the source's last line
mapped to the bottom of the body.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.render.body_patch import block_line


@dataclass(frozen=True, slots=True)
class Anchor:
    line: int  # 1-based source line where the block starts
    index: int  # the block's index among all top-level blocks


def anchor_lines(lines: Sequence[int | None]) -> list[Anchor]:
    """Blocks with a line, keeping only strictly increasing lines (a block
    that claims an earlier line than its predecessor cannot anchor scrolling)."""
    out: list[Anchor] = []
    for index, line in enumerate(lines):
        if line is not None and (not out or line > out[-1].line):
            out.append(Anchor(line, index))
    return out


def anchors(blocks: Sequence[str]) -> list[Anchor]:
    """Anchors of rendered body blocks (their data-source-line)."""
    return anchor_lines([block_line(b) for b in blocks])


def block_for_line(starts: Sequence[int], line: float) -> int:
    """Index of the block holding `line`: the last one starting at or before it
    (the first block for lines above it); -1 when there are no blocks."""
    if not starts:
        return -1
    return max(bisect_right(starts, line) - 1, 0)


def line_for_block(starts: Sequence[int], index: int) -> int:
    """The line where block `index` starts (clamped to the blocks there are)."""
    if not starts:
        raise ValueError("no blocks")
    return starts[min(max(index, 0), len(starts) - 1)]


def position_for_line(starts: Sequence[int], line: float, last_line: int) -> float:
    """Fractional block position of a (fractional) source line: block index
    plus the fraction of the block's lines above `line`. The last block ends
    after `last_line` (the source's line count)."""
    if not starts:
        return 0.0
    i = block_for_line(starts, line)
    begin = starts[i]
    end = starts[i + 1] if i + 1 < len(starts) else max(last_line + 1, begin + 1)
    fraction = (line - begin) / (end - begin)
    return i + min(max(fraction, 0.0), 1.0)


def line_for_position(starts: Sequence[int], position: float, last_line: int) -> float:
    """Inverse of `position_for_line`."""
    if not starts:
        return 1.0
    i = min(max(int(position), 0), len(starts) - 1)
    fraction = min(max(position - i, 0.0), 1.0)
    begin = starts[i]
    end = starts[i + 1] if i + 1 < len(starts) else max(last_line + 1, begin + 1)
    return begin + fraction * (end - begin)


def offset_for_position(tops: Sequence[float], bottom: float, position: float) -> float:
    """Pixel offset of a block position, given each anchored block's top offset
    and the bottom of the last block."""
    if not tops:
        return 0.0
    i = min(max(int(position), 0), len(tops) - 1)
    fraction = min(max(position - i, 0.0), 1.0)
    end = tops[i + 1] if i + 1 < len(tops) else max(bottom, tops[i])
    return tops[i] + fraction * (end - tops[i])


def position_for_offset(tops: Sequence[float], bottom: float, offset: float) -> float:
    """Inverse of `offset_for_position` (offsets above the first block give 0)."""
    if not tops:
        return 0.0
    i = max(bisect_right(tops, offset) - 1, 0)
    end = tops[i + 1] if i + 1 < len(tops) else max(bottom, tops[i])
    if end <= tops[i]:
        return float(i)
    fraction = (offset - tops[i]) / (end - tops[i])
    return i + min(max(fraction, 0.0), 1.0)


def interpolate(xs: Sequence[float], ys: Sequence[float], x: float) -> float:
    """Piecewise-linear map through the points (xs[i], ys[i]); xs ascending.
    Outside the points the nearest end point's y is used."""
    if len(xs) != len(ys) or not xs:
        raise ValueError("interpolate needs as many ys as xs, at least one")
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    i = bisect_right(xs, x) - 1
    x0, x1, y0, y1 = xs[i], xs[i + 1], ys[i], ys[i + 1]
    if x1 == x0:
        return y1
    return y0 + (x - x0) * (y1 - y0) / (x1 - x0)
