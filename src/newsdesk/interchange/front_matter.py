"""Splitting a Markdown file into YAML front matter and body, and back.

Layout (what the writer produces, and what the reader accepts)::

    ---                      <- line 1, exactly three dashes
    key: value               <- YAML, starting on line 2
    ---                      <- the first later line that is exactly three dashes
                             <- one empty separator line (optional when reading)
    body...                  <- the rest of the file, byte for byte

One empty line right after the closing ``---`` is a separator and not part of
the body; the writer always writes it (when there is a body), so a body that
itself starts with empty lines, or that ends with or without newlines, or that
contains ``---`` lines, comes back exactly. Trailing spaces, tabs and a
carriage return after either ``---`` are tolerated when reading. The YAML is
written with PyYAML's pure-Python emitter so the output is the same whether or
not libyaml is installed; it is read with libyaml when available.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import yaml

DELIMITER = "---"
_DELIMITER_LINE = re.compile(r"---[ \t]*\r?(?:\n|\Z)")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STR_TAG = "tag:yaml.org,2002:str"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_OTHER_BREAKS = "\r\x85\u2028\u2029"


@dataclass(frozen=True)
class SplitFile:
    """The front matter's YAML text and where it starts, and the body."""

    yaml_text: str
    yaml_first_line: int  # 1-based line of the file on which the YAML starts
    body: str


class UnclosedFrontMatter(ValueError):
    """The file opens front matter with ``---`` and never closes it."""


def split_front_matter(text: str) -> SplitFile | None:
    """None when the file has no front matter (does not start with a ``---`` line)."""
    text = text.removeprefix("\ufeff")
    opening = _DELIMITER_LINE.match(text)
    if opening is None:
        return None
    yaml_start = opening.end()
    position = yaml_start
    while position < len(text):
        closing = _DELIMITER_LINE.match(text, position)
        if closing is not None:
            body = text[closing.end() :]
            if body.startswith("\n"):
                body = body[1:]
            elif body.startswith("\r\n"):
                body = body[2:]
            return SplitFile(text[yaml_start:position], 2, body)
        newline = text.find("\n", position)
        if newline == -1:
            break
        position = newline + 1
    raise UnclosedFrontMatter("the front matter opened by '---' on line 1 is never closed")


def join_front_matter(yaml_text: str, body: str) -> str:
    separator = "\n" if body else ""
    return f"{DELIMITER}\n{yaml_text}{DELIMITER}\n{separator}{body}"


def compose(yaml_text: str) -> yaml.Node | None:
    """The node tree, which keeps each key's and value's position for messages."""
    return yaml.compose(yaml_text, Loader=_LOADER)


class _Dumper(yaml.SafeDumper):
    """Readable front matter: multi-line text as literal blocks, timestamps in
    ISO 8601 without quotes, lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # The emitter falls back to a quoted style when a block cannot hold the text
    # exactly (e.g. trailing spaces on a line). Line breaks other than \n would
    # be normalised inside blocks and single quotes; only double quotes escape them.
    if any(ch in value for ch in _OTHER_BREAKS):
        style: str | None = '"'
    elif "\n" in value:
        style = "|"
    else:
        style = None
    return dumper.represent_scalar(STR_TAG, value, style=style)


def _represent_datetime(dumper: yaml.SafeDumper, value: datetime) -> yaml.ScalarNode:
    text = value.isoformat()
    # Unquoted only when YAML itself reads it as a timestamp; else a quoted string.
    implicit_tag = dumper.resolve(yaml.ScalarNode, text, (True, False))
    tag = TIMESTAMP_TAG if implicit_tag == TIMESTAMP_TAG else STR_TAG
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(datetime, _represent_datetime)


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=2**31 - 1,  # never fold long lines: one value, one line
        indent=2,
    )
