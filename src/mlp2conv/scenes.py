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

from . import counting, layers, learning
from ._validation import as_choice, as_float, as_float_array, as_image, as_int, as_shape
from .images import shift
from .layers import local_layer, receptive_field_mask
from .plotting import (
    MAGNITUDE_CMAP,
    add_colorbar,
    draw_image,
    draw_kernel,
    draw_signed,
    draw_weight_matrix,
    draw_window,
    subplots,
    symmetric_limit,
)

__all__ = [
    "banded_matrix_scene",
    "channels_scene",
    "dense_scene",
    "flip_scene",
    "invariance_scene",
    "learning_curve_scene",
    "locality_scene",
    "stacking_scene",
]


def _pixel(pixel, shape, name="pixel"):
    if not isinstance(pixel, tuple | list) or len(pixel) != 2:
        raise TypeError(f"`{name}` must be a (row, col) pair, got {pixel!r}")
    row = as_int(pixel[0], f"{name}[0]", minimum=0, maximum=shape[0] - 1)
    col = as_int(pixel[1], f"{name}[1]", minimum=0, maximum=shape[1] - 1)
    return row, col


def _layout(fig, rows, cols=None, *, engine="compressed", **kwargs):
    """A grid of axes (``rows`` side by side when ``cols`` is None), reused by live redraws.

    The "compressed" layout engine packs fixed-aspect images and makes room for the
    colour bars drawn beside them; ``kwargs`` go to :func:`mlp2conv.plotting.subplots`.
    """
    if fig.get_layout_engine() is None:
        fig.set_layout_engine(engine)
    fig.get_layout_engine().set(wspace=0.08)  # room between a colour bar and the next panel
    if cols is None:
        return subplots(fig, 1, rows, **kwargs)
    return subplots(fig, rows, cols, **kwargs)


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
    (ax_x, ax_hs), (ax_sh, ax_d) = _layout(fig, 2, 2)
    draw_image(ax_x, moved, title=f"x shifted by ({dr}, {dc})")
    im = draw_signed(ax_hs, h_of_shifted, title="h(shift x)", limit=lim)
    add_colorbar(ax_hs, im, "h")
    im = draw_signed(ax_sh, shifted_h, title="shift(h(x))", limit=lim)
    add_colorbar(ax_sh, im, "h")
    im = draw_signed(ax_d, difference, title="difference", limit=lim)
    add_colorbar(ax_d, im, "difference")
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
        limit = 1.0
    else:
        limit = None
    h = layers.local_layer(x, kernel)
    ax_x, ax_k, ax_h = _layout(fig, 3)
    draw_image(ax_x, x, title=f"input x, window {side}×{side}")
    draw_window(ax_x, i, j, delta, shape=x.shape)
    # One colour scale for every Δ, so the reader sees each weight fade as the window grows.
    im = draw_kernel(ax_k, kernel, title=f"kernel, Δ = {delta}", fmt="{:.2f}", limit=limit)
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
    ax_k, ax_m = _layout(fig, 2, engine="constrained", gridspec_kw={"width_ratios": [1, 2.2]})
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
    # The 99th percentile keeps a few strong border responses from washing out the rest.
    lim = max(float(np.percentile(np.abs(np.concatenate([h.ravel(), other.ravel()])), 99)), 1e-12)
    non_negative = bool(h.min() >= 0 and other.min() >= 0)
    ax_x, ax_k, ax_h = _layout(fig, 3)
    draw_image(ax_x, x, title="input x")
    im = draw_kernel(ax_k, used, title=f"{name} as slid", fmt="{:.2g}", annotate=used.size <= 9)
    add_colorbar(ax_k, im, "weight")
    if non_negative:  # e.g. a blur: show it as an image, black = 0
        im = draw_image(ax_h, h, title=f"{operation}", vmin=0.0, vmax=lim)
    else:
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


# ------------------------------------------------------------------------------ Part II

#: Names of the channels of a 3-channel image, for titles and alt text.
_RGB = ("red", "green", "blue")
#: Line colours of the two students (Okabe-Ito vermillion and blue), with distinct markers
#: so that the curves read without colour too.
_MODEL_STYLE = {
    "dense": {"color": "#d55e00", "marker": "s", "label": "dense layer"},
    "local": {"color": "#0072b2", "marker": "o", "label": "local layer"},
}
#: Errors below this (rounding) are drawn at it on a log scale.
_ERROR_FLOOR = 1e-16


def _count(n: int, word: str) -> str:
    """``"1 channel"``, ``"3 channels"``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def channels_scene(fig, *, x, out_channels, delta, in_channels=None, seed=0):
    """A local layer with channels: every output channel mixes all input channels.

    A seeded random layer with kernels of shape ``(C_out, C_in, 2Δ+1, 2Δ+1)`` is applied
    to the first ``in_channels`` channels of ``x``. Panels: the input channels (up to
    three, top row) and the first output channels (up to two, bottom row).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    x : array_like, shape (C, H, W)
        An image with channels first, e.g. an RGB photograph with values in [0, 1].
    out_channels : int
        C_out, at least 1.
    delta : int
        The radius Δ >= 0.
    in_channels : int, optional
        C_in: how many of the channels of ``x`` the layer reads (the first ones);
        all of them by default.
    seed : int, default 0
        Seed of the random kernels: normal entries divided by ``sqrt(C_in (2Δ+1)²)``.

    Returns
    -------
    readouts : dict
        The channel counts, the parameter counts of the local layer and of a dense layer
        between the same tensors, their ratio, and ``alt``.

    Raises
    ------
    TypeError, ValueError
        If ``x`` is not a non-empty finite 3-D array, or a count is not an integer in
        range.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> rgb = np.random.default_rng(0).random((3, 8, 8))
    >>> out = channels_scene(Figure(), x=rgb, out_channels=4, delta=1)
    >>> out["parameters (local)"], out["parameters (dense)"]
    (112, 49408)
    """
    x = as_float_array(x, "x", ndim=3)
    if 0 in x.shape:
        raise ValueError(f"`x` must not be empty, shape (C, H, W), got shape {x.shape}")
    total = x.shape[0]
    c_in = total if in_channels is None else as_int(in_channels, "in_channels", minimum=1)
    if c_in > total:
        raise ValueError(
            f"`in_channels` must be at most the {total} channel(s) of `x` (shape {x.shape}), "
            f"got {c_in}"
        )
    c_out = as_int(out_channels, "out_channels", minimum=1)
    delta = as_int(delta, "delta", minimum=0)
    side = 2 * delta + 1
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    kernel = rng.standard_normal((c_out, c_in, side, side)) / np.sqrt(c_in * side * side)
    h = layers.local_layer(x[:c_in], kernel)
    names = (
        _RGB
        if total == 3
        else ("grey",)
        if total == 1
        else tuple(f"channel {c}" for c in range(total))
    )
    shown_in, shown_out = min(c_in, 3), min(c_out, 2)
    columns = max(shown_in, shown_out)
    grid = _layout(fig, 2, columns, engine="constrained", squeeze=False)
    unit = bool(x.min() >= 0.0 and x.max() <= 1.0)
    for c in range(shown_in):
        draw_image(
            grid[0, c],
            x[c],
            title=f"input x[{c}]: {names[c]}",
            vmin=0.0 if unit else None,
            vmax=1.0 if unit else None,
        )
    lim = symmetric_limit(h[:shown_out])
    for d in range(shown_out):
        im = draw_signed(grid[1, d], h[d], title=f"output h[{d}]", limit=lim)
    bar = add_colorbar(grid[1, shown_out - 1], im, "h")
    # Beside an empty cell the bar needs no room of its own: keeping it out of the layout
    # stops it from widening its column, which would push the top-right input away.
    bar.ax.set_in_layout(shown_out == columns)
    for ax in list(grid[0, shown_in:]) + list(grid[1, shown_out:]):
        ax.set_visible(False)  # an empty cell (hidden, not removed, so a redraw reuses it)
    height, width = x.shape[1:]
    local = counting.local_params(delta, c_in, c_out)
    dense = counting.dense_params(height, width, in_channels=c_in, out_channels=c_out)
    read = ", ".join(names[:c_in])
    more = f" (of {c_out})" if c_out > shown_out else ""
    return {
        "input channels": c_in,
        "output channels": c_out,
        "parameters (local)": local,
        "parameters (dense)": dense,
        "dense / local": f"{dense / local:,.0f} ×",
        "alt": (
            f"Top, the {_count(c_in, 'input channel')} the layer reads ({read}), each a "
            f"{height} by {width} grayscale image; bottom, "
            f"{'the first ' if shown_out > 1 else ''}{_count(shown_out, 'output channel')}"
            f"{more} of a random local layer with {side} by {side} kernels, each output a "
            f"different mix of all input channels, in red (positive) and blue (negative). "
            f"The layer has "
            f"{local:,} parameters; a dense layer between the same tensors would have "
            f"{dense:,}."
        ),
    }


def stacking_scene(fig, *, shape, delta, layers, pixel):
    """What one output pixel of a stack of local layers sees, found by propagation.

    Panels: the input pixels that reach the output pixel (by
    :func:`mlp2conv.layers.receptive_field_mask`) with the square of the formula
    (:func:`mlp2conv.counting.receptive_field`, clipped to the image) outlined; and
    the number of paths through the stack from each input pixel to the output pixel.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    shape : (int, int)
        The image shape (H, W).
    delta : int
        The radius Δ >= 0 of every layer.
    layers : int
        The number of stacked layers, at least 1.
    pixel : (int, int)
        The output pixel (i, j).

    Returns
    -------
    readouts : dict
        The side of the reached region by propagation (measured on the mask) and by
        formula, the number of input pixels reached, whether the border clips the
        square, and ``alt``.

    Raises
    ------
    TypeError, ValueError
        As :func:`mlp2conv.layers.receptive_field_mask`.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> out = stacking_scene(Figure(), shape=(16, 16), delta=1, layers=3, pixel=(8, 8))
    >>> out["side by propagation"], out["side by formula"], out["input pixels reached"]
    ('7 × 7', '7 × 7', 49)
    """
    shape = as_shape(shape, "shape")
    n_layers = as_int(layers, "layers", minimum=1)
    delta = as_int(delta, "delta", minimum=0)
    i, j = _pixel(pixel, shape)
    mask = receptive_field_mask(shape, delta, n_layers, pixel=(i, j))
    side = counting.receptive_field(delta, n_layers)
    side_kernel = np.ones((2 * delta + 1, 2 * delta + 1))
    paths = np.zeros(shape)
    paths[i, j] = 1.0
    for _ in range(n_layers):
        paths = local_layer(paths, side_kernel)
    paths = np.rint(paths)  # whole numbers; the FFT leaves rounding dust
    rows, cols = np.nonzero(mask)
    tall, wide = int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)
    reached = int(mask.sum())
    clipped = (tall, wide) != (side, side)
    ax_m, ax_p = _layout(fig, 2)
    im = draw_image(
        ax_m,
        mask.astype(float),
        title=f"reached through {_count(n_layers, 'layer')}",
        cmap=MAGNITUDE_CMAP,
    )
    add_colorbar(ax_m, im, "reached (1) or not (0)").set_ticks([0, 1])
    draw_window(ax_m, i, j, n_layers * delta, shape=shape, label=f"formula: {side} × {side}")
    ax_m.legend(loc="lower left", fontsize="small", framealpha=0.9)
    im = draw_image(
        ax_p, paths, title="paths to the output pixel", cmap=MAGNITUDE_CMAP, vmin=0.0, vmax=None
    )
    add_colorbar(ax_p, im, "number of paths")
    draw_window(ax_p, i, j, 0)
    return {
        "side by propagation": f"{tall} × {wide}",
        "side by formula": f"{side} × {side}",
        "input pixels reached": reached,
        "clipped by the border": clipped,
        "alt": (
            f"Left, on a {shape[0]} by {shape[1]} image, the {reached} input pixels that can "
            f"influence output pixel ({i}, {j}) through "
            f"{_count(n_layers, 'stacked layer')} of radius {delta}, found by propagating "
            f"backwards: a {tall} by {wide} block, "
            f"{'the' if not clipped else 'clipped by the border from the'} {side} by {side} "
            f"square of the formula, outlined. Right, the number of paths from each input "
            f"pixel to the output pixel: most ({int(paths.max()):,}) from the pixel at its own "
            f"position, fewer towards the edge of the block."
        ),
    }


def learning_curve_scene(fig, *, curve, target, unknowns=None, xscale="log"):
    """Test error against the number of training images, for the dense and the local layer.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    curve : dict
        As returned by :func:`mlp2conv.learning.learning_curve`.
    target : float
        The error to reach, > 0; drawn as a horizontal line.
    unknowns : int, optional
        If given, a dotted vertical line at this ``n``, e.g. ``H W + 1``, the unknowns
        per output pixel of the dense layer.
    xscale : {"log", "linear"}, default "log"
        Scale of the ``n`` axis; the error axis is always logarithmic. Errors below
        1e-16 (rounding) are drawn at 1e-16.

    Returns
    -------
    readouts : dict
        Images each layer needs to reach the target (or ``"not reached"``), the error of
        each after the most images, and ``alt``.

    Raises
    ------
    TypeError, ValueError
        As :func:`mlp2conv.learning.samples_to_reach`; also if ``target`` is not
        positive, ``unknowns`` not a positive integer, or ``xscale`` unknown.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> curve = {"n": [1, 10, 100],
    ...          "dense": [0.9, 0.5, 0.01], "local": [1e-3, 1e-5, 0.0]}
    >>> out = learning_curve_scene(Figure(), curve=curve, target=0.05)
    >>> out["images to reach target (dense)"], out["images to reach target (local)"]
    (100, 1)
    """
    target = as_float(target, "target", minimum=0.0)
    if target <= 0.0:
        raise ValueError(f"`target` must be > 0 to be drawn on a log scale, got {target}")
    reach = learning.samples_to_reach(curve, target)
    sizes, errors = learning._as_curve(curve)
    if unknowns is not None:
        unknowns = as_int(unknowns, "unknowns", minimum=1)
    xscale = as_choice(xscale, "xscale", ("log", "linear"))
    ax = _layout(fig, 1, engine="constrained", squeeze=True)
    for model in learning.MODELS:
        style = _MODEL_STYLE[model]
        ax.plot(
            sizes,
            np.maximum(errors[model], _ERROR_FLOOR),
            color=style["color"],
            marker=style["marker"],
            markersize=4,
            label=style["label"],
        )
    ax.axhline(target, color="0.45", linestyle="--", linewidth=1, label=f"target {target:g}")
    if unknowns is not None:
        ax.axvline(unknowns, color="0.45", linestyle=":", linewidth=1, label=f"n = {unknowns}")
    ax.set_yscale("log")
    ax.set_xscale(xscale)
    ax.set_xlabel("training images n")
    ax.set_ylabel("test error (MSE / variance)")
    ax.set_title("learning a filter from examples")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small")

    def needed(model):
        return reach[model] if reach[model] is not None else "not reached"

    def said(model):
        n = reach[model]
        if n is None:
            return f"the {model} layer never reaches it"
        return f"the {model} layer reaches it with {n:,} image{'s' if n != 1 else ''}"

    return {
        "images to reach target (dense)": needed("dense"),
        "images to reach target (local)": needed("local"),
        f"error after {sizes[-1]:,} images (dense)": float(errors["dense"][-1]),
        f"error after {sizes[-1]:,} images (local)": float(errors["local"][-1]),
        "alt": (
            f"Test error, on a log scale, against the number of training images from "
            f"{sizes[0]:,} to {sizes[-1]:,}, for a dense and a local layer learning the same "
            f"filter, with the target error {target:g} as a dashed line: {said('local')}, "
            f"{said('dense')}. After {sizes[-1]:,} images the errors are "
            f"{errors['local'][-1]:.2g} (local) and {errors['dense'][-1]:.2g} (dense)."
        ),
    }
