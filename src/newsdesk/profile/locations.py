"""Where newsroom profiles are looked up, highest priority first.

Every location can be redirected by an environment variable so tests (and
unusual deployments) never depend on the real /etc or home directory:

- NEWSDESK_CONFIG_DIR      folder holding the user's profile.toml
- NEWSDESK_SYSTEM_PROFILE  the system-wide profile file
- NEWSDESK_BAKED_PROFILE   the profile baked into the installed app
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from newsdesk.resources import resource_path

PROFILE_FILE_NAME = "profile.toml"
ENV_CONFIG_DIR = "NEWSDESK_CONFIG_DIR"
ENV_SYSTEM_PROFILE = "NEWSDESK_SYSTEM_PROFILE"
ENV_BAKED_PROFILE = "NEWSDESK_BAKED_PROFILE"

EXPLICIT = "explicit"
USER = "user"
SYSTEM = "system"
BAKED = "baked"
DEFAULT = "default"

LABELS = {
    EXPLICIT: "--profile",
    USER: "user config",
    SYSTEM: "system-wide",
    BAKED: "baked into the app",
    DEFAULT: "built-in default",
}


@dataclass(frozen=True)
class ProfileLocation:
    kind: str  # EXPLICIT, USER, SYSTEM or BAKED
    path: Path

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    def describe(self) -> str:
        """How `profile show` names a value's source."""
        return f"{self.label} ({self.path})"


def user_config_dir() -> Path:
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override)
    from platformdirs import user_config_dir as platform_user_config_dir

    # appauthor=False: %LOCALAPPDATA%\newsdesk on Windows, not newsdesk\newsdesk.
    return Path(platform_user_config_dir("newsdesk", appauthor=False))


def user_profile_path() -> Path:
    return user_config_dir() / PROFILE_FILE_NAME


def system_profile_path(platform: str | None = None) -> Path:
    override = os.environ.get(ENV_SYSTEM_PROFILE)
    if override:
        return Path(override)
    platform = platform or sys.platform
    if platform == "win32":
        program_data = os.environ.get("PROGRAMDATA") or r"C:\ProgramData"
        return Path(program_data) / "newsdesk" / PROFILE_FILE_NAME
    if platform == "darwin":
        return Path("/Library/Application Support/newsdesk") / PROFILE_FILE_NAME
    return Path("/etc/newsdesk") / PROFILE_FILE_NAME


def baked_profile_path() -> Path:
    """The profile packaging/build.py --profile put into the app. A source
    checkout usually has none."""
    override = os.environ.get(ENV_BAKED_PROFILE)
    if override:
        return Path(override)
    return resource_path("profile", "baked.toml")


def profile_locations(explicit: Path | None = None) -> list[ProfileLocation]:
    """Candidate files, first found wins per key."""
    locations = []
    if explicit is not None:
        locations.append(ProfileLocation(EXPLICIT, Path(explicit)))
    locations += [
        ProfileLocation(USER, user_profile_path()),
        ProfileLocation(SYSTEM, system_profile_path()),
        ProfileLocation(BAKED, baked_profile_path()),
    ]
    return locations
