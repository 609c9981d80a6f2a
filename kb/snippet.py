"""Highlighted snippets computed in Python, identically for every backend.

Backend highlighters (FTS5 ``snippet()``, ES ``highlight``) work on tokens,
but our matches are substrings — and on SQLite the indexed text is a token
list, not the body — so the window and the ``<mark>`` spans are found here on
the stored body. Output is HTML: everything except the marks is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from kb.query import ascii_lower

SNIPPET_CHARS = 80
_LEAD = 20  # characters of context kept before the first match
_WS = re.compile(r"\s+")


def _spans(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """Every occurrence of every needle, overlapping ones merged, so nested terms get one mark."""
    folded = ascii_lower(text)
    found: list[tuple[int, int]] = []
    for needle in {n for n in needles if n}:
        start = folded.find(needle)
        while start != -1:
            found.append((start, start + len(needle)))
            start = folded.find(needle, start + 1)
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _clean(text: str) -> str:
    return html.escape(_WS.sub(" ", text), quote=False)


def make_snippet(body: str, needles: Iterable[str], width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters around the first match, every match inside wrapped in ``<mark>``."""
    spans = _spans(body, needles)
    start = max(0, spans[0][0] - _LEAD) if spans else 0
    end = min(len(body), start + width)
    for s, e in spans:  # never cut a mark in half
        if s < start < e:
            start = s
        if s < end < e:
            end = e
    parts: list[str] = ["…"] if start > 0 else []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        parts.append(_clean(body[pos:s]))
        parts.append(f"<mark>{_clean(body[s:e])}</mark>")
        pos = e
    parts.append(_clean(body[pos:end]))
    text = "".join(parts[1:] if start > 0 else parts).strip()
    return ("…" if start > 0 else "") + text + ("…" if end < len(body) else "")
