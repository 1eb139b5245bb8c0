"""Bytes by key that stop taking memory past a bound: the first ``held`` bytes stay in
memory, the rest are appended to one unnamed temporary file and read back by offset.

The fact store holds every parsed file's pickled facts until its chunk is resolved
(~11 KB per module on corpus B, the part of a run's memory that grew with the tree).
A run on a few files (pre-commit) never reaches the bound: no file, no ``tempfile``
import. A value replaced or deleted after spilling leaves its bytes in the file: the
store only does that when resolving fails on cached facts, once per run."""

from __future__ import annotations

import sys
from collections.abc import Iterator, MutableMapping
from typing import IO, TypeVar

K = TypeVar("K")

HELD = 1 << 20  # bytes kept in memory before values go to the file


class SpilledBytes(MutableMapping[K, bytes]):
    def __init__(self, held: int | None = None) -> None:
        self.held = HELD if held is None else held
        self.in_memory = 0  # bytes of the values kept as objects
        # a value, or where it is in the file: (offset, length)
        self._values: dict[K, bytes | tuple[int, int]] = {}
        self._file: IO[bytes] | None = None
        self._end = 0

    def __setitem__(self, key: K, value: bytes) -> None:
        old = self._values.get(key)
        if isinstance(old, bytes):
            self.in_memory -= len(old)
        if self.in_memory + len(value) > self.held:
            try:
                self._values[key] = self._append(value)
                return
            except OSError:  # no usable temporary folder, or a full one: hold them all
                self.held = sys.maxsize
        self.in_memory += len(value)
        self._values[key] = value

    def __getitem__(self, key: K) -> bytes:
        where = self._values[key]
        if isinstance(where, bytes):
            return where
        assert self._file is not None  # something was spilled
        return _read(self._file, *where)

    def __delitem__(self, key: K) -> None:
        old = self._values.pop(key)
        if isinstance(old, bytes):
            self.in_memory -= len(old)

    def __contains__(self, key: object) -> bool:
        return key in self._values  # never reads the file, as Mapping's would

    def __iter__(self) -> Iterator[K]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def close(self) -> None:
        """Drop the file (it has no name: closing it frees its space)."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def _append(self, value: bytes) -> tuple[int, int]:
        if self._file is None:
            import tempfile

            # open while the store lives: ``close`` (or its collection) closes it
            self._file = tempfile.TemporaryFile(buffering=0, prefix="event-lint-")  # noqa: SIM115
        offset = self._end
        self._file.seek(offset)
        view = memoryview(value)
        while view:
            view = view[self._file.write(view) or 0 :]
        self._end += len(value)
        return offset, len(value)


def _read(file: IO[bytes], offset: int, length: int) -> bytes:
    file.seek(offset)
    data = file.read(length)
    while len(data) < length:  # a short read: rare, but allowed
        more = file.read(length - len(data))
        if not more:
            raise OSError(f"the spill file ends before byte {offset + length}")
        data += more
    return data
