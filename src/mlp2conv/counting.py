"""Exact parameter counts and receptive fields of the book's layers.

Each function returns a Python ``int``: exact however large (a dense layer on a
1000 x 1000 image has 1,000,000,001,000,000 parameters), never a numpy integer that
could overflow and never a float that could round. The arguments must be integers
(Python or numpy, not ``bool``, not ``float``) in range; anything else raises a
``TypeError`` or ``ValueError`` naming the argument.

The counts are those of :mod:`mlp2conv.layers`: the sizes of the parameter arrays
that :func:`~mlp2conv.layers.dense_layer`, :func:`~mlp2conv.layers.shared_layer` and
:func:`~mlp2conv.layers.local_layer` accept.
"""

from __future__ import annotations

from mlp2conv._validation import as_int

__all__ = [
    "dense_bytes",
    "dense_params",
    "local_params",
    "receptive_field",
    "shared_params",
]


def dense_params(height, width, *, in_channels=1, out_channels=1) -> int:
    """Return the number of parameters of a dense layer on an image of ``height x width``.

    One weight for every (output value, input value) pair and one bias per output
    value. With channels, an input has ``height * width * in_channels`` values and an
    output ``height * width * out_channels``.

    Parameters
    ----------
    height, width : int
        The image shape, each at least 1.
    in_channels, out_channels : int, default 1, keyword-only
        Numbers of input and output channels, each at least 1.

    Returns
    -------
    n : int
        ``(height * width * in_channels) * (height * width * out_channels)
        + height * width * out_channels``; ``(height * width)**2 + height * width``
        for one channel in and out.

    Raises
    ------
    TypeError
        If an argument is not an integer (``bool`` and ``float`` are refused).
    ValueError
        If an argument is below 1.

    See Also
    --------
    shared_params, local_params : after each assumption of the book.
    dense_bytes : the memory those parameters take.
    mlp2conv.layers.dense_layer : the layer; its ``weights`` and ``bias`` arrays.

    Examples
    --------
    >>> dense_params(2, 2)  # 4 pixels: 16 weights and 4 biases
    20
    >>> dense_params(28, 28)  # a digit from MNIST
    615440
    >>> f"{dense_params(1000, 1000):,}"
    '1,000,001,000,000'

    A colour image (3 channels in) mapped to 64 channels out, as the first layer of
    VGG does with a 3 x 3 convolution (``local_params(1, 3, 64)`` = 1,792):

    >>> f"{dense_params(224, 224, in_channels=3, out_channels=64):,}"
    '483,388,358,656'
    """
    pixels = as_int(height, "height", minimum=1) * as_int(width, "width", minimum=1)
    c_in = as_int(in_channels, "in_channels", minimum=1)
    c_out = as_int(out_channels, "out_channels", minimum=1)
    return (pixels * c_in) * (pixels * c_out) + pixels * c_out


def shared_params(height, width) -> int:
    """Return the number of parameters of a translation-invariant layer on ``height x width``.

    One weight per offset ``(a, b)`` between two pixels of the image, and one bias.

    Parameters
    ----------
    height, width : int
        The image shape, each at least 1.

    Returns
    -------
    n : int
        ``(2 * height - 1) * (2 * width - 1) + 1``.

    Raises
    ------
    TypeError
        If an argument is not an integer (``bool`` and ``float`` are refused).
    ValueError
        If an argument is below 1.

    See Also
    --------
    dense_params : before translation invariance.
    local_params : after locality.
    mlp2conv.layers.shared_layer : the layer; its ``v`` has this many entries, less one.

    Notes
    -----
    Offsets run from ``-(height - 1)`` to ``height - 1`` down and from
    ``-(width - 1)`` to ``width - 1`` across, and every one of them joins some pair
    of pixels, so all ``(2 * height - 1) * (2 * width - 1)`` weights are free.

    Examples
    --------
    >>> shared_params(1, 1)  # one pixel: its own weight and a bias
    2
    >>> shared_params(28, 28)
    3026
    >>> shared_params(1000, 1000)
    3996002
    """
    rows = 2 * as_int(height, "height", minimum=1) - 1
    cols = 2 * as_int(width, "width", minimum=1) - 1
    return rows * cols + 1


def local_params(delta, in_channels=1, out_channels=1) -> int:
    """Return the number of parameters of a convolution layer with a square window.

    Each output channel has one ``(2 * delta + 1) x (2 * delta + 1)`` kernel per input
    channel and one bias; the count does not depend on the image size.

    Parameters
    ----------
    delta : int
        The window reaches ``delta`` pixels each way; at least 0.
    in_channels, out_channels : int, default 1
        Numbers of input and output channels, each at least 1.

    Returns
    -------
    n : int
        ``(2 * delta + 1)**2 * in_channels * out_channels + out_channels``.

    Raises
    ------
    TypeError
        If an argument is not an integer (``bool`` and ``float`` are refused).
    ValueError
        If ``delta`` is negative or a channel count below 1.

    See Also
    --------
    shared_params : before locality.
    receptive_field : how far a stack of such layers sees.
    dense_params : the dense layer on the same tensors.
    mlp2conv.layers.local_layer : the layer, with or without channels.

    Notes
    -----
    On an image smaller than the window (``delta >= height``), some of these weights
    never meet a pixel; the count is that of the layer's parameter arrays.

    Examples
    --------
    >>> local_params(1)  # a 3 x 3 kernel and a bias
    10
    >>> local_params(0)  # a 1 x 1 kernel: a scale and a shift
    2
    >>> local_params(1, in_channels=3, out_channels=64)  # the first layer of VGG
    1792
    """
    side = 2 * as_int(delta, "delta", minimum=0) + 1
    c_in = as_int(in_channels, "in_channels", minimum=1)
    c_out = as_int(out_channels, "out_channels", minimum=1)
    return side * side * c_in * c_out + c_out


def receptive_field(delta, layers=1) -> int:
    """Return the side length of the square of input pixels that one output pixel sees.

    A stack of ``layers`` local layers, each reaching ``delta`` pixels each way,
    reaches ``layers * delta`` pixels each way.

    Parameters
    ----------
    delta : int
        The reach of one layer; at least 0.
    layers : int, default 1
        The number of stacked layers; at least 1.

    Returns
    -------
    side : int
        ``2 * layers * delta + 1``.

    Raises
    ------
    TypeError
        If an argument is not an integer (``bool`` and ``float`` are refused).
    ValueError
        If ``delta`` is negative or ``layers`` below 1.

    See Also
    --------
    local_params : the price of each layer.

    Examples
    --------
    >>> receptive_field(1)
    3
    >>> [receptive_field(1, layers=n) for n in (1, 2, 3, 4)]  # 3 x 3 kernels stacked
    [3, 5, 7, 9]
    >>> receptive_field(0, layers=100)  # 1 x 1 kernels never look at a neighbour
    1
    """
    reach = as_int(delta, "delta", minimum=0) * as_int(layers, "layers", minimum=1)
    return 2 * reach + 1


def dense_bytes(height, width, itemsize=8, *, in_channels=1, out_channels=1) -> int:
    """Return the memory, in bytes, that the parameters of a dense layer take.

    Parameters
    ----------
    height, width : int
        The image shape, each at least 1.
    itemsize : int, default 8
        Bytes per number: 8 for float64, 4 for float32, 2 for float16.
    in_channels, out_channels : int, default 1, keyword-only
        Numbers of input and output channels, each at least 1.

    Returns
    -------
    nbytes : int
        ``dense_params(height, width, in_channels=..., out_channels=...) * itemsize``.

    Raises
    ------
    TypeError
        If an argument is not an integer (``bool`` and ``float`` are refused).
    ValueError
        If an argument is below 1.

    See Also
    --------
    dense_params : the number of parameters.
    mlp2conv.layers.dense_from_local : refuses to build such weights above a limit.

    Examples
    --------
    >>> dense_bytes(28, 28)
    4923520
    >>> dense_bytes(1000, 1000) / 1e12  # terabytes, in float64
    8.000008
    >>> dense_bytes(1000, 1000, itemsize=2) / 1e12  # half precision does not save it
    2.000002
    >>> dense_bytes(32, 32, in_channels=3, out_channels=16) / 1e6  # megabytes
    402.784256
    """
    n = dense_params(height, width, in_channels=in_channels, out_channels=out_channels)
    return n * as_int(itemsize, "itemsize", minimum=1)
