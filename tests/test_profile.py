"""Newsroom profiles: one file checked, layers merged per key, broken files skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.errors import ProfileError
from newsdesk.model.article import Article, Person
from newsdesk.model.validation import validate
from newsdesk.profile.loader import (
    BROKEN,
    NOT_FOUND,
    UNUSED,
    USED,
    load_profile,
    profile_from_values,
    profile_values,
)
from newsdesk.profile.locations import (
    ENV_BAKED_PROFILE,
    ENV_CONFIG_DIR,
    ENV_SYSTEM_PROFILE,
    baked_profile_path,
    system_profile_path,
    user_profile_path,
)
from newsdesk.profile.model import Profile
from newsdesk.profile.toml_profile import (
    ALL_KEYS,
    dump_profile_values,
    parse_profile_text,
    read_profile_file,
)
from newsdesk.resources import resource_path

EXAMPLE = resource_path("profiles", "example-newsroom.toml")


@pytest.fixture
def layers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Point every lookup location into tmp_path (none of the files exist yet)."""
    paths = {
        "user": tmp_path / "config" / "profile.toml",
        "system": tmp_path / "etc" / "profile.toml",
        "baked": tmp_path / "app" / "baked.toml",
    }
    monkeypatch.setenv(ENV_CONFIG_DIR, str(paths["user"].parent))
    monkeypatch.setenv(ENV_SYSTEM_PROFILE, str(paths["system"]))
    monkeypatch.setenv(ENV_BAKED_PROFILE, str(paths["baked"]))
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    return paths


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(text: str, tmp_path: Path) -> list[ProfileError]:
    path = write(tmp_path / "p.toml", text)
    return read_profile_file(path).problems


# --- one file -----------------------------------------------------------------


def test_example_profile_is_valid_and_sets_every_key() -> None:
    parsed = read_profile_file(EXAMPLE)
    assert parsed.problems == []
    assert set(parsed.values) == set(ALL_KEYS)
    profile = profile_from_values(parsed.values)
    assert profile.portal_name == "The Riverside Courier"
    assert profile.base_url == "https://news.riverside-courier.example/"
    assert profile.copyright_for(2026) == "© 2026 Riverside Courier Media Ltd."
    assert "Local" in profile.topics
    assert profile.default_language == "en-GB"
    assert profile.limits.headline_max == 90
    assert profile.limits.min_words == 150
    assert profile.template_dir == (EXAMPLE.parent / "example-newsroom-templates").resolve()
    assert profile.template_dir.is_dir()


def test_profile_from_values_keeps_unset_keys_default() -> None:
    profile = profile_from_values({"portal_name": "Daily Planet", "limits.max_words": 900})
    default = Profile.default()
    assert profile.portal_name == "Daily Planet"
    assert profile.limits.max_words == 900
    assert profile.limits.headline_max == default.limits.headline_max
    assert profile.topics == default.topics
    assert profile.about == default.about


def test_base_url_gets_a_trailing_slash(tmp_path: Path) -> None:
    parsed = parse_profile_text('base_url = "https://planet.example/news"', tmp_path / "p.toml")
    assert parsed.values["base_url"] == "https://planet.example/news/"
    empty = parse_profile_text('base_url = ""', tmp_path / "p.toml")
    assert empty.values["base_url"] == ""


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ("portal_name = 'x'\n[limits\n", None, "not valid TOML"),
        ("portal_name = 42", "portal_name", "must be a string, not a number"),
        ("portal_name = '  '", "portal_name", "must not be empty"),
        ("portal_nmae = 'x'", "portal_nmae", "did you mean 'portal_name'"),
        ("[limits]\nheadline_mx = 3", "limits.headline_mx", "did you mean 'headline_max'"),
        ("headline_max = 80", "headline_max", "belongs in the [limits] table"),
        ("base_url = 'ftp://files.example/'", "base_url", "not an http or https address"),
        ("base_url = 'news.example'", "base_url", "not an http or https address"),
        ("base_url = 'https://n.example/?a=1'", "base_url", "query"),
        ("copyright = '© {yaer} X'", "copyright", "unknown placeholder {yaer}"),
        ("topics = 'Politics'", "topics", "must be a list of strings"),
        ("topics = []", "topics", "at least one topic"),
        ("topics = ['A', 'A']", "topics", "listed twice"),
        ("topics = ['A', 3]", "topics", "item 2"),
        ("default_language = 'english'", "default_language", "not a BCP 47"),
        ("template_dir = 'no-such-folder'", "template_dir", "does not exist"),
        ("limits = 3", "limits", "must be a table"),
        ("[limits]\nheadline_max = -5", "limits.headline_max", "greater than 0, not -5"),
        ("[limits]\nheadline_max = 0", "limits.headline_max", "greater than 0"),
        ("[limits]\nstandfirst_max = 2.5", "limits.standfirst_max", "whole number"),
        ("[limits]\nheadline_max = true", "limits.headline_max", "whole number"),
        ("[limits]\nmin_words = -1", "limits.min_words", "0 (no limit) or more"),
        ("[limits]\nmin_words = 900\nmax_words = 100", "limits.min_words", "above the maximum"),
        ("[limits]\nrequired_fields = ['headlin']", "limits.required_fields", "'headline'"),
        ("[limits]\nrequired_fields = 'topic'", "limits.required_fields", "list of field names"),
    ],
)
def test_broken_values_name_file_key_and_problem(
    tmp_path: Path, text: str, key: str | None, fragment: str
) -> None:
    problems = problems_of(text, tmp_path)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert isinstance(problem, ProfileError)
    assert problem.path == tmp_path / "p.toml"
    assert problem.key == key
    assert fragment in str(problem)
    assert str(tmp_path / "p.toml") in str(problem)


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    problems = problems_of(
        "portal_name = 1\nbase_url = 'x'\nfoo = 2\n[limits]\nmax_words = -3\n", tmp_path
    )
    assert [p.key for p in problems] == ["portal_name", "base_url", "foo", "limits.max_words"]


def test_unreadable_files_are_problems_not_crashes(tmp_path: Path) -> None:
    missing = read_profile_file(tmp_path / "missing.toml")
    assert "does not exist" in str(missing.problems[0])
    binary = write(tmp_path / "bin.toml", "")
    binary.write_bytes(b"portal_name = '\xff\xfe'")
    assert "not UTF-8" in str(read_profile_file(binary).problems[0])
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert "cannot be read" in str(read_profile_file(folder).problems[0])


def test_dump_round_trips_checked_values(tmp_path: Path) -> None:
    parsed = read_profile_file(EXAMPLE)
    text = dump_profile_values(parsed.values, header="baked for a test\nsecond line")
    assert text.startswith("# baked for a test\n# second line\n")
    again = parse_profile_text(text, tmp_path / "baked.toml")
    assert again.problems == []
    assert again.values == parsed.values
    tricky = {"about": 'Quotes " and \\ backslashes\nand a newline\tand tab', "topics": ("Ä",)}
    assert parse_profile_text(dump_profile_values(tricky), tmp_path / "t.toml").values == tricky


# --- lookup and layering ------------------------------------------------------


def test_locations_follow_the_environment(layers: dict[str, Path]) -> None:
    assert user_profile_path() == layers["user"]
    assert system_profile_path() == layers["system"]
    assert baked_profile_path() == layers["baked"]


def test_platform_system_locations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_SYSTEM_PROFILE, raising=False)
    monkeypatch.setenv("PROGRAMDATA", r"D:\Data")
    assert system_profile_path("linux") == Path("/etc/newsdesk/profile.toml")
    assert system_profile_path("darwin") == Path(
        "/Library/Application Support/newsdesk/profile.toml"
    )
    assert system_profile_path("win32") == Path(r"D:\Data") / "newsdesk" / "profile.toml"


def test_baked_profile_is_a_packaged_resource(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_BAKED_PROFILE, raising=False)
    assert baked_profile_path() == resource_path("profile", "baked.toml")


def test_nothing_configured_gives_the_default(layers: dict[str, Path]) -> None:
    loaded = load_profile(None)
    assert loaded.profile == Profile.default()
    assert loaded.warnings == []
    assert set(loaded.sources) == set(ALL_KEYS)
    assert set(loaded.sources.values()) == {"built-in default"}
    assert [c.status for c in loaded.consulted] == [NOT_FOUND] * 3


def test_first_found_wins_per_key(layers: dict[str, Path], tmp_path: Path) -> None:
    explicit = write(tmp_path / "cli.toml", "portal_name = 'From the command line'\n")
    write(layers["user"], "portal_name = 'User'\n[limits]\nheadline_max = 70\n")
    write(
        layers["system"],
        "portal_name = 'System'\nbase_url = 'https://system.example/'\n"
        "[limits]\nheadline_max = 60\nmax_words = 1500\n",
    )
    write(layers["baked"], "portal_name = 'Baked'\ntopics = ['Local', 'Sport']\n")
    loaded = load_profile(explicit)
    p = loaded.profile
    assert p.portal_name == "From the command line"
    assert p.limits.headline_max == 70
    assert p.base_url == "https://system.example/"
    assert p.limits.max_words == 1500
    assert p.topics == ("Local", "Sport")
    assert p.about == Profile.default().about
    assert loaded.sources["portal_name"] == f"--profile ({explicit})"
    assert loaded.sources["limits.headline_max"] == f"user config ({layers['user']})"
    assert loaded.sources["base_url"] == f"system-wide ({layers['system']})"
    assert loaded.sources["topics"] == f"baked into the app ({layers['baked']})"
    assert loaded.sources["about"] == "built-in default"
    assert [c.status for c in loaded.consulted] == [USED, USED, USED, USED]
    assert loaded.warnings == []


def test_a_layer_fully_shadowed_is_reported_unused(layers: dict[str, Path]) -> None:
    write(layers["user"], "portal_name = 'User'\n")
    write(layers["system"], "portal_name = 'System'\n")
    statuses = {c.location.kind: c.status for c in load_profile(None).consulted}
    assert statuses == {"user": USED, "system": UNUSED, "baked": NOT_FOUND}


def test_a_broken_layer_is_skipped_whole_and_reported(
    layers: dict[str, Path], tmp_path: Path
) -> None:
    write(layers["user"], "portal_name = 'User'\nbase_url = 'not a url'\n")
    write(layers["system"], "portal_name = 'System'\n")
    loaded = load_profile(None)
    # Nothing from the broken file is applied, not even its valid portal_name.
    assert loaded.profile.portal_name == "System"
    assert len(loaded.warnings) == 1
    warning = loaded.warnings[0]
    assert str(layers["user"]) in warning
    assert "base_url" in warning and "not an http or https address" in warning
    assert loaded.problems[0].key == "base_url"
    assert {c.location.kind: c.status for c in loaded.consulted}["user"] == BROKEN


def test_a_missing_explicit_profile_is_reported_and_default_used(
    layers: dict[str, Path], tmp_path: Path
) -> None:
    loaded = load_profile(tmp_path / "typo.toml")
    assert loaded.profile == Profile.default()
    assert "typo.toml: the file does not exist" in loaded.warnings[0]


def test_a_bad_toml_file_still_starts_on_the_default(layers: dict[str, Path]) -> None:
    write(layers["system"], "this is = = not toml")
    loaded = load_profile(None)
    assert loaded.profile == Profile.default()
    assert "not valid TOML" in loaded.warnings[0]


def test_word_range_inconsistent_across_layers_is_dropped(layers: dict[str, Path]) -> None:
    write(layers["user"], "[limits]\nmin_words = 800\n")
    write(layers["system"], "[limits]\nmax_words = 400\n")
    loaded = load_profile(None)
    assert loaded.profile.limits.min_words == 0
    assert loaded.profile.limits.max_words == 0
    assert "limits.min_words (800" in loaded.warnings[0]
    assert loaded.sources["limits.min_words"] == "built-in default"


def test_template_dir_is_relative_to_its_profile_file(layers: dict[str, Path]) -> None:
    (layers["system"].parent / "house-style" / "css").mkdir(parents=True)
    write(layers["system"], "template_dir = 'house-style'\n")
    loaded = load_profile(None)
    assert loaded.profile.template_dir == (layers["system"].parent / "house-style").resolve()


def test_profile_values_lists_every_key() -> None:
    values = profile_values(Profile.default())
    assert list(values) == list(ALL_KEYS)
    assert values["limits.headline_max"] == 110


# --- the profile reaches the checks -------------------------------------------


def test_house_limits_drive_validation(layers: dict[str, Path]) -> None:
    write(
        layers["user"],
        "[limits]\nheadline_max = 20\nrequired_fields = ['headline', 'dateline']\nmin_words = 50\n",
    )
    profile = load_profile(None).profile
    article = Article(
        headline="A headline well over twenty characters",
        body="Too short a body.",
        byline=[Person("Ann Writer")],
        topic="Local",
    )
    messages = [str(p) for p in validate(article, profile)]
    assert any("house limit is 20" in m for m in messages)
    assert any(m.startswith("error: dateline:") for m in messages)
    assert any("house minimum is 50" in m for m in messages)
    # The default profile requires topic/byline but not dateline.
    assert not any(m.startswith("error: dateline:") for m in map(str, validate(article)))


def test_a_location_that_cannot_be_looked_at_is_reported_not_a_crash(
    layers: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A name too long for the file system makes stat() fail with an error other
    # than "missing" (as an unreadable home folder does for a normal user).
    monkeypatch.setenv(ENV_CONFIG_DIR, str(tmp_path / ("x" * 300)))
    loaded = load_profile(None)
    assert loaded.profile == Profile.default()
    assert any("cannot be read" in warning for warning in loaded.warnings)
