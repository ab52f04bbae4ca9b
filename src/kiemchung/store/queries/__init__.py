"""The queries of each area, as small typed functions over a ``Connection``.

One module per area (``sources``, ``alerts``, ``narratives``, ``followups``, ``images`` …).
Each function takes the connection of a unit of work opened with ``Store.reading()`` or
``Store.writing()``, so that a caller can compose several in one transaction, and returns typed
rows (dataclasses, named tuples) or plain values. The SQL, and whatever differs between SQLite
and PostgreSQL, stays here; the areas keep their logic and never build a statement.
"""
