"""Check-worthiness: which sentences state something that evidence could show true or false."""

from .detector import ClaimDetector, detect_claims

__all__ = ["ClaimDetector", "detect_claims"]
