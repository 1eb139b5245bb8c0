"""Onboarding: fan out welcome work when a user signs up."""

import uuid

import inngest

from app.event_names import SIGNUP_COMPLETED
from app.inngest_client import inngest_client


@inngest_client.create_function(
    fn_id="send-welcome",
    trigger=inngest.TriggerEvent(event=SIGNUP_COMPLETED),
    cancel=[inngest.Cancel(event="user/profile.updated", if_exp="event.data.userId == async.data.userId")],
)
async def send_welcome(ctx: inngest.Context) -> None:
    step = ctx.step
    user_id = ctx.event.data["userId"]
    await step.send_event(
        "send-welcome-email",
        inngest.Event(
            name="email/welcome.sent",
            # Deliberate mistake: a new id on every replay, so dedup never fires (EL203).
            id=f"welcome-sent-{uuid.uuid4()}",
            data={"userId": user_id, "email": ctx.event.data["email"]},
        ),
    )

    async def audit() -> None:
        # Memoized inside step.run, but loses step tracing: use step.send_event (EL502).
        await inngest_client.send(
            inngest.Event(name="user/profile.updated", data={"userId": user_id, "changes": {}})
        )

    await step.run("audit", audit)
