"""Matching claims to the fact-check library: lexical + dense candidates, calibrated decision."""

from __future__ import annotations

# The longest text matched: a post, a message or a claim. A longer text is a document:
# ``ingest`` finds its claims, and each is matched. The CLI and the API refuse longer ones.
MAX_TEXT = 5000


def unmatchable(text: str) -> str | None:
    """Why ``text`` cannot be matched (empty, or longer than ``MAX_TEXT``), or ``None``."""
    if not text.strip():
        return "the text is empty"
    if len(text) > MAX_TEXT:
        return (
            f"the text is {len(text)} characters long, longer than the {MAX_TEXT} a match "
            "reads (ingest a document to match its claims)"
        )
    return None
