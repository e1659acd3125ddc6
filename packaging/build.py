"""Build the newsdesk app with PyInstaller and, on Linux, its installers.

    .venv/bin/python packaging/build.py [--profile FILE]

Produces dist/newsdesk/ (the one-folder app) and on Linux also
dist/newsdesk-VERSION-linux-x86_64.tar.gz and dist/newsdesk_VERSION_amd64.deb.
`--profile FILE` checks a newsroom profile and bakes it into the app (with its
template folder); a profile with any problem stops the build.
See docs/packaging.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsdesk import APP_ID, APP_NAME, __version__  # noqa: E402
from newsdesk.profile.toml_profile import dump_profile_values, read_profile_file  # noqa: E402

PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
BUILD = ROOT / "build"
APP_DIR = DIST / APP_NAME
BUILD_INFO = DIST / "build-info.json"
MIME_TYPE = "application/x-newsdesk"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Inputs of a build: any of these newer than the build makes it stale.
INPUTS = ("src", "resources", "packaging/newsdesk.spec", "packaging/entry.py", "pyproject.toml")
# Used when a library's Debian package cannot be found (e.g. building off Debian).
FALLBACK_DEPENDS = (
    "libc6",
    "libstdc++6",
    "libgl1",
    "libegl1",
    "libfontconfig1",
    "libfreetype6",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libdbus-1-3",
    "libnss3",
    "libasound2",
)


def log(message: str) -> None:
    print(f"build: {message}", flush=True)


def fail(message: str, code: int = 2) -> None:
    print(f"build: error: {message}", file=sys.stderr)
    raise SystemExit(code)


# --- preparation ---------------------------------------------------------------


def ensure_pyinstaller() -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
            "optional-dependencies"
        ]["packaging"]
        log(f"installing {', '.join(extras)} into {sys.prefix}")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *extras], check=True)


def ensure_icons() -> None:
    sys.path.insert(0, str(PACKAGING))
    import render_icons

    if render_icons.stale_files():
        log("rendering icons from the SVG")
        render_icons.main([])


def stage_profile(profile: Path, bake_dir: Path) -> dict:
    """Check `profile` and write it (normalized) as bake_dir/baked.toml, with
    its template folder copied beside it."""
    parsed = read_profile_file(profile)
    if parsed.problems:
        for problem in parsed.problems:
            print(f"build: profile problem: {problem}", file=sys.stderr)
        fail(f"{profile}: the profile has problems; nothing was built")
    shutil.rmtree(bake_dir, ignore_errors=True)
    bake_dir.mkdir(parents=True)
    values = dict(parsed.values)
    if "template_dir" in values:
        shutil.copytree(values["template_dir"], bake_dir / "templates")
        values["template_dir"] = "templates"  # relative to baked.toml
    header = f"Newsroom profile baked into newsdesk {__version__} from {profile.name}"
    (bake_dir / "baked.toml").write_text(dump_profile_values(values, header), encoding="utf-8")
    return values


def newest_input_mtime() -> float:
    newest = 0.0
    for name in INPUTS:
        path = ROOT / name
        files = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" not in file.parts:
                newest = max(newest, file.stat().st_mtime)
    return newest


def build_is_fresh(profile: Path | None) -> bool:
    if not (APP_DIR / APP_NAME).exists() or not BUILD_INFO.is_file():
        return False
    info = json.loads(BUILD_INFO.read_text())
    wanted_profile = str(profile.resolve()) if profile else None
    return (
        info.get("version") == __version__
        and info.get("profile") == wanted_profile
        and info.get("built_at", 0) >= newest_input_mtime()
        and (profile is None or info.get("profile_mtime", 0) >= profile.stat().st_mtime)
    )


# --- the app -------------------------------------------------------------------


def run_pyinstaller(bake_dir: Path | None, clean: bool) -> None:
    env = dict(os.environ)
    env.pop("NEWSDESK_BAKE_DIR", None)
    if bake_dir is not None:
        env["NEWSDESK_BAKE_DIR"] = str(bake_dir)
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={DIST}",
        f"--workpath={BUILD / 'pyinstaller'}",
        str(PACKAGING / "newsdesk.spec"),
    ]
    if clean:
        command.insert(3, "--clean")
    shutil.rmtree(APP_DIR, ignore_errors=True)
    subprocess.run(command, check=True, env=env, cwd=ROOT)
    # Libraries pruned in the spec can leave their top-level symlinks behind.
    for link in APP_DIR.rglob("*"):
        if link.is_symlink() and not link.exists():
            link.unlink()


def _has_symbol_table(path: Path) -> bool:
    """Whether an ELF file still carries .symtab/.debug sections (i.e. strip helps)."""
    with open(path, "rb") as fh:
        data = fh.read(64)
        if data[:4] != b"\x7fELF" or data[4] != 2:  # 64-bit ELF only
            return False
        shoff = int.from_bytes(data[0x28:0x30], "little")
        shentsize = int.from_bytes(data[0x3A:0x3C], "little")
        shnum = int.from_bytes(data[0x3C:0x3E], "little")
        shstrndx = int.from_bytes(data[0x3E:0x40], "little")
        if not shoff or not shnum or shstrndx >= shnum:
            return False
        fh.seek(shoff)
        table = fh.read(shentsize * shnum)
        names_header = table[shstrndx * shentsize : (shstrndx + 1) * shentsize]
        names_offset = int.from_bytes(names_header[0x18:0x20], "little")
        names_size = int.from_bytes(names_header[0x20:0x28], "little")
        fh.seek(names_offset)
        names = fh.read(names_size)
    for i in range(shnum):
        header = table[i * shentsize : (i + 1) * shentsize]
        start = int.from_bytes(header[0:4], "little")
        name = names[start : names.index(b"\0", start)]
        if name == b".symtab" or name.startswith(b".debug"):
            return True
    return False


def strip_libraries(folder: Path) -> int:
    """Strip shared libraries that still carry symbols (Python's own build and
    some wheels do; Qt's are stripped already). The executables are left
    alone: PyInstaller appends its archive to them. Returns bytes saved."""
    if not shutil.which("strip"):
        fail("strip is missing; install binutils")
    saved = 0
    for path in folder.rglob("*.so*"):
        if path.is_file() and not path.is_symlink() and _has_symbol_table(path):
            before = path.stat().st_size
            subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
            saved += before - path.stat().st_size
    return saved


def tree_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def biggest_items(path: Path, count: int = 12) -> list[tuple[str, int]]:
    files = [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    files.sort(key=lambda p: p.stat().st_size, reverse=True)
    return [(str(p.relative_to(path)), p.stat().st_size) for p in files[:count]]


# --- Linux installers --------------------------------------------------------------


def make_tarball(version: str) -> Path:
    target = DIST / f"{APP_NAME}-{version}-linux-x86_64.tar.gz"
    top = f"{APP_NAME}-{version}"
    tmp = target.with_suffix(".part")
    with tarfile.open(tmp, "w:gz", compresslevel=6) as tar:
        tar.add(APP_DIR, arcname=top)
        for name, arcname in desktop_files().items():
            tar.add(name, arcname=f"{top}/share/{arcname}")
    tmp.replace(target)
    return target


def desktop_files() -> dict[Path, str]:
    """Desktop integration files -> their place under /usr/share."""
    res = ROOT / "resources"
    files = {
        res / "desktop" / f"{APP_ID}.desktop": f"applications/{APP_ID}.desktop",
        res / "desktop" / f"{APP_ID}.metainfo.xml": f"metainfo/{APP_ID}.metainfo.xml",
        res / "desktop" / f"{APP_ID}.mime.xml": f"mime/packages/{APP_ID}.xml",
        res / "icons" / f"{APP_ID}.svg": f"icons/hicolor/scalable/apps/{APP_ID}.svg",
    }
    for size in ICON_SIZES:
        rel = f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png"
        files[res / rel] = rel
    return files


LAUNCHER = """#!/bin/sh
# newsdesk launcher: the app itself lives in /opt/newsdesk.
here="$(dirname "$(readlink -f "$0")")"
exec "$here/../../opt/newsdesk/newsdesk" "$@"
"""

CACHE_UPDATES = """  if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database /usr/share/mime || true
  fi
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
  fi
"""

APPARMOR_SOURCE = "/usr/share/newsdesk/apparmor/newsdesk"
APPARMOR_TARGET = "/etc/apparmor.d/newsdesk"

# AppArmor 4 (Ubuntu 24.04) forbids unprivileged user namespaces unless a
# profile allows them, and Chromium's sandbox needs them: without the profile
# the preview cannot start. Older AppArmor does not know the `userns` rule, so
# the profile is only put in place where the 4.0 ABI exists.
APPARMOR_INSTALL = f"""  if [ -e /etc/apparmor.d/abi/4.0 ]; then
    cp {APPARMOR_SOURCE} {APPARMOR_TARGET}
    if command -v apparmor_parser >/dev/null 2>&1; then
      apparmor_parser -r -T -W {APPARMOR_TARGET} || true
    fi
  fi
"""

APPARMOR_REMOVE = f"""  if [ -e {APPARMOR_TARGET} ]; then
    if command -v apparmor_parser >/dev/null 2>&1; then
      apparmor_parser -R {APPARMOR_TARGET} >/dev/null 2>&1 || true
    fi
    rm -f {APPARMOR_TARGET}
  fi
"""

POSTINST = f"""#!/bin/sh
set -e
if [ "$1" = "configure" ]; then
{APPARMOR_INSTALL}{CACHE_UPDATES}fi
exit 0
"""

POSTRM = f"""#!/bin/sh
set -e
if [ "$1" = "remove" ] || [ "$1" = "purge" ]; then
{APPARMOR_REMOVE}{CACHE_UPDATES}fi
exit 0
"""


def _elf_files(folder: Path) -> list[Path]:
    out = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    out.append(path)
    return out


def _needed(path: Path) -> tuple[list[str], set[tuple[int, ...]]]:
    """The libraries an ELF file links, and the glibc symbol versions it uses."""
    result = subprocess.run(
        ["objdump", "-p", str(path)], capture_output=True, text=True, check=False
    )
    names = re.findall(r"^\s*NEEDED\s+(\S+)", result.stdout, re.MULTILINE)
    glibc = {
        tuple(int(part) for part in version.split("."))
        for version in re.findall(r"\bGLIBC_(\d+(?:\.\d+)+)\b", result.stdout)
    }
    return names, glibc


def system_library_depends(folder: Path) -> list[str]:
    """Debian packages providing the libraries the app links but does not bundle."""
    if not shutil.which("objdump"):
        fail("objdump is missing; install binutils")
    bundled = {p.name for p in folder.rglob("*") if p.is_file() or p.is_symlink()}
    wanted: set[str] = set()
    glibc: set[tuple[int, ...]] = {(2, 17)}
    for elf in _elf_files(folder):
        names, versions = _needed(elf)
        wanted.update(names)
        glibc |= versions
    wanted -= bundled
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    found: dict[str, str] = {}
    for line in cache.splitlines():
        m = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if m and "x86-64" in m.group(2):
            found.setdefault(m.group(1), m.group(3))
    packages: set[str] = set()
    missing = []
    for name in sorted(wanted):
        path = found.get(name)
        owner = None
        if path and shutil.which("dpkg"):
            real = os.path.realpath(path)
            for candidate in (path, real):
                res = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
                if res.returncode == 0:
                    owner = res.stdout.split(":", 1)[0].strip()
                    break
                if candidate.startswith("/lib/"):  # usrmerge: files are listed under /usr
                    res = subprocess.run(
                        ["dpkg", "-S", "/usr" + candidate], capture_output=True, text=True
                    )
                    if res.returncode == 0:
                        owner = res.stdout.split(":", 1)[0].strip()
                        break
        if owner == "libc6":
            # Like dpkg-shlibdeps: the newest glibc symbol version anything uses.
            packages.add(f"libc6 (>= {'.'.join(map(str, max(glibc)))})")
        elif owner:
            packages.add(owner)
        else:
            missing.append(name)
    qt_missing = [name for name in missing if name.startswith("libQt")]
    if qt_missing:
        # A Qt library the spec pruned is still linked by something it kept.
        fail(f"the app links {', '.join(qt_missing)} but does not bundle it; fix the spec")
    if missing:
        log(f"no Debian package found for {', '.join(missing)}; using the fallback list")
        packages.update(FALLBACK_DEPENDS)
    return sorted(packages)


def make_deb(version: str) -> Path:
    if not shutil.which("dpkg-deb"):
        fail("dpkg-deb is missing; install dpkg-dev (scripts/bootstrap.sh test does)")
    stage = BUILD / "deb" / "root"
    shutil.rmtree(stage.parent, ignore_errors=True)
    opt = stage / "opt" / APP_NAME
    shutil.copytree(APP_DIR, opt, symlinks=True)
    launcher = stage / "usr" / "bin" / APP_NAME
    launcher.parent.mkdir(parents=True)
    launcher.write_text(LAUNCHER)
    launcher.chmod(0o755)
    for src, rel in desktop_files().items():
        target = stage / "usr" / "share" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
        target.chmod(0o644)
    apparmor = stage / APPARMOR_SOURCE.lstrip("/")
    apparmor.parent.mkdir(parents=True)
    shutil.copy2(PACKAGING / "linux" / "apparmor-newsdesk", apparmor)
    apparmor.chmod(0o644)
    doc = stage / "usr" / "share" / "doc" / APP_NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "newsdesk\nLicense: MIT\n\nThe bundled Qt and PySide6 libraries are licensed under "
        "the LGPL-3.0; Qt WebEngine includes Chromium (BSD-style and others).\n"
    )
    depends = system_library_depends(APP_DIR)
    installed_kib = (tree_size(stage) + 1023) // 1024
    control_dir = stage / "DEBIAN"
    control_dir.mkdir()
    (control_dir / "control").write_text(
        f"Package: {APP_NAME}\n"
        f"Version: {version}\n"
        "Architecture: amd64\n"
        "Maintainer: newsdesk developers <newsdesk@example.org>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(depends)}\n"
        "Recommends: fonts-dejavu-core | fonts-liberation2, shared-mime-info, "
        "desktop-file-utils\n"
        "Section: editors\n"
        "Priority: optional\n"
        "Homepage: https://newsdesk.example.org/\n"
        "Description: news article editor with a live portal preview\n"
        " newsdesk is an offline editor for news writers: Markdown with structure\n"
        " (headline, standfirst, byline, topic, FAQs, related links, images), a live\n"
        " preview identical to the portal page, and HTML and ninjs bundle exports.\n"
    )
    for name, text in (("postinst", POSTINST), ("postrm", POSTRM)):
        script = control_dir / name
        script.write_text(text)
        script.chmod(0o755)
    for path in [stage, *stage.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    target = DIST / f"{APP_NAME}_{version}_amd64.deb"
    subprocess.run(
        # gzip: xz would save ~20 % but takes minutes on a small build machine.
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(stage), str(target)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target


# --- main -----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build newsdesk and its installers.")
    parser.add_argument(
        "--profile", type=Path, metavar="FILE", help="newsroom profile to bake into the app"
    )
    parser.add_argument(
        "--if-stale",
        action="store_true",
        help="reuse dist/newsdesk if it is newer than every source file",
    )
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument(
        "--no-installers", action="store_true", help="only the app folder, no .tar.gz/.deb"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    profile = args.profile.resolve() if args.profile else None
    bake_dir = BUILD / "bake" if profile else None
    if profile:
        values = stage_profile(profile, bake_dir)
        log(f"baking {profile} ({len(values)} keys) into the app")

    if args.if_stale and build_is_fresh(profile):
        log(f"{APP_DIR} is up to date; reusing it")
        info = json.loads(BUILD_INFO.read_text())
    else:
        ensure_pyinstaller()
        ensure_icons()
        log(f"building {APP_NAME} {__version__} with PyInstaller (a minute or two)")
        app_started = time.monotonic()
        run_pyinstaller(bake_dir, args.clean)
        stripped = strip_libraries(APP_DIR) if sys.platform.startswith("linux") else 0
        info = {
            "version": __version__,
            "platform": f"{sys.platform}-{platform.machine()}",
            "profile": str(profile) if profile else None,
            "profile_mtime": profile.stat().st_mtime if profile else None,
            "built_at": time.time(),
            "app_seconds": round(time.monotonic() - app_started, 1),
            "app_bytes": tree_size(APP_DIR),
            "stripped_bytes": stripped,
            "biggest": biggest_items(APP_DIR),
        }
    artifacts = {}
    if sys.platform.startswith("linux") and not args.no_installers:
        log("making the .tar.gz and the .deb")

        def timed(maker):
            step = time.monotonic()
            path = maker(__version__)
            return {
                "path": str(path.relative_to(ROOT)),
                "bytes": path.stat().st_size,
                "seconds": round(time.monotonic() - step, 1),
            }

        # Both are mostly gzip time (zlib releases the GIL, dpkg-deb is its own
        # process): side by side they take the time of one.
        with ThreadPoolExecutor(max_workers=2) as pool:
            tar_job = pool.submit(timed, make_tarball)
            deb_job = pool.submit(timed, make_deb)
            artifacts["tar.gz"] = tar_job.result()
            artifacts["deb"] = deb_job.result()
    if sys.platform == "win32" and not args.no_installers:
        iscc = shutil.which("iscc") or shutil.which("ISCC")
        if iscc:
            subprocess.run(
                [iscc, f"/DAppVersion={__version__}", str(PACKAGING / "windows" / "newsdesk.iss")],
                check=True,
            )
        else:
            log("Inno Setup's iscc.exe is not on PATH; the installer was not made")
    if sys.platform == "darwin" and not args.no_installers:
        subprocess.run(["bash", str(PACKAGING / "macos" / "make_dmg.sh"), __version__], check=True)
    info["artifacts"] = artifacts
    info["total_seconds"] = round(time.monotonic() - started, 1)
    DIST.mkdir(exist_ok=True)
    BUILD_INFO.write_text(json.dumps(info, indent=2))

    mib = 1024 * 1024
    log(f"app folder {APP_DIR.relative_to(ROOT)}: {info['app_bytes'] / mib:.0f} MiB unpacked")
    for kind, item in artifacts.items():
        log(f"{kind}: {item['path']} {item['bytes'] / mib:.0f} MiB ({item['seconds']} s)")
    log(f"done in {info['total_seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
