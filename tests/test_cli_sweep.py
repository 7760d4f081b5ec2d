"""No traceback reaches a user of the `banshi` command: every command and sub-command, found in the Typer
apps themselves, is given bad arguments, missing and unwritable paths and broken files, and answers each
with one line (status 2 for a usage error, 1 for a failure) or, for input it can take, does its work."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from tests.cli_sweep import LOG_PREFIX, Invocation, Outcome, invocations, make_scratch
from tests.conftest import REPO_ROOT


def _environment(home: Path) -> dict[str, str]:
    """A user with no settings of their own, no display and no network hub."""
    keep = {key: value for key, value in os.environ.items() if not key.startswith("BANSHI_")}
    return {**keep, "HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "BANSHI_DEVICE__DATA_DIR": str(home / "data"),
            "BANSHI_SYNC__HUB_URL": "http://127.0.0.1:9", "PYTHONPATH": str(REPO_ROOT)}


def _sweep(tmp_path: Path, swept: list[Invocation]) -> list[Outcome]:
    """Runs the invocations in one worker process, starting a new one after any invocation that hung."""
    variants, results = tmp_path / "variants.json", tmp_path / "results.jsonl"
    variants.write_text(json.dumps([asdict(item) for item in swept]), encoding="utf-8")
    outcomes: list[Outcome] = []
    while len(outcomes) < len(swept):
        command = [sys.executable, "-m", "tests.cli_sweep", str(variants), str(results), str(len(outcomes))]
        subprocess.run(command, cwd=tmp_path, env=_environment(tmp_path / "home"), stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900, check=False)
        lines = results.read_text(encoding="utf-8").splitlines() if results.exists() else []
        if len(lines) == len(outcomes):
            raise AssertionError(f"the sweep worker died at {swept[len(outcomes)].args}")
        outcomes = [Outcome(**json.loads(line)) for line in lines]
    return outcomes


def _problem(invocation: Invocation, outcome: Outcome) -> str | None:
    said = [line for line in outcome.stderr.splitlines() if line.strip() and not line.startswith(LOG_PREFIX)]
    if outcome.status is None:
        return "still running: it took the bad value instead of refusing it"
    if "Traceback" in outcome.stdout + outcome.stderr:
        return "a traceback:\n" + outcome.stderr[-2000:]
    if outcome.status not in invocation.statuses:
        return f"exit status {outcome.status}, expected one of {invocation.statuses}: {said[-3:]}"
    reported = not said and '"error"' in outcome.stdout  # per-item JSON reports (scan, handwriting) say it there
    if outcome.status != 0 and len(said) != 1 and not reported:
        return f"{len(said)} lines instead of one: {said[:5]}"
    return None


def test_the_sweep_reaches_every_command_and_sub_command(tmp_path: Path) -> None:
    from banshi.cli import command_tree

    def names(command: object, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
        found = {path}
        for name, sub in getattr(command, "commands", {}).items():
            found |= names(sub, (*path, name))
        return found

    commands = names(command_tree())
    swept = {tuple(item.args[:-1]) for item in invocations(tmp_path) if item.kind == "an unknown option"}
    assert swept == commands
    assert {("voice", "say"), ("hub", "import-bundle"), ("counter",), ("counter-clerk",), ("screenshots",)} <= commands


@pytest.mark.timeout(900)
def test_no_bad_invocation_of_any_command_shows_a_traceback_or_more_than_one_line(tmp_path: Path) -> None:
    make_scratch(tmp_path)
    swept = invocations(tmp_path)
    outcomes = _sweep(tmp_path, swept)
    problems = [f"banshi {' '.join(outcome.args)} ({invocation.kind}): {problem}"
                for invocation, outcome in zip(swept, outcomes, strict=True)
                if (problem := _problem(invocation, outcome)) is not None]
    assert not problems, f"{len(problems)} of {len(swept)} invocations:\n" + "\n\n".join(problems)


# Log records (banshi.cli.main's format) and Qt's own diagnostics, which the C++ side writes itself.
_NOT_SAID = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ [A-Z]+ |qt\.)")


def _banshi(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`banshi ARGS` as a person runs it: its own process, nobody at the keyboard."""
    return subprocess.run([sys.executable, "-m", "banshi", *args], cwd=tmp_path, env=_environment(tmp_path / "home"),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False)


def _services_folder(tmp_path: Path, name: str, change: tuple[str, str] | None, garbage: bytes = b"") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    source = (REPO_ROOT / "assets" / "services" / "residence_certificate.yaml").read_text(encoding="utf-8")
    text = source.replace(*change) if change else ""
    (folder / "residence_certificate.yaml").write_bytes(text.encode("utf-8") or garbage)
    return folder


def test_the_examples_in_the_issue_each_answer_in_one_line(tmp_path: Path) -> None:
    bundle = tmp_path / "counter.bundle"
    bundle.write_bytes(b'{"format": "banshi-bundle", "body": "not what a bundle holds"}')
    database = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    unknown_type = _services_folder(tmp_path, "unknown-type", ("type: choice", "type: hologram"))
    assert "hologram" in next(unknown_type.glob("*.yaml")).read_text(encoding="utf-8")
    examples = {
        ("voice", "say", "你好", "--out", str(tmp_path / "no" / "such" / "dir" / "x.wav")): 1,
        ("hub", "--services", str(_services_folder(tmp_path, "broken-yaml", None, b"questions: [unclosed")),
         "--database-url", database, "--port", "0"): 1,
        ("hub", "--services", str(unknown_type), "--database-url", database, "--port", "0"): 1,
        ("counter", "--printer", "laser"): 2,
        ("counter-clerk", "--id", "c001", "--name", "李娜", "--pin", "", "--accounts", str(tmp_path / "c.json")): 2,
        ("hub", "import-bundle", str(bundle), "--database-url", database): 1,
        ("screenshots", str(tmp_path / "shots"), "--app", "nosuchapp"): 2,
    }
    for args, status in examples.items():
        result = _banshi(tmp_path, *args)
        said = [line for line in result.stderr.splitlines() if line.strip() and not _NOT_SAID.match(line)]
        assert "Traceback" not in result.stderr + result.stdout, (args, result.stderr[-1500:])
        assert (result.returncode, len(said)) == (status, 1), (args, result.returncode, result.stderr[-1500:])
