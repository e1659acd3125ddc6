"""One newsroom profile file: TOML in, checked values out.

A file is checked as a whole and every problem in it is reported (file, key,
problem) so an administrator can fix them all in one go; the loader then
skips a broken file entirely rather than apply half of it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsdesk.errors import ProfileError
from newsdesk.model.article import Article
from newsdesk.model.validation import _BCP47 as LANGUAGE_TAG

# Article fields a house style may require (bookkeeping fields cannot be "missing").
REQUIRABLE_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in dataclasses.fields(Article)
    if f.name not in {"id", "created", "updated", "status", "notes", "slug_override", "language"}
)

TOP_LEVEL_KEYS: tuple[str, ...] = (
    "portal_name",
    "base_url",
    "about",
    "copyright",
    "topics",
    "default_language",
    "template_dir",
)
LIMIT_KEYS: tuple[str, ...] = (
    "headline_max",
    "standfirst_max",
    "required_fields",
    "min_words",
    "max_words",
)
# Every key a profile can set, in display order; limits are "limits.NAME".
ALL_KEYS: tuple[str, ...] = TOP_LEVEL_KEYS + tuple(f"limits.{k}" for k in LIMIT_KEYS)

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass
class ProfileFile:
    """The checked values one file sets, keyed like ALL_KEYS. Values have the
    types Profile/HouseLimits hold (tuples, resolved Path for template_dir)."""

    path: Path
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[ProfileError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_profile_file(path: Path) -> ProfileFile:
    """Read and check one profile file; never raises for a bad file."""
    path = Path(path)
    result = ProfileFile(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        result.problems.append(ProfileError(path, None, "the file does not exist"))
        return result
    except UnicodeDecodeError:
        result.problems.append(ProfileError(path, None, "the file is not UTF-8 text"))
        return result
    except OSError as exc:
        result.problems.append(ProfileError(path, None, f"cannot be read: {exc.strerror or exc}"))
        return result
    return parse_profile_text(text, path)


def parse_profile_text(text: str, path: Path) -> ProfileFile:
    import tomllib  # here: an editor started without a profile file need not load it

    result = ProfileFile(Path(path))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        result.problems.append(ProfileError(path, None, f"not valid TOML: {exc}"))
        return result
    _check_document(data, result)
    if result.problems:
        result.values.clear()
    return result


def _problem(result: ProfileFile, key: str | None, message: str) -> None:
    result.problems.append(ProfileError(result.path, key, message))


def _suggest(name: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check_document(data: dict[str, Any], result: ProfileFile) -> None:
    candidates = list(TOP_LEVEL_KEYS) + ["limits"] + [f"limits.{k}" for k in LIMIT_KEYS]
    for key, value in data.items():
        if key == "limits":
            if not isinstance(value, dict):
                _problem(result, "limits", f"must be a table ([limits]), not {_kind(value)}")
                continue
            for sub_key, sub_value in value.items():
                full = f"limits.{sub_key}"
                if sub_key in LIMIT_KEYS:
                    _check_value(full, sub_value, result)
                else:
                    _problem(
                        result,
                        full,
                        "unknown key" + _suggest(sub_key, list(LIMIT_KEYS) + list(TOP_LEVEL_KEYS)),
                    )
        elif key in TOP_LEVEL_KEYS:
            _check_value(key, value, result)
        elif key in LIMIT_KEYS:
            _problem(result, key, f"belongs in the [limits] table (limits.{key})")
        else:
            _problem(result, key, "unknown key" + _suggest(key, candidates))
    low = result.values.get("limits.min_words")
    high = result.values.get("limits.max_words")
    if isinstance(low, int) and isinstance(high, int) and high and low > high:
        _problem(
            result,
            "limits.min_words",
            f"the minimum word count ({low}) is above the maximum ({high})",
        )


def _kind(value: object) -> str:
    names = {
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


def _check_value(key: str, value: Any, result: ProfileFile) -> None:
    checker = _CHECKS[key]
    try:
        result.values[key] = checker(value, result.path)
    except _Bad as bad:
        _problem(result, key, str(bad))


class _Bad(Exception):
    """A value's problem, phrased for the administrator."""


def _string(value: Any, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise _Bad(f"must be a string, not {_kind(value)}")
    if not allow_empty and not value.strip():
        raise _Bad("must not be empty")
    return value


def _portal_name(value: Any, _path: Path) -> str:
    return _string(value).strip()


def _base_url(value: Any, _path: Path) -> str:
    url = _string(value, allow_empty=True).strip()
    if not url:
        return ""  # explicitly no canonical links
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _Bad(f"{url!r} is not an http or https address (e.g. https://news.example/)")
    if parts.query or parts.fragment:
        raise _Bad(f"{url!r} must not have a query (?) or fragment (#)")
    # Article addresses are joined onto it: without the slash the last path
    # segment would be replaced instead of extended.
    return url if url.endswith("/") else url + "/"


def _about(value: Any, _path: Path) -> str:
    return _string(value).strip()


def _copyright(value: Any, _path: Path) -> str:
    text = _string(value).strip()
    for name in _PLACEHOLDER.findall(text):
        if name != "year":
            raise _Bad(f"unknown placeholder {{{name}}}; the only placeholder is {{year}}")
    return text


def _topics(value: Any, _path: Path) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Bad(f"must be a list of strings, not {_kind(value)}")
    if not value:
        raise _Bad("must list at least one topic")
    topics: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise _Bad(f"item {i + 1} must be a non-empty string")
        if item.strip() in topics:
            raise _Bad(f"{item.strip()!r} is listed twice")
        topics.append(item.strip())
    return tuple(topics)


def _language(value: Any, _path: Path) -> str:
    tag = _string(value).strip()
    if not LANGUAGE_TAG.match(tag):
        raise _Bad(f"{tag!r} is not a BCP 47 language tag (e.g. en, en-GB, de-CH)")
    return tag


def _template_dir(value: Any, path: Path) -> Path:
    folder = Path(_string(value).strip()).expanduser()
    resolved = folder if folder.is_absolute() else path.parent / folder
    resolved = resolved.resolve()
    if not resolved.is_dir():
        raise _Bad(f"the folder {str(resolved)!r} does not exist (relative to the profile file)")
    return resolved


def _positive_int(value: Any, _path: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"must be a whole number, not {_kind(value)}")
    if value <= 0:
        raise _Bad(f"must be greater than 0, not {value}")
    return value


def _word_count(value: Any, _path: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"must be a whole number, not {_kind(value)}")
    if value < 0:
        raise _Bad(f"must be 0 (no limit) or more, not {value}")
    return value


def _required_fields(value: Any, _path: Path) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Bad(f"must be a list of field names, not {_kind(value)}")
    names: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise _Bad(f"field names are strings, not {_kind(item)}")
        if item not in REQUIRABLE_FIELDS:
            raise _Bad(
                f"{item!r} is not an article field"
                + _suggest(item, list(REQUIRABLE_FIELDS))
                + " (fields: "
                + ", ".join(REQUIRABLE_FIELDS)
                + ")"
            )
        if item not in names:
            names.append(item)
    return tuple(names)


_CHECKS: dict[str, Callable[[Any, Path], Any]] = {
    "portal_name": _portal_name,
    "base_url": _base_url,
    "about": _about,
    "copyright": _copyright,
    "topics": _topics,
    "default_language": _language,
    "template_dir": _template_dir,
    "limits.headline_max": _positive_int,
    "limits.standfirst_max": _positive_int,
    "limits.required_fields": _required_fields,
    "limits.min_words": _word_count,
    "limits.max_words": _word_count,
}


# --- writing (used to bake a checked profile into a build) -------------------


def _toml_string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
    )
    return f'"{escaped}"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Path):
        return _toml_string(value.as_posix())
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def dump_profile_values(values: dict[str, Any], header: str = "") -> str:
    """TOML text for checked values (keys as in ALL_KEYS); round-trips through
    parse_profile_text."""
    lines = [f"# {line}" for line in header.splitlines()]
    for key in TOP_LEVEL_KEYS:
        if key in values:
            lines.append(f"{key} = {_toml_value(values[key])}")
    limit_lines = [
        f"{key} = {_toml_value(values['limits.' + key])}"
        for key in LIMIT_KEYS
        if f"limits.{key}" in values
    ]
    if limit_lines:
        lines += ["", "[limits]", *limit_lines]
    return "\n".join(lines) + "\n"
