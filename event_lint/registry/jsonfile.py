"""Reading one JSON document (schema, example or payload) with one-line errors that name
the file and the JSON path: the one place the registry turns bytes into JSON.

Only standard JSON is accepted, because what a reviewer reads must be what the tool
enforces: no duplicate keys (Python keeps the last one silently), no ``NaN`` or
``Infinity`` (they switch limits off and make the output invalid JSON), no number that
overflows to infinity, no lone surrogate (not Unicode: nothing can print it). Documents
nest at most ``MAX_JSON_DEPTH`` levels, so every recursive walk over a schema or payload
(meta-schema check, refs, lint, validation, compatibility, codegen) stays far below
Python's recursion limit.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import IO, Any

from event_lint.files import FileTooLarge, NotRegularFile, read_regular
from event_lint.printable import printable
from event_lint.registry.dialects import json_pointer
from event_lint.registry.errors import RegistryError

# Far above any sane schema or event (Inngest caps one event at 3 MiB), far below a memory problem.
MAX_JSON_BYTES = 5 * 1024 * 1024
# Objects and arrays inside each other: a schema uses two levels per nested property
# ("properties", then the name), so 64 allows 30 levels of nested objects.
MAX_JSON_DEPTH = 64

_TOO_DEEP = f"nested more than {MAX_JSON_DEPTH} levels deep"
_LONE_SURROGATE = ": a lone surrogate is not Unicode"
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_MAX_DIGITS = sys.get_int_max_str_digits() or 4300


class _NonStandard:
    """Put in place of a value standard JSON has no room for, so the walk after parsing can
    name the JSON path where it stood."""

    def __init__(self, problem: str) -> None:
        self.problem = problem


def read_json(path: Path, label: str | None = None) -> Any:
    """Parse ``path`` (a regular file, symlinks followed); ``label`` is how the file is
    named in messages (default: the path)."""
    where = label or str(path)
    try:
        data = read_regular(path, MAX_JSON_BYTES)
    except FileNotFoundError:
        raise RegistryError(f"{where}: no such file") from None
    except FileTooLarge:
        raise RegistryError(_too_large(where, _size(path))) from None
    except (NotRegularFile, IsADirectoryError):
        if os.path.isdir(path):
            raise RegistryError(f"{where}: is a directory, not a JSON file") from None
        raise RegistryError(
            f"{where}: not a regular file (a device, FIFO or socket); refused"
        ) from None
    except OSError as exc:
        raise RegistryError(f"{where}: cannot read: {exc.strerror or exc}") from None
    return parse_json(data, where)


def read_json_stream(stream: IO[bytes], where: str) -> Any:
    """Parse a stream (stdin), refusing it once it grows past the size cap."""
    data = stream.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:
        raise RegistryError(_too_large(where, None))
    return parse_json(data, where)


def parse_json(data: bytes, where: str) -> Any:
    """The document in ``data``, or a RegistryError naming ``where`` and the JSON path."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RegistryError(
            f"{where}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    if not text.strip():
        raise RegistryError(f"{where}: empty file (expected JSON)")
    duplicates: dict[int, str] = {}
    nonstandard: list[_NonStandard] = []
    try:
        document = json.loads(
            text,
            object_pairs_hook=lambda pairs: _object(pairs, duplicates),
            parse_constant=lambda name: _note(nonstandard, f"{name} is not standard JSON"),
            parse_float=lambda number: _float(number, nonstandard),
            parse_int=lambda number: _int(number, nonstandard),
        )
    except json.JSONDecodeError as exc:
        raise RegistryError(f"{where}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise RegistryError(f"{where}: {_TOO_DEEP}; refused") from None
    # The common case, checked fast; the walk that names the JSON path runs only when a
    # problem is known. A lone surrogate can only be written as an escape (the text was
    # decoded from UTF-8).
    suspect = nonstandard or duplicates or _SURROGATE_ESCAPE.search(text)
    if suspect or _deeper_than_limit(document):
        problem = _first_problem(document, duplicates)  # None: a surrogate pair (an emoji)
        if problem is not None:
            raise RegistryError(f"{where}: {problem}")
    return document


def _object(pairs: list[tuple[str, Any]], duplicates: dict[int, str]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) < len(pairs):  # remember the first repeated key, to name it later
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                duplicates[id(result)] = key
                break
            seen.add(key)
    return result


def _note(nonstandard: list[_NonStandard], problem: str) -> _NonStandard:
    nonstandard.append(_NonStandard(problem))
    return nonstandard[-1]


def _float(text: str, nonstandard: list[_NonStandard]) -> float | _NonStandard:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        return _note(nonstandard, f"{text} is out of range (it would be infinity)")
    return value


def _int(text: str, nonstandard: list[_NonStandard]) -> int | _NonStandard:
    digits = len(text.lstrip("-"))
    if digits > _MAX_DIGITS:
        return _note(nonstandard, f"an integer of {digits:,} digits is too long")
    return int(text)


def _deeper_than_limit(document: Any) -> bool:
    """Whether objects and arrays nest more than MAX_JSON_DEPTH levels (breadth first)."""
    level = [document]
    for _ in range(MAX_JSON_DEPTH):
        children: list[Any] = []
        for value in level:
            if isinstance(value, dict):
                children += [c for c in value.values() if isinstance(c, (dict, list))]
            elif isinstance(value, list):
                children += [c for c in value if isinstance(c, (dict, list))]
        if not children:
            return False
        level = children
    return True


def _first_problem(document: Any, duplicates: dict[int, str]) -> str | None:
    """What is wrong with the parsed document, at its JSON path, in document order
    (iterative: the document may be as deep as the parser allows)."""
    stack: list[tuple[Any, int, _Place]] = [(document, 1, None)]
    while stack:
        value, depth, place = stack.pop()
        problem = _problem(value, depth, duplicates)
        if problem is not None:
            what, key, why = problem
            path = _path(place) if key is None else [*_path(place), key]
            return f"{what} at {printable(json_pointer(path) or '/')}{why}"
        if depth > MAX_JSON_DEPTH:
            continue
        if isinstance(value, dict):
            items: list[tuple[str | int, Any]] = list(value.items())
        elif isinstance(value, list):
            items = list(enumerate(value))
        else:
            continue
        stack.extend((child, depth + 1, (place, key)) for key, child in reversed(items))
    return None


# Where a value is: (where its parent is, its key), None for the whole document. Built
# per value only as a link, so a path is spelled out only for the one value reported.
_Place = tuple[Any, str | int] | None


def _path(place: _Place) -> list[str | int]:
    keys: list[str | int] = []
    while place is not None:
        place, key = place
        keys.append(key)
    return keys[::-1]


def _problem(
    value: Any, depth: int, duplicates: dict[int, str]
) -> tuple[str, str | None, str] | None:
    """(what, the key it names or None, why) for one value: the message is
    ``{what} at {JSON path}{why}``."""
    if isinstance(value, _NonStandard):
        return "invalid JSON", None, f": {value.problem}"
    if isinstance(value, str):
        return ("invalid JSON", None, _LONE_SURROGATE) if _SURROGATE.search(value) else None
    if not isinstance(value, (dict, list)):
        return None
    if depth > MAX_JSON_DEPTH:
        return _TOO_DEEP, None, "; refused"
    if isinstance(value, list):
        return None
    if id(value) in duplicates:
        key = duplicates[id(value)]
        return f"duplicate key {key!r}", key, ": only the last one would count; keep one"
    bad_key = next((k for k in value if _SURROGATE.search(k)), None)
    return None if bad_key is None else ("invalid JSON", bad_key, _LONE_SURROGATE)


def _size(path: Path) -> int | None:
    try:
        return os.stat(path).st_size
    except OSError:
        return None


def _too_large(where: str, size: int | None) -> str:
    limit = MAX_JSON_BYTES // (1024 * 1024)
    if size is None:
        return f"{where}: larger than the {limit} MB limit for a JSON file; refused"
    megabytes = size / (1024 * 1024)
    return f"{where}: {megabytes:.1f} MB is over the {limit} MB limit for a JSON file; refused"
