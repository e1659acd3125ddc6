"""Timezone-aware Python datetimes <-> QDateTime, keeping the article's UTC
offset so the field shows the time the writer typed, with its zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from PySide6.QtCore import QDateTime, QTimeZone

DISPLAY_FORMAT = "yyyy-MM-dd HH:mm t"


def to_qdatetime(value: datetime) -> QDateTime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    offset = int(value.utcoffset().total_seconds())
    zone = QTimeZone(QTimeZone.Initialization.UTC) if offset == 0 else QTimeZone(offset)
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()), zone)


def from_qdatetime(value: QDateTime) -> datetime:
    offset = value.offsetFromUtc()
    zone = UTC if offset == 0 else timezone(timedelta(seconds=offset))
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), tz=zone)
