"""Event versions: the file stem of a schema (``1``, ``2024-01-15.1``, ``1.2.0``) and its order.

Each event uses one scheme; ordering is by value within that scheme, never by text
(``10`` after ``9``, ``2024-01-15.10`` after ``2024-01-15.9``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Scheme(str, Enum):
    INTEGER = "integer"
    DATE = "date"
    SEMVER = "semver"


_INTEGER = re.compile(r"^[0-9]+$")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})\.([0-9]+)$")
_SEMVER = re.compile(
    r"^([0-9]+)\.([0-9]+)\.([0-9]+)"
    r"(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)

# A pre-release identifier sorts numerically when it is a number, before any word (SemVer 11.4).
_Identifier = tuple[int, int, str]


@dataclass(frozen=True)
class Version:
    text: str  # as written in the file name
    scheme: Scheme
    key: tuple[Any, ...]  # equal keys mean the same version (``1`` and ``01``)


class VersionError(ValueError):
    """A file stem that is not a version in any scheme."""


def parse_version(text: str) -> Version:
    if _INTEGER.match(text):
        return Version(text, Scheme.INTEGER, (int(text),))
    date = _DATE.match(text)
    if date:
        year, month, day, serial = (int(part) for part in date.groups())
        try:
            datetime.date(year, month, day)
        except ValueError:
            raise VersionError(f"{text!r} has an invalid date") from None
        return Version(text, Scheme.DATE, (year, month, day, serial))
    semver = _SEMVER.match(text)
    if semver:
        major, minor, patch, pre = semver.groups()
        return Version(text, Scheme.SEMVER, (int(major), int(minor), int(patch), *_pre_key(pre)))
    raise VersionError(
        f"{text!r} is not a version (use an integer like 1, a date like 2024-01-15.1, "
        "or semver like 1.2.0)"
    )


def _pre_key(pre: str | None) -> tuple[int, tuple[_Identifier, ...]]:
    # A release sorts after every pre-release of the same version.
    if pre is None:
        return (1, ())
    return (0, tuple(_identifier(part) for part in pre.split(".")))


def _identifier(part: str) -> _Identifier:
    return (0, int(part), "") if part.isdigit() else (1, 0, part)


def sort_versions(versions: list[Version]) -> list[Version]:
    return sorted(versions, key=lambda v: v.key)


def is_version(text: str) -> bool:
    try:
        parse_version(text)
    except VersionError:
        return False
    return True
