"""Hypothesis strategies for the JSON Schema that pydantic and FastAPI write into the hub's OpenAPI.

hypothesis-jsonschema 0.23 (its last release) breaks on the Hypothesis this project pins, and
Schemathesis would pin another Hypothesis; the hub's schemas use a small part of JSON Schema
(objects, strings with lengths and patterns, bounded integers, arrays, anyOf, enum/const, $ref),
so this covers that part and fails loudly on anything else.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

_SIMPLE = {"null": st.none(), "boolean": st.booleans(), "number": st.floats(allow_nan=False, allow_infinity=False)}


def from_schema(schema: dict[str, Any], components: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid for ``schema`` (``$ref``s resolved in ``components``, an OpenAPI ``components`` object)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return st.deferred(lambda: from_schema(components["schemas"][name], components))
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            return st.one_of(*(from_schema(option, components) for option in schema[combinator]))
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return from_schema(schema["allOf"][0], components)
    kind = schema.get("type")
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    if kind == "string":
        return _string(schema)
    if kind == "integer":
        return st.integers(min_value=schema.get("minimum"), max_value=schema.get("maximum"))
    if kind == "array":
        items = from_schema(schema.get("items", {}), components) if schema.get("items") else st.none()
        return st.lists(items, min_size=schema.get("minItems", 0), max_size=min(schema.get("maxItems", 5), 5))
    if kind == "object" or "properties" in schema:
        return _object(schema, components)
    if not schema:
        return st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    raise NotImplementedError(f"schema not covered: {schema}")


def _string(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    if "pattern" in schema:
        pattern = st.from_regex(schema["pattern"], fullmatch=True)
        return pattern.filter(lambda text: len(text) >= low and (high is None or len(text) <= high))
    return st.text(min_size=low, max_size=min(high, 60) if high is not None else 60)


def _object(schema: dict[str, Any], components: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    fixed = st.fixed_dictionaries(
        {name: from_schema(sub, components) for name, sub in properties.items() if name in required},
        optional={name: from_schema(sub, components) for name, sub in properties.items() if name not in required},
    )
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        more = st.dictionaries(st.text(min_size=1, max_size=20), from_schema(extra, components), max_size=4)
        return st.tuples(fixed, more).map(lambda pair: {**pair[1], **pair[0]})
    return fixed
