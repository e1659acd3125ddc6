"""Where the effective profile comes from. (Layered TOML loading: issue 7.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.profile.model import Profile


@dataclass
class LoadedProfile:
    profile: Profile
    sources: dict[str, str] = field(default_factory=dict)  # key -> where it came from
    warnings: list[str] = field(default_factory=list)  # broken profiles, reported, skipped


def load_profile(explicit: Path | None = None) -> LoadedProfile:
    return LoadedProfile(Profile.default())
