"""Tests for mlp2conv._validation: each check accepts what it promises, refuses the rest
with a message naming the argument, and the size check allocates nothing."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from mlp2conv._validation import (
    DEFAULT_MAX_BYTES,
    as_bias,
    as_float,
    as_float_array,
    as_image,
    as_int,
    as_shape,
    check_finite,
    check_tensor_bytes,
    format_bytes,
    numeric_array,
)


def test_format_bytes_uses_decimal_units():
    assert format_bytes(0) == "0 B"
    assert format_bytes(999) == "999 B"
    assert format_bytes(1000) == "1.0 kB"
    assert format_bytes(8 * 10**12) == "8.0 TB"
    assert format_bytes(DEFAULT_MAX_BYTES) == "536.9 MB"
    assert format_bytes(10**30) == "1000000000000.0 EB"


def test_as_int_accepts_python_and_numpy_integers_and_returns_python_int():
    for value in (3, np.int8(3), np.int64(3), np.uint64(3), np.array(3)):
        result = as_int(value, "n", minimum=0, maximum=5)
        assert result == 3
        assert type(result) is int
    assert as_int(10**30, "n") == 10**30


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, r"^`n` must be an integer, got bool True$"),
        (np.False_, r"^`n` must be an integer, got bool"),
        (2.0, r"^`n` must be an integer, got float 2\.0$"),
        (np.float64(2.0), r"^`n` must be an integer, got float"),
        ("2", r"^`n` must be an integer, got str '2'$"),
        (None, r"^`n` must be an integer, got NoneType None$"),
        ([2], r"^`n` must be an integer, got list \[2\]$"),
    ],
)
def test_as_int_refuses_non_integers_with_type_error(value, message):
    with pytest.raises(TypeError, match=message):
        as_int(value, "n")


def test_as_int_range_messages_state_the_bounds():
    with pytest.raises(ValueError, match=r"^`n` must be >= 1, got 0$"):
        as_int(0, "n", minimum=1)
    with pytest.raises(ValueError, match=r"^`n` must be between 1 and 4, got 5$"):
        as_int(5, "n", minimum=1, maximum=4)
    with pytest.raises(ValueError, match=r"^`n` must be <= 4, got 5$"):
        as_int(5, "n", maximum=4)


def test_numeric_array_neither_copies_nor_converts():
    x = np.arange(6, dtype=np.int16).reshape(2, 3)
    assert numeric_array(x, "x", ndim=2) is x
    view = np.broadcast_to(np.float64(1.0), (10**6, 10**6))  # 8 TB, never materialised
    assert numeric_array(view, "v", ndim=(1, 2)) is view
    assert numeric_array(True, "b").dtype == np.bool_


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("abc", TypeError, r"^`a` must be a numeric array, got str$"),
        (b"abc", TypeError, r"^`a` must be a numeric array, got bytes$"),
        (["a", "b"], TypeError, r"^`a` must be a numeric array, got dtype <U1$"),
        ([object()], TypeError, r"^`a` must be a numeric array, got dtype object$"),
        ([[1], [1, 2]], TypeError, r"^`a` must be a numeric array, got list$"),
        ([1j], TypeError, r"^`a` must be real-valued, got dtype complex128$"),
        (np.array(["2020-01-01"], dtype="datetime64[D]"), TypeError, r"got dtype datetime64"),
        (np.ones(3), ValueError, r"^`a` must be 2-D or 3-D, got 1-D array of shape \(3,\)$"),
    ],
)
def test_numeric_array_refuses_what_is_not_a_real_array(value, error, message):
    with pytest.raises(error, match=message):
        numeric_array(value, "a", ndim=(2, 3))


def test_as_float_array_converts_to_float64_and_refuses_non_finite():
    assert as_float_array([[True, False]], "a", ndim=2).dtype == np.float64
    x = np.ones((2, 2))
    assert as_float_array(x, "a") is x  # already float64: no copy
    assert as_float_array(np.ones(0), "a").shape == (0,)
    with pytest.raises(ValueError, match=r"^`a` must be finite, got 2 NaN or infinite value\(s\)$"):
        as_float_array([1.0, np.nan, -np.inf], "a")
    with pytest.raises(ValueError, match=r"^`a` must be 1-D, got 0-D array of shape \(\)$"):
        as_float_array(1.0, "a", ndim=1)


def test_check_finite_counts_the_bad_values():
    check_finite(np.ones(3), "a")
    check_finite(np.ones(0), "a")
    with pytest.raises(ValueError, match=r"^`w` must be finite, got 3 NaN or infinite"):
        check_finite(np.array([np.nan, np.inf, -np.inf, 0.0]), "w")


def test_as_image_refuses_other_dimensions_and_empty_images():
    assert as_image([[1, 2]]).tolist() == [[1.0, 2.0]]
    with pytest.raises(ValueError, match=r"^`x` must be 2-D, got 3-D array"):
        as_image(np.ones((2, 2, 3)))
    with pytest.raises(ValueError, match=r"^`img` must not be empty, got shape \(3, 0\)$"):
        as_image(np.ones((3, 0)), "img")


def test_as_bias_accepts_a_scalar_or_exactly_the_shape():
    assert as_bias(2, "bias") == 2.0
    assert type(as_bias(np.float32(2), "bias", (2, 2))) is float
    assert as_bias(np.ones((2, 2)), "bias", (2, 2)).shape == (2, 2)
    with pytest.raises(
        ValueError, match=r"^`bias` must be a scalar, got an array of shape \(2,\)$"
    ):
        as_bias([1, 2], "bias")
    with pytest.raises(
        ValueError, match=r"^`bias` must be a scalar or have shape \(2, 2\), got shape \(2, 1\)$"
    ):
        as_bias(np.ones((2, 1)), "bias", (2, 2))
    with pytest.raises(ValueError, match=r"^`bias` must be finite"):
        as_bias(np.nan, "bias")


def test_as_float_returns_a_python_float_in_range():
    assert as_float(np.float32(0.5), "atol", minimum=0.0) == 0.5
    assert type(as_float(1, "atol")) is float
    with pytest.raises(ValueError, match=r"^`atol` must be >= 0\.0, got -1\.0$"):
        as_float(-1, "atol", minimum=0.0)
    with pytest.raises(ValueError, match=r"^`atol` must be finite, got inf$"):
        as_float(np.inf, "atol")
    with pytest.raises(
        ValueError, match=r"^`atol` must be a scalar, got an array of shape \(1,\)$"
    ):
        as_float([1.0], "atol")
    with pytest.raises(TypeError, match=r"^`atol` must be a numeric array, got str$"):
        as_float("1", "atol")


def test_as_shape_returns_a_pair_of_positive_python_ints():
    assert as_shape((np.int64(3), 4), "shape") == (3, 4)
    assert as_shape([1, 1], "shape") == (1, 1)
    with pytest.raises(TypeError, match=r"^`shape` must be a pair \(height, width\) of integers"):
        as_shape(None, "shape")
    with pytest.raises(ValueError, match=r"got 1 value\(s\) \(3,\)$"):
        as_shape((3,), "shape")
    with pytest.raises(ValueError, match=r"^`shape\[1\]` must be >= 1, got -2$"):
        as_shape((3, -2), "shape")
    with pytest.raises(TypeError, match=r"^`shape\[0\]` must be an integer, got float 3\.0$"):
        as_shape((3.0, 2), "shape")


def test_check_tensor_bytes_returns_the_size_when_it_fits():
    assert check_tensor_bytes((2, 3), 48, "f") == 48
    assert check_tensor_bytes((2, 3), 48, "f", itemsize=4) == 24
    assert check_tensor_bytes((0, 5), 0, "f") == 0


def test_check_tensor_bytes_refuses_8_terabytes_without_allocating():
    tracemalloc.start()
    try:
        with pytest.raises(
            ValueError,
            match=r"^build would need a float64 tensor of shape \(1000 x 1000 x 1000 x 1000\): "
            r"8\.0 TB, more than `max_bytes` = 536\.9 MB\. ",
        ):
            check_tensor_bytes((1000, 1000, 1000, 1000), DEFAULT_MAX_BYTES, "build")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024


def test_check_tensor_bytes_validates_max_bytes():
    with pytest.raises(ValueError, match=r"^`max_bytes` must be >= 0, got -1$"):
        check_tensor_bytes((2,), -1, "f")
    with pytest.raises(TypeError, match=r"^`max_bytes` must be an integer, got float"):
        check_tensor_bytes((2,), 1e9, "f")
