"""The standalone HTML export: files, media, inlining, atomicity."""

from __future__ import annotations

import base64
import re
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from newsdesk.errors import ExportError
from newsdesk.export.html_export import export_html, page_filename
from newsdesk.model.article import Image
from newsdesk.profile.model import Profile
from test_page_render import Doc, png, rich_article, sample_article


def test_export_writes_the_page_and_its_media(tmp_path: Path):
    article = rich_article()
    page = export_html(article, tmp_path, Profile.default())
    assert page == tmp_path / f"{article.slug}.html" == tmp_path / page_filename(article)
    assert sorted(p.name for p in (tmp_path / "media").iterdir()) == ["family.png", "summit.png"]
    assert (tmp_path / "media" / "summit.png").read_bytes() == article.images[0].data
    srcs = [a["src"] for a in Doc(page.read_text(encoding="utf-8")).all("img")]
    assert srcs == ["media/summit.png", "media/family.png"]
    for src in srcs:
        assert (tmp_path / src).is_file()


def test_exported_files_are_readable_by_others(tmp_path: Path):
    page = export_html(rich_article(), tmp_path, Profile.default())
    for path in (page, tmp_path / "media" / "summit.png"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_unused_images_are_not_exported(tmp_path: Path):
    article = rich_article()
    article.images.append(Image("unused.png", "image/png", png(8, 8), alt="x"))
    export_html(article, tmp_path, Profile.default())
    assert not (tmp_path / "media" / "unused.png").exists()


def test_inline_export_is_one_self_contained_file(tmp_path: Path):
    article = rich_article()
    page = export_html(article, tmp_path, Profile.default(), inline=True)
    assert [p.name for p in tmp_path.iterdir()] == [page.name]
    html = page.read_text(encoding="utf-8")
    srcs = [a["src"] for a in Doc(html).all("img")]
    assert len(srcs) == 2 and all(s.startswith("data:image/png;base64,") for s in srcs)
    assert base64.b64decode(srcs[0].split(",", 1)[1]) == article.images[0].data
    assert "media/" not in html


@pytest.mark.parametrize("inline", [False, True])
def test_nothing_remote_is_loaded(tmp_path: Path, inline: bool):
    html = export_html(rich_article(), tmp_path, Profile.default(), inline=inline).read_text(
        encoding="utf-8"
    )
    doc = Doc(html)
    assert not [a for a in doc.all("script") if a.get("src")]
    assert not doc.all("link", rel="stylesheet")
    assert not re.search(r"@import|@font-face|url\(", html)
    for a in doc.all("img"):
        assert not a["src"].startswith(("http:", "https:", "//"))


def test_unsafe_image_file_names_are_made_safe(tmp_path: Path):
    article = rich_article()
    article.images[0] = replace(article.images[0], filename="../../evil name?.png")
    export_html(article, tmp_path, Profile.default())
    names = [p.name for p in (tmp_path / "media").iterdir()]
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", n) for n in names)
    assert not (tmp_path.parent / "evil name?.png").exists()
    (img,) = [a for a in Doc((tmp_path / page_filename(article)).read_text()).all("img")][:1]
    assert (tmp_path / img["src"]).is_file()


def test_export_replaces_an_old_page_whole(tmp_path: Path):
    article = rich_article()
    first = export_html(article, tmp_path, Profile.default())
    article.body = "Rewritten."
    second = export_html(article, tmp_path, Profile.default())
    assert first == second
    assert "Rewritten." in second.read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_export_into_an_unwritable_place_is_a_clear_error(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportError, match="file"):
        export_html(rich_article(), blocker / "out", Profile.default())


def test_a_failed_export_leaves_no_partial_page(tmp_path: Path):
    article = rich_article()
    (tmp_path / page_filename(article)).mkdir()  # the page's name is taken by a folder
    with pytest.raises(ExportError):
        export_html(article, tmp_path, Profile.default())
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_sample_exports(tmp_path: Path):
    article = sample_article()
    page = export_html(article, tmp_path, Profile.default())
    assert (tmp_path / "media" / "nato-summit-vilnius.png").is_file()
    assert article.headline in page.read_text(encoding="utf-8")


def test_articles_sharing_a_folder_keep_their_own_images(tmp_path: Path):
    first = rich_article()
    second = rich_article()
    second.headline = "Another story"
    second.images[0] = replace(second.images[0], data=png(32, 32, seed=7))
    export_html(first, tmp_path, Profile.default())
    page = export_html(second, tmp_path, Profile.default())
    assert (tmp_path / "media" / "summit.png").read_bytes() == first.images[0].data
    srcs = [a["src"] for a in Doc(page.read_text(encoding="utf-8")).all("img")]
    assert srcs[0] != "media/summit.png"
    assert (tmp_path / srcs[0]).read_bytes() == second.images[0].data
    again = export_html(first, tmp_path, Profile.default())  # same bytes: same files
    srcs = [a["src"] for a in Doc(again.read_text(encoding="utf-8")).all("img")]
    assert srcs == ["media/summit.png", "media/family.png"]


def test_a_slug_set_to_a_path_still_exports_inside_the_folder(tmp_path: Path):
    article = rich_article()
    article.slug_override = "../outside"
    page = export_html(article, tmp_path / "out", Profile.default())
    assert page.parent == tmp_path / "out"
    assert not (tmp_path / "outside.html").exists()
