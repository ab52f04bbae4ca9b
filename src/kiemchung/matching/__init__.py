"""Matching claims to the fact-check library: lexical + dense candidates, calibrated decision."""
