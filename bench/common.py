"""Rows of the results table, interleaved timing, statistics and the printed table.

Every measurement becomes a :class:`Row`: a value with its unit and the target beside
it. Timings are taken in *rounds*: each round calls every contender once, in
alternating order (A, B, C, then C, B, A...), so that a machine slowing down for a while
slows all of them alike and the ratios measured in the same run stay fair. A
measurement repeats rounds until its time budget is spent (at least ``min_rounds``, at
most ``max_rounds``), then reports the median and the best.
"""

from __future__ import annotations

import gc
import math
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

#: The units a row may use: a ratio, milliseconds, seconds, bytes, or a plain count.
UNITS = ("x", "ms", "s", "B", "count")
#: How a value is compared with its target.
OPS = ("<=", ">=")


@dataclass
class Row:
    """One line of the table: a measured value, its unit and the target it should meet.

    ``target`` is ``None`` for rows that only inform (a site's total size); their
    ``met`` is ``None`` too. A row whose measurement failed has ``value`` ``None`` and,
    if it has a target, ``met`` False. ``target_text`` replaces the formatted target in
    the table when the number alone would mislead; ``stats`` holds the figures behind
    the value (median, best, 95th percentile, number of samples...).
    """

    section: str
    name: str
    value: float | None
    unit: str
    target: float | None = None
    op: str = "<="
    note: str = ""
    target_text: str = ""
    stats: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"`unit` must be one of {UNITS}, got {self.unit!r}")
        if self.op not in OPS:
            raise ValueError(f"`op` must be one of {OPS}, got {self.op!r}")
        if self.value is not None:
            self.value = float(self.value)
        if self.target is not None:
            self.target = float(self.target)

    @property
    def met(self) -> bool | None:
        """Whether the value meets the target; ``None`` for an informative row."""
        if self.target is None:
            return None
        if self.value is None or not math.isfinite(self.value):
            return False
        if self.op == "<=":
            return bool(self.value <= self.target)
        return bool(self.value >= self.target)

    def to_dict(self) -> dict:
        return {
            "section": self.section,
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "target": self.target,
            "op": self.op,
            "met": self.met,
            "note": self.note,
            "stats": self.stats,
        }


# ------------------------------------------------------------------------------ timing


@dataclass
class Budget:
    """How long to measure: seconds per measurement, and bounds on the repeats."""

    seconds: float = 1.0
    min_rounds: int = 5
    max_rounds: int = 200
    #: A contender whose first call takes longer than this is not repeated: its one
    #: call stands for its time (enough to show it is not the fastest).
    slow_call: float = 0.25

    @classmethod
    def quick(cls) -> Budget:
        return cls(seconds=0.05, min_rounds=2, max_rounds=5, slow_call=0.05)


def time_once(func: Callable[[], object]) -> tuple[float, object]:
    """Call ``func`` once; return the seconds it took and what it returned."""
    t0 = time.perf_counter()
    out = func()
    return time.perf_counter() - t0, out


def calls_per_sample(seconds_per_call: float, sample: float = 2e-3) -> int:
    """How many calls to time together so that one sample lasts about ``sample`` seconds.

    Calls shorter than the clock's useful resolution are timed in batches; the sample is
    the batch's time divided by its size.
    """
    if seconds_per_call <= 0:
        return 1000
    return int(min(1000, max(1, sample / seconds_per_call)))


def interleaved(
    funcs: Mapping[str, Callable[[], object]],
    budget: Budget,
    *,
    numbers: Mapping[str, int] | None = None,
) -> dict[str, list[float]]:
    """Time every function in rounds (A, B, C, C, B, A, ...) until the budget is spent.

    Parameters
    ----------
    funcs : mapping of name to callable
        The contenders, called with no arguments.
    budget : Budget
        Rounds run until ``budget.seconds`` have passed and at least
        ``budget.min_rounds`` are done, or ``budget.max_rounds`` are done.
    numbers : mapping of name to int, optional
        Calls per sample for each function (see :func:`calls_per_sample`).

    Returns
    -------
    times : dict of name to list of float
        Seconds per call, one entry per round.
    """
    names = list(funcs)
    numbers = {name: 1 for name in names} | dict(numbers or {})
    times: dict[str, list[float]] = {name: [] for name in names}
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        rounds = 0
        while rounds < budget.max_rounds and (
            rounds < budget.min_rounds or time.perf_counter() - start < budget.seconds
        ):
            for name in names if rounds % 2 == 0 else reversed(names):
                func, number = funcs[name], numbers[name]
                t0 = time.perf_counter()
                for _ in range(number):
                    func()
                times[name].append((time.perf_counter() - t0) / number)
            rounds += 1
    finally:
        if enabled:
            gc.enable()
    return times


def summary(seconds: list[float], scale: float = 1e3) -> dict:
    """Median, best, 95th percentile and count of a list of timings (scaled, default ms)."""
    if not seconds:
        return {"n": 0}
    arr = np.asarray(seconds, dtype=float) * scale
    return {
        "median": float(np.median(arr)),
        "best": float(arr.min()),
        "p95": float(np.percentile(arr, 95)),
        "n": len(seconds),
    }


# ----------------------------------------------------------------------------- machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _blas() -> str:
    try:
        from threadpoolctl import threadpool_info

        libs = [
            f"{i.get('internal_api')} {i.get('version')} ({i.get('num_threads')} threads)"
            for i in threadpool_info()
            if i.get("user_api") == "blas"
        ]
        if libs:
            return "; ".join(libs)
    except ImportError:
        pass
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # numpy < 2 or an unusual build
        return "unknown"


def _git(*args: str) -> str:
    try:
        out = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine_info() -> dict:
    """What the figures were measured on."""
    import matplotlib
    import scipy

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        usable = os.cpu_count()
    try:
        load = [round(v, 2) for v in os.getloadavg()]
    except OSError:
        load = []
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    return {
        "nproc": usable,
        "cpu_count": os.cpu_count(),
        "cpu": _cpu_model(),
        "load_average": load,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "matplotlib": matplotlib.__version__,
        "blas": _blas(),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "argv": sys.argv[1:],
    }


# ------------------------------------------------------------------------------- table


def format_value(value: float | None, unit: str) -> str:
    """A value with its unit, as shown in the table."""
    if value is None:
        return "n/a"
    if not math.isfinite(value):
        return str(value)
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "ms":
        digits = 3 if abs(value) < 1 else 2 if abs(value) < 10 else 1
        return f"{value:.{digits}f} ms"
    if unit == "s":
        return f"{value:.2f} s" if abs(value) < 10 else f"{value:.1f} s"
    if unit == "B":
        for limit, suffix in ((1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")):
            if abs(value) >= limit:
                return f"{value / limit:.2f} {suffix}"
        return f"{value:.0f} B"
    return f"{value:,.0f}"


def format_target(row: Row) -> str:
    if row.target_text:
        return row.target_text
    if row.target is None:
        return "-"
    return ("≤ " if row.op == "<=" else "≥ ") + format_value(row.target, row.unit)


def format_met(met: bool | None) -> str:
    return {True: "yes", False: "NO", None: "-"}[met]


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(rows: list[Row], machine: Mapping | None = None, *, width: int = 48) -> str:
    """The fixed-width table: the machine, then the rows grouped by section."""
    lines = []
    if machine:
        lines.append("Machine")
        for key in ("cpu", "nproc", "load_average", "python", "numpy", "scipy", "blas"):
            if key in machine:
                lines.append(f"  {key:<13} {machine[key]}")
        if machine.get("commit"):
            lines.append(f"  {'commit':<13} {machine['commit']}")
        lines.append("")
    header = f"{'':2}{'name':<{width}} {'value':>12} {'target':>12}  {'met':<4} note"
    sections: dict[str, list[Row]] = {}
    for row in rows:
        sections.setdefault(row.section, []).append(row)
    for section, members in sections.items():
        lines.append(f"== {section} " + "=" * max(3, len(header) - len(section) - 4))
        lines.append(header)
        for row in members:
            lines.append(
                f"{'':2}{_clip(row.name, width):<{width}} "
                f"{format_value(row.value, row.unit):>12} {format_target(row):>12}  "
                f"{format_met(row.met):<4} {row.note}".rstrip()
            )
        lines.append("")
    met = [r.met for r in rows if r.met is not None]
    lines.append(
        f"{sum(met)} of {len(met)} targets met"
        + (f"; missed: {len(met) - sum(met)}" if len(met) != sum(met) else "")
    )
    return "\n".join(lines)
