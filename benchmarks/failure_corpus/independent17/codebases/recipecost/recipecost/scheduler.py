"""Orders production batches so a recipe's components are made before it."""

from __future__ import annotations


class CycleError(ValueError):
    """The components depend on each other in a loop."""


def order_batches(batches: list[str], needs: dict[str, set[str]]) -> list[str]:
    """Batches in an order where each comes after everything it needs."""
    done: list[str] = []
    pending = list(batches)
    stalled = 0
    while pending:
        batch = pending.pop(0)
        if needs.get(batch, set()) <= set(done):
            done.append(batch)
            stalled = 0
            continue
        pending.append(batch)
        stalled += 1
        if stalled > len(pending):
            raise CycleError(f"cannot order {sorted(pending)}")
    return done
