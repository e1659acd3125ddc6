"""Installers and identity: one application id everywhere, valid desktop
integration files, icons rendered from the SVG, profiles baked into builds, and
(slow) the built Linux app and its .deb/.tar.gz smoke-tested."""

from __future__ import annotations

import configparser
import importlib.util
import json
import os
import plistlib
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from newsdesk import APP_ID, APP_NAME, ORG_NAME, __version__
from newsdesk.profile.locations import ENV_BAKED_PROFILE, ENV_CONFIG_DIR, ENV_SYSTEM_PROFILE

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DESKTOP = ROOT / "resources" / "desktop"
ICONS = ROOT / "resources" / "icons"
MIME_TYPE = "application/x-newsdesk"
EXAMPLE = ROOT / "resources" / "profiles" / "example-newsroom.toml"
APPSTREAM = "{http://www.freedesktop.org/standards/shared-mime-info}"


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def need(tool: str, package: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is missing: install the Debian package {package} (bootstrap.sh test)"
    return path


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


# --- one application id ---------------------------------------------------------


def test_application_id_agrees_everywhere() -> None:
    assert APP_ID == "org.newsdesk.Newsdesk"
    entry = desktop_entry()
    assert entry["Icon"] == APP_ID
    assert MIME_TYPE in entry["MimeType"].split(";")
    assert entry["Exec"] == f"{APP_NAME} %F"  # documents arrive as arguments
    assert entry["StartupWMClass"] == APP_NAME

    meta = ET.parse(DESKTOP / f"{APP_ID}.metainfo.xml").getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.findtext("launchable") == f"{APP_ID}.desktop"
    assert meta.findtext("icon") == APP_ID
    assert meta.findtext("provides/mediatype") == MIME_TYPE
    assert meta.findtext("provides/binary") == APP_NAME
    assert meta.find(f"releases/release[@version='{__version__}']") is not None

    mime = ET.parse(DESKTOP / f"{APP_ID}.mime.xml").getroot()
    (mime_type,) = mime.findall(f"{APPSTREAM}mime-type")
    assert mime_type.get("type") == MIME_TYPE
    assert mime_type.find(f"{APPSTREAM}glob").get("pattern") == "*.newsdesk"
    assert mime_type.find(f"{APPSTREAM}icon").get("name") == APP_ID

    for png in ICONS.glob("hicolor/*/apps/*"):
        assert png.name == f"{APP_ID}.png"
    assert (ICONS / f"{APP_ID}.svg").is_file()

    spec = (PACKAGING / "newsdesk.spec").read_text(encoding="utf-8")
    assert "bundle_identifier=APP_ID" in spec
    assert f'"{MIME_TYPE}"' in spec and '"newsdesk"' in spec

    iss = (PACKAGING / "windows" / "newsdesk.iss").read_text(encoding="utf-8")
    assert f'#define AppId "{APP_ID}"' in iss
    assert f'#define MimeType "{MIME_TYPE}"' in iss
    assert "PrivilegesRequired=lowest" in iss
    assert re.search(r'Root: HKCU; Subkey: "Software\\Classes\\\.newsdesk"', iss)


def test_qt_application_uses_the_same_names() -> None:
    """QSettings' organisation/application names and the desktop file name
    (which ties a Wayland window to its .desktop file and icon)."""
    code = (
        "from newsdesk.ui.app import create_qt_application\n"
        "app = create_qt_application()\n"
        "print(app.organizationName(), app.applicationName(), app.desktopFileName())\n"
        "print(sorted(s.width() for s in app.windowIcon().availableSizes()))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    names, icon_sizes = result.stdout.splitlines()
    assert names.split() == [ORG_NAME, APP_NAME, APP_ID]
    assert icon_sizes == "[16, 24, 32, 48, 64, 128, 256, 512]"  # the application icon


def test_macos_info_plist_declares_the_document_type() -> None:
    """The spec's Info.plist dictionary is valid plist data and claims .newsdesk."""
    spec = (PACKAGING / "newsdesk.spec").read_text(encoding="utf-8")
    literal = spec[spec.index("info_plist=") + len("info_plist=") :]
    depth, end = 0, 0
    for i, char in enumerate(literal):
        depth += char == "{"
        depth -= char == "}"
        if depth == 0 and char == "}":
            end = i + 1
            break
    namespace = {"APP_ID": APP_ID, "APP_NAME": APP_NAME, "__version__": __version__}
    info = eval(literal[:end], namespace)  # the literal only; APP_ID and friends resolved
    plistlib.dumps(info)  # serialisable as a real Info.plist
    (doc_type,) = info["CFBundleDocumentTypes"]
    assert doc_type["CFBundleTypeExtensions"] == ["newsdesk"]
    assert doc_type["CFBundleTypeMIMETypes"] == [MIME_TYPE]
    (uti,) = info["UTExportedTypeDeclarations"]
    assert uti["UTTypeIdentifier"] in doc_type["LSItemContentTypes"]
    assert uti["UTTypeTagSpecification"]["public.filename-extension"] == ["newsdesk"]


# --- desktop integration files ------------------------------------------------------


def test_desktop_file_validates() -> None:
    tool = need("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run(
        [tool, str(DESKTOP / f"{APP_ID}.desktop")], capture_output=True, text=True
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_validates() -> None:
    tool = need("appstreamcli", "appstream")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(DESKTOP / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_double_click_opens_newsdesk(tmp_path: Path) -> None:
    """Installed like the .deb installs them, the MIME package makes .newsdesk
    files application/x-newsdesk (even though they are SQLite inside) and the
    desktop file claims that type."""
    share = tmp_path / "share"
    (share / "mime" / "packages").mkdir(parents=True)
    (share / "applications").mkdir()
    shutil.copy2(DESKTOP / f"{APP_ID}.mime.xml", share / "mime" / "packages" / f"{APP_ID}.xml")
    shutil.copy2(DESKTOP / f"{APP_ID}.desktop", share / "applications")
    subprocess.run(
        [need("update-mime-database", "shared-mime-info"), str(share / "mime")],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [need("update-desktop-database", "desktop-file-utils"), str(share / "applications")],
        check=True,
        capture_output=True,
    )
    cache = (share / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
    assert f"{MIME_TYPE}={APP_ID}.desktop;" in cache
    document = tmp_path / "story.newsdesk"
    shutil.copy2(ROOT / "resources" / "samples" / "nato-ukraine.newsdesk", document)
    code = (
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication, QMimeDatabase\n"
        "app = QCoreApplication([])\n"
        "t = QMimeDatabase().mimeTypeForFile(sys.argv[1])\n"
        "print(t.name(), t.iconName())\n"
    )
    env = {**os.environ, "XDG_DATA_DIRS": f"{share}:/usr/share", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code, str(document)], capture_output=True, text=True, env=env
    )
    assert result.stdout.split() == [MIME_TYPE, APP_ID], result.stderr


# --- icons ---------------------------------------------------------------------------


def test_icons_are_rendered_from_the_svg(qapp) -> None:
    from PySide6.QtGui import QImage

    render_icons = load_script("render_icons")
    assert render_icons.stale_files() == [], "the SVG changed: run packaging/render_icons.py"
    for size in render_icons.PNG_SIZES:
        image = QImage(str(render_icons.hicolor_png(size)))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
    fresh = QImage.fromData(render_icons.render_png(64))
    stored = QImage(str(render_icons.hicolor_png(64)))
    differing = sum(
        1 for y in range(64) for x in range(64) if fresh.pixel(x, y) != stored.pixel(x, y)
    )
    assert differing < 64 * 64 // 50, f"{differing} pixels differ: re-run render_icons.py"
    centre = stored.pixelColor(8, 32)  # left edge of the tile: newsroom red, opaque
    assert centre.alpha() == 255 and centre.red() > 120 and centre.green() < 60


def test_windows_and_macos_icon_files() -> None:
    render_icons = load_script("render_icons")
    ico = (ICONS / "newsdesk.ico").read_bytes()
    assert render_icons.read_ico_sizes(ico) == list(render_icons.ICO_SIZES)
    icns = (ICONS / "newsdesk.icns").read_bytes()
    assert render_icons.read_icns_types(icns) == [kind for kind, _ in render_icons.ICNS_TYPES]


def test_ico_and_icns_writers_round_trip() -> None:
    render_icons = load_script("render_icons")
    fake = {size: b"\x89PNG\r\n\x1a\n" + bytes([size % 256]) * size for size in (16, 32, 256)}
    assert render_icons.read_ico_sizes(render_icons.build_ico(fake)) == [16, 32, 256]
    with pytest.raises(ValueError):
        render_icons.read_ico_sizes(b"\x00\x00\x02\x00\x00\x00")


# --- baking a profile ----------------------------------------------------------------


def test_build_bakes_a_checked_profile_with_its_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = load_script("build")
    bake = tmp_path / "bake"
    values = build.stage_profile(EXAMPLE, bake)
    assert values["portal_name"] == "The Riverside Courier"
    assert (bake / "templates" / "README.md").is_file()
    baked_text = (bake / "baked.toml").read_text(encoding="utf-8")
    assert baked_text.startswith("# Newsroom profile baked into newsdesk")
    assert 'template_dir = "templates"' in baked_text

    from newsdesk.profile.loader import load_profile

    monkeypatch.setenv(ENV_CONFIG_DIR, str(tmp_path / "nothing"))
    monkeypatch.setenv(ENV_SYSTEM_PROFILE, str(tmp_path / "nothing.toml"))
    monkeypatch.setenv(ENV_BAKED_PROFILE, str(bake / "baked.toml"))
    loaded = load_profile(None)
    assert loaded.warnings == []
    assert loaded.profile.portal_name == "The Riverside Courier"
    assert loaded.profile.template_dir == (bake / "templates").resolve()
    assert loaded.sources["base_url"] == f"baked into the app ({bake / 'baked.toml'})"


def test_build_refuses_a_broken_profile(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    build = load_script("build")
    broken = tmp_path / "newsroom.toml"
    broken.write_text("base_url = 'newsroom.example'\ntopics = []\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        build.stage_profile(broken, tmp_path / "bake")
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert f"{broken}: base_url: 'newsroom.example' is not an http or https address" in err
    assert f"{broken}: topics: must list at least one topic" in err
    assert not (tmp_path / "bake").exists()


def test_deb_maintainer_scripts_are_valid_sh(tmp_path: Path) -> None:
    build = load_script("build")
    for name in ("POSTINST", "POSTRM", "LAUNCHER"):
        script = tmp_path / name
        script.write_text(getattr(build, name))
        result = subprocess.run(["sh", "-n", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, f"{name}: {result.stderr}"
    assert 'if [ "$1" = "configure" ]' in build.POSTINST
    for tool in ("update-mime-database", "update-desktop-database", "gtk-update-icon-cache"):
        assert f"command -v {tool}" in build.POSTINST and f"command -v {tool}" in build.POSTRM
    # The AppArmor profile is only installed where AppArmor 4 knows `userns`.
    assert "/etc/apparmor.d/abi/4.0" in build.POSTINST
    profile = (PACKAGING / "linux" / "apparmor-newsdesk").read_text()
    assert "profile newsdesk /opt/newsdesk/newsdesk flags=(unconfined)" in profile
    assert profile.count("userns,") == 2


def test_deb_launcher_finds_the_app_relative_to_itself(tmp_path: Path) -> None:
    """/usr/bin/newsdesk -> ../../opt/newsdesk/newsdesk, also through a symlink."""
    build = load_script("build")
    app = tmp_path / "opt" / "newsdesk" / "newsdesk"
    app.parent.mkdir(parents=True)
    app.write_text('#!/bin/sh\necho "app got: $*"\n')
    app.chmod(0o755)
    launcher = tmp_path / "usr" / "bin" / "newsdesk"
    launcher.parent.mkdir(parents=True)
    launcher.write_text(build.LAUNCHER)
    launcher.chmod(0o755)
    link = tmp_path / "elsewhere"
    link.symlink_to(launcher)
    for command in (launcher, link):
        result = subprocess.run([str(command), "a b", "c"], capture_output=True, text=True)
        assert result.stdout == "app got: a b c\n", result.stderr


# --- the built app (slow) --------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(1500)
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux installers")
def test_built_app_and_installers_pass_the_smoke_test(tmp_path: Path) -> None:
    need("dpkg-deb", "dpkg-dev")
    need("objdump", "binutils")
    build = subprocess.run(
        [sys.executable, str(PACKAGING / "build.py"), "--if-stale"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    info = json.loads((ROOT / "dist" / "build-info.json").read_text())
    assert info["version"] == __version__ and info["profile"] is None
    smoke = subprocess.run(
        [sys.executable, str(PACKAGING / "smoke_test.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert smoke.returncode == 0, smoke.stdout[-4000:] + smoke.stderr[-4000:]
    assert "checks passed" in smoke.stdout


@pytest.mark.slow
@pytest.mark.timeout(1500)
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux build")
def test_built_app_finds_a_baked_profile(tmp_path: Path) -> None:
    """The frozen app looks for resources/profile/baked.toml inside itself
    (same files as a --profile build, without building twice)."""
    app = ROOT / "dist" / APP_NAME
    if not (app / APP_NAME).exists():
        build = subprocess.run(
            [sys.executable, str(PACKAGING / "build.py"), "--if-stale", "--no-installers"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1200,
        )
        assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    copy = tmp_path / APP_NAME
    shutil.copytree(app, copy, symlinks=True, copy_function=os.link)
    resources = next(copy.glob("**/newsdesk/resources"))
    load_script("build").stage_profile(EXAMPLE, resources / "profile")
    env = {
        **os.environ,
        ENV_CONFIG_DIR: str(tmp_path / "nothing"),
        ENV_SYSTEM_PROFILE: str(tmp_path / "nothing.toml"),
    }
    env.pop(ENV_BAKED_PROFILE, None)
    result = subprocess.run(
        [str(copy / APP_NAME), "profile", "show", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["profile"]["portal_name"] == "The Riverside Courier"
    assert data["sources"]["portal_name"].startswith("baked into the app (")
    assert data["profile"]["template_dir"] == str((resources / "profile" / "templates").resolve())
