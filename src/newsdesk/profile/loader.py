"""The effective profile: layered TOML files, first found wins per key.

Order: `--profile FILE`, the user's config folder, the system-wide file, the
profile baked into the app, the built-in default (Big Big News). A broken file
is reported (file, key, problem) in `warnings` and skipped as a whole, so
newsdesk always starts."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.errors import ProfileError
from newsdesk.profile.locations import (
    DEFAULT,
    EXPLICIT,
    LABELS,
    ProfileLocation,
    profile_locations,
)
from newsdesk.profile.model import HouseLimits, Profile
from newsdesk.profile.toml_profile import ALL_KEYS, read_profile_file

# What happened to each candidate file.
USED = "used"
NOT_FOUND = "not found"
BROKEN = "broken, skipped"
UNUSED = "found, every key set by a higher layer"


@dataclass(frozen=True)
class ConsultedLocation:
    location: ProfileLocation
    status: str  # USED, NOT_FOUND, BROKEN or UNUSED


@dataclass
class LoadedProfile:
    profile: Profile
    sources: dict[str, str] = field(default_factory=dict)  # key -> where it came from
    warnings: list[str] = field(default_factory=list)  # broken profiles, reported, skipped
    problems: list[ProfileError] = field(default_factory=list)  # the same, as errors
    consulted: list[ConsultedLocation] = field(default_factory=list)


def _may_exist(path: Path) -> bool:
    """Whether to read this optional layer. A folder we may not look into hides
    whatever is in it: skipped like an absent file. Any other failure to look
    counts as present, so reading it reports the problem instead of a crash."""
    try:
        return path.exists()
    except PermissionError:
        return False
    except OSError:
        return True


def load_profile(explicit: Path | None = None) -> LoadedProfile:
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    problems: list[ProfileError] = []
    consulted: list[ConsultedLocation] = []
    for location in profile_locations(explicit):
        # An absent optional layer is normal; a missing --profile file is an error.
        if location.kind != EXPLICIT and not _may_exist(location.path):
            consulted.append(ConsultedLocation(location, NOT_FOUND))
            continue
        parsed = read_profile_file(location.path)
        if not parsed.ok:
            problems.extend(parsed.problems)
            consulted.append(ConsultedLocation(location, BROKEN))
            continue
        fresh = [key for key in parsed.values if key not in values]
        for key in fresh:
            values[key] = parsed.values[key]
            sources[key] = location.describe()
        consulted.append(ConsultedLocation(location, USED if fresh else UNUSED))
    for key in ALL_KEYS:
        sources.setdefault(key, LABELS[DEFAULT])
    warnings = [f"{p} (file skipped)" for p in problems]
    low, high = values.get("limits.min_words"), values.get("limits.max_words")
    if low is not None and high and low > high:
        # Each file was consistent on its own; the layers together are not.
        warnings.append(
            f"limits.min_words ({low}, from {sources['limits.min_words']}) is above "
            f"limits.max_words ({high}, from {sources['limits.max_words']}); "
            "the word-count range is ignored"
        )
        for key in ("limits.min_words", "limits.max_words"):
            del values[key]
            sources[key] = LABELS[DEFAULT]
    return LoadedProfile(
        profile=profile_from_values(values),
        sources={key: sources[key] for key in ALL_KEYS},
        warnings=warnings,
        problems=problems,
        consulted=consulted,
    )


def profile_from_values(values: dict[str, Any], base: Profile | None = None) -> Profile:
    """`base` (the default) with the given checked values applied."""
    base = base or Profile.default()
    limit_changes = {
        key.removeprefix("limits."): value
        for key, value in values.items()
        if key.startswith("limits.")
    }
    top_changes = {key: value for key, value in values.items() if not key.startswith("limits.")}
    limits: HouseLimits = dataclasses.replace(base.limits, **limit_changes)
    return dataclasses.replace(base, limits=limits, **top_changes)


def profile_values(profile: Profile) -> dict[str, Any]:
    """Every key's value, keyed like the TOML file (limits as "limits.NAME")."""
    out: dict[str, Any] = {}
    for key in ALL_KEYS:
        if key.startswith("limits."):
            out[key] = getattr(profile.limits, key.removeprefix("limits."))
        else:
            out[key] = getattr(profile, key)
    return out
