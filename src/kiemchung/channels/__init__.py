"""Messaging channels: the tipline where readers are (Telegram, Facebook Messenger, Zalo).

A webhook is checked against its platform's signature (``telegram``, ``messenger``, ``zalo``),
its messages answered by the ``tipline`` (photo, link or text → a tip, as on the web form → an
answer sent back), and readers waiting on a verdict are told once by ``followups`` when it is
published. What is kept about a reader, and for how long, is in docs/privacy.md.

Modules: ``messages`` (what comes in, the replies), ``base`` and the three adapters,
``platforms`` (which are switched on), ``sealing`` (reply addresses encrypted), ``links``,
``tipline``, ``followups``, ``tables``.
"""
