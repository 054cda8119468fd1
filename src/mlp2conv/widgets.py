"""Explorers: controls wired to a drawing function, live in Jupyter and static on the web.

An explorer is built from a *draw function* and a few *controls*::

    explorer = explore(draw, delta=range(0, 6), row=range(0, 28, 3))

``draw(fig, **values)`` draws one state on the matplotlib figure it is given and
returns a dict of *readouts* (``{"parameters": 10, "h[i,j]": 0.42}``); the optional
key ``"alt"`` holds the alt text of that frame. The explorer owns the figure and only
wires controls to ``draw``:

- **live** (Jupyter, Binder): :meth:`Explorer.widget` gives ipywidgets controls, the
  image and the readouts; moving a control calls ``draw`` again in the kernel;
- **static** (the built book): :meth:`Explorer.to_html` renders every state once and
  returns self-contained HTML -- real ``<input type="range">``/``<select>`` controls,
  one compact PNG per distinct frame, the readouts, and a few lines of inline
  JavaScript that swap them. No kernel, no network, no external script.

A live redraw costs matplotlib more to build Axes, ticks and colour bars than to draw
pixels, so the live view lets a draw function keep its Axes from one state to the next:
a grid made with :func:`mlp2conv.plotting.subplots` (as every scene does) comes back
emptied of data but with its ticks and colour bars, and its positions are those of the
last full layout of the same grid. Static frames are always drawn on an empty figure;
the tests check that the two ways give the same pixels.

Displaying an explorer in a notebook (``_repr_mimebundle_``) carries both; Jupyter
shows the widget and the book's HTML build is configured to prefer ``text/html``.
Both use :meth:`Explorer.render`, so the live and static views show the same thing.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import json
import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._validation import as_int, format_bytes

__all__ = ["Control", "Explorer", "Frame", "explore", "format_readout"]

#: Default limit on the number of states (the product of the control sizes).
DEFAULT_MAX_STATES = 400
#: Default limit on the bytes of pre-rendered frames in one explorer's static HTML.
DEFAULT_MAX_BYTES = 2_500_000
_RESERVED_READOUT = "alt"


def format_readout(value) -> str:
    """Format a readout value for display.

    Integers get thousands separators, floats four significant digits, and
    anything else is shown with ``str``.

    Examples
    --------
    >>> format_readout(615440)
    '615,440'
    >>> format_readout(0.123456)
    '0.1235'
    >>> format_readout(np.float64(-2.0))
    '-2'
    >>> format_readout("same")
    'same'
    """
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        value = float(value)
        if value == 0:
            return "0"  # never "-0"
        return f"{value:.4g}"
    return str(value)


@dataclass(frozen=True)
class Control:
    """One control of an explorer: a name, its options and how to show it.

    Parameters
    ----------
    name : str
        The keyword argument the draw function receives.
    options : sequence
        The values the control can take, in order. Numbers give a slider,
        anything else (strings, booleans) a drop-down list.
    label : str, optional
        The visible label; defaults to ``name``.
    default : optional
        The initial value; defaults to the first option.

    Examples
    --------
    >>> c = Control("delta", range(0, 4), label="Δ", default=1)
    >>> c.kind, c.options, c.default_index
    ('slider', (0, 1, 2, 3), 1)
    >>> Control("padding", ["same", "valid"]).kind
    'select'
    """

    name: str
    options: tuple
    label: str = ""
    default: Any = None
    kind: str = field(init=False)
    default_index: int = field(init=False)

    def __init__(self, name, options, *, label=None, default=None):
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"control names must be Python identifiers, got {name!r}")
        if isinstance(options, str | bytes) or not isinstance(options, Iterable):
            raise TypeError(
                f"control `{name}` needs a sequence of options (a range or a list), "
                f"got {type(options).__name__}"
            )
        opts = tuple(options)
        if not opts:
            raise ValueError(f"control `{name}` needs at least one option, got none")
        numeric = all(
            isinstance(o, numbers.Real) and not isinstance(o, bool | np.bool_) for o in opts
        )
        if numeric:
            opts = tuple(int(o) if isinstance(o, numbers.Integral) else float(o) for o in opts)
        if len(set(map(repr, opts))) != len(opts):
            raise ValueError(f"control `{name}` has repeated options: {list(opts)}")
        if default is None:
            index = 0
        else:
            matches = [i for i, o in enumerate(opts) if o == default]
            if not matches:
                raise ValueError(
                    f"`default` of control `{name}` must be one of its options {list(opts)}, "
                    f"got {default!r}"
                )
            index = matches[0]
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "options", opts)
        object.__setattr__(self, "label", label if label is not None else name)
        object.__setattr__(self, "default", opts[index])
        object.__setattr__(self, "kind", "slider" if numeric else "select")
        object.__setattr__(self, "default_index", index)

    def option_label(self, index: int) -> str:
        """The text shown for option ``index``."""
        return format_readout(self.options[index])


@dataclass(frozen=True)
class Frame:
    """One rendered state: the image, the readouts as text and the alt text."""

    values: dict
    png: bytes
    readouts: dict
    alt: str

    def _repr_png_(self):
        return self.png


def _as_control(name, spec) -> Control:
    if isinstance(spec, Control):
        if spec.name != name:
            raise ValueError(f"control passed as `{name}` is named `{spec.name}`")
        return spec
    return Control(name, spec)


class Explorer:
    """Controls wired to a draw function; see :func:`explore`."""

    def __init__(
        self,
        draw: Callable[..., Mapping],
        controls: Sequence[Control],
        *,
        title: str = "",
        figsize: tuple[float, float] = (7.5, 2.8),
        dpi: int = 100,
        max_states: int = DEFAULT_MAX_STATES,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ):
        if not callable(draw):
            raise TypeError(f"`draw` must be callable, got {type(draw).__name__}")
        if not controls:
            raise ValueError("an explorer needs at least one control, got none")
        self.draw = draw
        self.controls = tuple(controls)
        self.title = str(title)
        w, h = (float(v) for v in figsize)
        if not (0 < w <= 20 and 0 < h <= 20):
            raise ValueError(f"`figsize` must be two numbers in (0, 20] inches, got {figsize}")
        self.figsize = (w, h)
        self.dpi = as_int(dpi, "dpi", minimum=20, maximum=300)
        self.max_states = as_int(max_states, "max_states", minimum=1)
        self.max_bytes = as_int(max_bytes, "max_bytes", minimum=1)
        self._figure = None
        # Axes positions of the last full layout of each grid, for reuse_layout.
        self._positions: dict[tuple, list] = {}
        n = self.n_states
        if n > self.max_states:
            sizes = " x ".join(f"{len(c.options)} ({c.name})" for c in self.controls)
            raise ValueError(
                f"this explorer has {sizes} = {n:,} states, more than `max_states` = "
                f"{self.max_states:,}. Give the controls fewer values (a coarser range step) "
                f"or raise `max_states` knowing that every state is pre-rendered as an image."
            )

    # -- states -------------------------------------------------------------------------
    @property
    def n_states(self) -> int:
        """The number of states: the product of the number of options of each control."""
        return math.prod(len(c.options) for c in self.controls)

    def default_values(self) -> dict:
        """The values the explorer starts with."""
        return {c.name: c.default for c in self.controls}

    def states(self):
        """Iterate over every state as a dict of values, the last control varying fastest."""
        for combo in itertools.product(*(c.options for c in self.controls)):
            yield dict(zip((c.name for c in self.controls), combo, strict=True))

    def state_index(self, values: Mapping) -> int:
        """The position of the state ``values`` in :meth:`states`."""
        index = 0
        for c in self.controls:
            if c.name not in values:
                raise ValueError(f"missing a value for control `{c.name}`")
            matches = [i for i, o in enumerate(c.options) if o == values[c.name]]
            if not matches:
                raise ValueError(
                    f"`{c.name}` must be one of {list(c.options)}, got {values[c.name]!r}"
                )
            index = index * len(c.options) + matches[0]
        return index

    # -- rendering ------------------------------------------------------------------------
    def _fig(self):
        if self._figure is None:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure

            self._figure = Figure(figsize=self.figsize, dpi=self.dpi, layout="compressed")
            FigureCanvasAgg(self._figure)
        return self._figure

    def render(
        self, *, compact: bool = True, reuse_layout: bool = False, crop=None, **values
    ) -> Frame:
        """Draw one state and return its :class:`Frame`.

        Parameters
        ----------
        compact : bool, keyword-only
            Quantise the image to a 256-colour palette (about 2.5x smaller, used
            for the static site); ``False`` gives a faster full-colour PNG (live).
        reuse_layout : bool, keyword-only
            Redraw the way the live widget does: the Axes of the previous state are
            kept where a scene asks for the same grid (:func:`mlp2conv.plotting.subplots`),
            and placed where the last full layout of that grid put them instead of
            running the layout engine again. Several times faster and the same pixels;
            the static frames do not use it.
        crop : (top, left, bottom, right), optional, keyword-only
            Keep only these pixel rows and columns of the rendered figure.
        **values
            A value for every control.
        """
        rgb, readouts, alt = self._render_rgb(values, reuse_layout=reuse_layout)
        return Frame(dict(values), _encode_png(rgb, compact=compact, crop=crop), readouts, alt)

    def _render_rgb(self, values, *, reuse_layout=False):
        """Draw one state; return its pixels (H, W, 3) uint8, readout texts and alt text."""
        from .plotting import _detach_grid, _drop_spare_grid

        self.state_index(values)  # validates
        fig = self._fig()
        # Live, a scene may keep its Axes (see plotting.subplots); static frames start empty.
        if not (reuse_layout and _detach_grid(fig)):
            fig.clear()
        fig.set_layout_engine("compressed")
        try:
            result = self.draw(fig, **values)
        finally:
            _drop_spare_grid(fig)
        if not isinstance(result, Mapping):
            raise TypeError(
                f"the draw function must return a dict of readouts, got {type(result).__name__}"
            )
        readouts = {str(k): format_readout(v) for k, v in result.items()}
        alt = readouts.pop(_RESERVED_READOUT, None)
        if alt is None:
            shown = ", ".join(
                f"{c.label} = {format_readout(values[c.name])}" for c in self.controls
            )
            alt = f"{self.title or 'Explorer'} for {shown}"
        top = [ax for ax in fig.axes if ax.get_axes_locator() is None]
        grid = _grid_signature(top)
        cached = self._positions.get(grid)
        if reuse_layout and cached is not None:
            fig.set_layout_engine("none")
            for ax, position in zip(top, cached, strict=True):
                ax.set_position(position)
            fig.canvas.draw()
        else:
            fig.canvas.draw()
            self._positions[grid] = [ax.get_position() for ax in top]
        rgb = np.array(np.asarray(fig.canvas.buffer_rgba())[..., :3])
        return rgb, readouts, alt

    # -- static ---------------------------------------------------------------------------
    def static_data(self) -> dict:
        """Render every state; return the data the static page needs.

        Every frame is cropped to the same box: the smallest one that holds what any
        state drew, so the page shows no empty bands and the image never jumps.

        Returns
        -------
        data : dict
            ``frames`` (distinct PNGs, base64), ``states`` (for each state in
            :meth:`states` order: frame index, readout texts, alt text), ``readouts``
            (their names), ``crop`` (top, left, bottom, right) and ``size`` (width,
            height) of the frames.

        Raises
        ------
        ValueError
            If the draw function's readouts differ between states, or as soon as the
            encoded frames exceed ``max_bytes``.
        """
        pixels: list[np.ndarray] = []
        seen: dict[bytes, int] = {}
        states = []
        names = None
        for values in self.states():
            rgb, readouts, alt = self._render_rgb(values)
            if names is None:
                names = list(readouts)
            elif list(readouts) != names:
                raise ValueError(
                    f"the draw function must return the same readouts for every state: "
                    f"got {list(readouts)} for {values}, {names} before"
                )
            digest = hashlib.sha256(rgb.tobytes()).digest()
            if digest not in seen:
                seen[digest] = len(pixels)
                pixels.append(rgb)
            states.append([seen[digest], [readouts[n] for n in names], alt])
        crop = _content_box(pixels)
        frames: list[str] = []
        total = 0
        for k, rgb in enumerate(pixels):
            frames.append(base64.b64encode(_encode_png(rgb, compact=True, crop=crop)).decode())
            total += len(frames[-1])
            if total > self.max_bytes:
                raise ValueError(
                    f"the pre-rendered frames already take {format_bytes(total)} after "
                    f"{k + 1} of {len(pixels)} distinct frames ({self.n_states} states), more "
                    f"than `max_bytes` = {format_bytes(self.max_bytes)}. Use fewer states, a "
                    f"smaller `figsize` or `dpi`, or raise `max_bytes`."
                )
        top, left, bottom, right = crop
        return {
            "readouts": names or [],
            "frames": frames,
            "states": states,
            "crop": list(crop),
            "size": [right - left, bottom - top],
        }

    def to_html(self) -> str:
        """Self-contained HTML with every state pre-rendered (see the module docstring)."""
        data = self.static_data()
        payload = json.dumps(
            {
                "controls": [
                    {"name": c.name, "labels": [c.option_label(i) for i in range(len(c.options))]}
                    for c in self.controls
                ],
                **{k: data[k] for k in ("readouts", "frames", "states")},
            },
            separators=(",", ":"),
        )
        uid = "m2c-" + hashlib.sha256(payload.encode()).hexdigest()[:10]
        start = self.state_index(self.default_values())
        frame_index, readouts, alt = data["states"][start]
        w, h = data["size"]
        parts = [
            f'<div class="m2c-explorer" id="{uid}" data-m2c-explorer data-state="{start}">',
            _STYLE,
        ]
        if self.title:
            parts.append(f'<p class="m2c-title" id="{uid}-title">{html.escape(self.title)}</p>')
        group_label = f'aria-labelledby="{uid}-title"' if self.title else 'aria-label="Controls"'
        parts.append(f'<div class="m2c-controls" role="group" {group_label}>')
        for c in self.controls:
            cid = f"{uid}-{c.name}"
            label = html.escape(c.label)
            current = html.escape(c.option_label(c.default_index))
            parts.append('<div class="m2c-control">')
            parts.append(f'<label for="{cid}">{label}</label>')
            if c.kind == "slider":
                parts.append(
                    f'<input type="range" id="{cid}" data-control="{c.name}" min="0" '
                    f'max="{len(c.options) - 1}" step="1" value="{c.default_index}" '
                    f'aria-valuetext="{label} = {current}">'
                )
                parts.append(f'<output for="{cid}" class="m2c-value">{current}</output>')
            else:
                parts.append(f'<select id="{cid}" data-control="{c.name}">')
                for i in range(len(c.options)):
                    sel = " selected" if i == c.default_index else ""
                    opt = html.escape(c.option_label(i))
                    parts.append(f'<option value="{i}"{sel}>{opt}</option>')
                parts.append("</select>")
            parts.append("</div>")
        parts.append("</div>")
        parts.append(
            f'<img class="m2c-frame" src="data:image/png;base64,{data["frames"][frame_index]}" '
            f'width="{w}" height="{h}" alt="{html.escape(alt)}">'
        )
        parts.append(_readouts_html(data["readouts"], readouts))
        parts.append(
            f'<script type="application/json" class="m2c-data">{_safe_json(payload)}</script>'
        )
        parts.append(f"<script>{_SCRIPT}</script>")
        parts.append("</div>")
        return "\n".join(parts)

    # -- live -----------------------------------------------------------------------------
    def widget(self):
        """An ipywidgets view whose controls call the draw function again on every change."""
        import ipywidgets as w

        controls = {}
        for c in self.controls:
            if c.kind == "slider" and _is_int_range(c.options):
                step = c.options[1] - c.options[0] if len(c.options) > 1 else 1
                ctl = w.IntSlider(
                    value=c.default,
                    min=c.options[0],
                    max=c.options[-1],
                    step=step,
                    description=c.label,
                    continuous_update=True,
                )
            elif c.kind == "slider":
                ctl = w.SelectionSlider(
                    options=[(c.option_label(i), o) for i, o in enumerate(c.options)],
                    value=c.default,
                    description=c.label,
                    continuous_update=True,
                )
            else:
                ctl = w.Dropdown(
                    options=[(c.option_label(i), i) for i in range(len(c.options))],
                    value=c.default_index,
                    description=c.label,
                )
            controls[c.name] = ctl
        first = self.render(compact=False, **self.default_values())
        image = w.Image(value=first.png, format="png", layout=w.Layout(max_width="100%"))
        readouts = w.HTML(_readouts_html(list(first.readouts), list(first.readouts.values())))
        view = w.VBox(
            [
                w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap")),
                image,
                readouts,
            ]
        )
        view.add_class("m2c-live")

        def current_values():
            out = {}
            for c in self.controls:
                v = controls[c.name].value
                out[c.name] = c.options[v] if c.kind == "select" else v
            return out

        def update(_change=None):
            frame = self.render(compact=False, reuse_layout=True, **current_values())
            image.value = frame.png
            image.description = frame.alt
            readouts.value = _readouts_html(list(frame.readouts), list(frame.readouts.values()))
            view.last_frame = frame

        view.last_frame = first
        for ctl in controls.values():
            ctl.observe(update, names="value")
        view.controls = controls
        return view

    # -- notebook display -----------------------------------------------------------------
    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/html": self.to_html(), "text/plain": repr(self)}
        try:
            view = self.widget()
            live = view._repr_mimebundle_(include=include, exclude=exclude)
        except ImportError:  # pragma: no cover - ipywidgets is a dependency
            live = None
        if live:
            bundle.update({k: v for k, v in live.items() if k != "text/plain"})
        return bundle

    def __repr__(self):
        sizes = ", ".join(f"{c.name}: {len(c.options)}" for c in self.controls)
        return f"<Explorer {self.title or self.draw!r} ({sizes}; {self.n_states} states)>"


def explore(
    draw: Callable[..., Mapping],
    *,
    title: str = "",
    figsize: tuple[float, float] = (7.5, 2.8),
    dpi: int = 100,
    max_states: int = DEFAULT_MAX_STATES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    **controls,
) -> Explorer:
    """Wire controls to a draw function; display the result in a notebook.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values) -> dict``: draws one state on the matplotlib
        ``Figure`` it is given (already cleared) and returns the readouts, a dict
        of name to number or text. The optional key ``"alt"`` is the frame's alt text.
    title : str, keyword-only
        A short title, shown above the controls and used in default alt texts.
    figsize, dpi : keyword-only
        Size of each frame, in inches and dots per inch.
    max_states : int, keyword-only
        Refuse an explorer with more states than this (every state is pre-rendered).
    max_bytes : int, keyword-only
        Refuse to pre-render more than this many bytes of frames.
    **controls : sequence or Control
        One keyword per control: a sequence of options (numbers give a slider,
        anything else a drop-down list) or a :class:`Control` for a label or default.

    Returns
    -------
    explorer : Explorer
        Shown in Jupyter as live ipywidgets and on the static site as pre-rendered HTML.

    Raises
    ------
    ValueError
        With no controls, an empty or repeated option, or more states than ``max_states``.
    TypeError
        If ``draw`` is not callable or a control is not a sequence.

    Examples
    --------
    >>> def draw(fig, n):
    ...     ax = fig.subplots()
    ...     ax.bar(range(n), range(n))
    ...     return {"bars": n}
    >>> ex = explore(draw, n=range(1, 4))
    >>> ex.n_states
    3
    >>> ex.render(n=2).readouts
    {'bars': '2'}
    >>> explore(draw, n=range(1000), max_states=100)
    Traceback (most recent call last):
    ...
    ValueError: this explorer has 1000 (n) = 1,000 states, more than `max_states` = 100. ...
    """
    return Explorer(
        draw,
        [_as_control(name, spec) for name, spec in controls.items()],
        title=title,
        figsize=figsize,
        dpi=dpi,
        max_states=max_states,
        max_bytes=max_bytes,
    )


# -- helpers ------------------------------------------------------------------------------
def _is_int_range(options) -> bool:
    if not all(isinstance(o, int) for o in options):
        return False
    if len(options) < 2:
        return True
    step = options[1] - options[0]
    return step > 0 and all(b - a == step for a, b in itertools.pairwise(options))


def _grid_signature(axes) -> tuple:
    """What decides a layout: each Axes' cell in its grid, its insets and visibility."""
    signature = []
    for ax in axes:
        spec = ax.get_subplotspec()
        cell = spec.get_geometry() if spec is not None else tuple(ax.get_position().bounds)
        signature.append((cell, len(ax.child_axes), ax.get_visible()))
    return tuple(signature)


def _encode_png(rgb: np.ndarray, *, compact: bool, crop=None) -> bytes:
    from PIL import Image

    if crop is not None:
        top, left, bottom, right = crop
        rgb = rgb[top:bottom, left:right]
    image = Image.fromarray(np.ascontiguousarray(rgb))
    buf = io.BytesIO()
    if compact:
        image = image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        image.save(buf, "PNG", optimize=True)
    else:
        image.save(buf, "PNG", compress_level=1)
    return buf.getvalue()


def _content_box(pixels, *, margin: int = 6) -> tuple[int, int, int, int]:
    """The smallest (top, left, bottom, right) box holding every non-white pixel of all
    images, grown by ``margin`` pixels and clipped to the image."""
    height, width = pixels[0].shape[:2]
    inked = np.zeros((height, width), dtype=bool)
    for rgb in pixels:
        inked |= (rgb < 250).any(axis=2)
    rows = np.flatnonzero(inked.any(axis=1))
    cols = np.flatnonzero(inked.any(axis=0))
    if rows.size == 0:
        return 0, 0, height, width
    return (
        max(int(rows[0]) - margin, 0),
        max(int(cols[0]) - margin, 0),
        min(int(rows[-1]) + 1 + margin, height),
        min(int(cols[-1]) + 1 + margin, width),
    )


def _readouts_html(names, texts) -> str:
    items = "".join(
        f'<div class="m2c-readout"><dt>{html.escape(n)}</dt>'
        f'<dd data-readout="{html.escape(n)}">{html.escape(t)}</dd></div>'
        for n, t in zip(names, texts, strict=True)
    )
    return f'<dl class="m2c-readouts" aria-live="polite" aria-atomic="true">{items}</dl>'


def _safe_json(payload: str) -> str:
    # Inside <script>, "</" could close the element early.
    return payload.replace("</", "<\\/")


def _asset(name: str) -> str:
    from importlib.resources import files

    return files("mlp2conv").joinpath("static", name).read_text(encoding="utf-8")


_STYLE = "<style>\n" + _asset("explorer.css") + "</style>"
_SCRIPT = _asset("explorer.js")
