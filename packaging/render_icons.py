"""Render the application icon from its one SVG source.

    .venv/bin/python packaging/render_icons.py          # (re)write the icon files
    .venv/bin/python packaging/render_icons.py --check  # exit 1 if any is missing or stale

Writes, under resources/icons/:
- hicolor/NxN/apps/org.newsdesk.Newsdesk.png for the freedesktop icon theme
  (16 ... 512; the SVG itself is installed as the scalable icon),
- newsdesk.ico (Windows: PNG-compressed entries 16 ... 256),
- newsdesk.icns (macOS: PNG entries 16 ... 1024, including the @2x ones).

Rendering uses Qt's own SVG renderer, so the icon looks the same as the one
the running app draws from the SVG.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsdesk import APP_ID  # noqa: E402

ICONS = ROOT / "resources" / "icons"
SVG = ICONS / f"{APP_ID}.svg"
STAMP = ICONS / "rendered-from.sha256"  # the SVG's digest when the files were rendered
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns entry type -> pixel size (PNG payloads; "@2x" types share sizes).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def hicolor_png(size: int) -> Path:
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render_png(size: int, svg: Path = SVG) -> bytes:
    """The SVG rendered at size x size, as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def build_ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNG images (Windows Vista and later)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, payload = b"", b""
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        payload += data
        offset += len(data)
    return header + entries + payload


def build_icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def read_ico_sizes(data: bytes) -> list[int]:
    reserved, kind, count = struct.unpack_from("<HHH", data)
    if (reserved, kind) != (0, 1):
        raise ValueError("not an .ico file")
    sizes = []
    for i in range(count):
        fields = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        width, length, offset = fields[0], fields[6], fields[7]
        if data[offset : offset + 8] != b"\x89PNG\r\n\x1a\n" or offset + length > len(data):
            raise ValueError(f"entry {i} is not a complete PNG")
        sizes.append(width or 256)
    return sizes


def read_icns_types(data: bytes) -> list[bytes]:
    if data[:4] != b"icns" or struct.unpack_from(">I", data, 4)[0] != len(data):
        raise ValueError("not an .icns file")
    kinds, pos = [], 8
    while pos < len(data):
        kind = data[pos : pos + 4]
        (length,) = struct.unpack_from(">I", data, pos + 4)
        if data[pos + 8 : pos + 16] != b"\x89PNG\r\n\x1a\n":
            raise ValueError(f"{kind!r} is not a PNG entry")
        kinds.append(kind)
        pos += length
    return kinds


def expected_files() -> dict[Path, bytes]:
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | {size for _k, size in ICNS_TYPES})
    pngs = {size: render_png(size) for size in sizes}
    files = {hicolor_png(size): pngs[size] for size in PNG_SIZES}
    files[ICONS / "newsdesk.ico"] = build_ico({size: pngs[size] for size in ICO_SIZES})
    files[ICONS / "newsdesk.icns"] = build_icns(pngs)
    return files


def svg_digest() -> str:
    return hashlib.sha256(SVG.read_bytes()).hexdigest()


def stale_files() -> list[Path]:
    """Icon files missing, or all of them if they were rendered from another
    SVG (compared by content: checkouts do not keep file times)."""
    targets = [hicolor_png(size) for size in PNG_SIZES]
    targets += [ICONS / "newsdesk.ico", ICONS / "newsdesk.icns"]
    stamp = STAMP.read_text().strip() if STAMP.is_file() else ""
    if stamp != svg_digest():
        return targets
    return [p for p in targets if not p.is_file()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files()
        for path in stale:
            print(f"stale or missing: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    for path, data in expected_files().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}  {len(data):>8} bytes")
    STAMP.write_text(svg_digest() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
