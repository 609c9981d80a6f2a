"""Event dates: month/day resolution against the issue, ranges, exclusions and relative words."""

from __future__ import annotations

from datetime import date

import pytest

from extract.dates import find_event_dates, scored


def _explicit(body: str, **kw: object) -> list[tuple[str, str | None, str | None]]:
    dates = find_event_dates(body, **kw)  # type: ignore[arg-type]
    for d in dates:
        assert body[d.start : d.end] == d.text
    return [(d.text, d.month_day, d.date) for d in scored(dates)]


@pytest.mark.parametrize(
    ("body", "issue", "expected"),
    [
        # dateline in the same year
        ("本报讯 5月8日，某市总工会举办培训班。", date(2025, 5, 10), [("5月8日", "05-08", "2025-05-08")]),
        # across the year boundary: a January issue reporting late December
        ("本报讯 12月30日，某区总工会开展慰问。", date(2026, 1, 3), [("12月30日", "12-30", "2025-12-30")]),
        ("本报讯 1月2日，某区总工会开展慰问。", date(2026, 1, 3), [("1月2日", "01-02", "2026-01-02")]),
        # the issue day itself is not "after" it
        ("本报讯 7月4日，系统上线。", date(2025, 7, 4), [("7月4日", "07-04", "2025-07-04")]),
        # a planned date after the issue keeps the issue's year
        ("比赛将于7月20日举行。", date(2025, 7, 4), [("7月20日", "07-20", "2025-07-20")]),
        # a printed year wins
        ("2024年12月31日，职工书屋揭牌。", date(2025, 1, 5), [("2024年12月31日", "12-31", "2024-12-31")]),
    ],
)
def test_resolution_against_issue_date(body: str, issue: date, expected: list[tuple[str, str, str]]) -> None:
    assert _explicit(body, issue_date=issue) == expected


def test_issue_year_only() -> None:
    assert _explicit("本报讯 11月3日，某县总工会召开会议。", issue_year=2024) == [
        ("11月3日", "11-03", "2024-11-03")
    ]


def test_unknown_year_keeps_month_day() -> None:
    assert _explicit("本报讯 10月9日，某县总工会召开会议。") == [("10月9日", "10-09", None)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("展览展期为4月2日—4月9日。", [("4月2日", "04-02"), ("4月9日", "04-09")]),
        ("活动时间为4月2日至9日。", [("4月2日", "04-02"), ("9日", "04-09")]),
        ("比赛于6月28日-7月2日进行。", [("6月28日", "06-28"), ("7月2日", "07-02")]),
    ],
)
def test_ranges_give_both_ends(body: str, expected: list[tuple[str, str]]) -> None:
    assert [(t, md) for t, md, _ in _explicit(body, issue_year=2025)] == expected


def test_each_date_once_in_text_order() -> None:
    body = "3月6日，启动仪式举行。3月5日已完成布展。3月6日当天，职工参观。"
    assert [md for _, md, _ in _explicit(body)] == ["03-06", "03-05"]


@pytest.mark.parametrize(
    "body",
    [
        "截至6月30日，全市参保10万人次。",  # a statistics cut-off
        "去年7月3日，他不慎受伤。",  # last year's event
        "自3月1日起，新规正式施行。",  # a start point
        "请于6月15日前报名。",  # a deadline
        "他说：“5月1日那天我在值班。”",  # inside a quotation
        "学习《关于3月5日会议精神的通知》。",  # inside a title
        "工会成立于2009年5月4日。",  # a long-past printed year
        "今年以来，自1月1日以来累计慰问500人。",
    ],
)
def test_dates_that_are_not_event_dates(body: str) -> None:
    assert _explicit(body, issue_date=date(2025, 7, 4)) == []


def test_date_followed_by_motion_verb_is_kept() -> None:
    assert _explicit("3月5日前往企业调研。", issue_year=2025) == [("3月5日", "03-05", "2025-03-05")]


def test_relative_words_are_resolved_approximately() -> None:
    body = "本报讯 近日，某市总工会开展活动。昨日，又举办了讲座。连日来，各级工会走访企业。"
    dates = find_event_dates(body, issue_date=date(2025, 7, 4))
    rel = [(d.text, d.date, d.precision, d.month_day) for d in dates if d.relative]
    assert rel == [
        ("近日", "2025-07-04", "approximate", None),
        ("昨日", "2025-07-03", "day", "07-03"),
        ("连日来", "2025-07-04", "approximate", None),
    ]
    assert scored(dates) == []


def test_relative_words_without_issue_date() -> None:
    dates = find_event_dates("本报讯 日前，某县总工会召开会议。", issue_year=2025)
    assert [(d.text, d.date, d.relative) for d in dates] == [("日前", None, True)]


def test_relative_and_explicit_interleave_in_order() -> None:
    dates = find_event_dates("近日，活动启动。5月3日，首场比赛举行。", issue_date=date(2025, 5, 9))
    assert [(d.text, d.relative) for d in dates] == [("近日", True), ("5月3日", False)]


def test_words_that_only_contain_relative_words() -> None:
    assert find_event_dates("春节日前后职工返乡，生日前收到礼物。", issue_date=date(2025, 2, 1)) == []


def test_masthead_today_is_not_a_date() -> None:
    assert find_event_dates("今日8版 总第5000期", issue_date=date(2025, 7, 4)) == []


def test_invalid_calendar_day() -> None:
    assert _explicit("2月30日，活动举行。", issue_year=2025) == [("2月30日", "02-30", None)]


def test_a_planned_end_date_after_the_issue_date_is_this_year() -> None:
    from datetime import date

    from extract.dates import find_event_dates, scored

    body = "本报讯 7月1日，某区总工会启动夏季“送清凉”活动，活动将持续至9月30日。"
    dates = scored(find_event_dates(body, issue_date=date(2025, 7, 4)))
    assert [(d.text, d.date) for d in dates] == [("7月1日", "2025-07-01"), ("9月30日", "2025-09-30")]
