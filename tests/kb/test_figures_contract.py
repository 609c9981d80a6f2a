"""Figure search behaviour every backend must share (``search_figures``), on SQLite and, given a cluster, ES.

The corpus puts values one cent either side of 98972500 (= 9897.25万元), so a
backend comparing floats or text instead of exact decimals fails the
boundary tests, and gives two articles the same issue date so pagination must
break ties by article id and figure position.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from extract.records import Figure
from kb.base import (
    ArticleQuery,
    FigureHit,
    FigureQuery,
    InvalidCursorError,
    KnowledgeBase,
    QuerySyntaxError,
    StoredArticle,
)

Make = Callable[..., StoredArticle]
Key = tuple[str, str]  # (article id, figure text): texts are unique within each article of the corpus


def fig(body: str, text: str, value: str, unit: str, *, field: str = "body", **fields: object) -> Figure:
    start = body.index(text)
    return Figure(
        text=text,
        value=Decimal(value),
        unit=unit,
        approx=fields.pop("approx", "exact"),  # type: ignore[arg-type]
        start=start,
        end=start + len(text),
        sentence=body,
        field=field,  # type: ignore[arg-type]
        **fields,  # type: ignore[arg-type]
    )


ZJ = "湛江市总工会介绍，今年全市“工会二次医保”累计受益金额达9897.25万元，惠及职工3.2万人次。"
FS = "佛山市南海区总工会春节送温暖，发放慰问金98972499.99元，慰问困难职工1200名。"
BIG_TITLE = "投入1亿元建设职工驿站"
BIG = "省总工会今年安排资金98972500.01元，用于建设户外劳动者驿站。"
PCT = "全省“工会二次医保”参保人数同比增长79.72%，赠送保障2万多份。"
UNDATED = "湛江港务集团工会开展安全生产培训30余场。"
MANY = "".join(f"第{n}站发放{n + 1}00元；" for n in range(7))


def figure_corpus(make: Make) -> list[StoredArticle]:
    many_figures = tuple(fig(MANY, f"{n + 1}00元", f"{n + 1}00", "元", measure="慰问金") for n in range(7))
    return [
        make(
            "zj",
            "湛江“工会二次医保”惠及职工",
            ZJ,
            issue_date=date(2024, 3, 15),
            figures=(
                fig(ZJ, "9897.25万元", "98972500", "元", measure="受益总金额", cumulative=True),
                fig(ZJ, "3.2万人次", "32000", "人次", measure="受益人次", cumulative=True),
            ),
        ),
        make(
            "fs",
            "佛山南海送温暖",
            FS,
            paper="gdgr",
            issue_date=date(2024, 4, 10),
            figures=(
                fig(FS, "98972499.99元", "98972499.99", "元", measure="慰问金"),
                fig(FS, "1200名", "1200", "人", measure="慰问人数"),
            ),
        ),
        make(
            "big",
            BIG_TITLE,
            BIG,
            paper="gdgr",
            issue_date=date(2024, 4, 10),
            page="3",
            figures=(
                fig(BIG_TITLE, "1亿元", "100000000", "元", field="title", measure="安排资金"),
                fig(BIG, "98972500.01元", "98972500.01", "元", measure="安排资金"),
            ),
        ),
        make(
            "pct",
            "二次医保参保人数增长",
            PCT,
            issue_date=date(2024, 2, 1),
            figures=(
                fig(PCT, "79.72%", "79.72", "%", measure="同比增长"),
                fig(PCT, "2万多份", "20000", "份", approx="over", measure="赠送份数"),
            ),
        ),
        make(
            "undated",
            "湛江港务工会开展安全培训",
            UNDATED,
            paper="gdgr",
            issue_date=None,
            figures=(fig(UNDATED, "30余场", "30", "场", approx="over"),),
        ),
        make("many", "职工驿站巡礼", MANY, issue_date=date(2024, 3, 15), figures=many_figures),
        make("none", "职工书屋揭牌", "霞山区总工会为职工书屋揭牌。", issue_date=date(2024, 3, 15)),
    ]


@pytest.fixture
def corpus(make: Make) -> list[StoredArticle]:
    return figure_corpus(make)


@pytest.fixture
def fkb(empty_kb: KnowledgeBase, corpus: list[StoredArticle]) -> KnowledgeBase:
    empty_kb.upsert_articles(corpus)
    return empty_kb


def expected_order(articles: list[StoredArticle]) -> list[Key]:
    """The contract's order: issue date newest first with undated last, then article id, then position."""
    rows = [(a.issue_date, a.id, n, f.text) for a in articles for n, f in enumerate(a.article.figures)]
    rows.sort(key=lambda r: (-(r[0].toordinal() if r[0] else 0), r[1], r[2]))
    return [(i, text) for _, i, _, text in rows]


def hits(kb: KnowledgeBase, **kw: object) -> list[FigureHit]:
    page = kb.search_figures(FigureQuery(limit=100, **kw))  # type: ignore[arg-type]
    assert page.total == len(page.items), "total must count exactly the matches"
    assert page.next_cursor is None
    return page.items


def keys(kb: KnowledgeBase, **kw: object) -> list[Key]:
    found = [(h.article_id, h.figure.text) for h in hits(kb, **kw)]
    assert len(found) == len(set(found))
    return found


# -- listing and order -------------------------------------------------------------------------


def test_without_filters_every_figure_comes_once_in_contract_order(
    fkb: KnowledgeBase, corpus: list[StoredArticle]
) -> None:
    assert keys(fkb) == expected_order(corpus)


def test_figures_round_trip_exactly(fkb: KnowledgeBase, corpus: list[StoredArticle]) -> None:
    stored = {(h.article_id, h.figure.start, h.figure.field): h.figure for h in hits(fkb)}
    for article in corpus:
        for figure in article.article.figures:
            assert stored[(article.id, figure.start, figure.field)] == figure
    assert str(next(h for h in hits(fkb, measure="同比增长")).figure.value) == "79.72"


def test_provenance_points_back_into_the_article(fkb: KnowledgeBase, corpus: list[StoredArticle]) -> None:
    by_id = {a.id: a for a in corpus}
    for hit in hits(fkb):
        source = by_id[hit.article_id]
        assert hit.paper == source.paper
        assert hit.issue_date == source.issue_date
        assert hit.headline == source.article.headline
        assert hit.url == source.source.url and hit.url is not None
        assert hit.page_number == source.page_number
        stored = fkb.get_article(hit.article_id)
        assert stored is not None
        f = hit.figure
        text = stored.article.body if f.field == "body" else getattr(stored.article, f.field)
        assert text[f.start : f.end] == f.text
        assert f.sentence
    title_hit = next(h for h in hits(fkb) if h.figure.field == "title")
    assert (title_hit.article_id, title_hit.figure.text, title_hit.page_number) == ("big", "1亿元", "3")


# -- filters -----------------------------------------------------------------------------------


def test_unit_and_measure_match_exactly(fkb: KnowledgeBase) -> None:
    assert {k[0] for k in keys(fkb, unit="人次")} == {"zj"}
    assert {k[0] for k in keys(fkb, unit="元")} == {"zj", "fs", "big", "many"}
    assert len(keys(fkb, unit="元")) == 1 + 1 + 2 + 7
    assert keys(fkb, measure="慰问金", paper="gdgr") == [("fs", "98972499.99元")]
    assert keys(fkb, measure="安排资金") == [("big", "1亿元"), ("big", "98972500.01元")]
    assert keys(fkb, measure="慰问") == []  # a label, not a substring
    assert keys(fkb, unit="万元") == []  # units are normalised: money is stored in 元


@pytest.mark.parametrize(
    "bound",
    [Decimal("98972500"), Decimal("98972500.00"), Decimal("9.89725E+7"), Decimal("9897.25") * 10000],
)
def test_min_and_max_compare_exact_decimals(fkb: KnowledgeBase, bound: Decimal) -> None:
    at_least = {k for k in keys(fkb, unit="元", min=bound)}
    assert at_least == {
        ("zj", "9897.25万元"),
        ("big", "1亿元"),
        ("big", "98972500.01元"),
    }  # 9897.25万元 itself is included
    at_most = {k[0] for k in keys(fkb, unit="元", max=bound)}
    assert "zj" in at_most and "fs" in at_most and "big" not in at_most  # 98972500.01 is above
    assert keys(fkb, min=bound, max=bound) == [("zj", "9897.25万元")]


def test_cent_boundaries_either_side(fkb: KnowledgeBase) -> None:
    assert keys(fkb, min=Decimal("98972499.99"), max=Decimal("98972499.99")) == [("fs", "98972499.99元")]
    assert keys(fkb, min=Decimal("98972500.005"), max=Decimal("98972500.01")) == [("big", "98972500.01元")]
    assert keys(fkb, min=Decimal("98972499.991"), max=Decimal("98972500.009")) == [("zj", "9897.25万元")]


def test_small_and_fractional_ranges(fkb: KnowledgeBase) -> None:
    assert keys(fkb, max=Decimal("79.72")) == [("pct", "79.72%"), ("undated", "30余场")]
    assert keys(fkb, min=Decimal("79.71"), max=Decimal("79.73")) == [("pct", "79.72%")]
    assert keys(fkb, min=Decimal("200"), max=Decimal("400"), unit="元") == [
        ("many", "200元"),
        ("many", "300元"),
        ("many", "400元"),
    ]
    assert keys(fkb, min=Decimal("-5"), max=Decimal("0")) == []
    assert keys(fkb, min=Decimal("2"), max=Decimal("1")) == []  # an empty range is empty, not an error


def test_cumulative_filter(fkb: KnowledgeBase, corpus: list[StoredArticle]) -> None:
    assert keys(fkb, cumulative=True) == [("zj", "9897.25万元"), ("zj", "3.2万人次")]
    assert len(keys(fkb, cumulative=False)) == len(expected_order(corpus)) - 2


def test_date_and_paper_filters(fkb: KnowledgeBase) -> None:
    assert {k[0] for k in keys(fkb, date_from=date(2024, 3, 15))} == {"fs", "big", "zj", "many"}
    assert {k[0] for k in keys(fkb, date_to=date(2024, 3, 14))} == {"pct"}  # undated never passes
    assert {k[0] for k in keys(fkb, date_from=date(2024, 3, 15), date_to=date(2024, 3, 15))} == {
        "zj",
        "many",
    }
    assert {k[0] for k in keys(fkb, paper="gdgr")} == {"fs", "big", "undated"}
    assert keys(fkb, paper="nope") == []


def test_q_selects_figures_of_matching_articles(fkb: KnowledgeBase) -> None:
    articles = {h.article.id for h in fkb.search_articles(ArticleQuery(q="二次医保", limit=100)).items}
    assert articles == {"zj", "pct"}
    assert {k[0] for k in keys(fkb, q="二次医保")} == articles
    assert keys(fkb, q="二次医保", unit="%") == [("pct", "79.72%")]
    assert {k[0] for k in keys(fkb, q="二次医保 -湛江")} == {"pct"}
    assert {k[0] for k in keys(fkb, q="驿站")} == {"big", "many"}  # headline or body
    assert {k[0] for k in keys(fkb, q="湛江 OR 佛山")} == {"zj", "fs", "undated"}
    assert keys(fkb, q='"9897.25万元"') == [("zj", "9897.25万元"), ("zj", "3.2万人次")]
    assert keys(fkb, q="书屋") == []  # the article matches but has no figures


def test_bad_query_raises(fkb: KnowledgeBase) -> None:
    with pytest.raises(QuerySyntaxError):
        fkb.search_figures(FigureQuery(q='"unclosed'))
    with pytest.raises(ValueError):
        fkb.search_figures(FigureQuery(limit=0))
    with pytest.raises(ValueError):
        fkb.search_figures(FigureQuery(min=Decimal("NaN")))


# -- pagination --------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
@pytest.mark.parametrize("filters", [{}, {"unit": "元"}, {"q": "工会", "min": Decimal("30")}])
def test_keyset_pagination_visits_each_figure_once(
    fkb: KnowledgeBase, limit: int, filters: dict[str, object]
) -> None:
    everything = keys(fkb, **filters)
    seen: list[Key] = []
    cursor: str | None = None
    for _ in range(100):
        page = fkb.search_figures(FigureQuery(limit=limit, cursor=cursor, **filters))  # type: ignore[arg-type]
        assert page.total == len(everything)
        assert len(page.items) <= limit
        seen += [(h.article_id, h.figure.text) for h in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == everything


def test_cursor_is_bound_to_its_query(fkb: KnowledgeBase) -> None:
    page = fkb.search_figures(FigureQuery(limit=2, unit="元"))
    assert page.next_cursor is not None
    with pytest.raises(InvalidCursorError):
        fkb.search_figures(FigureQuery(limit=2, unit="人", cursor=page.next_cursor))
    with pytest.raises(InvalidCursorError):
        fkb.search_figures(FigureQuery(limit=2, cursor="not-a-cursor"))
    articles = fkb.search_articles(ArticleQuery(limit=1))
    assert articles.next_cursor is not None
    with pytest.raises(InvalidCursorError):
        fkb.search_figures(FigureQuery(limit=2, cursor=articles.next_cursor))
    # the same query with another page size continues where it stopped
    rest = fkb.search_figures(FigureQuery(limit=100, unit="元", cursor=page.next_cursor))
    assert len(page.items) + len(rest.items) == page.total


# -- writes ------------------------------------------------------------------------------------


def test_reingest_replaces_figures_without_duplicates(
    fkb: KnowledgeBase, corpus: list[StoredArticle]
) -> None:
    before = keys(fkb)
    assert fkb.upsert_articles(corpus).unchanged == len(corpus)
    assert keys(fkb) == before
    zj = next(a for a in corpus if a.id == "zj")
    one = (replace(zj.article.figures[0], measure="受益金额", cumulative=False),)
    assert fkb.upsert_articles([replace(zj, article=replace(zj.article, figures=one))]).updated == 1
    assert keys(fkb, q="湛江 二次医保") == [("zj", "9897.25万元")]
    assert keys(fkb, measure="受益总金额") == []
    assert keys(fkb, measure="受益金额") == [("zj", "9897.25万元")]
    assert keys(fkb, unit="人次") == []
    assert len(keys(fkb)) == len(before) - 1
    many = next(a for a in corpus if a.id == "many")
    fkb.upsert_articles([replace(many, article=replace(many.article, figures=()))])
    assert keys(fkb, q="驿站") == [("big", "1亿元"), ("big", "98972500.01元")]
    fkb.upsert_articles([many])  # and back again: all seven, once each
    assert len([k for k in keys(fkb) if k[0] == "many"]) == 7


def test_article_fields_follow_an_update(fkb: KnowledgeBase, corpus: list[StoredArticle]) -> None:
    pct = next(a for a in corpus if a.id == "pct")
    moved = replace(pct, paper="gdgr", issue_date=date(2024, 5, 1))
    fkb.upsert_articles([moved])
    assert keys(fkb)[:2] == [("pct", "79.72%"), ("pct", "2万多份")]  # now the newest
    assert {k[0] for k in keys(fkb, paper="gdgr")} == {"fs", "big", "undated", "pct"}
    assert all(h.issue_date == date(2024, 5, 1) for h in hits(fkb, q="同比增长"))
