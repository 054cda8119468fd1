"""The built site in headless Chromium, offline: explorers, equations, no outside requests."""

from __future__ import annotations

import json

import pytest
from conftest import toc_pages

pytestmark = [pytest.mark.book, pytest.mark.browser]

PAGES = toc_pages()

# Reads one explorer's state as the reader sees it: the controls' positions, the image
# shown, the readouts and the alt text; and the Python-computed data it was built from.
READ_EXPLORER = """root => {
  const data = JSON.parse(root.querySelector('script.m2c-data').textContent);
  const positions = data.controls.map(c =>
      parseInt(root.querySelector(`[data-control="${c.name}"]`).value, 10));
  const img = root.querySelector('img.m2c-frame');
  const readouts = data.readouts.map(n =>
      root.querySelector(`dd[data-readout="${CSS.escape(n)}"]`).textContent);
  const shown = Array.from(root.querySelectorAll('output.m2c-value')).map(o => o.textContent);
  return {data, positions, src: img.getAttribute('src'), alt: img.alt, readouts, shown,
          complete: img.complete && img.naturalWidth > 0};
}"""


def expected_state(data, positions):
    index = 0
    for control, position in zip(data["controls"], positions, strict=True):
        index = index * len(control["labels"]) + position
    frame, readouts, alt = data["states"][index]
    return "data:image/png;base64," + data["frames"][frame], readouts, alt


def assert_shows_python_state(state):
    src, readouts, alt = expected_state(state["data"], state["positions"])
    assert state["src"] == src, "the image shown is not the frame Python rendered for this state"
    assert state["readouts"] == readouts
    assert state["alt"] == alt
    assert state["complete"], "the frame image did not decode"


def reveal(page, root):
    """Open the collapsed dropdown (e.g. an exercise's solution) that holds an explorer."""
    if not root.is_visible():
        root.evaluate(
            """r => {
                const d = r.closest('.dropdown');
                const opener = d && d.querySelector('button.toggle-button, .admonition-title');
                if (opener) opener.click();
            }"""
        )
        page.wait_for_timeout(400)
    assert root.is_visible(), "the explorer stays hidden even after opening its dropdown"


def drive_explorer_by_keyboard(page, root):
    """Move every control with the keyboard; after each key the page must show Python's state."""
    reveal(page, root)
    state = root.evaluate(READ_EXPLORER)
    assert_shows_python_state(state)
    moves = 0
    for i, control in enumerate(state["data"]["controls"]):
        handle = root.query_selector(f'[data-control="{control["name"]}"]')
        n = len(control["labels"])
        if n < 2:
            continue
        handle.focus()
        start = state["positions"][i]
        key, back = ("ArrowRight", "ArrowLeft") if start < n - 1 else ("ArrowLeft", "ArrowRight")
        if handle.evaluate("el => el.tagName") == "SELECT":
            key, back = ("ArrowDown", "ArrowUp") if start < n - 1 else ("ArrowUp", "ArrowDown")
        before = state
        page.keyboard.press(key)
        state = root.evaluate(READ_EXPLORER)
        assert state["positions"][i] == start + (1 if key in ("ArrowRight", "ArrowDown") else -1)
        assert_shows_python_state(state)
        if handle.evaluate("el => el.type") == "range":
            value_text = state["shown"][
                sum(
                    1
                    for c in state["data"]["controls"][:i]
                    if root.query_selector(f'[data-control="{c["name"]}"]').evaluate("e => e.type")
                    == "range"
                )
            ]
            assert value_text == control["labels"][state["positions"][i]]
            valuetext = handle.get_attribute("aria-valuetext")
            assert valuetext.endswith("= " + control["labels"][state["positions"][i]])
        frames_differ = expected_state(before["data"], before["positions"])[0] != state["src"]
        readouts_differ = before["readouts"] != state["readouts"]
        assert frames_differ or readouts_differ, (
            f"moving `{control['name']}` changed neither the figure nor the readouts"
        )
        moves += 1
        page.keyboard.press(back)
        state = root.evaluate(READ_EXPLORER)
        assert state["positions"][i] == start
        assert_shows_python_state(state)
    return moves


@pytest.mark.parametrize("page_path", PAGES)
def test_every_explorer_follows_the_keyboard_offline(open_page, page_path):
    page, watch = open_page(f"{page_path}.html")
    roots = page.query_selector_all("[data-m2c-explorer]")
    for root in roots:
        assert root.get_attribute("data-m2c-ready") is not None, "explorer script did not run"
        drive_explorer_by_keyboard(page, root)
    assert watch.outside_requests == []
    assert watch.console_errors == [] and watch.page_errors == []


@pytest.mark.parametrize("page_path", PAGES)
def test_equations_render_without_the_network(open_page, page_path):
    page, watch = open_page(f"{page_path}.html")
    page.wait_for_function(
        "() => !document.querySelector('.math') || document.querySelector('mjx-container')",
        timeout=20_000,
    )
    raw = page.evaluate(
        """() => Array.from(document.querySelectorAll('.math'))
                .filter(el => !el.querySelector('mjx-container')).length"""
    )
    assert raw == 0, f"{raw} equations were left as raw TeX"
    assert watch.outside_requests == []
    assert watch.console_errors == [] and watch.page_errors == []


def test_landing_page_has_a_working_explorer(open_page):
    page, _ = open_page(f"{PAGES[0]}.html")
    assert page.query_selector_all("[data-m2c-explorer]"), "the landing page shows no explorer"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_landing_page(open_page, artifacts, scheme):
    page, watch = open_page(f"{PAGES[0]}.html", color_scheme=scheme)
    page.evaluate(f"() => document.documentElement.dataset.theme = '{scheme}'")
    theme = page.evaluate("() => document.documentElement.dataset.theme")
    assert theme == scheme
    page.screenshot(path=str(artifacts / f"landing-{scheme}.png"), full_page=True)
    text_colour = page.evaluate(
        "() => getComputedStyle(document.querySelector('.m2c-readout dt') || document.body).color"
    )
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert text_colour != background
    assert json.dumps(watch.outside_requests) == "[]"
