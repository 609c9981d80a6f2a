"""The command line, run in-process against a real SQLite file, and `unionkb serve` as a real server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from unionkb.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "pages"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", ["ingest", "search", "serve", "eval", "extract"])
def test_every_command_has_help_with_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert "example:" in capsys.readouterr().out


def test_ingest_then_search(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ingest", str(FIXTURES), "--paper", "lngr")
    assert code == 0
    assert out.strip() == "ingested 4 articles from 2 files (4 new, 0 updated, 0 unchanged, 0 skipped)"
    code, out, _ = run(capsys, "search", "二次医保", "--json")
    assert code == 0
    items = json.loads(out)["items"]
    assert {i["headline"] for i in items} == {
        "送温暖走进园区 百名骑手领到年货 宁远市总工会开展“暖冬行动”",
        "南湾区总工会 举办劳模工匠宣讲会",
    }
    assert all("<mark>二次医保</mark>" in i["snippet"] for i in items)
    code, out, _ = run(capsys, "search", "医保")
    assert code == 0 and out.strip().endswith("3 of 3 articles")
    assert "【医保】" in out


def test_reingest_reports_unchanged(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "ingest", str(FIXTURES), "--paper", "lngr")
    code, out, _ = run(capsys, "ingest", str(FIXTURES), "--paper", "lngr")
    assert code == 0 and "(0 new, 0 updated, 4 unchanged, 0 skipped)" in out


def test_ingest_failure_sets_exit_code_and_names_the_file(
    db_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nope.txt"
    code, out, err = run(
        capsys, "ingest", str(missing), str(FIXTURES / "demo-2025-03-07-02.txt"), "--paper", "lngr"
    )
    assert code == 1
    assert err.strip() == f"unionkb: skipped {missing}: no such file"
    assert "ingested 2 articles from 1 files" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["search", '"unclosed'], "quote"),
        (["search", "AND OR"], "operator AND at position 0"),
        (["search", "*"], "*"),
        (["search", "工会", "--limit", "500"], "--limit must be between 1 and 100"),
        (["search", "工会", "--from", "2025-13-01"], "not a date"),
        (["search", "工会", "--from", "2025-05-01", "--to", "2025-01-01"], "after"),
        (["ingest", "x.txt", "--paper", "Not A Code"], "paper code"),
        (["frobnicate"], "invalid choice"),
        (["eval", "--gold", "/nonexistent/gold.jsonl"], "gold.jsonl"),
    ],
)
def test_bad_usage_is_one_line_and_non_zero(
    db_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("unionkb"), err
    assert needle in lines[0]


def test_extract_json_from_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    text = (FIXTURES / "demo-2025-03-07-01.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out, _ = run(capsys, "extract", "-", "--json")
    assert code == 0
    articles = json.loads(out)["articles"]
    assert [a["title"] for a in articles] == [
        "送温暖走进园区 百名骑手领到年货",
        "东湖区总工会 开展职工书屋阅读活动",
    ]
    assert articles[0]["reporters"] == ["陈一鸣"] and articles[1]["byline_end"] == "王小敏"


@pytest.mark.skipif(
    not SHARED_SEEDS.exists(), reason="../shared/seeds not present (fresh clone): seed search check not run"
)
def test_seed_search_finds_exactly_the_articles_containing_the_words(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from extract.page import extract_page

    seeds = sorted(SHARED_SEEDS.glob("*.txt"))
    code, _, _ = run(capsys, "ingest", *map(str, seeds), "--paper", "nfgb")
    assert code == 0
    for word in ("二次医保", "湛江", "医保", "顺德"):
        expected = {
            a.headline
            for seed in seeds
            for a in extract_page(seed.read_text(encoding="utf-8")).articles
            if word in a.headline.replace(" ", "") or word in a.body
        }
        code, out, _ = run(capsys, "search", word, "--json", "--limit", "100")
        assert {i["headline"] for i in json.loads(out)["items"]} == expected, word
        assert expected, word


def test_serve_answers_on_loopback(db_path: Path, free_port: int, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "ingest", str(FIXTURES), "--paper", "lngr")
    exe = Path(sys.executable).with_name("unionkb")
    argv = [str(exe)] if exe.exists() else [sys.executable, "-m", "unionkb.cli"]
    env = {**os.environ, "UNIONKB_DB": str(db_path)}
    proc = subprocess.Popen(
        [*argv, "serve", "--host", "127.0.0.1", "--port", str(free_port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{free_port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{base}/health", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError(
                        f"server did not start: {proc.stderr.read() if proc.stderr else ''}"
                    ) from None
                time.sleep(0.2)
        assert health.status_code == 200 and health.json()["articles"] == 4
        found = httpx.get(f"{base}/articles", params={"q": "二次医保"}, timeout=5).json()
        assert found["total"] == 2
        bad = httpx.get(f"{base}/articles", params={"q": '"unclosed'}, timeout=5)
        assert bad.status_code == 400 and set(bad.json()) == {"error"}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.stdout is not None
    assert f"http://127.0.0.1:{free_port}/" in proc.stdout.read()
