"""The built book: every chapter built and executed, with figures, alt text and true numbers."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, notebook_pages, toc_pages

from mlp2conv import counting

pytestmark = pytest.mark.book

PAGES = toc_pages()
NOTEBOOKS = notebook_pages()
CHAPTERS = NOTEBOOKS[1:]  # the landing page is the introduction


class PageParser(HTMLParser):
    """Collects what the checks need from one page."""

    def __init__(self):
        super().__init__()
        self.images: list[dict] = []
        self.resources: list[str] = []
        self.classes: list[str] = []
        self.explorers = 0
        self._in_output = 0
        self._depth = 0
        self._output_depths: list[int] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        cls = attrs.get("class") or ""
        self.classes.extend(cls.split())
        if tag not in ("img", "br", "hr", "meta", "link", "input", "source"):
            self._depth += 1
            if "cell_output" in cls.split():
                self._output_depths.append(self._depth)
        if "data-m2c-explorer" in attrs:
            self.explorers += 1
        if tag == "img":
            self.images.append({**attrs, "in_output": bool(self._output_depths)})
        for key in ("src", "href"):
            if key in attrs and tag in ("script", "link", "img", "iframe", "source", "video"):
                self.resources.append(attrs[key])

    def handle_endtag(self, tag):
        if tag in ("img", "br", "hr", "meta", "link", "input", "source"):
            return
        if self._output_depths and self._output_depths[-1] == self._depth:
            self._output_depths.pop()
        self._depth -= 1


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def pages(built_book):
    return {page: (built_book / f"{page}.html") for page in PAGES}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_of_the_toc_was_built(pages, page):
    assert pages[page].exists(), f"{page}.html is missing from the build"


@pytest.mark.parametrize("page", PAGES)
def test_no_cell_output_shows_an_error(pages, page):
    html = pages[page].read_text(encoding="utf-8")
    parsed = parse(pages[page])
    assert "traceback" not in parsed.classes, f"{page} shows a traceback"
    assert "stderr" not in parsed.classes, f"{page} shows output written to stderr"
    if page in NOTEBOOKS:  # the API page quotes tracebacks of its doctests on purpose
        for marker in ("Traceback (most recent call last)", "ModuleNotFoundError", "NameError:"):
            assert marker not in html, f"{page} contains {marker!r}"


def test_every_notebook_of_the_toc_is_detected():
    assert len(NOTEBOOKS) >= 5 and NOTEBOOKS[0] == PAGES[0]


@pytest.mark.parametrize("page", NOTEBOOKS)
def test_every_chapter_has_figures_and_an_explorer(pages, page):
    parsed = parse(pages[page])
    assert parsed.explorers >= 1, f"{page} has no explorer"
    frames = [i for i in parsed.images if "m2c-frame" in i.get("class", "")]
    figures = [i for i in parsed.images if i["in_output"] and "m2c-frame" not in i.get("class", "")]
    assert frames, f"{page}: no explorer frame was rendered"
    if page in CHAPTERS:
        assert figures, f"{page}: no matplotlib figure reached the page (was the backend headless?)"


def article(path: Path) -> PageParser:
    """The page's content only (the theme's header, sidebars and buttons left out)."""
    html = path.read_text(encoding="utf-8")
    start = html.index('<article class="bd-article"')
    parser = PageParser()
    parser.feed(html[start : html.index("</article>", start)])
    return parser


@pytest.mark.parametrize("page", PAGES)
def test_every_image_has_alt_text(pages, page):
    images = article(pages[page]).images
    if page in NOTEBOOKS:
        assert images, f"{page} shows no image at all"
    for image in images:
        alt = (image.get("alt") or "").strip()
        src = (image.get("src") or "")[:60]
        assert len(alt) >= 15, f"{page}: image {src!r} has no useful alt text ({alt!r})"
        assert alt.lower() not in ("figure", "image", "png", "_images"), f"{page}: alt {alt!r}"


@pytest.mark.parametrize("page", PAGES)
def test_no_page_loads_anything_from_another_host(pages, page):
    html = pages[page].read_text(encoding="utf-8")
    for resource in parse(pages[page]).resources:
        assert not re.match(r"^(https?:)?//", resource), f"{page} loads {resource}"
    # Inline scripts and styles must not name a CDN either (loaders, @import, url()).
    for block in re.findall(r"<(script|style)[^>]*>(.*?)</\1>", html, re.S):
        assert not re.search(r"https?://(?!127\.0\.0\.1)", block[1]), (
            f"{page}: an inline {block[0]} refers to another host"
        )


# -- glued numbers -------------------------------------------------------------------
# Glue keys that name a count are checked against mlp2conv.counting:
#   dense-params-HxW, shared-params-HxW, local-params-dD[-cIN-OUT], receptive-field-dD-lL
COUNT_KEYS = [
    (re.compile(r"^dense-params-(\d+)x(\d+)$"), lambda m: counting.dense_params(*map(int, m))),
    (re.compile(r"^shared-params-(\d+)x(\d+)$"), lambda m: counting.shared_params(*map(int, m))),
    (re.compile(r"^local-params-d(\d+)$"), lambda m: counting.local_params(int(m[0]))),
    (
        re.compile(r"^local-params-d(\d+)-c(\d+)-(\d+)$"),
        lambda m: counting.local_params(int(m[0]), int(m[1]), int(m[2])),
    ),
    (
        re.compile(r"^receptive-field-d(\d+)-l(\d+)$"),
        lambda m: counting.receptive_field(int(m[0]), int(m[1])),
    ),
]


def glue_data(page: str) -> dict:
    path = ROOT / "_build" / "jupyter_execute" / f"{page}.glue.json"
    return json.loads(path.read_text()) if path.exists() else {}


def test_glued_counts_equal_what_the_package_computes(built_book):
    checked = 0
    for page in PAGES:
        for key, output in glue_data(page).items():
            for pattern, expected in COUNT_KEYS:
                match = pattern.match(key)
                if match:
                    shown = output["data"]["text/plain"]
                    assert int(shown) == expected(match.groups()), f"{page}: glue {key} = {shown}"
                    checked += 1
    assert checked >= 5, (
        f"only {checked} glued counts follow the naming scheme; the prose needs more"
    )


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapters_glue_their_numbers(built_book, page):
    assert glue_data(page), f"{page} glues no numbers into its prose"


def test_the_bibliography_is_labelled_by_author_and_year_as_the_chapters_cite(built_book):
    import sys

    from pybtex.database import parse_file

    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        from author_year_labels import author_year_label
    finally:
        sys.path.pop(0)
    entries = parse_file(ROOT / "book" / "references.bib").entries.values()
    expected = sorted(author_year_label(entry) for entry in entries)
    page = (built_book / "book" / "references.html").read_text(encoding="utf-8")
    labels = sorted(
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(r'<span class="label">(.*?)</span>\s*<p>', page, re.S)
    )
    assert labels == [f"[{label}]" for label in expected]
    # and a chapter's parenthetical citation shows the same author and year
    chapter = re.sub(r"<[^>]+>", "", (built_book / "book" / "convolution.html").read_text())
    assert "LeCun et al., 1989" in expected and "LeCun et al., 1989" in chapter
