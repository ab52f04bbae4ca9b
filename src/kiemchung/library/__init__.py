"""The fact-check library: ClaimReview import and export, and the shared rating scale."""

from .record import FactCheck

__all__ = ["FactCheck"]
