"""``unionkb figures`` in-process on a real SQLite file, after ingesting the fixture pages through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unionkb.cli import main
from unionkb.figures_command import display_width, format_table

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
ALL_TEXTS = {"200余名", "12家", "百名", "100名", "126.5 万元", "30余名"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ingested(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, out, _ = run(capsys, "ingest", str(FIXTURES), "--paper", "lngr")
    assert code == 0 and "4 new" in out
    return db_path


def figures_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    code, out, err = run(capsys, "figures", *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def texts(capsys: pytest.CaptureFixture[str], *argv: str) -> set[str]:
    items = figures_json(capsys, *argv, "--limit", "100")["items"]
    assert isinstance(items, list)
    return {item["text"] for item in items}


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["figures", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "example:" in out and "unionkb figures" in out and "--min" in out


def test_lists_ingested_figures_as_a_table(ingested: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "figures")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].split() == ["date", "value", "unit", "approx", "measure", "text", "headline"]
    assert lines[-1] == "6 of 6 figures"
    money = next(line for line in lines if "126.5 万元" in line)
    assert money.split()[:5] == ["2025-03-07", "1265000", "元", "exact", "安排资金"]
    assert "宁远市总工会开展“暖冬行动”" in money
    assert "30余名" in out and "over" in out


def test_json_has_provenance_matching_the_stored_body(
    ingested: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kb.sqlite import SqliteKnowledgeBase

    body = figures_json(capsys, "--unit", "元")
    assert body["total"] == 1 and body["next_cursor"] is None
    (item,) = body["items"]  # type: ignore[misc]
    assert item["value"] == 1265000 and item["value_text"] == "1265000"
    assert item["cumulative"] is True and item["issue_date"] == "2025-03-07" and item["paper"] == "lngr"
    with SqliteKnowledgeBase(ingested) as kb:
        stored = kb.get_article(item["article_id"])
    assert stored is not None
    assert stored.article.body[item["start"] : item["end"]] == item["text"] == "126.5 万元"
    assert item["text"] in item["sentence"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ALL_TEXTS),
        (["--unit", "人"], {"200余名", "百名", "100名", "30余名"}),
        (["--measure", "参加人数"], {"200余名", "30余名"}),
        (["--min", "100", "--max", "200"], {"200余名", "百名", "100名"}),
        (["--min", "126.5万"], {"126.5 万元"}),
        (["--min", "1,265,000.00", "--max", "1265000"], {"126.5 万元"}),
        (["--max", "1265000.5", "--unit", "元"], {"126.5 万元"}),
        (["--min", "1265000.01"], set()),
        (["--cumulative"], {"126.5 万元"}),
        (["--not-cumulative", "--unit", "元"], set()),
        (["二次医保"], {"200余名", "百名", "100名", "126.5 万元"}),
        (["书屋"], {"30余名"}),
        (["二次医保 -暖冬"], {"200余名"}),
        (["--paper", "lngr", "--from", "2025-03-07", "--to", "2025-03-07"], ALL_TEXTS),
        (["--from", "2025-03-08"], set()),
        (["--paper", "nfgb"], set()),
    ],
)
def test_filters(
    ingested: Path, capsys: pytest.CaptureFixture[str], argv: list[str], expected: set[str]
) -> None:
    assert texts(capsys, *argv) == expected


def test_cursor_pages_through_every_figure_once(ingested: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[tuple[str, int]] = []
    cursor: list[str] = []
    for _ in range(10):
        body = figures_json(capsys, "--limit", "4", *cursor)
        seen += [(i["article_id"], i["start"]) for i in body["items"]]  # type: ignore[union-attr]
        if body["next_cursor"] is None:
            break
        cursor = ["--cursor", str(body["next_cursor"])]
    assert len(seen) == len(set(seen)) == 6
    code, out, _ = run(capsys, "figures", "--limit", "4")
    assert code == 0 and "4 of 6 figures; more with --cursor " in out


def test_reingest_does_not_duplicate_figures(ingested: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ingest", str(FIXTURES), "--paper", "lngr")
    assert code == 0 and "4 unchanged" in out
    assert figures_json(capsys)["total"] == 6


def test_empty_kb_says_so(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "figures")
    assert code == 0 and out.strip() == "0 of 0 figures"


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--min", "abc"], "not a number"),
        (["--max", "NaN"], "not a number"),
        (["--min", "10", "--max", "1"], "--min 10 is greater than --max 1"),
        (["--from", "2025-05-01", "--to", "2025-01-01"], "after"),
        (["--from", "2025-13-01"], "not a date"),
        (["--limit", "0"], "--limit must be between 1 and 100"),
        (["--cumulative", "--not-cumulative"], "not allowed with"),
        (['"unclosed'], "quote"),
        (["--cursor", "garbage"], "cursor"),
    ],
)
def test_errors_are_one_line_with_a_usage_or_failure_code(
    db_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    code, out, err = run(capsys, "figures", *argv)
    assert code in (1, 2) and out == ""
    assert len(err.strip().splitlines()) == 1 and needle in err


def test_table_pads_by_display_width() -> None:
    assert display_width("元") == 2 and display_width("a1") == 2 and display_width("“") == 1
    table = format_table(["a", "value", "z"], [["元元", "5", "x"], ["b", "12345", "y"]]).splitlines()
    assert table == ["a     value  z", "元元      5  x", "b     12345  y"]
