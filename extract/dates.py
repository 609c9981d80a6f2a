"""Event dates: when the reported activity happened, with every date traceable to its surface text.

A union report dates its activity by month and day only (``10月11日，…``), so
the year comes from the issue: a month/day later than the issue date must be
last year's (a January paper reporting ``12月30日``). Dates that scope or
frame something else are not event dates: statistics cut-offs (``截至6月30日``),
start points (``自…起``, ``…以来``), deadlines (``…前``), last year's events
(``去年7月3日``), anything inside a quotation or a title, and dates whose
printed year is long past.

Relative words (近日, 日前, 连日来, 昨日…) are returned too, flagged
``relative=True``: the gold and the evaluator list only explicit dates, so
callers that score use :func:`scored`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from extract.places.cues import spans
from extract.records import EventDate

__all__ = ["find_event_dates", "scored"]

_DASH = r"(?:至|到|—{1,2}|–|-|－|~|～)"
_MD_RE = re.compile(
    r"(?P<first>(?:(?P<year>\d{4})\s?年\s?)?(?P<m1>\d{1,2})\s?月\s?(?P<d1>\d{1,2})\s?[日号])"
    rf"(?:\s?{_DASH}\s?(?P<second>(?:(?P<m2>\d{{1,2}})\s?月\s?)?(?P<d2>\d{{1,2}})\s?[日号]))?"
)
# 节日前 / 生日前 / 假日前 are "before the holiday", not 日前 "a few days ago"; 今日头条 is an app.
_RELATIVE_RE = re.compile(r"近日|(?<![节假生])日前|连日来|近期|昨日|昨天|(?<!提)前日|前天|今日(?!头条)|今天")
# days before the issue date and whether the word fixes one day
_RELATIVE: dict[str, tuple[int, bool]] = {
    "昨日": (1, True),
    "昨天": (1, True),
    "前日": (2, True),
    "前天": (2, True),
    "今日": (0, True),
    "今天": (0, True),
    "近日": (0, False),
    "日前": (0, False),
    "近期": (0, False),
    "连日来": (0, False),
}
_OTHER_YEAR_BEFORE = re.compile(r"(?:去年|前年|明年|上年|往年)(?:的)?$")
_SCOPE_BEFORE = re.compile(r"(?:截至|截止|截止到|截止至|自|从|始于|成立于|生于|出生于|诞生于|定于每年)\s?$")
_SCOPE_AFTER = re.compile(
    r"\s?(?:起(?!草)|以来|之前|前(?![往来去夕])|为止|止|以后|之后|后(?![勤备续])|出生|生日|诞辰|到期|截止)"
)
# A plan earlier in the same clause makes a later month/day this year's (活动将持续至9月30日).
_FUTURE_BEFORE = re.compile(r"(?:将|计划|拟|定于|即将|预计)[^，。；！？,;:：]{0,8}$")
_MASTHEAD_AFTER = re.compile(r"\s?\d+\s?版")


def find_event_dates(
    body: str, *, issue_date: date | None = None, issue_year: int | None = None
) -> list[EventDate]:
    """Explicit and relative dates of the reported activity, each distinct date once, in text order."""
    sp = spans(body)
    year = issue_date.year if issue_date else issue_year
    found: list[EventDate] = []
    for m in _MD_RE.finditer(body):
        if sp.in_quote(m.start(), m.end()) or _framed(body, m):
            continue
        printed = int(m.group("year")) if m.group("year") else None
        if printed is not None and year is not None and not (year - 1 <= printed <= year):
            continue  # a dated past event (``2022年3月5日成立``), not today's report
        future = bool(_FUTURE_BEFORE.search(body, max(0, m.start() - 12), m.start()))
        m1, d1 = int(m.group("m1")), int(m.group("d1"))
        ends = [(m1, d1, m.start("first"), m.end("first"))]
        if m.group("second"):
            m2 = int(m.group("m2")) if m.group("m2") else m1
            ends.append((m2, int(m.group("d2")), m.start("second"), m.end("second")))
        for month, day, start, end in ends:
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            resolved = _resolve(month, day, printed, issue_date, issue_year, future)
            found.append(
                EventDate(
                    text=body[start:end],
                    start=start,
                    end=end,
                    month_day=f"{month:02d}-{day:02d}",
                    date=resolved.isoformat() if resolved else None,
                )
            )
    for m in _RELATIVE_RE.finditer(body):
        word = m.group(0)
        if sp.in_quote(m.start(), m.end()) or (word == "今日" and _MASTHEAD_AFTER.match(body, m.end())):
            continue
        back, exact = _RELATIVE[word]
        when = issue_date - timedelta(days=back) if issue_date else None
        found.append(
            EventDate(
                text=word,
                start=m.start(),
                end=m.end(),
                month_day=when.strftime("%m-%d") if when and exact else None,
                date=when.isoformat() if when else None,
                precision="day" if exact else "approximate",
                relative=True,
            )
        )
    return _distinct(sorted(found, key=lambda d: d.start))


def scored(dates: list[EventDate]) -> list[EventDate]:
    """The explicit dates only: what the gold lists and the evaluator compares."""
    return [d for d in dates if not d.relative]


def _framed(body: str, m: re.Match[str]) -> bool:
    """Whether the date scopes or frames something else rather than dating the activity."""
    before_start = max(0, m.start() - 6)
    if _OTHER_YEAR_BEFORE.search(body, before_start, m.start()):
        return True
    if _SCOPE_BEFORE.search(body, before_start, m.start()):
        return True
    return bool(_SCOPE_AFTER.match(body, m.end()))


def _resolve(
    month: int, day: int, printed: int | None, issue_date: date | None, issue_year: int | None, future: bool
) -> date | None:
    if printed is not None:
        year = printed
    elif issue_date is not None:
        year = issue_date.year
        if (month, day) > (issue_date.month, issue_date.day) and not future:
            year -= 1  # a January issue reporting 12月30日
    elif issue_year is not None:
        year = issue_year
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _distinct(dates: list[EventDate]) -> list[EventDate]:
    seen: set[tuple[str | None, str | None, bool]] = set()
    out = []
    for d in dates:
        key = (d.month_day, d.date, d.relative) if not d.relative else (d.text, d.date, True)
        if key in seen:
            continue
        seen.add(key)
        out.append(d)
    return out
