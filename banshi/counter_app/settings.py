"""Settings of the counter app (the lead will mount them as a ``[counter]`` section of banshi.config)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class CounterSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    field_mode: bool = False  # a rural service point: start offline, sync only when asked
    accounts_file: Path | None = None  # clerk accounts JSON (synced from the hub later); None = data_dir/clerks.json
    printer: Literal["pdf", "escpos-file"] = "pdf"
    printer_target: Path | None = None  # PDF folder, or the device file of an ESC/POS printer
    idle_warn_s: float = Field(default=600.0, gt=0)
    idle_lock_s: float = Field(default=900.0, gt=0)
    card_valid_days: int = Field(default=365 * 5, ge=1)
    citizen_display_screen: int = 1  # index into QGuiApplication.screens(); falls back to the first
    fullscreen: bool = False


def accounts_path(counter: CounterSettings, data_dir: Path) -> Path:
    return counter.accounts_file or data_dir / "clerks.json"


def audit_path(data_dir: Path) -> Path:
    return data_dir / "audit.sqlite3"


def print_folder(counter: CounterSettings, data_dir: Path) -> Path:
    return counter.printer_target or data_dir / "print"
