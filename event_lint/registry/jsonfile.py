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
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from event_lint.files import FileTooLarge, NotRegularFile, read_regular
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
    try:
        document = json.loads(
            text,
            object_pairs_hook=lambda pairs: _object(pairs, duplicates),
            parse_constant=lambda name: _NonStandard(f"{name} is not standard JSON"),
            parse_float=_float,
            parse_int=_int,
        )
    except json.JSONDecodeError as exc:
        raise RegistryError(f"{where}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise RegistryError(f"{where}: {_TOO_DEEP}; refused") from None
    problem = _first_problem(document, duplicates)
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


def _float(text: str) -> float | _NonStandard:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        return _NonStandard(f"{text} is out of range (it would be infinity)")
    return value


def _int(text: str) -> int | _NonStandard:
    digits = len(text.lstrip("-"))
    if digits > _MAX_DIGITS:
        return _NonStandard(f"an integer of {digits:,} digits is too long")
    return int(text)


def _first_problem(document: Any, duplicates: dict[int, str]) -> str | None:
    """What is wrong with the parsed document, at its JSON path, in document order."""
    for value, path, depth in _walk(document):
        problem = _problem(value, depth, duplicates)
        if problem is not None:
            what, key, why = problem
            at = json_pointer(path if key is None else [*path, key]) or "/"
            printable = at.encode("utf-8", "backslashreplace").decode("utf-8")  # surrogates
            return f"{what} at {printable}{why}"
    return None


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


def _walk(document: Any) -> Iterator[tuple[Any, list[str | int], int]]:
    """(value, its path, how many objects and arrays hold it, itself included), in document
    order, without recursion."""
    stack: list[tuple[Any, list[str | int], int]] = [(document, [], 1)]
    while stack:
        value, path, depth = stack.pop()
        yield value, path, depth
        if depth > MAX_JSON_DEPTH:
            continue
        if isinstance(value, dict):
            items: list[tuple[str | int, Any]] = list(value.items())
        elif isinstance(value, list):
            items = list(enumerate(value))
        else:
            continue
        stack.extend((child, [*path, key], depth + 1) for key, child in reversed(items))


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
