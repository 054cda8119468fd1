"""Every explorer of the book: found by running the chapters, then redrawn and pre-rendered.

Nothing here lists the explorers: :func:`collect_explorers` reads each chapter of
``_toc.yml`` (a MyST notebook) with jupytext and runs its code cells in a fresh
namespace, in this process, while ``Explorer.__init__`` records every explorer built.
:func:`bench_explorer` then measures one explorer:

- the live redraw: the ipywidgets view of :meth:`Explorer.widget` redraws
  synchronously when a control's value changes (its observer renders the new frame), so
  the time of the assignment ``controls[name].value = v`` is the time from a value change
  to the new image. Every control is swept through its values in turn;
- the static HTML: the time and size of :meth:`Explorer.to_html` (every state
  pre-rendered), and the number of states and distinct frames.
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import json
import os
import pstats
import re
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT, Budget, Row, summary

REDRAW_TARGET_MS = 100.0
#: One explorer's static HTML must fit in a page's budget (see bench.static_site).
EXPLORER_HTML_TARGET = 1.5e6

SECTION_CHAPTERS = "chapters run in-process (to find the explorers)"
SECTION_LIVE = "explorers, live redraw in Python (value change -> new image)"
SECTION_STATIC = "explorers, pre-rendered static HTML (to_html)"


@dataclass
class Found:
    """An explorer built while running a chapter."""

    page: str
    index: int
    explorer: object
    label: str = field(default="")

    @property
    def name(self) -> str:
        return f"{Path(self.page).name} #{self.index}: {self.label}"


def explorer_label(explorer) -> str:
    """The explorer's title, or the name of its draw function."""
    title = getattr(explorer, "title", "")
    if title:
        return title
    draw = getattr(explorer, "draw", None)
    func = getattr(draw, "func", draw)  # functools.partial
    return getattr(func, "__name__", type(draw).__name__)


@contextlib.contextmanager
def recording_explorers():
    """Within the block, every ``mlp2conv.widgets.Explorer`` built is appended to a list."""
    from mlp2conv import widgets

    built = []
    original = widgets.Explorer.__init__

    def recording_init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        built.append(self)

    widgets.Explorer.__init__ = recording_init
    try:
        yield built
    finally:
        widgets.Explorer.__init__ = original


_MAGIC = re.compile(r"^\s*[%!]")


def run_chapter(path: Path) -> None:
    """Run the code cells of a MyST notebook in a fresh namespace, output discarded.

    Cells tagged ``raises-exception`` may raise; IPython magics and shell lines are
    skipped. The working directory is the chapter's, as under Jupyter Book.
    """
    import jupytext
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    notebook = jupytext.read(path, fmt="md:myst" if path.suffix == ".md" else None)
    namespace = {"__name__": "__main__", "__file__": str(path)}
    sink = io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(path.parent)
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            for number, cell in enumerate(notebook.cells):
                if cell.cell_type != "code":
                    continue
                source = "\n".join(
                    line for line in cell.source.splitlines() if not _MAGIC.match(line)
                )
                code = compile(source, f"{path.name}[cell {number}]", "exec")
                tags = cell.get("metadata", {}).get("tags", [])
                try:
                    exec(code, namespace)
                except Exception:
                    if "raises-exception" not in tags:
                        raise
    finally:
        os.chdir(cwd)
        plt.close("all")


def collect_explorers(pages, root: Path = ROOT) -> tuple[list[Found], list[Row]]:
    """Run every chapter; return the explorers found and one row per chapter (its run time).

    A chapter that fails is reported in its row (value n/a) and the others still run;
    the explorers it built before failing are kept.
    """
    found: list[Found] = []
    rows: list[Row] = []
    with recording_explorers() as built:
        for page in pages:
            path = root / f"{page}.md"
            if not path.exists():
                ipynb = root / f"{page}.ipynb"
                path = ipynb if ipynb.exists() else path
            start = len(built)
            t0 = time.perf_counter()
            error = ""
            try:
                run_chapter(path)
            except Exception as exc:
                error = f"failed: {type(exc).__name__}: {exc}".splitlines()[0][:120]
                traceback.print_exc()
            seconds = time.perf_counter() - t0
            new = built[start:]
            for k, explorer in enumerate(new, 1):
                found.append(Found(page, k, explorer, explorer_label(explorer)))
            rows.append(
                Row(
                    SECTION_CHAPTERS,
                    f"run {page}",
                    None if error else seconds,
                    "s",
                    note=error or f"{len(new)} explorer(s)",
                    stats={"explorers": len(new), "seconds": seconds},
                )
            )
    return found, rows


# --------------------------------------------------------------------------- the widget


def widget_values(control) -> list:
    """The values an ipywidgets control can take, in order."""
    options = getattr(control, "options", None)
    if options is not None:
        return [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in options]
    lo, hi, step = control.min, control.max, getattr(control, "step", 1) or 1
    values, v = [], lo
    while v <= hi:
        values.append(v)
        v += step
    return values


def sweep(view):
    """Yield ``(name, control, value)``: every control through its values, in turn, forever.

    Values equal to the control's current one are skipped (they would not redraw).
    """
    controls = getattr(view, "controls", {})
    plan = [(name, c, widget_values(c)) for name, c in controls.items()]
    plan = [p for p in plan if len(p[2]) > 1]
    while plan:
        for name, control, values in plan:
            for value in values:
                if value != control.value:
                    yield name, control, value


def time_redraws(view, budget: Budget) -> tuple[list[float], int]:
    """Time value changes on the live view; return the seconds of each and the misses.

    Changes go on until ``budget.seconds`` have passed and ``budget.min_rounds`` changes
    are done, or ``budget.max_rounds`` changes are done. A miss is a change after which
    ``view.last_frame`` is not a new frame.
    """
    times, misses = [], 0
    start = time.perf_counter()
    for _name, control, value in sweep(view):
        if len(times) >= budget.max_rounds or (
            len(times) >= budget.min_rounds and time.perf_counter() - start > budget.seconds
        ):
            break
        before = getattr(view, "last_frame", None)
        t0 = time.perf_counter()
        control.value = value
        times.append(time.perf_counter() - t0)
        if before is not None and getattr(view, "last_frame", None) is before:
            misses += 1
    return times, misses


def bench_explorer(found: Found, budget: Budget | None = None, *, static: bool = True):
    """The rows of one explorer: live redraw, and (if ``static``) its static HTML."""
    budget = budget or Budget()
    explorer = found.explorer
    rows = []
    try:
        t0 = time.perf_counter()
        view = explorer.widget()
        first = time.perf_counter() - t0
        times, misses = time_redraws(view, budget)
        stats = summary(times)
        stats["first_ms"] = first * 1e3
        if times:
            note = (
                f"p95 {stats['p95']:.0f} ms, best {stats['best']:.0f} ms, n={stats['n']}; "
                f"widget built in {first * 1e3:.0f} ms"
            )
            if misses:
                note += f"; {misses} change(s) gave no new frame"
            value = stats["median"]
        else:
            note, value = "no control has two values: nothing to redraw", None
        rows.append(
            Row(SECTION_LIVE, found.name, value, "ms", REDRAW_TARGET_MS, note=note, stats=stats)
        )
    except Exception as exc:
        rows.append(Row(SECTION_LIVE, found.name, None, "ms", REDRAW_TARGET_MS, note=_failure(exc)))
    if static:
        rows.append(bench_to_html(found))
    return rows


def bench_to_html(found: Found) -> Row:
    explorer = found.explorer
    try:
        t0 = time.perf_counter()
        text = explorer.to_html()
        seconds = time.perf_counter() - t0
    except Exception as exc:
        return Row(SECTION_STATIC, found.name, None, "B", EXPLORER_HTML_TARGET, note=_failure(exc))
    size = len(text.encode("utf-8"))
    states, frames = _count_states(text, getattr(explorer, "n_states", None))
    return Row(
        SECTION_STATIC,
        found.name,
        size,
        "B",
        EXPLORER_HTML_TARGET,
        note=(
            f"{states} states, {frames} distinct frames, rendered in {seconds:.1f} s "
            f"({seconds / max(states or 1, 1) * 1e3:.0f} ms/state)"
        ),
        stats={"bytes": size, "states": states, "frames": frames, "seconds": seconds},
    )


_DATA = re.compile(r'<script type="application/json" class="m2c-data">(.*?)</script>', re.S)


def _count_states(text: str, n_states=None) -> tuple[int | None, int | None]:
    """The number of states and of distinct frames in an explorer's static HTML."""
    match = _DATA.search(text)
    if not match:
        return n_states, None
    try:
        data = json.loads(match.group(1).replace("<\\/", "</"))
        return len(data["states"]), len(data["frames"])
    except (ValueError, KeyError, TypeError):
        return n_states, None


def _failure(exc: BaseException) -> str:
    return f"failed: {type(exc).__name__}: {exc}".splitlines()[0][:120]


def profile_redraw(found: Found, *, top: int = 15) -> str:
    """cProfile of a few redraws of one explorer; the ``top`` entries by cumulative time."""
    view = found.explorer.widget()
    changes = sweep(view)
    profiler = cProfile.Profile()
    profiler.enable()
    for _, (_, control, value) in zip(range(5), changes, strict=False):
        control.value = value
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    out.write("\n")
    stats.sort_stats("tottime").print_stats(top)
    return f"cProfile of 5 redraws of {found.name}\n{out.getvalue()}"
