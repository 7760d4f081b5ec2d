"""Every route of a real hub, fuzzed from its own OpenAPI description: never a 500, never slow, and
each refusal costs the log one line at most.

Bodies come three ways: valid for the route's schema (``schema_strategies``), any JSON at all (with
lone surrogates, NUL and deep nesting) and raw bytes. Requests to signed routes are signed by an
enrolled counter over the exact bytes sent (now and then not, or wrongly), so the fuzzing reaches
the validation and the store behind the signature check. ``make test`` runs a bounded number per
route; ``make soak`` (SOAK=1) runs many more.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banshi.sync.device import DeviceCredentials
from banshi.sync.hub.gate import ROUTE_RULES
from banshi.sync.hub.process import HubProcess, start_hub_process
from banshi.sync.hub.roles import DeviceRole
from tests.sync.conftest import BACKENDS, DatabaseFactory, enrolled
from tests.sync.schema_strategies import from_schema

SOAK = bool(os.environ.get("SOAK"))
EXAMPLES_PER_ROUTE = 1500 if SOAK else 50
SLOWEST_ANSWER_S = 1.0
LOG_BYTES_PER_REQUEST = 400  # one line of refusal, on average; a traceback is ~5 KB
SIGNED = {(method, path) for (method, path), rule in ROUTE_RULES.items() if rule.signed}
ODD_CHARACTERS = st.sampled_from(["\ud800", "\udfff", "\x00", "\ufffe", "\u202e", "'", '"', "\\", "%"])
TEXT = st.text(st.one_of(st.characters(), ODD_CHARACTERS), max_size=40)
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(TEXT, inner, max_size=5),
    max_leaves=30,
)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    parameters: list[dict[str, Any]] = field(default_factory=list)
    body_schema: dict[str, Any] | None = None
    components: dict[str, Any] = field(default_factory=dict)


def _operations(description: dict[str, Any]) -> list[Operation]:
    found = []
    for path, methods in description["paths"].items():
        for method, operation in methods.items():
            content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            found.append(Operation(method.upper(), path, operation.get("parameters", []),
                                   content.get("schema"), description.get("components", {})))
    return found


@pytest.fixture(scope="module", params=BACKENDS)
def fuzzed_hub(request: pytest.FixtureRequest, make_database: DatabaseFactory,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    folder = tmp_path_factory.mktemp("fuzzed-hub")
    with start_hub_process(make_database(request.param), log_dir=folder, api_docs=True) as hub:
        yield hub


def _value(data: st.DataObject, parameter: dict[str, Any]) -> str:
    schema = parameter.get("schema", {})
    fitting = from_schema(schema, {}).map(lambda v: v if isinstance(v, str) else json.dumps(v)) if schema else TEXT
    return data.draw(st.one_of(fitting, TEXT), label=parameter["name"])


def _body(data: st.DataObject, operation: Operation) -> bytes:
    choices = [ANY_JSON.map(lambda v: json.dumps(v).encode()), st.binary(max_size=200)]
    if operation.body_schema is not None:
        valid = from_schema(operation.body_schema, operation.components)
        choices.insert(0, valid.map(lambda v: json.dumps(v).encode()))
    return data.draw(st.one_of(*choices), label="body")


def _fill_path(path: str, values: dict[str, str]) -> str:
    """Path parameters percent-encoded byte by byte (lone surrogates as their raw UTF-8 bytes)."""
    for name, value in values.items():
        path = path.replace("{" + name + "}", quote(value.encode("utf-8", "surrogatepass"), safe="") or "x")
    return path


def _headers(data: st.DataObject, operation: Operation, path: str, body: bytes, device: DeviceCredentials,
             operator: dict[str, str]) -> dict[str, str]:
    headers = {"Content-Type": "application/json", **operator}
    if (operation.method, operation.path) in SIGNED:
        how = data.draw(st.sampled_from(["signed", "signed", "signed", "unsigned", "other body"]), label="signature")
        if how != "unsigned":
            headers.update(device.sign(operation.method, path, body if how == "signed" else body + b" "))
    return headers


@dataclass
class Fuzzer:
    """Sends one drawn request at a time and keeps what the test checks at the end."""

    client: httpx.Client
    device: DeviceCredentials
    operator: dict[str, str]
    sent: int = 0
    slowest: tuple[float, str] = (0.0, "")

    def send(self, data: st.DataObject, operation: Operation) -> None:
        located: dict[str, dict[str, str]] = {"path": {}, "query": {}}
        for parameter in operation.parameters:
            if parameter["in"] in located and (parameter.get("required") or data.draw(st.booleans())):
                located[parameter["in"]][parameter["name"]] = _value(data, parameter)
        path = "/" + _fill_path(operation.path, located["path"]).lstrip("/")
        body = _body(data, operation) if operation.method in ("POST", "PUT", "PATCH") else b""
        headers = _headers(data, operation, path, body, self.device, self.operator)
        started = time.monotonic()
        response = self.client.request(operation.method, path, params=located["query"], content=body, headers=headers)
        self.slowest = max(self.slowest, (time.monotonic() - started, f"{operation.method} {path}"))
        self.sent += 1
        assert response.status_code < 500, (operation.method, path, body[:300], response.text[:300])

    def fuzz(self, operation: Operation) -> None:
        @settings(max_examples=EXAMPLES_PER_ROUTE, deadline=None, database=None, derandomize=not SOAK,
                  suppress_health_check=list(HealthCheck))
        @given(data=st.data())
        def request_once(data: st.DataObject) -> None:
            self.send(data, operation)

        request_once()


def test_no_route_answers_500_or_slowly_or_floods_the_log(fuzzed_hub: HubProcess, tmp_path: Path) -> None:
    hub = fuzzed_hub
    device = enrolled(hub, tmp_path / "counter", device_id="counter-fuzz", role=DeviceRole.COUNTER)
    operations = _operations(httpx.get(hub.url + "/openapi.json").raise_for_status().json())
    assert {(op.method, op.path) for op in operations} >= SIGNED  # every signed route is described and fuzzed
    log_before = hub.log_path.stat().st_size
    with httpx.Client(base_url=hub.url, timeout=10) as client:
        fuzzer = Fuzzer(client, device, hub.operator_headers())
        for operation in operations:
            fuzzer.fuzz(operation)
    log, grown = hub.log_path.read_text(encoding="utf-8", errors="replace"), hub.log_path.stat().st_size - log_before
    print(f"fuzzed {len(operations)} routes with {fuzzer.sent} requests: slowest {fuzzer.slowest[0] * 1000:.0f} ms "
          f"({fuzzer.slowest[1]}), log +{grown} bytes ({grown / fuzzer.sent:.0f} per request)")
    assert "Traceback" not in log, log[-3000:]
    assert grown < LOG_BYTES_PER_REQUEST * fuzzer.sent
    assert fuzzer.slowest[0] < SLOWEST_ANSWER_S, fuzzer.slowest
