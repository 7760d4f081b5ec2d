"""Where the kit's shipped assets live, for an editable checkout and an installed wheel alike."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def assets_dir() -> Path:
    """The `assets/` folder: inside the package when installed, beside it in a checkout."""
    for candidate in (_PACKAGE_DIR / "assets", _PACKAGE_DIR.parent / "assets"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"Banshi's assets folder is missing (looked in {_PACKAGE_DIR / 'assets'} "
        f"and {_PACKAGE_DIR.parent / 'assets'}); reinstall the package."
    )


def asset(*parts: str) -> Path:
    return assets_dir().joinpath(*parts)
