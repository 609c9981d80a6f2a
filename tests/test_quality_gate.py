"""Extraction-quality gate: scores on gold files may not fall below the floors in tests/baselines/.

Floors only ever rise: when a change improves a score, raise its floor in the
same commit (trafilatura's evaluation gate works the same way).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from unionkb.evalrun import evaluate
from unionkb.evaluation import load_gold

ROOT = Path(__file__).resolve().parents[1]
SHARED_GOLD = ROOT.parent / "shared" / "gold" / "seeds.jsonl"
SAMPLE_GOLD = ROOT / "unionkb" / "samples" / "gold.jsonl"
BASELINES = ROOT / "tests" / "baselines"


def _lookup(report: dict[str, Any], dotted: str) -> float | None:
    node: Any = report
    for key in dotted.split("."):
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _floors(name: str) -> dict[str, float]:
    return json.loads((BASELINES / name).read_text(encoding="utf-8"))["floors"]


@pytest.fixture(scope="module")
def seeds_report() -> dict[str, Any]:
    if not SHARED_GOLD.exists():
        pytest.skip(
            f"{SHARED_GOLD} not present (a fresh clone has no ../shared): development gold gate not run"
        )
    return dict(evaluate(load_gold(SHARED_GOLD)))


@pytest.fixture(scope="module")
def sample_report() -> dict[str, Any]:
    if not SAMPLE_GOLD.exists():
        pytest.skip("sample gold not written yet")
    return dict(evaluate(load_gold(SAMPLE_GOLD)))


@pytest.mark.parametrize("metric", sorted(_floors("seeds.json")))
def test_seeds_floor(seeds_report: dict[str, Any], metric: str) -> None:
    floor = _floors("seeds.json")[metric]
    value = _lookup(seeds_report, metric)
    assert value is not None, f"{metric} was not scored"
    assert value >= floor, f"{metric} = {value:.3f} fell below its floor {floor:.3f}"


@pytest.mark.parametrize("metric", sorted(_floors("sample.json")))
def test_sample_floor(sample_report: dict[str, Any], metric: str) -> None:
    floor = _floors("sample.json")[metric]
    value = _lookup(sample_report, metric)
    assert value is not None, f"{metric} was not scored"
    assert value >= floor, f"{metric} = {value:.3f} fell below its floor {floor:.3f}"


def test_floors_are_fractions() -> None:
    for name in ("seeds.json", "sample.json"):
        assert all(0.0 <= v <= 1.0 for v in _floors(name).values()), name
