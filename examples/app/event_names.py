"""Event names in one place, so functions and senders agree."""

import enum

INVOICE_PAID = "billing/invoice.paid"
SIGNUP_COMPLETED = "user/signup.completed"
# Deliberate mistake: camelCase instead of noun.verb (EL101), and so unknown (EL601).
PROFILE_UPDATED = "user/profileUpdated"


class OrderEvents(enum.StrEnum):
    PLACED = "order/placed"
    ITEM_SHIPPED = "order/item.shipped"
