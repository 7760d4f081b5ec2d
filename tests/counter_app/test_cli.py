"""The counter's commands: adding a clerk writes an argon2 hash that signs in."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from banshi.counter_app.cli import app
from banshi.services.staff import SignIn, load_accounts


def test_counter_clerk_adds_an_account_that_can_sign_in(tmp_path: Path) -> None:
    path = tmp_path / "clerks.json"
    result = CliRunner().invoke(app, ["counter-clerk", "--id", "c009", "--name", "张敏", "--role", "supervisor",
                                      "--accounts", str(path), "--pin", "864209"])
    assert result.exit_code == 0, result.output
    assert "864209" not in path.read_text("utf-8")
    assert SignIn(load_accounts(path)).sign_in("c009", "864209").is_supervisor


def test_the_counter_command_is_documented_in_help() -> None:
    result = CliRunner().invoke(app, ["counter", "--help"])
    assert result.exit_code == 0 and "--field-mode" in result.output
