"""One typed settings model: defaults work, a file and the environment override, errors name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from banshi.config import SettingsError, load_settings


def test_defaults_work_out_of_the_box_in_mandarin_elder_mode() -> None:
    settings = load_settings(environ={})
    assert settings.kiosk.language == "zh_CN"
    assert settings.kiosk.theme == "elder"
    assert settings.kiosk.idle_extend_window_s >= 20
    assert settings.outbox_path.name == "outbox.sqlite3"
    assert settings.hub_database_url.startswith("sqlite:///")


def test_a_settings_file_overrides_the_defaults(tmp_path: Path) -> None:
    file = tmp_path / "banshi.toml"
    file.write_text('[kiosk]\nlanguage = "en"\n[sync]\nhub_url = "http://hub.test:9000"\n', encoding="utf-8")
    settings = load_settings(file, environ={})
    assert settings.kiosk.language == "en"
    assert settings.sync.hub_url == "http://hub.test:9000"


def test_the_environment_overrides_the_file(tmp_path: Path) -> None:
    file = tmp_path / "banshi.toml"
    file.write_text('[kiosk]\nlanguage = "en"\n', encoding="utf-8")
    settings = load_settings(file, environ={"BANSHI_KIOSK__LANGUAGE": "zh_CN", "BANSHI_SYNC__BATCH_SIZE": "7"})
    assert settings.kiosk.language == "zh_CN"
    assert settings.sync.batch_size == 7


def test_the_config_variable_names_the_file(tmp_path: Path) -> None:
    file = tmp_path / "elsewhere.toml"
    file.write_text('[device]\ndevice_id = "counter-07"\n', encoding="utf-8")
    assert load_settings(environ={"BANSHI_CONFIG": str(file)}).device.device_id == "counter-07"


def test_an_unknown_key_is_named_in_the_error(tmp_path: Path) -> None:
    file = tmp_path / "banshi.toml"
    file.write_text("[kiosk]\nlanguag = \"en\"\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"kiosk\.languag") as raised:
        load_settings(file, environ={})
    assert str(file) in str(raised.value)


def test_an_invalid_value_is_named_with_its_problem() -> None:
    with pytest.raises(SettingsError, match=r"kiosk\.idle_extend_window_s: Input should be greater than or equal to 20"):
        load_settings(environ={"BANSHI_KIOSK__IDLE_EXTEND_WINDOW_S": "5"})


def test_an_environment_variable_that_is_not_a_setting_is_refused() -> None:
    with pytest.raises(SettingsError, match="BANSHI_DEBUG"):
        load_settings(environ={"BANSHI_DEBUG": "1"})


def test_a_broken_settings_file_is_reported_with_its_path(tmp_path: Path) -> None:
    file = tmp_path / "banshi.toml"
    file.write_text("[kiosk\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(file, environ={})
