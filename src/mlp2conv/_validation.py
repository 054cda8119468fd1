"""Argument checks shared by the public functions.

Every check names the argument in backticks, says what it received and what
is accepted, and raises ``TypeError`` (wrong kind of thing) or ``ValueError``
(right kind, wrong value). Public functions normalise their inputs with these
helpers before doing any numerical work, so a caller never sees a numpy
traceback from deep inside.
"""

from __future__ import annotations

import numbers
import operator

import numpy as np

#: Default ceiling for any dense weight tensor a function is asked to build.
DEFAULT_MAX_BYTES = 512 * 2**20


def format_bytes(n: int) -> str:
    """Return ``n`` bytes as a short human-readable string (decimal units).

    Examples
    --------
    >>> format_bytes(8 * 10**12)
    '8.0 TB'
    >>> format_bytes(512 * 2**20)
    '536.9 MB'
    >>> format_bytes(12)
    '12 B'
    """
    if n < 1000:
        return f"{n} B"
    for unit in ("kB", "MB", "GB", "TB", "PB", "EB"):
        n /= 1000
        if n < 1000 or unit == "EB":
            return f"{n:.1f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def as_int(value, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return ``value`` as a Python int, checking type and range.

    Python and numpy integers are accepted; ``bool`` (although Python counts it as
    an int), floats and everything else are refused with a ``TypeError``.

    Examples
    --------
    >>> as_int(np.int64(3), "n", minimum=1)
    3
    >>> as_int(True, "n")
    Traceback (most recent call last):
    ...
    TypeError: `n` must be an integer, got bool True
    """
    if isinstance(value, bool | np.bool_):
        raise TypeError(f"`{name}` must be an integer, got bool {value!r}")
    if not isinstance(value, numbers.Integral):
        try:
            value = operator.index(value)
        except TypeError:
            raise TypeError(
                f"`{name}` must be an integer, got {type(value).__name__} {value!r}"
            ) from None
    value = int(value)
    if minimum is not None and value < minimum:
        bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise ValueError(f"`{name}` must be {bound}, got {value}")
    if maximum is not None and value > maximum:
        bound = f"between {minimum} and {maximum}" if minimum is not None else f"<= {maximum}"
        raise ValueError(f"`{name}` must be {bound}, got {value}")
    return value


def numeric_array(value, name: str, *, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``np.asarray(value)`` after checking its dtype and number of dimensions.

    Nothing is converted or copied when ``value`` is already an array, and the
    values are not looked at: this is the cheap part of :func:`as_float_array`,
    for callers that must check a size (:func:`check_tensor_bytes`) before
    touching the data.

    Examples
    --------
    >>> numeric_array([[1, 2]], "x", ndim=2).shape
    (1, 2)
    >>> numeric_array(["a"], "x")
    Traceback (most recent call last):
    ...
    TypeError: `x` must be a numeric array, got dtype <U1
    """
    if isinstance(value, str | bytes):
        raise TypeError(f"`{name}` must be a numeric array, got {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged nested lists and the like
        raise TypeError(f"`{name}` must be a numeric array, got {type(value).__name__}") from exc
    kind = arr.dtype.kind  # bool, signed, unsigned, float; complex; anything else
    if kind not in "biuf":
        if kind == "c":
            raise TypeError(f"`{name}` must be real-valued, got dtype {arr.dtype}")
        raise TypeError(f"`{name}` must be a numeric array, got dtype {arr.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(
                f"`{name}` must be {want}, got {arr.ndim}-D array of shape {arr.shape}"
            )
    return arr


def check_finite(arr: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` naming ``name`` if the float array ``arr`` has NaN or inf.

    Examples
    --------
    >>> check_finite(np.array([1.0, np.nan, np.inf]), "x")
    Traceback (most recent call last):
    ...
    ValueError: `x` must be finite, got 2 NaN or infinite value(s)
    """
    if arr.size and not np.isfinite(arr).all():
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"`{name}` must be finite, got {bad} NaN or infinite value(s)")


def as_float_array(value, name: str, *, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``value`` as a finite float64 array with the given number of dimensions.

    Booleans and integers are accepted and converted; strings, objects and
    complex numbers are refused with a ``TypeError``; NaN or infinite entries
    with a ``ValueError``.
    """
    arr = numeric_array(value, name, ndim=ndim).astype(np.float64, copy=False)
    check_finite(arr, name)
    return arr


def as_float(value, name: str, *, minimum: float | None = None) -> float:
    """Return a finite real scalar as a Python float, optionally at least ``minimum``.

    Examples
    --------
    >>> as_float(np.float32(0.5), "atol", minimum=0.0)
    0.5
    >>> as_float(-1, "atol", minimum=0.0)
    Traceback (most recent call last):
    ...
    ValueError: `atol` must be >= 0.0, got -1.0
    """
    arr = numeric_array(value, name)
    if arr.ndim != 0:
        raise ValueError(f"`{name}` must be a scalar, got an array of shape {arr.shape}")
    result = float(arr)
    if not np.isfinite(result):
        raise ValueError(f"`{name}` must be finite, got {result}")
    if minimum is not None and result < minimum:
        raise ValueError(f"`{name}` must be >= {minimum}, got {result}")
    return result


def as_shape(value, name: str) -> tuple[int, int]:
    """Return an image shape ``(height, width)`` as a pair of Python ints >= 1.

    Examples
    --------
    >>> as_shape(np.array([3, 4]), "shape")
    (3, 4)
    >>> as_shape(5, "shape")
    Traceback (most recent call last):
    ...
    TypeError: `shape` must be a pair (height, width) of integers, got int 5
    """
    try:
        items = tuple(value)
    except TypeError:
        raise TypeError(
            f"`{name}` must be a pair (height, width) of integers, got {type(value).__name__} "
            f"{value!r}"
        ) from None
    if len(items) != 2:
        raise ValueError(
            f"`{name}` must be a pair (height, width) of integers, got {len(items)} value(s) "
            f"{items!r}"
        )
    return (
        as_int(items[0], f"{name}[0]", minimum=1),
        as_int(items[1], f"{name}[1]", minimum=1),
    )


def as_image(value, name: str = "x") -> np.ndarray:
    """Return a 2-D, non-empty, finite float64 image."""
    arr = as_float_array(value, name, ndim=2)
    if 0 in arr.shape:
        raise ValueError(f"`{name}` must not be empty, got shape {arr.shape}")
    return arr


def as_bias(value, name: str, shape: tuple[int, ...] | None = None) -> np.ndarray | float:
    """Return a scalar bias as float, or an array bias of exactly ``shape``.

    With ``shape=None`` only a scalar is accepted.
    """
    if type(value) is float or type(value) is int:  # the common case, made cheap
        try:
            result = float(value)
        except OverflowError:
            pass  # an int too large for a float: let the general path explain
        else:
            if np.isfinite(result):
                return result
    arr = as_float_array(value, name)
    if arr.ndim == 0:
        return float(arr)
    if shape is None:
        raise ValueError(f"`{name}` must be a scalar, got an array of shape {arr.shape}")
    if arr.shape != tuple(shape):
        raise ValueError(
            f"`{name}` must be a scalar or have shape {tuple(shape)}, got shape {arr.shape}"
        )
    return arr


def check_tensor_bytes(shape: tuple[int, ...], max_bytes, name: str, *, itemsize: int = 8) -> int:
    """Refuse to build a tensor of ``shape`` whose size would exceed ``max_bytes``.

    The size is computed with Python integers (no overflow, no allocation).
    Returns the size in bytes when it fits.
    """
    limit = as_int(max_bytes, "max_bytes", minimum=0)
    needed = itemsize
    for n in shape:
        needed *= int(n)
    if needed > limit:
        dims = " x ".join(str(int(n)) for n in shape)
        raise ValueError(
            f"{name} would need a float64 tensor of shape ({dims}): {format_bytes(needed)}, "
            f"more than `max_bytes` = {format_bytes(limit)}. Use a smaller image, or pass a "
            f"larger `max_bytes` if the memory is really there."
        )
    return needed


def as_choice(value, name: str, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of the strings ``choices``.

    A non-string is a ``TypeError``, an unknown string a ``ValueError``; both
    messages list the accepted values.

    Examples
    --------
    >>> as_choice("same", "padding", ("same", "valid"))
    'same'
    >>> as_choice("full", "padding", ("same", "valid"))
    Traceback (most recent call last):
    ...
    ValueError: `padding` must be one of 'same', 'valid', got 'full'
    """
    accepted = ", ".join(map(repr, choices))
    if not isinstance(value, str):
        raise TypeError(
            f"`{name}` must be a string, one of {accepted}, got {type(value).__name__} {value!r}"
        )
    if value not in choices:
        raise ValueError(f"`{name}` must be one of {accepted}, got {value!r}")
    return value
