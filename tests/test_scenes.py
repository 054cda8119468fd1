"""Each explorer's scene: readouts are the numbers the chapters claim; figures are readable."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from mlp2conv import counting, images, layers, learning, scenes


@pytest.fixture
def fig():
    return Figure(figsize=(7.5, 2.8), dpi=60)


def assert_readable(fig):
    """Every image axes has labelled axes; every colour bar has a label."""
    image_axes = [ax for ax in fig.axes if ax.images]
    assert image_axes, "the scene drew no image"
    for ax in image_axes:
        if ax.get_label() == "<colorbar>":
            assert ax.get_ylabel() or ax.get_xlabel(), "a colour bar has no label"
        else:
            assert ax.get_xlabel() and ax.get_ylabel(), f"axes {ax.get_title()!r} lack labels"
            assert ax.get_title()


def test_locality_scene_reports_the_window_average_and_exact_counts(fig):
    x = images.photo(20)
    out = scenes.locality_scene(fig, x=x, delta=2, pixel=(7, 9))
    window = x[5:10, 7:12]
    assert float(out["h[i,j]"]) == pytest.approx(window.mean())
    assert out["parameters (local)"] == counting.local_params(2) == 26
    assert out["parameters (dense)"] == counting.dense_params(20, 20)
    assert out["window"] == "5 × 5"
    assert "(7, 9)" in out["alt"]
    assert_readable(fig)


def test_locality_scene_with_delta_zero_is_the_identity(fig):
    x = images.photo(12)
    out = scenes.locality_scene(fig, x=x, delta=0, pixel=(3, 4))
    assert out["h[i,j]"] == pytest.approx(x[3, 4])
    assert out["parameters (local)"] == 2


def test_invariance_scene_shared_layer_commutes_with_the_shift_and_dense_does_not(fig):
    rng = np.random.default_rng(0)
    x = np.zeros((12, 12))
    x[4:8, 4:8] = rng.random((4, 4))
    dense = rng.normal(size=(12, 12, 12, 12))
    v = np.zeros((23, 23))
    v[10:13, 10:13] = rng.normal(size=(3, 3))
    shared = scenes.invariance_scene(
        fig, x=x, layer="shared", dense_weights=dense, shared_v=v, shift_by=(2, -1)
    )
    assert shared["largest |difference|"] < 1e-12
    assert shared["outputs"] == "the same up to rounding"
    fig.clear()
    moved = scenes.invariance_scene(
        fig, x=x, layer="dense", dense_weights=dense, shared_v=v, shift_by=(2, -1)
    )
    assert moved["largest |difference|"] > 0.1
    assert moved["outputs"] == "different"
    assert_readable(fig)


def test_dense_scene_reads_h_from_the_dense_layer(fig):
    x = images.photo(8)
    w = np.random.default_rng(1).normal(size=(8, 8, 8, 8))
    out = scenes.dense_scene(fig, x=x, weights=w, pixel=(2, 5))
    assert out["h[i,j]"] == pytest.approx(float(np.sum(w[2, 5] * x)))
    assert out["weights reaching h[i,j]"] == 64
    assert out["weights in the layer"] == 64**2
    assert_readable(fig)


@pytest.mark.parametrize("delta", [0, 1, 2])
def test_banded_matrix_scene_counts_the_band(fig, delta):
    out = scenes.banded_matrix_scene(fig, shape=(6, 6), delta=delta)
    side = 2 * delta + 1
    kernel = np.ones((side, side))
    weights, _ = layers.dense_from_local(kernel, (6, 6))
    assert out["non-zero entries in W"] == np.count_nonzero(weights)
    assert out["non-zero weights per row (interior)"] == side * side
    assert out["distinct weights"] == side * side
    assert_readable(fig)


def test_flip_scene_agrees_for_symmetric_kernels_only(fig):
    x = images.photo(16)
    blur = np.full((3, 3), 1 / 9)
    out = scenes.flip_scene(fig, x=x, kernel=blur, operation="convolution", name="blur")
    assert out["kernel equals its flip"] is True
    assert out["largest difference between the two"] == 0
    fig.clear()
    sobel = np.array([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    out = scenes.flip_scene(fig, x=x, kernel=sobel, operation="convolution", name="Sobel")
    assert out["kernel equals its flip"] is False
    assert out["largest difference between the two"] > 0.1
    assert_readable(fig)


def _rgb(size=12):
    rng = np.random.default_rng(3)
    base = rng.random((size, size))
    return np.stack([base, 0.8 * base, 1.0 - base])  # three channels in [0, 1]


@pytest.mark.parametrize(("c_in", "c_out", "delta"), [(3, 2, 1), (1, 1, 0), (2, 5, 2), (3, 4, 1)])
def test_channels_scene_counts_the_layer_and_draws_its_channels(fig, c_in, c_out, delta):
    x = _rgb()
    out = scenes.channels_scene(fig, x=x, in_channels=c_in, out_channels=c_out, delta=delta)
    assert out["input channels"] == c_in and out["output channels"] == c_out
    assert out["parameters (local)"] == counting.local_params(delta, c_in, c_out)
    dense = counting.dense_params(12, 12, in_channels=c_in, out_channels=c_out)
    assert out["parameters (dense)"] == dense
    assert out["dense / local"] == f"{dense / out['parameters (local)']:,.0f} ×"
    panels = [ax for ax in fig.axes if ax.images and ax.get_label() != "<colorbar>"]
    assert len(panels) == min(c_in, 3) + min(c_out, 2) <= 5
    # the panels show the input channels and the output of the documented seeded layer
    side = 2 * delta + 1
    rng = np.random.default_rng(0)
    kernel = rng.standard_normal((c_out, c_in, side, side)) / np.sqrt(c_in * side * side)
    h = layers.local_layer(x[:c_in], kernel)
    for c in range(min(c_in, 3)):
        np.testing.assert_array_equal(panels[c].images[0].get_array(), x[c])
    for d in range(min(c_out, 2)):
        np.testing.assert_allclose(panels[min(c_in, 3) + d].images[0].get_array(), h[d])
    assert f"{out['parameters (local)']:,} parameters" in out["alt"]
    assert_readable(fig)


def test_channels_scene_names_rgb_channels_and_reads_all_channels_by_default(fig):
    out = scenes.channels_scene(fig, x=_rgb(), out_channels=2, delta=1)
    assert out["input channels"] == 3
    titles = [ax.get_title() for ax in fig.axes]
    assert {"input x[0]: red", "input x[1]: green", "input x[2]: blue"} <= set(titles)
    assert "(red, green, blue)" in out["alt"]
    fig.clear()
    out = scenes.channels_scene(fig, x=np.ones((2, 5, 5)), out_channels=1, delta=0)
    assert "input x[1]: channel 1" in [ax.get_title() for ax in fig.axes]


@pytest.mark.parametrize(
    ("shape", "delta", "n_layers", "pixel"),
    [((24, 24), 1, 4, (12, 12)), ((20, 17), 2, 2, (9, 8)), ((24, 24), 2, 3, (2, 20))],
)
def test_stacking_scene_reports_the_propagated_mask_and_the_formula(
    fig, shape, delta, n_layers, pixel
):
    out = scenes.stacking_scene(fig, shape=shape, delta=delta, layers=n_layers, pixel=pixel)
    mask = layers.receptive_field_mask(shape, delta, n_layers, pixel=pixel)
    rows, cols = np.nonzero(mask)
    measured = f"{rows.max() - rows.min() + 1} × {cols.max() - cols.min() + 1}"
    side = counting.receptive_field(delta, n_layers)
    assert out["side by propagation"] == measured
    assert out["side by formula"] == f"{side} × {side}"
    assert out["input pixels reached"] == int(mask.sum())
    assert out["clipped by the border"] == (measured != f"{side} × {side}")
    ax_mask, ax_paths = (ax for ax in fig.axes if ax.images and ax.get_label() != "<colorbar>")
    np.testing.assert_array_equal(ax_mask.images[0].get_array(), mask.astype(float))
    window = ax_mask.patches[0]
    top, left = max(pixel[0] - side // 2, 0), max(pixel[1] - side // 2, 0)
    assert window.get_xy() == (left - 0.5, top - 0.5)
    paths = ax_paths.images[0].get_array()
    assert ((paths > 0) == mask).all()
    assert paths.max() == paths[pixel]
    assert_readable(fig)


def test_stacking_scene_in_the_interior_reaches_the_whole_square(fig):
    out = scenes.stacking_scene(fig, shape=(16, 16), delta=1, layers=3, pixel=(8, 8))
    assert out["side by propagation"] == out["side by formula"] == "7 × 7"
    assert out["input pixels reached"] == 49
    assert out["clipped by the border"] is False
    assert "(8, 8)" in out["alt"] and "3 stacked layers" in out["alt"]


def test_learning_curve_scene_draws_both_models_on_a_log_scale_with_the_target(fig):
    task = learning.make_task(8, delta=1, seed=0)
    curve = learning.learning_curve(task, [1, 5, 20, 65, 100], n_test=40)
    out = scenes.learning_curve_scene(fig, curve=curve, target=0.05, unknowns=65)
    reach = learning.samples_to_reach(curve, 0.05)
    assert out["images to reach target (dense)"] == reach["dense"]
    assert out["images to reach target (local)"] == reach["local"] == 1
    assert out["error after 100 images (dense)"] == curve["dense"][-1]
    assert out["error after 100 images (local)"] == curve["local"][-1]
    (ax,) = fig.axes
    assert ax.get_yscale() == "log" and ax.get_xscale() == "log"
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["dense layer", "local layer", "target 0.05", "n = 65"]
    dense_line, local_line = ax.lines[:2]
    np.testing.assert_array_equal(dense_line.get_xdata(), curve["n"])
    np.testing.assert_allclose(dense_line.get_ydata(), np.maximum(curve["dense"], 1e-16))
    np.testing.assert_allclose(local_line.get_ydata(), np.maximum(curve["local"], 1e-16))
    assert ax.lines[2].get_ydata()[0] == 0.05
    assert "with 1 image," in out["alt"]


def test_learning_curve_scene_says_when_a_model_never_reaches_the_target(fig):
    curve = learning.learning_curve(learning.position_task(6), [5, 40], n_test=20)
    out = scenes.learning_curve_scene(fig, curve=curve, target=0.05, xscale="linear")
    assert out["images to reach target (local)"] == "not reached"
    assert out["images to reach target (dense)"] == 40
    assert "the local layer never reaches it" in out["alt"]
    assert fig.axes[0].get_xscale() == "linear"


_CURVE = {"n": [1, 2], "dense": [0.5, 0.1], "local": [0.1, 0.0]}


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda f: scenes.channels_scene(f, x=np.ones((4, 4)), out_channels=1, delta=1),
            ValueError,
            r"`x` must be 3-D, got 2-D",
        ),
        (
            lambda f: scenes.channels_scene(f, x=np.ones((0, 4, 4)), out_channels=1, delta=1),
            ValueError,
            r"`x` must not be empty, shape \(C, H, W\), got shape \(0, 4, 4\)",
        ),
        (
            lambda f: scenes.channels_scene(
                f, x=np.ones((3, 4, 4)), in_channels=4, out_channels=1, delta=1
            ),
            ValueError,
            r"`in_channels` must be at most the 3 channel\(s\) of `x` \(shape \(3, 4, 4\)\), got 4",
        ),
        (
            lambda f: scenes.channels_scene(f, x=np.ones((3, 4, 4)), out_channels=0, delta=1),
            ValueError,
            "`out_channels` must be >= 1, got 0",
        ),
        (
            lambda f: scenes.channels_scene(f, x=np.ones((3, 4, 4)), out_channels=1, delta=-1),
            ValueError,
            "`delta` must be >= 0, got -1",
        ),
        (
            lambda f: scenes.stacking_scene(f, shape=(8, 8), delta=1, layers=0, pixel=(0, 0)),
            ValueError,
            "`layers` must be >= 1, got 0",
        ),
        (
            lambda f: scenes.stacking_scene(f, shape=(8, 8), delta=1, layers=2, pixel=(8, 0)),
            ValueError,
            r"`pixel\[0\]` must be between 0 and 7, got 8",
        ),
        (
            lambda f: scenes.stacking_scene(f, shape=8, delta=1, layers=2, pixel=(0, 0)),
            TypeError,
            r"`shape` must be a pair \(height, width\) of integers",
        ),
        (
            lambda f: scenes.learning_curve_scene(f, curve=_CURVE, target=0.0),
            ValueError,
            r"`target` must be > 0 to be drawn on a log scale, got 0.0",
        ),
        (
            lambda f: scenes.learning_curve_scene(f, curve=[0.1], target=0.05),
            TypeError,
            r"`curve` must be a dict with keys 'n', 'dense' and 'local'",
        ),
        (
            lambda f: scenes.learning_curve_scene(f, curve=_CURVE, target=0.05, unknowns=0),
            ValueError,
            "`unknowns` must be >= 1, got 0",
        ),
        (
            lambda f: scenes.learning_curve_scene(f, curve=_CURVE, target=0.05, xscale="symlog"),
            ValueError,
            "`xscale` must be one of 'log', 'linear', got 'symlog'",
        ),
        (
            lambda f: scenes.locality_scene(f, x=np.ones((4, 4)), delta=-1, pixel=(0, 0)),
            ValueError,
            "`delta` must be >= 0, got -1",
        ),
        (
            lambda f: scenes.locality_scene(f, x=np.ones((4, 4)), delta=1, pixel=(9, 0)),
            ValueError,
            r"`pixel\[0\]` must be between 0 and 3, got 9",
        ),
        (
            lambda f: scenes.locality_scene(f, x=np.ones((4, 4)), delta=1, pixel=3),
            TypeError,
            r"`pixel` must be a \(row, col\) pair",
        ),
        (
            lambda f: scenes.invariance_scene(
                f,
                x=np.ones((4, 4)),
                layer="conv",
                dense_weights=None,
                shared_v=None,
                shift_by=(0, 0),
            ),
            ValueError,
            "`layer` must be one of 'dense', 'shared', got 'conv'",
        ),
        (
            lambda f: scenes.flip_scene(
                f, x=np.ones((4, 4)), kernel=np.ones((3, 3)), operation="flip"
            ),
            ValueError,
            "`operation` must be one of 'cross-correlation', 'convolution', got 'flip'",
        ),
    ],
)
def test_scenes_refuse_bad_arguments_by_name(fig, call, error, message):
    with pytest.raises(error, match=message):
        call(fig)


# ------------------------------------------------------------------ live redraws in place


def _in_place_cases():
    from functools import partial

    rng = np.random.default_rng(1)
    x8 = images.photo(8)
    margin = np.zeros((10, 10))
    margin[3:7, 3:7] = rng.random((4, 4))
    curve = {"n": [1, 10, 100], "dense": [0.9, 0.5, 0.01], "local": [1e-3, 1e-5, 0.0]}
    return {
        "dense": (
            partial(scenes.dense_scene, x=x8, weights=rng.normal(size=(8, 8, 8, 8))),
            {"pixel": [(0, 0), (3, 4), (7, 7)]},
        ),
        "invariance": (
            partial(
                scenes.invariance_scene,
                x=margin,
                dense_weights=rng.normal(size=(10, 10, 10, 10)),
                shared_v=rng.normal(size=(19, 19)),
            ),
            {"layer": ["dense", "shared"], "shift_by": [(0, 0), (2, -1), (-3, 3)]},
        ),
        "locality": (
            partial(scenes.locality_scene, x=images.photo(12)),
            {"delta": [0, 1, 3, 5], "pixel": [(5, 6), (0, 0), (11, 2)]},
        ),
        "banded_matrix": (
            partial(scenes.banded_matrix_scene, shape=(5, 5)),
            {"delta": [0, 1, 2]},
        ),
        "flip": (
            partial(scenes.flip_scene, x=x8, kernel=np.arange(9.0).reshape(3, 3) - 4),
            {"operation": ["cross-correlation", "convolution"]},
        ),
        "channels": (
            partial(scenes.channels_scene, x=images.photo_rgb(10)),
            {"out_channels": [1, 2, 4], "delta": [0, 1], "in_channels": [1, 2, 3]},
            # a new grid when the number of columns changes
            lambda v: max(v["in_channels"], min(v["out_channels"], 2)),
        ),
        "stacking": (
            partial(scenes.stacking_scene, shape=(15, 15), pixel=(7, 7)),
            {"delta": [0, 1, 3], "layers": [1, 2, 4]},
        ),
        "learning_curve": (
            partial(scenes.learning_curve_scene, curve=curve),
            {"target": [0.1, 1e-4], "xscale": ["log", "linear"]},
        ),
    }


@pytest.mark.parametrize("name", sorted(_in_place_cases()))
def test_a_live_redraw_in_place_shows_what_a_fresh_drawing_shows(name):
    """The live widget keeps a scene's Axes between states; the pixels must not care."""
    from mlp2conv.widgets import explore

    scene, controls, *grid = _in_place_cases()[name]
    grid_of = grid[0] if grid else lambda values: None
    explorer = explore(scene, figsize=(6, 3), dpi=50, **controls)
    states = list(explorer.states())
    rng = np.random.default_rng(7)
    walk = [states[k] for k in rng.integers(len(states), size=10)] + states
    previous = explorer.default_values()
    explorer.render(compact=False, **previous)
    fig = explorer._fig()
    for values in walk:
        kept = list(fig.axes)
        in_place = explorer.render(compact=False, reuse_layout=True, **values)
        same_grid = grid_of(values) == grid_of(previous)
        assert (kept == fig.axes) == same_grid, f"{name}: {previous} -> {values}"
        fig.clear()  # nothing left to reuse: the next render draws on new Axes
        fresh = explorer.render(compact=False, reuse_layout=True, **values)
        assert in_place.png == fresh.png, f"{name}: {values} differs when redrawn in place"
        assert in_place.readouts == fresh.readouts
        assert in_place.alt == fresh.alt
        previous = values
