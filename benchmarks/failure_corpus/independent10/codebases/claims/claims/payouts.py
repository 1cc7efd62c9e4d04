"""Settlement of approved claims."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass

from claims.payments import PaymentsClient
from claims.policies import get_policy

log = logging.getLogger("claims.payouts")


@dataclass(frozen=True)
class Settlement:
    """What was paid for a claim."""

    claim_number: str
    amount_cents: int
    reference: str


def payable(claim_amount: int, deductible: int) -> int:
    """Amount paid after the policy's deductible."""
    return max(claim_amount - deductible, 0)


def settle(conn: sqlite3.Connection, payments: PaymentsClient, claim_number: str,
           iban: str) -> Settlement:
    """Pay a claim, record the payout and close the claim."""
    claim = conn.execute("SELECT * FROM claims WHERE number = ?", (claim_number,)).fetchone()
    if claim is None:
        raise LookupError(f"no claim {claim_number}")
    policy = get_policy(conn, claim["policy_number"])
    amount = payable(claim["amount_cents"], policy.deductible_cents)
    receipt = payments.pay(claim_number, amount, iban)
    with conn:
        conn.execute(
            "INSERT INTO payouts (claim_id, amount_cents, currency, reference) VALUES (?, ?, ?, ?)",
            (claim["id"], amount, "EUR", receipt["reference"]),
        )
        conn.execute("UPDATE claims SET status = 'paid' WHERE id = ?", (claim["id"],))
    log.info("settled %s with %d cents", claim_number, amount)
    return Settlement(claim_number, amount, receipt["reference"])
