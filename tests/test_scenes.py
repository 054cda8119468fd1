"""Each explorer's scene: readouts are the numbers the chapters claim; figures are readable."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from mlp2conv import counting, images, layers, scenes


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


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
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
