"""The explorer engine: live widget, static HTML, limits."""

from __future__ import annotations

import base64
import io
import json
import re

import numpy as np
import pytest

from mlp2conv.widgets import Control, Explorer, explore, format_readout


class RecordingDraw:
    """A draw function that records what it was called with."""

    def __init__(self):
        self.calls = []

    def __call__(self, fig, n, mode="up"):
        self.calls.append({"n": n, "mode": mode})
        ax = fig.subplots()
        y = np.arange(n) if mode == "up" else -np.arange(n)
        ax.plot(y)
        ax.set_xlabel("index")
        ax.set_ylabel("value")
        return {"points": n, "sum": float(y.sum()), "alt": f"a line of {n} points going {mode}"}


def static_payload(html: str) -> dict:
    match = re.search(
        r'<script type="application/json" class="m2c-data">(.*?)</script>', html, re.S
    )
    assert match, "the static HTML carries no data block"
    return json.loads(match.group(1).replace("<\\/", "</"))


def static_crop(ex):
    return tuple(ex.static_data()["crop"])


def test_live_widget_redraws_with_new_values_when_a_control_moves():
    draw = RecordingDraw()
    view = explore(draw, n=range(2, 6), mode=["up", "down"]).widget()
    assert draw.calls[-1] == {"n": 2, "mode": "up"}
    first_png = view.children[1].value

    view.controls["n"].value = 4
    assert draw.calls[-1] == {"n": 4, "mode": "up"}
    assert view.last_frame.readouts == {"points": "4", "sum": "6"}
    assert view.children[1].value != first_png
    assert 'data-readout="points">4<' in view.children[2].value

    view.controls["mode"].value = 1  # the drop-down holds option indices
    assert draw.calls[-1] == {"n": 4, "mode": "down"}
    assert view.last_frame.readouts["sum"] == "-6"
    assert view.children[1].description == "a line of 4 points going down"


def test_live_widget_uses_a_selection_slider_for_uneven_numeric_options():
    import ipywidgets

    draw = RecordingDraw()
    view = explore(draw, n=[2, 3, 7]).widget()
    slider = view.controls["n"]
    assert isinstance(slider, ipywidgets.SelectionSlider)
    slider.value = 7
    assert draw.calls[-1]["n"] == 7


def test_static_html_holds_every_state_computed_by_python():
    draw = RecordingDraw()
    ex = explore(draw, n=range(2, 5), mode=["up", "down"], title="Lines")
    payload = static_payload(ex.to_html())
    assert len(payload["states"]) == ex.n_states == 6
    assert payload["readouts"] == ["points", "sum"]
    crop = static_crop(ex)
    for values, (frame_index, readouts, alt) in zip(ex.states(), payload["states"], strict=True):
        frame = ex.render(crop=crop, **values)
        assert base64.b64decode(payload["frames"][frame_index]) == frame.png
        assert readouts == list(frame.readouts.values())
        assert alt == frame.alt


def test_static_html_has_labelled_keyboard_controls_and_a_live_readout_region():
    ex = explore(
        RecordingDraw(),
        n=Control("n", range(2, 5), label="points", default=3),
        mode=["up", "down"],
        title="Lines",
    )
    html = ex.to_html()
    assert re.search(
        r'<label for="(m2c-\w+)-n">points</label>\s*<input type="range" id="\1-n"', html
    )
    assert 'min="0" max="2" step="1" value="1"' in html
    assert 'aria-valuetext="points = 3"' in html
    assert re.search(r'<output for="m2c-\w+-n" class="m2c-value">3</output>', html)
    assert '<option value="0" selected>up</option>' in html
    assert 'aria-live="polite"' in html
    assert 'alt="a line of 3 points going up"' in html


def test_static_html_loads_nothing_from_outside():
    html = explore(RecordingDraw(), n=range(2, 4)).to_html()
    assert "<script src" not in html
    assert "http://" not in html and "https://" not in html
    assert "require(" not in html


def test_identical_frames_are_stored_once():
    def draw(fig, n, unused):
        fig.subplots().plot(range(n))
        return {"n": n}

    payload = static_payload(explore(draw, n=range(2, 4), unused=["a", "b", "c"]).to_html())
    assert len(payload["states"]) == 6
    assert len(payload["frames"]) == 2


def test_too_many_states_are_refused_with_the_count_and_the_limit():
    with pytest.raises(ValueError, match=r"30 \(n\) x 20 \(m\) = 600 states.*`max_states` = 400"):
        explore(RecordingDraw(), n=range(30), m=range(20))


def test_too_many_bytes_are_refused_while_rendering():
    ex = explore(RecordingDraw(), n=range(2, 12), max_bytes=20_000)
    with pytest.raises(
        ValueError,
        match=r"frames already take .* of 10 distinct frames \(10 states\).*`max_bytes` = 20.0 kB",
    ):
        ex.to_html()


def test_draw_must_return_readouts():
    ex = explore(lambda fig, n: None, n=[1, 2])
    with pytest.raises(TypeError, match="must return a dict of readouts, got NoneType"):
        ex.render(n=1)


def test_draw_must_return_the_same_readouts_for_every_state():
    ex = explore(lambda fig, n: {"a": 1} if n == 1 else {"b": 2}, n=[1, 2])
    with pytest.raises(ValueError, match="same readouts for every state"):
        ex.to_html()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({}, ValueError, "at least one control"),
        ({"n": []}, ValueError, "control `n` needs at least one option"),
        ({"n": 3}, TypeError, "control `n` needs a sequence of options"),
        ({"n": "abc"}, TypeError, "control `n` needs a sequence of options"),
        ({"n": [1, 1]}, ValueError, "control `n` has repeated options"),
        ({"n": [1], "dpi": 5}, ValueError, "`dpi` must be between 20 and 300, got 5"),
        ({"n": [1], "figsize": (0, 2)}, ValueError, "`figsize` must be two numbers"),
    ],
)
def test_bad_explorer_arguments_are_refused_by_name(kwargs, error, message):
    with pytest.raises(error, match=message):
        explore(RecordingDraw(), **kwargs)


def test_render_refuses_a_value_that_is_not_an_option():
    ex = explore(RecordingDraw(), n=range(2, 4))
    with pytest.raises(ValueError, match=r"`n` must be one of \[2, 3\], got 9"):
        ex.render(n=9)


def test_default_must_be_an_option():
    with pytest.raises(ValueError, match=r"`default` of control `n` must be one of its options"):
        Control("n", [1, 2], default=5)


def test_draw_must_be_callable():
    with pytest.raises(TypeError, match="`draw` must be callable, got int"):
        Explorer(3, [Control("n", [1])])


def test_mimebundle_carries_both_the_live_widget_and_the_static_html():
    bundle = explore(RecordingDraw(), n=range(2, 4))._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith('<div class="m2c-explorer"')


def test_readouts_are_formatted_for_reading():
    assert format_readout(10**12) == "1,000,000,000,000"
    assert format_readout(-0.0) == "0"
    assert format_readout(np.int64(7)) == "7"
    assert format_readout(True) == "yes"


def test_reusing_the_layout_draws_the_same_frame_as_a_full_layout():
    from functools import partial

    from mlp2conv import images, scenes

    ex = explore(partial(scenes.locality_scene, x=images.photo(12), pixel=(5, 6)), delta=range(3))
    full = ex.render(compact=False, delta=2)
    ex.render(compact=False, delta=1)
    reused = ex.render(compact=False, reuse_layout=True, delta=2)
    assert reused.png == full.png
    assert reused.readouts == full.readouts


def test_static_frames_are_cropped_to_one_box_around_everything_drawn():
    def draw(fig, n):
        fig.set_layout_engine("none")
        ax = fig.add_axes((0.4, 0.4, 0.2, 0.2))  # small axes in the middle of a big figure
        ax.plot(range(n))
        return {"n": n}

    ex = explore(draw, n=range(2, 5), figsize=(6, 4), dpi=50)
    data = ex.static_data()
    top, left, bottom, right = data["crop"]
    assert data["size"] == [right - left, bottom - top]
    assert right - left < 300 * 0.6 and bottom - top < 200 * 0.6  # the white margins are gone
    from PIL import Image

    sizes = {Image.open(io.BytesIO(base64.b64decode(f))).size for f in data["frames"]}
    assert sizes == {tuple(data["size"])}, "every frame must have the same size"
    assert f'width="{data["size"][0]}" height="{data["size"][1]}"' in ex.to_html()


def test_the_same_explorer_renders_the_same_html_twice():
    from functools import partial

    from mlp2conv import images, scenes

    def build():
        scene = partial(scenes.locality_scene, x=images.photo(12), pixel=(5, 6))
        return explore(scene, delta=range(3), title="determinism").to_html()

    assert build() == build()


def test_a_live_redraw_reuses_the_axes_of_a_grid_and_nothing_else():
    from mlp2conv import plotting

    def on_a_grid(fig, n):
        left, right = plotting.subplots(fig, 1, 2)
        left.plot(range(n))
        plotting.add_colorbar(right, plotting.draw_signed(right, [[n, -1.0]]), "value")
        return {"n": n}

    def with_a_suptitle(fig, n):
        fig.suptitle(f"{n} points")  # a figure-level artist: the figure must be cleared
        return on_a_grid(fig, n)

    for draw, kept in ((on_a_grid, True), (with_a_suptitle, False), (RecordingDraw(), False)):
        ex = explore(draw, n=range(2, 5))
        ex.render(n=2)
        fig = ex._fig()
        before = list(fig.axes)
        live = ex.render(compact=False, reuse_layout=True, n=4)
        assert (fig.axes == before) is kept, draw
        assert len(fig.axes) == len(before), f"{draw}: axes piled up on a live redraw"
        fig.clear()
        assert ex.render(compact=False, reuse_layout=True, n=4).png == live.png


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"nrows": 0}, ValueError, "`nrows`"),
        ({"ncols": 2.5}, TypeError, "`ncols`"),
        ({"gridspec_kw": [1, 2]}, TypeError, "`gridspec_kw`"),
    ],
)
def test_subplots_refuses_a_bad_grid_by_name(kwargs, error, message):
    from matplotlib.figure import Figure

    from mlp2conv.plotting import subplots

    with pytest.raises(error, match=message):
        subplots(Figure(), **kwargs)
