"""The built site: bytes per page, the whole site, and the frame swap in headless Chromium.

- :func:`site_sizes`: the bytes of the whole site and of the site without the bundled
  MathJax (``_static/mathjax``), summed over files (apparent size, what a download
  costs; ``du`` counts disk blocks and may differ slightly).
- :func:`page_sizes`: for each page of ``_toc.yml``, the page's HTML (explorer frames are
  inline) plus the images under ``_images/`` its ``<img>`` elements reference. Theme
  files shared by every page (CSS, JS, fonts, MathJax) are not counted.
- :func:`bench_frame_swaps`: serves the site on 127.0.0.1 and, for every explorer
  ``[data-m2c-explorer]`` on every page, measures in the page's own JavaScript the time
  from setting a control and dispatching its ``input`` event to the new image being
  decoded (``performance.now()`` before, ``await img.decode()`` after).
"""

from __future__ import annotations

import importlib.util
import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from bench.common import ROOT, Row, summary

PAGE_TARGET = 1.5e6
SWAP_TARGET_MS = 16.0
CHROMIUM = os.environ.get("MLP2CONV_CHROMIUM", "/usr/bin/chromium")

SECTION_SIZES = "static site, bytes (HTML + its own images under _images/)"
SECTION_SWAP = "static site, frame swap in Chromium (input event -> image decoded)"


def _conftest():
    """tests/conftest.py, for the table of contents and Chromium's flags (one source)."""
    spec = importlib.util.spec_from_file_location("_m2c_conftest", ROOT / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def toc_pages() -> list[str]:
    """Every page of ``_toc.yml`` in order, as paths without suffix (``book/intro``)."""
    return _conftest().toc_pages()


def chromium_flags() -> list[str]:
    return list(_conftest().CHROMIUM_FLAGS)


# ------------------------------------------------------------------------------ sizes


def tree_bytes(path: Path, *, exclude: Path | None = None) -> tuple[int, int]:
    """Total bytes and number of files under ``path``, leaving out ``exclude``."""
    total = count = 0
    for dirpath, dirnames, filenames in os.walk(path):
        if exclude is not None and Path(dirpath) == exclude.parent:
            dirnames[:] = [d for d in dirnames if Path(dirpath, d) != exclude]
        for name in filenames:
            total += os.path.getsize(os.path.join(dirpath, name))
            count += 1
    return total, count


def site_sizes(html_dir: Path) -> list[Row]:
    mathjax = html_dir / "_static" / "mathjax"
    total, files = tree_bytes(html_dir)
    without, files_without = tree_bytes(html_dir, exclude=mathjax)
    return [
        Row(SECTION_SIZES, "whole site", total, "B", note=f"{files} files in {html_dir}"),
        Row(
            SECTION_SIZES,
            "whole site without _static/mathjax",
            without,
            "B",
            note=f"{files_without} files; MathJax takes {(total - without) / 1e6:.1f} MB",
        ),
    ]


class _ImageSources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            src = dict(attrs).get("src")
            if src:
                self.sources.append(src)


def page_bytes(html_dir: Path, page: str) -> tuple[int, int, int, int]:
    """Bytes of a page's HTML, bytes of its own images, number of images, inline images."""
    path = html_dir / f"{page}.html"
    text = path.read_text(encoding="utf-8")
    parser = _ImageSources()
    parser.feed(text)
    base = f"http://site/{page}.html"
    own, seen, inline = 0, set(), 0
    for src in parser.sources:
        if src.startswith("data:"):
            inline += 1
            continue
        url = urlparse(urljoin(base, src))
        if url.netloc != "site":
            continue
        relative = unquote(url.path).lstrip("/")
        if not relative.startswith("_images/") or relative in seen:
            continue
        seen.add(relative)
        file = html_dir / relative
        if file.exists():
            own += file.stat().st_size
    return path.stat().st_size, own, len(seen), inline


def page_sizes(html_dir: Path, pages: list[str]) -> list[Row]:
    rows = []
    for page in pages:
        name = f"page {page}"
        if not (html_dir / f"{page}.html").exists():
            rows.append(Row(SECTION_SIZES, name, None, "B", PAGE_TARGET, note="not built"))
            continue
        html_size, images, n_images, inline = page_bytes(html_dir, page)
        rows.append(
            Row(
                SECTION_SIZES,
                name,
                html_size + images,
                "B",
                PAGE_TARGET,
                note=(
                    f"HTML {html_size / 1e3:.0f} kB (with {inline} inline images) + "
                    f"{n_images} images {images / 1e3:.0f} kB"
                ),
                stats={"html": html_size, "images": images, "n_images": n_images},
            )
        )
    return rows


# ------------------------------------------------------------------------- frame swap


def serve(html_dir: Path):
    """Serve ``html_dir`` on 127.0.0.1 (the tests' server, so both measure the same thing)."""
    return _conftest().serve(html_dir)


# Runs in the page: for each explorer, sweep every control through its positions and
# time each change from the input event to the decoded image.
SWAP_JS = """async ({positions}) => {
  const out = [];
  const roots = Array.from(document.querySelectorAll('[data-m2c-explorer]'));
  for (const root of roots) {
    const img = root.querySelector('img.m2c-frame');
    const inputs = Array.from(root.querySelectorAll('[data-control]'));
    const title = root.querySelector('.m2c-title');
    const entry = {id: root.id, title: title ? title.textContent.trim() : '',
                   controls: inputs.length, times: [], unchanged: 0, error: ''};
    out.push(entry);
    const sizes = inputs.map(el => el.tagName === 'SELECT' ? el.options.length
                                   : parseInt(el.max, 10) - parseInt(el.min, 10) + 1);
    if (!img || !sizes.some(n => n > 1)) { continue; }
    try {
      await img.decode();
      while (entry.times.length < positions) {
        for (let c = 0; c < inputs.length && entry.times.length < positions; c++) {
          const el = inputs[c];
          const min = el.tagName === 'SELECT' ? 0 : parseInt(el.min, 10);
          for (let v = 0; v < sizes[c] && entry.times.length < positions; v++) {
            const value = String(min + v);
            if (value === el.value) { continue; }
            const state = root.getAttribute('data-state');
            const t0 = performance.now();
            el.value = value;
            el.dispatchEvent(new Event('input', {bubbles: true}));
            await img.decode();
            entry.times.push(performance.now() - t0);
            if (root.getAttribute('data-state') === state) { entry.unchanged += 1; }
          }
        }
      }
    } catch (e) { entry.error = String(e); }
  }
  return out;
}"""


def bench_frame_swaps(
    html_dir: Path, pages: list[str], *, positions: int = 40, chromium: str = CHROMIUM
) -> list[Row]:
    """One row per explorer on the site: the median frame-swap time in Chromium."""
    from playwright.sync_api import sync_playwright

    rows = []
    with serve(html_dir) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=chromium_flags(), headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            local = urlparse(base).netloc

            def offline(route):
                url = urlparse(route.request.url)
                if url.scheme in ("data", "blob") or url.netloc == local:
                    route.continue_()
                else:
                    route.abort()

            context.route("**/*", offline)
            page = context.new_page()
            for path in pages:
                if not (html_dir / f"{path}.html").exists():
                    continue
                page.goto(f"{base}/{path}.html", wait_until="load")
                results = page.evaluate(SWAP_JS, {"positions": positions})
                for k, entry in enumerate(results, 1):
                    rows.append(_swap_row(path, k, entry))
            context.close()
        finally:
            browser.close()
    return rows


def _swap_row(page: str, index: int, entry: dict) -> Row:
    label = entry.get("title") or entry.get("id", "")
    name = f"{Path(page).name} #{index}: {label}"
    times = [t / 1e3 for t in entry.get("times", [])]  # ms -> s for summary()
    if not times:
        note = entry.get("error") or "no control with two positions"
        return Row(SECTION_SWAP, name, None, "ms", SWAP_TARGET_MS, note=note)
    stats = summary(times)
    note = f"p95 {stats['p95']:.2f} ms, best {stats['best']:.2f} ms, n={stats['n']}"
    if entry.get("unchanged"):
        note += f"; {entry['unchanged']} change(s) left the state as it was"
    if entry.get("error"):
        note += f"; stopped: {entry['error'][:60]}"
    return Row(SECTION_SWAP, name, stats["median"], "ms", SWAP_TARGET_MS, note=note, stats=stats)
