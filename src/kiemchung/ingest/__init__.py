"""Ingest: read pages, feeds, posts and text files into documents, link duplicates, find claims.

``ingest.ingest(store, inputs, on_problem=..., advance=...)`` is the entry point; ``sources``
decides what an input is, ``html``/``feeds``/``posts`` read each kind, ``dedup`` finds exact and
near duplicates.
"""
