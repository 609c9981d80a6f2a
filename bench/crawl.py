"""Benchmark of the whole crawl → extract → store path against the sample e-paper on 127.0.0.1.

Politeness delays are off (settings overrides, as in the tests), so this
measures our own cost per page, not the site's patience. Each repetition is a
fresh crawl (new database and archive) in its own process, as a real run is.

    .venv/bin/python bench/crawl.py [--repeat 5]

Prints pages/s and where the time goes: fetch (download latency, summed over
responses — overlaps with other work when requests run concurrently), parse
(spider callbacks incl. PDF text extraction), extract and store (pipelines).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from unionkb.samples.epaper_server import EpaperServer  # noqa: E402

FAST = [
    "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=false",
    "--set", "UNIONKB_RETRY_BACKOFF_BASE=0", "--set", "UNIONKB_PROGRESS_INTERVAL=0",
]  # fmt: skip


def one_run(base_url: str, workdir: Path) -> tuple[dict[str, object], float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNIONKB_")}
    env.update(
        UNIONKB_DB=str(workdir / "kb.sqlite"),
        UNIONKB_RAW_DIR=str(workdir / "raw"),
        UNIONKB_JOBS_DIR=str(workdir / "jobs"),
    )
    args = [
        "crawl",
        "--paper",
        "lngr",
        "--from",
        "2025-03-06",
        "--to",
        "2025-03-11",
        "--base-url",
        base_url,
        "--json",
    ]
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "unionkb.crawl_commands", *args, *FAST],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"crawl failed ({proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall


def plain_fetch(base_url: str, paths: list[str]) -> float:
    """The I/O floor: the same URLs fetched one by one with urllib, no Scrapy, no pipelines."""
    started = time.perf_counter()
    for path in paths:
        try:
            with urllib.request.urlopen(base_url.rstrip("/") + path, timeout=10) as response:
                response.read()
        except urllib.error.HTTPError as exc:  # the 404 day and friends are part of the crawl too
            exc.read()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    server = EpaperServer(0).start()
    runs = []
    try:
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory(prefix="unionkb-bench-") as tmp:
                runs.append(one_run(server.base_url, Path(tmp)))
        fetched = sorted(set(server.hooks.paths()))
        baseline = min(plain_fetch(server.base_url, fetched) for _ in range(3))
    finally:
        server.stop()
    summary = runs[0][0]
    crawl_s = [float(s["elapsed"]) for s, _ in runs]  # type: ignore[arg-type]
    wall_s = [w for _, w in runs]
    med = statistics.median(crawl_s)
    responses, articles = int(summary["responses"]), int(summary["new"])  # type: ignore[arg-type]
    print(
        f"sample e-paper: {responses} responses ({summary['pages']} pages, {summary['pdfs']} PDFs), "
        f"{articles} articles"
    )
    print(
        f"runs: {args.repeat}; crawl time median {med:.2f} s (min {min(crawl_s):.2f}, max {max(crawl_s):.2f})"
    )
    print(
        f"throughput: {responses / med:.1f} responses/s, {int(summary['pages']) / med:.1f} 版面 pages/s, "  # type: ignore[arg-type]
        f"{articles / med:.1f} articles/s"
    )
    print(f"process start-up + teardown (not in crawl time): {statistics.median(wall_s) - med:.2f} s")
    print(
        f"baseline, same run: plain sequential GET of the {len(fetched)} distinct URLs the crawl fetched: "
        f"{baseline:.3f} s; crawl/baseline {med / baseline:.1f}x"
    )

    def med_of(name: str) -> float:
        return statistics.median(float(s["timings"].get(name, 0.0)) for s, _ in runs)  # type: ignore[union-attr]

    print("where the time goes (median seconds per crawl, share of crawl time):")
    cpu = 0.0
    for name, what in (
        ("parse", "spider callbacks: decoding, selectors, PDF text layer"),
        ("extract", "pipelines: full extraction (bylines, figures, places, dates, entities), PDF fill"),
        ("store", "knowledge-base upserts, one transaction per article (incl. jieba for FTS)"),
    ):
        cpu += med_of(name)
        print(
            f"  {name:<8} {med_of(name):6.3f} s  {100 * med_of(name) / med:5.1f} %   {what}; "
            f"slowest item {med_of(name + '_max') * 1000:.0f} ms"
            if name != "parse"
            else f"  {name:<8} {med_of(name):6.3f} s  {100 * med_of(name) / med:5.1f} %   {what}"
        )
    print(
        f"  {'fetch':<8} {med - cpu:6.3f} s  {100 * (med - cpu) / med:5.1f} %   "
        "the rest: waiting on the network/server "
        "one request at a time, plus Scrapy's engine, JOBDIR queue and archive writes"
    )
    print(
        f"  (summed download latency {med_of('fetch'):.3f} s over {responses} responses, "
        f"{1000 * med_of('fetch') / responses:.0f} ms each incl. time queued behind our own work)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
