"""The search page in a real browser: Debian's chromium driven by Playwright against the real app.

Skipped, with the reason, where no chromium is installed (scripts/test.sh
installs Debian's package when it runs as root); never downloads a browser.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from api.app import create_app
from kb.factory import open_kb
from unionkb.ingest import ingest_files
from unionkb.papers import paper_for
from unionkb.settings import Settings, get_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium): UI tests not run"
)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("ui") / "kb.sqlite"
    settings = Settings(db=db)
    with open_kb(settings) as kb:
        ingest_files(
            kb, [FIXTURES], paper=paper_for("lngr"), issue_date=None, max_bytes=settings.max_file_bytes
        )
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: settings
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise AssertionError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_search_shows_results_and_article_figures(browser: object, base_url: str, tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base_url)
    page.wait_for_selector("article.hit")
    assert page.locator("article.hit").count() == 4  # the page lists everything before a search
    page.fill("#q", "二次医保")
    page.click("button[type=submit]")
    page.wait_for_function("document.querySelector('#status').textContent.startsWith('2 / 2')")
    assert page.locator("article.hit mark").first.inner_text() == "二次医保"
    page.click("article.hit h2 a >> nth=0")
    page.wait_for_selector(".detail")
    detail = page.locator(".detail").inner_text()
    assert "本报讯" in detail
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)


def test_bad_query_shows_the_api_message(browser: object, base_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base_url)
    page.fill("#q", '"unclosed')
    page.click("button[type=submit]")
    page.wait_for_selector("#status.error")
    assert "unclosed quote" in page.locator("#status").inner_text()
    assert page.locator("article.hit").count() == 0
