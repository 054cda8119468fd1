"""The dense, shared and local layers of the book, and the exact conversions between them.

The book starts from a *dense* layer on a one-channel image ``x`` of shape
``(H, W)``: every output pixel ``h[i, j]`` is its own weighted sum of every input
pixel,

    h[i, j] = bias[i, j] + sum over k, l of weights[i, j, k, l] * x[k, l],

with ``weights`` of shape ``(H, W, H, W)``. Two assumptions turn it into a
convolution layer, one step each:

1. **Translation invariance** (:func:`shared_layer`): the weight that links output
   pixel ``(i, j)`` to input pixel ``(k, l)`` depends only on where the input sits
   *relative* to the output, the offset ``(a, b) = (k - i, l - j)``. One weight per
   offset is left, and one bias.
2. **Locality** (:func:`local_layer`): the weights are zero for offsets farther than
   ``delta`` rows or columns away. What is left is a small kernel.

Index conventions, used everywhere in this module:

- An *offset* ``(a, b)`` says "the input pixel ``a`` rows below and ``b`` columns
  right of the output pixel" (negative means above or left). On an ``H x W`` image
  ``a`` runs from ``-(H - 1)`` to ``H - 1`` and ``b`` from ``-(W - 1)`` to ``W - 1``.
- Arrays cannot have negative indices, so an array indexed by offset stores offset
  ``a`` at index ``a + H - 1`` (and ``b`` at ``b + W - 1``): the centre of the array is
  offset ``(0, 0)``, the pixel itself. Such an array ``v`` has shape
  ``(2H - 1, 2W - 1)``.
- A kernel of shape ``(2 * delta_r + 1, 2 * delta_c + 1)`` is indexed the same way
  around its centre: ``kernel[a + delta_r, b + delta_c]`` is the weight of offset
  ``(a, b)``.
- Pixels outside the image are zero. All layers compute a *cross-correlation*
  (no kernel flip), the deep-learning convention, like
  ``scipy.signal.correlate2d``.
- Images with channels have shape ``(C_in, H, W)``, channel first; a local layer
  on them has a kernel of shape ``(C_out, C_in, 2 * delta_r + 1, 2 * delta_c + 1)``
  and one bias per output channel (:func:`local_layer`).

Only numpy is needed at run time; every function checks its arguments first and
names the offending one in its error message.
"""

from __future__ import annotations

import math

import numpy as np

from mlp2conv._validation import (
    DEFAULT_MAX_BYTES,
    as_bias,
    as_choice,
    as_float,
    as_float_array,
    as_image,
    as_int,
    as_shape,
    check_finite,
    check_tensor_bytes,
    numeric_array,
)

__all__ = [
    "FFT_MIN_TAPS",
    "PADDINGS",
    "dense_from_local",
    "dense_from_shared",
    "dense_layer",
    "from_offsets",
    "is_translation_invariant",
    "local_from_shared",
    "local_layer",
    "locality_radius",
    "receptive_field_mask",
    "shared_from_dense",
    "shared_from_local",
    "shared_layer",
    "to_offsets",
]

#: Padding names accepted by :func:`local_layer`.
PADDINGS = ("same", "valid")

#: Kernels with at least this many nonzero taps are applied with the FFT; smaller
#: ones by shift-and-add. Measured on the 2-core AMD EPYC development machine
#: (numpy 2.4, best of 30 runs, square kernels, "same"): shift-and-add costs about
#: 0.35 ns per tap and pixel (as fast as scipy.ndimage.correlate), the FFT 10-20 ns
#: per pixel whatever the kernel. On 256 x 256 to 1024 x 1024 images the FFT took
#: 1.1-1.3 times as long as shift-and-add at 49 taps (7 x 7), broke even at about
#: 63 taps, and was 1.3-1.5 times faster at 81 taps (9 x 9). On images of 32 x 32
#: to 128 x 128 the crossover lies lower (25-35 taps), but there both take well
#: under a millisecond.
FFT_MIN_TAPS = 64

#: Rows of the output are accumulated in blocks of about this many bytes, so that
#: the block and its scratch row stay in the L2 cache while every tap is added
#: (128 kB: 20-40 % faster than whole-image passes on 1024 x 1024; 64 kB and
#: 512 kB were slower).
_BLOCK_BYTES = 2**17


# --------------------------------------------------------------------------- checks


def _odd_kernel(kernel, name: str = "kernel") -> np.ndarray:
    """Return a 2-D finite float64 kernel with odd side lengths."""
    arr = as_float_array(kernel, name, ndim=2)
    if arr.shape[0] % 2 == 0 or arr.shape[1] % 2 == 0:
        raise ValueError(f"`{name}` must have odd side lengths, got shape {arr.shape}")
    return arr


def _offsets_shape(arr: np.ndarray, name: str) -> tuple[int, int]:
    """Check that the last two axes of ``arr`` are (2H - 1, 2W - 1); return (H, W)."""
    rows, cols = arr.shape[-2:]
    if rows % 2 == 0 or cols % 2 == 0:
        raise ValueError(
            f"`{name}` must be indexed by offset, with odd side lengths (2H - 1, 2W - 1), "
            f"got shape {arr.shape}"
        )
    return (rows + 1) // 2, (cols + 1) // 2


def _dense_weights(weights, name: str = "weights") -> np.ndarray:
    """Return the numeric 4-D array ``weights`` of shape (H, W, H, W), values unchecked."""
    arr = numeric_array(weights, name, ndim=4)
    height, width = arr.shape[:2]
    if arr.shape[2:] != (height, width):
        raise ValueError(
            f"`{name}` must have shape (H, W, H, W), got shape {arr.shape}: "
            f"the last two axes must repeat the first two"
        )
    if 0 in arr.shape:
        raise ValueError(f"`{name}` must not be empty, got shape {arr.shape}")
    return arr


def _offset_index(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Index arrays ``(A, B)`` of the offset of each pixel pair, shifted to be >= 0.

    ``A[i, 0, k, 0] = k - i + H - 1`` and ``B[0, j, 0, l] = l - j + W - 1``. They
    broadcast to (H, W, H, W): ``v[A, B][i, j, k, l]`` is the entry of the
    offset-indexed ``v`` for the pair (output (i, j), input (k, l)).
    """
    i = np.arange(height)
    j = np.arange(width)
    rows = (i[None, :] - i[:, None] + height - 1)[:, None, :, None]
    cols = (j[None, :] - j[:, None] + width - 1)[None, :, None, :]
    return rows, cols


# ------------------------------------------------------------------------ the layers


def dense_layer(x, weights, bias=0.0) -> np.ndarray:
    """Apply a dense (fully connected) layer to a one-channel image.

    Every output pixel is its own weighted sum of all input pixels, plus its own
    bias: the multilayer perceptron's layer, written with image indices.

    Parameters
    ----------
    x : array_like, shape (H, W)
        The input image; finite real numbers.
    weights : array_like, shape (H, W, H, W)
        ``weights[i, j, k, l]`` is the weight from input pixel ``(k, l)`` to output
        pixel ``(i, j)``.
    bias : float or array_like of shape (H, W), default 0.0
        One bias for all output pixels, or one per output pixel.

    Returns
    -------
    h : ndarray, shape (H, W)
        ``h[i, j] = bias[i, j] + sum_{k, l} weights[i, j, k, l] * x[k, l]``.

    Raises
    ------
    TypeError
        If an argument is not a real numeric array.
    ValueError
        If ``x`` is not 2-D, ``weights`` does not have shape ``(H, W, H, W)`` for
        ``x`` of shape ``(H, W)``, ``bias`` has another shape, or a value is NaN or
        infinite.

    See Also
    --------
    shared_layer : the translation-invariant special case.
    local_layer : the local (convolution) special case.
    dense_from_local, dense_from_shared : the dense weights of those layers.

    Notes
    -----
    The sum is one matrix-vector product: ``weights`` seen as an ``(HW, HW)``
    matrix (a reshape, no copy for a C-contiguous float64 array) times ``x``
    flattened, about ``(HW)**2`` multiply-adds. The weights are not scanned for
    NaN beforehand, which would cost as much as the product itself; a NaN or
    infinite weight makes its output pixel non-finite, and only then are the
    weights checked and the culprit reported. (If finite weights overflow, the
    infinite result is returned as it is.)

    Examples
    --------
    A 2 x 2 image has 4 pixels, so 4 x 4 = 16 weights. Weights that copy each pixel
    to itself give the image back:

    >>> import numpy as np
    >>> x = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> identity = np.eye(4).reshape(2, 2, 2, 2)
    >>> dense_layer(x, identity).tolist()
    [[1.0, 2.0], [3.0, 4.0]]

    Every output pixel may look at every input pixel; here each one sums them all
    and adds its own bias:

    >>> dense_layer(x, np.ones((2, 2, 2, 2)), bias=[[0, 1], [2, 3]]).tolist()
    [[10.0, 11.0], [12.0, 13.0]]
    """
    fast = _dense_layer_fast(x, weights, bias)
    if fast is not None:
        return fast
    x = as_image(x, "x")
    height, width = x.shape
    w = numeric_array(weights, "weights", ndim=4)
    if w.shape != (height, width, height, width):
        raise ValueError(
            f"`weights` must have shape (H, W, H, W) = {(height, width, height, width)} "
            f"for an image `x` of shape {x.shape}, got shape {w.shape}"
        )
    b = as_bias(bias, "bias", x.shape)
    if w.dtype != np.float64:
        w = w.astype(np.float64)
    n = height * width
    with np.errstate(invalid="ignore", over="ignore"):
        h = w.reshape(n, n) @ x.ravel()
    if not np.isfinite(h).all():
        check_finite(w, "weights")  # the culprit is almost always a weight; say so
    h = h.reshape(height, width)
    if not (isinstance(b, float) and b == 0.0):
        h += b
    return h


def _dense_layer_fast(x, weights, bias):
    """The common case without the general checks: float64 arrays of matching shapes.

    Returns ``None`` whenever anything is unusual (other types, dtypes or shapes, a
    non-finite result), and :func:`dense_layer` then takes its checked path, which
    raises the proper error. On a 28 x 28 image the general checks cost about a fifth
    of the matrix-vector product; this path costs a few percent.
    """
    if not (
        type(x) is np.ndarray
        and type(weights) is np.ndarray
        and x.dtype == np.float64
        and weights.dtype == np.float64
        and x.ndim == 2
        and weights.shape == x.shape + x.shape
        and x.size
        and type(bias) in (float, int)
    ):
        return None
    n = x.size
    with np.errstate(all="ignore"):  # a non-finite result is handled by the checked path
        h = np.dot(weights.reshape(n, n), x.reshape(n))
        if bias:
            h += bias
        # One dot product is non-finite if any entry is (or, rarely, if it overflows, in
        # which case the checked path recomputes): far cheaper than np.isfinite(h).all().
        finite = math.isfinite(np.dot(h, h))
    return h.reshape(x.shape) if finite else None


def shared_layer(x, v, bias=0.0) -> np.ndarray:
    """Apply a translation-invariant layer: one weight per offset, one bias.

    The dense layer with the weight of output pixel ``(i, j)`` and input pixel
    ``(k, l)`` depending only on the offset ``(a, b) = (k - i, l - j)``. It still
    reaches across the whole image, but every output pixel uses the same weights.

    Parameters
    ----------
    x : array_like, shape (H, W)
        The input image.
    v : array_like, shape (2H - 1, 2W - 1)
        The weight of each offset: ``v[a + H - 1, b + W - 1]`` for ``|a| <= H - 1``,
        ``|b| <= W - 1``. The centre ``v[H - 1, W - 1]`` is the weight of the pixel
        itself.
    bias : float, default 0.0
        One bias, shared by all output pixels.

    Returns
    -------
    h : ndarray, shape (H, W)
        ``h[i, j] = bias + sum_{a, b} v[a + H - 1, b + W - 1] * x[i + a, j + b]``,
        pixels outside the image counting as zero.

    Raises
    ------
    TypeError
        If an argument is not real and numeric.
    ValueError
        If ``x`` is not 2-D, ``v`` does not have shape ``(2H - 1, 2W - 1)``,
        ``bias`` is not a scalar, or a value is NaN or infinite.

    See Also
    --------
    dense_layer : the general layer.
    local_layer : the same sum over a small window of offsets.
    dense_from_shared : the dense weights of this layer.
    shared_from_dense : recover ``v`` from dense weights.

    Notes
    -----
    It is a cross-correlation of ``x`` with ``v`` seen as a
    ``(2H - 1) x (2W - 1)`` kernel, ``local_layer(x, v, bias)``, and is computed the
    same way (by FFT unless ``v`` has fewer than ``FFT_MIN_TAPS`` nonzero entries):
    about ``HW log(HW)`` operations instead of the ``(HW)**2`` of the dense layer.

    Examples
    --------
    On a 2 x 2 image the offsets run from -1 to 1, so ``v`` is 3 x 3. A single 1 at
    the centre (offset (0, 0)) copies the image:

    >>> import numpy as np
    >>> x = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> v = np.zeros((3, 3))
    >>> v[1, 1] = 1.0
    >>> shared_layer(x, v).tolist()
    [[1.0, 2.0], [3.0, 4.0]]

    A 1 at offset (0, 1) (index (1, 2)) reads the right-hand neighbour, which is
    outside the image (zero) for the right column:

    >>> v = np.zeros((3, 3))
    >>> v[1, 2] = 1.0
    >>> shared_layer(x, v, bias=0.5).tolist()
    [[2.5, 0.5], [4.5, 0.5]]
    """
    x = as_image(x, "x")
    height, width = x.shape
    v = as_float_array(v, "v", ndim=2)
    if v.shape != (2 * height - 1, 2 * width - 1):
        raise ValueError(
            f"`v` must have shape (2H - 1, 2W - 1) = {(2 * height - 1, 2 * width - 1)} "
            f"for an image `x` of shape {x.shape}, got shape {v.shape}"
        )
    b = as_bias(bias, "bias")
    return _correlate(x, v, "same", bias=b)


def local_layer(x, kernel, bias=0.0, *, padding="same") -> np.ndarray:
    """Apply a local, translation-invariant layer: the convolution layer.

    Every output pixel is the same weighted sum of the input pixels in the window
    of ``delta_r`` rows and ``delta_c`` columns around it, plus one bias. This is
    a cross-correlation (the kernel is not flipped), as in deep-learning libraries.

    With channels (a 3-D ``x`` and a 4-D ``kernel``) every output channel ``d`` sums,
    over all input channels ``c``, the one-channel layer of ``x[c]`` with its own
    kernel ``kernel[d, c]``, and adds its own bias.

    Parameters
    ----------
    x : array_like, shape (H, W) or (C_in, H, W)
        The input image, or an image with ``C_in`` channels (channel axis first).
    kernel : array_like, shape (K_r, K_c) or (C_out, C_in, K_r, K_c)
        With ``K_r = 2 * delta_r + 1`` and ``K_c = 2 * delta_c + 1``, the weight of
        each offset in the window: ``kernel[a + delta_r, b + delta_c]``
        for ``|a| <= delta_r``, ``|b| <= delta_c``. Odd side lengths, so that the
        window has a centre; it may be larger than the image. With channels,
        ``kernel[d, c]`` is the window from input channel ``c`` to output
        channel ``d``; a 2-D ``x`` needs a 2-D kernel, a 3-D ``x`` a 4-D kernel.
    bias : float or array_like of shape (C_out,), default 0.0
        One bias, shared by all output pixels (of each output channel, when the
        image has channels: a scalar, or one bias per output channel).
    padding : {"same", "valid"}, default "same"
        ``"same"``: pixels outside the image count as zero and ``h`` has the shape
        of ``x``. ``"valid"``: only output pixels whose whole window lies inside the
        image, so ``h`` loses ``delta_r`` rows and ``delta_c`` columns on each side.

    Returns
    -------
    h : ndarray, shape (H_out, W_out) or, with channels, (C_out, H_out, W_out)
        ``(H_out, W_out)`` is ``(H, W)`` for ``"same"`` and
        ``(H - 2 * delta_r, W - 2 * delta_c)`` for ``"valid"``.
        ``h[i, j] = bias + sum_{|a| <= delta_r, |b| <= delta_c}
        kernel[a + delta_r, b + delta_c] * x[i + a, j + b]`` (``"same"``; for
        ``"valid"`` the output pixel ``(i, j)`` sits at ``(i + delta_r, j + delta_c)``
        of the input). With channels, ``h[d, i, j] = bias[d] + sum_c sum_{a, b}
        kernel[d, c, a + delta_r, b + delta_c] * x[c, i + a, j + b]``.

    Raises
    ------
    TypeError
        If ``x``, ``kernel`` or ``bias`` is not real and numeric, or ``padding`` is
        not a string.
    ValueError
        If ``x`` is not 2-D or 3-D or is empty (a channel axis of length 0 too), the
        kernel is not 2-D for a 2-D ``x`` or 4-D for a 3-D ``x``, its number of input
        channels differs from that of ``x``, it has an even side length or no
        channel, ``bias`` is neither a scalar nor (with channels) of length
        ``C_out``, a value is NaN or infinite, ``padding`` is not one of ``"same"``,
        ``"valid"``, or the ``"valid"`` output would be empty (kernel larger than
        the image).

    See Also
    --------
    shared_layer : the same sum over all offsets.
    dense_from_local : the dense weights of this layer.
    receptive_field_mask : what a stack of these layers sees.
    scipy.signal.correlate2d : the same numbers for odd kernels, more slowly.

    Notes
    -----
    Equal to ``scipy.signal.correlate2d(x, kernel, mode=padding)`` and to
    ``scipy.ndimage.correlate(x, kernel, mode="constant")`` (``"same"``). Two
    algorithms, chosen by the number of nonzero kernel entries (taps):

    - fewer than ``FFT_MIN_TAPS``: shift-and-add. Each nonzero tap adds a shifted
      copy of the (zero-padded) image times its weight to the output, in cache-sized
      blocks of rows: ``taps * H * W`` multiply-adds, zero taps skipped.
    - otherwise: the FFT (``numpy.fft.rfft2``) on a zero-padded grid whose sides
      have no prime factor above 5, about ``H W log(H W)`` operations whatever the
      kernel size. Rounding differs from shift-and-add by about 1e-16 times
      ``max|x| * sum|kernel|``.

    Taps that reach farther than the image (``delta >= H`` with ``"same"``) never
    touch a pixel and are dropped first.

    With channels the same choice is made on the taps that are nonzero for some
    pair of channels. Shift-and-add then costs ``taps * C_out * C_in * H * W``
    multiply-adds, one ``(C_out, C_in) @ (C_in, H W)`` matrix product per tap; the
    FFT transforms each input channel once and each output channel once
    (``C_in + C_out`` image-sized FFTs), plus one FFT per kernel ``kernel[d, c]``
    and ``C_out * C_in`` products of spectra. Both are meant for the book's sizes
    (a few channels, images up to a few hundred pixels on a side), not for
    training networks.

    Examples
    --------
    A 3 x 3 kernel with a single 1 in the centre copies the image:

    >>> import numpy as np
    >>> x = np.arange(9.0).reshape(3, 3)
    >>> x.tolist()
    [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]
    >>> identity = np.zeros((3, 3))
    >>> identity[1, 1] = 1.0
    >>> local_layer(x, identity).tolist()
    [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]

    A kernel of ones sums each 3 x 3 neighbourhood, with zeros outside the image:

    >>> local_layer(x, np.ones((3, 3))).tolist()
    [[8.0, 15.0, 12.0], [21.0, 36.0, 27.0], [20.0, 33.0, 24.0]]

    ``"valid"`` keeps only the pixels whose window fits inside the image (here one):

    >>> local_layer(x, np.ones((3, 3)), bias=-36, padding="valid").tolist()
    [[0.0]]

    The kernel is not flipped: a 1 on the right of the centre (offset (0, 1)) reads
    the right-hand neighbour.

    >>> local_layer(x, [[0, 0, 1]]).tolist()
    [[1.0, 2.0, 0.0], [4.0, 5.0, 0.0], [7.0, 8.0, 0.0]]

    With channels: two input channels (``x`` and ``10 x``), two output channels.
    Output channel 0 adds the two inputs; channel 1 takes their difference and
    adds a bias of 0.5.

    >>> xc = np.stack([x, 10 * x])
    >>> kernel = np.zeros((2, 2, 1, 1))  # (C_out, C_in, 1, 1): no neighbours
    >>> kernel[0, :, 0, 0] = [1.0, 1.0]
    >>> kernel[1, :, 0, 0] = [-1.0, 1.0]
    >>> h = local_layer(xc, kernel, bias=[0.0, 0.5])
    >>> h.shape
    (2, 3, 3)
    >>> h[0].tolist()
    [[0.0, 11.0, 22.0], [33.0, 44.0, 55.0], [66.0, 77.0, 88.0]]
    >>> h[1, 0].tolist()
    [0.5, 9.5, 18.5]
    """
    x = as_float_array(x, "x", ndim=(2, 3))
    if x.ndim == 3:
        return _local_layer_channels(x, kernel, bias, padding)
    if 0 in x.shape:
        raise ValueError(f"`x` must not be empty, got shape {x.shape}")
    try:
        kernel = _odd_kernel(kernel)
    except ValueError:
        if np.ndim(kernel) == 4:
            raise ValueError(
                f"`kernel` must be 2-D for a 2-D image `x`, got 4-D array of shape "
                f"{np.shape(kernel)}: a 4-D kernel (C_out, C_in, 2 * delta_r + 1, "
                f"2 * delta_c + 1) needs an image `x` with channels, of shape (C_in, H, W); "
                f"for one channel pass x[np.newaxis]"
            ) from None
        raise
    padding = as_choice(padding, "padding", PADDINGS)
    b = as_bias(bias, "bias")
    if padding == "valid":
        _check_valid_fits(kernel.shape, x.shape)
    return _correlate(x, kernel, padding, bias=b)


def _check_valid_fits(kernel_shape, x_shape) -> None:
    """Refuse a ``"valid"`` layer whose kernel does not fit inside the image."""
    height, width = x_shape[-2:]
    rows, cols = height - kernel_shape[-2] + 1, width - kernel_shape[-1] + 1
    if rows < 1 or cols < 1:
        raise ValueError(
            f'with padding="valid" the output would be empty: `kernel` of shape '
            f"{tuple(kernel_shape)} does not fit inside the image `x` of shape "
            f"{tuple(x_shape)} (output shape would be {(max(rows, 0), max(cols, 0))}); use a "
            f'kernel at most as large as the image, or padding="same"'
        )


def _local_layer_channels(x: np.ndarray, kernel, bias, padding) -> np.ndarray:
    """:func:`local_layer` for a checked 3-D float image ``x`` of shape (C_in, H, W)."""
    if 0 in x.shape:
        raise ValueError(
            f"`x` must not be empty: a 3-D image has shape (C_in, H, W), each at least 1, "
            f"got shape {x.shape}"
        )
    c_in = x.shape[0]
    k = numeric_array(kernel, "kernel")
    if k.ndim != 4:
        raise ValueError(
            f"`kernel` must be 4-D, of shape (C_out, C_in, 2 * delta_r + 1, 2 * delta_c + 1), "
            f"for a 3-D image `x` of shape (C_in, H, W) = {x.shape}, got {k.ndim}-D array of "
            f"shape {k.shape}; a 3-D image needs a 4-D kernel, one window per pair "
            f"(output channel, input channel)"
        )
    if k.shape[0] == 0 or k.shape[1] == 0:
        raise ValueError(
            f"`kernel` must have at least one output and one input channel, shape "
            f"(C_out, C_in, ...) with C_out, C_in >= 1, got shape {k.shape}"
        )
    if k.shape[1] != c_in:
        raise ValueError(
            f"`kernel` has C_in = {k.shape[1]} input channels (axis 1 of shape {k.shape}), "
            f"but the image `x` has {c_in} (axis 0 of shape {x.shape}); they must agree"
        )
    if k.shape[2] % 2 == 0 or k.shape[3] % 2 == 0:
        raise ValueError(f"`kernel` must have odd side lengths, got shape {k.shape}")
    k = k.astype(np.float64, copy=False)
    check_finite(k, "kernel")
    c_out = k.shape[0]
    b = as_float_array(bias, "bias")
    if b.ndim == 0:
        b = np.full(c_out, float(b))
    elif b.shape != (c_out,):
        raise ValueError(
            f"`bias` must be a scalar or have one entry per output channel, shape (C_out,) = "
            f"{(c_out,)}, got shape {b.shape}"
        )
    padding = as_choice(padding, "padding", PADDINGS)
    if padding == "valid":
        _check_valid_fits(k.shape, x.shape)
    return _correlate_channels(x, k, padding, b)


def _as_pixel(pixel, shape: tuple[int, int], name: str = "pixel") -> tuple[int, int]:
    """Return ``pixel`` as a (row, col) pair of ints inside an image of ``shape``."""
    if isinstance(pixel, str | bytes) or not isinstance(pixel, tuple | list | np.ndarray):
        raise TypeError(
            f"`{name}` must be a (row, col) pair of integers, got {type(pixel).__name__} {pixel!r}"
        )
    if len(pixel) != 2:
        raise ValueError(
            f"`{name}` must be a (row, col) pair of integers, got {len(pixel)} value(s)"
        )
    return (
        as_int(pixel[0], f"{name}[0]", minimum=0, maximum=shape[0] - 1),
        as_int(pixel[1], f"{name}[1]", minimum=0, maximum=shape[1] - 1),
    )


def _as_deltas(delta, layers) -> list[int]:
    """One radius per layer, from an int and a count or from a sequence of ints."""
    if isinstance(delta, tuple | list | np.ndarray) and np.ndim(delta) == 1:
        if len(delta) == 0:
            raise ValueError(
                "`delta` must be an integer or a non-empty sequence of integers (one radius "
                "per layer), got an empty sequence"
            )
        deltas = [as_int(d, f"delta[{n}]", minimum=0) for n, d in enumerate(delta)]
        if layers is not None and as_int(layers, "layers", minimum=1) != len(deltas):
            raise ValueError(
                f"`layers` = {layers} disagrees with the {len(deltas)} radii in `delta` "
                f"{tuple(deltas)}: pass one radius per layer, or leave `layers` out"
            )
        return deltas
    d = as_int(delta, "delta", minimum=0)
    n = 1 if layers is None else as_int(layers, "layers", minimum=1)
    return [d] * n


def receptive_field_mask(shape, delta, layers=None, *, pixel) -> np.ndarray:
    """Return the input pixels that can influence one output pixel of stacked local layers.

    Computed by propagation, not by formula: an indicator of the output pixel is
    sent back through the layers one at a time. The inputs of a layer that reach
    output pixel ``p`` are the pixels of the window around ``p``; so one
    :func:`local_layer` with a kernel of ones turns the set of pixels reached so
    far into the set of their windows' pixels, which is thresholded back to 0 or 1.

    Parameters
    ----------
    shape : tuple of int (H, W)
        The image shape; every layer uses ``"same"`` padding, so all have it.
    delta : int or sequence of int
        The radius of every layer's ``(2 * delta + 1) x (2 * delta + 1)`` window, or
        one radius per layer, from the first layer (the one that reads the image)
        to the last.
    layers : int, optional
        The number of stacked layers, at least 1; default 1 for an integer
        ``delta``, ``len(delta)`` for a sequence (which it must then equal).
    pixel : (int, int), keyword-only
        The output pixel ``(i, j)`` of the last layer.

    Returns
    -------
    mask : ndarray of bool, shape (H, W)
        True for the input pixels ``(k, l)`` from which a path of window links
        leads to output pixel ``(i, j)``: those whose value can change ``h[i, j]``
        for some choice of weights.

    Raises
    ------
    TypeError
        If ``shape`` or ``pixel`` is not a pair of integers, or ``delta`` or
        ``layers`` is not an integer (or ``delta`` a sequence of them).
    ValueError
        If ``shape`` has an entry below 1, ``pixel`` lies outside the image, a
        radius is negative, ``delta`` is an empty sequence, ``layers`` is below 1
        or disagrees with the length of ``delta``.

    See Also
    --------
    mlp2conv.counting.receptive_field : the side of the square, by formula.
    local_layer : the layer that carries the indicator.

    Notes
    -----
    A window of ones is symmetric, so carrying the indicator backwards (a
    convolution, the transpose of the layer's cross-correlation) is the same as
    applying the layer forwards. Away from the border the mask is the square of
    side ``2 * sum(deltas) + 1`` centred on ``pixel``
    (:func:`mlp2conv.counting.receptive_field`); near the border, that square
    clipped to the image. The values are counts of paths (whole numbers at least 1
    where a pixel is reached), so thresholding at 0.5 is exact even when a large
    window is applied by FFT. Cost: ``layers`` local layers on an ``H x W`` image.

    Examples
    --------
    One 3 x 3 layer sees the 3 x 3 window; two see 5 x 5:

    >>> receptive_field_mask((7, 7), 1, pixel=(3, 3)).astype(int)[1:6, 1:6].tolist()
    [[0, 0, 0, 0, 0], [0, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 0, 0, 0, 0]]
    >>> int(receptive_field_mask((7, 7), 1, 2, pixel=(3, 3)).sum())
    25

    In a corner the square is clipped to the image:

    >>> receptive_field_mask((4, 5), 1, 2, pixel=(0, 0)).astype(int).tolist()
    [[1, 1, 1, 0, 0], [1, 1, 1, 0, 0], [1, 1, 1, 0, 0], [0, 0, 0, 0, 0]]

    One radius per layer: a 3 x 3 layer, then a 1 x 1 one, then a 5 x 5 one:

    >>> int(receptive_field_mask((11, 11), [1, 0, 2], pixel=(5, 5)).sum())  # 7 x 7
    49
    """
    height, width = as_shape(shape, "shape")
    deltas = _as_deltas(delta, layers)
    i, j = _as_pixel(pixel, (height, width))
    reached = np.zeros((height, width))
    reached[i, j] = 1.0
    for d in reversed(deltas):  # the last layer's window first
        side = 2 * d + 1
        counts = local_layer(reached, np.ones((side, side)))
        reached = (counts > 0.5).astype(np.float64)
    return reached > 0.5


# ------------------------------------------------------------ correlation engines


def _fast_length(n: int) -> int:
    """Return the smallest integer >= ``n`` with no prime factor above 5.

    FFTs of such lengths are fast; sizes with a large prime factor can be many
    times slower.

    Examples
    --------
    >>> [_fast_length(n) for n in (1, 7, 11, 97, 257, 1031)]
    [1, 8, 12, 100, 270, 1080]
    """
    n = int(n)
    if n <= 6:
        return max(n, 1)
    best = 2 ** (n - 1).bit_length()  # a power of two always works
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            # the smallest power-of-two multiple of p35 that reaches n
            candidate = p35 * 2 ** max(0, (-(-n // p35) - 1).bit_length())
            best = min(best, candidate)
            p35 *= 3
        p5 *= 5
    return best


def _correlate(
    x: np.ndarray, kernel: np.ndarray, padding: str, *, bias: float = 0.0, method=None
) -> np.ndarray:
    """Cross-correlate a checked image with a checked odd kernel; see :func:`local_layer`.

    ``method`` is ``"direct"`` (shift-and-add), ``"fft"``, or ``None`` to choose by
    the number of nonzero taps (:data:`FFT_MIN_TAPS`). For tests and benchmarks.
    """
    height, width = x.shape
    dr, dc = kernel.shape[0] // 2, kernel.shape[1] // 2
    if padding == "same":
        # Offsets beyond the image never meet a pixel: drop them.
        r, c = min(dr, height - 1), min(dc, width - 1)
        kernel = kernel[dr - r : dr + r + 1, dc - c : dc + c + 1]
        out_shape = (height, width)
    else:
        out_shape = (height - 2 * dr, width - 2 * dc)
    taps = np.count_nonzero(kernel)
    if method is None:
        method = "fft" if taps >= FFT_MIN_TAPS else "direct"
    if taps == 0:
        return np.full(out_shape, bias)
    if method == "fft":
        return _correlate_fft(x, kernel, padding, out_shape, bias)
    return _correlate_direct(x, kernel, padding, out_shape, bias)


def _correlate_direct(x, kernel, padding, out_shape, bias) -> np.ndarray:
    """Shift-and-add: for each nonzero tap, add the shifted image times the tap.

    The output is built in blocks of rows small enough to stay in the cache while
    all taps are added; for ``"same"`` each block reads from a reused zero-padded
    copy of just the input rows it needs.
    """
    height, width = x.shape
    dr, dc = kernel.shape[0] // 2, kernel.shape[1] // 2
    rows, cols = out_shape
    nz_rows, nz_cols = np.nonzero(kernel)
    taps = zip(nz_rows.tolist(), nz_cols.tolist(), kernel[nz_rows, nz_cols].tolist(), strict=True)
    (p0, q0, w0), *rest = taps  # tap (p, q) reads input pixel (i + p - dr, j + q - dc)
    out = np.empty(out_shape)
    block = max(1, _BLOCK_BYTES // (8 * cols))
    scratch = np.empty((min(block, rows), cols))
    if padding == "same":
        padded = np.zeros((min(block, rows) + 2 * dr, width + 2 * dc))
    for top in range(0, rows, block):
        n = min(block, rows - top)
        if padding == "same":
            first = top - dr  # input row held in padded[0]
            lo, hi = max(first, 0), min(top + n + dr, height)
            padded[: lo - first] = 0.0
            padded[lo - first : hi - first, dc : dc + width] = x[lo:hi]
            padded[hi - first :] = 0.0
            source = padded
        else:
            source = x[top : top + n + 2 * dr]
        acc = out[top : top + n]
        tmp = scratch[:n]
        np.multiply(source[p0 : p0 + n, q0 : q0 + cols], w0, out=acc)
        for p, q, w in rest:
            np.multiply(source[p : p + n, q : q + cols], w, out=tmp)
            acc += tmp
        if bias:
            acc += bias
    return out


def _fft_grid(height, width, dr, dc, padding):
    """The FFT grid size for a (2dr+1, 2dc+1) kernel, and where the output starts on it."""
    if padding == "same":
        # Output (i, j) needs input rows i - dr .. i + dr: a period of H + dr keeps
        # the wrapped-around rows in the zero padding.
        return (_fast_length(height + dr), _fast_length(width + dc)), (dr, dc)
    return (_fast_length(height), _fast_length(width)), (2 * dr, 2 * dc)


def _correlate_fft(x, kernel, padding, out_shape, bias) -> np.ndarray:
    """Cross-correlation as a product of spectra, on a grid just large enough."""
    height, width = x.shape
    size, first = _fft_grid(height, width, kernel.shape[0] // 2, kernel.shape[1] // 2, padding)
    spectrum = np.fft.rfft2(x, s=size)
    spectrum *= np.fft.rfft2(kernel[::-1, ::-1], s=size)
    full = np.fft.irfft2(spectrum, s=size)
    out = full[first[0] : first[0] + out_shape[0], first[1] : first[1] + out_shape[1]].copy()
    if bias:
        out += bias
    return out


def _correlate_channels(
    x: np.ndarray, kernel: np.ndarray, padding: str, bias: np.ndarray, *, method=None
) -> np.ndarray:
    """Multi-channel cross-correlation of checked arrays; see :func:`local_layer`.

    ``x`` has shape (C_in, H, W), ``kernel`` (C_out, C_in, 2 * dr + 1, 2 * dc + 1),
    ``bias`` (C_out,). ``method`` is ``"direct"``, ``"fft"`` or ``None`` (by the number
    of taps that are nonzero for some pair of channels). For tests and benchmarks.
    """
    _, height, width = x.shape
    c_out = kernel.shape[0]
    dr, dc = kernel.shape[2] // 2, kernel.shape[3] // 2
    if padding == "same":
        r, c = min(dr, height - 1), min(dc, width - 1)
        kernel = kernel[:, :, dr - r : dr + r + 1, dc - c : dc + c + 1]
        rows, cols = height, width
    else:
        r, c = dr, dc
        rows, cols = height - 2 * dr, width - 2 * dc
    used = np.any(kernel != 0.0, axis=(0, 1))
    taps = int(np.count_nonzero(used))
    if method is None:
        method = "fft" if taps >= FFT_MIN_TAPS else "direct"
    if taps == 0:
        out = np.zeros((c_out, rows, cols))
    elif method == "fft":
        size, first = _fft_grid(height, width, r, c, padding)
        spectra = np.fft.rfft2(x, s=size)  # (C_in, ...): one FFT per input channel
        spectrum = np.einsum(
            "dcuv,cuv->duv", np.fft.rfft2(kernel[:, :, ::-1, ::-1], s=size), spectra
        )
        full = np.fft.irfft2(spectrum, s=size)  # one inverse FFT per output channel
        out = full[:, first[0] : first[0] + rows, first[1] : first[1] + cols].copy()
    else:
        if padding == "same":
            source = np.zeros((x.shape[0], height + 2 * r, width + 2 * c))
            source[:, r : r + height, c : c + width] = x
        else:
            source = x
        flat = np.zeros((c_out, rows * cols))
        for p, q in zip(*np.nonzero(used), strict=True):
            window = source[:, p : p + rows, q : q + cols].reshape(x.shape[0], rows * cols)
            flat += kernel[:, :, p, q] @ window
        out = flat.reshape(c_out, rows, cols)
    out += bias[:, None, None]
    return out


# ----------------------------------------------------------- offsets and conversions


def to_offsets(weights, *, max_bytes=DEFAULT_MAX_BYTES) -> np.ndarray:
    """Re-index dense weights by offset: ``out[i, j, a + H - 1, b + W - 1]``.

    For each output pixel ``(i, j)`` the weights are moved from input coordinates
    ``(k, l)`` to offsets ``(a, b) = (k - i, l - j)``. In these coordinates a
    translation-invariant layer is the same ``(2H - 1, 2W - 1)`` plane for every
    ``(i, j)``.

    Parameters
    ----------
    weights : array_like, shape (H, W, H, W)
        Dense weights, as for :func:`dense_layer`.
    max_bytes : int, default DEFAULT_MAX_BYTES (512 MiB)
        Refuse to build an output larger than this.

    Returns
    -------
    out : ndarray, shape (H, W, 2H - 1, 2W - 1)
        ``out[i, j, a + H - 1, b + W - 1] = weights[i, j, i + a, j + b]`` where
        ``(i + a, j + b)`` is inside the image, and 0 where it is not.

    Raises
    ------
    TypeError
        If ``weights`` is not a real numeric array.
    ValueError
        If ``weights`` does not have shape ``(H, W, H, W)``, has NaN or infinite
        values, or the output would need more than ``max_bytes``.

    See Also
    --------
    from_offsets : the inverse.
    shared_from_dense : check that all planes agree and return one.

    Notes
    -----
    One fancy-indexed assignment, no loop over pixels; the output is about four
    times the size of ``weights``, which is checked against ``max_bytes`` before
    anything is allocated. ``from_offsets(to_offsets(w))`` returns ``w`` bit for bit.

    Examples
    --------
    On a 1 x 2 image, offset ``b`` runs over -1, 0, 1 (indices 0, 1, 2). The left
    output pixel (j = 0) has no left neighbour, the right one no right neighbour:

    >>> import numpy as np
    >>> weights = np.array([[[[1.0, 2.0]], [[3.0, 4.0]]]])  # shape (1, 2, 1, 2)
    >>> to_offsets(weights)[0, :, 0, :].tolist()
    [[0.0, 1.0, 2.0], [3.0, 4.0, 0.0]]

    Dense weights of a shared layer give the same row for every output pixel,
    up to the entries that fall outside the image:

    >>> w, _ = dense_from_shared([[5.0, 6.0, 7.0]])
    >>> to_offsets(w)[0, :, 0, :].tolist()
    [[0.0, 6.0, 7.0], [5.0, 6.0, 0.0]]
    """
    w = _dense_weights(weights)
    height, width = w.shape[:2]
    out_shape = (height, width, 2 * height - 1, 2 * width - 1)
    check_tensor_bytes(out_shape, max_bytes, "to_offsets")
    w = w.astype(np.float64, copy=False)
    check_finite(w, "weights")
    rows, cols = _offset_index(height, width)
    i = np.arange(height)[:, None, None, None]
    j = np.arange(width)[None, :, None, None]
    out = np.zeros(out_shape)
    out[i, j, rows, cols] = w
    return out


def from_offsets(v, *, max_bytes=DEFAULT_MAX_BYTES) -> np.ndarray:
    """Return dense weights from weights indexed by offset; the inverse of :func:`to_offsets`.

    Parameters
    ----------
    v : array_like, shape (H, W, 2H - 1, 2W - 1)
        ``v[i, j, a + H - 1, b + W - 1]`` is the weight from input pixel
        ``(i + a, j + b)`` to output pixel ``(i, j)``.
    max_bytes : int, default DEFAULT_MAX_BYTES (512 MiB)
        Refuse to build an output larger than this.

    Returns
    -------
    weights : ndarray, shape (H, W, H, W)
        ``weights[i, j, k, l] = v[i, j, k - i + H - 1, l - j + W - 1]``.

    Raises
    ------
    TypeError
        If ``v`` is not a real numeric array.
    ValueError
        If ``v`` is not 4-D of shape ``(H, W, 2H - 1, 2W - 1)``, has NaN or infinite
        values, or the output would need more than ``max_bytes``.

    See Also
    --------
    to_offsets : the inverse.
    dense_from_shared : the same for a single plane shared by all pixels.

    Notes
    -----
    Entries of ``v`` whose source pixel lies outside the image (``i + a`` not in
    ``0 .. H - 1`` or ``j + b`` not in ``0 .. W - 1``) have no dense counterpart and
    are ignored, so ``to_offsets(from_offsets(v))`` equals ``v`` with those entries
    set to zero. One fancy-indexed read, no loop over pixels.

    Examples
    --------
    >>> import numpy as np
    >>> v = np.array([[[[9.0, 1.0, 2.0]], [[3.0, 4.0, 9.0]]]])  # shape (1, 2, 1, 3)
    >>> from_offsets(v)[0, :, 0, :].tolist()  # the 9s point outside the image
    [[1.0, 2.0], [3.0, 4.0]]
    >>> w = np.arange(16.0).reshape(2, 2, 2, 2)
    >>> bool((from_offsets(to_offsets(w)) == w).all())
    True
    """
    arr = numeric_array(v, "v", ndim=4)
    height, width = _offsets_shape(arr, "v")
    if arr.shape[:2] != (height, width):
        raise ValueError(
            f"`v` must have shape (H, W, 2H - 1, 2W - 1) = "
            f"{(height, width, 2 * height - 1, 2 * width - 1)}, got shape {arr.shape}"
        )
    check_tensor_bytes((height, width, height, width), max_bytes, "from_offsets")
    arr = arr.astype(np.float64, copy=False)
    check_finite(arr, "v")
    rows, cols = _offset_index(height, width)
    i = np.arange(height)[:, None, None, None]
    j = np.arange(width)[None, :, None, None]
    return arr[i, j, rows, cols]


def dense_from_shared(v, bias=0.0, *, max_bytes=DEFAULT_MAX_BYTES):
    """Return the dense layer ``(weights, bias)`` equal to a translation-invariant layer.

    Writes out the one weight per offset of :func:`shared_layer` for every pair of
    pixels, so that ``dense_layer(x, *dense_from_shared(v, b))`` equals
    ``shared_layer(x, v, b)``.

    Parameters
    ----------
    v : array_like, shape (2H - 1, 2W - 1)
        The weight of each offset, as for :func:`shared_layer`; it fixes the image
        shape ``(H, W)``.
    bias : float, default 0.0
        The shared bias.
    max_bytes : int, default DEFAULT_MAX_BYTES (512 MiB)
        Refuse to build weights larger than this.

    Returns
    -------
    weights : ndarray, shape (H, W, H, W)
        ``weights[i, j, k, l] = v[k - i + H - 1, l - j + W - 1]``.
    bias : ndarray, shape (H, W)
        The shared bias repeated for every output pixel: a dense layer has one bias
        per output pixel.

    Raises
    ------
    TypeError
        If ``v`` or ``bias`` is not real and numeric.
    ValueError
        If ``v`` is not 2-D with odd side lengths, ``bias`` is not a scalar, a value
        is NaN or infinite, or the weights would need more than ``max_bytes``.

    See Also
    --------
    shared_from_dense : the inverse.
    dense_from_local : the same from a small kernel.
    to_offsets : see the shared plane inside dense weights.

    Notes
    -----
    The weights hold ``(HW)**2`` float64 numbers: 8 MB for a 32 x 32 image, 8 TB for
    1000 x 1000. Their size is computed (with Python integers) and checked against
    ``max_bytes`` before anything is allocated, so refusing is instant.

    Examples
    --------
    On a 1 x 3 image the offsets run from -2 to 2. Row ``j`` of the weights is the
    window of ``v`` centred on offset 0, slid ``j`` places to the left:

    >>> import numpy as np
    >>> weights, bias = dense_from_shared([[1.0, 2.0, 3.0, 4.0, 5.0]], bias=0.5)
    >>> weights.shape, bias.tolist()
    ((1, 3, 1, 3), [[0.5, 0.5, 0.5]])
    >>> weights[0, :, 0, :].tolist()
    [[3.0, 4.0, 5.0], [2.0, 3.0, 4.0], [1.0, 2.0, 3.0]]

    This matrix, constant along its diagonals, is a Toeplitz matrix. The dense layer
    built from it computes the shared layer:

    >>> x = np.array([[1.0, 0.0, 2.0]])
    >>> dense = dense_layer(x, weights, bias)
    >>> shared = shared_layer(x, [[1, 2, 3, 4, 5]], 0.5)
    >>> dense.tolist(), shared.tolist()
    ([[13.5, 10.5, 7.5]], [[13.5, 10.5, 7.5]])
    """
    arr = numeric_array(v, "v", ndim=2)
    height, width = _offsets_shape(arr, "v")
    check_tensor_bytes((height, width, height, width), max_bytes, "dense_from_shared")
    arr = arr.astype(np.float64, copy=False)
    check_finite(arr, "v")
    b = as_bias(bias, "bias")
    rows, cols = _offset_index(height, width)
    return arr[rows, cols], np.full((height, width), b)


def dense_from_local(kernel, shape, bias=0.0, *, max_bytes=DEFAULT_MAX_BYTES):
    """Return the dense layer ``(weights, bias)`` equal to a local layer on images of ``shape``.

    The book's central claim made executable: the convolution layer is a dense
    layer whose weights depend only on the offset between pixels and vanish beyond
    the kernel, so ``dense_layer(x, *dense_from_local(kernel, x.shape))`` equals
    ``local_layer(x, kernel)``.

    Parameters
    ----------
    kernel : array_like, shape (2 * delta_r + 1, 2 * delta_c + 1)
        The local kernel, as for :func:`local_layer`.
    shape : tuple of int (H, W)
        The image shape the dense layer works on.
    bias : float, default 0.0
        The shared bias.
    max_bytes : int, default DEFAULT_MAX_BYTES (512 MiB)
        Refuse to build weights larger than this.

    Returns
    -------
    weights : ndarray, shape (H, W, H, W)
        ``weights[i, j, k, l] = kernel[k - i + delta_r, l - j + delta_c]`` when
        ``|k - i| <= delta_r`` and ``|l - j| <= delta_c``, and 0 otherwise.
    bias : ndarray, shape (H, W)
        The shared bias repeated for every output pixel.

    Raises
    ------
    TypeError
        If ``kernel`` or ``bias`` is not real and numeric, or ``shape`` is not a pair
        of integers.
    ValueError
        If the kernel is not 2-D with odd side lengths, ``shape`` has an entry below
        1, ``bias`` is not a scalar, a value is NaN or infinite, or the weights would
        need more than ``max_bytes``.

    See Also
    --------
    local_layer : the layer itself.
    dense_from_shared : the same from one weight per offset.
    shared_from_local : the intermediate step, the offset plane.

    Notes
    -----
    Only ``padding="same"`` has a dense counterpart of the same shape. The weights
    hold ``(HW)**2`` float64 numbers, nearly all of them zero; for a 1000 x 1000
    image that would be 8.0 TB, which is refused (after a size computation with
    Python integers, before any allocation) unless ``max_bytes`` allows it.

    Examples
    --------
    A 3-tap kernel on a 1 x 4 image: each row of the weights is the kernel, slid one
    place further right, cut off at the borders.

    >>> import numpy as np
    >>> weights, bias = dense_from_local([[1.0, 2.0, 3.0]], (1, 4))
    >>> weights[0, :, 0, :].tolist()
    [[2.0, 3.0, 0.0, 0.0], [1.0, 2.0, 3.0, 0.0], [0.0, 1.0, 2.0, 3.0], [0.0, 0.0, 1.0, 2.0]]

    The dense layer with these weights is the local layer:

    >>> x = np.array([[1.0, 0.0, 0.0, 2.0]])
    >>> dense_layer(x, weights, bias).tolist(), local_layer(x, [[1, 2, 3]]).tolist()
    ([[2.0, 1.0, 6.0, 4.0]], [[2.0, 1.0, 6.0, 4.0]])

    A 1000 x 1000 image is refused at once:

    >>> dense_from_local(np.ones((3, 3)), (1000, 1000))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: dense_from_local would need a float64 tensor of shape (1000 x 1000 x 1000 x 1000): 8.0 TB, ...
    """  # noqa: E501
    kernel = _odd_kernel(kernel)
    height, width = as_shape(shape, "shape")
    b = as_bias(bias, "bias")
    check_tensor_bytes((height, width, height, width), max_bytes, "dense_from_local")
    rows, cols = _offset_index(height, width)
    return _shared_from_local(kernel, height, width)[rows, cols], np.full((height, width), b)


def shared_from_local(kernel, shape) -> np.ndarray:
    """Return the offset plane ``v`` of a local kernel on images of ``shape``.

    Places the kernel at the centre of a zero ``(2H - 1, 2W - 1)`` plane, so that
    ``shared_layer(x, shared_from_local(kernel, x.shape))`` equals
    ``local_layer(x, kernel)``: locality is translation invariance with all far
    offsets set to zero.

    Parameters
    ----------
    kernel : array_like, shape (2 * delta_r + 1, 2 * delta_c + 1)
        The local kernel.
    shape : tuple of int (H, W)
        The image shape.

    Returns
    -------
    v : ndarray, shape (2H - 1, 2W - 1)
        ``v[a + H - 1, b + W - 1] = kernel[a + delta_r, b + delta_c]`` for
        ``|a| <= delta_r``, ``|b| <= delta_c``; 0 elsewhere.

    Raises
    ------
    TypeError
        If ``kernel`` is not real and numeric, or ``shape`` not a pair of integers.
    ValueError
        If the kernel is not 2-D with odd side lengths or has NaN or infinite values,
        or ``shape`` has an entry below 1.

    See Also
    --------
    local_from_shared : the inverse.
    shared_layer, local_layer : the two layers this links.

    Notes
    -----
    Kernel entries for offsets beyond the image (``delta_r >= H`` or
    ``delta_c >= W``) never meet a pixel of an ``H x W`` image; they are dropped.

    Examples
    --------
    >>> shared_from_local([[1.0, 2.0, 3.0]], (2, 3)).tolist()
    [[0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 1.0, 2.0, 3.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]]
    >>> shared_from_local([[1.0, 2.0, 3.0]], (1, 1)).tolist()  # only offset 0 exists
    [[2.0]]
    """
    kernel = _odd_kernel(kernel)
    height, width = as_shape(shape, "shape")
    return _shared_from_local(kernel, height, width)


def _shared_from_local(kernel: np.ndarray, height: int, width: int) -> np.ndarray:
    dr, dc = kernel.shape[0] // 2, kernel.shape[1] // 2
    r, c = min(dr, height - 1), min(dc, width - 1)
    v = np.zeros((2 * height - 1, 2 * width - 1))
    v[height - 1 - r : height + r, width - 1 - c : width + c] = kernel[
        dr - r : dr + r + 1, dc - c : dc + c + 1
    ]
    return v


def _shared_plane(weights: np.ndarray) -> np.ndarray:
    """The offset plane read off dense weights at the first pixel pair of each offset."""
    height, width = weights.shape[:2]
    a = np.arange(-(height - 1), height)
    b = np.arange(-(width - 1), width)
    i, j = np.maximum(0, -a), np.maximum(0, -b)
    return weights[i[:, None], j[None, :], (i + a)[:, None], (j + b)[None, :]]


def _translation_violations(weights, bias, atol):
    """Check the arguments; return ``(v, shared_bias, problems)``, problems as text."""
    w = _dense_weights(weights).astype(np.float64, copy=False)
    check_finite(w, "weights")
    height, width = w.shape[:2]
    atol = as_float(atol, "atol", minimum=0.0)
    b = as_bias(bias, "bias", (height, width))
    problems = []
    v = _shared_plane(w)
    rows, cols = _offset_index(height, width)
    bad = np.abs(w - v[rows, cols]) > atol
    count = int(np.count_nonzero(bad))
    if count:
        shown = np.argwhere(bad)[:5]
        items = [
            f"(i, j, a, b) = ({i}, {j}, {k - i}, {m - j}): weights[{i}, {j}, {k}, {m}] = "
            f"{w[i, j, k, m]:.6g}, expected {v[k - i + height - 1, m - j + width - 1]:.6g}"
            for i, j, k, m in shown.tolist()
        ]
        problems.append(
            f"`weights` is not translation invariant: {count} of {w.size} entries differ by "
            f"more than `atol` = {atol:g} from the value of their offset (a, b) = "
            f"(k - i, l - j) at its first pixel pair; first {len(items)}: " + "; ".join(items)
        )
    if isinstance(b, np.ndarray):
        bad_b = np.abs(b - b[0, 0]) > atol
        count_b = int(np.count_nonzero(bad_b))
        if count_b:
            i, j = np.argwhere(bad_b)[0].tolist()
            problems.append(
                f"`bias` is not constant: {count_b} of {b.size} entries differ from "
                f"bias[0, 0] = {b[0, 0]:.6g} by more than `atol` = {atol:g}, "
                f"first bias[{i}, {j}] = {b[i, j]:.6g}"
            )
        b = float(b[0, 0])
    return v, b, problems


def shared_from_dense(weights, bias=0.0, *, atol=1e-12):
    """Recover the translation-invariant layer ``(v, bias)`` from dense weights, or explain why not.

    Parameters
    ----------
    weights : array_like, shape (H, W, H, W)
        Dense weights.
    bias : float or array_like of shape (H, W), default 0.0
        Dense bias; must be constant.
    atol : float, default 1e-12
        Entries of the same offset may differ by this much.

    Returns
    -------
    v : ndarray, shape (2H - 1, 2W - 1)
        The weight of each offset, ``v[a + H - 1, b + W - 1]``.
    bias : float
        The shared bias.

    Raises
    ------
    TypeError
        If ``weights``, ``bias`` or ``atol`` is not real and numeric.
    ValueError
        If ``weights`` does not have shape ``(H, W, H, W)``, ``bias`` has another
        shape than ``(H, W)``, a value is NaN or infinite, ``atol`` is negative, or
        the layer is not translation invariant: the message gives how many entries
        break it and the first few as ``(i, j, a, b)`` with their value and the
        value expected for their offset, and whether the bias is not constant.

    See Also
    --------
    dense_from_shared : the inverse.
    is_translation_invariant : the same test, answered with a bool.

    Notes
    -----
    Translation invariance means: for every offset ``(a, b)``, all the entries
    ``weights[i, j, i + a, j + b]`` that exist (both pixels inside the image) are
    equal. Every offset with ``|a| <= H - 1``, ``|b| <= W - 1`` is realised by some
    pair of pixels, so ``v`` is recovered in full. Each entry is compared with the
    entry of the same offset at the first output pixel that has it; cost and memory
    are a few times those of ``weights``.

    Examples
    --------
    >>> import numpy as np
    >>> weights, bias = dense_from_shared([[1.0, 2.0, 3.0]], bias=0.5)
    >>> v, b = shared_from_dense(weights, bias)
    >>> v.tolist(), b
    ([[1.0, 2.0, 3.0]], 0.5)

    Change one weight and the layer is no longer translation invariant:

    >>> weights[0, 1, 0, 1] = 7.0
    >>> shared_from_dense(weights, bias)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: `weights` is not translation invariant: 1 of 4 entries differ ...
    """
    v, b, problems = _translation_violations(weights, bias, atol)
    if problems:
        raise ValueError("\n".join(problems))
    return v, b


def is_translation_invariant(weights, *, bias=None, atol=1e-12) -> bool:
    """Return whether dense weights (and optionally a bias) are translation invariant.

    Parameters
    ----------
    weights : array_like, shape (H, W, H, W)
        Dense weights.
    bias : None, float or array_like of shape (H, W), default None
        If given, it must also be constant.
    atol : float, default 1e-12
        Entries of the same offset may differ by this much.

    Returns
    -------
    invariant : bool
        True if every offset ``(a, b)`` has one weight (within ``atol``) for all
        pixel pairs that realise it, and the bias (if given) is constant.

    Raises
    ------
    TypeError, ValueError
        For malformed arguments, as :func:`shared_from_dense`; never for a layer
        that merely is not invariant.

    See Also
    --------
    shared_from_dense : the same test, returning the shared weights or the reasons.

    Examples
    --------
    >>> import numpy as np
    >>> weights, _ = dense_from_local([[1.0, 2.0, 1.0]], (3, 3))
    >>> is_translation_invariant(weights)
    True
    >>> is_translation_invariant(np.arange(81.0).reshape(3, 3, 3, 3))
    False
    >>> is_translation_invariant(weights, bias=np.eye(3))
    False
    """
    _, _, problems = _translation_violations(weights, 0.0 if bias is None else bias, atol)
    return not problems


def _offsets_plane(v, name: str = "v") -> np.ndarray:
    arr = as_float_array(v, name, ndim=2)
    _offsets_shape(arr, name)
    return arr


def locality_radius(v, *, atol=0.0) -> int:
    """Return the smallest ``delta`` such that ``v`` vanishes outside the centred window.

    Parameters
    ----------
    v : array_like, shape (2 * R + 1, 2 * C + 1)
        Weights indexed by offset around the centre, such as the ``v`` of
        :func:`shared_layer` or a kernel.
    atol : float, default 0.0
        Entries with ``|v| <= atol`` count as zero.

    Returns
    -------
    delta : int
        The largest ``max(|a|, |b|)`` over the offsets ``(a, b)`` of nonzero entries:
        ``v`` is zero outside the ``(2 * delta + 1) x (2 * delta + 1)`` window around
        its centre and not zero on the window's border. 0 if only the centre is
        nonzero, and also 0 for an all-zero ``v`` (by convention).

    Raises
    ------
    TypeError
        If ``v`` is not real and numeric.
    ValueError
        If ``v`` is not 2-D with odd side lengths, has NaN or infinite values, or
        ``atol`` is negative.

    See Also
    --------
    local_from_shared : crop ``v`` to that window.

    Examples
    --------
    >>> import numpy as np
    >>> v = np.zeros((5, 5))
    >>> v[2, 2] = 1.0
    >>> locality_radius(v)
    0
    >>> v[1, 3] = 0.5  # offset (-1, 1)
    >>> locality_radius(v)
    1
    >>> v[2, 0] = 1e-9  # offset (0, -2)
    >>> locality_radius(v), locality_radius(v, atol=1e-6)
    (2, 1)
    """
    arr = _offsets_plane(v)
    atol = as_float(atol, "atol", minimum=0.0)
    rows, cols = np.nonzero(np.abs(arr) > atol)
    if rows.size == 0:
        return 0
    a = np.abs(rows - arr.shape[0] // 2).max()
    b = np.abs(cols - arr.shape[1] // 2).max()
    return int(max(a, b))


def local_from_shared(v, delta=None, *, atol=0.0) -> np.ndarray:
    """Crop the offset plane ``v`` to a local kernel; refuse if that would drop weights.

    Parameters
    ----------
    v : array_like, shape (2H - 1, 2W - 1)
        Weights indexed by offset, as for :func:`shared_layer`.
    delta : None, int or pair of int, default None
        The kernel radius: ``delta`` for a square kernel, ``(delta_r, delta_c)`` for
        a rectangular one; ``None`` for :func:`locality_radius` of ``v``. It may be
        larger than ``v`` (the kernel is then padded with zeros).
    atol : float, default 0.0
        Entries with ``|v| <= atol`` outside the window count as zero.

    Returns
    -------
    kernel : ndarray, shape (2 * delta_r + 1, 2 * delta_c + 1)
        ``kernel[a + delta_r, b + delta_c] = v[a + H - 1, b + W - 1]``.

    Raises
    ------
    TypeError
        If ``v`` is not real and numeric, or ``delta`` is not an integer or a pair.
    ValueError
        If ``v`` is not 2-D with odd side lengths or has NaN or infinite values,
        ``delta`` is negative, or ``v`` has a nonzero entry outside the window (the
        message gives how many, the largest and its offset).

    See Also
    --------
    shared_from_local : the inverse.
    locality_radius : the smallest window that loses nothing.

    Examples
    --------
    >>> import numpy as np
    >>> v = shared_from_local([[1.0, 2.0, 3.0]], (2, 3))
    >>> local_from_shared(v).tolist()
    [[0.0, 0.0, 0.0], [1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]
    >>> local_from_shared(v, (0, 1)).tolist()
    [[1.0, 2.0, 3.0]]
    >>> local_from_shared(v, 0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: `v` has 2 nonzero entries outside the window |a| <= 0, |b| <= 0 ...
    """
    arr = _offsets_plane(v)
    atol = as_float(atol, "atol", minimum=0.0)
    if delta is None:
        dr = dc = locality_radius(arr, atol=atol)
    elif isinstance(delta, tuple | list | np.ndarray) and np.ndim(delta) == 1:
        if len(delta) != 2:
            raise ValueError(
                f"`delta` must be an integer or a pair (delta_r, delta_c), got {delta!r}"
            )
        dr = as_int(delta[0], "delta[0]", minimum=0)
        dc = as_int(delta[1], "delta[1]", minimum=0)
    else:
        dr = dc = as_int(delta, "delta", minimum=0)
    cr, cc = arr.shape[0] // 2, arr.shape[1] // 2
    a = np.abs(np.arange(arr.shape[0]) - cr)[:, None]
    b = np.abs(np.arange(arr.shape[1]) - cc)[None, :]
    outside = ((a > dr) | (b > dc)) & (np.abs(arr) > atol)
    count = int(np.count_nonzero(outside))
    if count:
        dropped = np.where(outside, np.abs(arr), -1.0)
        p, q = np.unravel_index(int(np.argmax(dropped)), arr.shape)
        raise ValueError(
            f"`v` has {count} nonzero entries outside the window |a| <= {dr}, |b| <= {dc} "
            f"(largest |v| = {abs(arr[p, q]):.6g} at offset (a, b) = ({p - cr}, {q - cc})); "
            f"its locality radius is {locality_radius(arr, atol=atol)}: pass a larger "
            f"`delta`, or `atol` to treat small entries as zero"
        )
    kernel = np.zeros((2 * dr + 1, 2 * dc + 1))
    r, c = min(dr, cr), min(dc, cc)
    kernel[dr - r : dr + r + 1, dc - c : dc + c + 1] = arr[cr - r : cr + r + 1, cc - c : cc + c + 1]
    return kernel
