"""`newsdesk export`, `newsdesk check` and `newsdesk import`, run as the user runs
them: a real subprocess on real files."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from newsdesk.export.bundle import write_bundle
from newsdesk.interchange import load_article
from newsdesk.interchange.bundle_import import read_bundle
from newsdesk.interchange.markdown_file import write_markdown
from newsdesk.model.article import Article, RelatedLink
from newsdesk.profile.model import Profile
from newsdesk.resources import resource_path, sample_article_path
from newsdesk.storage.document import write_document
from test_bundle import png, rich_article

SLUG_SAMPLE = "nato-strengthens-ukraine-relations-without-deciding-on-membership"
SLUG_RICH = "zurich-talks-peace-is-em-not-em-near-yet"
SLUG_THIRD = "a-third-story"


@dataclass
class Done:
    code: int
    out: str
    err: str


def newsdesk(*args: object, cwd: Path, stderr_fd: int | None = None) -> Done:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk", *map(str, args)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr_fd if stderr_fd is not None else subprocess.PIPE,
        text=True,
        timeout=180,
    )
    return Done(done.returncode, done.stdout, done.stderr or "")


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """Three different articles, one of each input kind."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(sample_article_path("md"), src / "sample.md")
    shutil.copy(resource_path("samples", "nato-summit-vilnius.png"), src)
    write_document(src / "rich.newsdesk", rich_article())
    third = rich_article()
    third.headline = "A third story"
    third.id = "third"
    bundle = write_bundle(third, tmp_path / "bundles", Profile.default())
    return {"md": src / "sample.md", "newsdesk": src / "rich.newsdesk", "zip": bundle}


def no_temporary_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.endswith(".part")]


# ---------------------------------------------------------------------- export


@pytest.mark.parametrize("jobs", [1, 2])
def test_export_bundles(tmp_path: Path, inputs: dict[str, Path], jobs: int) -> None:
    out = tmp_path / "out"
    done = newsdesk("export", *inputs.values(), "--bundle", out, "-j", jobs, cwd=tmp_path)
    assert done.code == 0, done.err
    assert done.err == ""  # no progress bar: stderr is not a terminal
    written = sorted(out.iterdir())
    assert [p.name for p in written] == [
        f"{SLUG_THIRD}.zip",
        f"{SLUG_SAMPLE}.zip",
        f"{SLUG_RICH}.zip",
    ]
    assert sorted(done.out.split()) == sorted(str(out / p.name) for p in written)
    for kind, name in (("md", SLUG_SAMPLE), ("newsdesk", SLUG_RICH), ("zip", SLUG_THIRD)):
        assert read_bundle(out / f"{name}.zip") == load_article(inputs[kind])


@pytest.mark.parametrize("jobs", [1, 2])
def test_export_html(tmp_path: Path, inputs: dict[str, Path], jobs: int) -> None:
    out = tmp_path / "out"
    done = newsdesk("export", *inputs.values(), "--html", out, "-j", jobs, cwd=tmp_path)
    assert done.code == 0, done.err
    for name in (SLUG_SAMPLE, SLUG_RICH, SLUG_THIRD):
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        assert page.lstrip().lower().startswith("<!doctype html>")
    assert (out / "media" / "nato-summit-vilnius.png").is_file()
    assert 'src="media/nato-summit-vilnius.png"' in (out / f"{SLUG_SAMPLE}.html").read_text()
    assert no_temporary_files(out)


def test_export_html_inline(tmp_path: Path, inputs: dict[str, Path]) -> None:
    out = tmp_path / "out"
    done = newsdesk("export", inputs["md"], "--html", out, "--inline", cwd=tmp_path)
    assert done.code == 0, done.err
    page = (out / f"{SLUG_SAMPLE}.html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in page
    assert not (out / "media").exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_export_markdown(tmp_path: Path, inputs: dict[str, Path], jobs: int) -> None:
    out = tmp_path / "out"
    done = newsdesk("export", *inputs.values(), "--markdown", out, "-j", jobs, cwd=tmp_path)
    assert done.code == 0, done.err
    for kind, name in (("md", SLUG_SAMPLE), ("newsdesk", SLUG_RICH), ("zip", SLUG_THIRD)):
        assert load_article(out / f"{name}.md") == load_article(inputs[kind])


def test_a_markdown_export_never_overwrites_its_input(tmp_path: Path) -> None:
    article = load_article(sample_article_path("md"))
    source = tmp_path / f"{SLUG_SAMPLE}.md"
    write_markdown(article, source)
    before = source.read_bytes()
    done = newsdesk("export", source, "--markdown", tmp_path, cwd=tmp_path)
    assert done.code == 1
    assert "is the input itself" in done.err
    assert source.read_bytes() == before


@pytest.mark.parametrize("jobs", [1, 2])
def test_failures_are_one_line_each_and_the_rest_is_exported(
    tmp_path: Path, inputs: dict[str, Path], jobs: int
) -> None:
    broken = tmp_path / "in" / "broken.md"
    broken.write_text("---\nheadline: [unclosed\n---\nBody\n", encoding="utf-8")
    invalid = tmp_path / "in" / "invalid.md"
    article = Article(headline="Invalid link", body="Text")
    article.related = [RelatedLink("Bad", "https://bigbignews.example/%zz")]
    write_markdown(article, invalid)
    missing = tmp_path / "in" / "missing.newsdesk"
    out = tmp_path / "out"
    done = newsdesk(
        "export", broken, inputs["md"], invalid, missing, "--bundle", out, "-j", jobs, cwd=tmp_path
    )
    assert done.code == 1
    lines = done.err.splitlines()
    assert len(lines) == 3, done.err
    assert any(line.startswith(f"newsdesk: error: {broken}:3: invalid YAML") for line in lines)
    assert any(f"{invalid}: article.json does not validate against ninjs 3.1" in x for x in lines)
    assert any(line.startswith(f"newsdesk: error: {missing}") for line in lines)
    assert [p.name for p in out.iterdir()] == [f"{SLUG_SAMPLE}.zip"]
    assert done.out.split() == [str(out / f"{SLUG_SAMPLE}.zip")]


def test_two_inputs_with_one_slug_are_reported(tmp_path: Path, inputs: dict[str, Path]) -> None:
    twin = tmp_path / "in" / "twin.md"
    shutil.copy(inputs["md"], twin)
    out = tmp_path / "out"
    done = newsdesk("export", inputs["md"], twin, "--bundle", out, "-j", 1, cwd=tmp_path)
    assert done.code == 1
    assert f"{twin}: exports to " in done.err and "(same slug)" in done.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "x.md"], "one of the arguments --html --bundle --markdown is required"),
        (["export", "x.md", "--html", "a", "--bundle", "b"], "not allowed with argument"),
        (["export", "x.md", "--bundle", "b", "--inline"], "--inline goes with --html only"),
        (["export", "notes.txt", "--bundle", "b"], "notes.txt: unknown file type"),
        (["export", "x.md", "--bundle", "b", "-j", "0"], "must be 1 or more"),
        (["import", "x.zip", "out.zip"], "OUT must be a .newsdesk document or a .md file"),
    ],
)
def test_bad_usage_exits_2(tmp_path: Path, args: list[str], message: str) -> None:
    done = newsdesk(*args, cwd=tmp_path)
    assert done.code == 2
    assert message in done.err
    assert not (tmp_path / "b").exists()


def test_progress_bar_only_on_a_terminal(tmp_path: Path, inputs: dict[str, Path]) -> None:
    main, terminal = os.openpty()
    try:
        done = newsdesk(
            "export", *inputs.values(), "--html", tmp_path / "out", "-j", 2,
            cwd=tmp_path, stderr_fd=terminal,
        )  # fmt: skip
        os.close(terminal)
        seen = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(main)
    assert done.code == 0
    text = seen.decode()
    assert "\rExporting [" in text and "] 0/3" in text
    assert "] 2/3" in text  # redrawn as inputs finish (the last one clears it instead)
    assert text.endswith("\r")  # the bar is wiped at the end


def many_stories(folder: Path, count: int = 40) -> list[Path]:
    base = load_article(sample_article_path("md"))
    base.images = []
    base.body = "\n\n".join([base.body] * 20)
    paths = []
    for index in range(count):
        path = folder / f"story-{index}.md"
        write_markdown(replace(base, headline=f"Story {index}", id=str(index)), path)
        paths.append(path)
    return paths


def start_export(tmp_path: Path, sources: list[Path], jobs: int) -> subprocess.Popen[bytes]:
    """An export running in its own process group (as a terminal's foreground job),
    stopped once its first bundle is reported."""
    process = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "export", *sources, "--bundle", "out", "-j", str(jobs)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert process.stdout is not None
    process.stdout.readline()  # the first bundle is written
    return process


def assert_only_complete_bundles(out: Path, count: int) -> None:
    bundles = sorted(out.glob("*.zip"))
    assert 1 <= len(bundles) < count
    assert no_temporary_files(out)
    for bundle in bundles:
        with zipfile.ZipFile(bundle) as archive:
            assert archive.testzip() is None
        assert read_bundle(bundle).headline.startswith("Story ")


def test_a_killed_export_leaves_only_complete_bundles(tmp_path: Path) -> None:
    process = start_export(tmp_path, many_stories(tmp_path / "in"), jobs=1)
    time.sleep(0.05)
    process.kill()
    process.communicate(timeout=60)
    bundles = list((tmp_path / "out").glob("*.zip"))
    assert 1 <= len(bundles) < 40
    for bundle in bundles:  # a SIGKILL may leave a hidden .part, never a broken .zip
        assert read_bundle(bundle).headline.startswith("Story ")


def test_ctrl_c_stops_a_parallel_export_cleanly(tmp_path: Path) -> None:
    process = start_export(tmp_path, many_stories(tmp_path / "in"), jobs=2)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole process group
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.decode().strip() == "newsdesk: error: interrupted"  # no worker tracebacks
    assert_only_complete_bundles(tmp_path / "out", 40)


# ----------------------------------------------------------------------- check


def test_check_ok_warnings_and_errors(tmp_path: Path, inputs: dict[str, Path]) -> None:
    ok = newsdesk("check", inputs["md"], inputs["zip"], cwd=tmp_path)
    assert ok.code == 0, ok.out + ok.err
    assert ok.out.splitlines() == [f"{inputs['md']}: ok", f"{inputs['zip']}: ok"]

    long_headline = load_article(sample_article_path("md"))
    long_headline.headline = "Long " * 40
    warned = tmp_path / "warned.md"
    write_markdown(long_headline, warned)
    only_warnings = newsdesk("check", warned, cwd=tmp_path)
    assert only_warnings.code == 0
    assert only_warnings.out.startswith(f"{warned}: warning: headline: the headline has 200")

    bad = Article(body="", related=[RelatedLink("Bad", "https://bigbignews.example/%zz")])
    bad.images = []
    broken = tmp_path / "broken.md"
    write_markdown(bad, broken)
    errors = newsdesk("check", inputs["md"], broken, cwd=tmp_path)
    assert errors.code == 1
    lines = errors.out.splitlines()
    assert f"{broken}: error: headline: the headline is empty" in lines
    assert f"{broken}: error: body: the body is empty" in lines
    assert (
        f"{broken}: error: bundle: ninjs 3.1: /associations/0/uri: "
        "'https://bigbignews.example/%zz' is not a 'uri'"
    ) in lines


def test_check_an_unreadable_input_exits_2(tmp_path: Path, inputs: dict[str, Path]) -> None:
    done = newsdesk("check", inputs["md"], tmp_path / "absent.md", cwd=tmp_path)
    assert done.code == 2
    assert f"{inputs['md']}: ok" in done.out
    assert "absent.md: file not found" in done.err


# ---------------------------------------------------------------------- import


def test_import_restores_the_article(tmp_path: Path, inputs: dict[str, Path]) -> None:
    original = load_article(inputs["newsdesk"])
    bundle = write_bundle(original, tmp_path / "bundles", Profile.default())
    work = tmp_path / "work"
    work.mkdir()
    done = newsdesk("import", bundle, cwd=work)
    assert done.code == 0, done.err
    restored = work / f"{SLUG_RICH}.newsdesk"
    assert done.out.strip() == str(restored)
    assert load_article(restored) == original

    again = newsdesk("import", bundle, cwd=work)
    assert again.code == 2
    assert "already exists; use --force to replace it" in again.err

    forced = newsdesk("import", bundle, "--force", cwd=work)
    assert forced.code == 0, forced.err
    assert load_article(restored) == original

    as_markdown = newsdesk("import", bundle, "story.md", cwd=work)
    assert as_markdown.code == 0, as_markdown.err
    assert load_article(work / "story.md") == original
    assert (work / "chart.png").read_bytes() == png(4, 3)


def test_import_refuses_a_hostile_bundle(tmp_path: Path, inputs: dict[str, Path]) -> None:
    hostile = tmp_path / "hostile.zip"
    with zipfile.ZipFile(inputs["zip"]) as good, zipfile.ZipFile(hostile, "w") as bad:
        for info in good.infolist():
            bad.writestr(info, good.read(info))
        bad.writestr("../../escape.sh", b"#!/bin/sh\n")
    done = newsdesk("import", hostile, cwd=tmp_path)
    assert done.code == 2
    assert done.err.strip() == (
        f"newsdesk: error: {hostile}: member '../../escape.sh' has a path that climbs "
        "out of the bundle (..)"
    )
    assert not list(tmp_path.glob("*.newsdesk"))
    assert not (tmp_path.parent / "escape.sh").exists()


def test_check_reports_an_address_python_cannot_even_split(tmp_path: Path) -> None:
    article = load_article(sample_article_path("md"))
    article.related = [RelatedLink("Broken", "https://[x/")]
    path = tmp_path / "ipv6.md"
    write_markdown(article, path)
    done = newsdesk("check", path, cwd=tmp_path)
    assert done.code == 1, done.err
    assert f"{path}: error: related[0].url: 'https://[x/' is not an http or https address" in (
        done.out.splitlines()
    )
    assert "Traceback" not in done.err
