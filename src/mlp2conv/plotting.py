"""Drawing helpers: each draws on an axes it is given and returns the artists.

The caller owns the figure; nothing here touches pyplot's current figure or calls
``plt.show()``. Conventions, the same in every chapter:

- images run from row 0 at the top, with labelled ``row`` and ``column`` axes;
- signed values (weights, kernels, outputs) use the diverging map ``RdBu_r``
  centred on zero, so white means 0, red positive and blue negative;
- non-negative intensities (the input image) use ``gray``; counts and magnitudes
  use ``cividis``. All three read correctly with the common colour-vision deficiencies;
- where colour means a number there is a colour bar with a label.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, as_int

__all__ = [
    "HIGHLIGHT",
    "IMAGE_CMAP",
    "MAGNITUDE_CMAP",
    "SIGNED_CMAP",
    "add_colorbar",
    "draw_image",
    "draw_kernel",
    "draw_signed",
    "draw_weight_matrix",
    "draw_window",
    "subplots",
    "symmetric_limit",
]

#: Colour map for signed values (weights, kernels, outputs): red positive, blue negative.
SIGNED_CMAP = "RdBu_r"
#: Colour map for the input image: black 0, white 1.
IMAGE_CMAP = "gray"
#: Colour map for non-negative magnitudes and counts.
MAGNITUDE_CMAP = "cividis"
#: Highlight colour for windows and chosen pixels: orange reads on gray, red and blue.
HIGHLIGHT = "#e58600"


def symmetric_limit(*arrays, floor: float = 1e-12) -> float:
    """The largest absolute value over ``arrays``, for a colour scale centred on zero.

    Examples
    --------
    >>> symmetric_limit(np.array([-3.0, 1.0]), np.array([2.0]))
    3.0
    >>> symmetric_limit(np.zeros(2))  # never zero, so a colour scale stays valid
    1e-12
    """
    peak = max((float(np.max(np.abs(a))) for a in arrays if np.size(a)), default=0.0)
    return max(peak, floor)


def _label_image_axes(ax, title=None, *, xlabel="column", ylabel="row"):
    from matplotlib.ticker import MaxNLocator

    # Few, round, whole-pixel ticks: small panels stay uncluttered.
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True, steps=[1, 2, 5, 10]))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True, steps=[1, 2, 5, 10]))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)


def draw_image(ax, x, *, title=None, cmap=IMAGE_CMAP, vmin=0.0, vmax=1.0):
    """Draw a grayscale image with row 0 at the top and labelled axes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    x : array_like, shape (H, W)
    title : str, optional
    cmap : str, keyword-only
    vmin, vmax : float, keyword-only
        The values shown as black and white (``None`` scales to the data).

    Returns
    -------
    image : matplotlib.image.AxesImage

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> im = draw_image(ax, np.eye(3), title="identity")
    >>> im.get_array().shape, ax.get_xlabel(), ax.get_ylabel()
    ((3, 3), 'column', 'row')
    """
    x = as_float_array(x, "x", ndim=2)
    im = ax.imshow(x, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    _label_image_axes(ax, title)
    return im


def draw_signed(ax, values, *, title=None, limit=None, xlabel="column", ylabel="row"):
    """Draw signed values with a diverging map centred on zero (white = 0).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    values : array_like, shape (M, N)
    title : str, optional
    limit : float, optional
        Colour scale from ``-limit`` to ``limit``; defaults to the largest
        absolute value.
    xlabel, ylabel : str, keyword-only

    Returns
    -------
    image : matplotlib.image.AxesImage

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> im = draw_signed(ax, [[-2.0, 1.0], [0.0, 0.5]])
    >>> im.get_clim()
    (-2.0, 2.0)
    """
    values = as_float_array(values, "values", ndim=2)
    lim = symmetric_limit(values) if limit is None else float(limit)
    im = ax.imshow(values, cmap=SIGNED_CMAP, vmin=-lim, vmax=lim, interpolation="nearest")
    _label_image_axes(ax, title, xlabel=xlabel, ylabel=ylabel)
    return im


def draw_kernel(ax, kernel, *, title=None, limit=None, annotate=None, fmt="{:.2g}"):
    """Draw a kernel indexed by its offsets ``a`` (rows) and ``b`` (columns).

    The centre of the kernel is offset (0, 0); the axes run from ``-Δ`` to ``Δ``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    kernel : array_like, shape (2Δr+1, 2Δc+1)
    title : str, optional
    limit : float, optional
        Colour scale from ``-limit`` to ``limit``.
    annotate : bool, optional
        Write each weight in its cell; by default only for kernels up to 5 x 5.
    fmt : str, keyword-only
        Format of the annotations.

    Returns
    -------
    image : matplotlib.image.AxesImage

    Raises
    ------
    ValueError
        If the kernel does not have odd side lengths.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> im = draw_kernel(ax, np.ones((3, 3)) / 9)
    >>> im.get_extent()
    [-1.5, 1.5, 1.5, -1.5]
    >>> len(ax.texts)
    9
    """
    kernel = as_float_array(kernel, "kernel", ndim=2)
    rows, cols = kernel.shape
    if rows % 2 == 0 or cols % 2 == 0:
        raise ValueError(f"`kernel` must have odd side lengths, got shape {kernel.shape}")
    dr, dc = rows // 2, cols // 2
    lim = symmetric_limit(kernel) if limit is None else float(limit)
    im = ax.imshow(
        kernel,
        cmap=SIGNED_CMAP,
        vmin=-lim,
        vmax=lim,
        interpolation="nearest",
        extent=(-dc - 0.5, dc + 0.5, dr + 0.5, -dr - 0.5),
    )
    _label_image_axes(ax, title, xlabel="offset b", ylabel="offset a")
    ax.set_xticks(_offset_ticks(dc))
    ax.set_yticks(_offset_ticks(dr))
    if annotate is None:
        annotate = rows <= 5 and cols <= 5
    if annotate:
        for a in range(-dr, dr + 1):
            for b in range(-dc, dc + 1):
                value = kernel[a + dr, b + dc]
                dark = abs(value) > 0.6 * lim
                ax.text(
                    b,
                    a,
                    fmt.format(value),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if dark else "black",
                )
    return im


def _offset_ticks(delta: int) -> list[int]:
    if delta <= 3:
        return list(range(-delta, delta + 1))
    step = int(np.ceil(delta / 3))
    ticks = list(range(0, delta + 1, step))
    return sorted({-t for t in ticks} | set(ticks))


def draw_window(ax, row, col, delta, *, shape=None, color=HIGHLIGHT, label=None, marker=True):
    """Outline the (2Δ+1) x (2Δ+1) window centred on pixel (row, col).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes showing an image in pixel coordinates.
    row, col : int
        The centre pixel.
    delta : int or (int, int)
        The window's radius, Δ >= 0 (or separate radii for rows and columns).
    shape : (int, int), optional
        The image's shape; the outline is clipped to it.
    color : str, keyword-only
    label : str, optional
        Legend label of the outline.
    marker : bool, keyword-only
        Mark the centre pixel with a small square (default) or draw the outline only.

    Returns
    -------
    window : matplotlib.patches.Rectangle
        The outline of the window.
    centre : matplotlib.lines.Line2D or None
        The marker on the centre pixel, or ``None`` with ``marker=False``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> window, centre = draw_window(ax, 4, 5, 1)
    >>> window.get_xy(), window.get_width(), window.get_height()
    ((3.5, 2.5), 3, 3)
    """
    from matplotlib.patches import Rectangle

    row = as_int(row, "row")
    col = as_int(col, "col")
    if isinstance(delta, tuple | list):
        dr, dc = (as_int(d, "delta", minimum=0) for d in delta)
    else:
        dr = dc = as_int(delta, "delta", minimum=0)
    top, left = row - dr, col - dc
    bottom, right = row + dr, col + dc
    if shape is not None:
        top, left = max(top, 0), max(left, 0)
        bottom, right = min(bottom, shape[0] - 1), min(right, shape[1] - 1)
    window = Rectangle(
        (left - 0.5, top - 0.5),
        right - left + 1,
        bottom - top + 1,
        fill=False,
        edgecolor=color,
        linewidth=2,
        label=label,
    )
    ax.add_patch(window)
    centre = None
    if marker:
        (centre,) = ax.plot([col], [row], marker="s", markersize=5, color=color, linestyle="none")
    return window, centre


def draw_weight_matrix(ax, matrix, *, title=None, limit=None):
    """Draw an (HW, HW) weight matrix: one row per output pixel, one column per input pixel.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    matrix : array_like, shape (N, N)
    title : str, optional
    limit : float, optional
        Colour scale from ``-limit`` to ``limit``.

    Returns
    -------
    image : matplotlib.image.AxesImage

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> im = draw_weight_matrix(ax, np.eye(4))
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('input pixel k·W + l', 'output pixel i·W + j')
    """
    matrix = as_float_array(matrix, "matrix", ndim=2)
    return draw_signed(
        ax,
        matrix,
        title=title,
        limit=limit,
        xlabel="input pixel k·W + l",
        ylabel="output pixel i·W + j",
    )


def add_colorbar(ax, mappable, label):
    """Add a labelled colour bar beside ``ax``, exactly as tall as the axes; return it.

    The bar lives in an inset of ``ax``, so it matches the height of an image
    drawn with equal aspect (a colour bar beside the whole grid cell would not),
    and layout engines make room for it.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> cb = add_colorbar(ax, draw_signed(ax, [[1.0, -1.0]]), "weight")
    >>> cb.ax.get_ylabel()
    'weight'
    """
    spare = ax.__dict__.pop("_m2c_spare_colorbar", None)
    if spare is not None:  # the axes is being redrawn in place: reuse its colour bar
        ax.child_axes.append(spare.ax)
        ax.stale = True
        spare.update_normal(mappable)
        mappable.colorbar = spare
        mappable.colorbar_cid = mappable.callbacks.connect("changed", spare.update_normal)
        spare.set_label(label)
        colorbar = spare
    else:
        cax = ax.inset_axes((1.04, 0.0, 0.06, 1.0))
        colorbar = ax.figure.colorbar(mappable, cax=cax, label=label)
    ax._m2c_colorbar = colorbar
    return colorbar


# -- redrawing in place -------------------------------------------------------------------
#
# Creating an Axes, its ticks and a colour bar costs matplotlib more than drawing the
# pixels. An explorer's live view redraws on every slider move, so `subplots` lets a scene
# keep its Axes from one state to the next: before a live redraw the explorer detaches
# the grid of the last state (`_detach_grid`); `subplots` re-attaches it, emptied of data
# but with its ticks and colour bars, when the scene asks for the same grid again. The
# static frames are always drawn on an empty figure, and the tests check that both ways
# give the same pixels.


def subplots(fig, nrows=1, ncols=1, *, squeeze=True, gridspec_kw=None):
    """A grid of Axes on ``fig``, like ``fig.subplots``, reused when an explorer redraws.

    On a figure an explorer is redrawing, the grid of the previous state is returned
    again if it was made by the same call: emptied of images, lines, patches, texts,
    legends and titles, but keeping its ticks and colour bars, which is several times
    faster than new Axes. Anywhere else this is ``fig.subplots``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    nrows, ncols : int
        The shape of the grid, at least 1.
    squeeze : bool, keyword-only
        As for ``fig.subplots``: a single Axes or a 1-D array where possible.
    gridspec_kw : dict, optional, keyword-only
        Passed to the grid, e.g. ``{"width_ratios": [1, 2]}``.

    Returns
    -------
    axes : matplotlib.axes.Axes or numpy.ndarray of them

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> left, right = subplots(fig, 1, 2)
    >>> len(fig.axes)
    2
    """
    nrows = as_int(nrows, "nrows", minimum=1, maximum=20)
    ncols = as_int(ncols, "ncols", minimum=1, maximum=20)
    if gridspec_kw is not None and not isinstance(gridspec_kw, dict):
        raise TypeError(f"`gridspec_kw` must be a dict or None, got {type(gridspec_kw).__name__}")
    key = (nrows, ncols, bool(squeeze), repr(sorted((gridspec_kw or {}).items())))
    spare = fig.__dict__.pop("_m2c_spare_grid", None)
    if spare is not None and spare[0] == key and not fig.axes:
        axes = spare[1]
        for ax in np.ravel(axes):
            fig.add_axes(ax)
            _empty_axes(ax)
    else:
        axes = fig.subplots(nrows, ncols, squeeze=squeeze, gridspec_kw=gridspec_kw)
    fig._m2c_grid = (key, axes)
    return axes


def _empty_axes(ax):
    """Remove what was drawn on ``ax``, as if it were new; keep its ticks and colour bar."""
    for artist in (*ax.images, *ax.lines, *ax.patches, *ax.texts, *ax.collections, *ax.artists):
        artist.remove()
    if ax.legend_ is not None:
        ax.legend_.remove()
    colorbar = ax.__dict__.pop("_m2c_colorbar", None)
    ax.child_axes.clear()  # detach the colour bar's Axes without destroying it
    if colorbar is not None:
        ax._m2c_spare_colorbar = colorbar
    for loc in ("center", "left", "right"):
        ax.set_title("", loc=loc)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_visible(True)
    ax.set_prop_cycle(None)  # the next line gets the first colour again
    ax.ignore_existing_data_limits = True
    ax.set_autoscale_on(True)


def _detach_grid(fig) -> bool:
    """Before a redraw: take the grid of the last state off ``fig``, for :func:`subplots`.

    Returns ``True`` if ``fig`` now holds nothing (ready to draw on), ``False`` if it
    holds anything but a grid made by :func:`subplots` (the caller must clear it).
    """
    grid = fig.__dict__.pop("_m2c_grid", None)
    if grid is None:
        return False
    axes = list(np.ravel(grid[1]))
    others = [
        a for a in fig.get_children() if a is not fig.patch and not any(a is ax for ax in axes)
    ]
    if others or len(fig.axes) != len(axes) or any(ax.figure is not fig for ax in axes):
        return False
    for ax in axes:
        fig.delaxes(ax)
    fig._m2c_spare_grid = grid
    return True


def _drop_spare_grid(fig) -> None:
    """After a redraw: forget a grid the new state did not ask for."""
    fig.__dict__.pop("_m2c_spare_grid", None)
