"""One typed settings model: defaults that work out of the box, a TOML file, then environment overrides.

Environment variables are ``BANSHI_<SECTION>__<KEY>`` (for example ``BANSHI_SYNC__HUB_URL``).
The settings file is ``$BANSHI_CONFIG`` if set, else ``~/.config/banshi/banshi.toml`` if it exists.
Every error names the offending key and where it came from.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from banshi.errors import OperatorError

ENV_PREFIX = "BANSHI_"
CONFIG_ENV = "BANSHI_CONFIG"
DEFAULT_CONFIG_FILE = Path("~/.config/banshi/banshi.toml").expanduser()


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path("~/.local/share").expanduser())
    return Path(base) / "banshi"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class DeviceSettings(_Section):
    device_id: str = Field(default="kiosk-demo-01", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    data_dir: Path = Field(default_factory=_default_data_dir)


class KioskSettings(_Section):
    language: Literal["zh_CN", "en"] = "zh_CN"
    theme: Literal["elder", "standard", "high_contrast"] = "elder"
    fullscreen: bool = True
    idle_warning_after_s: float = Field(default=90.0, gt=0)
    idle_extend_window_s: float = Field(default=30.0, ge=20.0)
    max_extensions: int = Field(default=12, ge=10)
    operator_pin_hash: str = ""
    # The receipt printer: "escpos-file" (a thermal printer's device file), "pdf" (a folder) or "none".
    printer: Literal["none", "pdf", "escpos-file"] = "pdf"
    printer_target: Path | None = None  # None: <data_dir>/print
    # The screen and where a citizen stands: EN 301 549 5.1.4 wants a capital letter (for Chinese, the
    # character) to subtend ≥ 0.7° from there; `banshi audit` measures rendered glyphs against it.
    screen_diagonal_in: float = Field(default=21.5, gt=5, le=100)
    viewing_distance_mm: float = Field(default=600.0, gt=100, le=3000)


class SyncSettings(_Section):
    hub_url: str = "http://127.0.0.1:8765"
    interval_s: float = Field(default=15.0, gt=0)
    batch_size: int = Field(default=100, ge=1, le=1000)
    enrolment_code: str = ""  # one-time code from `banshi hub enrol-code`, used once at first start
    warn_after_days: float = Field(default=3.0, gt=0)
    block_after_days: float = Field(default=14.0, gt=0)


class HubSettings(_Section):
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = Field(default=8765, ge=0, le=65535)
    workers: int = Field(default=1, ge=1, le=64)  # hub processes sharing the port
    # Wrong enrolment codes tolerated per window from one address and overall (banshi.sync.hub.devices).
    enrol_failures_per_client: int = Field(default=5, ge=1, le=1_000_000)
    enrol_failures_overall: int = Field(default=50, ge=1, le=1_000_000)
    enrol_window_s: float = Field(default=900.0, gt=0, le=7 * 86400)


class HallSettings(_Section):
    """The hall service (`banshi hall serve`) and how devices reach it."""

    url: str = "http://127.0.0.1:8766"  # where kiosks, counters and boards find the hall service
    database_url: str = ""  # empty: <data_dir>/hall.sqlite3
    host: str = "127.0.0.1"
    port: int = Field(default=8766, ge=0, le=65535)
    hall_file: Path | None = None  # the hall's layout (YAML); None: the shipped demo hall
    enrolment_code: str = ""  # one-time code from `banshi hall enrol-code --role ...`
    counter: str = ""  # the window number a counter app calls for ("3")
    kiosk: bool = False  # this kiosk stands in the hall: 取号 on its pages and 呼叫工作人员 on every page
    area: str = Field(default="main", pattern=r"^[a-z0-9_]{1,40}$")  # the kiosk's area: whose counters come
    board_screen_inches: float = Field(default=65.0, gt=10)  # the hall TV's diagonal (a 65″ 1080p TV)
    board_viewing_m: float = Field(default=5.0, gt=0)  # how far its viewers stand


class VoiceSettings(_Section):
    enabled: bool = True
    vosk_model: Path | None = None
    # A folder of <language>.yaml intent templates replacing the shipped ones (dialects, site wording).
    intents_dir: Path | None = None
    rate_wpm: int = Field(default=140, ge=80, le=260)
    volume: float = Field(default=1.0, ge=0.0, le=1.0)
    # What a 中文 screen speaks: Mandarin (cmn) or, for Guangdong halls, Cantonese (yue); text stays 中文.
    chinese_speech: Literal["cmn", "yue"] = "cmn"


class IdentitySettings(_Section):
    decoder: Literal["zxing", "zxing-raw", "pyzbar"] = "zxing"
    # A camera index ("0"), a device path ("/dev/video2") or a video file (demos and tests).
    camera: str = "0"
    # A folder with root.pub.pem and trust-list.cbor; unset means the DEMO keys shipped in assets/keys/demo.
    keys_dir: Path | None = None


class HandwritingSettings(_Section):
    # Zinnia model (Debian tegaki-zinnia-simplified-chinese) and the matcher's templates; None = the
    # installed/shipped defaults. Either may be missing: the kiosk starts and says so (banshi settings).
    zinnia_model: Path | None = None
    templates: Path | None = None


class CounterSettings(_Section):
    field_mode: bool = False  # a rural service point: starts offline, syncs or exports when it can
    accounts_file: Path | None = None  # clerk accounts JSON (synced from the hub later); None = data_dir/clerks.json
    printer: Literal["pdf", "escpos-file"] = "pdf"
    printer_target: Path | None = None  # PDF folder, or the device file of an ESC/POS printer
    idle_warn_s: float = Field(default=600.0, gt=0)
    idle_lock_s: float = Field(default=900.0, gt=0)
    card_valid_days: int = Field(default=365 * 5, ge=1)
    citizen_display_screen: int = 1  # index into QGuiApplication.screens(); falls back to the first
    fullscreen: bool = False


class Settings(_Section):
    device: DeviceSettings = DeviceSettings()
    kiosk: KioskSettings = KioskSettings()
    sync: SyncSettings = SyncSettings()
    hub: HubSettings = HubSettings()
    hall: HallSettings = HallSettings()
    voice: VoiceSettings = VoiceSettings()
    identity: IdentitySettings = IdentitySettings()
    counter: CounterSettings = CounterSettings()
    handwriting: HandwritingSettings = HandwritingSettings()

    @property
    def outbox_path(self) -> Path:
        return self.device.data_dir / "outbox.sqlite3"

    @property
    def trusted_clock_path(self) -> Path:
        return self.device.data_dir / "trusted-clock.json"

    @property
    def pulled_catalog_path(self) -> Path:
        """The service catalog last pulled from the hub (the device's catalog from its next start)."""
        return self.device.data_dir / "catalog.json"

    @property
    def pulled_trust_list_path(self) -> Path:
        """The newest trust list pulled from the hub (verified before use, at every start)."""
        return self.device.data_dir / "trust-list.cbor"

    @property
    def hall_database_url(self) -> str:
        return self.hall.database_url or f"sqlite:///{self.device.data_dir / 'hall.sqlite3'}"

    @property
    def hub_database_url(self) -> str:
        return self.hub.database_url or f"sqlite:///{self.device.data_dir / 'hub.sqlite3'}"


class SettingsError(OperatorError, ValueError):
    """A setting is unknown or invalid; the message names the key and its source."""


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise SettingsError(f"Settings file {path} does not exist (set {CONFIG_ENV} to a real file).") from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"Settings file {path} is not valid TOML: {error}") from error


def _env_overrides(environ: Mapping[str, str]) -> dict[str, dict[str, str]]:
    overrides: dict[str, dict[str, str]] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name == CONFIG_ENV:
            continue
        section, separator, key = name[len(ENV_PREFIX):].lower().partition("__")
        if not separator or not key:
            raise SettingsError(
                f"Environment variable {name} is not a setting; use {ENV_PREFIX}<SECTION>__<KEY>, "
                f"e.g. {ENV_PREFIX}SYNC__HUB_URL."
            )
        overrides.setdefault(section, {})[key] = value
    return overrides


def _merge(base: dict[str, Any], overrides: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    merged = {section: dict(values) if isinstance(values, dict) else values for section, values in base.items()}
    for section, values in overrides.items():
        target = merged.setdefault(section, {})
        if not isinstance(target, dict):
            raise SettingsError(f"Setting [{section}] must be a table, not {type(target).__name__}.")
        target.update(values)
    return merged


def _describe(error: ValidationError, sources: str) -> SettingsError:
    problems = [
        f"{'.'.join(str(part) for part in issue['loc'])}: {issue['msg']}" for issue in error.errors()
    ]
    return SettingsError(f"Invalid settings ({sources}): " + "; ".join(problems))


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Defaults, then ``path`` (or the file named by ``$BANSHI_CONFIG``), then ``BANSHI_*`` variables."""
    environ = os.environ if environ is None else environ
    if path is None and environ.get(CONFIG_ENV):
        path = Path(environ[CONFIG_ENV])
    if path is None and environ is os.environ and DEFAULT_CONFIG_FILE.is_file():
        path = DEFAULT_CONFIG_FILE
    from_file = _read_file(path) if path else {}
    sources = f"file {path}" if path else "defaults"
    try:
        return Settings.model_validate(_merge(from_file, _env_overrides(environ)))
    except ValidationError as error:
        raise _describe(error, sources + " + environment") from error
