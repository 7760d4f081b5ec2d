"""Checks the `banshi` commands share for their options, each refusing as a usage error (status 2).

Kept apart from ``banshi.cli`` (which imports every app) so any app's own commands may use them.
"""

from __future__ import annotations

from pathlib import Path

import typer


def not_blank(value: str) -> str:
    """An option callback: an empty or blank value is refused."""
    if not value.strip():
        raise typer.BadParameter("must not be empty")
    return value


def folder_or_refuse(folder: Path, option: str) -> None:
    """Make ``folder`` now, or refuse ``option``: better at start than at the first write."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise typer.BadParameter(f"{folder} cannot be a folder here ({error.strerror})", param_hint=option) from None
