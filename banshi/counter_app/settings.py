"""Where the counter app keeps its files; its settings are the ``[counter]`` section of banshi.config."""

from __future__ import annotations

from pathlib import Path

from banshi.config import CounterSettings

__all__ = ["CounterSettings", "accounts_path", "audit_path", "print_folder"]


def accounts_path(counter: CounterSettings, data_dir: Path) -> Path:
    return counter.accounts_file or data_dir / "clerks.json"


def audit_path(data_dir: Path) -> Path:
    return data_dir / "audit.sqlite3"


def lockouts_path(data_dir: Path) -> Path:
    """Wrong-PIN counts and lockouts, kept so that restarting the counter does not clear them."""
    return data_dir / "sign-in-lockouts.json"


def print_folder(counter: CounterSettings, data_dir: Path) -> Path:
    return counter.printer_target or data_dir / "print"
