"""Pure extraction: page text in, structured records out.

Nothing in this package reads files, opens sockets or imports from ``kb``,
``api``, ``crawler`` or ``unionkb``; callers hand it strings and get records back.
"""
