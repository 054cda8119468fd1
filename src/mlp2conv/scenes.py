"""The figure behind each explorer of the book.

A *scene* draws one state of an explorer on a figure and returns its readouts::

    readouts = locality_scene(fig, x=photo(28), delta=2, pixel=(14, 14))

Scenes combine the numerics (:mod:`~mlp2conv.layers`, :mod:`~mlp2conv.counting`) with
the drawing helpers (:mod:`~mlp2conv.plotting`). They know nothing about sliders: a
chapter binds the fixed arguments with :func:`functools.partial` and hands the scene to
:func:`mlp2conv.widgets.explore`, which varies the rest. Every scene returns the same
readout names for every state, plus ``"alt"``, the alt text of the frame.
"""

from __future__ import annotations

import numpy as np

from . import counting, layers
from ._validation import as_choice, as_image, as_int
from .images import shift
from .plotting import (
    add_colorbar,
    draw_image,
    draw_kernel,
    draw_signed,
    draw_weight_matrix,
    draw_window,
    symmetric_limit,
)

__all__ = [
    "banded_matrix_scene",
    "dense_scene",
    "flip_scene",
    "invariance_scene",
    "locality_scene",
]


def _pixel(pixel, shape, name="pixel"):
    if not isinstance(pixel, tuple | list) or len(pixel) != 2:
        raise TypeError(f"`{name}` must be a (row, col) pair, got {pixel!r}")
    row = as_int(pixel[0], f"{name}[0]", minimum=0, maximum=shape[0] - 1)
    col = as_int(pixel[1], f"{name}[1]", minimum=0, maximum=shape[1] - 1)
    return row, col


def _layout(fig, n):
    """``n`` side-by-side axes; the figure's layout engine makes room for colour bars."""
    if fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    fig.get_layout_engine().set(wspace=0.08)  # room between a colour bar and the next panel
    return fig.subplots(1, n)


def dense_scene(fig, *, x, weights, pixel):
    """The dense layer seen from one output pixel: the weights it gives every input pixel.

    Panels: the input with the output pixel's position marked; ``W[i, j, :, :]`` as an
    image over the input; the output ``h`` with ``h[i, j]`` marked.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    x : array_like, shape (H, W)
    weights : array_like, shape (H, W, H, W)
    pixel : (int, int)
        The output pixel (i, j).

    Returns
    -------
    readouts : dict
        ``h[i,j]``, the number of weights that reach it and in the whole layer, and ``alt``.
    """
    x = as_image(x)
    i, j = _pixel(pixel, x.shape)
    h = layers.dense_layer(x, weights)
    w_ij = np.asarray(weights)[i, j]
    ax_x, ax_w, ax_h = _layout(fig, 3)
    draw_image(ax_x, x, title="input x")
    draw_window(ax_x, i, j, 0)
    im = draw_signed(
        ax_w, w_ij, title=f"weights W[{i}, {j}, k, l]", xlabel="column l", ylabel="row k"
    )
    add_colorbar(ax_w, im, "weight")
    im = draw_signed(ax_h, h, title="output h")
    add_colorbar(ax_h, im, "h")
    draw_window(ax_h, i, j, 0)
    height, width = x.shape
    return {
        "h[i,j]": float(h[i, j]),
        "weights reaching h[i,j]": height * width,
        "weights in the layer": counting.dense_params(height, width) - height * width,
        "alt": (
            f"Left, the input image with output pixel ({i}, {j}) marked; middle, the "
            f"{height} by {width} map of weights W[{i}, {j}, k, l] that this pixel gives every "
            f"input pixel, a different random pattern for every output pixel; right, the "
            f"output h, where h[{i}, {j}] = {h[i, j]:.3g}."
        ),
    }


def invariance_scene(fig, *, x, layer, dense_weights, shared_v, shift_by):
    """Does shifting the input shift the output? Compare h(shift x) with shift(h(x)).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    x : array_like, shape (H, W)
        An image with a dark margin, so small shifts move no content out of the frame.
    layer : {"dense", "shared"}
        Which layer to test.
    dense_weights : array_like, shape (H, W, H, W)
        The weights of the dense layer.
    shared_v : array_like, shape (2H-1, 2W-1)
        The offset weights of the shared layer.
    shift_by : (int, int)
        The shift (rows down, columns right).

    Returns
    -------
    readouts : dict
        The largest difference between the two outputs, and ``alt``.
    """
    x = as_image(x)
    layer = as_choice(layer, "layer", ("dense", "shared"))
    dr, dc = (as_int(s, "shift_by") for s in shift_by)

    def apply(image):
        if layer == "dense":
            return layers.dense_layer(image, dense_weights)
        return layers.shared_layer(image, shared_v)

    moved = shift(x, dr, dc)
    h_of_shifted = apply(moved)
    shifted_h = shift(apply(x), dr, dc)
    difference = h_of_shifted - shifted_h
    lim = symmetric_limit(h_of_shifted, shifted_h)
    axes = _layout(fig, 4)
    draw_image(axes[0], moved, title=f"x shifted by ({dr}, {dc})")
    draw_signed(axes[1], h_of_shifted, title="h(shift x)", limit=lim)
    draw_signed(axes[2], shifted_h, title="shift(h(x))", limit=lim)
    im = draw_signed(axes[3], difference, title="difference", limit=lim)
    add_colorbar(axes[3], im, "value (all three)")  # the three signed panels share one scale
    largest = float(np.max(np.abs(difference)))
    verdict = "the same up to rounding" if largest < 1e-9 * max(lim, 1.0) else "different"
    return {
        "largest |difference|": largest,
        "outputs": verdict,
        "alt": (
            f"For the {layer} layer and a shift of {dr} rows and {dc} columns: the shifted "
            f"input, the layer's output on it, the shifted output of the original input, and "
            f"their difference, whose largest magnitude is {largest:.3g} ({verdict})."
        ),
    }


def locality_scene(fig, *, x, delta, pixel, kernel=None):
    """A local layer of radius Δ: the window one output pixel sees, the kernel and the output.

    With no ``kernel`` the layer averages its window (every weight 1/(2Δ+1)²), so a
    larger Δ blurs more.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    x : array_like, shape (H, W)
    delta : int
        The radius Δ >= 0.
    pixel : (int, int)
        The output pixel (i, j) whose window is shown.
    kernel : array_like, shape (2Δ+1, 2Δ+1), optional

    Returns
    -------
    readouts : dict
        The window, ``h[i,j]``, the parameter counts of the local and the dense layer and
        their ratio, and ``alt``.
    """
    x = as_image(x)
    delta = as_int(delta, "delta", minimum=0)
    i, j = _pixel(pixel, x.shape)
    side = 2 * delta + 1
    if kernel is None:
        kernel = np.full((side, side), 1.0 / side**2)
    h = layers.local_layer(x, kernel)
    ax_x, ax_k, ax_h = _layout(fig, 3)
    draw_image(ax_x, x, title=f"input x, window {side}×{side}")
    draw_window(ax_x, i, j, delta, shape=x.shape)
    im = draw_kernel(ax_k, kernel, title=f"kernel, Δ = {delta}", fmt="{:.2f}")
    add_colorbar(ax_k, im, "weight")
    draw_image(ax_h, h, title="output h", vmin=0.0, vmax=1.0)
    draw_window(ax_h, i, j, 0)
    height, width = x.shape
    local = counting.local_params(delta)
    dense = counting.dense_params(height, width)
    return {
        "window": f"{side} × {side}",
        "h[i,j]": float(h[i, j]),
        "parameters (local)": local,
        "parameters (dense)": dense,
        "dense / local": f"{dense / local:,.0f} ×",
        "alt": (
            f"Left, the input with the {side} by {side} window around pixel ({i}, {j}); "
            f"middle, the kernel of radius {delta}, every weight equal to 1/{side * side}; "
            f"right, the output, the input averaged over such windows, where "
            f"h[{i}, {j}] = {h[i, j]:.3g}."
        ),
    }


def banded_matrix_scene(fig, *, shape, delta):
    """The dense (HW, HW) matrix of a local layer: a band of 2Δ+1 stripes of 2Δ+1 entries.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    shape : (int, int)
        The image shape (H, W); keep it small (HW rows and columns are drawn).
    delta : int
        The radius Δ >= 0.

    Returns
    -------
    readouts : dict
        Non-zero entries per row (away from the border), all non-zero entries, the number
        of distinct weights, and ``alt``.
    """
    delta = as_int(delta, "delta", minimum=0)
    height, width = (as_int(s, "shape", minimum=1, maximum=32) for s in shape)
    side = 2 * delta + 1
    rng = np.random.default_rng(delta)
    kernel = rng.uniform(0.3, 1.0, (side, side)) * rng.choice([-1.0, 1.0], (side, side))
    weights, _ = layers.dense_from_local(kernel, (height, width))
    matrix = weights.reshape(height * width, height * width)
    if fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    ax_k, ax_m = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 2.2]})
    im = draw_kernel(ax_k, kernel, title=f"kernel, Δ = {delta}", limit=1.0, annotate=False)
    draw_weight_matrix(
        ax_m, matrix, title=f"W as a {height * width}×{height * width} matrix", limit=1.0
    )
    add_colorbar(ax_m, im, "weight")
    nonzero = int(np.count_nonzero(matrix))
    per_row = min(side, height) * min(side, width)
    return {
        "non-zero weights per row (interior)": per_row,
        "non-zero entries in W": nonzero,
        "entries in W": matrix.size,
        "distinct weights": side * side,
        "alt": (
            f"Left, a {side} by {side} kernel; right, the {height * width} by "
            f"{height * width} matrix of the same layer on a {height} by {width} image: "
            f"{nonzero} of its {matrix.size} entries are non-zero, in {min(side, height)} "
            f"diagonal bands, and they repeat the kernel's {side * side} weights."
        ),
    }


def flip_scene(fig, *, x, kernel, operation, name="kernel"):
    """Cross-correlation (the deep-learning convention) against convolution (flipped kernel).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    x : array_like, shape (H, W)
    kernel : array_like, shape (2Δ+1, 2Δ+1)
    operation : {"cross-correlation", "convolution"}
        Convolution flips the kernel in both directions before sliding it.
    name : str
        The kernel's name, for titles and alt text.

    Returns
    -------
    readouts : dict
        Whether the kernel equals its flip, the largest difference between the two
        outputs, and ``alt``.
    """
    x = as_image(x)
    kernel = np.asarray(kernel, dtype=float)
    operation = as_choice(operation, "operation", ("cross-correlation", "convolution"))
    flipped = kernel[::-1, ::-1]
    used = flipped if operation == "convolution" else kernel
    h = layers.local_layer(x, used)
    other = layers.local_layer(x, kernel if operation == "convolution" else flipped)
    lim = symmetric_limit(h, other)
    ax_x, ax_k, ax_h = _layout(fig, 3)
    draw_image(ax_x, x, title="input x")
    im = draw_kernel(ax_k, used, title=f"{name} as slid", fmt="{:.2g}")
    add_colorbar(ax_k, im, "weight")
    im = draw_signed(ax_h, h, title=f"{operation}", limit=lim)
    add_colorbar(ax_h, im, "h")
    symmetric = bool(np.array_equal(kernel, flipped))
    largest = float(np.max(np.abs(h - other)))
    return {
        "kernel equals its flip": symmetric,
        "largest difference between the two": largest,
        "alt": (
            f"The {operation} of the input with the {name} kernel"
            f"{' flipped in both directions' if operation == 'convolution' else ''}: the input, "
            f"the kernel as it is slid over the image, and the output. The kernel "
            f"{'equals' if symmetric else 'differs from'} its flip, and the two operations "
            f"differ by at most {largest:.3g}."
        ),
    }
