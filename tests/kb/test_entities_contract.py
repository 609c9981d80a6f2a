"""Events, places and entities every backend must serve alike, on records the extractor really produces.

The corpus is the bundled sample pages run through ``extract_page`` (22
articles from every corner of Guangdong, 佛山南海 and 顺德 among them) plus one
page written here, so the expectations are computed from the extracted
records themselves: a backend that drops, duplicates or misfiles a place,
event or mention disagrees with the brute-force count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import pytest

from extract.page import extract_page
from kb.base import (
    ArticleQuery,
    EntityQuery,
    EventQuery,
    InvalidCursorError,
    KnowledgeBase,
    PlaceNode,
    SourceInfo,
    StoredArticle,
    entity_id,
)

SAMPLES = Path(__file__).resolve().parents[2] / "unionkb" / "samples" / "pages"

# A page of our own: an event dated in the text (3月5日, before the issue date) and a worker's home
# province named in passing (湖南), which must not put the article under 湖南省.
OWN_PAGE = """\
南方工报 2025年3月10日

东莞市总工会送温暖到企业
本报讯（记者李明）3月5日，东莞市总工会走进东莞市长安镇企业开展慰问活动，为来自湖南的务工人员送上慰问品。
"""

PAPER_OF = {"lngr-2025-07-04-01": "nfgb"}  # one page under another paper, for the paper filter


@cache
def corpus() -> tuple[StoredArticle, ...]:
    """Every article once: extraction is the slow part, so it runs once per test session."""
    pages = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.txt"))]
    pages.append(("own-2025-03-10-01", OWN_PAGE))
    items: list[StoredArticle] = []
    for stem, text in pages:
        year, month, day = (int(x) for x in stem.split("-")[1:4])
        issue = date(year, month, day)
        for n, art in enumerate(extract_page(text, issue_date=issue).articles):
            items.append(
                StoredArticle(
                    id=f"{stem}-{n}",
                    paper=PAPER_OF.get(stem, "lngr"),
                    issue_date=issue,
                    issue_number=None,
                    page_number=stem.rsplit("-", 1)[-1],
                    page_name=None,
                    page_pdf_url=None,
                    seq=n,
                    article=art,
                    source=SourceInfo("text", f"https://example.org/{stem}/{n}", None, "b" * 64, None),
                    ingested_at=datetime(2025, 8, 1, tzinfo=UTC),
                )
            )
    return tuple(items)


@pytest.fixture
def kb(empty_kb: KnowledgeBase) -> KnowledgeBase:
    empty_kb.upsert_articles(corpus())
    return empty_kb


def by_id() -> dict[str, StoredArticle]:
    return {a.id: a for a in corpus()}


def activity(item: StoredArticle) -> list[tuple[str | None, str | None, str | None]]:
    return [(p.province, p.city, p.county) for p in item.article.places if p.role == "activity"]


def all_events(kb: KnowledgeBase, query: EventQuery) -> Iterator[tuple[str, int]]:
    cursor = None
    while True:
        page = kb.search_events(replace(query, cursor=cursor))
        yield from ((h.article_id, h.ord) for h in page.items)
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


# -- the corpus is what the tests assume ---------------------------------------------------------


def test_corpus_has_the_cases_the_tests_need() -> None:
    items = corpus()
    assert len(items) >= 20
    texts = {p.text for a in items for p in a.article.places}
    assert {"佛山南海", "顺德"} <= texts or {"南海区", "顺德"} <= texts
    own = by_id()["own-2025-03-10-01-0"].article
    assert ("广东省", "东莞市") in {(p.province, p.city) for p in own.places if p.role == "activity"}
    assert any(p.province == "湖南省" and p.role == "mention" for p in own.places)
    assert own.events and own.events[0].date == "2025-03-05"


# -- records round-trip --------------------------------------------------------------------------


def test_get_article_returns_every_record(kb: KnowledgeBase) -> None:
    for item in corpus():
        stored = kb.get_article(item.id)
        assert stored is not None
        for name in ("places", "event_dates", "organisations", "programmes", "people", "events"):
            assert getattr(stored.article, name) == getattr(item.article, name), (item.id, name)


def test_search_hits_carry_records(kb: KnowledgeBase) -> None:
    hit = kb.search_articles(ArticleQuery(q="顺德")).items[0]
    assert hit.article.article.places == by_id()[hit.article.id].article.places


# -- article place filters ---------------------------------------------------------------------


def expected_articles(
    province: str | None = None, city: str | None = None, county: str | None = None
) -> set[str]:
    want = (province, city, county)
    return {
        a.id
        for a in corpus()
        if any(all(w is None or w == got for w, got in zip(want, unit, strict=True)) for unit in activity(a))
    }


def article_ids(kb: KnowledgeBase, **filters: str) -> set[str]:
    page = kb.search_articles(ArticleQuery(limit=100, **filters))  # type: ignore[arg-type]
    assert page.total == len(page.items)
    return {h.article.id for h in page.items}


def test_city_finds_articles_that_only_name_the_county(kb: KnowledgeBase) -> None:
    found = article_ids(kb, city="佛山市")
    titles = {by_id()[i].article.title for i in found}
    assert any("南海" in t for t in titles) and any("顺德" in t for t in titles)
    assert found == expected_articles(city="佛山市")
    assert article_ids(kb, county="顺德区") == expected_articles(county="顺德区") != set()
    assert article_ids(kb, city="佛山市", county="南海区") == expected_articles(
        city="佛山市", county="南海区"
    )
    assert article_ids(kb, city="湛江市", county="南海区") == set()  # levels hold for one place


def test_place_filters_accept_codes_and_combine_with_search(kb: KnowledgeBase) -> None:
    assert article_ids(kb, city="440600") == article_ids(kb, city="佛山市")
    assert article_ids(kb, province="广东省") == expected_articles(province="广东省")
    with_q = kb.search_articles(ArticleQuery(q="顺德", city="佛山市"))
    assert {h.article.id for h in with_q.items} <= article_ids(kb, city="佛山市")
    assert with_q.total == len(with_q.items) >= 1


def test_places_mentioned_in_passing_do_not_count(kb: KnowledgeBase) -> None:
    assert "own-2025-03-10-01-0" not in article_ids(kb, province="湖南省")
    assert "own-2025-03-10-01-0" in article_ids(kb, city="东莞市")


def test_place_filter_pages_without_duplicates(kb: KnowledgeBase) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        page = kb.search_articles(ArticleQuery(province="广东省", limit=4, cursor=cursor))
        seen += [h.article.id for h in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) and set(seen) == expected_articles(province="广东省")
    with pytest.raises(InvalidCursorError):
        kb.search_articles(ArticleQuery(province="广东省", city="佛山市", limit=4, cursor=cursor or "x"))


# -- events --------------------------------------------------------------------------------------


def every_event() -> list[tuple[str, int]]:
    return [(a.id, n) for a in corpus() for n in range(len(a.article.events))]


def test_events_page_through_everything_once_in_date_order(kb: KnowledgeBase) -> None:
    keys = list(all_events(kb, EventQuery(limit=5)))
    assert len(keys) == len(set(keys)) and set(keys) == set(every_event())
    hits = kb.search_events(EventQuery(limit=100)).items
    dates = [h.date for h in hits]
    assert dates == sorted(dates, key=lambda d: d or date.min, reverse=True)
    assert kb.search_events(EventQuery(limit=3)).total == len(every_event())


def test_event_date_falls_back_to_the_issue_date(kb: KnowledgeBase) -> None:
    hits = {(h.article_id, h.ord): h for h in kb.search_events(EventQuery(limit=100)).items}
    own = hits[("own-2025-03-10-01-0", 0)]
    assert own.date == date(2025, 3, 5) and own.issue_date == date(2025, 3, 10)
    undated = [h for h in hits.values() if h.event.date is None]
    assert undated and all(h.date == h.issue_date for h in undated)
    march = set(all_events(kb, EventQuery(date_from=date(2025, 3, 1), date_to=date(2025, 3, 6))))
    assert ("own-2025-03-10-01-0", 0) in march  # by its own date, though the issue is later
    assert not any(k[0].startswith("lngr-2025-07-04") for k in march)


def test_event_filters(kb: KnowledgeBase) -> None:
    arts = by_id()

    def expect(pred: object) -> set[tuple[str, int]]:
        return {(a, n) for a, n in every_event() if pred(arts[a], arts[a].article.events[n])}  # type: ignore[operator]

    assert set(all_events(kb, EventQuery(type="慰问"))) == expect(lambda a, e: e.type == "慰问") != set()
    foshan = set(all_events(kb, EventQuery(city="佛山市")))
    assert foshan == expect(lambda a, e: any(c == "佛山市" for c, _ in e.places)) != set()
    assert set(all_events(kb, EventQuery(city="佛山市", county="顺德区"))) == expect(
        lambda a, e: ("佛山市", "顺德区") in e.places
    )
    assert set(all_events(kb, EventQuery(province="广东省"))) >= foshan
    assert (
        set(all_events(kb, EventQuery(org="南海区总工会")))
        == expect(lambda a, e: any("南海区总工会" in o for o in (*e.organisers, *e.participants)))
        != set()
    )
    alias = set(all_events(kb, EventQuery(programme="二次医保")))
    assert alias == expect(lambda a, e: "广东省在职职工住院医疗综合互助保障计划" in e.programmes) != set()
    assert set(all_events(kb, EventQuery(paper="nfgb"))) == expect(lambda a, e: a.paper == "nfgb") != set()
    assert list(all_events(kb, EventQuery(type="慰问", city="湛江市", org="没有这个组织"))) == []


def test_event_hits_carry_provinces_and_provenance(kb: KnowledgeBase) -> None:
    hit = kb.search_events(EventQuery(county="南海区")).items[0]
    assert ("广东省", "佛山市", "南海区") in {(u.province, u.city, u.county) for u in hit.places}
    item = by_id()[hit.article_id]
    assert hit.headline == item.article.headline and hit.url == item.source.url
    assert hit.event == item.article.events[hit.ord]


# -- place tree ----------------------------------------------------------------------------------


def find(nodes: tuple[PlaceNode, ...] | list[PlaceNode], *path: str) -> PlaceNode:
    node = next(n for n in nodes if n.name == path[0])
    return find(node.children, *path[1:]) if len(path) > 1 else node


def test_place_tree_counts_distinct_activity_articles_and_events(kb: KnowledgeBase) -> None:
    tree = kb.place_tree()
    gd = find(tree, "广东省")
    assert gd.level == "province" and gd.code == "440000"
    assert gd.articles == len(expected_articles(province="广东省"))
    assert "湖南省" not in {n.name for n in tree}  # named only in passing
    for city in gd.children:
        assert city.level == "city"
        assert city.articles == len(expected_articles(city=city.name)), city.name
        events = {
            (a.id, n)
            for a in corpus()
            for n, e in enumerate(a.article.events)
            if any(c == city.name for c, _ in e.places)
        }
        assert city.events == len(events), city.name
    foshan = find(tree, "广东省", "佛山市")
    assert foshan.code == "440600" and {c.name for c in foshan.children} >= {"南海区", "顺德区"}
    assert find(tree, "广东省", "佛山市", "顺德区").articles == len(expected_articles(county="顺德区"))
    codes = [c.code or "" for c in gd.children]
    assert codes == sorted(codes)


def test_place_tree_filters(kb: KnowledgeBase) -> None:
    july = kb.place_tree(date_from=date(2025, 7, 1))
    july_ids = {a.id for a in corpus() if a.issue_date and a.issue_date >= date(2025, 7, 1) and activity(a)}
    assert find(july, "广东省").articles == len(july_ids)
    nfgb = kb.place_tree(paper="nfgb")
    assert find(nfgb, "广东省").articles == len({a.id for a in corpus() if a.paper == "nfgb" and activity(a)})
    assert kb.place_tree(paper="none") == []


# -- entities ------------------------------------------------------------------------------------


def expected_mentions() -> Counter[str]:
    counts: Counter[str] = Counter()
    for a in corpus():
        art = a.article
        counts.update(entity_id("organisation", o.name) for o in art.organisations)
        counts.update(entity_id("programme", g.name) for g in art.programmes)
        counts.update(entity_id("person", p.name) for p in art.people)
    return counts


def all_entities(kb: KnowledgeBase, query: EntityQuery) -> list[str]:
    out: list[str] = []
    cursor = None
    while True:
        page = kb.search_entities(replace(query, cursor=cursor))
        out += [h.id for h in page.items]
        if page.next_cursor is None:
            return out
        cursor = page.next_cursor


def test_entities_page_once_each_most_mentioned_first(kb: KnowledgeBase) -> None:
    ids = all_entities(kb, EntityQuery(limit=7))
    assert len(ids) == len(set(ids)) and set(ids) == set(expected_mentions())
    hits = kb.search_entities(EntityQuery(limit=100)).items
    assert [h.articles for h in hits] == sorted((h.articles for h in hits), reverse=True)
    assert all(h.mentions == expected_mentions()[h.id] for h in hits)


def test_entity_search_by_name_and_kind(kb: KnowledgeBase) -> None:
    hits = kb.search_entities(EntityQuery(q="南海区总工会")).items
    assert [h.name for h in hits] == ["佛山市南海区总工会"]
    assert hits[0].id == entity_id("organisation", "佛山市南海区总工会") and hits[0].kind == "organisation"
    programmes = kb.search_entities(EntityQuery(kind="programme", limit=100))
    assert programmes.items and {h.kind for h in programmes.items} == {"programme"}
    assert programmes.total == len({g.name for a in corpus() for g in a.article.programmes})
    with pytest.raises(ValueError, match="kind"):
        kb.search_entities(EntityQuery(kind="city"))  # type: ignore[arg-type]


def test_entity_detail_counts_months_and_latest(kb: KnowledgeBase) -> None:
    hit = kb.search_entities(EntityQuery(kind="organisation")).items[0]
    detail = kb.get_entity(hit.id)
    assert detail is not None and detail.entity == hit
    assert sum(m.mentions for m in detail.months) == hit.mentions
    assert [m.month for m in detail.months] == sorted(m.month for m in detail.months)
    latest = detail.latest
    assert latest and len(latest) <= 20
    assert [m.issue_date for m in latest] == sorted((m.issue_date for m in latest), reverse=True)
    for m in latest:
        art = by_id()[m.article_id].article
        text = art.body if m.field == "body" else getattr(art, m.field)
        assert text[m.start : m.end] == m.text
    assert kb.get_entity("org-0000000000000000") is None


def test_reingest_keeps_ids_and_never_duplicates(kb: KnowledgeBase) -> None:
    before = kb.search_entities(EntityQuery(limit=100))
    events_before = list(all_events(kb, EventQuery()))
    assert kb.upsert_articles(corpus()).unchanged == len(corpus())
    moved = [replace(a, ingested_at=datetime(2025, 9, 1, tzinfo=UTC), seq=a.seq + 100) for a in corpus()]
    assert kb.upsert_articles(moved).updated == len(corpus())  # every row rewritten
    after = kb.search_entities(EntityQuery(limit=100))
    assert after.items == before.items and after.total == before.total
    assert list(all_events(kb, EventQuery())) == events_before
    assert find(kb.place_tree(), "广东省").articles == len(expected_articles(province="广东省"))


def test_update_drops_records_the_new_version_lacks(kb: KnowledgeBase) -> None:
    target = next(a for a in corpus() if any("南海区总工会" in o.name for o in a.article.organisations))
    nanhai = entity_id("organisation", "佛山市南海区总工会")
    others = sum(
        1
        for a in corpus()
        if a.id != target.id and any(o.name == "佛山市南海区总工会" for o in a.article.organisations)
    )
    stripped = replace(
        target,
        article=replace(target.article, organisations=(), events=(), places=(), people=(), programmes=()),
    )
    assert kb.upsert_articles([stripped]).updated == 1
    detail = kb.get_entity(nanhai)
    if others:
        assert detail is not None and target.id not in {m.article_id for m in detail.latest}
    else:
        assert detail is None
        assert kb.search_entities(EntityQuery(q="南海区总工会")).items == []
    assert target.id not in article_ids(kb, city="佛山市")
    assert not any(k[0] == target.id for k in all_events(kb, EventQuery()))
