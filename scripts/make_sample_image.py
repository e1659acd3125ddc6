"""Draw the sample article's featured image (resources/samples/nato-summit-vilnius.png).

An illustration rather than a photograph, so the repository holds no third-party
picture: a row of flags (NATO, Ukraine, Lithuania) on poles before a dusk sky,
with a caption band. Run from the repository root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_sample_image.py
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

WIDTH, HEIGHT = 1200, 675
NATO_BLUE = QColor("#004990")
UA_BLUE = QColor("#0057b7")
UA_YELLOW = QColor("#ffd700")
LT_YELLOW, LT_GREEN, LT_RED = QColor("#fdb913"), QColor("#006a44"), QColor("#c1272d")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "resources/samples/nato-summit-vilnius.png"


def _wave(rect: QRectF, phase: float) -> QPainterPath:
    """A flag outline whose free edge ripples, so the flags look like cloth."""
    path = QPainterPath(rect.topLeft())
    steps = 24
    for i in range(steps + 1):
        x = rect.left() + rect.width() * i / steps
        path.lineTo(x, rect.top() + 6 * math.sin(phase + i / steps * math.pi * 2) * i / steps)
    for i in range(steps, -1, -1):
        x = rect.left() + rect.width() * i / steps
        wobble = 6 * math.sin(phase + i / steps * math.pi * 2) * i / steps
        path.lineTo(x, rect.bottom() + wobble)
    path.closeSubpath()
    return path


def _stripes(painter: QPainter, rect: QRectF, colors: list[QColor], phase: float) -> None:
    outline = _wave(rect, phase)
    painter.save()
    painter.setClipPath(outline)
    band = (rect.height() + 16) / len(colors)
    for i, color in enumerate(colors):
        painter.fillRect(QRectF(rect.left(), rect.top() - 8 + i * band, rect.width(), band), color)
    painter.restore()


def _nato_flag(painter: QPainter, rect: QRectF, phase: float) -> None:
    _stripes(painter, rect, [NATO_BLUE], phase)
    center = rect.center()
    radius = rect.height() * 0.3
    painter.save()
    painter.setPen(QPen(QColor("white"), 3))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(center, radius * 0.62, radius * 0.62)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("white"))
    for k in range(4):  # the four-pointed compass star
        angle = k * math.pi / 2
        tip = QPointF(center.x() + math.cos(angle) * radius, center.y() + math.sin(angle) * radius)
        side = radius * 0.16
        left = QPointF(
            center.x() + math.cos(angle + math.pi / 2) * side,
            center.y() + math.sin(angle + math.pi / 2) * side,
        )
        right = QPointF(
            center.x() + math.cos(angle - math.pi / 2) * side,
            center.y() + math.sin(angle - math.pi / 2) * side,
        )
        painter.drawPolygon(QPolygonF([left, tip, right, center]))
    painter.restore()


def _pole(painter: QPainter, x: float, top: float, bottom: float) -> None:
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#d9dde3"))
    painter.drawRect(QRectF(x - 4, top, 8, bottom - top))
    painter.drawEllipse(QPointF(x, top), 8, 8)
    painter.restore()


def draw() -> QImage:
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)

    sky = QLinearGradient(0, 0, 0, HEIGHT)
    sky.setColorAt(0.0, QColor("#0b2447"))
    sky.setColorAt(0.65, QColor("#19376d"))
    sky.setColorAt(1.0, QColor("#576cbc"))
    painter.fillRect(image.rect(), QBrush(sky))

    # Old Town skyline: roofs, a few church spires and a castle tower.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#0a1a33"))
    x = 0.0
    heights = [70, 95, 60, 120, 80, 105, 65, 140, 90, 75, 110, 85, 60, 130, 95, 70, 100, 80]
    spires = {3: 130, 7: 170, 13: 150}
    for i, h in enumerate(heights):
        w = WIDTH / len(heights)
        base = 575.0
        painter.drawRect(QRectF(x, base - h, w + 1, h))
        roof = QPolygonF([QPointF(x, base - h), QPointF(x + w / 2, base - h - 28),
                          QPointF(x + w + 1, base - h)])  # fmt: skip
        painter.drawPolygon(roof)
        if i in spires:
            cx = x + w / 2
            painter.drawRect(QRectF(cx - 12, base - h - spires[i] + 40, 24, spires[i] - 40))
            top = base - h - spires[i]
            spire = [QPointF(cx - 14, top + 40), QPointF(cx, top - 30), QPointF(cx + 14, top + 40)]
            painter.drawPolygon(QPolygonF(spire))
        x += w
    painter.setBrush(QColor("#f6d67a"))
    for i in range(0, 60):  # lit windows
        wx = (i * 197) % WIDTH
        wy = 500 + (i * 53) % 60
        painter.drawRect(QRectF(wx, wy, 7, 10))

    flags = [
        ("nato", 250),
        ("ua", 600),
        ("lt", 950),
    ]
    for index, (kind, x) in enumerate(flags):
        _pole(painter, x - 110, 90, 600)
        rect = QRectF(x - 106, 110, 230, 150)
        phase = index * 1.3
        if kind == "nato":
            _nato_flag(painter, rect, phase)
        elif kind == "ua":
            _stripes(painter, rect, [UA_BLUE, UA_YELLOW], phase)
        else:
            _stripes(painter, rect, [LT_YELLOW, LT_GREEN, LT_RED], phase)

    # Caption band.
    painter.fillRect(QRectF(0, 575, WIDTH, 100), QColor(6, 18, 38, 235))
    painter.fillRect(QRectF(0, 575, WIDTH, 5), UA_YELLOW)
    title = QFont("DejaVu Sans", 40, QFont.Weight.Bold)
    painter.setFont(title)
    painter.setPen(QColor("white"))
    painter.drawText(
        QRectF(48, 585, 800, 80), Qt.AlignmentFlag.AlignVCenter, "NATO summit, Vilnius"
    )
    painter.setFont(QFont("DejaVu Sans", 22))
    painter.setPen(QColor("#c9d6ea"))
    painter.drawText(
        QRectF(700, 585, 452, 80),
        Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
        "11–12 July 2023",
    )
    painter.end()
    return image


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    app = QGuiApplication.instance() or QGuiApplication(argv[:1])
    image = draw()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG", 9):
        print(f"could not write {out}", file=sys.stderr)
        return 1
    del app
    print(f"{out}: {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
