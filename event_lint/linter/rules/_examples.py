"""What several rules' examples share: a module of the example project, a registry."""

from __future__ import annotations

from event_lint.linter.rules.base import ExampleSchemas

# A school's grading function, triggered by exam/submitted: the examples that invoke it
# (``step.invoke(function=grade, v=...)``) import it from ``school.grading``.
SCHOOL = {
    "school/__init__.py": "",
    "school/grading.py": """\
import inngest

client = inngest.Inngest(app_id="school")


@client.create_function(fn_id="grade", trigger=inngest.TriggerEvent(event="exam/submitted"))
async def grade(ctx: inngest.Context) -> None:
    pass
""",
}
# exam/submitted at v1, deprecated, and at v2.
EXAM_VERSIONS: ExampleSchemas = {
    "exam/submitted": {1: {"type": "object", "deprecated": True}, 2: {"type": "object"}}
}
