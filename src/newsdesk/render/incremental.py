"""Incremental rendering of the article body for the live preview.

`IncrementalRenderer.update(text)` returns a `BodyPatch` such that applying it
to the previous blocks gives exactly the blocks of `render_markdown(text)`.

How: the source is split into top-level blocks that Python-Markdown renders
independently (see `blocks.py`). Only blocks whose text changed, or whose
document-wide context changed, are rendered again. Those blocks are rendered
together with just the context they depend on, in one Python-Markdown run over
a small synthetic document: the chosen blocks in document order, separated by
a sentinel paragraph so each block's output can be cut back out. The context:

- the definitions (link references, abbreviations, footnotes). Python-Markdown
  parses the definition blocks once per change of theirs (block level only) and
  we read its own tables; they come back as a short synthetic text: every link
  reference and abbreviation with its final value, and only the footnotes the
  blocks may reference (their numbers are then set to the document's). When a
  definition block itself is rendered, or a footnote's text references
  footnotes, the real definition blocks come instead;
- for a block with footnote references, every block referencing one of the
  same labels (repeated references number their ids fnref, fnref2, ... in the
  order Python-Markdown meets them);
- for a block with headings (or attribute-list ids), every such block: heading
  ids are made unique against all earlier headings and all explicit ids.

What invalidates a block whose text did not change: a changed definition it
may use (compared in Python-Markdown's tables), any change to a heading block
(all heading blocks are redone together), and a change to a block sharing a
footnote label. The footnote list at the end is redone when the definitions or
the number of references to a footnote change (from the definitions and one
synthetic paragraph per label, when labels are plain). Texts whose effect is
global in ways we do not track ([TOC], the footnote place marker, raw HTML, our
sentinel characters, literal data-source-line attributes) are rendered in full
every time, and the patch is then a full one.

Line numbers: blocks that only moved are shifted with a ShiftLines operation,
never re-rendered.
"""

from __future__ import annotations

import html as html_module
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.util import ETX, STX

from newsdesk.model.text_stats import word_count
from newsdesk.render.blocks import SourceBlock, SourceSplit, resplit
from newsdesk.render.body_patch import (
    BodyPatch,
    diff_blocks,
    join_blocks,
    shift_block,
    split_elements,
    split_top_level,
)
from newsdesk.render.markdown_body import (
    ImageUrl,
    MarkdownFailure,
    new_markdown,
    render_markdown,
)

SENTINEL = "\u2063\u2064\u2063"
_SENTINEL_BLOCK = re.compile(r'<p data-source-line="\d+">\u2063\u2064\u2063</p>')
# Texts we do not render incrementally: the toc and footnote markers pull
# document-wide content into one spot; the sentinel and literal line attributes
# would confuse the cutting and the line shifting.
_GLOBAL_MARKERS = ("[TOC]", "///Footnotes Go Here///", "\u2063", "\u2064", "data-source-line")
_DEFINES = re.compile(r"\][ ]*:")
_HEADING_LINE = re.compile(r"^[ >:*+\-\d.]*(?:#|(?:=+|-+)[ ]*$)", re.MULTILINE)
_LABEL_NOISE = re.compile(r"[\s>]+")
_WS = re.compile(r"\s+")
_FOOTNOTE_REF = re.compile(r'class="footnote-ref" href="#fn:([^"]*)"')
_FOOTNOTE_NUMBER = re.compile(r'(<a class="footnote-ref" href="#fn:[^"]*"[^>]*>)(\d+)(</a>)')
_WORD_LINK_TARGET = re.compile(r"\]\([^)]*\)")  # as text_stats strips it
_FOOTNOTE_DEFINITION = re.compile(r"[ ]{0,3}\[\^[^\]]*\]:")
_PLAIN_LABEL = re.compile(r"[\w.:-]+( [\w.:-]+)*")


@dataclass(frozen=True, slots=True)
class BlockInfo:
    """What a source block may take part in, judged from its text alone.
    Every test over-approximates: a false positive costs time, never output."""

    brackets: bool  # may use a link reference
    labels: frozenset[str]  # footnote labels it may reference (normalized)
    occurrences: tuple[str, ...]  # every possible reference, by normalized label
    heading: bool  # may hold a heading or an attribute-list id
    defines: bool  # may define a link reference, abbreviation or footnote

    @staticmethod
    def of(text: str) -> BlockInfo:
        occurrences: list[str] = []
        # A one-line block "[^x]: text" can only be a footnote definition: its
        # label is not a reference (its text may hold some).
        single_definition = "\n" not in text and bool(_FOOTNOTE_DEFINITION.match(text))
        definition_at = text.find("[^")
        start = text.find("[^")
        while start >= 0:
            end = text.find("]", start + 2)
            if end < 0:
                break
            if not (single_definition and start == definition_at):
                occurrences.append(_LABEL_NOISE.sub("", text[start + 2 : end]))
            start = text.find("[^", start + 2)
        return BlockInfo(
            brackets="[" in text,
            labels=frozenset(occurrences),
            occurrences=tuple(occurrences),
            heading="{" in text or bool(_HEADING_LINE.search(text)),
            defines=bool(_DEFINES.search(text)),
        )


@dataclass(slots=True)
class _Seg:
    src: SourceBlock
    info: BlockInfo
    blocks: list[str] | None = None  # rendered, numbered for `rendered_start`
    rendered_start: int = 0
    footnote_refs: Counter[str] = field(default_factory=Counter)
    words: int | None = None  # word_count of the text, when it adds up across blocks
    # the rendered references are all there are (none hidden in a link's URL,
    # for instance), so footnote_refs can stand in for the block
    refs_exact: bool = True

    def placed_blocks(self) -> list[str]:
        """The blocks numbered for where the source block is now."""
        assert self.blocks is not None
        delta = self.src.start - self.rendered_start
        if delta:
            self.blocks = [shift_block(b, delta) for b in self.blocks]
            self.rendered_start = self.src.start
        return self.blocks


@dataclass(frozen=True)
class _Definitions:
    """Python-Markdown's own tables after parsing the definition blocks."""

    references: dict[str, tuple[str, str | None]]
    abbreviations: dict[str, str]
    footnotes: tuple[tuple[str, str], ...]
    inner_references: bool  # a footnote's text references a footnote


_NO_DEFINITIONS = _Definitions({}, {}, (), False)


class _CutError(Exception):
    """The synthetic document did not come back in the expected pieces."""


class IncrementalRenderer:
    """Keeps the last rendered body and turns each new text into a BodyPatch.

    Not thread-safe: use one instance from one thread (the preview's worker)."""

    def __init__(self, image_url: ImageUrl | None = None) -> None:
        self.image_url = image_url
        self._segs: list[_Seg] | None = None
        self._blocks: list[str] = []
        self._footnote_div: list[str] = []
        self._definition_texts: tuple[str, ...] | None = None
        self._definitions: _Definitions | None = None
        self._probe_md: Any = None
        self._text = ""
        self._split: SourceSplit | None = None  # of self._text, when rendered incrementally
        self.last_stats: dict[str, Any] = {}

    # -- public ---------------------------------------------------------------

    @property
    def blocks(self) -> list[str]:
        return list(self._blocks)

    @property
    def html(self) -> str:
        return join_blocks(self._blocks)

    def word_count(self) -> int:
        """`text_stats.word_count` of the last text, from per-block counts kept
        with the blocks (only changed blocks are counted again). Falls back to
        counting the whole text when a link target or tag could run across a
        block boundary."""
        if self._segs is None or STX in self._text or ETX in self._text:
            return word_count(self._text)
        total = 0
        for seg in self._segs:
            if seg.words is None:
                seg.words = _separable_words(seg.src.text)
                if seg.words is None:
                    return word_count(self._text)
            total += seg.words
        return total

    def reset(self) -> None:
        """Forget everything: the next update is a full patch."""
        self._split = None
        self._segs = None
        self._blocks = []
        self._footnote_div = []
        self._definition_texts = None
        self._definitions = None

    def update(self, text: str) -> BodyPatch:
        started = perf_counter()
        previous_text, self._text = self._text, text
        previous = self._blocks
        first = self._segs is None and not previous
        stats: dict[str, Any] = {"mode": "incremental"}
        if not text.strip():
            # Python-Markdown renders a blank text as nothing at all
            self._blocks, self._segs, self._footnote_div = [], [], []
            self._definition_texts = self._definitions = self._split = None
        elif any(marker in text for marker in _GLOBAL_MARKERS):
            self._full(text)
            stats["mode"] = "full"
        else:
            try:
                split = resplit(self._split, previous_text, text)
                self._split = split
                if split.raw_html:
                    # Raw HTML: the HTML-block preprocessor and the line
                    # numbering of its output depend on the whole text.
                    self._full(text)
                    stats["mode"] = "full"
                else:
                    self._incremental(split, stats)
            except _CutError:
                self._full(text)
                stats["mode"] = "full"
            except MarkdownFailure:
                # Python-Markdown itself fails on some texts: the full render
                # shows them as plain paragraphs, and so does the preview.
                self.reset()
                self._full(text)
                stats["mode"] = "full"
            except BaseException:
                self.reset()
                raise
        stats["seconds"] = perf_counter() - started
        self.last_stats = stats
        if first or stats["mode"] == "full":
            # (full renders may hold raw HTML: blocks need not be one element each)
            return BodyPatch(tuple(self._blocks), full=True, stats=stats)
        ops = diff_blocks(previous, self._blocks)
        return BodyPatch(tuple(self._blocks), ops, stats=stats)

    # -- rendering ------------------------------------------------------------

    def _render(self, text: str) -> str:
        """A slice of the text; Python-Markdown failing on it is raised."""
        return render_markdown(text, image_url=self.image_url, strict=True)

    def _full(self, text: str) -> None:
        self._split = None
        self._blocks = render_blocks(text, image_url=self.image_url)
        self._segs = None
        self._footnote_div = []
        self._definition_texts = None
        self._definitions = None

    def _incremental(self, split: SourceSplit, stats: dict[str, Any]) -> None:
        old = self._segs or []
        segs, changed_old, changed_new = _match(old, split.blocks)
        stats["blocks"] = len(segs)
        stats["changed"] = len(changed_new)
        extract: set[int] = set(changed_new)
        definition_idx = [i for i, s in enumerate(segs) if s.info.defines]
        heading_idx = [i for i, s in enumerate(segs) if s.info.heading]
        labelled_idx = [i for i, s in enumerate(segs) if s.info.labels]

        # Definitions: compare Python-Markdown's own tables before and after.
        div_dirty = not old
        definition_texts = tuple(segs[i].src.text for i in definition_idx)
        if definition_texts != self._definition_texts:
            new_defs = self._probe(definition_texts)
            old_defs = self._definitions
            if old_defs is not None and new_defs != old_defs:
                extract |= _invalidated(segs, old_defs, new_defs)
            if new_defs != old_defs:
                div_dirty = True
            self._definitions = new_defs
            self._definition_texts = definition_texts
        defs = self._definitions or _NO_DEFINITIONS
        has_footnotes = bool(defs.footnotes)

        # Headings: any change to a heading block redoes them all.
        heading_dirty = any(s.info.heading for s in changed_old) or any(
            segs[i].info.heading for i in extract
        )
        if heading_dirty:
            extract.update(heading_idx)
        # Footnote labels: blocks sharing a label with a changed block.
        labels: set[str] = set()
        for seg in changed_old:
            labels |= seg.info.labels
        for i in extract:
            labels |= segs[i].info.labels
        if labels:
            extract |= _label_closure(segs, labelled_idx, labels)

        div_headings = any(segs[i].info.heading for i in definition_idx)
        if heading_dirty and div_headings:
            div_dirty = True

        div_done = False
        if extract:
            defined = {_LABEL_NOISE.sub("", label) for label, _content in defs.footnotes}
            context = set(extract)
            if any(segs[i].info.heading for i in extract):
                context.update(heading_idx)
            # Definitions come in as a short synthetic text when the real ones
            # are not needed for their own output or their footnote contents.
            synthetic = None
            if not defs.inner_references and not any(segs[i].info.defines for i in context):
                synthetic = _synthesize(defs, segs, context)
            if synthetic is None:
                context.update(definition_idx)
                stats["definitions"] = "real"
            else:
                stats["definitions"] = "synthetic"
            pieces, div = self._render_pieces(
                segs, sorted(context), has_footnotes, synthetic[0] if synthetic else None
            )
            complete = synthetic is None and context.issuperset(labelled_idx)
            if complete and (not div_headings or context.issuperset(heading_idx)):
                # every definition and reference was there: its footnote list is the one
                self._footnote_div = div
                div_done = True
            renumber = synthetic[1] if synthetic else None
            for i in extract:
                seg = segs[i]
                blocks = pieces[i]
                if renumber:
                    blocks = [_renumber(b, renumber) for b in blocks]
                seg.blocks = blocks
                seg.rendered_start = seg.src.start
                seg.footnote_refs = _footnote_refs(blocks) if seg.info.labels else Counter()
                seg.refs_exact = _refs_exact(seg, defined)
            stats["context"] = len(context) - len(extract)
        stats["rendered"] = len(extract)

        # The footnote list: every definition, and how often each is referenced.
        if not has_footnotes:
            self._footnote_div = []
        else:
            old_total = sum((s.footnote_refs for s in changed_old), Counter())
            new_total = sum((segs[i].footnote_refs for i in changed_new), Counter())
            unsure = not all(s.refs_exact for s in changed_old) or not all(
                segs[i].refs_exact for i in changed_new
            )
            if not div_done and (div_dirty or unsure or old_total != new_total):
                self._footnote_div = self._render_footnote_list(
                    segs, definition_idx, labelled_idx, heading_idx if div_headings else []
                )
                stats["footnote_list"] = True

        blocks: list[str] = []
        for seg in segs:
            blocks.extend(seg.placed_blocks())
        blocks.extend(self._footnote_div)
        if blocks and blocks[-1] != blocks[-1].rstrip():
            # Python-Markdown strips its output: nothing follows the last block
            blocks[-1] = blocks[-1].rstrip()
        self._segs = segs
        self._blocks = blocks

    def _render_footnote_list(
        self,
        segs: Sequence[_Seg],
        definition_idx: Sequence[int],
        labelled_idx: Sequence[int],
        heading_idx: Sequence[int],
    ) -> list[str]:
        """The definitions for real, plus either the referencing blocks or, when
        the labels are plain, one synthetic paragraph per label with as many
        references as the document has (the list only counts them)."""
        indices = set(definition_idx) | set(heading_idx)
        counts: Counter[str] = Counter()
        for i in labelled_idx:
            if not segs[i].refs_exact:
                indices.add(i)
            elif i not in indices:  # those reference for real
                counts.update(segs[i].footnote_refs)
        labels = [html_module.unescape(label) for label in counts]
        plain = all(_PLAIN_LABEL.fullmatch(label) for label in labels)
        defs = self._definitions or _NO_DEFINITIONS
        extra = None
        if plain and not defs.inner_references:
            extra = "\n\n".join(
                f"[^{html_module.unescape(label)}]" * n for label, n in counts.items() if n
            )
        else:
            indices |= set(labelled_idx)
        _pieces, div = self._render_pieces(segs, sorted(indices), True, extra or None)
        return div

    def _render_pieces(
        self,
        segs: Sequence[_Seg],
        indices: Sequence[int],
        footnotes: bool,
        appendix: str | None = None,
    ) -> tuple[dict[int, list[str]], list[str]]:
        """Render the chosen blocks as one document; cut out each one's blocks
        (numbered for its place in the real document) and the footnote list.

        A sentinel paragraph goes between blocks and after the last one, so
        every block is rendered as followed by something (code and raw HTML
        then end with a blank line; `_assemble` trims the body's very end).
        `appendix` (definitions or references) goes after everything.
        """
        parts: list[str] = []
        offsets: list[int] = []
        line = 1
        for k, i in enumerate(indices):
            if k > 0 or i > 0:
                parts.append(SENTINEL)
                line += 2
            offsets.append(line)
            piece = segs[i].src.text
            parts.append(piece)
            line += piece.count("\n") + 2
        parts.append(SENTINEL)
        if appendix:
            parts.append(appendix)
        html = self._render("\n\n".join(parts))
        blocks, regular = split_elements(html)
        if not regular:  # blocks must map one to one onto the preview's elements
            raise _CutError
        groups: list[list[str]] = [[]]
        for block in blocks:
            if _SENTINEL_BLOCK.fullmatch(block):
                groups.append([])
            else:
                groups[-1].append(block)
        leading = 0 if indices and indices[0] == 0 else 1
        if len(groups) != len(indices) + leading + 1 or (leading and groups[0]):
            raise _CutError
        div: list[str] = []
        if footnotes:
            tail = groups[-1]
            if not tail or not tail[-1].startswith('<div class="footnote">'):
                raise _CutError
            div = [tail[-1]]
        elif groups[-1] and appendix is None:
            raise _CutError
        result: dict[int, list[str]] = {}
        for k, i in enumerate(indices):
            delta = segs[i].src.start + 1 - offsets[k]
            result[i] = [shift_block(b, delta) for b in groups[k + leading]]
        return result, div

    def _probe(self, texts: tuple[str, ...]) -> _Definitions:
        """Definitions as Python-Markdown records them. Block parsing is enough
        unless a footnote holds a definition (parsed when the list is built)."""
        if not texts:
            return _NO_DEFINITIONS
        if self._probe_md is None:
            self._probe_md = new_markdown()
        md = self._probe_md
        source = "\n\n".join(_with_sentinels(texts))
        try:
            md.reset()
            lines = source.split("\n")
            for preprocessor in md.preprocessors:
                lines = preprocessor.run(lines)
            md.parser.parseDocument(lines)
            found = _read_definitions(md)
            if any(_DEFINES.search(content) for _label, content in found.footnotes):
                md.reset()
                md.convert(source)
                found = _read_definitions(md)
        except Exception as exc:
            raise MarkdownFailure(str(exc)) from exc
        finally:
            md.reset()
        return found


def _read_definitions(md: Any) -> _Definitions:
    abbreviations: dict[str, str] = {}
    footnotes: tuple[tuple[str, str], ...] = ()
    for ext in md.registeredExtensions:
        if isinstance(ext, AbbrExtension):
            abbreviations = dict(ext.abbrs)
        elif isinstance(ext, FootnoteExtension):
            footnotes = tuple(ext.footnotes.items())
    return _Definitions(
        references=dict(md.references),
        abbreviations=abbreviations,
        footnotes=footnotes,
        inner_references=any("[^" in content for _label, content in footnotes),
    )


def _synthesize(
    defs: _Definitions, segs: Sequence[_Seg], context: set[int]
) -> tuple[str, dict[int, int]] | None:
    """Definitions equivalent, for the blocks in `context`, to the document's:
    every link reference and abbreviation with its final value, and only the
    footnotes these blocks may reference (their numbers are fixed afterwards
    with the returned map). None when a definition cannot be written back."""
    wanted: set[str] = set()
    for i in context:
        wanted |= segs[i].info.labels
    parts: list[str] = []
    numbers: dict[int, int] = {}
    for number, (label, _content) in enumerate(defs.footnotes, start=1):
        if _LABEL_NOISE.sub("", label) in wanted:
            if "\n" in label or "]" in label:
                return None
            parts.append(f"[^{label}]: x")
            numbers[len(parts)] = number
    if defs.footnotes:
        # keeps the footnote list (and so how the last block ends) as in the document
        parts.append(f"[^{SENTINEL}]: x")
    for ref_id, (url, title) in defs.references.items():
        if not ref_id.strip() or any(c in ref_id for c in "[]\n") or ref_id.startswith("^"):
            return None
        link = url or "<>"
        if any(c.isspace() for c in link) or (title is not None and "\n" in title):
            return None
        parts.append(f"[{ref_id}]: {link}" + (f' "{title}"' if title else ""))
    for key, title in defs.abbreviations.items():
        if not key or any(c in key for c in "\\\n]") or "\n" in title or not title.strip():
            return None
        if title in ('""', "''"):
            return None
        parts.append(f"*[{key}]: {title}")
    return "\n\n".join(parts), numbers


def _renumber(block: str, numbers: dict[int, int]) -> str:
    if "footnote-ref" not in block:
        return block

    def swap(m: re.Match[str]) -> str:
        number = numbers.get(int(m.group(2)))
        return m.group(0) if number is None else f"{m.group(1)}{number}{m.group(3)}"

    return _FOOTNOTE_NUMBER.sub(swap, block)


def _with_sentinels(texts: Sequence[str]) -> list[str]:
    out: list[str] = []
    for k, t in enumerate(texts):
        if k:
            out.append(SENTINEL)
        out.append(t)
    return out


def _match(old: list[_Seg], sources: list[SourceBlock]) -> tuple[list[_Seg], list[_Seg], list[int]]:
    """Reuse the rendered blocks of unchanged source blocks at both ends."""
    head = 0
    limit = min(len(old), len(sources))
    while head < limit and old[head].src.text == sources[head].text:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail].src.text == sources[-1 - tail].text:
        tail += 1
    segs: list[_Seg] = []
    for k in range(head):
        seg = old[k]
        seg.src = sources[k]
        segs.append(seg)
    changed_new: list[int] = []
    for k in range(head, len(sources) - tail):
        src = sources[k]
        segs.append(_Seg(src, BlockInfo.of(src.text)))
        changed_new.append(k)
    for k in range(len(sources) - tail, len(sources)):
        seg = old[len(old) - len(sources) + k]
        seg.src = sources[k]
        segs.append(seg)
    changed_old = old[head : len(old) - tail]
    return segs, changed_old, changed_new


def _invalidated(segs: Sequence[_Seg], old: _Definitions, new: _Definitions) -> set[int]:
    """Blocks whose output a change of definitions may alter."""
    out: set[int] = set()
    ids = {
        key
        for key in old.references.keys() | new.references.keys()
        if old.references.get(key) != new.references.get(key)
    }
    if ids:
        wanted = [_WS.sub(" ", i) for i in ids]
        for k, seg in enumerate(segs):
            if seg.info.brackets:
                folded = _WS.sub(" ", seg.src.text.lower())
                if any(w in folded for w in wanted):
                    out.add(k)
    keys = {
        key
        for key in old.abbreviations.keys() | new.abbreviations.keys()
        if old.abbreviations.get(key) != new.abbreviations.get(key)
    }
    if keys:
        everywhere = any("\n" in key or not key for key in keys)
        for k, seg in enumerate(segs):
            if everywhere or any(key in seg.src.text for key in keys):
                out.add(k)
    if [k for k, _ in old.footnotes] != [k for k, _ in new.footnotes]:
        out.update(k for k, seg in enumerate(segs) if seg.info.labels)
    return out


def _label_closure(segs: Sequence[_Seg], labelled: Sequence[int], labels: set[str]) -> set[int]:
    """Blocks connected to `labels` through shared footnote labels."""
    by_label: dict[str, list[int]] = {}
    for i in labelled:
        for label in segs[i].info.labels:
            by_label.setdefault(label, []).append(i)
    out: set[int] = set()
    pending = list(labels)
    seen: set[str] = set()
    while pending:
        label = pending.pop()
        if label in seen:
            continue
        seen.add(label)
        for i in by_label.get(label, ()):
            if i not in out:
                out.add(i)
                pending.extend(segs[i].info.labels - seen)
    return out


def _separable_words(text: str) -> int | None:
    """The block's word count if word_count's link-target and tag patterns
    cannot match across its end; None otherwise."""
    link = text.rfind("](")
    if link >= 0 and text.find(")", link + 2) < 0:
        return None
    if "<" in text:
        stripped = _WORD_LINK_TARGET.sub("]", text)
        tag = stripped.rfind("<")
        if tag >= 0 and stripped.find(">", tag + 1) < 0:
            return None
    return word_count(text)


def _refs_exact(seg: _Seg, defined: set[str]) -> bool:
    possible = sum(1 for label in seg.info.occurrences if label in defined)
    return possible == sum(seg.footnote_refs.values())


def _footnote_refs(blocks: Sequence[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for block in blocks:
        if "footnote-ref" in block:
            counts.update(_FOOTNOTE_REF.findall(block))
    return counts


def render_blocks(text: str, *, image_url: ImageUrl | None = None) -> list[str]:
    """The full render cut into blocks (what a fresh preview shows)."""
    if image_url is None:
        return split_top_level(render_markdown(text))
    return split_top_level(render_markdown(text, image_url=image_url))


__all__ = ["BlockInfo", "IncrementalRenderer", "render_blocks"]
