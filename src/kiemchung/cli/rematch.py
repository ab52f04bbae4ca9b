"""``kiemchung rematch``: the stored claims matched again against the current library."""

from __future__ import annotations

import sys

from . import app
from .common import open_store, progress


@app.command("rematch")
def rematch_command() -> int:
    """Match the stored claims again where the fact-check library (or the matching model) has
    changed since they were matched: a fact-check imported today answers posts ingested last
    week. Only stale claims are redone; safe to interrupt and run again.

    Example: kiemchung factchecks import new-factchecks.jsonl && kiemchung rematch
    """
    from ..matching.rematch import rematch, stale_claims
    from ..monitor.editing import refresh_factchecks

    store = open_store()
    try:
        with progress("claims", stale_claims(store)) as advance:
            # Narratives take the fact-check their claims now point to, batch by batch.
            report = rematch(store, advance=advance, also=refresh_factchecks)
    finally:
        store.close()
    print(
        f"checked {report.checked} claims: {report.matched} matched, {report.newly_matched} "
        f"newly matched, {report.no_longer_matched} no longer matched",
        file=sys.stderr,
    )
    return 0
