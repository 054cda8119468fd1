"""Tests for mlp2conv.layers: the three layers agree with their definitions, with scipy,
and with each other through the exact conversions; bad input is refused clearly."""

from __future__ import annotations

import itertools
import tracemalloc

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import ndimage, signal

from mlp2conv import counting, layers
from mlp2conv.layers import (
    FFT_MIN_TAPS,
    dense_from_local,
    dense_from_shared,
    dense_layer,
    from_offsets,
    is_translation_invariant,
    local_from_shared,
    local_layer,
    locality_radius,
    receptive_field_mask,
    shared_from_dense,
    shared_from_local,
    shared_layer,
    to_offsets,
)

FAST = settings(deadline=None, max_examples=100)

sides = st.integers(1, 9)
radii = st.integers(0, 11)  # includes kernels larger than the image
seeds = st.integers(0, 2**32 - 1)


def _random(seed, *shape):
    return np.random.default_rng(seed).standard_normal(shape)


def _scale(x, kernel):
    """What a rounding error of the sum should be measured against."""
    return 1.0 + np.abs(x).max() * np.abs(kernel).sum()


def _brute_dense(x, weights, bias):
    height, width = x.shape
    h = np.zeros((height, width))
    for i, j, k, m in itertools.product(range(height), range(width), repeat=2):
        h[i, j] += weights[i, j, k, m] * x[k, m]
    return h + bias


def _brute_shared(x, v, bias):
    height, width = x.shape
    h = np.full((height, width), float(bias))
    for i, j in itertools.product(range(height), range(width)):
        for a, b in itertools.product(range(-height + 1, height), range(-width + 1, width)):
            if 0 <= i + a < height and 0 <= j + b < width:
                h[i, j] += v[a + height - 1, b + width - 1] * x[i + a, j + b]
    return h


def _shift(image, dr, dc):
    """Move the content ``dr`` rows down and ``dc`` columns right, filling with zeros."""
    out = np.zeros_like(image)
    height, width = image.shape
    out[max(dr, 0) : height + min(dr, 0), max(dc, 0) : width + min(dc, 0)] = image[
        max(-dr, 0) : height - max(dr, 0), max(-dc, 0) : width - max(dc, 0)
    ]
    return out


def _overlap(shifted, original, dr, dc):
    """The parts of ``shifted`` and ``original`` that a (dr, dc) shift maps onto each other."""
    height, width = original.shape
    rows_after = slice(max(dr, 0), height + min(dr, 0))
    cols_after = slice(max(dc, 0), width + min(dc, 0))
    rows_before = slice(max(-dr, 0), height - max(dr, 0))
    cols_before = slice(max(-dc, 0), width - max(dc, 0))
    return shifted[rows_after, cols_after], original[rows_before, cols_before]


# ------------------------------------------------------------------ local layer vs scipy


@FAST
@given(
    height=sides,
    width=sides,
    delta_r=radii,
    delta_c=radii,
    seed=seeds,
    method=st.sampled_from(["direct", "fft"]),
)
def test_local_layer_equals_scipy_correlate2d_same(height, width, delta_r, delta_c, seed, method):
    x = _random(seed, height, width)
    kernel = _random(seed + 1, 2 * delta_r + 1, 2 * delta_c + 1)
    expected = signal.correlate2d(x, kernel, mode="same")
    got = layers._correlate(x, kernel, "same", method=method)
    assert got.shape == (height, width)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12 * _scale(x, kernel))
    public = local_layer(x, kernel)
    np.testing.assert_allclose(public, expected, rtol=0, atol=1e-12 * _scale(x, kernel))


@FAST
@given(
    height=st.integers(1, 16),
    width=st.integers(1, 16),
    delta_r=st.integers(0, 7),
    delta_c=st.integers(0, 7),
    seed=seeds,
    method=st.sampled_from(["direct", "fft"]),
)
def test_local_layer_equals_scipy_correlate2d_valid(height, width, delta_r, delta_c, seed, method):
    assume(2 * delta_r + 1 <= height and 2 * delta_c + 1 <= width)
    x = _random(seed, height, width)
    kernel = _random(seed + 1, 2 * delta_r + 1, 2 * delta_c + 1)
    expected = signal.correlate2d(x, kernel, mode="valid")
    got = layers._correlate(x, kernel, "valid", method=method)
    assert got.shape == (height - 2 * delta_r, width - 2 * delta_c)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12 * _scale(x, kernel))
    public = local_layer(x, kernel, padding="valid")
    np.testing.assert_allclose(public, expected, rtol=0, atol=1e-12 * _scale(x, kernel))


@pytest.mark.parametrize("padding", ["same", "valid"])
@pytest.mark.parametrize("kernel_shape", [(3, 3), (7, 7), (9, 9), (15, 11), (1, 21)])
def test_local_layer_equals_scipy_on_both_sides_of_the_algorithm_threshold(
    kernel_shape, padding, monkeypatch
):
    calls = []
    fft = layers._correlate_fft
    monkeypatch.setattr(layers, "_correlate_fft", lambda *a: calls.append(1) or fft(*a))
    x = _random(7, 40, 33)
    kernel = _random(8, *kernel_shape)
    got = local_layer(x, kernel, bias=0.25, padding=padding)
    expected = signal.correlate2d(x, kernel, mode=padding) + 0.25
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12 * _scale(x, kernel))
    assert bool(calls) == (kernel.size >= FFT_MIN_TAPS)


def test_local_layer_equals_ndimage_correlate_with_zero_border():
    x = _random(1, 64, 48)
    for delta in (1, 2, 3, 5, 10):
        kernel = _random(delta, 2 * delta + 1, 2 * delta + 1)
        expected = ndimage.correlate(x, kernel, mode="constant", cval=0.0)
        np.testing.assert_allclose(local_layer(x, kernel), expected, rtol=0, atol=1e-11)


@pytest.mark.parametrize("padding", ["same", "valid"])
def test_shift_and_add_and_fft_agree_to_1e_minus_10_relative(padding):
    x = _random(3, 130, 97) * 1e3
    for shape in [(3, 3), (5, 9), (9, 9), (21, 3), (31, 31)]:
        kernel = _random(shape[0] * shape[1], *shape)
        direct = layers._correlate(x, kernel, padding, bias=1.5, method="direct")
        fft = layers._correlate(x, kernel, padding, bias=1.5, method="fft")
        assert np.abs(direct - fft).max() <= 1e-10 * np.abs(direct).max()


def test_shift_and_add_skips_zero_taps_and_an_all_zero_kernel_gives_the_bias():
    x = _random(4, 6, 5)
    sparse = np.zeros((5, 5))
    sparse[0, 4] = 2.0  # offset (-2, 2)
    expected = 2.0 * _shift(x, 2, -2)
    np.testing.assert_array_equal(local_layer(x, sparse), expected)
    np.testing.assert_array_equal(local_layer(x, np.zeros((3, 3)), bias=4.0), np.full((6, 5), 4.0))


def test_local_layer_with_kernel_far_larger_than_image_sees_the_whole_image():
    x = _random(5, 3, 2)
    kernel = _random(6, 41, 41)
    np.testing.assert_allclose(
        local_layer(x, kernel), signal.correlate2d(x, kernel, mode="same"), atol=1e-12
    )


def test_local_layer_blocks_of_rows_cover_the_whole_image(monkeypatch):
    monkeypatch.setattr(layers, "_BLOCK_BYTES", 8 * 5 * 2)  # blocks of 2 rows of 5
    x = _random(9, 11, 5)
    kernel = _random(10, 5, 3)
    for padding in ("same", "valid"):
        expected = signal.correlate2d(x, kernel, mode=padding)
        got = layers._correlate(x, kernel, padding, method="direct")
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)


def test_local_layer_leaves_its_arguments_untouched():
    x = _random(11, 8, 8)
    kernel = _random(12, 3, 3)
    x0, kernel0 = x.copy(), kernel.copy()
    for method in ("direct", "fft"):
        layers._correlate(x, kernel, "same", bias=1.0, method=method)
    local_layer(x, kernel, 1.0)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(kernel, kernel0)


def test_local_layer_accepts_integer_lists():
    assert local_layer([[1, 2], [3, 4]], [[1]], bias=1).tolist() == [[2.0, 3.0], [4.0, 5.0]]


# ------------------------------------------------------------- the book's central claim


@FAST
@given(
    height=sides,
    width=sides,
    delta_r=st.integers(0, 5),
    delta_c=st.integers(0, 5),
    seed=seeds,
    bias=st.floats(-3, 3),
)
def test_dense_layer_built_from_kernel_equals_local_layer(
    height, width, delta_r, delta_c, seed, bias
):
    x = _random(seed, height, width)
    kernel = _random(seed + 1, 2 * delta_r + 1, 2 * delta_c + 1)
    dense = dense_layer(x, *dense_from_local(kernel, x.shape, bias))
    np.testing.assert_allclose(
        dense, local_layer(x, kernel, bias), rtol=0, atol=1e-12 * _scale(x, kernel)
    )


@FAST
@given(height=sides, width=sides, seed=seeds, bias=st.floats(-3, 3))
def test_dense_layer_built_from_shared_weights_equals_shared_layer(height, width, seed, bias):
    x = _random(seed, height, width)
    v = _random(seed + 1, 2 * height - 1, 2 * width - 1)
    dense = dense_layer(x, *dense_from_shared(v, bias))
    np.testing.assert_allclose(dense, shared_layer(x, v, bias), rtol=0, atol=1e-12 * _scale(x, v))


@FAST
@given(height=sides, width=sides, delta_r=radii, delta_c=radii, seed=seeds)
def test_shared_layer_with_plane_from_kernel_equals_local_layer(
    height, width, delta_r, delta_c, seed
):
    x = _random(seed, height, width)
    kernel = _random(seed + 1, 2 * delta_r + 1, 2 * delta_c + 1)
    v = shared_from_local(kernel, x.shape)
    assert v.shape == (2 * height - 1, 2 * width - 1)
    np.testing.assert_allclose(
        shared_layer(x, v, 0.5), local_layer(x, kernel, 0.5), rtol=0, atol=1e-12 * _scale(x, kernel)
    )


def test_dense_and_shared_layers_equal_their_definitions_summed_in_loops():
    x = _random(20, 3, 4)
    weights = _random(21, 3, 4, 3, 4)
    bias = _random(22, 3, 4)
    np.testing.assert_allclose(dense_layer(x, weights, bias), _brute_dense(x, weights, bias))
    v = _random(23, 5, 7)
    np.testing.assert_allclose(shared_layer(x, v, -1.0), _brute_shared(x, v, -1.0))


def test_dense_weights_from_kernel_follow_the_definition_entry_by_entry():
    kernel = _random(24, 3, 5)
    weights, bias = dense_from_local(kernel, (4, 5), bias=2.0)
    assert weights.shape == (4, 5, 4, 5)
    np.testing.assert_array_equal(bias, np.full((4, 5), 2.0))
    for i, j, k, m in itertools.product(range(4), range(5), repeat=2):
        a, b = k - i, m - j
        expected = kernel[a + 1, b + 2] if abs(a) <= 1 and abs(b) <= 2 else 0.0
        assert weights[i, j, k, m] == expected


def test_dense_layer_weights_dtype_and_layout_do_not_matter():
    x = _random(25, 3, 3)
    weights = _random(26, 3, 3, 3, 3)
    expected = dense_layer(x, weights)
    fortran = np.asfortranarray(weights)
    np.testing.assert_allclose(dense_layer(x, fortran), expected)
    ints = np.arange(81).reshape(3, 3, 3, 3)
    np.testing.assert_allclose(dense_layer(x, ints), dense_layer(x, ints.astype(float)))


# ------------------------------------------------------------------------- equivariance


@pytest.mark.parametrize("dr, dc", [(1, 0), (0, -2), (2, 3), (-3, -1)])
def test_shared_layer_commutes_with_shifts_that_keep_the_content_inside(dr, dc):
    x = np.zeros((12, 13))
    x[4:8, 4:9] = _random(30, 4, 5)  # zero margin of 4 on every side
    v = _random(31, 23, 25)
    shifted_then_layer = shared_layer(_shift(x, dr, dc), v)
    layer_then_shifted, original = _overlap(shifted_then_layer, shared_layer(x, v), dr, dc)
    np.testing.assert_allclose(layer_then_shifted, original, rtol=0, atol=1e-12)


@pytest.mark.parametrize("dr, dc", [(1, 0), (0, -2), (2, 1)])
def test_local_layer_commutes_exactly_with_shifts_when_the_margin_covers_the_kernel(dr, dc):
    x = np.zeros((14, 14))
    x[5:9, 5:9] = _random(32, 4, 4)
    kernel = _random(33, 5, 5)  # delta = 2, margin 5 >= 2 + |shift|
    np.testing.assert_allclose(
        local_layer(_shift(x, dr, dc), kernel), _shift(local_layer(x, kernel), dr, dc), atol=1e-12
    )


def test_a_random_dense_layer_does_not_commute_with_shifts():
    x = np.zeros((10, 10))
    x[4:6, 4:6] = _random(34, 2, 2)
    weights = _random(35, 10, 10, 10, 10)
    after, before = _overlap(dense_layer(_shift(x, 1, 1), weights), dense_layer(x, weights), 1, 1)
    assert not np.allclose(after, before)
    assert not is_translation_invariant(weights)


# ------------------------------------------------------------------------------ offsets


@FAST
@given(height=st.integers(1, 6), width=st.integers(1, 6), seed=seeds)
def test_offsets_round_trip_is_bit_exact(height, width, seed):
    weights = _random(seed, height, width, height, width)
    v = to_offsets(weights)
    assert v.shape == (height, width, 2 * height - 1, 2 * width - 1)
    np.testing.assert_array_equal(from_offsets(v), weights)
    # and back: to_offsets(from_offsets(v)) keeps every entry that exists, zeroes the rest
    noisy = v + (v == 0) * _random(seed + 1, *v.shape)
    np.testing.assert_array_equal(to_offsets(from_offsets(noisy)), v)


def test_to_offsets_follows_the_definition_entry_by_entry():
    weights = _random(40, 3, 2, 3, 2)
    v = to_offsets(weights)
    for i, j in itertools.product(range(3), range(2)):
        for a, b in itertools.product(range(-2, 3), range(-1, 2)):
            inside = 0 <= i + a < 3 and 0 <= j + b < 2
            expected = weights[i, j, i + a, j + b] if inside else 0.0
            assert v[i, j, a + 2, b + 1] == expected


def test_offsets_of_a_shared_layer_are_the_same_plane_for_every_pixel():
    plane = _random(41, 5, 7)
    v = to_offsets(dense_from_shared(plane)[0])
    for i, j in itertools.product(range(3), range(4)):
        exists = np.zeros((5, 7), dtype=bool)
        exists[2 - i : 5 - i, 3 - j : 7 - j] = True
        np.testing.assert_array_equal(v[i, j][exists], plane[exists])
        assert not v[i, j][~exists].any()


# ---------------------------------------------------------- recovering the shared layer


@FAST
@given(height=st.integers(1, 6), width=st.integers(1, 6), seed=seeds, bias=st.floats(-5, 5))
def test_shared_from_dense_recovers_every_offset_weight_and_the_bias(height, width, seed, bias):
    v = _random(seed, 2 * height - 1, 2 * width - 1)
    recovered, recovered_bias = shared_from_dense(*dense_from_shared(v, bias))
    np.testing.assert_array_equal(recovered, v)
    assert recovered_bias == bias
    assert isinstance(recovered_bias, float)
    assert is_translation_invariant(dense_from_shared(v)[0])


def test_shared_from_dense_accepts_a_scalar_bias_and_tolerates_atol():
    v = _random(42, 3, 5)
    weights, _ = dense_from_shared(v)
    weights[1, 1, 0, 0] += 1e-14
    recovered, bias = shared_from_dense(weights, 2)
    assert bias == 2.0
    np.testing.assert_allclose(recovered, v, atol=1e-13)
    with pytest.raises(ValueError, match="not translation invariant"):
        shared_from_dense(weights, atol=0.0)


def test_shared_from_dense_refuses_a_random_dense_layer_naming_an_offending_entry():
    weights = _random(43, 3, 3, 3, 3)
    with pytest.raises(ValueError) as info:
        shared_from_dense(weights)
    message = str(info.value)
    assert message.startswith("`weights` is not translation invariant: ")
    # pixel (0, 0) defines every offset with a, b >= 0; pixel (0, 1) repeats offset (0, 0)
    expected = (
        f"(i, j, a, b) = (0, 1, 0, 0): weights[0, 1, 0, 1] = {weights[0, 1, 0, 1]:.6g}, "
        f"expected {weights[0, 0, 0, 0]:.6g}"
    )
    assert expected in message
    assert "of 81 entries" in message
    assert "first 5:" in message


def test_shared_from_dense_counts_and_locates_a_single_broken_entry():
    weights, bias = dense_from_local(np.arange(9.0).reshape(3, 3), (3, 3))
    weights[2, 1, 2, 0] = 100.0  # offset (0, -1), whose shared weight is kernel[1, 0] = 3
    with pytest.raises(
        ValueError,
        match=r"1 of 81 entries .* \(i, j, a, b\) = \(2, 1, 0, -1\): "
        r"weights\[2, 1, 2, 0\] = 100, expected 3$",
    ):
        shared_from_dense(weights, bias)


def test_shared_from_dense_reports_a_bias_that_is_not_constant():
    weights, bias = dense_from_shared(_random(44, 3, 3), 1.0)
    bias[1, 0] = 2.0
    with pytest.raises(
        ValueError, match=r"`bias` is not constant: 1 of 4 entries .* bias\[1, 0\] = 2"
    ):
        shared_from_dense(weights, bias)
    assert is_translation_invariant(weights)
    assert not is_translation_invariant(weights, bias=bias)
    assert is_translation_invariant(weights, bias=np.ones((2, 2)))


def test_shared_from_dense_reports_weights_and_bias_together():
    weights = _random(45, 2, 2, 2, 2)
    with pytest.raises(
        ValueError, match=r"(?s)not translation invariant.*\n`bias` is not constant"
    ):
        shared_from_dense(weights, np.eye(2))


# ---------------------------------------------------------------- locality and kernels


def test_locality_radius_of_zero_centre_and_border_entries():
    v = np.zeros((7, 9))
    assert locality_radius(v) == 0  # all-zero: radius 0 by convention
    v[3, 4] = 1.0
    assert locality_radius(v) == 0
    v[3, 6] = -2.0  # offset (0, 2)
    assert locality_radius(v) == 2
    v[0, 4] = 1e-9  # offset (-3, 0)
    assert locality_radius(v) == 3
    assert locality_radius(v, atol=1e-6) == 2
    assert type(locality_radius(v)) is int


@FAST
@given(delta=st.integers(0, 5), extra=st.integers(0, 4), seed=seeds)
def test_locality_radius_of_a_kernel_placed_in_a_plane_is_the_kernel_radius(delta, extra, seed):
    kernel = _random(seed, 2 * delta + 1, 2 * delta + 1)
    shape = (delta + 1 + extra, delta + 1 + extra)
    v = shared_from_local(kernel, shape)
    assert locality_radius(v) == delta
    np.testing.assert_array_equal(local_from_shared(v), kernel)
    np.testing.assert_array_equal(local_from_shared(v, delta), kernel)


def test_local_from_shared_pads_with_zeros_and_takes_a_pair_of_radii():
    v = shared_from_local([[1.0, 2.0, 3.0]], (2, 2))  # shape (3, 3)
    assert local_from_shared(v, (0, 1)).tolist() == [[1.0, 2.0, 3.0]]
    padded = local_from_shared(v, 3)
    assert padded.shape == (7, 7)
    assert padded[3, 2:5].tolist() == [1.0, 2.0, 3.0]
    assert padded.sum() == 6.0


def test_local_from_shared_refuses_to_drop_nonzero_weights():
    v = np.zeros((5, 5))
    v[2, 2], v[0, 2], v[4, 4] = 1.0, 0.5, -0.25
    with pytest.raises(
        ValueError,
        match=r"`v` has 2 nonzero entries outside the window \|a\| <= 1, \|b\| <= 1 "
        r"\(largest \|v\| = 0.5 at offset \(a, b\) = \(-2, 0\)\); its locality radius is 2",
    ):
        local_from_shared(v, 1)
    assert local_from_shared(v, 1, atol=0.6).tolist() == [[0, 0, 0], [0, 1, 0], [0, 0, 0]]


def test_shared_from_local_drops_taps_that_never_meet_a_pixel():
    kernel = _random(50, 7, 7)
    v = shared_from_local(kernel, (2, 3))
    np.testing.assert_array_equal(v, kernel[2:5, 1:6])
    x = _random(51, 2, 3)
    np.testing.assert_allclose(shared_layer(x, v), local_layer(x, kernel), atol=1e-12)


def test_fast_length_is_the_smallest_5_smooth_number_not_below_n():
    def smooth(m):
        for p in (2, 3, 5):
            while m % p == 0:
                m //= p
        return m == 1

    for n in range(1, 1200):
        m = layers._fast_length(n)
        assert m >= n and smooth(m)
        assert not any(smooth(k) for k in range(n, m))


# ------------------------------------------------------------------------ big tensors


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda big: dense_from_local(np.ones((3, 3)), (1000, 1000)), id="from_local"),
        pytest.param(lambda big: dense_from_shared(big["v"]), id="from_shared"),
        pytest.param(lambda big: to_offsets(big["weights"]), id="to_offsets"),
        pytest.param(lambda big: from_offsets(big["offsets"]), id="from_offsets"),
    ],
)
def test_a_1000_by_1000_dense_layer_is_refused_before_allocating(build):
    big = {  # made before measuring; the broadcast views take no memory at all
        "v": np.zeros((1999, 1999)),
        "weights": np.broadcast_to(np.float64(0.0), (1000, 1000, 1000, 1000)),
        "offsets": np.broadcast_to(np.float64(0.0), (1000, 1000, 1999, 1999)),
    }
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"would need a float64 tensor of shape .*TB") as info:
            build(big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024
    assert "`max_bytes` = 536.9 MB" in str(info.value)


def test_the_refusal_states_eight_terabytes_for_a_1000_by_1000_image():
    with pytest.raises(
        ValueError,
        match=r"^dense_from_local would need a float64 tensor of shape "
        r"\(1000 x 1000 x 1000 x 1000\): 8.0 TB, more than `max_bytes`",
    ):
        dense_from_local(np.ones((3, 3)), (1000, 1000))


def test_max_bytes_is_the_exact_limit():
    need = 8 * 4**4
    weights, _ = dense_from_local(np.ones((3, 3)), (4, 4), max_bytes=need)
    assert weights.nbytes == need
    with pytest.raises(ValueError, match=r"more than `max_bytes` = 2\.0 kB"):
        dense_from_local(np.ones((3, 3)), (4, 4), max_bytes=need - 1)
    with pytest.raises(ValueError, match="would need"):
        to_offsets(weights, max_bytes=weights.nbytes)  # the offsets are 49/16 as large
    assert to_offsets(weights, max_bytes=8 * 4 * 4 * 7 * 7).shape == (4, 4, 7, 7)
    with pytest.raises(ValueError, match="would need"):
        from_offsets(to_offsets(weights), max_bytes=need - 1)
    with pytest.raises(ValueError, match="would need"):
        dense_from_shared(np.ones((7, 7)), max_bytes=need - 1)


# ------------------------------------------------------------------ non-finite values


def test_dense_layer_names_weights_holding_nan_or_inf():
    x = _random(60, 3, 3)
    for bad in (np.nan, np.inf, -np.inf):
        weights = _random(61, 3, 3, 3, 3)
        weights[1, 2, 0, 1] = bad
        with pytest.raises(ValueError, match=r"^`weights` must be finite, got 1 NaN or infinite"):
            dense_layer(x, weights)


def test_dense_layer_finds_nan_weights_even_where_the_pixel_is_zero():
    x = np.zeros((3, 3))
    x[0, 0] = 1.0
    for bad in (np.nan, np.inf):
        weights = _random(62, 3, 3, 3, 3)
        weights[2, 2, 1, 1] = bad  # multiplies x[1, 1] = 0
        with pytest.raises(ValueError, match="`weights` must be finite"):
            dense_layer(x, weights)


def test_dense_layer_returns_an_overflowing_sum_as_infinite_rather_than_blaming_weights():
    weights = np.full((1, 2, 1, 2), 1e308)
    with np.errstate(over="ignore"):
        assert dense_layer([[1.0, 1.0]], weights).tolist() == [[np.inf, np.inf]]


# -------------------------------------------------------------------------- bad input

_KERNEL = np.ones((3, 3))
_X = np.ones((3, 3))
_W = np.ones((3, 3, 3, 3))

BAD_INPUT = [
    # dense_layer
    (
        lambda: dense_layer(np.ones(3), _W),
        ValueError,
        r"^`x` must be 2-D, got 1-D array of shape \(3,\)",
    ),
    (lambda: dense_layer(_X, np.ones((9, 9))), ValueError, r"^`weights` must be 4-D, got 2-D"),
    (
        lambda: dense_layer(_X, np.ones((2, 2, 2, 2))),
        ValueError,
        r"^`weights` must have shape \(H, W, H, W\) = \(3, 3, 3, 3\) for an image `x` of shape "
        r"\(3, 3\), got shape \(2, 2, 2, 2\)",
    ),
    (
        lambda: dense_layer(_X, _W, np.ones((2, 3))),
        ValueError,
        r"^`bias` must be a scalar or have shape \(3, 3\), got shape \(2, 3\)",
    ),
    (
        lambda: dense_layer(_X, _W.astype(str)),
        TypeError,
        r"^`weights` must be a numeric array, got dtype <U",
    ),
    (
        lambda: dense_layer(_X, _W.astype(object)),
        TypeError,
        r"^`weights` must be a numeric array, got dtype object",
    ),
    (lambda: dense_layer("abc", _W), TypeError, r"^`x` must be a numeric array, got str"),
    (
        lambda: dense_layer(np.full((3, 3), np.nan), _W),
        ValueError,
        r"^`x` must be finite, got 9 NaN",
    ),
    (lambda: dense_layer(_X, _W, np.inf), ValueError, r"^`bias` must be finite"),
    (
        lambda: dense_layer(np.ones((0, 3)), _W),
        ValueError,
        r"^`x` must not be empty, got shape \(0, 3\)",
    ),
    (
        lambda: dense_layer(_X * 1j, _W),
        TypeError,
        r"^`x` must be real-valued, got dtype complex128",
    ),
    # shared_layer
    (
        lambda: shared_layer(_X, np.ones((3, 3))),
        ValueError,
        r"^`v` must have shape \(2H - 1, 2W - 1\) = \(5, 5\) for an image `x` of shape \(3, 3\), "
        r"got shape \(3, 3\)",
    ),
    (lambda: shared_layer(_X, np.ones((5, 5, 1))), ValueError, r"^`v` must be 2-D, got 3-D"),
    (
        lambda: shared_layer(_X, np.ones((5, 5)), np.ones((3, 3))),
        ValueError,
        r"^`bias` must be a scalar, got an array of shape \(3, 3\)",
    ),
    (lambda: shared_layer(_X, [["a"] * 5] * 5), TypeError, r"^`v` must be a numeric array"),
    (lambda: shared_layer([[1, np.nan]], np.ones((1, 3))), ValueError, r"^`x` must be finite"),
    # local_layer
    (
        lambda: local_layer(_X, np.ones((2, 2))),
        ValueError,
        r"^`kernel` must have odd side lengths, got shape \(2, 2\)$",
    ),
    (lambda: local_layer(_X, np.ones((3, 4))), ValueError, r"^`kernel` must have odd side lengths"),
    (lambda: local_layer(_X, np.ones(3)), ValueError, r"^`kernel` must be 2-D, got 1-D"),
    (lambda: local_layer(_X, np.ones((0, 3))), ValueError, r"^`kernel` must have odd side lengths"),
    (lambda: local_layer(_X, [[np.nan]]), ValueError, r"^`kernel` must be finite, got 1 NaN"),
    (
        lambda: local_layer(_X, [[None]]),
        TypeError,
        r"^`kernel` must be a numeric array, got dtype object",
    ),
    (
        lambda: local_layer(_X, [[1], [1, 2]]),
        TypeError,
        r"^`kernel` must be a numeric array, got list",
    ),
    (
        lambda: local_layer(_X, _KERNEL, padding="full"),
        ValueError,
        r"^`padding` must be one of 'same', 'valid', got 'full'",
    ),
    (
        lambda: local_layer(_X, _KERNEL, padding=None),
        TypeError,
        r"^`padding` must be a string, one of 'same', 'valid', got NoneType None",
    ),
    (lambda: local_layer(_X, _KERNEL, [1.0, 2.0]), ValueError, r"^`bias` must be a scalar"),
    (
        lambda: local_layer(_X, np.ones((5, 3)), padding="valid"),
        ValueError,
        r'^with padding="valid" the output would be empty: `kernel` of shape \(5, 3\) does not fit '
        r"inside the image `x` of shape \(3, 3\) \(output shape would be \(0, 1\)\)",
    ),
    # offsets
    (
        lambda: to_offsets(np.ones((2, 3, 3, 2))),
        ValueError,
        r"^`weights` must have shape \(H, W, H, W\), got shape \(2, 3, 3, 2\)",
    ),
    (lambda: to_offsets(np.ones((3, 3))), ValueError, r"^`weights` must be 4-D, got 2-D"),
    (lambda: to_offsets(np.full((1, 1, 1, 1), np.nan)), ValueError, r"^`weights` must be finite"),
    (lambda: to_offsets(np.ones((0, 0, 0, 0))), ValueError, r"^`weights` must not be empty"),
    (lambda: to_offsets(_W, max_bytes=-1), ValueError, r"^`max_bytes` must be >= 0, got -1"),
    (
        lambda: to_offsets(_W, max_bytes=1.5),
        TypeError,
        r"^`max_bytes` must be an integer, got float",
    ),
    (
        lambda: from_offsets(np.ones((2, 2, 3, 4))),
        ValueError,
        r"^`v` must be indexed by offset, with odd side lengths \(2H - 1, 2W - 1\), got shape "
        r"\(2, 2, 3, 4\)",
    ),
    (
        lambda: from_offsets(np.ones((2, 3, 3, 3))),
        ValueError,
        r"^`v` must have shape \(H, W, 2H - 1, 2W - 1\) = \(2, 2, 3, 3\), got shape \(2, 3, 3, 3\)",
    ),
    (lambda: from_offsets(np.ones((1, 1, 1))), ValueError, r"^`v` must be 4-D, got 3-D"),
    (lambda: from_offsets(np.full((1, 1, 1, 1), np.inf)), ValueError, r"^`v` must be finite"),
    # conversions
    (
        lambda: dense_from_shared(np.ones((2, 3))),
        ValueError,
        r"^`v` must be indexed by offset, with odd side lengths",
    ),
    (
        lambda: dense_from_shared(np.ones((3, 3)), np.ones((2, 2))),
        ValueError,
        r"^`bias` must be a scalar",
    ),
    (lambda: dense_from_shared([[np.nan]]), ValueError, r"^`v` must be finite"),
    (
        lambda: dense_from_local(np.ones((2, 3)), (3, 3)),
        ValueError,
        r"^`kernel` must have odd side",
    ),
    (
        lambda: dense_from_local(_KERNEL, 3),
        TypeError,
        r"^`shape` must be a pair \(height, width\) of integers, got int 3",
    ),
    (
        lambda: dense_from_local(_KERNEL, (3, 3, 1)),
        ValueError,
        r"^`shape` must be a pair \(height, width\) of integers, got 3 value\(s\)",
    ),
    (lambda: dense_from_local(_KERNEL, (0, 3)), ValueError, r"^`shape\[0\]` must be >= 1, got 0"),
    (
        lambda: dense_from_local(_KERNEL, (3, 2.5)),
        TypeError,
        r"^`shape\[1\]` must be an integer, got float",
    ),
    (
        lambda: dense_from_local(_KERNEL, (3, 3), max_bytes="big"),
        TypeError,
        r"^`max_bytes` must be an integer",
    ),
    (
        lambda: shared_from_local(np.ones((4, 1)), (3, 3)),
        ValueError,
        r"^`kernel` must have odd side",
    ),
    (
        lambda: shared_from_local(_KERNEL, (True, 3)),
        TypeError,
        r"^`shape\[0\]` must be an integer, got bool",
    ),
    (
        lambda: shared_from_dense(np.ones((2, 2, 3, 3))),
        ValueError,
        r"^`weights` must have shape \(H, W, H, W\), got shape \(2, 2, 3, 3\)",
    ),
    (
        lambda: shared_from_dense(_W, np.ones(3)),
        ValueError,
        r"^`bias` must be a scalar or have shape \(3, 3\), got shape \(3,\)",
    ),
    (lambda: shared_from_dense(_W, atol=-1.0), ValueError, r"^`atol` must be >= 0.0, got -1.0"),
    (lambda: shared_from_dense(_W, atol=np.nan), ValueError, r"^`atol` must be finite, got nan"),
    (lambda: shared_from_dense(_W, atol=[1.0]), ValueError, r"^`atol` must be a scalar"),
    (
        lambda: shared_from_dense(_W, atol="0"),
        TypeError,
        r"^`atol` must be a numeric array, got str",
    ),
    (lambda: is_translation_invariant(np.ones((3, 3))), ValueError, r"^`weights` must be 4-D"),
    (
        lambda: is_translation_invariant(_W, bias=np.ones((1, 1))),
        ValueError,
        r"^`bias` must be a scalar or",
    ),
    (
        lambda: is_translation_invariant(np.full((1, 1, 1, 1), np.nan)),
        ValueError,
        r"^`weights` must be finite",
    ),
    (
        lambda: locality_radius(np.ones((2, 3))),
        ValueError,
        r"^`v` must be indexed by offset, with odd side lengths",
    ),
    (lambda: locality_radius(np.ones(3)), ValueError, r"^`v` must be 2-D, got 1-D"),
    (lambda: locality_radius(_KERNEL, atol=-0.1), ValueError, r"^`atol` must be >= 0.0"),
    (lambda: local_from_shared(_KERNEL, -1), ValueError, r"^`delta` must be >= 0, got -1"),
    (
        lambda: local_from_shared(_KERNEL, 1.0),
        TypeError,
        r"^`delta` must be an integer, got float 1.0",
    ),
    (
        lambda: local_from_shared(_KERNEL, (1, 2, 3)),
        ValueError,
        r"^`delta` must be an integer or a pair \(delta_r, delta_c\), got \(1, 2, 3\)",
    ),
    (
        lambda: local_from_shared(_KERNEL, (1, -2)),
        ValueError,
        r"^`delta\[1\]` must be >= 0, got -2",
    ),
    (lambda: local_from_shared(np.ones((4, 3))), ValueError, r"^`v` must be indexed by offset"),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_message_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize("bias", [0.0, 2, -1.5])
def test_dense_layer_fast_path_equals_the_checked_path(bias):
    rng = np.random.default_rng(7)
    x = rng.random((5, 4))
    weights = rng.normal(size=(5, 4, 5, 4))
    fast = layers.dense_layer(x, weights, bias)
    # A nested list is not eligible for the fast path and goes through every check.
    checked = layers.dense_layer(x.tolist(), weights, bias)
    expected = weights.reshape(20, 20) @ x.ravel() + bias
    np.testing.assert_allclose(fast.ravel(), expected, rtol=1e-12)
    np.testing.assert_allclose(checked, fast, rtol=1e-12)


def test_dense_layer_fast_path_still_names_a_nan_weight():
    weights = np.ones((3, 3, 3, 3))
    weights[1, 1, 0, 2] = np.nan
    with pytest.raises(ValueError, match="`weights` must be finite"):
        layers.dense_layer(np.ones((3, 3)), weights)


# ------------------------------------------------------------------------------ channels


def _brute_channels(x, kernel, bias, padding):
    """h[d, i, j] = bias[d] + sum_c sum_{a, b} kernel[d, c, a + dr, b + dc] x[c, i + a, j + b]."""
    c_in, height, width = x.shape
    c_out, _, kr, kc = kernel.shape
    dr, dc = kr // 2, kc // 2
    if padding == "same":
        rows, cols, top, left = height, width, 0, 0
    else:
        rows, cols, top, left = height - 2 * dr, width - 2 * dc, dr, dc
    h = np.zeros((c_out, rows, cols))
    for d, i, j in itertools.product(range(c_out), range(rows), range(cols)):
        total = bias[d]
        for c, a, b in itertools.product(range(c_in), range(-dr, dr + 1), range(-dc, dc + 1)):
            k, m = top + i + a, left + j + b
            if 0 <= k < height and 0 <= m < width:
                total += kernel[d, c, a + dr, b + dc] * x[c, k, m]
        h[d, i, j] = total
    return h


@settings(deadline=None, max_examples=60)
@given(
    c_in=st.integers(1, 3),
    c_out=st.integers(1, 3),
    height=st.integers(1, 6),
    width=st.integers(1, 6),
    delta_r=st.integers(0, 7),
    delta_c=st.integers(0, 7),
    padding=st.sampled_from(["same", "valid"]),
    scalar_bias=st.booleans(),
    seed=seeds,
)
def test_local_layer_with_channels_equals_the_quadruple_sum(
    c_in, c_out, height, width, delta_r, delta_c, padding, scalar_bias, seed
):
    if padding == "valid":
        assume(2 * delta_r + 1 <= height and 2 * delta_c + 1 <= width)
    x = _random(seed, c_in, height, width)
    kernel = _random(seed + 1, c_out, c_in, 2 * delta_r + 1, 2 * delta_c + 1)
    bias = 0.75 if scalar_bias else _random(seed + 2, c_out)
    expected = _brute_channels(x, kernel, np.broadcast_to(bias, (c_out,)), padding)
    tol = 1e-12 * (1.0 + c_in * np.abs(x).max() * np.abs(kernel).sum())
    got = local_layer(x, kernel, bias, padding=padding)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=tol)
    for method in ("direct", "fft"):
        b = np.broadcast_to(bias, (c_out,)).astype(float)
        engine = layers._correlate_channels(x, kernel, padding, b, method=method)
        np.testing.assert_allclose(engine, expected, rtol=0, atol=tol)


@FAST
@given(
    height=sides,
    width=sides,
    delta_r=radii,
    delta_c=radii,
    padding=st.sampled_from(["same", "valid"]),
    seed=seeds,
)
def test_local_layer_with_one_channel_in_and_out_equals_the_two_dimensional_layer(
    height, width, delta_r, delta_c, padding, seed
):
    if padding == "valid":
        assume(2 * delta_r + 1 <= height and 2 * delta_c + 1 <= width)
    x = _random(seed, height, width)
    kernel = _random(seed + 1, 2 * delta_r + 1, 2 * delta_c + 1)
    flat = local_layer(x, kernel, -0.5, padding=padding)
    stacked = local_layer(x[None], kernel[None, None], [-0.5], padding=padding)
    assert stacked.shape == (1, *flat.shape)
    np.testing.assert_allclose(stacked[0], flat, rtol=0, atol=1e-12 * _scale(x, kernel))


def test_local_layer_with_channels_sums_one_channel_layers_on_both_algorithms():
    engine = layers._correlate_channels
    x = _random(70, 3, 40, 33)
    for shape in [(3, 3), (9, 9), (15, 11)]:
        kernel = _random(71, 4, 3, *shape)
        bias = _random(72, 4)
        expected = np.stack(
            [bias[d] + sum(local_layer(x[c], kernel[d, c]) for c in range(3)) for d in range(4)]
        )
        got = local_layer(x, kernel, bias)
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-11)
        for padding in ("same", "valid"):
            direct, fft = (engine(x, kernel, padding, bias, method=m) for m in ("direct", "fft"))
            np.testing.assert_allclose(direct, fft, rtol=0, atol=1e-11)


def test_local_layer_with_channels_skips_zero_taps_and_an_all_zero_kernel_gives_the_bias():
    x = _random(73, 2, 6, 5)
    kernel = np.zeros((3, 2, 5, 5))
    kernel[1, 0, 0, 4] = 2.0  # output 1 reads input 0 at offset (-2, 2)
    h = local_layer(x, kernel, [0.0, 1.0, -1.0])
    np.testing.assert_array_equal(h[0], np.zeros((6, 5)))
    np.testing.assert_array_equal(h[1], 2.0 * _shift(x[0], 2, -2) + 1.0)
    np.testing.assert_array_equal(h[2], np.full((6, 5), -1.0))
    zero = local_layer(x, np.zeros((2, 2, 3, 3)), 4.0, padding="valid")
    np.testing.assert_array_equal(zero, np.full((2, 4, 3), 4.0))


def test_local_layer_with_channels_leaves_its_arguments_untouched_and_accepts_lists():
    x = _random(74, 2, 5, 5)
    kernel = _random(75, 3, 2, 3, 3)
    bias = _random(76, 3)
    saved = x.copy(), kernel.copy(), bias.copy()
    local_layer(x, kernel, bias)
    for before, after in zip(saved, (x, kernel, bias), strict=True):
        np.testing.assert_array_equal(before, after)
    got = local_layer(x.tolist(), kernel.tolist(), bias.tolist())
    np.testing.assert_allclose(got, local_layer(x, kernel, bias))


# ------------------------------------------------------------ receptive field, propagated


def _square(shape, pixel, reach):
    """The square of half-side ``reach`` around ``pixel``, clipped to the image."""
    rows = np.abs(np.arange(shape[0]) - pixel[0]) <= reach
    cols = np.abs(np.arange(shape[1]) - pixel[1]) <= reach
    return rows[:, None] & cols[None, :]


@FAST
@given(
    delta=st.integers(0, 4),
    n_layers=st.integers(1, 4),
    margin=st.integers(0, 3),
    offset=st.tuples(st.integers(0, 3), st.integers(0, 3)),
)
def test_receptive_field_mask_away_from_the_border_is_the_square_of_the_formula(
    delta, n_layers, margin, offset
):
    reach = delta * n_layers
    side = counting.receptive_field(delta, n_layers)
    shape = (side + 2 * margin + offset[0], side + 2 * margin + offset[1] + 1)
    pixel = (reach + margin, reach + margin + offset[1])
    mask = receptive_field_mask(shape, delta, n_layers, pixel=pixel)
    assert mask.dtype == bool and mask.shape == shape
    rows, cols = np.nonzero(mask)
    assert rows.max() - rows.min() + 1 == side
    assert cols.max() - cols.min() + 1 == side
    assert mask.sum() == side * side
    np.testing.assert_array_equal(mask, _square(shape, pixel, reach))


@FAST
@given(
    height=st.integers(1, 12),
    width=st.integers(1, 12),
    delta=st.integers(0, 5),
    n_layers=st.integers(1, 3),
    data=st.data(),
)
def test_receptive_field_mask_near_the_border_is_the_square_clipped_to_the_image(
    height, width, delta, n_layers, data
):
    pixel = (data.draw(st.integers(0, height - 1)), data.draw(st.integers(0, width - 1)))
    mask = receptive_field_mask((height, width), delta, n_layers, pixel=pixel)
    np.testing.assert_array_equal(mask, _square((height, width), pixel, delta * n_layers))


def test_receptive_field_mask_with_one_radius_per_layer_adds_the_radii():
    shape, pixel = (30, 31), (14, 16)
    mask = receptive_field_mask(shape, [1, 0, 2, 5], pixel=pixel)
    np.testing.assert_array_equal(mask, _square(shape, pixel, 8))
    assert np.array_equal(mask, receptive_field_mask(shape, (1, 0, 2, 5), 4, pixel=pixel))
    assert np.array_equal(
        receptive_field_mask(shape, 2, 3, pixel=pixel),
        receptive_field_mask(shape, np.array([2, 2, 2]), pixel=pixel),
    )


def test_receptive_field_mask_with_large_windows_by_fft_is_still_exact(monkeypatch):
    calls = []
    fft = layers._correlate_fft
    monkeypatch.setattr(layers, "_correlate_fft", lambda *a: calls.append(1) or fft(*a))
    shape, pixel = (64, 50), (30, 20)
    mask = receptive_field_mask(shape, 5, 3, pixel=pixel)  # 11 x 11 windows: FFT
    assert calls
    np.testing.assert_array_equal(mask, _square(shape, pixel, 15))


@pytest.mark.parametrize(
    ("shape", "deltas", "pixel"),
    [((6, 7), [1, 1], (2, 3)), ((5, 5), [1, 2], (0, 4)), ((7, 6), [0, 1, 1], (6, 0))],
)
def test_receptive_field_mask_is_the_non_zero_pattern_of_the_product_of_dense_matrices(
    shape, deltas, pixel
):
    height, width = shape
    n = height * width
    rng = np.random.default_rng(sum(deltas))
    product = np.eye(n)
    for d in deltas:  # first layer first: h = M_L ... M_2 M_1 x
        kernel = rng.uniform(0.5, 1.5, (2 * d + 1, 2 * d + 1))  # positive: nothing cancels
        weights, _ = dense_from_local(kernel, shape)
        product = weights.reshape(n, n) @ product
    row = product[pixel[0] * width + pixel[1]].reshape(shape)
    mask = receptive_field_mask(shape, deltas, pixel=pixel)
    np.testing.assert_array_equal(row > 0, mask)
    assert (row >= 0).all()


# --------------------------------------------------------- bad input: channels and masks

_XC = np.ones((2, 5, 5))
_KC = np.ones((3, 2, 3, 3))

BAD_CHANNEL_AND_MASK_INPUT = [
    (
        lambda: local_layer(np.ones(4), _KERNEL),
        ValueError,
        r"^`x` must be 2-D or 3-D, got 1-D array of shape \(4,\)",
    ),
    (
        lambda: local_layer(_XC, _KERNEL),
        ValueError,
        r"^`kernel` must be 4-D, of shape \(C_out, C_in, 2 \* delta_r \+ 1, 2 \* delta_c \+ 1\), "
        r"for a 3-D image `x` of shape \(C_in, H, W\) = \(2, 5, 5\), got 2-D array of shape "
        r"\(3, 3\); a 3-D image needs a 4-D kernel",
    ),
    (
        lambda: local_layer(_X, _KC),
        ValueError,
        r"^`kernel` must be 2-D for a 2-D image `x`, got 4-D array of shape \(3, 2, 3, 3\): a 4-D "
        r"kernel .* needs an image `x` with channels, of shape \(C_in, H, W\)",
    ),
    (
        lambda: local_layer(np.ones((3, 5, 5)), _KC),
        ValueError,
        r"^`kernel` has C_in = 2 input channels \(axis 1 of shape \(3, 2, 3, 3\)\), but the image "
        r"`x` has 3 \(axis 0 of shape \(3, 5, 5\)\); they must agree",
    ),
    (
        lambda: local_layer(_XC, _KC, bias=[1.0, 2.0]),
        ValueError,
        r"^`bias` must be a scalar or have one entry per output channel, shape \(C_out,\) = "
        r"\(3,\), got shape \(2,\)",
    ),
    (
        lambda: local_layer(_XC, _KC, bias=np.ones((3, 1))),
        ValueError,
        r"^`bias` must be a scalar or have one entry per output channel",
    ),
    (lambda: local_layer(_XC, _KC, bias=[1.0, np.nan, 0]), ValueError, r"^`bias` must be finite"),
    (
        lambda: local_layer(_XC, np.ones((3, 2, 2, 3))),
        ValueError,
        r"^`kernel` must have odd side lengths, got shape \(3, 2, 2, 3\)$",
    ),
    (
        lambda: local_layer(np.ones((0, 5, 5)), _KC),
        ValueError,
        r"^`x` must not be empty: a 3-D image has shape \(C_in, H, W\), each at least 1, got "
        r"shape \(0, 5, 5\)",
    ),
    (
        lambda: local_layer(np.ones((2, 0, 5)), _KC),
        ValueError,
        r"^`x` must not be empty: .* got shape \(2, 0, 5\)",
    ),
    (
        lambda: local_layer(_XC, np.ones((0, 2, 3, 3))),
        ValueError,
        r"^`kernel` must have at least one output and one input channel, .* got shape "
        r"\(0, 2, 3, 3\)",
    ),
    (
        lambda: local_layer(_XC, np.ones((3, 0, 3, 3))),
        ValueError,
        r"^`kernel` must have at least one output and one input channel",
    ),
    (
        lambda: local_layer(_XC, np.full((3, 2, 3, 3), np.inf)),
        ValueError,
        r"^`kernel` must be finite, got 54 NaN or infinite",
    ),
    (
        lambda: local_layer(_XC, _KC.astype(complex)),
        TypeError,
        r"^`kernel` must be real-valued, got dtype complex128",
    ),
    (
        lambda: local_layer(_XC, _KC, padding="full"),
        ValueError,
        r"^`padding` must be one of 'same', 'valid', got 'full'",
    ),
    (
        lambda: local_layer(_XC, np.ones((3, 2, 7, 3)), padding="valid"),
        ValueError,
        r'^with padding="valid" the output would be empty: `kernel` of shape \(3, 2, 7, 3\) does '
        r"not fit inside the image `x` of shape \(2, 5, 5\) \(output shape would be \(0, 3\)\)",
    ),
    # receptive_field_mask
    (
        lambda: receptive_field_mask((5, 5), 1, pixel=(5, 0)),
        ValueError,
        r"^`pixel\[0\]` must be between 0 and 4, got 5",
    ),
    (
        lambda: receptive_field_mask((5, 6), 1, pixel=(0, -1)),
        ValueError,
        r"^`pixel\[1\]` must be between 0 and 5, got -1",
    ),
    (
        lambda: receptive_field_mask((5, 5), 1, pixel=3),
        TypeError,
        r"^`pixel` must be a \(row, col\) pair of integers, got int 3",
    ),
    (
        lambda: receptive_field_mask((5, 5), 1, pixel=(1, 2, 3)),
        ValueError,
        r"^`pixel` must be a \(row, col\) pair of integers, got 3 value\(s\)",
    ),
    (
        lambda: receptive_field_mask((5, 5), 1, pixel=(1.0, 2)),
        TypeError,
        r"^`pixel\[0\]` must be an integer, got float",
    ),
    (
        lambda: receptive_field_mask((5, 5), -1, pixel=(1, 2)),
        ValueError,
        r"^`delta` must be >= 0, got -1",
    ),
    (
        lambda: receptive_field_mask((5, 5), 1.5, pixel=(1, 2)),
        TypeError,
        r"^`delta` must be an integer, got float 1.5",
    ),
    (
        lambda: receptive_field_mask((5, 5), [1, -2], pixel=(1, 2)),
        ValueError,
        r"^`delta\[1\]` must be >= 0, got -2",
    ),
    (
        lambda: receptive_field_mask((5, 5), [], pixel=(1, 2)),
        ValueError,
        r"^`delta` must be an integer or a non-empty sequence of integers \(one radius per "
        r"layer\), got an empty sequence",
    ),
    (
        lambda: receptive_field_mask((5, 5), [1, 2], 3, pixel=(1, 2)),
        ValueError,
        r"^`layers` = 3 disagrees with the 2 radii in `delta` \(1, 2\)",
    ),
    (
        lambda: receptive_field_mask((5, 5), 1, 0, pixel=(1, 2)),
        ValueError,
        r"^`layers` must be >= 1, got 0",
    ),
    (
        lambda: receptive_field_mask((5, 5), 1, True, pixel=(1, 2)),
        TypeError,
        r"^`layers` must be an integer, got bool",
    ),
    (
        lambda: receptive_field_mask((0, 5), 1, pixel=(0, 0)),
        ValueError,
        r"^`shape\[0\]` must be >= 1, got 0",
    ),
    (
        lambda: receptive_field_mask(5, 1, pixel=(0, 0)),
        TypeError,
        r"^`shape` must be a pair \(height, width\) of integers, got int 5",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD_CHANNEL_AND_MASK_INPUT)
def test_channels_and_receptive_field_mask_refuse_bad_input_by_name(call, error, message):
    with pytest.raises(error, match=message):
        call()
