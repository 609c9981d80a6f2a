"""Throughput of figure extraction against jieba segmentation alone, on the same text.

Run as ``.venv/bin/python bench/extract.py [--rounds N]``. It uses the shared
seed pages (``../shared/gold/seeds.jsonl``) when present, otherwise a
synthetic union-news article repeated. Full extraction means the whole spaCy
pipeline (jieba tokenisation plus our components); the target is at most 3x
the cost of jieba alone, since segmentation is the floor any pipeline pays.
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

from extract.figures import find_figures  # noqa: E402
from extract.nlp import build_nlp  # noqa: E402
from extract.segment import segment_page  # noqa: E402
from extract.segmenter import ensure_jieba  # noqa: E402

SEEDS = ROOT.parent / "shared" / "gold" / "seeds.jsonl"
SAMPLE_PAGES = ROOT / "unionkb" / "samples" / "pages"


def load_articles() -> tuple[str, list[str]]:
    """Article bodies as the page segmenter cuts them: the seed pages, or the bundled sample pages."""
    if SEEDS.exists():
        pages = [json.loads(line)["text"] for line in SEEDS.read_text(encoding="utf-8").splitlines() if line]
        source = f"{SEEDS} ({len(pages)} pages)"
    else:
        pages = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_PAGES.glob("*.txt"))]
        source = f"{SAMPLE_PAGES} ({len(pages)} pages; ../shared not present)"
    articles = [a.body.text for page in pages for a in segment_page(page).articles]
    return source, articles


def timed(fn: Callable[[str], object], articles: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for article in articles:
            fn(article)
        best = min(best, time.perf_counter() - t0)
    return best


def peak_memory(fn: Callable[[str], object], articles: list[str]) -> int:
    tracemalloc.start()
    for article in articles:
        fn(article)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="timed passes; the fastest is reported")
    parser.add_argument("--repeat", type=int, default=4, help="copies of the corpus per pass")
    args = parser.parse_args()

    source, articles = load_articles()
    articles = articles * args.repeat
    chars = sum(len(a) for a in articles)
    ensure_jieba()
    nlp = build_nlp()

    def jieba_only(text: str) -> object:
        return [w for w in jieba.cut(text, cut_all=False) if w]

    def pipeline(text: str) -> object:
        return nlp(text)._.figures

    for fn in (jieba_only, pipeline, find_figures):  # warm caches (dictionaries, regexes, lru caches)
        for article in articles[:20]:
            fn(article)

    t_jieba = timed(jieba_only, articles, args.rounds)
    t_full = timed(pipeline, articles, args.rounds)
    t_figures = timed(find_figures, articles, args.rounds)
    peak_full = peak_memory(pipeline, articles)
    peak_jieba = peak_memory(jieba_only, articles)
    n_figures = sum(len(nlp(a)._.figures) for a in articles)

    print(f"corpus: {source}")
    print(
        f"{len(articles)} articles, {chars} chars per pass, {n_figures} figures; best of {args.rounds} passes"
    )
    rows = (
        ("jieba segmentation alone", t_jieba),
        ("full extraction (spaCy zh+jieba + unionkb_figures)", t_full),
        ("find_figures alone (no tokenisation)", t_figures),
    )
    for label, seconds in rows:
        print(f"{label:52} {chars / seconds:12,.0f} chars/s {len(articles) / seconds:10,.1f} articles/s")
    print(f"ratio full/jieba: {t_full / t_jieba:.2f}x (target <= 3x)")
    print(f"peak traced memory: full {peak_full / 1e6:.2f} MB, jieba alone {peak_jieba / 1e6:.2f} MB")
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"process max RSS (dictionaries and pipeline included): {rss_kb / 1024:.0f} MB")


if __name__ == "__main__":
    main()
