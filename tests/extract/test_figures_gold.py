"""Provenance of figures on real and sample pages: every span slices back to its text, inside its sentence.

The figure *scores* are gated with all other parts in tests/test_quality_gate.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.normalize import normalize_chars
from extract.page import extract_page

ROOT = Path(__file__).resolve().parents[2]
GOLD_FILES = {
    "seeds": ROOT.parent / "shared" / "gold" / "seeds.jsonl",
    "sample": ROOT / "unionkb" / "samples" / "gold.jsonl",
}


@pytest.mark.parametrize("name", sorted(GOLD_FILES))
def test_offsets_and_sentences_on_gold_pages(name: str) -> None:
    path = GOLD_FILES[name]
    if not path.exists():
        pytest.skip(f"{path} not present (fresh clone has no ../shared): gold pages not checked")
    checked = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        for article in extract_page(json.loads(line)["text"]).articles:
            fields = {
                "body": article.body,
                "title": normalize_chars(article.title),
                "kicker": normalize_chars(article.kicker or ""),
                "subtitle": normalize_chars(article.subtitle or ""),
            }
            for fig in article.figures:
                assert fields[fig.field][fig.start : fig.end] == fig.text
                assert fig.text in fig.sentence
                checked += 1
    assert checked > 50
