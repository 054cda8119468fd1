"""Tests for mlp2conv.images: the photograph, the synthetic images, shift and load_image."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mlp2conv import images
from mlp2conv.images import (
    MAX_SIZE,
    checkerboard,
    cross,
    digit,
    dot,
    edge,
    load_image,
    noise,
    photo,
    shift,
    square,
)

SYNTHETIC = {
    "square": square,
    "cross": cross,
    "edge": edge,
    "checkerboard": checkerboard,
    "dot": dot,
    "noise": noise,
    "digit": lambda size: digit(3, size),
    "photo": photo,
}


def _mirror_axis(x: np.ndarray) -> tuple[int, float]:
    """Column about which the middle rows of ``x`` are most left-right symmetric."""
    n = x.shape[1]
    half = 3 * n // 8
    band = x[x.shape[0] // 4 : 3 * x.shape[0] // 4]
    scores = {}
    for c in range(half, n - half + 1):
        patch = band[:, c - half : c + half]
        scores[c] = np.corrcoef(patch.ravel(), patch[:, ::-1].ravel())[0, 1]
    best = max(scores, key=scores.get)
    return best, scores[best]


# --------------------------------------------------------------------------- importing


def test_importing_images_does_not_import_matplotlib_or_pillow():
    code = (
        "import sys, mlp2conv.images; "
        "print(any(m.split('.')[0] in ('matplotlib', 'PIL') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- photo


def test_photo_default_is_64_square_float64_in_unit_range():
    x = photo()
    assert x.shape == (64, 64)
    assert x.dtype == np.float64
    assert x.min() >= 0.0
    assert x.max() <= 1.0


@pytest.mark.parametrize("size", [1, 2, 28, 64, 100])
def test_photo_square_sizes_have_the_requested_shape(size):
    assert photo(size).shape == (size, size)


@pytest.mark.parametrize("size", [(30, 40), (64, 32), (1, 5), [20, 10]])
def test_photo_non_square_sizes_have_the_requested_shape(size):
    x = photo(size)
    assert x.shape == tuple(size)
    assert 0.0 <= x.min() <= x.max() <= 1.0


def test_photo_accepts_numpy_integers_and_arrays_as_size():
    assert photo(np.int64(16)).shape == (16, 16)
    assert photo(np.array(12)).shape == (12, 12)
    assert photo(np.array([10, 14])).shape == (10, 14)


def test_photo_is_a_real_photo_with_contrast_not_a_constant():
    x = photo(64)
    assert x.std() > 0.1
    assert len(np.unique(x)) > 1000


def test_photo_is_deterministic_bit_for_bit():
    assert np.array_equal(photo(28), photo(28))
    assert np.array_equal(photo((20, 30)), photo((20, 30)))


def test_photo_returns_a_fresh_copy_that_callers_cannot_use_to_corrupt_the_cache():
    first = photo(16)
    before = first.copy()
    first[:] = -1.0
    assert np.array_equal(photo(16), before)
    full = images._hopper()
    assert not full.flags.writeable


def test_photo_face_is_mirror_symmetric_about_the_centre_column():
    # A face seen from the front is nearly left-right symmetric: the column about
    # which the middle of the picture best matches its own mirror image is the
    # face's axis, and it should be the image's centre.
    for n in (28, 64):
        axis, score = _mirror_axis(photo(n))
        assert abs(axis - n / 2) <= 2
        assert score > 0.5


def test_photo_is_darker_at_the_hat_than_at_the_face():
    x = photo(64)
    hat = x[2:10, 24:40].mean()
    face = x[24:44, 24:40].mean()
    assert face > hat + 0.2


def test_photo_sizes_show_the_same_picture():
    # Downsampling 64 -> 32 by averaging 2 x 2 blocks is close to asking for 32 directly.
    big = photo(64).reshape(32, 2, 32, 2).mean(axis=(1, 3))
    assert np.abs(big - photo(32)).mean() < 0.05


# --------------------------------------------------------------------------- synthetic


@pytest.mark.parametrize("name", sorted(SYNTHETIC))
@pytest.mark.parametrize("size", [1, 7, 16, (5, 9), (12, 3)])
def test_every_image_has_the_requested_shape_dtype_and_unit_range(name, size):
    x = SYNTHETIC[name](size)
    expected = (size, size) if isinstance(size, int) else size
    assert x.shape == expected
    assert x.dtype == np.float64
    assert x.min() >= 0.0
    assert x.max() <= 1.0


@pytest.mark.parametrize("name", sorted(SYNTHETIC))
def test_every_image_can_be_called_with_just_a_size(name):
    assert SYNTHETIC[name](32).shape == (32, 32)


@pytest.mark.parametrize(("name", "function"), sorted(SYNTHETIC.items()))
def test_every_image_is_deterministic(name, function):
    assert np.array_equal(function(20), function(20)), name


def test_square_is_centred_so_it_equals_its_own_flips():
    for size in range(1, 20):
        x = square(size)
        assert np.array_equal(x, x[::-1, :]), size
        assert np.array_equal(x, x[:, ::-1]), size
        assert np.array_equal(x, x.T), size


def test_square_has_side_squared_bright_pixels_in_one_block():
    x = square(10, side=4)
    assert x.sum() == 16
    assert np.array_equal(x[3:7, 3:7], np.ones((4, 4)))


def test_square_side_may_fill_the_image():
    assert np.array_equal(square(6, side=6), np.ones((6, 6)))


def test_cross_is_centred_so_it_equals_its_own_flips_and_transpose():
    for size in range(1, 20):
        x = cross(size)
        assert np.array_equal(x, x[::-1, :]), size
        assert np.array_equal(x, x[:, ::-1]), size
        assert np.array_equal(x, x.T), size


def test_cross_bars_have_the_requested_thickness():
    x = cross(15, thickness=3)
    middle_column = x[:, 7]
    middle_row = x[7, :]
    assert x[:, 0].sum() == 0  # the arms stop short of the border
    assert middle_column.sum() == middle_row.sum() == 15 - 2 * (15 // 8)
    assert x[0 + 15 // 8, :].sum() == 3  # top end of the vertical arm: 3 pixels wide


def test_edge_vertical_is_dark_left_bright_right():
    x = edge(8)
    assert np.array_equal(x[:, :4], np.zeros((8, 4)))
    assert np.array_equal(x[:, 4:], np.ones((8, 4)))


def test_edge_horizontal_is_the_transpose_of_vertical():
    assert np.array_equal(edge(9, "horizontal"), edge(9, "vertical").T)
    assert np.array_equal(edge((4, 6), "horizontal"), edge((6, 4), "vertical").T)


def test_edge_diagonal_is_bright_strictly_below_the_main_diagonal():
    x = edge(6, "diagonal")
    assert np.array_equal(x, np.tril(np.ones((6, 6)), k=-1))


def test_edge_diagonal_on_a_rectangle_splits_it_corner_to_corner_into_halves():
    x = edge((4, 8), "diagonal")
    assert x[-1, 0] == 1.0  # bottom-left bright
    assert x[0, -1] == 0.0  # top-right dark
    assert x.sum() == 16  # no pixel centre lies on this line: exactly half are bright
    assert np.array_equal(x[::-1, ::-1], 1.0 - x)  # half a turn swaps the halves


def test_dot_is_a_single_one_at_the_requested_place():
    x = dot(7, row=2, col=5)
    assert x.sum() == 1.0
    assert x[2, 5] == 1.0
    assert np.count_nonzero(x) == 1


def test_dot_defaults_to_the_centre():
    assert dot(7)[3, 3] == 1.0
    assert dot((4, 6))[2, 3] == 1.0


def test_dot_accepts_every_position_including_the_corners():
    for r in range(3):
        for c in range(4):
            assert dot((3, 4), r, c)[r, c] == 1.0


def test_checkerboard_neighbouring_cells_alternate():
    x = checkerboard(8, cell=1)
    assert np.all(x[:, 1:] != x[:, :-1])
    assert np.all(x[1:, :] != x[:-1, :])
    assert x[0, 0] == 1.0
    assert x.sum() == 32


def test_checkerboard_cells_are_uniform_blocks_of_the_requested_size():
    x = checkerboard(12, cell=3)
    blocks = x.reshape(4, 3, 4, 3)
    assert np.all(blocks.min(axis=(1, 3)) == blocks.max(axis=(1, 3)))
    cells = blocks[:, 0, :, 0]
    assert np.array_equal(cells, checkerboard(4, cell=1))


def test_checkerboard_default_is_eight_by_eight_cells():
    x = checkerboard(32)
    assert np.array_equal(x[::4, ::4], checkerboard(8, cell=1))


def test_digits_are_all_different_from_each_other():
    glyphs = [digit(d) for d in range(10)]
    for i in range(10):
        for j in range(i + 1, 10):
            assert np.abs(glyphs[i] - glyphs[j]).mean() > 0.03, (i, j)


def test_digits_are_bright_strokes_on_a_black_border():
    for d in range(10):
        x = digit(d)
        assert x.max() == 1.0
        assert 0.05 < x.mean() < 0.35, d
        border = np.concatenate([x[0], x[-1], x[:, 0], x[:, -1]])
        assert border.max() == 0.0, d


def test_digit_one_has_less_ink_than_eight():
    assert digit(1).sum() < 0.6 * digit(8).sum()


def test_digit_zero_has_a_dark_hole_in_the_middle():
    x = digit(0)
    assert x[12:16, 12:16].max() == 0.0
    assert x[14, :].max() == 1.0


def test_digit_nine_is_six_turned_upside_down():
    assert np.allclose(digit(9), digit(6)[::-1, ::-1])


def test_digit_accepts_non_square_sizes():
    assert digit(4, (32, 20)).shape == (32, 20)


def test_noise_is_reproducible_from_its_seed():
    assert np.array_equal(noise(16, seed=3), noise(16, seed=3))
    assert np.array_equal(noise(16), noise(16, seed=0))


def test_noise_with_different_seeds_differs():
    assert not np.array_equal(noise(16, seed=0), noise(16, seed=1))


def test_noise_matches_numpy_default_rng():
    expected = np.random.default_rng(7).random((5, 6))
    assert np.array_equal(noise((5, 6), seed=7), expected)


def test_noise_looks_uniform():
    x = noise(128)
    assert abs(x.mean() - 0.5) < 0.02
    assert x.min() >= 0.0
    assert x.max() < 1.0


def test_largest_size_is_allowed():
    assert square(MAX_SIZE).shape == (MAX_SIZE, MAX_SIZE)
    assert dot((1, MAX_SIZE)).shape == (1, MAX_SIZE)


# --------------------------------------------------------------------------- shift


def test_shift_fills_with_zeros_instead_of_wrapping_around():
    x = np.arange(1.0, 10.0).reshape(3, 3)
    y = shift(x, 1, 1)
    assert np.array_equal(y, [[0, 0, 0], [0, 1, 2], [0, 4, 5]])
    assert not np.array_equal(y, np.roll(x, (1, 1), axis=(0, 1)))


def test_shift_positive_moves_down_and_right():
    y = shift(dot(5, 1, 1), 2, 3)
    assert y[3, 4] == 1.0
    assert y.sum() == 1.0


def test_shift_negative_moves_up_and_left():
    y = shift(dot(5, 3, 4), -2, -4)
    assert y[1, 0] == 1.0
    assert y.sum() == 1.0


def test_shift_by_zero_is_an_identity_copy():
    x = noise(6)
    y = shift(x, 0, 0)
    assert np.array_equal(y, x)
    assert y is not x
    assert not np.shares_memory(y, x)


def test_shift_does_not_modify_its_input():
    x = noise(6)
    before = x.copy()
    shift(x, 2, -1)
    assert np.array_equal(x, before)


def test_shift_then_shift_back_recovers_the_interior():
    x = noise(10)
    back = shift(shift(x, 2, -3), -2, 3)
    assert np.array_equal(back[:8, 3:], x[:8, 3:])
    assert back[8:, :].sum() == 0
    assert back[:, :3].sum() == 0


@pytest.mark.parametrize(
    ("rows", "cols"), [(6, 0), (0, 7), (-6, 0), (0, -7), (100, 100), (10**30, 0)]
)
def test_shift_by_the_image_size_or_more_gives_all_zeros(rows, cols):
    y = shift(np.ones((6, 7)), rows, cols)
    assert y.shape == (6, 7)
    assert not y.any()


def test_shift_accepts_integer_and_boolean_images_and_returns_float64():
    y = shift(np.eye(3, dtype=bool), 1, 0)
    assert y.dtype == np.float64
    assert np.array_equal(shift([[1, 2], [3, 4]], 0, 1), [[0, 1], [0, 3]])


def test_shift_accepts_numpy_integers_for_rows_and_cols():
    assert np.array_equal(shift(dot(3), np.int32(1), np.int64(-1)), dot(3, 2, 0))


def test_shift_defaults_to_no_movement():
    x = noise(4)
    assert np.array_equal(shift(x), x)
    assert np.array_equal(shift(x, cols=1), shift(x, 0, 1))


images_2d = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=12),
    elements=st.floats(-10, 10, allow_nan=False),
)


@settings(max_examples=100, deadline=None)
@given(
    inner=images_2d,
    rows=st.integers(-4, 4),
    cols=st.integers(-4, 4),
)
def test_shift_preserves_the_sum_when_content_stays_inside_a_zero_margin(inner, rows, cols):
    x = np.pad(inner, 4)
    y = shift(x, rows, cols)
    assert y.sum() == pytest.approx(x.sum(), abs=1e-9)
    assert np.array_equal(shift(y, -rows, -cols), x)


@settings(max_examples=100, deadline=None)
@given(x=images_2d, rows=st.integers(-15, 15), cols=st.integers(-15, 15))
def test_shift_agrees_with_roll_where_nothing_wrapped_and_is_zero_elsewhere(x, rows, cols):
    y = shift(x, rows, cols)
    height, width = x.shape
    rr, cc = np.indices(x.shape)
    inside = (rr - rows >= 0) & (rr - rows < height) & (cc - cols >= 0) & (cc - cols < width)
    rolled = np.roll(x, (rows, cols), axis=(0, 1))
    assert np.array_equal(y[inside], rolled[inside])
    assert not y[~inside].any()


@settings(max_examples=100, deadline=None)
@given(
    x=images_2d,
    a=st.integers(0, 6),
    b=st.integers(0, 6),
    c=st.integers(-6, 0),
    d=st.integers(-6, 0),
)
def test_shifts_in_the_same_direction_add_up(x, a, b, c, d):
    assert np.array_equal(shift(shift(x, a, c), b, d), shift(x, a + b, c + d))


# --------------------------------------------------------------------------- load_image


def test_load_image_keeps_a_float_array_already_in_unit_range():
    x = noise((5, 4))
    y = load_image(x)
    assert np.array_equal(y, x)
    assert not np.shares_memory(y, x)


def test_load_image_scales_uint8_by_255_and_uint16_by_65535():
    assert load_image(np.array([[0, 51, 255]], dtype=np.uint8)).tolist() == [[0.0, 0.2, 1.0]]
    assert load_image(np.array([[0, 65535]], dtype=np.uint16)).tolist() == [[0.0, 1.0]]


def test_load_image_stretches_arrays_outside_unit_range_to_it():
    y = load_image([[10, 20], [30, 50]])
    assert y.tolist() == [[0.0, 0.25], [0.5, 1.0]]


def test_load_image_clips_a_constant_array_outside_unit_range():
    assert load_image(np.full((2, 2), 7.0)).tolist() == [[1.0, 1.0], [1.0, 1.0]]
    assert load_image(np.full((1, 2), -3)).tolist() == [[0.0, 0.0]]


def test_load_image_converts_rgb_with_luminance_weights():
    rgb = np.zeros((1, 3, 3), dtype=np.uint8)
    rgb[0, 0, 0] = rgb[0, 1, 1] = rgb[0, 2, 2] = 255
    assert np.allclose(load_image(rgb), [[0.299, 0.587, 0.114]])


def test_load_image_ignores_the_alpha_channel():
    rgba = np.ones((2, 2, 4))
    rgba[..., 3] = 0.0
    assert np.array_equal(load_image(rgba), np.ones((2, 2)))  # exact: gray stays gray


def test_load_image_resizes_to_size_keeping_the_aspect_by_cropping_the_centre():
    x = np.zeros((40, 80))
    x[:, 20:60] = 1.0  # a bright centre square, dark bands left and right
    y = load_image(x, size=10)
    assert y.shape == (10, 10)
    # Only the bright centre survives the square crop (stretching would have kept
    # the dark bands); the filter feels the dark border a little at the sides.
    assert y.mean() > 0.95
    assert y[:, 0].min() > 0.9
    assert np.allclose(y[:, 3:7], 1.0)


def test_load_image_keeps_gray_files_and_gray_rgb_exactly(tmp_path):
    from PIL import Image

    gray = np.linspace(0.0, 1.0, 12).reshape(3, 4)
    assert np.array_equal(load_image(np.stack([gray] * 3, axis=-1)), gray)
    levels = np.arange(0, 240, 20, dtype=np.uint8).reshape(3, 4)
    path = tmp_path / "gray.png"
    Image.fromarray(levels).save(path)
    assert np.array_equal(load_image(path), levels / 255.0)


def test_load_image_resizes_to_a_rows_cols_pair():
    assert load_image(noise((50, 50)), size=(10, 20)).shape == (10, 20)


def test_load_image_reads_a_png_file_as_grayscale(tmp_path):
    from PIL import Image

    rgb = np.zeros((3, 4, 3), dtype=np.uint8)
    rgb[1, 2] = (255, 255, 255)
    rgb[0, 0] = (255, 0, 0)
    path = tmp_path / "picture.png"
    Image.fromarray(rgb).save(path)
    y = load_image(path)
    assert y.shape == (3, 4)
    assert y[1, 2] == pytest.approx(1.0)
    assert y[0, 0] == pytest.approx(0.299)
    assert load_image(str(path), size=2).shape == (2, 2)


def test_load_image_reads_a_16_bit_grayscale_file(tmp_path):
    from PIL import Image

    arr = np.array([[0, 1000], [2000, 4000]], dtype=np.uint16)
    path = tmp_path / "deep.png"
    Image.fromarray(arr).save(path)
    y = load_image(path)
    assert y.shape == (2, 2)
    assert y.min() >= 0.0
    assert y.max() <= 1.0
    assert y[0, 0] < y[0, 1] < y[1, 0] < y[1, 1]


def test_load_image_accepts_a_pillow_image():
    from PIL import Image

    image = Image.fromarray(np.array([[0, 255]], dtype=np.uint8))
    assert load_image(image).tolist() == [[0.0, 1.0]]


def test_load_image_of_the_photo_file_matches_photo():
    # The book's photo and a reader's own copy of it go through the same pipeline.
    from matplotlib import cbook

    path = cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)
    assert np.array_equal(load_image(path), images._hopper())


# --------------------------------------------------------------------------- bad input

SIZED = [photo, square, cross, edge, checkerboard, dot, noise, lambda size: digit(1, size)]


@pytest.mark.parametrize("function", SIZED)
@pytest.mark.parametrize(
    ("size", "error", "match"),
    [
        (0, ValueError, r"`size` must be between 1 and 1024, got 0"),
        (1025, ValueError, r"`size` must be between 1 and 1024, got 1025"),
        (-3, ValueError, r"`size` must be between 1 and 1024, got -3"),
        (2.5, TypeError, r"`size` must be an integer or a \(rows, cols\) pair .*got float 2.5"),
        ("64", TypeError, r"`size` must be an integer or a \(rows, cols\) pair .*got str '64'"),
        (None, TypeError, r"`size` must be an integer or a \(rows, cols\) pair .*got NoneType"),
        (True, TypeError, r"`size` must be an integer or a \(rows, cols\) pair .*got bool True"),
        ((1, 2, 3), ValueError, r"`size` must be .* pair of integers, got a tuple of length 3"),
        ((0, 5), ValueError, r"`size\[0\]` must be between 1 and 1024, got 0"),
        ((5, 2000), ValueError, r"`size\[1\]` must be between 1 and 1024, got 2000"),
        ((5, 2.0), TypeError, r"`size\[1\]` must be an integer, got float 2.0"),
    ],
)
def test_every_image_refuses_a_bad_size(function, size, error, match):
    with pytest.raises(error, match=match):
        function(size)


def test_square_refuses_a_bad_side():
    with pytest.raises(ValueError, match=r"`side` must be between 1 and 8, got 9"):
        square(8, side=9)
    with pytest.raises(ValueError, match=r"`side` must be between 1 and 3, got 0"):
        square((3, 5), side=0)
    with pytest.raises(TypeError, match=r"`side` must be an integer, got float 2.0"):
        square(8, side=2.0)


def test_cross_refuses_a_bad_thickness():
    with pytest.raises(ValueError, match=r"`thickness` must be between 1 and 8, got 9"):
        cross(8, thickness=9)
    with pytest.raises(ValueError, match=r"`thickness` must be between 1 and 8, got 0"):
        cross(8, thickness=0)
    with pytest.raises(TypeError, match=r"`thickness` must be an integer, got str '2'"):
        cross(8, thickness="2")


def test_edge_refuses_an_unknown_orientation():
    with pytest.raises(
        ValueError,
        match=r"`orientation` must be one of 'vertical', 'horizontal', 'diagonal', got 'up'",
    ):
        edge(8, "up")
    with pytest.raises(ValueError, match=r"got 'Vertical'"):
        edge(8, "Vertical")


def test_edge_refuses_an_orientation_that_is_not_a_string():
    with pytest.raises(TypeError, match=r"`orientation` must be a string, one of .*got int 1"):
        edge(8, 1)


def test_checkerboard_refuses_a_bad_cell():
    with pytest.raises(ValueError, match=r"`cell` must be between 1 and 8, got 0"):
        checkerboard(8, cell=0)
    with pytest.raises(ValueError, match=r"`cell` must be between 1 and 9, got 10"):
        checkerboard((4, 9), cell=10)
    with pytest.raises(TypeError, match=r"`cell` must be an integer, got float 1.5"):
        checkerboard(8, cell=1.5)


def test_dot_refuses_a_position_outside_the_image():
    with pytest.raises(ValueError, match=r"`row` must be between 0 and 4, got 5"):
        dot(5, row=5)
    with pytest.raises(ValueError, match=r"`col` must be between 0 and 6, got -1"):
        dot((5, 7), row=0, col=-1)
    with pytest.raises(TypeError, match=r"`row` must be an integer, got float 1.0"):
        dot(5, row=1.0)
    with pytest.raises(TypeError, match=r"`col` must be an integer, got str '1'"):
        dot(5, col="1")


def test_noise_refuses_a_bad_seed():
    with pytest.raises(ValueError, match=r"`seed` must be >= 0, got -1"):
        noise(8, seed=-1)
    with pytest.raises(TypeError, match=r"`seed` must be an integer, got float 0.5"):
        noise(8, seed=0.5)
    with pytest.raises(TypeError, match=r"`seed` must be an integer, got NoneType None"):
        noise(8, seed=None)


def test_digit_refuses_a_number_that_is_not_a_digit():
    with pytest.raises(ValueError, match=r"`d` must be between 0 and 9, got 10"):
        digit(10)
    with pytest.raises(ValueError, match=r"`d` must be between 0 and 9, got -1"):
        digit(-1)
    with pytest.raises(TypeError, match=r"`d` must be an integer, got str '7'"):
        digit("7")
    with pytest.raises(TypeError, match=r"`d` must be an integer, got float 7.0"):
        digit(7.0)


@pytest.mark.parametrize(
    ("x", "error", "match"),
    [
        (np.ones(4), ValueError, r"`x` must be 2-D, got 1-D array of shape \(4,\)"),
        (np.ones((2, 2, 3)), ValueError, r"`x` must be 2-D, got 3-D array"),
        (np.ones((0, 3)), ValueError, r"`x` must not be empty, got shape \(0, 3\)"),
        ([[1.0, np.nan]], ValueError, r"`x` must be finite, got 1 NaN or infinite value"),
        ([[1.0, np.inf]], ValueError, r"`x` must be finite"),
        ("image", TypeError, r"`x` must be a numeric array, got str"),
        ([["a", "b"]], TypeError, r"`x` must be a numeric array, got dtype <U1"),
        (np.ones((2, 2), dtype=complex), TypeError, r"`x` must be real-valued, got dtype"),
    ],
)
def test_shift_refuses_an_image_that_is_not_a_finite_2d_array(x, error, match):
    with pytest.raises(error, match=match):
        shift(x, 1, 1)


def test_shift_refuses_offsets_that_are_not_integers():
    with pytest.raises(TypeError, match=r"`rows` must be an integer, got float 1.5"):
        shift(np.ones((3, 3)), 1.5, 0)
    with pytest.raises(TypeError, match=r"`cols` must be an integer, got str '1'"):
        shift(np.ones((3, 3)), 0, "1")
    with pytest.raises(TypeError, match=r"`cols` must be an integer, got bool True"):
        shift(np.ones((3, 3)), 0, True)


def test_load_image_reports_a_missing_file_with_its_path(tmp_path):
    missing = tmp_path / "no_such_picture.png"
    with pytest.raises(FileNotFoundError, match=r"`source` file not found: '.*no_such_picture"):
        load_image(missing)
    with pytest.raises(FileNotFoundError, match=r"no_such_picture\.png"):
        load_image(str(missing))


def test_load_image_reports_a_file_that_is_not_an_image(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("this is not a picture")
    with pytest.raises(ValueError, match=r"`source` could not be read as an image: '.*notes\.png'"):
        load_image(path)


def test_load_image_reports_a_directory_as_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"`source` file not found"):
        load_image(tmp_path)


@pytest.mark.parametrize(
    ("source", "error", "match"),
    [
        (np.ones(5), ValueError, r"`source` must be 2-D or 3-D, got 1-D array of shape \(5,\)"),
        (np.ones((2, 2, 2, 2)), ValueError, r"`source` must be 2-D or 3-D, got 4-D"),
        (
            np.ones((4, 4, 2)),
            ValueError,
            r"`source` must be a 2-D grayscale image or a 3-D array with 3 \(RGB\) or "
            r"4 \(RGBA\) channels in the last axis, got shape \(4, 4, 2\)",
        ),
        (np.ones((0, 4)), ValueError, r"`source` must not be empty, got shape \(0, 4\)"),
        (np.ones((3, 0, 3)), ValueError, r"`source` must not be empty, got shape \(3, 0, 3\)"),
        ([[0.0, np.nan]], ValueError, r"`source` must be finite, got 1 NaN"),
        (42, ValueError, r"`source` must be 2-D or 3-D, got 0-D"),
        (None, TypeError, r"`source` must be a numeric array or a path to an image file, got"),
        ({"a": 1}, TypeError, r"`source` must be a numeric array or a path .*got dict"),
        (b"picture.png", TypeError, r"`source` must be a numeric array or a path .*got bytes"),
    ],
)
def test_load_image_refuses_a_source_that_is_not_an_image(source, error, match):
    with pytest.raises(error, match=match):
        load_image(source)


def test_load_image_refuses_a_bad_size():
    with pytest.raises(ValueError, match=r"`size` must be between 1 and 1024, got 0"):
        load_image(np.ones((4, 4)), size=0)
    with pytest.raises(TypeError, match=r"`size` must be an integer or a \(rows, cols\) pair"):
        load_image(np.ones((4, 4)), size=1.5)


def test_photo_rgb_is_the_colour_version_of_photo_with_the_same_framing():
    rgb = images.photo_rgb(32)
    assert rgb.shape == (3, 32, 32)
    assert rgb.min() >= 0.0 and rgb.max() <= 1.0
    luminance = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
    # Same crop and resampling as the grayscale photo: luminance agrees closely.
    assert np.abs(luminance - images.photo(32)).mean() < 0.02
    assert np.abs(rgb[0] - rgb[2]).max() > 0.1, "the channels should differ"
    assert np.array_equal(images.photo_rgb((20, 30)), images.photo_rgb((20, 30)))


@pytest.mark.parametrize(
    ("size", "error", "message"), [(0, ValueError, "`size`"), ("a", TypeError, "`size`")]
)
def test_photo_rgb_refuses_bad_sizes(size, error, message):
    with pytest.raises(error, match=message):
        images.photo_rgb(size)
