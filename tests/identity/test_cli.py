from __future__ import annotations

import json
from pathlib import Path

import qrcode
from typer.testing import CliRunner

from banshi.identity.cli import app

runner = CliRunner()


def test_scan_prints_one_json_line_per_image_in_the_documented_shape(tmp_path: Path) -> None:
    qrcode.make("BST:A042").save(tmp_path / "ticket.png")
    qrcode.make("hello").save(tmp_path / "other.png")
    result = runner.invoke(app, ["scan", str(tmp_path / "ticket.png"), str(tmp_path / "other.png")])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [set(line) for line in lines] == [{"path", "codes", "ms"}] * 2
    ticket = lines[0]["codes"][0]
    assert set(ticket) == {"text", "corners", "kind"}
    assert (ticket["text"], ticket["kind"]) == ("BST:A042", "ticket")
    assert len(ticket["corners"]) == 4 and all(len(p) == 2 for p in ticket["corners"])
    assert lines[1]["codes"][0]["kind"] == "unknown"


def test_scan_reports_an_unreadable_file_and_exits_non_zero(tmp_path: Path) -> None:
    qrcode.make("BST:A042").save(tmp_path / "ok.png")
    result = runner.invoke(app, ["scan", str(tmp_path / "missing.png"), str(tmp_path / "ok.png")])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines[0]["codes"] == [] and "missing.png" in lines[0]["error"]
    assert lines[1]["codes"][0]["text"] == "BST:A042"


def test_scan_with_pyzbar_gives_the_same_shape(tmp_path: Path) -> None:
    qrcode.make("BSR:R1").save(tmp_path / "r.png")
    result = runner.invoke(app, ["scan", "--decoder", "pyzbar", str(tmp_path / "r.png")])
    assert result.exit_code == 0
    assert json.loads(result.output)["codes"][0]["kind"] == "receipt"


def test_scan_refuses_an_unknown_decoder_or_no_paths() -> None:
    assert runner.invoke(app, ["scan", "--decoder", "nope", "x.png"]).exit_code != 0
    assert runner.invoke(app, ["scan"]).exit_code != 0


def test_demo_keys_then_issue_then_verify_round_trips(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    assert runner.invoke(app, ["codes", "demo-keys", str(keys), "--algorithm", "ES256"]).exit_code == 0
    assert "DEMO" in (keys / "DEMO-ONLY.txt").read_text()
    issued = runner.invoke(
        app,
        ["codes", "issue", "--keys", str(keys), "--ref", "c-1", "--name", "Wang Fang", "--birth-year", "1948",
         "--out", str(tmp_path / "card")],
    )  # fmt: skip
    assert issued.exit_code == 0, issued.output
    code = issued.output.strip()
    assert code.startswith("BS1:") and (tmp_path / "card.png").is_file() and (tmp_path / "card.pdf").is_file()
    by_text = runner.invoke(app, ["codes", "verify", "--keys", str(keys), code])
    by_image = runner.invoke(app, ["codes", "verify", "--keys", str(keys), "--image", str(tmp_path / "card.png")])
    for result in (by_text, by_image):
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["claims"]["masked_name"] == "W*** F***"


def test_verify_prints_the_reason_and_exits_1_for_a_bad_code(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    runner.invoke(app, ["codes", "demo-keys", str(keys)])
    result = runner.invoke(app, ["codes", "verify", "--keys", str(keys), "BS1:ZZZ"])
    assert result.exit_code == 1
    assert json.loads(result.output)["reason"] == "malformed"


def test_the_shipped_demo_keys_verify_a_code_they_issue(tmp_path: Path) -> None:
    issued = runner.invoke(
        app, ["codes", "issue", "--ref", "d-1", "--name", "张三", "--birth-year", "1950", "--out", str(tmp_path / "c")]
    )
    assert issued.exit_code == 0, issued.output
    verified = runner.invoke(app, ["codes", "verify", "--clock-file", str(tmp_path / "clock.json"), issued.output.strip()])
    assert verified.exit_code == 0, verified.output


def test_the_cli_lists_exactly_the_decoders_that_exist() -> None:
    from banshi.identity.cli import DECODER_NAMES
    from banshi.identity.decoders import DECODERS

    assert DECODER_NAMES == tuple(DECODERS)


def test_verify_with_a_missing_key_folder_fails_with_an_operator_message(tmp_path: Path) -> None:
    from banshi.errors import OperatorError

    result = runner.invoke(app, ["codes", "verify", "--keys", str(tmp_path / "nowhere"), "BS1:ABC"])
    assert result.exit_code != 0
    assert isinstance(result.exception, OperatorError) and "nowhere" in str(result.exception)
