"""Shared fixtures: the built book, a local HTTP server, and headless Chromium.

The book is built once per test session (``make book``; `make test` builds it first and
sets ``MLP2CONV_BOOK_BUILT=1``). Browser tests drive Debian's Chromium through
Playwright; every request to a host other than the local server is aborted and counted.
Without Chromium the browser tests are skipped locally but fail under ``CI=true``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("MLP2CONV_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def toc_pages() -> list[str]:
    """Every page of the book in table-of-contents order, as paths without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))
            for part in entry.get("parts", []) or []:
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []) or []:
        walk(part.get("chapters"))
    return pages


def notebook_pages() -> list[str]:
    """The pages of the toc that are executed notebooks (jupytext front matter with a kernel).

    The references and API pages are plain MyST: no cells, no explorers, no Binder link.
    """
    return [
        page
        for page in toc_pages()
        if "kernelspec:" in (ROOT / f"{page}.md").read_text(encoding="utf-8").split("\n---", 1)[0]
    ]


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The built HTML site; built here unless the Makefile already did."""
    if os.environ.get("MLP2CONV_BOOK_BUILT") != "1":
        subprocess.run(["make", "book"], cwd=ROOT, check=True)
    index = HTML / "index.html"
    assert index.exists(), f"the book was not built: {index} is missing"
    return HTML


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@contextlib.contextmanager
def serve(html_dir: Path):
    """Serve ``html_dir`` on 127.0.0.1 at a free port; yield the base URL (bench uses it too)."""
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_book):
    """Serve the built book on 127.0.0.1 (a free port) for the whole session."""
    with serve(built_book) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium via Playwright; fails instead of skipping under CI=true."""
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        message = (
            f"Chromium not found at {CHROMIUM}: run `make chromium` (apt-get install chromium)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class PageWatch:
    """What a page did that a reader with no network would notice."""

    def __init__(self):
        self.outside_requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []


@pytest.fixture
def open_page(browser, site_url):
    """Open a page of the book offline: returns ``(page, watch)``; other hosts are aborted."""
    contexts = []
    local_host = urlparse(site_url).netloc

    def _open(path: str, *, color_scheme: str = "light", width: int = 1280, height: int = 900):
        context = browser.new_context(
            color_scheme=color_scheme, viewport={"width": width, "height": height}
        )
        contexts.append(context)
        watch = PageWatch()

        def route(r):
            url = r.request.url
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob") or parsed.netloc == local_host:
                r.continue_()
            else:
                watch.outside_requests.append(url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on(
            "console",
            lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
        page.goto(f"{site_url}/{path}", wait_until="load")
        return page, watch

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
