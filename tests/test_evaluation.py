"""Exact numbers for every scoring rule of the gold README, so a refactor cannot silently shift scores."""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path
from typing import Any

import pytest

from unionkb.evaluation import GoldDocument, GoldFormatError, format_report, load_gold, score

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "seeds.jsonl"
README_KEYS = {"documents", "figures", "places", "event_dates", "articles", "reporters", "correspondents"}
PRF = {"precision", "recall", "f1"}


def gold(**raw: Any) -> GoldDocument:
    raw.setdefault("text", "")
    return GoldDocument(
        doc=raw.get("doc", "d"),
        text=raw["text"],
        issue_date=raw.get("issue_date"),
        issue_year=raw.get("issue_year"),
        raw=raw,
    )


def fig(value: float, unit: str, text: str | None = None, **extra: Any) -> dict[str, Any]:
    item = {"value": value, "unit": unit, "text": text if text is not None else f"{value}{unit}"}
    item.setdefault("approx", "exact")
    item.setdefault("cumulative", False)
    item.update(extra)
    return item


def art(title: str, **extra: Any) -> dict[str, Any]:
    return {"kicker": None, "title": title, "subtitle": None, **extra}


def prf(precision: float, recall: float) -> dict[str, float]:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def approx_prf(actual: dict[str, Any] | None, precision: float, recall: float) -> None:
    assert actual is not None
    expected = prf(precision, recall)
    for key in PRF:
        assert actual[key] == pytest.approx(expected[key]), key


# -------------------------------------------------------------------------------------------- figures


def test_figures_value_tolerance_is_relative_to_gold_with_floor_one() -> None:
    g = gold(figures=[fig(310000, "人次"), fig(0.5, "%"), fig(2, "个")])
    # 310000.3 is within 1e-6 * 310000 = 0.31; 0.5000009 within the floor 1e-6; 2.00001 is not.
    hit = {"figures": [fig(310000.3, "人次"), fig(0.5000009, "%"), fig(2.00001, "个")]}
    report = score([g], [hit])
    assert report["figures"]["matched"] == 2
    miss = {"figures": [fig(310000.32, "人次"), fig(0.500002, "%"), fig(2, "个")]}
    assert score([g], [miss])["figures"]["matched"] == 1


def test_figures_unit_must_match() -> None:
    report = score([gold(figures=[fig(20, "人")])], [{"figures": [fig(20, "人次")]}])
    assert report["figures"]["matched"] == 0
    assert report["figures"]["precision"] == 0.0
    assert report["figures"]["f1"] == 0.0


def test_time_units_are_dropped_on_both_sides() -> None:
    g = gold(figures=[fig(3, "年"), fig(20, "人"), fig(6, "个月")])
    p = {"figures": [fig(3, "年"), fig(5, "天"), fig(2, "小时"), fig(20, "人"), fig(1, "分钟"), fig(7, "周")]}
    report = score([g], [p])["figures"]
    assert (report["gold"], report["predicted"], report["matched"]) == (1, 1, 1)
    assert report["f1"] == 1.0


def test_only_time_units_in_gold_means_no_gold_items() -> None:
    report = score([gold(figures=[fig(3, "年")])], [{"figures": [fig(3, "年"), fig(1, "人")]}])
    assert report["figures"] is None
    assert "figures" not in report["not_scored"]


def test_figures_are_multisets() -> None:
    g = gold(figures=[fig(12500, "份")] * 3)
    two = score([g], [{"figures": [fig(12500, "份")] * 2}])["figures"]
    assert (two["gold"], two["predicted"], two["matched"]) == (3, 2, 2)
    approx_prf(two, 1.0, 2 / 3)
    four = score([g], [{"figures": [fig(12500, "份")] * 4}])["figures"]
    assert four["matched"] == 3
    approx_prf(four, 0.75, 1.0)


def test_figure_matching_pairs_equal_keys_in_order() -> None:
    g = gold(
        figures=[
            fig(20000, "人", "2万名", approx="exact"),
            fig(20000, "人", "2万多名", approx="over", cumulative=True),
        ]
    )
    same_order = [fig(20000, "人", approx="exact"), fig(20000, "人", approx="over", cumulative=True)]
    report = score([g], [{"figures": same_order}])["figures"]
    assert report["approx_accuracy"] == 1.0
    assert report["cumulative_accuracy"] == 1.0
    reversed_order = score([g], [{"figures": same_order[::-1]}])["figures"]
    assert reversed_order["matched"] == 2
    assert reversed_order["approx_accuracy"] == 0.0
    assert reversed_order["cumulative_accuracy"] == 0.0


def test_figure_matching_is_maximum_under_tolerance() -> None:
    # Gold 1.000005 accepts [1.000004, 1.000006]; gold 1.0000045 accepts [1.0000035, 1.0000055].
    # 1.0000042 fits both, 1.0000058 only the first. Giving the first gold item the first fitting
    # prediction would leave the second unmatched; the maximum matching pairs both.
    g = gold(figures=[fig(1.000005, "个"), fig(1.0000045, "个")])
    p = {"figures": [fig(1.0000042, "个"), fig(1.0000058, "个")]}
    assert score([g], [p])["figures"]["matched"] == 2


def test_figures_are_matched_per_document_not_across() -> None:
    docs = [gold(figures=[fig(1, "人")]), gold(figures=[fig(2, "人")])]
    report = score(docs, [{"figures": [fig(2, "人")]}, {"figures": [fig(1, "人")]}])["figures"]
    assert report["matched"] == 0


def test_figures_micro_average_over_documents() -> None:
    docs = [gold(figures=[fig(1, "人")]), gold(figures=[fig(1, "人"), fig(2, "人"), fig(3, "人")])]
    preds = [{"figures": [fig(1, "人")]}, {"figures": [fig(9, "人")]}]
    report = score(docs, preds)["figures"]
    assert (report["gold"], report["predicted"], report["matched"]) == (4, 2, 1)
    approx_prf(report, 0.5, 0.25)  # macro-averaging would give recall 0.5


def test_recall_split_by_ascii_digit_in_gold_text() -> None:
    g = gold(
        figures=[
            fig(10000, "人", "万名"),
            fig(62, "家", "62家"),
            fig(12500, "份", "12500份"),
            fig(2, "次", "两次"),
            fig(10000, "元", "数万元", approx="over"),
        ]
    )
    p = {"figures": [fig(62, "家", "六十二家"), fig(2, "次")]}
    report = score([g], [p])["figures"]
    assert report["recall_digit"] == 0.5
    assert report["recall_numeral"] == pytest.approx(1 / 3)
    assert report["recall"] == pytest.approx(2 / 5)


def test_recall_split_is_null_without_gold_in_that_class() -> None:
    report = score([gold(figures=[fig(62, "家", "62家")])], [{"figures": []}])["figures"]
    assert report["recall_digit"] == 0.0
    assert report["recall_numeral"] is None


def test_approx_and_cumulative_accuracy_over_matched_pairs_only() -> None:
    g = gold(
        figures=[
            fig(1, "人", approx="over", cumulative=True),
            fig(2, "人", approx="exact", cumulative=False),
            fig(3, "人", approx="about", cumulative=True),
            fig(4, "人", approx="exact", cumulative=True),  # unmatched: must not count
        ]
    )
    p = {
        "figures": [
            fig(1, "人", approx="over", cumulative=True),
            fig(2, "人", approx="over", cumulative=False),
            fig(3, "人", approx="about", cumulative=False),
        ]
    }
    report = score([g], [p])["figures"]
    assert report["approx_accuracy"] == pytest.approx(2 / 3)
    assert report["cumulative_accuracy"] == pytest.approx(2 / 3)


def test_accuracy_is_null_without_matched_pairs() -> None:
    report = score([gold(figures=[fig(1, "人")])], [{"figures": [fig(2, "人")]}])["figures"]
    assert report["approx_accuracy"] is None
    assert report["cumulative_accuracy"] is None


def test_malformed_predicted_figure_counts_as_a_wrong_prediction() -> None:
    p = {"figures": [fig(1, "人"), {"value": "many", "unit": "人"}, {"value": True, "unit": "人"}]}
    report = score([gold(figures=[fig(1, "人")])], [p])["figures"]
    assert (report["predicted"], report["matched"]) == (3, 1)


def test_figures_are_gathered_from_articles_and_top_level() -> None:
    g = gold(figures=[fig(1, "人"), fig(2, "元")], articles=[art("某某市总工会举办活动")])
    p = {"figures": [fig(1, "人")], "articles": [art("某某市总工会举办活动", figures=[fig(2, "元")])]}
    assert score([g], [p])["figures"]["f1"] == 1.0


# --------------------------------------------------------------------------------------------- places


def test_places_pairs_and_cities() -> None:
    g = gold(
        articles=[
            art("甲", places=[{"city": "湛江市", "county": None}, {"city": "江门市", "county": "开平市"}]),
            art(
                "乙", places=[{"city": "江门市", "county": "开平市"}, {"city": "广州市", "county": "海珠区"}]
            ),
        ]
    )
    p = {
        "articles": [
            art(
                "甲",
                places=[
                    {"city": "湛江市", "county": "赤坎区"},
                    {"city": "江门市", "county": "开平市", "text": "开平"},
                    {"city": None, "county": None},  # carries nothing: ignored
                ],
            )
        ]
    }
    report = score([g], [p])["places"]
    # gold pairs: (湛江,None) (江门,开平) (广州,海珠) ; predicted: (湛江,赤坎) (江门,开平)
    approx_prf(report["pairs"], 1 / 2, 1 / 3)
    # gold cities: 湛江 江门 广州 ; predicted: 湛江 江门
    approx_prf(report["cities"], 1.0, 2 / 3)


def test_top_level_places_and_event_dates_document() -> None:
    g = gold(
        places=[{"city": "佛山市", "county": "南海区"}],
        event_dates=[{"text": "1月6日", "month_day": "01-06", "date": "2025-01-06"}],
    )
    p = {
        "articles": [
            art(
                "佛山南海2万名新业态劳动者获赠",
                places=[{"city": "佛山市", "county": "南海区"}],
                event_dates=[{"month_day": "01-06", "date": "2025-01-06"}],
            )
        ]
    }
    report = score([g], [p])
    assert report["places"]["pairs"]["f1"] == 1.0
    assert report["places"]["cities"]["f1"] == 1.0
    assert report["event_dates"]["f1"] == 1.0
    assert report["event_dates"]["date_accuracy"] == 1.0
    # No gold articles: the articles and byline parts have nothing to score.
    assert report["articles"] is None
    assert report["reporters"] is None
    assert report["counts"]["articles"] == {"gold": 0, "predicted": 0, "matched": 0}


# ---------------------------------------------------------------------------------------- event dates


def test_event_dates_are_sets_with_date_accuracy() -> None:
    g = gold(
        articles=[
            art("甲", event_dates=[{"month_day": "03-05", "date": "2025-03-05"}]),
            art(
                "乙",
                event_dates=[
                    {"month_day": "03-05", "date": "2025-03-05"},  # same day again: counted once
                    {"month_day": "03-16", "date": "2025-03-16"},
                    {"month_day": "10-11", "date": None},
                    {"month_day": "03-06", "date": "2025-03-06"},
                ],
            ),
        ]
    )
    p = {
        "articles": [
            art(
                "甲",
                event_dates=[
                    {"month_day": "03-05", "date": "2025-03-05"},  # right
                    {"month_day": "03-16", "date": "2024-03-16"},  # wrong year
                    {"month_day": "10-11", "date": "2024-10-11"},  # gold date null: not judged
                    {"month_day": "03-06", "date": None},  # gold has a date: wrong
                    {"month_day": "12-01", "date": None},  # not in gold
                ],
            )
        ]
    }
    report = score([g], [p])["event_dates"]
    approx_prf(report, 4 / 5, 4 / 4)
    assert report["date_accuracy"] == pytest.approx(1 / 3)
    assert score([g], [p])["counts"]["event_dates_full"] == {"correct": 1, "judged": 3}


def test_conflicting_predicted_dates_for_one_day_are_wrong() -> None:
    g = gold(event_dates=[{"month_day": "07-03", "date": "2025-07-03"}])
    p = {
        "event_dates": [
            {"month_day": "07-03", "date": "2025-07-03"},
            {"month_day": "07-03", "date": "2024-07-03"},
        ]
    }
    report = score([g], [p])["event_dates"]
    assert report["f1"] == 1.0
    assert report["date_accuracy"] == 0.0


def test_date_accuracy_null_when_no_gold_full_dates() -> None:
    g = gold(event_dates=[{"month_day": "10-11", "date": None}])
    report = score([g], [{"event_dates": [{"month_day": "10-11", "date": None}]}])["event_dates"]
    assert report["f1"] == 1.0
    assert report["date_accuracy"] is None


# ------------------------------------------------------------------------------------------- articles


def test_headline_is_kicker_title_subtitle_without_whitespace() -> None:
    g = gold(articles=[{"kicker": "学习贯彻 精神", "title": "江门开平市总工会 切实转化", "subtitle": None}])
    p = {
        "articles": [
            {"kicker": None, "title": "学习贯彻精神\n江门开平市总工会\u3000切实转化", "subtitle": ""}
        ]
    }
    assert score([g], [p])["articles"]["f1"] == 1.0


@pytest.mark.parametrize(
    ("predicted", "matches"),
    [
        ("湛江市总工会开展活动", True),  # equal
        ("总工会开展活", True),  # contained, 6 characters
        ("工会开展活", False),  # contained, only 5 characters
        ("湛江市总工会开展活动 让职工有靠", True),  # contains the gold
        ("湛江市总工会开展培训", False),  # overlap is not containment
    ],
)
def test_headline_containment_needs_six_characters(predicted: str, matches: bool) -> None:
    g = gold(articles=[art("湛江市总工会开展活动")])
    assert score([g], [{"articles": [art(predicted)]}])["articles"]["f1"] == (1.0 if matches else 0.0)


def test_short_headlines_match_only_when_equal() -> None:
    g = gold(articles=[art("", kicker="现场")])
    assert score([g], [{"articles": [art("现场")]}])["articles"]["f1"] == 1.0
    assert score([g], [{"articles": [art("现")]}])["articles"]["f1"] == 0.0
    # An empty predicted headline never matches, not even by containment.
    assert score([gold(articles=[art("")])], [{"articles": [art("  ")]}])["articles"]["f1"] == 0.0


def test_article_matching_is_in_order() -> None:
    a, b, c = "湛江市总工会开展活动", "佛山市总工会举办仪式", "中山市总工会召开会议"
    g = gold(articles=[art(a), art(b)])
    report = score([g], [{"articles": [art(b), art(a)]}])["articles"]
    approx_prf(report, 1 / 2, 1 / 2)
    g3 = gold(articles=[art(a), art(b), art(c)])
    report = score([g3], [{"articles": [art("无关标题其他"), art(b), art(c), art(a)]}])["articles"]
    approx_prf(report, 2 / 4, 2 / 3)


def test_article_matching_is_one_to_one() -> None:
    # One prediction contains both gold headlines but may match only one of them.
    g = gold(articles=[art("总工会开展活动"), art("湛江市总工会开展活动")])
    report = score([g], [{"articles": [art("湛江市总工会开展活动")]}])
    assert report["counts"]["articles"] == {"gold": 2, "predicted": 1, "matched": 1}
    approx_prf(report["articles"], 1.0, 1 / 2)
    report = score([g], [{"articles": [art("湛江市总工会开展活动")] * 3}])
    approx_prf(report["articles"], 2 / 3, 1.0)


def test_article_matching_is_the_maximum_in_order_matching() -> None:
    a, b, c = "湛江市总工会开展活动", "佛山市总工会举办仪式", "中山市总工会召开会议"
    # Pairing the first gold article greedily (a with the last prediction) would leave one match;
    # the maximum in-order matching takes b and c.
    report = score([gold(articles=[art(a), art(b), art(c)])], [{"articles": [art(b), art(c), art(a)]}])
    assert report["counts"]["articles"]["matched"] == 2
    approx_prf(report["articles"], 2 / 3, 2 / 3)


# -------------------------------------------------------------------------------------------- bylines


def test_bylines_are_document_sets_micro_averaged() -> None:
    docs = [
        gold(
            articles=[
                art("甲", reporters=["王艳"], correspondents=["林晓旭"]),
                art("乙", reporters=["王艳", "黄细英"], correspondents=["海珠工"]),
            ]
        ),
        gold(articles=[art("丙", reporters=["誉建业"], correspondents=[])]),
        gold(places=[{"city": "广州市", "county": None}]),  # no articles: skipped
    ]
    preds = [
        {"articles": [art("甲", reporters=["王艳", " 王艳 "], correspondents=["林晓旭", "海珠"])]},
        {"articles": [art("丙", reporters=["誉建业", "陈莹莹"], correspondents=[])]},
        {"articles": [art("丁", reporters=["张三"], correspondents=["李四"])]},
    ]
    report = score(docs, preds)
    # reporters: gold {王艳, 黄细英} + {誉建业}; predicted {王艳} + {誉建业, 陈莹莹}
    approx_prf(report["reporters"], 2 / 3, 2 / 3)
    # correspondents: gold {林晓旭, 海珠工}; predicted {林晓旭, 海珠}
    approx_prf(report["correspondents"], 1 / 2, 1 / 2)


# --------------------------------------------------------------------------- not scored / null / conventions


def test_missing_prediction_keys_are_not_scored() -> None:
    g = gold(
        figures=[fig(1, "人")],
        articles=[
            art("湛江市总工会开展活动", reporters=["王艳"], places=[{"city": "湛江市", "county": None}])
        ],
    )
    report = score([g], [{"articles": [art("湛江市总工会开展活动")]}])
    assert set(report) >= README_KEYS
    assert report["not_scored"] == ["figures", "places", "event_dates", "reporters", "correspondents"]
    for part in report["not_scored"]:
        assert report[part] is None
    assert report["articles"] == prf(1.0, 1.0)
    assert "not scored" in format_report(report)

    empty = score([g], [{}])
    assert empty["not_scored"] == [
        "figures",
        "places",
        "event_dates",
        "articles",
        "reporters",
        "correspondents",
    ]


def test_parts_override_detection() -> None:
    g = gold(figures=[fig(1, "人")], articles=[art("湛江市总工会开展活动")])
    report = score([g], [{"articles": []}], parts=["figures", "articles"])
    assert report["figures"]["recall"] == 0.0
    assert report["figures"]["precision"] == 0.0
    assert report["not_scored"] == ["places", "event_dates", "reporters", "correspondents"]
    with pytest.raises(ValueError, match="unknown parts"):
        score([g], [{}], parts=["figure"])


def test_part_without_gold_items_is_null() -> None:
    g = gold(articles=[art("甲", reporters=[], correspondents=["林晓旭"])])
    p = {"articles": [art("甲", reporters=["王艳"], correspondents=["林晓旭"], places=[], event_dates=[])]}
    report = score([g], [p])
    assert report["reporters"] is None
    assert report["places"] is None
    assert report["event_dates"] is None
    assert report["correspondents"] == prf(1.0, 1.0)
    assert "reporters" not in report["not_scored"]
    assert "no gold items" in format_report(report)


def test_no_predictions_gives_zero_precision() -> None:
    report = score([gold(figures=[fig(1, "人")])], [{"figures": []}])["figures"]
    assert report == {
        "gold": 1,
        "predicted": 0,
        "matched": 0,
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "recall_digit": 0.0,
        "recall_numeral": None,
        "approx_accuracy": None,
        "cumulative_accuracy": None,
    }


def test_report_has_exactly_the_readme_keys_plus_documented_extras() -> None:
    g = gold(
        figures=[fig(1, "人")],
        event_dates=[{"month_day": "01-06", "date": None}],
        places=[{"city": "中山市", "county": None}],
        articles=[art("中山市总工会全委会召开", reporters=["甲"], correspondents=["乙"])],
    )
    p = copy.deepcopy(g.raw)
    report = score([g], [p])
    assert set(report) == README_KEYS | {"not_scored", "counts", "lenient"}
    assert set(report["figures"]) == {
        "gold",
        "predicted",
        "matched",
        *PRF,
        "recall_digit",
        "recall_numeral",
        "approx_accuracy",
        "cumulative_accuracy",
    }
    assert set(report["places"]) == {"pairs", "cities"}
    assert set(report["places"]["pairs"]) == PRF
    assert set(report["event_dates"]) == PRF | {"date_accuracy"}
    for part in ("articles", "reporters", "correspondents"):
        assert set(report[part]) == PRF
    assert report["documents"] == 1
    json.dumps(report)  # must be serialisable as is


def test_score_checks_its_inputs() -> None:
    with pytest.raises(ValueError, match="1 gold documents but 0 predictions"):
        score([gold()], [])
    with pytest.raises(TypeError, match="not a mapping"):
        score([gold()], [None])  # type: ignore[list-item]


def test_lenient_stats_on_matched_items() -> None:
    g = gold(
        figures=[fig(1, "元", measure="慰问金", subject="广东省总工会", period="今年")],
        articles=[art("湛江市总工会开展活动", event_type="慰问", organizers=["湛江市总工会"])],
    )
    p = {
        "articles": [
            art(
                "湛江市总工会开展活动",
                event_type="培训",
                organizers=["湛江市总工会", "市总"],
                figures=[fig(1, "元", measure="慰问金", subject="省总工会", period="全年")],
            )
        ]
    }
    lenient = score([g], [p])["lenient"]
    assert lenient["figures"] == {"measure_accuracy": 1.0, "period_accuracy": 0.0, "subject_accuracy": 1.0}
    assert lenient["articles"]["event_type_accuracy"] == 0.0
    assert lenient["articles"]["headline_roles_accuracy"] == 1.0
    approx_prf(lenient["organizers"], 1 / 2, 1.0)


def test_format_report_prints_every_part() -> None:
    g = gold(figures=[fig(1, "人", "1人"), fig(2, "人", "两人")], articles=[art("湛江市总工会开展活动")])
    text = format_report(score([g], [{"figures": [fig(1, "人")], "articles": []}]))
    assert "documents: 1" in text
    for label in ("figures", "places", "event dates", "articles", "reporters", "correspondents"):
        assert label in text
    assert "0.500" in text  # figures recall
    assert "numeral 0.000" in text


def test_evaluation_does_not_import_the_pipeline() -> None:
    source = Path(__file__).resolve().parents[1] / "unionkb" / "evaluation.py"
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"extract", "api", "kb", "crawler", "unionkb"}


# --------------------------------------------------------------------------------------------- loader


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "gold.jsonl"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_load_gold_reads_lines_and_skips_blank_ones(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"doc": "a", "text": "甲\u2028乙", "issue_date": "2025-07-04", "issue_year": 2025},
            ensure_ascii=False,
        ),
        "",
        "   ",
        json.dumps({"text": "丙"}, ensure_ascii=False),
        "",
    ]
    docs = load_gold(write(tmp_path, "\r\n".join(lines)))
    assert [d.doc for d in docs] == ["a", "gold.jsonl:4"]
    assert docs[0].text == "甲\u2028乙"
    assert (docs[0].issue_date, docs[0].issue_year) == ("2025-07-04", 2025)
    assert (docs[1].issue_date, docs[1].issue_year) == (None, None)
    assert docs[1].raw == {"text": "丙"}


def test_load_gold_bad_json_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, '{"text": "a"}\n{"text": "b",}\n')
    with pytest.raises(GoldFormatError) as info:
        load_gold(path)
    message = str(info.value)
    assert message.startswith(f"{path}:2: invalid JSON")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"doc": "x"}', "missing required field `text`"),
        ('{"text": 5}', "field `text` must be a string, got number"),
        ('["text"]', "expected a JSON object, got array"),
        ('{"text": "", "issue_year": "2025"}', "field `issue_year` must be an integer or null, got string"),
        ('{"text": "", "issue_date": "2025-13-01"}', "field `issue_date` must be YYYY-MM-DD or null"),
        ('{"text": "", "articles": {}}', "field `articles` must be an array or null, got object"),
        ('{"text": "", "articles": [{"kicker": null}]}', "field `articles[0].title` must be a string"),
        (
            '{"text": "", "articles": [{"title": "t", "reporters": "王艳"}]}',
            "field `articles[0].reporters` must be an array or null, got string",
        ),
        ('{"text": "", "figures": [{"value": "3", "unit": "人", "text": "3人"}]}', "`figures[0].value`"),
        ('{"text": "", "figures": [{"value": 3, "text": "3人"}]}', "`figures[0].unit` must be a string"),
        ('{"text": "", "event_dates": [{"month_day": "3-5"}]}', "`event_dates[0].month_day` must be MM-DD"),
        (
            '{"text": "", "event_dates": [{"month_day": "03-05", "date": "2025-03-06"}]}',
            "disagrees with date",
        ),
        ('{"text": "", "places": [{"city": 1}]}', "`places[0].city` must be a string or null"),
    ],
)
def test_load_gold_rejects_wrong_shapes(tmp_path: Path, line: str, problem: str) -> None:
    path = write(tmp_path, '{"text": "ok"}\n' + line + "\n")
    with pytest.raises(GoldFormatError) as info:
        load_gold(path)
    assert str(info.value).startswith(f"{path}:2: ")
    assert problem in str(info.value)


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_load_gold_rejects_empty_file(tmp_path: Path, content: str) -> None:
    with pytest.raises(GoldFormatError, match="no gold documents"):
        load_gold(write(tmp_path, content))


def test_load_gold_reports_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError, match="cannot read gold file"):
        load_gold(tmp_path / "missing.jsonl")
    with pytest.raises(GoldFormatError, match=r":2: not valid UTF-8"):
        load_gold(write(tmp_path, b'{"text": "a"}\n{"text": "' + "乙".encode("gb18030") + b'"}\n'))


def test_load_gold_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    assert load_gold(write(tmp_path, b'\xef\xbb\xbf{"text": "a"}\n'))[0].text == "a"


# -------------------------------------------------------------------------------------- shared seeds


requires_seeds = pytest.mark.skipif(not SEEDS.is_file(), reason=f"development gold set not found at {SEEDS}")


def as_prediction(document: GoldDocument) -> dict[str, Any]:
    """The gold in the shape of `unionkb extract --json`: figures live inside their articles."""
    articles = [dict(article, figures=[]) for article in document.raw.get("articles") or []]
    prediction: dict[str, Any] = {"articles": articles}
    for figure in document.raw.get("figures") or []:
        articles[figure["article"]]["figures"].append(figure)
    return prediction


@pytest.mark.shared
@requires_seeds
def test_seeds_scored_against_themselves_are_perfect() -> None:
    documents = load_gold(SEEDS)
    report = score(documents, [as_prediction(d) for d in documents])
    assert report["documents"] == 5
    assert report["not_scored"] == []
    f1s = [
        report["figures"]["f1"],
        report["places"]["pairs"]["f1"],
        report["places"]["cities"]["f1"],
        report["event_dates"]["f1"],
        report["articles"]["f1"],
        report["reporters"]["f1"],
        report["correspondents"]["f1"],
    ]
    assert f1s == [1.0] * 7
    for key in ("recall_digit", "recall_numeral", "approx_accuracy", "cumulative_accuracy"):
        assert report["figures"][key] == 1.0
    assert report["event_dates"]["date_accuracy"] == 1.0
    # README counts: 28 articles; 83 figures of which the 2 durations (年) are never scored; 6 numerals.
    assert report["counts"]["articles"]["gold"] == 28
    assert report["counts"]["figures"]["gold"] == 83 - 2
    assert report["counts"]["figures_numeral"] == {"gold": 6, "matched": 6}
    # 000's dates have no year, so only the other pages' days are judged for the full date.
    judged = report["counts"]["event_dates_full"]["judged"]
    assert judged == report["counts"]["event_dates"]["gold"] - 1


@pytest.mark.shared
@requires_seeds
def test_seeds_readme_examples() -> None:
    documents = {d.doc[:3]: d for d in load_gold(SEEDS)}
    page = documents["002"]
    # "002 `12500份` appears 3 times": finding it once matches one of the three.
    once = {"figures": [{"value": 12500, "unit": "份", "approx": "exact", "cumulative": False}]}
    report = score([page], [once])
    assert report["figures"]["matched"] == 1
    gold_12500 = sum(1 for f in page.raw["figures"] if f["unit"] == "份" and f["value"] == 12500)
    assert gold_12500 == 3

    # 000 #0 and #4 share `first_words`; headline matching still aligns every article in order.
    first = documents["000"]
    prediction = as_prediction(first)
    prediction["articles"] = prediction["articles"][::-1]
    assert score([first], [prediction])["counts"]["articles"]["matched"] == 1

    # The headline rule ignores role splits: moving 003 #0's subtitle into the title still matches.
    third = copy.deepcopy(documents["003"])
    prediction = as_prediction(third)
    head = prediction["articles"][0]
    head["title"], head["subtitle"] = f"{head['title']}  {head['subtitle']}", None
    report = score([third], [prediction])
    assert report["articles"]["f1"] == 1.0
    assert report["lenient"]["articles"]["headline_roles_accuracy"] == pytest.approx(2 / 3)
