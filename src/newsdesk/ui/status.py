"""The status bar: words, characters, reading time and save state."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel, QStatusBar

from newsdesk.model.text_stats import reading_minutes


def stats_text(words: int, characters: int) -> tuple[str, str, str]:
    minutes = reading_minutes(words)
    return (
        f"{words:,} word{'s' if words != 1 else ''}",
        f"{characters:,} character{'s' if characters != 1 else ''}",
        f"{minutes} min read",
    )


class EditorStatusBar(QStatusBar):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.words = QLabel()
        self.characters = QLabel()
        self.reading = QLabel()
        self.save_state = QLabel()
        for label, name in (
            (self.words, "Word count"),
            (self.characters, "Character count"),
            (self.reading, "Reading time"),
            (self.save_state, "Save state"),
        ):
            label.setAccessibleName(name)
            label.setContentsMargins(8, 0, 8, 0)
            self.addPermanentWidget(label)

    def set_stats(self, words: int, characters: int) -> None:
        w, c, r = stats_text(words, characters)
        self.words.setText(w)
        self.characters.setText(c)
        self.reading.setText(r)

    def set_saved(self, when: datetime | None = None) -> None:
        self.save_state.setText(f"Saved {(when or datetime.now()).strftime('%H:%M')}")

    def set_state(self, text: str) -> None:
        self.save_state.setText(text)
