"""A newsroom profile reaches what writers produce: the exported page, the
bundle's ninjs, `newsdesk check`, and `newsdesk profile show` explains it."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from newsdesk.cli.main import main
from newsdesk.profile.locations import ENV_BAKED_PROFILE, ENV_CONFIG_DIR, ENV_SYSTEM_PROFILE
from newsdesk.resources import resource_path, sample_article_path

EXAMPLE = resource_path("profiles", "example-newsroom.toml")
PORTAL = "The Riverside Courier"
BASE_URL = "https://news.riverside-courier.example/"


@pytest.fixture(autouse=True)
def no_installed_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Only the profiles a test writes count (never ~/.config or /etc)."""
    config = tmp_path / "user-config"
    config.mkdir()
    monkeypatch.setenv(ENV_CONFIG_DIR, str(config))
    monkeypatch.setenv(ENV_SYSTEM_PROFILE, str(tmp_path / "etc-profile.toml"))
    monkeypatch.setenv(ENV_BAKED_PROFILE, str(tmp_path / "baked.toml"))
    return config


def test_exported_page_carries_portal_name_and_canonical_link(tmp_path: Path) -> None:
    out = tmp_path / "html"
    code = main(
        [
            "export",
            str(sample_article_path("md")),
            "--html",
            str(out),
            "--profile",
            str(EXAMPLE),
            "--jobs",
            "1",
        ]
    )
    assert code == 0
    (page,) = out.glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE_URL}{page.stem}"' in html
    assert re.search(rf"<title>[^<]*\| {PORTAL}</title>", html)
    assert "Riverside Courier Media Ltd." in html  # the copyright line, {year} filled in
    assert "has covered the valley since 1887" in html  # the profile's about text
    assert "is a news portal that offers the latest news" not in html  # not the default's


def test_bundle_ninjs_uri_comes_from_the_base_url(
    tmp_path: Path, no_installed_profiles: Path
) -> None:
    # This time the profile is the user's, not --profile: the lookup is what counts.
    shutil.copy2(EXAMPLE, no_installed_profiles / "profile.toml")
    shutil.copytree(
        EXAMPLE.parent / "example-newsroom-templates",
        no_installed_profiles / "example-newsroom-templates",
    )
    out = tmp_path / "bundle"
    assert main(["export", str(sample_article_path("md")), "--bundle", str(out), "-j", "1"]) == 0
    (bundle,) = out.glob("*.zip")
    with zipfile.ZipFile(bundle) as zf:
        ninjs = json.loads(zf.read("article.json"))
    assert ninjs["uri"].startswith(BASE_URL)
    assert PORTAL in json.dumps(ninjs, ensure_ascii=False)


def test_template_override_folder_replaces_the_stylesheet(tmp_path: Path) -> None:
    house = tmp_path / "house"
    (house / "css").mkdir(parents=True)
    css = resource_path("css", "portal.css").read_text(encoding="utf-8")
    (house / "css" / "portal.css").write_text(
        "/* riverside house style */\n" + css, encoding="utf-8"
    )
    profile = tmp_path / "profile.toml"
    profile.write_text(f"portal_name = '{PORTAL}'\ntemplate_dir = 'house'\n", encoding="utf-8")
    out = tmp_path / "html"
    args = ["export", str(sample_article_path("md")), "--html", str(out), "-j", "1"]
    assert main([*args, "--profile", str(profile)]) == 0
    (page,) = out.glob("*.html")
    assert "/* riverside house style */" in page.read_text(encoding="utf-8")


def test_check_applies_the_house_limits(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    strict = tmp_path / "strict.toml"
    strict.write_text(
        "[limits]\nheadline_max = 20\nrequired_fields = ['headline', 'keywords', 'faqs']\n",
        encoding="utf-8",
    )
    sample = str(sample_article_path("md"))
    capsys.readouterr()
    code = main(["check", sample, "--profile", str(strict)])
    out = capsys.readouterr().out
    assert "house limit is 20" in out
    # Whether this sample has keywords/FAQs or not, the limits are the profile's.
    assert code in (0, 1)
    default_code = main(["check", sample])
    default_out = capsys.readouterr().out
    assert "house limit is 20" not in default_out
    assert default_code in (0, 1)


def test_profile_show_names_each_source(
    tmp_path: Path, capsys: pytest.CaptureFixture, no_installed_profiles: Path
) -> None:
    (no_installed_profiles / "profile.toml").write_text(
        "topics = ['Local']\n[limits]\nmax_words = 800\n", encoding="utf-8"
    )
    capsys.readouterr()
    assert main(["profile", "show", "--profile", str(EXAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["profile"]["portal_name"] == PORTAL
    assert data["sources"]["portal_name"] == f"--profile ({EXAMPLE})"
    # --profile sets every key, so the user's file is consulted but unused.
    statuses = {loc["kind"]: loc["status"] for loc in data["locations"]}
    assert statuses["user"].startswith("found, every key set")
    assert main(["profile", "show"]) == 0
    text = capsys.readouterr().out
    assert re.search(r"topics\s+\[\"Local\"\]", text)
    assert f"from: user config ({no_installed_profiles / 'profile.toml'})" in text
    assert "from: built-in default" in text


def test_profile_given_before_the_command_is_kept(capsys: pytest.CaptureFixture) -> None:
    capsys.readouterr()
    assert main(["--profile", str(EXAMPLE), "profile", "show", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["profile"]["portal_name"] == PORTAL


def test_a_broken_profile_warns_and_the_command_still_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("portal_nme = 'Typo'\n[limits]\nheadline_max = -1\n", encoding="utf-8")
    capsys.readouterr()
    code = main(["profile", "show", "--profile", str(broken)])
    captured = capsys.readouterr()
    assert code == 1  # profile show reports the broken file as a problem
    assert f"{broken}: portal_nme: unknown key; did you mean 'portal_name'?" in captured.err
    assert f"{broken}: limits.headline_max: must be greater than 0, not -1" in captured.err
    assert '"Big Big News"' in captured.out
    out = tmp_path / "html"
    args = ["export", str(sample_article_path("md")), "--html", str(out), "-j", "1"]
    assert main([*args, "--profile", str(broken)]) == 0
    assert "newsdesk: warning:" in capsys.readouterr().err
    (page,) = out.glob("*.html")
    assert "| Big Big News</title>" in page.read_text(encoding="utf-8")
