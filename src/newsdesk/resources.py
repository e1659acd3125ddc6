"""Find bundled resources the same way from a source checkout, an installed
wheel (resources are packaged as newsdesk/resources) and a PyInstaller bundle
(which lays them out like the wheel)."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    package_dir = Path(__file__).resolve().parent
    candidates = (package_dir / "resources", package_dir.parent.parent / "resources")
    for candidate in candidates:
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError(
        "newsdesk resources are missing (looked in "
        + ", ".join(str(c) for c in candidates)
        + "); the installation is incomplete"
    )


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def sample_article_path(kind: str = "newsdesk") -> Path:
    """The bundled sample article, as .newsdesk or .md."""
    return resource_path("samples", f"nato-ukraine.{kind}")
