"""Ingest from files into a real SQLite knowledge base, including every kind of bad input."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from kb.base import ArticleQuery
from kb.factory import open_kb
from unionkb.ingest import ingest_files
from unionkb.papers import paper_for
from unionkb.samples.pdfmake import text_pdf
from unionkb.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
MB = 1024 * 1024


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=tmp_path / "kb.sqlite")


def _ingest(settings: Settings, paths: list[Path], issue_date: date | None = None, max_bytes: int = 20 * MB):
    with open_kb(settings) as kb:
        return ingest_files(kb, paths, paper=paper_for("lngr"), issue_date=issue_date, max_bytes=max_bytes)


def test_ingest_is_idempotent(settings: Settings) -> None:
    first = _ingest(settings, [FIXTURES])
    assert (first.files, first.new, first.updated, first.unchanged, first.skipped) == (2, 4, 0, 0, [])
    assert first.summary() == "ingested 4 articles from 2 files (4 new, 0 updated, 0 unchanged, 0 skipped)"
    second = _ingest(settings, [FIXTURES])
    assert (second.new, second.updated, second.unchanged) == (0, 0, 4)
    with open_kb(settings) as kb:
        assert kb.count_articles() == 4


def test_issue_date_and_page_come_from_the_file_name(settings: Settings) -> None:
    _ingest(settings, [FIXTURES / "demo-2025-03-07-01.txt"])
    with open_kb(settings) as kb:
        hits = kb.search_articles(ArticleQuery(q="暖冬行动")).items
    assert len(hits) == 1
    stored = hits[0].article
    assert stored.issue_date == date(2025, 3, 7)
    assert stored.page_number == "01"
    assert stored.article.reporters == ("陈一鸣",)
    assert stored.source.kind == "text" and len(stored.source.raw_sha256) == 64


def test_changed_file_updates_in_place(settings: Settings, tmp_path: Path) -> None:
    page = tmp_path / "demo-2025-03-07-02.txt"
    shutil.copy(FIXTURES / page.name, page)
    _ingest(settings, [page])
    page.write_text(page.read_text(encoding="utf-8").replace("12家", "15家"), encoding="utf-8")
    report = _ingest(settings, [page])
    # Both articles now point at new raw bytes, so both records are rewritten; none is duplicated.
    assert (report.new, report.updated, report.unchanged) == (0, 2, 0)
    with open_kb(settings) as kb:
        assert kb.count_articles() == 2
        assert kb.search_articles(ArticleQuery(q='"15家"')).total == 1
        assert kb.search_articles(ArticleQuery(q='"12家"')).total == 0


def test_gbk_page_is_decoded(settings: Settings, tmp_path: Path) -> None:
    page = tmp_path / "gbk-page.txt"
    page.write_bytes((FIXTURES / "demo-2025-03-07-02.txt").read_text(encoding="utf-8").encode("gbk"))
    report = _ingest(settings, [page])
    assert report.new == 2 and not report.skipped
    with open_kb(settings) as kb:
        assert kb.search_articles(ArticleQuery(q="劳模工匠")).total == 1


def test_pdf_text_layer_is_ingested(settings: Settings, tmp_path: Path) -> None:
    pdf = tmp_path / "demo-2025-03-08-03.pdf"
    pdf.write_bytes(
        text_pdf(
            [
                [
                    "东湖区总工会",
                    "开展职工书屋阅读活动",
                    "本报讯 3月7日，东湖区总工会在区图书",
                    "馆开展阅读活动，30余名职工参加。",
                ]
            ]
        )
    )
    report = _ingest(settings, [pdf])
    assert report.new == 1, report.skipped
    with open_kb(settings) as kb:
        hit = kb.search_articles(ArticleQuery(q="图书馆")).items[0]
    assert hit.article.article.title == "东湖区总工会 开展职工书屋阅读活动"
    assert hit.article.source.kind == "pdf"


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("\n \n\t\n", encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # sparse: 50 MB on paper, no time spent writing it
        fh.truncate(50 * MB)
    broken_pdf = tmp_path / "broken.pdf"
    broken_pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    image_pdf = tmp_path / "scanned.pdf"
    image_pdf.write_bytes(text_pdf([[]]))
    return {
        "no such file": tmp_path / "missing.txt",
        "empty file": empty,
        "empty file ": blank,
        "binary file": binary,
        "too large": huge,
        "not a readable PDF": broken_pdf,
        "PDF has no text layer": image_pdf,
    }


def test_bad_inputs_are_skipped_with_a_reason_and_the_rest_ingests(
    settings: Settings, tmp_path: Path
) -> None:
    bad = _bad_inputs(tmp_path)
    report = _ingest(settings, [*bad.values(), FIXTURES / "demo-2025-03-07-02.txt"])
    assert report.failed and report.new == 2
    reasons = {path: reason for path, reason in report.skipped}
    for expected, path in bad.items():
        assert expected.strip() in reasons[path], (path, reasons.get(path))
    assert "7 skipped" in report.summary()


def test_event_dates_resolve_against_the_issue_date_from_the_file_name(settings: Settings) -> None:
    _ingest(settings, [FIXTURES / "demo-2025-03-07-01.txt"])
    with open_kb(settings) as kb:
        stored = kb.search_articles(ArticleQuery(q="东湖区")).items[0].article
    assert [(d.text, d.date) for d in stored.article.event_dates if not d.relative] == [
        ("3月5日", "2025-03-05")
    ]


def test_an_extractor_failure_skips_only_that_file(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Failure injection: the extractor raising on one page is reported, the batch goes on."""
    import unionkb.ingest as ingest

    real = ingest.extract_page

    def flaky(text: str, **kwargs: object):  # type: ignore[no-untyped-def]
        if "北山镇" in text:
            raise RuntimeError("boom")
        return real(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "extract_page", flaky)
    report = _ingest(settings, [FIXTURES])
    assert report.new == 2
    assert [(p.name, r) for p, r in report.skipped] == [
        ("demo-2025-03-07-02.txt", "extraction failed (RuntimeError: boom)")
    ]
