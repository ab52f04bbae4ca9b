"""The workflow of a claim on the desk: its states and the moves between them, in one place.

A person moves a claim by hand between the research states (new, researching, not checkable,
duplicate). The other moves belong to the work itself: drafting a verdict puts the claim in
review, returning the draft puts it back in research, approving publishes it. A published claim
changes only by a correction. Saving the state a claim is already in changes nothing.
"""

from __future__ import annotations

from ..errors import Conflict, InputError

STATES = ("new", "researching", "in_review", "published", "not_checkable", "duplicate")
OPEN = ("new", "researching", "in_review")

# Moves a person makes by hand, from each state.
BY_HAND: dict[str, tuple[str, ...]] = {
    "new": ("researching", "not_checkable", "duplicate"),
    "researching": ("new", "not_checkable", "duplicate"),
    "in_review": (),
    "published": (),
    "not_checkable": ("new", "researching"),
    "duplicate": ("new", "researching"),
}

# Moves made by the work: the step, the states it starts from, the state it leads to.
BY_WORK: dict[str, tuple[tuple[str, ...], str]] = {
    "assign": (("new",), "researching"),
    "draft": (OPEN, "in_review"),
    "return": (("in_review",), "researching"),
    "approve": (("in_review",), "published"),
}


def choices(state: str) -> tuple[str, ...]:
    """The states a person may pick for a claim in ``state``: itself first, then its moves."""
    return (state, *BY_HAND.get(state, ()))


def check_move(item_id: int, state: str, target: str) -> bool:
    """Whether moving by hand from ``state`` to ``target`` changes anything; refused with a
    reason when the workflow does not allow it."""
    if target not in STATES:
        raise InputError(
            f"{target!r} is not a state of the workflow", code="status_unknown", field="status"
        )
    if target == state:
        return False
    if not any(target in moves for moves in BY_HAND.values()):
        raise InputError(
            f"{target} is reached by drafting and review, not by hand",
            code="status_not_by_hand",
            field="status",
            after=target,
        )
    if target in BY_HAND.get(state, ()):
        return True
    if not BY_HAND.get(state):  # in review, published: left by review or correction only
        raise Conflict(
            f"claim {item_id} is {state}: it leaves that state by review or correction only",
            code=f"status_stuck_{state}",
            field="status",
        )
    raise Conflict(
        f"claim {item_id} cannot move from {state} to {target} by hand",
        code="status_move",
        field="status",
        before=state,
        after=target,
    )


def after(step: str, item_id: int, state: str) -> str:
    """The state a step of the work leads to from ``state``; refused when it cannot start there."""
    starts, target = BY_WORK[step]
    if state not in starts:
        raise Conflict(
            f"claim {item_id} is {state}: cannot {step} now",
            code=f"cannot_{step}",
            before=state,
        )
    return target
