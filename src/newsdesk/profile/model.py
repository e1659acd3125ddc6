"""The profile a newsroom configures; the default is Big Big News, from the
reference article the portal printed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_ABOUT = (
    "BNB – Big Big News is a news portal that offers the latest news from around the world. "
    "BNB – Big Big News focuses on providing readers with the most up-to-date information "
    "from the U.S. and abroad, covering a wide range of topics, including politics, sports, "
    "entertainment, business, health, and more."
)


@dataclass(frozen=True)
class HouseLimits:
    headline_max: int = 110
    standfirst_max: int = 300
    required_fields: tuple[str, ...] = ("headline", "byline", "topic")
    min_words: int = 0
    max_words: int = 0  # 0: no limit


@dataclass(frozen=True)
class Profile:
    portal_name: str = "Big Big News"
    base_url: str = ""  # e.g. "https://bigbignews.example/"; empty: no canonical links
    about: str = DEFAULT_ABOUT
    copyright: str = "© {year} BBN – Big Big News"  # {year}: the article's year
    topics: tuple[str, ...] = (
        "Politics",
        "World",
        "NATO-Ukraine Relations",
        "Business",
        "Sports",
        "Entertainment",
        "Health",
        "Science",
        "Technology",
    )
    default_language: str = "en"
    limits: HouseLimits = field(default_factory=HouseLimits)
    template_dir: Path | None = None  # overrides for templates/ and css/

    @classmethod
    def default(cls) -> Profile:
        return cls()

    def copyright_for(self, year: int) -> str:
        return self.copyright.replace("{year}", str(year))
