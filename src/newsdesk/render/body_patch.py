"""The rendered body as a list of top-level blocks, and patches between two such lists.

A block is one top-level element of the sanitized body HTML (plus any stray
text that follows it before the next element); the body HTML is the blocks
joined with "\\n". A patch turns the previous list into the next one with a few
operations the preview can apply to its DOM: replace a run of blocks, or shift
the `data-source-line` numbers of a run when lines were inserted above it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

SEPARATOR = "\n"
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)  # fmt: skip
_TAG = re.compile(r'<(/?)([A-Za-z][A-Za-z0-9-]*)(?:[^>"]|"[^"]*")*>')
_LINE = re.compile(r'^(<[A-Za-z][A-Za-z0-9-]* data-source-line=")(\d+)"')
_ATTRIBUTE = ' data-source-line="'
_ANY_LINE = re.compile(r'( data-source-line=")(\d+)(?=")')


def split_top_level(html: str) -> list[str]:
    """Blocks of a sanitized fragment: `SEPARATOR.join(result) == html`.

    The sanitizer escapes every `<` in text and quotes every attribute with
    double quotes, so a tag scan with a depth counter finds the top level."""
    return split_elements(html)[0]


def split_elements(html: str) -> tuple[list[str], bool]:
    """`split_top_level`, and whether every block is exactly one element
    (plus whitespace after it): then block i is the container's element child i."""
    if not html:
        return [], True
    cuts: list[int] = []
    starts: list[int] = []  # depth-0 element starts
    depth = 0
    for m in _TAG.finditer(html):
        if m.group(1):
            depth = max(depth - 1, 0)
            continue
        start = m.start()
        if depth == 0:
            starts.append(start)
            if start > 0 and html[start - 1] == SEPARATOR:
                cuts.append(start - 1)
        if m.group(2).lower() not in _VOID and not m.group(0).endswith("/>"):
            depth += 1
    pieces: list[str] = []
    previous = 0
    for cut in cuts:
        pieces.append(html[previous:cut])
        previous = cut + 1
    pieces.append(html[previous:])
    regular = len(starts) == len(pieces) and all(
        piece.startswith("<") and _tail_is_blank(piece) for piece in pieces
    )
    return pieces, regular


def _tail_is_blank(piece: str) -> bool:
    """Nothing but whitespace after the element's closing tag."""
    end = piece.rfind(">")
    return not piece[end + 1 :].strip()


def join_blocks(blocks: Sequence[str]) -> str:
    return SEPARATOR.join(blocks)


def block_line(block: str) -> int | None:
    """The block's `data-source-line` (1-based), if it carries one."""
    m = _LINE.match(block)
    return int(m.group(2)) if m else None


def shift_block(block: str, delta: int) -> str:
    """The block numbered `delta` lines further down. Every number moves: an
    element can keep its number when Python-Markdown nests it (code in a
    definition term), and all numbers in a block are positions alike."""
    if not delta:
        return block
    count = block.count(_ATTRIBUTE)
    if not count:
        return block
    m = _LINE.match(block)
    if count == 1 and m:
        return f'{m.group(1)}{int(m.group(2)) + delta}"{block[m.end() :]}'
    return _ANY_LINE.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + delta}", block)


def neutral_key(block: str) -> str:
    """The block with its line number taken out: equal keys differ only by
    position. A block with numbers inside (see shift_block) keeps them: the
    preview shifts only the top element's number, so it must be replaced."""
    m = _LINE.match(block)
    if m is None or block.count(_ATTRIBUTE) > 1:
        return block  # (no number on top, or more inside: compared as they are)
    return f"{m.group(1)}{block[m.end() :]}"


@dataclass(frozen=True, slots=True)
class Replace:
    """Remove `remove` blocks at `index` and put `blocks` there."""

    index: int
    remove: int
    blocks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ShiftLines:
    """Add `delta` to data-source-line of the `count` blocks from `index` on."""

    index: int
    count: int
    delta: int


Op = Replace | ShiftLines


@dataclass(frozen=True)
class BodyPatch:
    """Operations from the previous block list to `blocks`, applied in order
    (each index refers to the list as the previous operation left it). A `full`
    patch has no operations: the receiver replaces everything with `blocks`.
    In an incremental patch every block is exactly one element, so block i is
    the i-th element child of the body's container."""

    blocks: tuple[str, ...]
    ops: tuple[Op, ...] = ()
    full: bool = False
    stats: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def html(self) -> str:
        return join_blocks(self.blocks)

    @property
    def is_empty(self) -> bool:
        return not self.full and not self.ops

    def to_json(self) -> dict[str, Any]:
        """Plain data for the preview's script (resources/ui/preview.js, patchBody)."""
        if self.full:
            return {"full": True, "blocks": list(self.blocks)}
        ops: list[dict[str, Any]] = []
        for op in self.ops:
            if isinstance(op, Replace):
                ops.append(
                    {"op": "replace", "index": op.index, "remove": op.remove,
                     "blocks": list(op.blocks)}
                )  # fmt: skip
            else:
                ops.append({"op": "shift", "index": op.index, "count": op.count, "delta": op.delta})
        return {"full": False, "ops": ops}


def apply_patch(previous: Sequence[str], patch: BodyPatch) -> list[str]:
    """What the preview does to its DOM, on strings."""
    if patch.full:
        return list(patch.blocks)
    blocks = list(previous)
    for op in patch.ops:
        if isinstance(op, Replace):
            blocks[op.index : op.index + op.remove] = op.blocks
        else:
            for i in range(op.index, op.index + op.count):
                blocks[i] = shift_block(blocks[i], op.delta)
    return blocks


def _same(a: str, b: str) -> bool:
    """Equal but for the top element's line number (see neutral_key)."""
    if a == b:
        return True
    ma, mb = _LINE.match(a), _LINE.match(b)
    if ma is None or mb is None or a.count(_ATTRIBUTE) > 1 or b.count(_ATTRIBUTE) > 1:
        return False
    return a[ma.end() :] == b[mb.end() :] and ma.group(1) == mb.group(1)


def diff_blocks(old: Sequence[str], new: Sequence[str]) -> tuple[Op, ...]:
    """Few operations turning `old` into `new`: blocks equal but for their line
    number are kept and shifted, the rest replaced. Operations run from the end
    of the list to its start so every index is one of `old`'s."""
    n_old, n_new = len(old), len(new)
    head = 0
    limit = min(n_old, n_new)
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and _same(old[-1 - tail], new[-1 - tail]):
        tail += 1
    # (tag, old_start, old_end, new_start, new_end) over the whole lists
    parts: list[tuple[str, int, int, int, int]] = []
    mid_old = [neutral_key(b) for b in old[head : n_old - tail]]
    mid_new = [neutral_key(b) for b in new[head : n_new - tail]]
    if mid_old or mid_new:
        if mid_old and mid_new and len(mid_old) * len(mid_new) <= 4_000_000:
            from difflib import SequenceMatcher  # first edit, not start-up

            matcher = SequenceMatcher(None, mid_old, mid_new, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                parts.append((tag, head + i1, head + i2, head + j1, head + j2))
        else:
            parts.append(("replace", head, n_old - tail, head, n_new - tail))
    parts.append(("equal", n_old - tail, n_old, n_new - tail, n_new))

    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in reversed(parts):
        if tag == "equal":
            ops.extend(_shifts(old, new, i1, i2, j1))
        elif i2 > i1 or j2 > j1:
            ops.append(Replace(i1, i2 - i1, tuple(new[j1:j2])))
    return tuple(ops)


def _shifts(old: Sequence[str], new: Sequence[str], i1: int, i2: int, j1: int) -> list[Op]:
    """ShiftLines for the runs of an equal stretch whose numbers moved (last run first)."""
    runs: list[ShiftLines] = []
    run_start = run_delta = None
    for k in range(i1, i2):
        a, b = old[k], new[j1 + k - i1]
        delta = 0
        if a is not b and a != b:
            la, lb = block_line(a), block_line(b)
            delta = (lb - la) if la is not None and lb is not None else 0
        if delta and run_delta == delta and run_start is not None:
            continue
        if run_start is not None and run_delta:
            runs.append(ShiftLines(run_start, k - run_start, run_delta))
        run_start, run_delta = k, delta
    if run_start is not None and run_delta:
        runs.append(ShiftLines(run_start, i2 - run_start, run_delta))
    return list(reversed(runs))
