"""event-registry lint: every SL code on one small registry, and skip-lints."""

from __future__ import annotations

from pathlib import Path

from .project import Project

THING = {
    "type": "object",
    "properties": {
        "userId": {"type": "string", "minLength": 5, "maxLength": 3, "description": "u"},
        "createdAt": {"type": "string", "format": "date-time", "description": "c"},
        "count": {"type": "integer", "maxLength": 3, "description": "n"},
        "meta": {
            "type": "object",
            "description": "m",
            "properties": {"k": {"type": "string", "format": "colour", "description": "k"}},
        },
        "user_name": {"type": "string", "maxLength": 5},
        "plain": {"type": "string", "description": "p"},
    },
    "required": ["userId", "missing"],
    "additionalProperties": False,
}
OTHER = {
    "type": "object",
    "description": "o",
    "additionalProperties": False,
    "properties": {"count": {"type": "string", "maxLength": 3, "description": "c"}},
}
LIST = {
    "$id": "https://example.com/list.json",
    "type": "array",
    "description": "l",
    "items": {"type": "string", "maxLength": 3},
}


def build(root: Path, config: str = "") -> Project:
    project = Project(root, config)
    first = {"type": "object", "properties": {}, "description": "x", "additionalProperties": False}
    project.schema("shop/thing.happened", "2", first)
    project.schema("shop/thing.happened", "4", THING)
    project.schema("shop/other.happened", "1", OTHER)
    project.schema("shop/list.made", "1", LIST)
    return project


def test_every_lint(tmp_path: Path) -> None:
    done = build(tmp_path).run("lint")
    assert done.returncode == 1, done.stderr
    thing = "shop/thing.happened/4.json"
    assert done.stdout.splitlines() == [
        "shop/list.made/1.json: SL201 the event's data should be an object with properties "
        "[warning]",
        "shop/list.made/1.json at /$id: SL104 $id 'https://example.com/list.json' does not end "
        "with shop/list.made/1.json [warning]",
        f"{thing}: SL206 the event has no description [warning]",
        f"{thing}: SL103 'missing' is required but the closed object does not declare it [error]",
        f"{thing} at /properties/userId: SL101 minLength 5 is greater than maxLength 3 [error]",
        f"{thing} at /properties/count: SL102 maxLength applies to strings, but the type is "
        "integer [error]",
        f"{thing} at /properties/count: SL204 an integer without a minimum or a maximum [info]",
        f"{thing} at /properties/meta: SL205 the object does not say whether it accepts "
        "undeclared keys (add additionalProperties) [warning]",
        f"{thing} at /properties/meta/properties/k: SL202 unknown format 'colour' [warning]",
        f"{thing} at /properties/user_name: SL207 the property has no description [info]",
        f"{thing} at /properties/plain: SL203 a string without maxLength, format, enum, const or "
        "pattern [info]",
        "shop/thing.happened/2.json: SL402 the first version is 2, not 1 [warning]",
        f"{thing}: SL401 version 4 does not follow 2 without a gap [warning]",
        f"{thing} at /properties/user_name: SL301 'user_name' is snake_case; the registry mostly "
        "uses camelCase [warning]",
        f'{thing} at /properties/count: SL302 \'count\' has type "integer" here but "string" '
        "in shop/other.happened [warning]",
        "15 findings",
    ]


def test_skip_lints_and_info_only_passes(tmp_path: Path) -> None:
    skip = '", "'.join(
        [
            "SL101",
            "SL102",
            "SL103",
            "SL104",
            "SL201",
            "SL202",
            "SL205",
            "SL206",
            "SL301",
            "SL302",
            "SL401",
            "SL402",
        ]
    )
    done = build(tmp_path, f'skip-lints = ["{skip}"]\n').run("lint")
    assert done.returncode == 0, done.stdout
    assert [line.split(": ")[1].split()[0] for line in done.stdout.splitlines()[:-1]] == [
        "SL204",
        "SL207",
        "SL203",
    ]


def test_check_runs_the_lint(tmp_path: Path) -> None:
    done = build(tmp_path).run("check")
    assert done.returncode == 1
    assert (
        "shop/thing.happened/4.json at /properties/userId: SL101 minLength 5 is greater "
        "than maxLength 3" in done.stdout.splitlines()
    )


def test_builtin_events_are_exempt(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.schema("shop/order.placed", "1", OTHER)
    done = project.run("lint")
    assert done.stdout == "schema lint OK\n"
    assert done.returncode == 0
