"""A tiny loopback HTTP server for the sample e-paper, with hooks that make it misbehave like real sites.

The crawler tests and ``unionkb demo`` need a site to crawl without touching
the network; the hooks reproduce what real e-paper servers do to crawlers:
a day with no issue (plain 404), a URL that fails with 500 once and then
works, a blocking mode (403 for everything but robots.txt), and a redirect
to the latest issue for a missing day on the newer platform.

``python -m unionkb.samples.epaper_server --port 0`` prints the base URL.
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITE = Path(__file__).resolve().parent / "epaper"
_NEW_LAYOUT_RE = re.compile(r"^/pc/layout/(\d{6})/(\d{2})/node_01\.html$")
_TYPES = {".htm": "text/html", ".html": "text/html", ".pdf": "application/pdf", ".txt": "text/plain"}


@dataclass
class Hooks:
    """Test hooks; mutable while the server runs (the tests flip ``block`` mid-run)."""

    fail_once: set[str] = field(default_factory=set)  # paths answered 500 on their first request
    block: bool = False  # 403 everything except robots.txt
    redirect_missing: bool = True  # a missing newer-layout day redirects to the latest issue
    gone: set[str] = field(default_factory=set)  # paths that 404 even though the file exists
    requests: list[tuple[str, int]] = field(default_factory=list)  # (path, status) in arrival order
    lock: threading.Lock = field(default_factory=threading.Lock)

    def log(self, path: str, status: int) -> None:
        with self.lock:
            self.requests.append((path, status))

    def take_failure(self, path: str) -> bool:
        with self.lock:
            if path in self.fail_once:
                self.fail_once.discard(path)
                return True
            return False

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _ in self.requests]


def latest_new_layout(root: Path) -> str | None:
    days = sorted(root.glob("pc/layout/*/*/node_01.html"))
    return "/" + days[-1].relative_to(root).as_posix() if days else None


class EpaperHandler(BaseHTTPRequestHandler):
    server: EpaperServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet by default: the tests read ``hooks.requests`` instead."""

    def _send(
        self, status: int, body: bytes, ctype: str = "text/html", extra: Iterable[tuple[str, str]] = ()
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.server.hooks.log(self.path, status)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        hooks = self.server.hooks
        path = unquote(urlsplit(self.path).path)
        if hooks.block and path != "/robots.txt":
            self._send(403, b"<html><body>403 Forbidden: access denied</body></html>")
            return
        if hooks.take_failure(path):
            self._send(500, b"<html><body>500 Internal Server Error</body></html>")
            return
        root = self.server.root
        target = (root / path.lstrip("/")).resolve()
        if path in hooks.gone or not target.is_relative_to(root) or not target.is_file():
            if hooks.redirect_missing and _NEW_LAYOUT_RE.match(path) and (latest := latest_new_layout(root)):
                self._send(302, b"", extra=[("Location", latest)])
                return
            self._send(404, b"<html><body>404 Not Found</body></html>")
            return
        ctype = _TYPES.get(target.suffix.lower(), "application/octet-stream")
        self._send(200, target.read_bytes(), ctype)


class EpaperServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int = 0, root: Path = SITE, hooks: Hooks | None = None) -> None:
        super().__init__(("127.0.0.1", port), EpaperHandler)
        self.root = root.resolve()
        self.hooks = hooks or Hooks()
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def start(self) -> EpaperServer:
        """Serve on a background thread (for tests and ``unionkb demo``)."""
        self._thread = threading.Thread(target=self.serve_forever, name="epaper-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread:
            self._thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="epaper_server",
        description="Serve the sample e-paper on 127.0.0.1.",
        epilog="example:\n  python -m unionkb.samples.epaper_server --port 8765 "
        "--fail-once /html/2025-03/06/node_2.htm",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--fail-once", action="append", default=[], metavar="PATH", help="answer 500 once")
    parser.add_argument("--block", action="store_true", help="answer 403 to everything but robots.txt")
    args = parser.parse_args(argv)
    server = EpaperServer(args.port, hooks=Hooks(fail_once=set(args.fail_once), block=args.block))
    print(f"sample e-paper on {server.base_url} (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
