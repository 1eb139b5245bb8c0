"""The values the compatibility checker produces: directions, change codes, changes."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field, replace
from typing import Any, Final

# One path step of a payload: an object key or an array index.
Step = str | int
InstancePath = tuple[Step, ...]


class Direction(str, enum.Enum):
    """Which readers a change breaks.

    BACKWARD: the new schema rejects data written under the old one (new readers, old events).
    FORWARD: the old schema rejects data written under the new one (old readers, new events).
    """

    BACKWARD = "BACKWARD"
    FORWARD = "FORWARD"


class Breaks:
    """The sets of directions a change can break (``Change.breaks``), by name."""

    NONE: Final[frozenset[Direction]] = frozenset()
    BACKWARD: Final = frozenset({Direction.BACKWARD})
    FORWARD: Final = frozenset({Direction.FORWARD})
    BOTH: Final = frozenset({Direction.BACKWARD, Direction.FORWARD})


NO_EXAMPLE = "no example could be constructed"


@dataclass(frozen=True)
class Witness:
    """A whole ``data`` payload valid under ``valid_under`` ("old"/"new") and invalid under
    the other version, checked with the real validators of both schemas."""

    direction: Direction
    payload: Any
    valid_under: str

    def render(self) -> str:
        other = "new" if self.valid_under == "old" else "old"
        text = json.dumps(self.payload, sort_keys=True, ensure_ascii=False)
        return (
            f"example: {text} is valid under the {self.valid_under} version, "
            f"invalid under the {other}"
        )


@dataclass(frozen=True)
class Change:
    """One difference between two schemas, with the readers it breaks.

    ``old_path``/``new_path`` are JSON pointers into each schema ("" is the root; None when
    the keyword is absent on that side). ``possibly`` marks a conservative verdict: the
    checker cannot decide the change exactly and reports every direction it might break.
    """

    code: str
    message: str
    breaks: frozenset[Direction]
    old_path: str | None
    new_path: str | None
    hint: str = ""
    possibly: bool = False
    instance_path: InstancePath = ()
    witnesses: tuple[Witness, ...] = ()
    # The two sub-schemas that describe the payload at instance_path[:schema_depth], for
    # the example generator.
    old_schema: Any = field(default=None, repr=False, compare=False)
    new_schema: Any = field(default=None, repr=False, compare=False)
    schema_depth: int = field(default=0, repr=False, compare=False)
    keyword: str | None = field(default=None, repr=False, compare=False)

    def keeping(self, keep: frozenset[Direction]) -> Change:
        """The change with only the breaks of ``keep`` (the others are known not to happen)."""
        if self.breaks <= keep:
            return self
        breaks = self.breaks & keep
        return replace(self, breaks=breaks, hint=self.hint if breaks else "")

    def verdict(self) -> str:
        """'compatible', 'breaks BACKWARD', 'possibly breaks BACKWARD and FORWARD', ..."""
        if not self.breaks:
            return "compatible"
        names = " and ".join(d.value for d in Direction if d in self.breaks)
        return f"{'possibly ' if self.possibly else ''}breaks {names}"

    def witness_for(self, direction: Direction) -> Witness | None:
        return next((w for w in self.witnesses if w.direction is direction), None)

    def explanation(self, directions: frozenset[Direction] = Breaks.BOTH) -> tuple[str, ...]:
        """The lines printed under the change: paths, fix hint, one example per broken direction."""
        lines = [f"old: {_pointer(self.old_path)}  new: {_pointer(self.new_path)}"]
        if self.hint:
            lines.append(f"fix: {self.hint}")
        for direction in Direction:
            if direction not in self.breaks & directions:
                continue
            witness = self.witness_for(direction)
            lines.append(f"{direction.value}: {witness.render() if witness else NO_EXAMPLE}")
        return tuple(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "breaks": [d.value for d in Direction if d in self.breaks],
            "possibly": self.possibly,
            "old_path": self.old_path,
            "new_path": self.new_path,
            "hint": self.hint,
            "examples": [
                {
                    "direction": w.direction.value,
                    "valid_under": w.valid_under,
                    "at": "data",
                    "payload": w.payload,
                }
                for w in self.witnesses
            ],
        }


def _pointer(path: str | None) -> str:
    if path is None:
        return "(absent)"
    return "#" + path
