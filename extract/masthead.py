"""The issue date a front page prints in its masthead (``2025.07`` / ``星期五 04``, ``2025年7月4日``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

_FULL_RE = re.compile(r"(20\d{2}|19\d{2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
_YEAR_MONTH_RE = re.compile(r"^(20\d{2}|19\d{2})\s*[年.\-/]\s*(\d{1,2})\s*月?$")
_WEEKDAY_DAY_RE = re.compile(r"^星期[一二三四五六日天]\s*(\d{1,2})$|^(\d{1,2})\s*星期[一二三四五六日天]$")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def printed_date(preface: Sequence[str]) -> date | None:
    """Only lines before the first article are read, so a date in a story is never taken for the issue's."""
    year_month: tuple[int, int] | None = None
    for line in preface:
        text = line.strip()
        if m := _FULL_RE.search(text):
            return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _YEAR_MONTH_RE.match(text):
            year_month = (int(m.group(1)), int(m.group(2)))
        elif (m := _WEEKDAY_DAY_RE.match(text)) and year_month:
            return _safe_date(*year_month, int(m.group(1) or m.group(2)))
    return None
