"""The numerics of :mod:`mlp2conv.layers` against the obvious alternatives.

- :func:`bench_local_layer`: ``layers.local_layer`` against scipy's correlations
  (``ndimage.correlate``, ``signal.correlate2d``, and the FFT routines
  ``signal.fftconvolve`` / ``signal.oaconvolve`` with the kernel flipped); the row is
  the ratio to the fastest of them.
- :func:`bench_dense_layer`: ``layers.dense_layer`` against the bare matrix-vector
  product it wraps.
- :func:`bench_refusal`: ``layers.dense_from_local`` asked for the dense weights of a
  1000 x 1000 image (8 TB) must refuse at once, without allocating them.
"""

from __future__ import annotations

import tracemalloc

import numpy as np

from bench.common import Budget, Row, calls_per_sample, interleaved, summary, time_once

LOCAL_TARGET = 1.5
DENSE_TARGET = 1.1
REFUSAL_TIME_TARGET_MS = 1.0
#: A peak below this while refusing is Python objects (the exception and its message),
#: not a tensor: the smallest tensor of a 1000 x 1000 image is 8 TB.
REFUSAL_MEMORY_LIMIT = 64 * 1024

SECTION_LOCAL = "local_layer vs scipy (ratio to the fastest scipy routine)"
SECTION_DENSE = "dense_layer vs bare matrix-vector product"
SECTION_REFUSAL = "refusing an impossible dense tensor"


def _scipy_contenders(x, kernel):
    from scipy import ndimage, signal

    flipped = np.ascontiguousarray(kernel[::-1, ::-1])
    return {
        "ndimage.correlate": lambda: ndimage.correlate(x, kernel, mode="constant"),
        "correlate2d": lambda: signal.correlate2d(x, kernel, mode="same"),
        "fftconvolve": lambda: signal.fftconvolve(x, flipped, mode="same"),
        "oaconvolve": lambda: signal.oaconvolve(x, flipped, mode="same"),
    }


def bench_local_layer(
    sizes=(256, 1024), deltas=(1, 2, 3, 5, 10), budget: Budget | None = None, *, seed=0
) -> list[Row]:
    """One row per image size and Δ: median time of ``local_layer`` over scipy's fastest.

    The kernel is dense (every one of its (2Δ+1)² weights nonzero, random), the image
    random. Every output is checked against ``local_layer``'s with ``np.allclose``
    before anything is timed; a routine that disagrees is left out and named in the
    note. A routine whose first call takes longer than ``budget.slow_call`` is not
    repeated (its one call stands for its time; ``correlate2d`` at Δ = 10 on
    1024 x 1024 takes about half a second).
    """
    from mlp2conv import layers

    budget = budget or Budget()
    rng = np.random.default_rng(seed)
    rows = []
    for n in sizes:
        x = rng.random((n, n))
        for delta in deltas:
            kernel = rng.standard_normal((2 * delta + 1, 2 * delta + 1))
            funcs = {"local_layer": lambda x=x, k=kernel: layers.local_layer(x, k)}
            funcs |= _scipy_contenders(x, kernel)
            name = f"local_layer {n}×{n}, Δ={delta} ({kernel.size} taps)"
            rows.append(_local_row(name, funcs, budget, n=n, delta=delta))
    return rows


def _local_row(name, funcs, budget, **params) -> Row:
    first, outputs = {}, {}
    for key, func in funcs.items():
        first[key], outputs[key] = time_once(func)
    reference = outputs.pop("local_layer")
    notes = []
    for key, out in outputs.items():
        if out.shape != reference.shape or not np.allclose(out, reference):
            diff = np.max(np.abs(out - reference)) if out.shape == reference.shape else "shape"
            notes.append(f"{key} disagrees ({diff}), left out")
            del funcs[key], first[key]
    scipy_keys = [k for k in funcs if k != "local_layer"]
    if not scipy_keys:
        return Row(SECTION_LOCAL, name, None, "x", LOCAL_TARGET, note="; ".join(notes))
    slow = [k for k in scipy_keys if first[k] > budget.slow_call]
    timed = {k: f for k, f in funcs.items() if k not in slow}
    numbers = {k: calls_per_sample(first[k]) for k in timed}
    times = interleaved(timed, budget, numbers=numbers)
    for key in slow:
        times[key] = [first[key]]
        notes.append(f"{key} timed once ({first[key] * 1e3:.0f} ms)")
    stats = {key: summary(t) for key, t in times.items()}
    fastest = min(scipy_keys, key=lambda k: stats[k]["median"])
    local, other = stats["local_layer"], stats[fastest]
    value = local["median"] / other["median"]
    notes.insert(
        0,
        f"{local['median']:.3g} ms vs {fastest} {other['median']:.3g} ms; "
        f"best/best {local['best'] / other['best']:.2f}; n={local['n']}",
    )
    return Row(
        SECTION_LOCAL,
        name,
        value,
        "x",
        LOCAL_TARGET,
        note="; ".join(notes),
        stats={"ms": stats, "fastest": fastest, **params},
    )


def bench_dense_layer(sizes=(28, 32, 64), budget: Budget | None = None, *, seed=0) -> list[Row]:
    """One row per image size: ``dense_layer`` over ``weights.reshape(HW, HW) @ x.ravel()``."""
    from mlp2conv import layers

    budget = budget or Budget()
    rng = np.random.default_rng(seed)
    rows = []
    for n in sizes:
        x = rng.random((n, n))
        weights = rng.standard_normal((n, n, n, n))
        hw = n * n
        funcs = {
            "dense_layer": lambda x=x, w=weights: layers.dense_layer(x, w),
            "bare": lambda x=x, w=weights, hw=hw: w.reshape(hw, hw) @ x.ravel(),
        }
        first, outputs = {}, {}
        for key, func in funcs.items():
            first[key], outputs[key] = time_once(func)
        name = f"dense_layer {n}×{n} ({hw}×{hw} weights, {weights.nbytes / 1e6:.1f} MB)"
        if not np.allclose(outputs["dense_layer"].ravel(), outputs["bare"]):
            rows.append(Row(SECTION_DENSE, name, None, "x", DENSE_TARGET, note="outputs differ"))
            continue
        numbers = {k: calls_per_sample(t) for k, t in first.items()}
        times = interleaved(funcs, budget, numbers=numbers)
        stats = {key: summary(t) for key, t in times.items()}
        mine, bare = stats["dense_layer"], stats["bare"]
        rows.append(
            Row(
                SECTION_DENSE,
                name,
                mine["median"] / bare["median"],
                "x",
                DENSE_TARGET,
                note=(
                    f"{mine['median']:.3g} ms vs {bare['median']:.3g} ms; "
                    f"best/best {mine['best'] / bare['best']:.2f}; n={mine['n']}"
                ),
                stats={"ms": stats, "n": n},
            )
        )
    return rows


def bench_refusal(shape=(1000, 1000), budget: Budget | None = None) -> list[Row]:
    """Time and memory of ``dense_from_local(np.ones((3, 3)), shape)`` refusing.

    Two rows: the median time to raise (target ≤ 1 ms) and the peak memory traced by
    ``tracemalloc`` during one call (numpy reports its allocations to tracemalloc, so
    a tensor would show; a few hundred bytes are the exception and its message).
    """
    from mlp2conv import counting, layers

    budget = budget or Budget()
    kernel = np.ones((3, 3))
    label = f"{shape[0]}×{shape[1]}"
    would_need = counting.dense_bytes(*shape)

    def refuse():
        try:
            layers.dense_from_local(kernel, shape)
        except ValueError as exc:
            return exc
        return None

    seconds, exc = time_once(refuse)
    if exc is None:
        note = "did not raise ValueError"
        return [
            Row(SECTION_REFUSAL, f"time to refuse {label}", None, "ms", 1.0, note=note),
            Row(SECTION_REFUSAL, f"memory while refusing {label}", None, "B", 0.0, note=note),
        ]
    message = str(exc).splitlines()[0]
    times = interleaved({"refuse": refuse}, budget, numbers={"refuse": calls_per_sample(seconds)})
    stats = summary(times["refuse"])

    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        refuse()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return [
        Row(
            SECTION_REFUSAL,
            f"time to refuse a dense tensor for {label}",
            stats["median"],
            "ms",
            REFUSAL_TIME_TARGET_MS,
            note=f"best {stats['best']:.3g} ms; n={stats['n']}; ValueError: {message[:70]}",
            stats={"ms": stats, "message": str(exc)},
        ),
        Row(
            SECTION_REFUSAL,
            f"memory allocated while refusing {label}",
            peak,
            "B",
            REFUSAL_MEMORY_LIMIT,
            target_text="0 tensor",
            note=(
                f"tracemalloc peak; under {REFUSAL_MEMORY_LIMIT // 1024} kB means no tensor "
                f"(the tensor would take {would_need / 1e12:.1f} TB)"
            ),
            stats={"peak_bytes": peak, "tensor_bytes": would_need},
        ),
    ]
