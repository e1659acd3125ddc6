"""Smoke test of the built Linux app and its installers.

    .venv/bin/python packaging/smoke_test.py [--app dist/newsdesk] [--deb FILE] [--tarball FILE]

Runs the built binary as a writer would: --version, `profile show`, `check`,
an HTML export and a bundle export of the sample (with the example newsroom
profile, whose portal name and base URL must reach the outputs), and the
editor window offscreen on the sample (NEWSDESK_SMOKE_QUIT_AFTER_MS makes it
quit by itself once the window is up). Then the .deb is unpacked into a
temporary root (dpkg-deb -x) and the .tar.gz into a temporary folder, and
their launchers run an export too. Exit 0 when everything passed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsdesk import APP_ID, APP_NAME, __version__  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"
EXAMPLE_PROFILE = ROOT / "resources" / "profiles" / "example-newsroom.toml"
PORTAL_NAME = "The Riverside Courier"
BASE_URL = "https://news.riverside-courier.example/"
EDITOR_TIMEOUT = 120


class SmokeFailure(Exception):
    pass


class Smoke:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.results: list[tuple[str, float]] = []
        home = work / "home"
        home.mkdir()
        # A fresh, private home: no user settings, no recovery files, no user profile.
        self.env = dict(os.environ)
        self.env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_CACHE_HOME=str(home / ".cache"),
            XDG_STATE_HOME=str(home / ".local" / "state"),
            XDG_RUNTIME_DIR=str(home / "runtime"),
            NEWSDESK_CONFIG_DIR=str(home / "newsdesk-config"),
            NEWSDESK_SYSTEM_PROFILE=str(work / "no-system-profile.toml"),
            QT_QPA_PLATFORM="offscreen",
        )
        (home / "runtime").mkdir(mode=0o700)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            self.env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"  # Chromium refuses its sandbox as root
        for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "NEWSDESK_BAKED_PROFILE"):
            self.env.pop(name, None)

    def run(
        self,
        label: str,
        command: list[str],
        *,
        expect: tuple[int, ...] = (0,),
        env: dict[str, str] | None = None,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess[str]:
        started = time.monotonic()
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                env={**self.env, **(env or {})},
                timeout=timeout,
                cwd=self.work,
            )
        except subprocess.TimeoutExpired as exc:
            raise SmokeFailure(f"{label}: no exit after {timeout} s: {' '.join(command)}") from exc
        elapsed = time.monotonic() - started
        if result.returncode not in expect:
            raise SmokeFailure(
                f"{label}: exit {result.returncode} (wanted {expect}): {' '.join(command)}\n"
                f"--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}"
            )
        self.results.append((label, elapsed))
        print(f"ok  {elapsed:6.1f} s  {label}", flush=True)
        return result

    # -- the checks ------------------------------------------------------------
    def version(self, binary: Path, label: str) -> None:
        out = self.run(f"{label}: --version", [str(binary), "--version"]).stdout
        if f"{APP_NAME} {__version__}" not in out:
            raise SmokeFailure(f"{label}: --version printed {out!r}")

    def exports(self, binary: Path, label: str) -> None:
        sample = SAMPLES / "nato-ukraine.md"
        html_dir = self.work / f"{label}-html"
        self.run(
            f"{label}: export --html",
            [str(binary), "export", str(sample), "--html", str(html_dir)],
            env={"NEWSDESK_CONFIG_DIR": str(self._profile_dir())},
        )
        pages = list(html_dir.glob("*.html"))
        if len(pages) != 1:
            raise SmokeFailure(f"{label}: expected one HTML page in {html_dir}, found {pages}")
        page = pages[0].read_text(encoding="utf-8")
        canonical = f'<link rel="canonical" href="{BASE_URL}{pages[0].stem}"'
        if canonical not in page or PORTAL_NAME not in page:
            raise SmokeFailure(
                f"{label}: {pages[0].name} lacks the profile's canonical link or portal name"
            )
        bundle_dir = self.work / f"{label}-bundle"
        self.run(
            f"{label}: export --bundle",
            [str(binary), "export", str(sample), "--bundle", str(bundle_dir)],
            env={"NEWSDESK_CONFIG_DIR": str(self._profile_dir())},
        )
        zips = list(bundle_dir.glob("*.zip"))
        if len(zips) != 1:
            raise SmokeFailure(f"{label}: expected one bundle in {bundle_dir}, found {zips}")
        with zipfile.ZipFile(zips[0]) as bundle:
            names = bundle.namelist()
            ninjs_name = next((n for n in names if n.endswith("article.json")), None)
            if ninjs_name is None:
                raise SmokeFailure(f"{label}: no article.json in {zips[0].name}: {names}")
            ninjs = json.loads(bundle.read(ninjs_name))
        if not str(ninjs.get("uri", "")).startswith(BASE_URL):
            raise SmokeFailure(f"{label}: ninjs uri {ninjs.get('uri')!r} is not under {BASE_URL}")

    def _profile_dir(self) -> Path:
        """A user config folder holding the example newsroom profile."""
        folder = self.work / "example-profile"
        if not folder.is_dir():
            folder.mkdir()
            shutil.copy2(EXAMPLE_PROFILE, folder / "profile.toml")
            templates = EXAMPLE_PROFILE.parent / "example-newsroom-templates"
            shutil.copytree(templates, folder / "example-newsroom-templates")
        return folder

    def commands(self, binary: Path, label: str) -> None:
        shown = self.run(
            f"{label}: profile show --json",
            [str(binary), "profile", "show", "--json", "--profile", str(EXAMPLE_PROFILE)],
        )
        data = json.loads(shown.stdout)
        if data["profile"]["portal_name"] != PORTAL_NAME:
            raise SmokeFailure(f"{label}: profile show did not apply --profile: {data}")
        self.run(
            f"{label}: check",
            [str(binary), "check", str(SAMPLES / "nato-ukraine.md")],
            expect=(0, 1),
        )

    def editor(self, binary: Path, label: str) -> None:
        sample = self.work / "editor-sample.newsdesk"
        source = SAMPLES / "nato-ukraine.newsdesk"
        if source.is_file():
            shutil.copy2(source, sample)
        else:
            sample = SAMPLES / "nato-ukraine.md"
        result = self.run(
            f"{label}: editor window offscreen on {sample.name}",
            [str(binary), str(sample)],
            env={"NEWSDESK_SMOKE_QUIT_AFTER_MS": "4000"},
            timeout=EDITOR_TIMEOUT,
        )
        if "smoke: window shown" not in result.stderr:
            raise SmokeFailure(
                f"{label}: the editor exited without reporting its window:\n{result.stderr[-3000:]}"
            )
        # The preview's page comes from the render worker, the app run again
        # as a second process (render_process): it must have arrived.
        generations = re.findall(r"smoke: preview generation (\d+)", result.stderr)
        if not generations or int(generations[0]) < 1:
            raise SmokeFailure(
                f"{label}: the preview showed no rendered page:\n{result.stderr[-3000:]}"
            )

    def deb(self, deb: Path) -> None:
        root = self.work / "deb-root"
        self.run("deb: dpkg-deb -x", ["dpkg-deb", "-x", str(deb), str(root)])
        info = self.run("deb: dpkg-deb -f", ["dpkg-deb", "-f", str(deb)]).stdout
        for field in ("Package: newsdesk", f"Version: {__version__}", "Depends: "):
            if field not in info:
                raise SmokeFailure(f"deb: control lacks {field!r}:\n{info}")
        expected = [
            "opt/newsdesk/newsdesk",
            "usr/bin/newsdesk",
            f"usr/share/applications/{APP_ID}.desktop",
            f"usr/share/metainfo/{APP_ID}.metainfo.xml",
            f"usr/share/mime/packages/{APP_ID}.xml",
            f"usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
            f"usr/share/icons/hicolor/48x48/apps/{APP_ID}.png",
            f"usr/share/icons/hicolor/512x512/apps/{APP_ID}.png",
            "usr/share/newsdesk/apparmor/newsdesk",
        ]
        missing = [rel for rel in expected if not (root / rel).exists()]
        if missing:
            raise SmokeFailure(f"deb: missing {missing}")
        # The AppArmor profile must name the binaries where the .deb puts them.
        apparmor = (root / "usr/share/newsdesk/apparmor/newsdesk").read_text()
        for rel in ("opt/newsdesk/newsdesk", "opt/newsdesk/_internal/PySide6/Qt/libexec/"):
            if f" /{rel}" not in apparmor:
                raise SmokeFailure(f"deb: the AppArmor profile does not name /{rel}")
        helper = root / "opt/newsdesk/_internal/PySide6/Qt/libexec/QtWebEngineProcess"
        if not helper.is_file():
            raise SmokeFailure(f"deb: {helper} is missing")
        launcher = root / "usr" / "bin" / "newsdesk"
        self.version(launcher, "deb launcher")
        self.exports(launcher, "deb launcher")

    def tarball(self, tarball: Path) -> None:
        folder = self.work / "tarball"
        started = time.monotonic()
        with tarfile.open(tarball) as tar:
            tar.extractall(folder, filter="tar")
        self.results.append(("tar.gz: unpack", time.monotonic() - started))
        binaries = list(folder.glob(f"*/{APP_NAME}"))
        if len(binaries) != 1:
            raise SmokeFailure(f"tar.gz: expected one {APP_NAME} binary, found {binaries}")
        self.version(binaries[0], "tar.gz")


def main(argv: list[str] | None = None) -> int:
    dist = ROOT / "dist"
    parser = argparse.ArgumentParser(description="Smoke-test the built app and installers.")
    parser.add_argument("--app", type=Path, default=dist / APP_NAME, help="the app folder")
    parser.add_argument("--deb", type=Path, default=dist / f"{APP_NAME}_{__version__}_amd64.deb")
    parser.add_argument(
        "--tarball", type=Path, default=dist / f"{APP_NAME}-{__version__}-linux-x86_64.tar.gz"
    )
    parser.add_argument("--no-editor", action="store_true", help="skip the editor window check")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    binary = args.app / APP_NAME
    for path in (binary, args.deb, args.tarball):
        if not path.exists():
            print(
                f"smoke: {path} is missing; build first: .venv/bin/python packaging/build.py",
                file=sys.stderr,
            )
            return 2
    work = Path(tempfile.mkdtemp(prefix="newsdesk-smoke-"))
    smoke = Smoke(work)
    try:
        smoke.version(binary, "app")
        smoke.commands(binary, "app")
        smoke.exports(binary, "app")
        if not args.no_editor:
            smoke.editor(binary, "app")
        smoke.deb(args.deb)
        smoke.tarball(args.tarball)
    except SmokeFailure as exc:
        print(f"smoke: FAILED: {exc}", file=sys.stderr)
        print(f"smoke: files kept in {work}", file=sys.stderr)
        return 1
    total = sum(seconds for _label, seconds in smoke.results)
    print(f"smoke: all {len(smoke.results)} checks passed in {total:.1f} s")
    if args.keep:
        print(f"smoke: files kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
