"""A photograph and synthetic test images for the chapters, with no network access.

Every image is a 2-D float64 array with values in [0, 1] (0 is black, 1 is
white), ``size`` pixels on a side or ``(rows, cols)`` pixels, each between 1
and :data:`MAX_SIZE`. Everything is deterministic: the same call gives a
bit-identical array.

- :func:`photo` -- a grayscale portrait of Grace Hopper, from the sample data
  that ships with matplotlib;
- :func:`square`, :func:`cross`, :func:`edge`, :func:`checkerboard`,
  :func:`dot`, :func:`digit`, :func:`noise` -- synthetic pictures with known
  structure: a layer's response to them can be predicted by hand;
- :func:`shift` -- move an image by whole pixels with zero fill, to test
  whether a layer commutes with translation;
- :func:`load_image` -- turn an array or an image file into the same kind of
  image, so a reader can swap in a picture of their own in one line.

Only numpy is imported with this module; matplotlib (for the sample data) and
Pillow (for decoding and resizing) are imported when a photograph is needed.
"""

from __future__ import annotations

import functools
import itertools
import os
from pathlib import Path

import numpy as np

from mlp2conv._validation import as_choice, as_float_array, as_image, as_int

__all__ = [
    "MAX_SIZE",
    "ORIENTATIONS",
    "checkerboard",
    "cross",
    "digit",
    "dot",
    "edge",
    "load_image",
    "noise",
    "photo",
    "photo_rgb",
    "shift",
    "square",
]

#: Largest number of rows or columns any function here will build.
MAX_SIZE = 1024

#: The directions :func:`edge` accepts.
ORIENTATIONS = ("vertical", "horizontal", "diagonal")

#: Where the face is in the 512 x 600 (width x height) sample photograph:
#: a 300-pixel square around it, as (left, top, side) in original pixels.
_FACE_BOX = (112, 70, 300)

_SIZE_HELP = "an integer or a (rows, cols) pair of integers"


# --------------------------------------------------------------------------- checks


def _as_int(value, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Like :func:`mlp2conv._validation.as_int`, but refusing ``True`` and ``False``."""
    if isinstance(value, bool | np.bool_):
        raise TypeError(f"`{name}` must be an integer, got bool {value!r}")
    return as_int(value, name, minimum=minimum, maximum=maximum)


def _as_shape(size, name: str = "size", *, minimum: int = 1) -> tuple[int, int]:
    """Return ``size`` (an int or a (rows, cols) pair) as a (rows, cols) tuple of ints."""
    if isinstance(size, tuple | list) or (isinstance(size, np.ndarray) and size.ndim > 0):
        if len(size) != 2:
            raise ValueError(
                f"`{name}` must be {_SIZE_HELP}, got a {type(size).__name__} of length {len(size)}"
            )
        rows = _as_int(size[0], f"{name}[0]", minimum=minimum, maximum=MAX_SIZE)
        cols = _as_int(size[1], f"{name}[1]", minimum=minimum, maximum=MAX_SIZE)
        return rows, cols
    if isinstance(size, str | bytes | float) or size is None:
        raise TypeError(f"`{name}` must be {_SIZE_HELP}, got {type(size).__name__} {size!r}")
    try:
        n = _as_int(size, name, minimum=minimum, maximum=MAX_SIZE)
    except TypeError:
        raise TypeError(
            f"`{name}` must be {_SIZE_HELP}, got {type(size).__name__} {size!r}"
        ) from None
    return n, n


def _centred_length(n: int, fraction: float) -> int:
    """About ``fraction * n``, at least 1, with the parity of ``n`` so it can be centred."""
    length = max(1, round(fraction * n))
    if (n - length) % 2:
        length += 1 if length < n else -1
    return length


# --------------------------------------------------------------------------- photograph


@functools.lru_cache(maxsize=1)
def _hopper() -> np.ndarray:
    """The full-size sample photograph as a read-only grayscale float64 array."""
    from matplotlib import cbook

    path = Path(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
    if not path.is_file():  # pragma: no cover - only on a stripped matplotlib
        raise FileNotFoundError(f"matplotlib's sample photograph is missing: '{path}'")
    gray = _read_file(path, "photo")
    gray.setflags(write=False)
    return gray


def photo(size=64) -> np.ndarray:
    """A grayscale photograph: Grace Hopper's portrait, cropped around the face.

    The picture is the one matplotlib ships as sample data (no download). It is
    converted to grayscale with the ITU-R BT.601 luminance weights, cropped to
    the aspect of ``size`` around the face and resized with a Lanczos filter,
    which averages away detail too fine for the new size instead of aliasing it.

    Parameters
    ----------
    size : int or (int, int), default 64
        Side length of a square image, or ``(rows, cols)``; each between 1
        and :data:`MAX_SIZE`.

    Returns
    -------
    x : ndarray, shape (size, size) or (rows, cols)
        float64 values in [0, 1]; a new array on every call.

    Raises
    ------
    TypeError
        If ``size`` is not an integer or a pair of integers.
    ValueError
        If ``size`` is out of range or a sequence that is not a pair.

    See Also
    --------
    load_image : the same treatment for a picture of your own.
    noise : an image with no structure at all, for contrast.

    Notes
    -----
    A square request shows the face from the hat to the collar (a 300-pixel
    square of the 512 x 600 original). Other aspects are the smallest region of
    that aspect containing this square, shrunk to fit inside the original when
    it would not, and kept centred on the face as far as the edges allow. The
    framing therefore depends only on the aspect, not on the number of pixels.
    The decoded original is cached; the cost of a call is one resize.

    Examples
    --------
    >>> x = photo()
    >>> x.shape, x.dtype
    ((64, 64), dtype('float64'))
    >>> bool(0 <= x.min() and x.max() <= 1)
    True
    >>> photo(28).shape
    (28, 28)
    >>> photo((30, 40)).shape
    (30, 40)
    >>> bool(np.array_equal(photo(28), photo(28)))
    True
    """
    rows, cols = _as_shape(size)
    gray = _hopper()
    return _resize(gray, (rows, cols), _face_box((rows, cols), gray.shape))


def _face_box(shape: tuple[int, int], original: tuple[int, int]) -> tuple[float, ...]:
    """The (left, top, right, bottom) region of the original framing the face at ``shape``'s
    aspect: the smallest region of that aspect containing the face square, shrunk to fit."""
    rows, cols = shape
    height, width = original
    left, top, side = _FACE_BOX
    centre_col, centre_row = left + side / 2, top + side / 2
    crop_h, crop_w = side * max(1.0, rows / cols), side * max(1.0, cols / rows)
    fit = min(1.0, height / crop_h, width / crop_w)
    crop_h, crop_w = crop_h * fit, crop_w * fit
    box_left = min(max(centre_col - crop_w / 2, 0.0), width - crop_w)
    box_top = min(max(centre_row - crop_h / 2, 0.0), height - crop_h)
    return (box_left, box_top, box_left + crop_w, box_top + crop_h)


@functools.lru_cache(maxsize=1)
def _hopper_rgb() -> np.ndarray:
    """The full-size sample photograph in colour, (3, H, W) float64 in [0, 1], read-only."""
    from matplotlib import cbook
    from PIL import Image

    path = Path(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
    with Image.open(path) as image:
        rgb = np.asarray(image.convert("RGB"), dtype=np.float64) / 255.0
    planes = np.ascontiguousarray(np.moveaxis(rgb, -1, 0))
    planes.setflags(write=False)
    return planes


def photo_rgb(size=64) -> np.ndarray:
    """The same photograph as :func:`photo`, in colour: three channels, red, green, blue.

    Channels come first, as the book's multi-channel layers expect: ``x[c, k, l]``.

    Parameters
    ----------
    size : int or (int, int), default 64
        Side length of a square image, or ``(rows, cols)``; each between 1
        and :data:`MAX_SIZE`.

    Returns
    -------
    x : ndarray, shape (3, size, size) or (3, rows, cols)
        float64 values in [0, 1]; a new array on every call.

    Raises
    ------
    TypeError
        If ``size`` is not an integer or a pair of integers.
    ValueError
        If ``size`` is out of range or a sequence that is not a pair.

    See Also
    --------
    photo : the grayscale version, framed the same way.

    Examples
    --------
    >>> x = photo_rgb(28)
    >>> x.shape, x.dtype
    ((3, 28, 28), dtype('float64'))
    >>> bool(x.min() >= 0.0 and x.max() <= 1.0)
    True
    >>> bool(np.abs(x[0] - x[2]).max() > 0.1)  # the channels differ: it is in colour
    True
    """
    rows, cols = _as_shape(size)
    planes = _hopper_rgb()
    box = _face_box((rows, cols), planes.shape[1:])
    return np.stack([_resize(plane, (rows, cols), box) for plane in planes])


def _resize(gray: np.ndarray, shape: tuple[int, int], box=None) -> np.ndarray:
    """Resample ``box`` (left, top, right, bottom) of ``gray`` to ``shape``, clipped to [0, 1]."""
    from PIL import Image

    rows, cols = shape
    if box is None:
        box = (0.0, 0.0, float(gray.shape[1]), float(gray.shape[0]))
    if gray.shape == shape and tuple(box) == (0, 0, cols, rows):
        return gray.copy()
    image = Image.fromarray(np.ascontiguousarray(gray, dtype=np.float32))  # mode "F"
    small = image.resize((cols, rows), resample=Image.Resampling.LANCZOS, box=tuple(box))
    return np.clip(np.asarray(small, dtype=np.float64), 0.0, 1.0)


def _centre_box(shape: tuple[int, int], aspect_shape: tuple[int, int]) -> tuple[float, ...]:
    """The largest centred (left, top, right, bottom) box of ``shape`` with the given aspect."""
    height, width = shape
    rows, cols = aspect_shape
    scale = min(height / rows, width / cols)
    crop_h, crop_w = rows * scale, cols * scale
    left, top = (width - crop_w) / 2, (height - crop_h) / 2
    return (left, top, left + crop_w, top + crop_h)


# --------------------------------------------------------------------------- your own image


def _to_unit_range(arr: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Scale pixel values to [0, 1] following the rules in :func:`load_image`."""
    if dtype == np.uint8:
        return arr / 255.0
    if dtype == np.uint16:
        return arr / 65535.0
    low, high = float(arr.min()), float(arr.max())
    if low >= 0.0 and high <= 1.0:
        return arr
    if high == low:
        return np.clip(arr, 0.0, 1.0)
    return (arr - low) / (high - low)


def _check_channels(arr: np.ndarray, name: str) -> None:
    """Refuse a 3-D array whose last axis is not 3 (RGB) or 4 (RGBA) channels."""
    if arr.ndim == 3 and arr.shape[2] not in (3, 4):
        raise ValueError(
            f"`{name}` must be a 2-D grayscale image or a 3-D array with 3 (RGB) or "
            f"4 (RGBA) channels in the last axis, got shape {arr.shape}"
        )


def _grayscale(arr: np.ndarray) -> np.ndarray:
    """Return a 2-D image; (rows, cols, 3 or 4) colour is combined with luminance weights.

    The ITU-R BT.601 weights 0.299 R + 0.587 G + 0.114 B (as in Pillow's "L" mode)
    are applied as G + 0.299 (R - G) + 0.114 (B - G), which is exact for gray
    pixels, where R = G = B.
    """
    if arr.ndim == 2:
        return arr
    red, green, blue = arr[:, :, 0], arr[:, :, 1], arr[:, :, 2]
    return np.clip(green + 0.299 * (red - green) + 0.114 * (blue - green), 0.0, 1.0)


def _read_file(path: Path, name: str) -> np.ndarray:
    """Decode an image file into a 2-D grayscale float64 array in [0, 1]."""
    from PIL import Image, UnidentifiedImageError

    if not path.is_file():
        raise FileNotFoundError(f"`{name}` file not found: '{path}'")
    try:
        with Image.open(path) as image:
            image.load()
            if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
                arr = np.asarray(image)
                dtype = arr.dtype if arr.dtype == np.uint16 else np.dtype(np.float64)
                return _to_unit_range(arr.astype(np.float64), dtype)
            if image.mode in ("1", "L", "LA"):
                return np.asarray(image.convert("L"), dtype=np.float64) / 255.0
            rgb = np.asarray(image.convert("RGB"), dtype=np.float64) / 255.0
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValueError(f"`{name}` could not be read as an image: '{path}' ({exc})") from None
    return _grayscale(rgb)


def load_image(source, size=None) -> np.ndarray:
    """Turn an array or an image file into a grayscale image in [0, 1].

    Use it to run a chapter on a picture of your own, in one line:
    ``x = load_image("my_picture.jpg", size=64)``.

    Parameters
    ----------
    source : array_like or str or os.PathLike
        One of

        - a 2-D array ``(rows, cols)``: a grayscale image;
        - a 3-D array ``(rows, cols, 3)`` or ``(rows, cols, 4)``: RGB or RGBA
          colour, converted with the ITU-R BT.601 luminance weights (alpha is
          ignored); a Pillow image works too;
        - a path to an image file in any format Pillow reads.

        Arrays are scaled to [0, 1] as follows: uint8 is divided by 255 and
        uint16 by 65535; any other array already within [0, 1] is kept as it
        is; otherwise it is stretched linearly so its minimum becomes 0 and its
        maximum 1 (a constant array is clipped to [0, 1] instead).
    size : int or (int, int), optional
        Resize to ``size`` x ``size`` or ``(rows, cols)`` pixels (each between 1
        and :data:`MAX_SIZE`). The largest centred region with that aspect is
        kept (nothing is stretched), then resampled with a Lanczos filter,
        which may let pixels just outside that region contribute a little at
        its border. By default the image keeps its own size.

    Returns
    -------
    x : ndarray, shape (rows, cols)
        float64 values in [0, 1]; always a new array.

    Raises
    ------
    FileNotFoundError
        If ``source`` is a path and there is no such file.
    TypeError
        If ``source`` is neither numeric nor a path, or ``size`` is not an
        integer or a pair of integers.
    ValueError
        If the file cannot be decoded as an image, the array is not 2-D or
        3-D with 3 or 4 channels, is empty or holds NaN or infinite values,
        or ``size`` is out of range.

    See Also
    --------
    photo : the book's photograph, prepared the same way.

    Examples
    --------
    >>> load_image([[0.0, 0.5], [1.0, 0.25]]).tolist()
    [[0.0, 0.5], [1.0, 0.25]]
    >>> load_image(np.array([[0, 255]], dtype=np.uint8)).tolist()
    [[0.0, 1.0]]
    >>> load_image([[-2.0, 0.0, 2.0]]).tolist()
    [[0.0, 0.5, 1.0]]
    >>> rgb = np.zeros((2, 2, 3), dtype=np.uint8)
    >>> rgb[0, 0] = (255, 255, 255)
    >>> load_image(rgb).round(6).tolist()
    [[1.0, 0.0], [0.0, 0.0]]
    >>> load_image(np.ones((100, 80)), size=(20, 20)).shape
    (20, 20)
    """
    name = "source"
    shape = None if size is None else _as_shape(size)
    if isinstance(source, str | os.PathLike):
        gray = _read_file(Path(source), name)
    else:
        try:
            arr = as_float_array(source, name, ndim=(2, 3))
        except TypeError:
            raise TypeError(
                f"`{name}` must be a numeric array or a path to an image file, "
                f"got {type(source).__name__}"
            ) from None
        _check_channels(arr, name)
        if 0 in arr.shape:
            raise ValueError(f"`{name}` must not be empty, got shape {arr.shape}")
        gray = _grayscale(_to_unit_range(arr, np.asarray(source).dtype))
    if shape is None:
        return np.array(gray, dtype=np.float64)  # a copy, never a view of the caller's array
    return _resize(gray, shape, _centre_box(gray.shape, shape))


# --------------------------------------------------------------------------- synthetic images


def square(size=16, side=None) -> np.ndarray:
    """A bright square centred on a black background.

    Parameters
    ----------
    size : int or (int, int), default 16
        Side length of a square image, or ``(rows, cols)``.
    side : int, optional
        Side of the bright square in pixels, between 1 and ``min(rows, cols)``.
        By default about half the shorter side, with its parity so that the
        square is exactly centred.

    Returns
    -------
    x : ndarray, shape (size, size) or (rows, cols)
        1.0 inside the square, 0.0 outside.

    Raises
    ------
    TypeError
        If ``size`` or ``side`` is not an integer (or ``size`` a pair).
    ValueError
        If ``size`` or ``side`` is out of range.

    See Also
    --------
    dot : a single bright pixel.
    cross : a bright plus sign.

    Notes
    -----
    The square is exactly centred when ``rows - side`` and ``cols - side`` are
    even; otherwise it sits half a pixel up or to the left of the centre.

    Examples
    --------
    >>> square(4).astype(int)
    array([[0, 0, 0, 0],
           [0, 1, 1, 0],
           [0, 1, 1, 0],
           [0, 0, 0, 0]])
    >>> square(5, side=1).astype(int)
    array([[0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0],
           [0, 0, 1, 0, 0],
           [0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0]])
    >>> square((3, 5), side=3).astype(int)
    array([[0, 1, 1, 1, 0],
           [0, 1, 1, 1, 0],
           [0, 1, 1, 1, 0]])
    """
    rows, cols = _as_shape(size)
    shortest = min(rows, cols)
    if side is None:
        side = _centred_length(shortest, 0.5)
    side = _as_int(side, "side", minimum=1, maximum=shortest)
    top, left = (rows - side) // 2, (cols - side) // 2
    x = np.zeros((rows, cols))
    x[top : top + side, left : left + side] = 1.0
    return x


def cross(size=16, thickness=None) -> np.ndarray:
    """A bright plus sign, centred on a black background.

    A horizontal and a vertical bar of ``thickness`` pixels cross at the centre.
    Each arm stops an eighth of the image (``rows // 8`` or ``cols // 8``
    pixels) short of the border, so the cross has four ends as well as a
    centre and straight edges.

    Parameters
    ----------
    size : int or (int, int), default 16
        Side length of a square image, or ``(rows, cols)``.
    thickness : int, optional
        Width of each bar in pixels, between 1 and ``min(rows, cols)``. By
        default about an eighth of the shorter side, with its parity so that
        the cross is exactly centred.

    Returns
    -------
    x : ndarray, shape (size, size) or (rows, cols)
        1.0 on the cross, 0.0 elsewhere.

    Raises
    ------
    TypeError
        If ``size`` or ``thickness`` is not an integer (or ``size`` a pair).
    ValueError
        If ``size`` or ``thickness`` is out of range.

    See Also
    --------
    square : a bright square.
    edge : a single straight step.

    Examples
    --------
    >>> cross(5).astype(int)
    array([[0, 0, 1, 0, 0],
           [0, 0, 1, 0, 0],
           [1, 1, 1, 1, 1],
           [0, 0, 1, 0, 0],
           [0, 0, 1, 0, 0]])
    >>> cross(8).astype(int)
    array([[0, 0, 0, 0, 0, 0, 0, 0],
           [0, 0, 0, 1, 1, 0, 0, 0],
           [0, 0, 0, 1, 1, 0, 0, 0],
           [0, 1, 1, 1, 1, 1, 1, 0],
           [0, 1, 1, 1, 1, 1, 1, 0],
           [0, 0, 0, 1, 1, 0, 0, 0],
           [0, 0, 0, 1, 1, 0, 0, 0],
           [0, 0, 0, 0, 0, 0, 0, 0]])
    """
    rows, cols = _as_shape(size)
    shortest = min(rows, cols)
    if thickness is None:
        thickness = _centred_length(shortest, 1 / 8)
    thickness = _as_int(thickness, "thickness", minimum=1, maximum=shortest)
    margin_r, margin_c = rows // 8, cols // 8
    top, left = (rows - thickness) // 2, (cols - thickness) // 2
    x = np.zeros((rows, cols))
    x[top : top + thickness, margin_c : cols - margin_c] = 1.0
    x[margin_r : rows - margin_r, left : left + thickness] = 1.0
    return x


def edge(size=16, orientation="vertical") -> np.ndarray:
    """A step edge: one half of the image black, the other white.

    Parameters
    ----------
    size : int or (int, int), default 16
        Side length of a square image, or ``(rows, cols)``.
    orientation : {'vertical', 'horizontal', 'diagonal'}, default 'vertical'
        Direction of the edge line. ``'vertical'``: dark left half, bright
        right half (the bright half has ``cols - cols // 2`` columns).
        ``'horizontal'``: dark top, bright bottom. ``'diagonal'``: bright
        strictly below the line from the top-left to the bottom-right corner.

    Returns
    -------
    x : ndarray, shape (size, size) or (rows, cols)
        Values 0.0 and 1.0.

    Raises
    ------
    TypeError
        If ``size`` is not an integer or a pair, or ``orientation`` not a string.
    ValueError
        If ``size`` is out of range or ``orientation`` is not one of
        :data:`ORIENTATIONS`.

    See Also
    --------
    cross : bright bars with edges in both directions.

    Examples
    --------
    >>> edge(4).astype(int)
    array([[0, 0, 1, 1],
           [0, 0, 1, 1],
           [0, 0, 1, 1],
           [0, 0, 1, 1]])
    >>> edge((2, 3), "horizontal").astype(int)
    array([[0, 0, 0],
           [1, 1, 1]])
    >>> edge(4, orientation="diagonal").astype(int)
    array([[0, 0, 0, 0],
           [1, 0, 0, 0],
           [1, 1, 0, 0],
           [1, 1, 1, 0]])
    """
    rows, cols = _as_shape(size)
    orientation = as_choice(orientation, "orientation", ORIENTATIONS)
    x = np.zeros((rows, cols))
    if orientation == "vertical":
        x[:, cols // 2 :] = 1.0
    elif orientation == "horizontal":
        x[rows // 2 :, :] = 1.0
    else:
        r, c = np.indices((rows, cols))
        # Pixel centres strictly below the corner-to-corner line, in integer arithmetic.
        x[(2 * r + 1) * cols > (2 * c + 1) * rows] = 1.0
    return x


def checkerboard(size=16, cell=None) -> np.ndarray:
    """A checkerboard of square cells, bright in the top-left corner.

    Parameters
    ----------
    size : int or (int, int), default 16
        Side length of a square image, or ``(rows, cols)``.
    cell : int, optional
        Side of each cell in pixels, between 1 and ``max(rows, cols)``. By
        default an eighth of the shorter side (at least 1), an 8 x 8 board
        when ``size`` is a multiple of 8. Cells at the right and bottom
        borders are cut off when ``cell`` does not divide the size.

    Returns
    -------
    x : ndarray, shape (size, size) or (rows, cols)
        1.0 where ``row // cell + col // cell`` is even, 0.0 where it is odd.

    Raises
    ------
    TypeError
        If ``size`` or ``cell`` is not an integer (or ``size`` a pair).
    ValueError
        If ``size`` or ``cell`` is out of range.

    See Also
    --------
    noise : texture without any order.

    Examples
    --------
    >>> checkerboard(4, cell=1).astype(int)
    array([[1, 0, 1, 0],
           [0, 1, 0, 1],
           [1, 0, 1, 0],
           [0, 1, 0, 1]])
    >>> checkerboard((4, 6), cell=2).astype(int)
    array([[1, 1, 0, 0, 1, 1],
           [1, 1, 0, 0, 1, 1],
           [0, 0, 1, 1, 0, 0],
           [0, 0, 1, 1, 0, 0]])
    """
    rows, cols = _as_shape(size)
    if cell is None:
        cell = max(1, min(rows, cols) // 8)
    cell = _as_int(cell, "cell", minimum=1, maximum=max(rows, cols))
    r, c = np.indices((rows, cols))
    return ((r // cell + c // cell) % 2 == 0).astype(np.float64)


def dot(size=9, row=None, col=None) -> np.ndarray:
    """A single bright pixel on black: an impulse.

    Fed to a linear layer, an impulse returns the layer's weights for that
    position; fed to a convolution, it returns the kernel (flipped, for a true
    convolution) centred on the dot.

    Parameters
    ----------
    size : int or (int, int), default 9
        Side length of a square image, or ``(rows, cols)``.
    row, col : int, optional
        Position of the bright pixel, ``0 <= row < rows`` and
        ``0 <= col < cols``. By default the centre, ``(rows // 2, cols // 2)``.

    Returns
    -------
    x : ndarray, shape (size, size) or (rows, cols)
        1.0 at ``(row, col)``, 0.0 everywhere else.

    Raises
    ------
    TypeError
        If ``size``, ``row`` or ``col`` is not an integer (or ``size`` a pair).
    ValueError
        If ``size`` is out of range or ``(row, col)`` is outside the image.

    See Also
    --------
    square : a larger bright patch.

    Examples
    --------
    >>> dot(3).astype(int)
    array([[0, 0, 0],
           [0, 1, 0],
           [0, 0, 0]])
    >>> dot((2, 4), row=0, col=3).astype(int)
    array([[0, 0, 0, 1],
           [0, 0, 0, 0]])
    >>> float(dot(64).sum())
    1.0
    """
    rows, cols = _as_shape(size)
    row = rows // 2 if row is None else _as_int(row, "row", minimum=0, maximum=rows - 1)
    col = cols // 2 if col is None else _as_int(col, "col", minimum=0, maximum=cols - 1)
    x = np.zeros((rows, cols))
    x[row, col] = 1.0
    return x


def noise(size=16, seed=0) -> np.ndarray:
    """Uniform random noise, reproducible from a seed.

    Parameters
    ----------
    size : int or (int, int), default 16
        Side length of a square image, or ``(rows, cols)``.
    seed : int, default 0
        Non-negative seed for :func:`numpy.random.default_rng`. The same seed
        gives the same image, on every machine.

    Returns
    -------
    x : ndarray, shape (size, size) or (rows, cols)
        Independent values, uniform on [0, 1).

    Raises
    ------
    TypeError
        If ``size`` or ``seed`` is not an integer (or ``size`` a pair).
    ValueError
        If ``size`` is out of range or ``seed`` is negative.

    See Also
    --------
    photo : an image whose neighbouring pixels are alike, unlike these.

    Examples
    --------
    >>> noise(2).round(3).tolist()
    [[0.637, 0.27], [0.041, 0.017]]
    >>> noise((2, 3), seed=1).shape
    (2, 3)
    >>> bool(np.array_equal(noise(8, seed=5), noise(8, seed=5)))
    True
    """
    rows, cols = _as_shape(size)
    seed = _as_int(seed, "seed", minimum=0)
    return np.random.default_rng(seed).random((rows, cols))


# --------------------------------------------------------------------------- digits


def _arc(cx, cy, rx, ry, start, stop, n=24) -> list[tuple[float, float]]:
    """Points on an ellipse, angles in degrees; y points down, so 90 degrees is the bottom."""
    t = np.radians(np.linspace(start, stop, n))
    return list(zip(cx + rx * np.cos(t), cy + ry * np.sin(t), strict=True))


def _turn(strokes):
    """The strokes rotated by half a turn in the unit box."""
    return [[(1 - x, 1 - y) for x, y in stroke] for stroke in strokes]


#: Each digit as polylines in a unit box: x to the right, y down, (0, 0) top-left.
_SIX = [_arc(0.55, 0.7, 0.5, 0.7, -60, -180) + _arc(0.5, 0.7, 0.45, 0.3, 180, -180, 40)]
_GLYPHS = {
    0: [_arc(0.5, 0.5, 0.5, 0.5, 0, 360, 48)],
    1: [[(0.3, 0.2), (0.55, 0.0), (0.55, 1.0)]],
    2: [[*_arc(0.5, 0.28, 0.45, 0.28, 190, 380), (0.0, 1.0), (1.0, 1.0)]],
    3: [_arc(0.5, 0.25, 0.45, 0.25, -160, 90) + _arc(0.5, 0.75, 0.5, 0.25, -90, 160)],
    4: [[(0.75, 1.0), (0.75, 0.0), (0.0, 0.7), (1.0, 0.7)]],
    5: [[(0.9, 0.0), (0.15, 0.0), (0.12, 0.44), *_arc(0.45, 0.68, 0.5, 0.32, -130, 150)]],
    6: _SIX,
    7: [[(0.0, 0.0), (1.0, 0.0), (0.35, 1.0)]],
    8: [_arc(0.5, 0.24, 0.38, 0.24, 90, 450, 40), _arc(0.5, 0.74, 0.48, 0.26, -90, 270, 40)],
    9: _turn(_SIX),
}


def _draw_strokes(strokes, shape: tuple[int, int]) -> np.ndarray:
    """Render polylines from the unit glyph box with antialiased round-ended strokes."""
    rows, cols = shape
    width = 0.11 * min(rows, cols)
    # The glyph box covers the middle 70% of the height and 50% of the width.
    top, height = 0.15 * rows, 0.7 * rows
    left, span = 0.25 * cols, 0.5 * cols
    py, px = np.mgrid[0:rows, 0:cols] + 0.5  # pixel centres
    distance = np.full((rows, cols), np.inf)
    for stroke in strokes:
        pts = np.array([(left + x * span, top + y * height) for x, y in stroke])
        for (x0, y0), (x1, y1) in itertools.pairwise(pts):
            dx, dy = x1 - x0, y1 - y0
            length2 = dx * dx + dy * dy
            if length2 > 0:
                t = np.clip(((px - x0) * dx + (py - y0) * dy) / length2, 0.0, 1.0)
            else:
                t = 0.0
            d = np.hypot(px - (x0 + t * dx), py - (y0 + t * dy))
            np.minimum(distance, d, out=distance)
    # Coverage falls from 1 to 0 over one pixel across the stroke's boundary.
    return np.clip(width / 2 - distance + 0.5, 0.0, 1.0)


def digit(d, size=28) -> np.ndarray:
    """A handwriting-like digit, drawn with strokes: white on black, like MNIST.

    The ten glyphs are polylines and elliptic arcs in a box covering the middle
    70% of the height and 50% of the width, drawn with round-ended strokes about
    a ninth of the side thick, with antialiased borders. No fonts, no download.

    Parameters
    ----------
    d : int
        The digit, 0 to 9.
    size : int or (int, int), default 28
        Side length of a square image, or ``(rows, cols)``. MNIST's digits are
        28 x 28; below about 10 pixels the glyphs blur into blobs.

    Returns
    -------
    x : ndarray, shape (size, size) or (rows, cols)
        float64 values in [0, 1], 1.0 in the middle of a stroke.

    Raises
    ------
    TypeError
        If ``d`` or ``size`` is not an integer (or ``size`` a pair).
    ValueError
        If ``d`` is not between 0 and 9, or ``size`` is out of range.

    See Also
    --------
    edge, cross : simpler shapes.

    Notes
    -----
    The 9 is the 6 turned upside down, exactly.

    Examples
    --------
    >>> x = digit(7)
    >>> x.shape, x.dtype
    ((28, 28), dtype('float64'))
    >>> (digit(7, size=12) > 0.5).astype(int)
    array([[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
           [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0],
           [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
           [0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0],
           [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
           [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
           [0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0],
           [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]])
    """
    d = _as_int(d, "d", minimum=0, maximum=9)
    shape = _as_shape(size)
    return _draw_strokes(_GLYPHS[d], shape)


# --------------------------------------------------------------------------- shifting


def shift(x, rows=0, cols=0) -> np.ndarray:
    """Move an image by whole pixels, filling the uncovered border with zeros.

    Pixels moved past the border are lost; nothing wraps around (that would be
    :func:`numpy.roll`).

    Parameters
    ----------
    x : array_like, shape (H, W)
        A 2-D, finite, numeric image.
    rows : int, default 0
        Pixels to move down; negative moves up.
    cols : int, default 0
        Pixels to move right; negative moves left.

    Returns
    -------
    y : ndarray, shape (H, W)
        float64, a new array: ``y[i, j] = x[i - rows, j - cols]`` where that
        index is inside the image, 0.0 elsewhere. Shifting by ``H`` rows or
        ``W`` columns or more gives all zeros.

    Raises
    ------
    TypeError
        If ``x`` is not numeric, or ``rows`` or ``cols`` is not an integer.
    ValueError
        If ``x`` is not 2-D, is empty or holds NaN or infinite values.

    See Also
    --------
    numpy.roll : the circular shift, which wraps around.

    Examples
    --------
    >>> x = np.arange(1, 10).reshape(3, 3)
    >>> shift(x, 1, 0).astype(int)
    array([[0, 0, 0],
           [1, 2, 3],
           [4, 5, 6]])
    >>> shift(x, 0, -1).astype(int)
    array([[2, 3, 0],
           [5, 6, 0],
           [8, 9, 0]])
    >>> shift(x, -1, 2).astype(int)
    array([[0, 0, 4],
           [0, 0, 7],
           [0, 0, 0]])
    >>> float(shift(x, 3, 0).sum())
    0.0
    """
    x = as_image(x, "x")
    rows = _as_int(rows, "rows")
    cols = _as_int(cols, "cols")
    height, width = x.shape
    y = np.zeros_like(x)
    if abs(rows) >= height or abs(cols) >= width:
        return y
    src_r = slice(max(0, -rows), height - max(0, rows))
    dst_r = slice(max(0, rows), height - max(0, -rows))
    src_c = slice(max(0, -cols), width - max(0, cols))
    dst_c = slice(max(0, cols), width - max(0, -cols))
    y[dst_r, dst_c] = x[src_r, src_c]
    return y
