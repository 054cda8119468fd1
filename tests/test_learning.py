"""Tests for mlp2conv.learning: what the convolution buys, and what it cannot do.

The local student recovers a local teacher exactly from a handful of images; the dense
student fits its training set exactly and still needs about HW + 1 images to learn the
teacher; a teacher that depends on absolute position is out of any local layer's reach.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlp2conv import layers, learning

FAST = settings(deadline=None, max_examples=40)


def _dense_predict(weights, bias):
    return lambda x: layers.dense_layer(x, weights, bias)


def _local_predict(kernel, bias):
    return lambda x: layers.local_layer(x, kernel, bias)


# ------------------------------------------------------------------------------ tasks


def test_make_task_is_a_seeded_local_layer_written_as_a_dense_layer():
    task = learning.make_task(7, delta=2, seed=3)
    assert task.kernel.shape == (5, 5) and task.shape == (7, 7)
    assert task.delta == 2 and task.noise == 0.01 and task.inputs == "noise"
    v, b = layers.shared_from_dense(task.weights, task.bias)
    np.testing.assert_array_equal(layers.local_from_shared(v, 2), task.kernel)
    assert b == task.kernel_bias
    again = learning.make_task(7, delta=2, seed=3)
    np.testing.assert_array_equal(again.kernel, task.kernel)
    assert not np.array_equal(learning.make_task(7, delta=2, seed=4).kernel, task.kernel)
    with pytest.raises(ValueError, match="read-only"):
        task.kernel[0, 0] = 1.0


def test_make_task_accepts_a_rectangular_size():
    task = learning.make_task((4, 9), delta=1)
    assert task.shape == (4, 9) and task.weights.shape == (4, 9, 4, 9)


@pytest.mark.parametrize("inputs", learning.INPUTS)
def test_task_targets_are_the_teacher_local_layer_and_samples_add_the_label_noise(inputs):
    task = learning.make_task(9, delta=1, seed=1, noise=0.2, inputs=inputs)
    xs, hs = task.sample(5, seed=2)
    expected = np.stack([layers.local_layer(x, task.kernel, task.kernel_bias) for x in xs])
    np.testing.assert_allclose(task.targets(xs), expected, atol=1e-12)
    residual = hs - expected
    assert 0.15 < residual.std() < 0.25
    clean_xs, clean_hs = task.sample(5, seed=2, noise=0.0)
    np.testing.assert_array_equal(clean_xs, xs)
    np.testing.assert_allclose(clean_hs, expected, atol=1e-12)
    again = task.sample(5, seed=2)
    np.testing.assert_array_equal(again[1], hs)


def test_noise_and_smooth_inputs_have_the_same_mean_and_variance_but_only_smooth_is_smooth():
    def neighbour_correlation(xs):
        return np.corrcoef(xs[:, :, :-1].ravel(), xs[:, :, 1:].ravel())[0, 1]

    for inputs, low, high in (("noise", -0.05, 0.05), ("smooth", 0.7, 0.95)):
        xs = learning.make_task(16, inputs=inputs).images(400, seed=0)
        assert abs(xs.mean() - 0.5) < 0.01
        assert abs(xs.var() * 12 - 1.0) < 0.05
        assert low < neighbour_correlation(xs) < high


# ------------------------------------------------------------------------ the students


@FAST
@given(
    size=st.integers(3, 9),
    delta=st.integers(0, 2),
    seed=st.integers(0, 2**16),
    inputs=st.sampled_from(learning.INPUTS),
)
def test_local_fit_recovers_the_teacher_kernel_exactly_from_a_handful_of_images(
    size, delta, seed, inputs
):
    delta = min(delta, size - 1)  # every offset must meet a pixel to be determined
    task = learning.make_task(size, delta, seed=seed, noise=0.0, inputs=inputs)
    unknowns = (2 * delta + 1) ** 2 + 1
    n = max(2, -(-2 * unknowns // size**2))  # a handful: twice as many equations as unknowns
    xs, hs = task.sample(n, seed=seed + 1)
    kernel, bias = learning.fit_local(xs, hs, delta)
    np.testing.assert_allclose(kernel, task.kernel, rtol=0, atol=1e-8)
    assert abs(bias - task.kernel_bias) < 1e-8


def test_local_fit_from_a_single_image_suffices_on_12_by_12():
    task = learning.make_task(12, delta=2, seed=0, noise=0.0)
    kernel, _ = learning.fit_local(*task.sample(1, seed=9), 2)
    np.testing.assert_allclose(kernel, task.kernel, rtol=0, atol=1e-10)


def test_local_fit_with_a_window_larger_than_the_image_gives_zero_to_offsets_it_never_sees():
    task = learning.make_task(3, delta=1, seed=5, noise=0.0)
    xs, hs = task.sample(4, seed=6)
    kernel, _ = learning.fit_local(xs, hs, 4)  # 9 x 9 window on a 3 x 3 image
    assert kernel.shape == (9, 9)
    outside = np.ones((9, 9), dtype=bool)
    outside[2:7, 2:7] = False  # offsets -2 .. 2 meet a pixel
    assert not kernel[outside].any()
    np.testing.assert_allclose(kernel[3:6, 3:6], task.kernel, atol=1e-10)
    np.testing.assert_allclose(kernel[2:7, 2:7].sum(), task.kernel.sum(), atol=1e-10)


@pytest.mark.parametrize("noise", [0.0, 0.05])
def test_dense_fit_interpolates_its_training_set(noise):
    task = learning.make_task(6, delta=1, seed=2, noise=noise)
    xs, hs = task.sample(20, seed=3)  # 20 images, 37 unknowns per output pixel
    weights, bias = learning.fit_dense(xs, hs)
    fitted = np.stack([layers.dense_layer(x, weights, bias) for x in xs])
    np.testing.assert_allclose(fitted, hs, rtol=0, atol=1e-10)
    assert learning.relative_error(_dense_predict(weights, bias), xs, hs) < 1e-20
    assert not layers.is_translation_invariant(weights, atol=1e-6)


def test_dense_fit_recovers_the_teacher_once_it_has_as_many_images_as_unknowns():
    task = learning.make_task(5, delta=1, seed=4, noise=0.0)
    xs, hs = task.sample(26, seed=5)  # 25 weights and a bias per output pixel
    weights, bias = learning.fit_dense(xs, hs)
    np.testing.assert_allclose(weights, task.weights, atol=1e-9)
    np.testing.assert_allclose(bias, task.bias, atol=1e-9)
    fewer = learning.fit_dense(xs[:25], hs[:25])[0]
    assert np.abs(fewer - task.weights).max() > 1e-3


def test_dense_fit_is_the_minimum_norm_solution_that_gradient_descent_from_zero_reaches():
    task = learning.make_task(3, delta=1, seed=7, noise=0.1)
    xs, hs = task.sample(4, seed=8)  # 4 equations, 10 unknowns per output pixel
    weights, bias = learning.fit_dense(xs, hs)
    design = np.hstack([xs.reshape(4, 9), np.ones((4, 1))])
    targets = hs.reshape(4, 9)
    pinv = np.linalg.pinv(design) @ targets
    np.testing.assert_allclose(weights.reshape(9, 9), pinv[:9].T, atol=1e-10)
    np.testing.assert_allclose(bias.ravel(), pinv[9], atol=1e-10)
    theta = np.zeros((10, 9))
    step = 1.0 / np.linalg.norm(design, 2) ** 2
    for _ in range(20000):
        theta -= step * design.T @ (design @ theta - targets)
    np.testing.assert_allclose(theta, pinv, atol=1e-8)


# ---------------------------------------------------------------------------- measuring


def test_relative_error_is_the_mean_squared_error_over_the_targets_variance():
    rng = np.random.default_rng(0)
    xs = rng.random((3, 4, 5))
    hs = rng.random((3, 4, 5))
    got = learning.relative_error(lambda x: 0.5 * x, xs, hs)
    assert got == pytest.approx(np.mean((0.5 * xs - hs) ** 2) / np.var(hs), rel=1e-12)
    assert learning.relative_error(lambda x: np.full(x.shape, hs.mean()), xs, hs) == (
        pytest.approx(1.0)
    )
    calls = []
    learning.relative_error(lambda x: calls.append(x.shape) or x, xs, hs)
    assert calls == [(4, 5)] * 3


@pytest.fixture(scope="module")
def curve():
    task = learning.make_task(12, delta=1, seed=0, noise=0.01)
    ns = [1, 2, 5, 10, 20, 50, 100, 200, 300, 600]
    return learning.learning_curve(task, ns, n_test=100, seed=0)


def test_learning_curve_dense_error_falls_with_n_and_local_is_good_at_once(curve):
    assert curve["n"].dtype.kind == "i" and curve["n"].tolist()[0] == 1
    dense, local = curve["dense"], curve["local"]
    assert dense.shape == local.shape == (10,)
    assert (np.diff(dense) < 0).all(), dense  # steps over the peak at n = HW + 1 = 145
    assert dense[0] > 0.5 and dense[-1] < 0.01
    assert local.max() < 1e-3
    assert (local < dense).all()


def test_dense_needs_far_more_samples_than_local_to_reach_five_percent(curve):
    reach = learning.samples_to_reach(curve, 0.05)
    assert reach["local"] == 1
    assert reach["dense"] >= 100
    assert reach == {"local": 1, "dense": 200}


def test_without_noise_dense_is_exact_at_hw_plus_one_images():
    task = learning.make_task(6, delta=1, seed=1, noise=0.0)
    c = learning.learning_curve(task, [10, 30, 36, 37, 50], n_test=50)
    assert c["dense"][2] > 1e-4 and c["dense"][3] < 1e-20 and c["dense"][4] < 1e-20
    assert c["local"].max() < 1e-20


def test_learning_curve_is_deterministic_and_its_seed_matters():
    task = learning.make_task(6, delta=1, seed=1)
    a = learning.learning_curve(task, [2, 8, 30], n_test=20, seed=3)
    b = learning.learning_curve(task, [2, 8, 30], n_test=20, seed=3)
    c = learning.learning_curve(task, [2, 8, 30], n_test=20, seed=4)
    for model in learning.MODELS:
        np.testing.assert_array_equal(a[model], b[model])
        assert not np.array_equal(a[model], c[model])
    # nested training sets: a shorter list of sizes gives the same errors
    d = learning.learning_curve(task, [8, 30], n_test=20, seed=3)
    np.testing.assert_array_equal(d["dense"], a["dense"][1:])


def test_samples_to_reach_is_the_first_size_at_or_below_the_target():
    curve = {
        "n": np.array([1, 10, 100, 1000]),
        "dense": np.array([0.9, 0.04, 0.2, 0.01]),  # not monotone: the first hit counts
        "local": np.array([0.05, 0.01, 0.0, 0.0]),
    }
    assert learning.samples_to_reach(curve, 0.05) == {"dense": 10, "local": 1}
    assert learning.samples_to_reach(curve, 0.01) == {"dense": 1000, "local": 10}
    assert learning.samples_to_reach(curve, 0.0) == {"dense": None, "local": 100}
    assert learning.samples_to_reach(curve, 1.0) == {"dense": 1, "local": 1}
    assert type(learning.samples_to_reach(curve, 0.05)["dense"]) is int


# ------------------------------------------------------------------ what it cannot do


def test_position_task_is_a_dense_layer_that_shared_from_dense_refuses():
    task = learning.position_task(6)
    x = np.random.default_rng(0).random((6, 6))
    h = layers.dense_layer(x, task.weights, task.bias)
    np.testing.assert_array_equal(h[:, :3], x[:, :3])
    np.testing.assert_array_equal(h[:, 3:], 0.0)
    assert task.kernel is None and task.kernel_bias is None
    with pytest.raises(ValueError, match=r"^`weights` is not translation invariant: 18 of 1296"):
        layers.shared_from_dense(task.weights, task.bias)


def test_the_best_local_fit_of_the_position_task_leaves_a_large_error_the_dense_fit_does_not():
    task = learning.position_task(12, delta=2)
    xs, hs = task.sample(300, seed=1)
    test_xs, test_hs = task.sample(100, seed=2)
    errors = {}
    for n, delta in [(30, 1), (300, 1), (30, 2), (300, 2)]:
        kernel, bias = learning.fit_local(xs[:n], hs[:n], delta)
        errors[n, delta] = learning.relative_error(_local_predict(kernel, bias), test_xs, test_hs)
    assert min(errors.values()) > 0.5, errors
    # ten times more data does not help: the error is the model's, not the data's
    assert abs(errors[300, 2] - errors[30, 2]) < 0.05
    assert abs(errors[300, 1] - errors[30, 1]) < 0.05
    weights, dense_bias = learning.fit_dense(xs, hs)
    assert learning.relative_error(_dense_predict(weights, dense_bias), test_xs, test_hs) < 1e-20
    curve = learning.learning_curve(task, [10, 100, 300], n_test=50)
    assert learning.samples_to_reach(curve, 0.05) == {"dense": 300, "local": None}


# -------------------------------------------------------------------------- bad input

_XS = np.ones((2, 3, 3))
_TASK = learning.make_task(4)
_CURVE = {"n": [1, 2], "dense": [0.5, 0.1], "local": [0.1, 0.0]}

BAD_INPUT = [
    (lambda: learning.make_task(0), ValueError, r"^`size` must be between 1 and 32, got 0"),
    (lambda: learning.make_task(33), ValueError, r"^`size` must be between 1 and 32, got 33"),
    (lambda: learning.make_task((4, 40)), ValueError, r"^`size\[1\]` must be <= 32, got 40"),
    (lambda: learning.make_task((4, 0)), ValueError, r"^`size\[1\]` must be >= 1, got 0"),
    (lambda: learning.make_task(4.0), TypeError, r"^`size` must be an integer, got float"),
    (lambda: learning.make_task(4, -1), ValueError, r"^`delta` must be >= 0, got -1"),
    (lambda: learning.make_task(4, seed=-1), ValueError, r"^`seed` must be >= 0, got -1"),
    (lambda: learning.make_task(4, noise=-0.1), ValueError, r"^`noise` must be >= 0.0, got -0.1"),
    (lambda: learning.make_task(4, noise=np.nan), ValueError, r"^`noise` must be finite"),
    (
        lambda: learning.make_task(4, inputs="photo"),
        ValueError,
        r"^`inputs` must be one of 'noise', 'smooth', got 'photo'",
    ),
    (
        lambda: learning.position_task((5, 1)),
        ValueError,
        r"^`size` must give the image at least 2 columns, .* got shape \(5, 1\)",
    ),
    (lambda: learning.position_task(5, delta=-2), ValueError, r"^`delta` must be >= 0, got -2"),
    (lambda: _TASK.sample(0), ValueError, r"^`n` must be >= 1, got 0"),
    (lambda: _TASK.sample(2, seed=1.5), TypeError, r"^`seed` must be an integer, got float"),
    (lambda: _TASK.sample(2, noise=-1), ValueError, r"^`noise` must be >= 0.0, got -1.0"),
    (lambda: _TASK.images(2.0), TypeError, r"^`n` must be an integer, got float"),
    (
        lambda: _TASK.targets(_XS),
        ValueError,
        r"^`xs` must hold images of the task's shape \(4, 4\), shape \(n, H, W\), got shape "
        r"\(2, 3, 3\)",
    ),
    (lambda: learning.fit_dense(np.ones((3, 3)), _XS), ValueError, r"^`xs` must be 3-D, got 2-D"),
    (
        lambda: learning.fit_dense(_XS, np.ones((2, 3, 4))),
        ValueError,
        r"^`hs` must have the shape of `xs`, one target image per input image, \(2, 3, 3\), "
        r"got shape \(2, 3, 4\)",
    ),
    (
        lambda: learning.fit_dense(np.ones((0, 3, 3)), np.ones((0, 3, 3))),
        ValueError,
        r"^`xs` must hold at least one image of at least one pixel, shape \(n, H, W\), got "
        r"shape \(0, 3, 3\)",
    ),
    (
        lambda: learning.fit_dense(_XS, np.full((2, 3, 3), np.nan)),
        ValueError,
        r"^`hs` must be finite, got 18 NaN",
    ),
    (
        lambda: learning.fit_dense(_XS, _XS, max_bytes=100),
        ValueError,
        r"^fit_dense would need a float64 tensor of shape \(3 x 3 x 3 x 3\)",
    ),
    (lambda: learning.fit_local(_XS, _XS, -1), ValueError, r"^`delta` must be >= 0, got -1"),
    (lambda: learning.fit_local(_XS, _XS, 1.0), TypeError, r"^`delta` must be an integer"),
    (
        lambda: learning.fit_local(_XS, _XS, 1, max_bytes=100),
        ValueError,
        r"^fit_local would need a float64 tensor of shape \(18 x 10\)",
    ),
    (
        lambda: learning.fit_local(_XS.astype(str), _XS, 1),
        TypeError,
        r"^`xs` must be a numeric array",
    ),
    (
        lambda: learning.relative_error(None, _XS, _XS),
        TypeError,
        r"^`predict` must be callable, mapping an image of shape \(H, W\) to its prediction, "
        r"got NoneType",
    ),
    (
        lambda: learning.relative_error(lambda x: x, _XS, _XS),
        ValueError,
        r"^`hs` must not be constant: its variance is 0 \(every target is 1\)",
    ),
    (
        lambda: learning.relative_error(lambda x: x[0], _XS, _XS * np.arange(3)),
        ValueError,
        r"^`predict` must return an array of shape \(3, 3\) for an image of that shape, got "
        r"shape \(3,\)",
    ),
    (
        lambda: learning.relative_error(lambda x: x * np.nan, _XS, _XS * np.arange(3)),
        ValueError,
        r"^`predict\(x\)` must be finite",
    ),
    (
        lambda: learning.learning_curve("task", [1]),
        TypeError,
        r"^`task` must be a Task, from make_task or position_task, got str",
    ),
    (
        lambda: learning.learning_curve(_TASK, []),
        ValueError,
        r"^`ns` must be a non-empty sequence of training-set sizes, got \[\]",
    ),
    (
        lambda: learning.learning_curve(_TASK, 5),
        ValueError,
        r"^`ns` must be a non-empty sequence of training-set sizes, got 5",
    ),
    (
        lambda: learning.learning_curve(_TASK, [5, 5]),
        ValueError,
        r"^`ns` must be strictly increasing, got \(5, 5\)",
    ),
    (lambda: learning.learning_curve(_TASK, [0, 5]), ValueError, r"^`ns\[0\]` must be >= 1, got 0"),
    (
        lambda: learning.learning_curve(_TASK, [1, 2.5]),
        TypeError,
        r"^`ns\[1\]` must be an integer, got float",
    ),
    (
        lambda: learning.learning_curve(_TASK, [1], n_test=0),
        ValueError,
        r"^`n_test` must be >= 1, got 0",
    ),
    (lambda: learning.learning_curve(_TASK, [1], seed=-3), ValueError, r"^`seed` must be >= 0"),
    (
        lambda: learning.samples_to_reach([0.1, 0.2], 0.05),
        TypeError,
        r"^`curve` must be a dict with keys 'n', 'dense' and 'local', as learning_curve returns, "
        r"got list",
    ),
    (
        lambda: learning.samples_to_reach({"n": [1], "dense": [0.1]}, 0.05),
        TypeError,
        r"^`curve` must be a dict .* got dict with keys \['dense', 'n'\]",
    ),
    (
        lambda: learning.samples_to_reach({**_CURVE, "local": [0.1]}, 0.05),
        ValueError,
        r"^`curve\['local'\]` must have one error per size in `curve\['n'\]`, 2, got 1",
    ),
    (
        lambda: learning.samples_to_reach({**_CURVE, "n": [2, 1]}, 0.05),
        ValueError,
        r"^`ns` must be strictly increasing, got \(2, 1\)",
    ),
    (
        lambda: learning.samples_to_reach({**_CURVE, "dense": [0.1, np.nan]}, 0.05),
        ValueError,
        r"^`curve\['dense'\]` must be finite",
    ),
    (lambda: learning.samples_to_reach(_CURVE, -0.1), ValueError, r"^`target` must be >= 0.0"),
    (
        lambda: learning.samples_to_reach(_CURVE, "5%"),
        TypeError,
        r"^`target` must be a numeric array, got str",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_message_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
