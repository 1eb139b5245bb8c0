"""Fixtures for the generator tests."""

from __future__ import annotations

import pytest
from codegen_sources import MappingSource


@pytest.fixture
def shop() -> MappingSource:
    """Two events covering every mapping the generator supports."""
    return MappingSource(
        {
            "billing/invoice.paid": {
                "1": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["invoiceId", "amount"],
                    "properties": {
                        "invoiceId": {
                            "type": "string",
                            "pattern": "^in_",
                            "description": "The invoice.",
                        },
                        "amount": {"type": "integer", "minimum": 0},
                    },
                },
                "2": {
                    "type": "object",
                    "description": "An invoice was paid in full.",
                    "additionalProperties": False,
                    "required": ["invoiceId", "customerId", "amountCents", "currency", "status"],
                    "properties": {
                        "invoiceId": {"type": "string", "pattern": "^in_"},
                        "customerId": {"type": "string", "minLength": 1, "maxLength": 64},
                        "amountCents": {"type": "integer", "minimum": 0, "maximum": 100000000},
                        "currency": {"enum": ["usd", "eur"]},
                        "status": {"const": "paid"},
                        "paidAt": {"type": "string", "format": "date-time"},
                        "note": {"type": ["string", "null"], "maxLength": 200},
                        "payer": {"$ref": "../../_defs/party.json"},
                        "refund": {"$ref": "#/$defs/money"},
                    },
                    "$defs": {
                        "money": {
                            "type": "object",
                            "required": ["cents"],
                            "properties": {"cents": {"type": "integer"}},
                        }
                    },
                },
            },
            "order/placed": {
                "1": {
                    "type": "object",
                    "required": ["orderId", "items"],
                    "properties": {
                        "orderId": {"type": "string", "format": "uuid"},
                        "email": {"type": "string", "format": "email"},
                        "items": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["sku", "quantity"],
                                "properties": {
                                    "sku": {"type": "string"},
                                    "quantity": {"type": "integer", "exclusiveMinimum": 0},
                                },
                            },
                        },
                        "shipTo": {"$ref": "../../_defs/party.json"},
                        "tags": {"type": "object", "additionalProperties": {"type": "string"}},
                        "placedOn": {"type": "string", "format": "date"},
                        "discount": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
                    },
                }
            },
        },
        shared={
            "_defs/party.json": {
                "type": "object",
                "description": "Someone who pays or receives.",
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "vatId": {"type": ["string", "null"]}},
            }
        },
    )
