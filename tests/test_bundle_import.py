"""Hostile and broken bundles, each built by hand with zipfile, are refused by
read_bundle with a BundleError naming the zip and the member."""

from __future__ import annotations

import stat
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.errors import BundleError
from newsdesk.export.manifest import build_manifest
from newsdesk.interchange.bundle_import import BundleLimits, read_bundle, read_bundle_members

SOURCE = b"""---
headline: Handmade bundle
byline:
- Joshua Brown
topic: World
images:
- file: media/pixel.png
  alt: One pixel
  id: image-1
id: article-1
created: 2024-05-01T10:00:00Z
updated: 2024-05-02T10:00:00Z
---

A body with ![One pixel](media/pixel.png) in it.
"""
# A real 1x1 PNG.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
WHEN = datetime(2024, 5, 2, 10, 0, tzinfo=UTC)


def good_members() -> dict[str, bytes]:
    return {"article.json": b'{"uri": "urn:x:y"}\n', "source.md": SOURCE, "media/pixel.png": PIXEL}


def make_zip(
    path: Path,
    members: dict[str, bytes],
    *,
    manifest: dict[str, bytes] | None = None,
    extra: list[tuple[zipfile.ZipInfo | str, bytes]] = (),
    with_manifest: bool = True,
) -> Path:
    """Members plus a manifest listing `manifest` (default: the members), plus raw
    `extra` entries that the manifest does not know about."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for info, data in extra:
            archive.writestr(info, data)
        if with_manifest:
            listed = members if manifest is None else manifest
            archive.writestr("manifest.json", build_manifest(listed, WHEN))
    return path


def refused(path: Path, *, limits: BundleLimits | None = None) -> str:
    with pytest.raises(BundleError) as caught:
        read_bundle(path, limits)
    message = str(caught.value)
    assert message.startswith(str(path)), message  # the zip is named
    return message


def test_a_handmade_bundle_imports(tmp_path: Path) -> None:
    article = read_bundle(make_zip(tmp_path / "ok.zip", good_members()))
    assert article.headline == "Handmade bundle"
    assert article.id == "article-1"
    # source.md names images under media/; the article gets its own names back.
    assert [img.filename for img in article.images] == ["pixel.png"]
    assert article.images[0].data == PIXEL
    assert "![One pixel](pixel.png)" in article.body


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../evil.txt", "climbs out of the bundle"),
        ("media/../../evil.txt", "climbs out of the bundle"),
        ("..\\evil.txt", "climbs out of the bundle"),
        ("/etc/evil", "absolute path"),
        ("C:\\Windows\\evil.dll", "absolute path"),
        ("c:evil", "absolute path"),
        ("\\\\server\\share\\evil", "absolute path"),
        ("media\\evil.png", "backslash"),
        ("media//evil.png", "empty or '.' path segment"),
        ("./evil.png", "empty or '.' path segment"),
    ],
)
def test_unsafe_member_names_are_refused(tmp_path: Path, name: str, expected: str) -> None:
    path = make_zip(tmp_path / "bad.zip", good_members(), extra=[(name, b"x")])
    message = refused(path)
    assert f"member {name!r}" in message
    assert expected in message


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("media/link.png")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = make_zip(tmp_path / "link.zip", good_members(), extra=[(link, b"/etc/passwd")])
    message = refused(path)
    assert "member 'media/link.png' is a symbolic link" in message


def test_a_device_file_is_refused(tmp_path: Path) -> None:
    device = zipfile.ZipInfo("media/dev")
    device.create_system = 3
    device.external_attr = (stat.S_IFCHR | 0o644) << 16
    path = make_zip(tmp_path / "dev.zip", good_members(), extra=[(device, b"")])
    assert "member 'media/dev' is a special file" in refused(path)


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "dup.zip"
    with pytest.warns(UserWarning, match="Duplicate name"):
        make_zip(path, good_members(), extra=[("source.md", b"---\nheadline: Evil\n---\n")])
    assert "member 'source.md' appears twice (duplicate name)" in refused(path)


def test_names_that_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "case.zip", good_members(), extra=[("MEDIA/PIXEL.PNG", PIXEL)])
    assert "clashes with 'media/pixel.png'" in refused(path)


def test_a_checksum_mismatch_is_reported(tmp_path: Path) -> None:
    listed = good_members()
    actual = dict(listed, **{"source.md": SOURCE.replace(b"Handmade", b"Tampered")})
    path = make_zip(tmp_path / "sum.zip", actual, manifest=listed)
    message = refused(path)
    assert "member 'source.md' does not match its sha256 in manifest.json" in message


def test_a_size_mismatch_is_reported(tmp_path: Path) -> None:
    listed = good_members()
    actual = dict(listed, **{"article.json": b'{"uri": "urn:x:longer"}\n'})
    path = make_zip(tmp_path / "size.zip", actual, manifest=listed)
    message = refused(path)
    assert "member 'article.json' has 24 bytes but manifest.json says 19" in message


def test_a_missing_manifest_is_reported(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "noman.zip", good_members(), with_manifest=False)
    assert "has no manifest.json" in refused(path)


def test_a_file_listed_but_missing_is_reported(tmp_path: Path) -> None:
    listed = good_members()
    actual = {k: v for k, v in listed.items() if k != "media/pixel.png"}
    path = make_zip(tmp_path / "missing.zip", actual, manifest=listed)
    message = refused(path)
    assert "manifest.json lists 'media/pixel.png', which the bundle does not contain" in message


def test_an_unlisted_file_is_reported(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "extra.zip", good_members(), extra=[("media/extra.png", PIXEL)])
    message = refused(path)
    assert "member 'media/extra.png' is not listed in manifest.json" in message


def test_a_manifest_that_is_not_json_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "badman.zip"
    make_zip(path, good_members(), with_manifest=False, extra=[("manifest.json", b"{nope")])
    assert "manifest.json is not valid JSON" in refused(path)


def test_a_newer_bundle_format_is_refused(tmp_path: Path) -> None:
    manifest = b'{"format": 99, "files": []}'
    path = tmp_path / "newer.zip"
    make_zip(path, {}, with_manifest=False, extra=[("manifest.json", manifest)])
    assert "format 99, newer than this newsdesk reads" in refused(path)


def test_a_member_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    members = dict(good_members(), **{"media/big.png": b"\x89PNG" + bytes(range(256)) * 40})
    path = make_zip(tmp_path / "big.zip", members)
    message = refused(path, limits=BundleLimits(max_member_bytes=8 * 1024))
    assert "member 'media/big.png' is 10 KB uncompressed; the limit is 8 KB" in message


def test_a_bundle_over_the_total_limit_is_refused(tmp_path: Path) -> None:
    members = good_members()
    members.update({f"media/{i}.bin": bytes(range(256)) * 8 for i in range(5)})
    path = make_zip(tmp_path / "total.zip", members)
    message = refused(path, limits=BundleLimits(max_total_bytes=6 * 1024))
    assert "the bundle holds more than 6 KB uncompressed" in message


def test_a_zip_bomb_is_refused_by_its_compression_ratio(tmp_path: Path) -> None:
    members = dict(good_members(), **{"media/bomb.png": bytes(4 * 1024 * 1024)})
    path = make_zip(tmp_path / "bomb.zip", members)
    message = refused(path)  # default limits
    assert "member 'media/bomb.png' expands" in message
    assert "zip bomb" in message


def _patch_headers(path: Path, name: str, *, local: int, central: int, value: bytes) -> None:
    """Overwrite a field of `name`'s local header and central directory record, as
    a hostile zip would (zipfile itself never writes such zips). `local` and
    `central` are the field's offsets in the two records."""
    with zipfile.ZipFile(path) as archive:
        header = archive.getinfo(name).header_offset
    raw = bytearray(path.read_bytes())
    raw[header + local : header + local + len(value)] = value
    record = raw.find(b"PK\x01\x02")
    while record != -1:
        name_length = int.from_bytes(raw[record + 28 : record + 30], "little")
        if raw[record + 46 : record + 46 + name_length] == name.encode():
            raw[record + central : record + central + len(value)] = value
            break
        record = raw.find(b"PK\x01\x02", record + 4)
    else:
        raise AssertionError(f"no central directory record for {name}")
    path.write_bytes(bytes(raw))


def test_a_member_that_lies_about_its_size_is_stopped_while_reading(tmp_path: Path) -> None:
    # 2 MB of zeros deflate to ~2 KB; declaring 16 KB makes the ratio look harmless.
    members = dict(good_members(), **{"media/liar.png": bytes(2 * 1024 * 1024)})
    listed = dict(good_members(), **{"media/liar.png": bytes(16 * 1024)})
    path = make_zip(tmp_path / "liar.zip", members, manifest=listed)
    declared = (16 * 1024).to_bytes(4, "little")
    _patch_headers(path, "media/liar.png", local=22, central=24, value=declared)
    message = refused(path)
    assert "member 'media/liar.png' is damaged" in message  # stopped at 16 KB, CRC fails


def test_an_encrypted_member_is_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "enc.zip", good_members(), extra=[("media/secret.png", b"data")])
    flags = (0x1 | 0x800).to_bytes(2, "little")  # "encrypted" + UTF-8 names
    _patch_headers(path, "media/secret.png", local=6, central=8, value=flags)
    assert "member 'media/secret.png' is encrypted" in refused(path)


def test_an_unusual_compression_method_is_refused(tmp_path: Path) -> None:
    odd = zipfile.ZipInfo("media/odd.png")
    odd.compress_type = zipfile.ZIP_BZIP2
    path = make_zip(tmp_path / "bz.zip", good_members(), extra=[(odd, b"data" * 100)])
    assert "member 'media/odd.png' uses compression method 12" in refused(path)


def test_not_a_zip_and_a_truncated_zip_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "text.zip"
    text.write_text("not a zip at all")
    assert "not a zip file" in refused(text)
    whole = make_zip(tmp_path / "whole.zip", good_members()).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    assert "truncated or damaged" in refused(cut)


def test_a_missing_bundle_is_reported(tmp_path: Path) -> None:
    assert "no such file" in refused(tmp_path / "absent.zip")


def test_a_bundle_without_source_cannot_be_imported(tmp_path: Path) -> None:
    members = {k: v for k, v in good_members().items() if k != "source.md"}
    path = make_zip(tmp_path / "nosrc.zip", members)
    assert "has no source.md" in refused(path)
    assert set(read_bundle_members(path)) == set(members)  # the checks themselves pass


def test_source_cannot_take_an_image_from_outside_media(tmp_path: Path) -> None:
    members = good_members()
    members["source.md"] = SOURCE.replace(b"file: media/pixel.png", b"file: pixel.png")
    members["pixel.png"] = PIXEL  # listed in the manifest, but only media/ holds images
    path = make_zip(tmp_path / "outside.zip", members)
    assert "member 'source.md', line 7: image file 'pixel.png' not found" in refused(path)


def test_source_naming_a_missing_image_names_the_member_and_line(tmp_path: Path) -> None:
    members = {k: v for k, v in good_members().items() if k != "media/pixel.png"}
    path = make_zip(tmp_path / "noimg.zip", members)
    message = refused(path)
    assert "member 'source.md', line 7" in message
    assert "media/pixel.png" in message
    assert "/tmp" not in message.removeprefix(str(path))  # no temporary paths leak
