"""Behaviour every backend must share; runs on SQLite always and on Elasticsearch when a cluster is given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from kb.base import (
    ArticleQuery,
    InvalidCursorError,
    KBError,
    KnowledgeBase,
    QuerySyntaxError,
    SourceInfo,
    StoredArticle,
)

Make = Callable[..., StoredArticle]


def ids(kb: KnowledgeBase, q: str | None = None, **kw: object) -> set[str]:
    page = kb.search_articles(ArticleQuery(q=q, limit=100, **kw))  # type: ignore[arg-type]
    found = [hit.article.id for hit in page.items]
    assert page.total == len(found), "total must count exactly the matches"
    assert len(found) == len(set(found))
    return set(found)


# -- upsert ------------------------------------------------------------------------------------


def test_upsert_counts_new_then_unchanged(empty_kb: KnowledgeBase, articles: list[StoredArticle]) -> None:
    first = empty_kb.upsert_articles(articles)
    assert (first.new, first.updated, first.unchanged) == (len(articles), 0, 0)
    again = empty_kb.upsert_articles(articles)
    assert (again.new, again.updated, again.unchanged) == (0, 0, len(articles))
    assert empty_kb.count_articles() == len(articles)


def test_upsert_detects_changed_content_but_not_timestamps(
    kb: KnowledgeBase, articles: list[StoredArticle]
) -> None:
    from datetime import UTC, datetime

    later = [replace(a, ingested_at=datetime(2030, 1, 1, tzinfo=UTC)) for a in articles]
    assert kb.upsert_articles(later).unchanged == len(articles)
    edited = replace(articles[1], article=replace(articles[1].article, body="职工二次医保改为全程网办。"))
    result = kb.upsert_articles([edited, articles[2]])
    assert (result.new, result.updated, result.unchanged) == (0, 1, 1)
    stored = kb.get_article(edited.id)
    assert stored is not None and stored.article.body == "职工二次医保改为全程网办。"
    assert "claim" in ids(kb, "全程网办")
    assert "claim" not in ids(kb, "理赔可以线上办理")
    assert kb.count_articles() == len(articles)


def test_upsert_is_all_or_nothing(empty_kb: KnowledgeBase, make: Make) -> None:
    good = [make("good-1", "职工书屋", "书屋开放。"), make("good-2", "职工食堂", "食堂开放。")]
    bad = make("bad", "坏记录", "来源类型不对。")
    bad = replace(
        bad, source=SourceInfo(kind="docx", url=None, path=None, raw_sha256="b" * 64, fetched_at=None)
    )  # type: ignore[arg-type]
    with pytest.raises(KBError, match="source kind"):
        empty_kb.upsert_articles([*good, bad])
    assert empty_kb.count_articles() == 0
    assert empty_kb.get_article("good-1") is None
    assert ids(empty_kb, "职工") == set()
    assert empty_kb.upsert_articles(good).new == 2


def test_get_article_round_trips_every_field(kb: KnowledgeBase, articles: list[StoredArticle]) -> None:
    for original in articles:
        assert kb.get_article(original.id) == original
    zj = kb.get_article("zj-ins")
    assert zj is not None
    assert zj.article.figures[0].value == articles[0].article.figures[0].value
    assert str(zj.article.figures[0].value) == "98972500"
    assert kb.get_article("no-such-id") is None


def test_papers_and_count(kb: KnowledgeBase, articles: list[StoredArticle]) -> None:
    assert kb.papers() == ["gdgr", "nfgb"]
    assert kb.count_articles() == len(articles)


# -- substring-exact search --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("二次医保", {"zj-ins", "claim", "subtitle"}),
        ("工会二次医保", {"zj-ins"}),
        ("医保", {"zj-ins", "claim", "resident", "subtitle"}),
        ("湛江", {"zj-ins", "zj-games", "zjxs", "undated"}),
        ("湛江市", {"zj-ins"}),
        ("霞山区", {"zj-ins", "xiashan"}),
        ("湛江霞山", {"zjxs"}),  # 湛江市霞山区 has both words, but not this substring
        ("江市", {"zj-ins"}),  # cuts across jieba's words: still found
        ("线上", {"claim", "subtitle"}),
        ("9897.25", {"zj-ins", "foshan"}),
        ('"9897.25 万元"', {"zj-ins"}),
        ('"工会二次医保"', {"zj-ins"}),
        ("ai", {"ai"}),
        ("AI赋能", {"ai"}),
        ("聚焦民生", {"subtitle"}),  # kicker is part of the headline
        ("不存在的词语", set()),
    ],
)
def test_term_matches_exactly_the_articles_containing_it(
    kb: KnowledgeBase, q: str, expected: set[str]
) -> None:
    assert ids(kb, q) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("霞山区 OR 南海", {"zj-ins", "xiashan", "foshan"}),
        ("湛江 AND 职工", {"zj-ins", "zj-games"}),
        ("湛江 职工", {"zj-ins", "zj-games"}),
        ("医保 -二次医保", {"resident"}),
        ("医保 NOT 二次医保", {"resident"}),
        ("湛江 -湛江市 -港务", {"zj-games", "zjxs"}),
        ('"工会二次医保" 湛江', {"zj-ins"}),
        ('二次医保 -"线上"', {"zj-ins"}),
        ("南海 OR 运动会 OR 书屋 -霞山区", {"foshan", "zj-games"}),
    ],
)
def test_operators(kb: KnowledgeBase, q: str, expected: set[str]) -> None:
    assert ids(kb, q) == expected


@pytest.mark.parametrize(
    ("q", "fragment"),
    [
        ('"unclosed', "unclosed quote at position 0"),
        ("AND OR", "operator AND at position 0"),
        ("x AND OR y", "adjacent operators AND and OR"),
        ("OR x", "operator OR at position 0 has no term before it"),
        ("x OR", "operator OR at position 2 has no term after it"),
        ("*", "no searchable characters"),
        ("。，", "no searchable characters"),
        ('""', "empty phrase"),
        ("   ", "empty query"),
        ("-湛江", "only excludes"),
        ("x" * 201, "too long"),
        (" ".join(["词"] * 21), "at most 20"),
    ],
)
def test_bad_syntax_raises_query_syntax_error(kb: KnowledgeBase, q: str, fragment: str) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        kb.search_articles(ArticleQuery(q=q))
    assert fragment in str(err.value)


# -- filters, sorting, snippets ----------------------------------------------------------------


def test_filters(kb: KnowledgeBase) -> None:
    assert ids(kb, "湛江", paper="gdgr") == {"zjxs", "undated"}
    assert ids(kb, "湛江", date_from=date(2024, 1, 1)) == {"zj-ins", "zj-games", "zjxs"}
    assert ids(kb, "湛江", date_to=date(2024, 1, 31)) == {"zj-games"}
    assert ids(kb, "湛江", date_from=date(2024, 1, 20), date_to=date(2024, 1, 20)) == {"zj-games"}
    assert ids(kb, date_from=date(2024, 5, 1)) == {"ai"}
    assert ids(kb, paper="nope") == set()
    assert ids(kb, "湛江", date_from=date(2025, 1, 1)) == set()


def test_sort_by_date_puts_undated_last(kb: KnowledgeBase, articles: list[StoredArticle]) -> None:
    page = kb.search_articles(ArticleQuery(sort="date", limit=100))
    dates = [hit.article.issue_date for hit in page.items]
    assert page.total == len(articles)
    assert dates[-1] is None
    known = [d for d in dates if d is not None]
    assert known == sorted(known, reverse=True)
    assert all(hit.score is None for hit in page.items)


def test_sort_by_relevance_prefers_headline_matches(kb: KnowledgeBase) -> None:
    page = kb.search_articles(ArticleQuery(q="霞山区", sort="relevance"))
    assert page.items[0].article.id == "xiashan"
    scores = [hit.score for hit in page.items]
    assert all(s is not None for s in scores)
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]
    by_date = kb.search_articles(ArticleQuery(q="湛江", sort="date"))
    assert [h.article.id for h in by_date.items] == ["zjxs", "zj-ins", "zj-games", "undated"]
    assert all(h.score is None for h in by_date.items), "scores are only meaningful in relevance order"


def test_snippet_marks_every_matched_term_and_escapes_html(kb: KnowledgeBase) -> None:
    hit = kb.search_articles(ArticleQuery(q="二次医保 理赔")).items[0]
    assert hit.article.id == "claim"
    assert "<mark>二次医保</mark>" in hit.snippet and "<mark>理赔</mark>" in hit.snippet
    ai = kb.search_articles(ArticleQuery(q="ai")).items[0]
    assert ai.snippet.count("<mark>") == 3  # AI, Ai and the AI inside <AI>, case-insensitive
    assert "&lt;<mark>AI</mark>&gt;" in ai.snippet
    plain = kb.search_articles(ArticleQuery(paper="nfgb", sort="date", limit=1)).items[0]
    assert "<mark>" not in plain.snippet and plain.snippet.startswith(plain.article.article.body[:20])
    long_hit = kb.search_articles(ArticleQuery(q='"9897.25 万元"')).items[0]
    assert "<mark>9897.25 万元</mark>" in long_hit.snippet and len(long_hit.snippet) < 130


# -- keyset pagination -------------------------------------------------------------------------


def _walk(kb: KnowledgeBase, query: ArticleQuery) -> tuple[list[str], int | None]:
    seen: list[str] = []
    page = kb.search_articles(query)
    total = page.total
    seen += [h.article.id for h in page.items]
    while page.next_cursor:
        page = kb.search_articles(replace(query, cursor=page.next_cursor))
        assert page.total == total
        seen += [h.article.id for h in page.items]
    return seen, total


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize("limit", [1, 2, 3])
def test_pagination_visits_every_match_once_even_when_scores_tie(
    kb: KnowledgeBase, make: Make, sort: str, limit: int
) -> None:
    twins = [
        make(f"twin-{n}", "同题通稿", "各地工会同题通稿内容完全一致。", issue_date=date(2024, 3, 1))
        for n in range(7)
    ]
    kb.upsert_articles(twins)
    seen, total = _walk(kb, ArticleQuery(q="同题通稿", sort=sort, limit=limit))  # type: ignore[arg-type]
    assert sorted(seen) == sorted(t.id for t in twins)
    assert total == 7
    everything, total_all = _walk(kb, ArticleQuery(sort=sort, limit=limit))  # type: ignore[arg-type]
    assert len(everything) == len(set(everything)) == total_all == kb.count_articles()


def test_last_page_has_no_cursor(kb: KnowledgeBase) -> None:
    page = kb.search_articles(ArticleQuery(q="湛江", limit=4))
    assert len(page.items) == 4 and page.next_cursor is None


def test_cursor_from_another_query_is_rejected(kb: KnowledgeBase) -> None:
    first = kb.search_articles(ArticleQuery(q="医保", limit=1))
    assert first.next_cursor is not None
    with pytest.raises(InvalidCursorError, match="different query"):
        kb.search_articles(ArticleQuery(q="湛江", limit=1, cursor=first.next_cursor))
    with pytest.raises(InvalidCursorError, match="different query"):
        kb.search_articles(ArticleQuery(q="医保", paper="gdgr", limit=1, cursor=first.next_cursor))
    with pytest.raises(InvalidCursorError):
        kb.search_articles(ArticleQuery(q="医保", cursor="not-a-cursor!!"))
    # the page size may change between pages
    assert kb.search_articles(ArticleQuery(q="医保", limit=3, cursor=first.next_cursor)).items
