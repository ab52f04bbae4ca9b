"""Kiểm chứng: find check-worthy claims in Vietnamese text and match them to existing fact-checks."""

__version__ = "0.1.0"
