"""Throughput of full extraction against jieba segmentation alone, on the same pages, in one run.

Run as ``.venv/bin/python bench/extract.py [--rounds N] [--repeat N]``. The
corpus is the seed pages (``../shared/gold/seeds.jsonl``) when present, else
the bundled sample pages. "Full extraction" is ``extract_page``: segmentation,
bylines, places, event dates and figures through the spaCy pipeline (jieba
tokenisation plus our components). Segmentation by jieba is the floor any
pipeline pays, so the target is at most 3x its cost. Per-stage rows show
where the time goes.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402

from extract.dates import find_event_dates  # noqa: E402
from extract.figures import find_figures  # noqa: E402
from extract.nlp import build_nlp  # noqa: E402
from extract.page import extract_page  # noqa: E402
from extract.places import find_places  # noqa: E402
from extract.segment import segment_page  # noqa: E402
from extract.segmenter import ensure_jieba  # noqa: E402

SEEDS = ROOT.parent / "shared" / "gold" / "seeds.jsonl"
SAMPLE_PAGES = ROOT / "unionkb" / "samples" / "pages"


def load_pages() -> tuple[str, list[str]]:
    if SEEDS.exists():
        pages = [json.loads(line)["text"] for line in SEEDS.read_text(encoding="utf-8").splitlines() if line]
        return f"{SEEDS} ({len(pages)} pages)", pages
    pages = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_PAGES.glob("*.txt"))]
    return f"{SAMPLE_PAGES} ({len(pages)} pages; ../shared not present)", pages


def timed(fn: Callable[[str], object], items: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, time.perf_counter() - t0)
    return best


def peak_memory(fn: Callable[[str], object], items: list[str]) -> int:
    tracemalloc.start()
    for item in items:
        fn(item)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="timed passes; the fastest is reported")
    parser.add_argument("--repeat", type=int, default=4, help="copies of the corpus per pass")
    args = parser.parse_args()

    source, pages = load_pages()
    pages = pages * args.repeat
    bodies = [a.body.text for page in pages for a in segment_page(page).articles]
    chars = sum(len(p) for p in pages)
    ensure_jieba()
    nlp = build_nlp()

    def jieba_only(text: str) -> object:
        return [w for w in jieba.cut(text, cut_all=False) if w]

    def full(text: str) -> object:
        return extract_page(text).articles

    stages: list[tuple[str, Callable[[str], object], list[str]]] = [
        ("jieba segmentation alone (baseline)", jieba_only, pages),
        ("full extraction (extract_page)", full, pages),
        ("  page segmentation + bylines", segment_page, pages),
        ("  spaCy zh+jieba + unionkb_figures", nlp, bodies),
        ("  find_figures alone", find_figures, bodies),
        ("  find_places", lambda body: find_places("", body), bodies),
        ("  find_event_dates", find_event_dates, bodies),
    ]
    for _, fn, items in stages:  # warm caches: dictionaries, gazetteer, regexes
        for item in items[:10]:
            fn(item)
    times = {label: timed(fn, items, args.rounds) for label, fn, items in stages}
    peak_full = peak_memory(full, pages)
    peak_jieba = peak_memory(jieba_only, pages)
    n_articles = len(bodies)

    print(f"corpus: {source}; {len(pages)} pages, {n_articles} articles, {chars} chars per pass")
    print(f"best of {args.rounds} passes")
    for label, seconds in times.items():
        print(f"{label:40} {seconds * 1000:9.1f} ms {chars / seconds:12,.0f} chars/s")
    base = times["jieba segmentation alone (baseline)"]
    whole = times["full extraction (extract_page)"]
    print(f"full extraction: {n_articles / whole:,.1f} articles/s, {chars / whole:,.0f} chars/s")
    print(f"ratio full/jieba: {whole / base:.2f}x (target <= 3x)")
    print(f"peak traced memory: full {peak_full / 1e6:.2f} MB, jieba alone {peak_jieba / 1e6:.2f} MB")
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"process max RSS (dictionaries, gazetteer and pipeline included): {rss_kb / 1024:.0f} MB")


if __name__ == "__main__":
    main()
