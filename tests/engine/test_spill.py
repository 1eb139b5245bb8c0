"""Memory: the fact store keeps at most ``spill.HELD`` bytes of pickled facts in memory,
the rest in a temporary file, and what it reads back is what it was given: findings do
not change when every fact is spilled."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from event_lint.linter import spill
from event_lint.linter.spill import SpilledBytes

from .test_engine_chunks import lint_examples


def test_values_read_back_equal_and_memory_stays_within_the_bound() -> None:
    store: SpilledBytes[str] = SpilledBytes(held=100)
    expected: dict[str, bytes] = {}
    for n in range(60):
        value = bytes([n]) * (n % 13)  # empty ones too
        store[f"k{n}"] = expected[f"k{n}"] = value
        assert store.in_memory <= 100
    for key in ("k1", "k59"):  # one held in memory, one spilled
        store[key] = expected[key] = b"replaced" * 3
    for key in ("k2", "k30"):
        del store[key], expected[key]
    assert store.in_memory <= 100
    assert list(store) == list(expected)  # in the order kept
    assert dict(store) == expected
    assert "k2" not in store and "k3" in store
    store.close()


def test_values_under_the_bound_stay_in_memory() -> None:
    store: SpilledBytes[str] = SpilledBytes(held=100)
    store["a"], store["b"] = b"x" * 50, b"y" * 50
    assert store.in_memory == 100
    assert dict(store) == {"a": b"x" * 50, "b": b"y" * 50}


def test_without_a_temporary_folder_values_stay_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError("No usable temporary directory found")

    monkeypatch.setattr(tempfile, "TemporaryFile", refused)
    store: SpilledBytes[str] = SpilledBytes(held=1)
    store["a"], store["b"] = b"xy", b"z"
    assert dict(store) == {"a": b"xy", "b": b"z"}


def test_every_fact_spilled_finds_what_facts_in_memory_find(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = lint_examples(tmp_path / "held", 10_000, monkeypatch)
    appended: list[int] = []
    append = SpilledBytes._append

    def counted(self: SpilledBytes[Path], value: bytes) -> tuple[int, int]:
        appended.append(len(value))
        return append(self, value)

    monkeypatch.setattr(spill, "HELD", 0)
    monkeypatch.setattr(SpilledBytes, "_append", counted)
    spilled = lint_examples(tmp_path / "spilled", 1, monkeypatch)
    assert len(appended) == spilled.files_parsed > 0  # every file's facts went to the file
    assert spilled.diagnostics == held.diagnostics
    assert spilled.project == held.project
