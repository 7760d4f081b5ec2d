"""The CLI sweep: bad invocations of every `banshi` command, made from the commands' own parameters.

``invocations(scratch)`` walks ``banshi.cli.command_tree()`` (so a command added anywhere is swept with
no change here) and, for each command, makes: an unknown option; a value that is not a number, or
not one of the choices, for each such parameter; for each path, one under a regular file (it can be
neither read, written nor created), a file of garbage bytes and, for folders the command reads, a
folder of garbage files; an empty value for each required text. Run as a module, it runs a list of
them in this one process (``banshi.cli.run``, as the `banshi` command does), each against a
watchdog, and writes one JSON line per invocation.
"""

from __future__ import annotations

import enum
import io
import json
import logging
import os
import sys
import threading
import typing
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SERVING_TIMEOUT_S = 40.0  # longer than any refusal takes; a command still running then took the bad value
LOG_PREFIX = "LOG "


@dataclass(frozen=True)
class Invocation:
    args: list[str]
    kind: str  # what is wrong with it
    statuses: list[int] = field(default_factory=lambda: [1, 2])  # acceptable exit statuses


@dataclass
class Outcome:
    args: list[str]
    kind: str
    status: int | None  # None: still running at the deadline
    stdout: str = ""
    stderr: str = ""


def _nodes(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _nodes(sub, [*path, name])


def _info(param: Any) -> Any:
    return param.type_descriptor.parameter_info


def _annotation(param: Any) -> Any:
    annotation = param.type_descriptor.annotation
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0]
    return annotation


def _choices(annotation: Any) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    if typing.get_origin(annotation) is typing.Literal:
        return [str(value) for value in typing.get_args(annotation)]
    return []


def _usable(param: Any, scratch: Path) -> str:
    """A value that is fine for a required parameter that is not the one under test."""
    annotation = _annotation(param)
    if annotation is Path:
        return str(scratch / "scratch.txt")
    if annotation in (int, float):
        return "1"
    return (_choices(annotation) or ["x"])[0]


def _bad_values(param: Any, scratch: Path) -> Iterator[tuple[str, str, list[int]]]:
    annotation = _annotation(param)
    if getattr(param, "is_flag", False) or param.name in ("help", "install_completion", "show_completion"):
        return
    if annotation in (int, float) or _choices(annotation):
        yield "not a valid value", "not-a-valid-value", [2]
    elif annotation is Path:
        yield "a path under a regular file", str(scratch / "regular-file" / "x"), [1, 2]
        info = _info(param)
        if info.file_okay is not False:
            yield "a file of garbage", str(scratch / "garbage.bin"), [0, 1, 2]
        if info.exists and info.dir_okay:
            yield "a folder of garbage files", str(scratch / "garbage-folder"), [0, 1, 2]
    elif param.required:
        yield "an empty value", "", [0, 1, 2]


def _args(path: list[str], command: Any, target: Any, value: str, scratch: Path) -> list[str]:
    options: list[str] = []
    arguments: list[str] = []
    for param in command.params:
        if param is target:
            given = value
        elif param.required and not getattr(param, "is_flag", False):
            given = _usable(param, scratch)
        else:
            continue
        if param.param_type_name == "argument":
            arguments.append(given)
        else:
            options += [param.opts[-1] if param.opts[-1].startswith("--") else param.opts[0], given]
    return [*path, *options, *arguments]


def invocations(scratch: Path) -> list[Invocation]:
    from banshi.cli import command_tree

    found: list[Invocation] = []
    for path, command in _nodes(command_tree(), []):
        found.append(Invocation([*path, "--no-such-option"], "an unknown option", [2]))
        for param in command.params:
            for kind, value, statuses in _bad_values(param, scratch):
                found.append(Invocation(_args(path, command, param, value, scratch), f"{param.name}: {kind}",
                                        statuses))
    return found


def make_scratch(scratch: Path) -> None:
    """The files the invocations point at: garbage where a command expects content."""
    garbage = b"\x00\xff{{ not: [valid\n\x89PNG garbage -----BEGIN \xc3\x28"
    (scratch / "scratch.txt").write_text("x\n", encoding="utf-8")
    (scratch / "regular-file").write_bytes(b"a file, not a folder")
    (scratch / "garbage.bin").write_bytes(garbage)
    folder = scratch / "garbage-folder"
    folder.mkdir(exist_ok=True)
    for name in ("service.yaml", "catalog.json", "keys.pem", "root.key.pem", "trust-list.cbor", "banshi.toml",
                 "clerks.json", "model.conf", "image.png", "sound.wav"):
        (folder / name).write_bytes(garbage)


class _CurrentStderr(io.TextIOBase):
    """Log records go wherever sys.stderr points now (each invocation's own buffer)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)


def _run_one(invocation: Invocation) -> Outcome:
    from banshi.cli import run

    out, err = io.StringIO(), io.StringIO()
    real = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr, sys.stdin = out, err, io.StringIO("")  # nobody answers a prompt
    try:
        status = run(list(invocation.args))
    except BaseException as error:  # noqa: BLE001 - anything escaping run() is what the sweep looks for
        import traceback

        err.write("".join(traceback.format_exception(error)))
        status = -1
    finally:
        sys.stdout, sys.stderr, sys.stdin = real
    return Outcome(invocation.args, invocation.kind, status, out.getvalue(), err.getvalue())


def _watch(results: Any, invocation: Invocation, done: threading.Event) -> None:
    if not done.wait(SERVING_TIMEOUT_S):
        results.write(json.dumps(asdict(Outcome(invocation.args, invocation.kind, None))) + "\n")
        results.flush()
        os._exit(3)


def main(variants_file: str, results_file: str, start: int) -> None:
    logging.basicConfig(level=logging.INFO, stream=_CurrentStderr(), format=f"{LOG_PREFIX}%(levelname)s %(message)s")
    invocations_ = [Invocation(**item) for item in json.loads(Path(variants_file).read_text(encoding="utf-8"))]
    with open(results_file, "a", encoding="utf-8") as results:
        for invocation in invocations_[start:]:
            done = threading.Event()
            threading.Thread(target=_watch, args=(results, invocation, done), daemon=True).start()
            outcome = _run_one(invocation)
            done.set()
            results.write(json.dumps(asdict(outcome), ensure_ascii=False) + "\n")
            results.flush()
    os._exit(0)  # a command may have left threads (a hub, a camera) behind; the sweep is over


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
