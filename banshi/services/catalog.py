"""The service catalog: every service definition, validated, in display order.

Definitions come from ``assets/services/*.yaml`` (one service per file, named after its id)
or, later, as JSON documents pulled from the hub; both go through the same validation.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from banshi.paths import asset
from banshi.services.errors import ServiceDefinitionError, UnknownServiceError
from banshi.services.schema import FieldProblem, Service


_FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: ~10× faster start-up


class _DefinitionLoader(_FAST_SAFE_LOADER):  # type: ignore[misc, valid-type]
    """YAML 1.2-style scalars: only true/false are booleans ("no" and "NO" stay text, so a
    choice value or a show_if of ``no`` is not silently turned into False), and dates stay
    strings for the schema to check."""


_DefinitionLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in {
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_DefinitionLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


class Catalog:
    """The services a kiosk offers, iterated in display order."""

    def __init__(self, services: list[Service]) -> None:
        self._services = sorted(services, key=lambda service: (service.display_order, service.id))
        self._by_id = {service.id: service for service in self._services}
        if len(self._by_id) != len(self._services):
            ids = [service.id for service in self._services]
            duplicates = sorted({service_id for service_id in ids if ids.count(service_id) > 1})
            raise ServiceDefinitionError("catalog", "id", f"duplicate service ids {duplicates}")
        self.version = _content_hash(self._services)

    def get(self, service_id: str) -> Service:
        try:
            return self._by_id[service_id]
        except KeyError:
            raise UnknownServiceError(service_id, list(self._by_id)) from None

    def __iter__(self) -> Iterator[Service]:
        return iter(self._services)

    def __len__(self) -> int:
        return len(self._services)

    def __contains__(self, service_id: object) -> bool:
        return service_id in self._by_id

    def to_documents(self) -> dict[str, dict[str, Any]]:
        """Every service as a JSON-ready dict, keyed by id (what the hub hands out)."""
        return {service.id: service.model_dump(mode="json", exclude_defaults=True) for service in self}


def _content_hash(services: list[Service]) -> str:
    # Hash the validated content, not the files, so reformatting or reordering files
    # does not look like a new catalog to every device.
    canonical = json.dumps(
        sorted((service.model_dump(mode="json") for service in services), key=lambda doc: doc["id"]),
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def load_catalog(folder: Path | None = None) -> Catalog:
    """Load and validate every ``*.yaml`` in ``folder`` (default: the shipped services)."""
    folder = folder if folder is not None else asset("services")
    if not folder.is_dir():
        raise ServiceDefinitionError(folder, "", "the service folder does not exist")
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise ServiceDefinitionError(folder, "", "no service definitions (*.yaml) in this folder")
    sources: dict[Path | str, Any] = {path: _read_yaml(path) for path in files}
    return _build(sources, expected_ids={path: path.stem for path in files})


def load_catalog_from_documents(documents: Mapping[str, Mapping[str, Any]]) -> Catalog:
    """Validate a catalog received as JSON documents keyed by service id."""
    sources: dict[Path | str, Any] = {f"document {key!r}": document for key, document in documents.items()}
    expected = {f"document {key!r}": key for key in documents}
    return _build(sources, expected_ids=expected)


def _build(sources: Mapping[Path | str, Any], expected_ids: Mapping[Path | str, str]) -> Catalog:
    services = [parse_service(document, source) for source, document in sources.items()]
    for (source, expected), service in zip(expected_ids.items(), services, strict=True):
        if service.id != expected:
            raise ServiceDefinitionError(source, "id", f"id {service.id!r} must match the file or key name {expected!r}")
    _check_unique_display_order(list(sources), services)
    return Catalog(services)


def _check_unique_display_order(sources: list[Path | str], services: list[Service]) -> None:
    seen: dict[int, str] = {}
    for source, service in zip(sources, services, strict=True):
        if service.display_order in seen:
            raise ServiceDefinitionError(
                source, "display_order", f"{service.display_order} is also used by service {seen[service.display_order]!r}"
            )
        seen[service.display_order] = service.id


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_DefinitionLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ServiceDefinitionError(path, where, f"not valid YAML: {error.context or ''} {error.problem}".strip()) from None
    except yaml.YAMLError as error:
        raise ServiceDefinitionError(path, "", f"not valid YAML: {error}") from None
    except UnicodeDecodeError as error:
        raise ServiceDefinitionError(path, "", f"not UTF-8 text: {error}") from None


def parse_service(document: Any, source: Path | str) -> Service:
    """Validate one definition; a problem raises ServiceDefinitionError naming source and field."""
    if not isinstance(document, Mapping):
        raise ServiceDefinitionError(source, "", f"expected a mapping of fields, got {type(document).__name__}")
    try:
        return Service.model_validate(document)
    except ValidationError as error:
        field, problem = _first_problem(error)
        raise ServiceDefinitionError(source, field, problem) from None


def _first_problem(error: ValidationError) -> tuple[str, str]:
    detail = error.errors(include_url=False)[0]
    location: tuple[str | int, ...] = tuple(detail["loc"])
    cause = detail.get("ctx", {}).get("error")
    if isinstance(cause, FieldProblem):
        return field_path(location + cause.path), cause.problem
    problem = detail["msg"]
    if detail["type"] not in {"missing", "extra_forbidden"}:
        problem += f" (got {detail['input']!r})"
    return field_path(location), problem


def field_path(location: tuple[str | int, ...]) -> str:
    """``('questions', 2, 'choices', 0, 'label', 'en')`` → ``questions[2].choices[0].label.en``."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part == "[key]":
            path += " (key)"
        else:
            path += f".{part}" if path else str(part)
    return path
