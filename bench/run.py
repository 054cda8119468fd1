"""Measure the book's speed and size against its targets: ``make bench``.

Prints a table (the machine first, then one section per kind of measurement: value,
target, met) and writes ``bench/results.json``. Missing a target is a result, not a
failure: the exit status is 0 unless the benchmark itself crashed (then 1, after the
table and the JSON are written with what was measured). See ``bench/README.md``.

Usage::

    python bench/run.py                 # everything, about 3-4 minutes on 2 cores
    python bench/run.py --skip-build    # without the cold build of a fresh clone
    python bench/run.py --quick         # fewer repeats: a smoke run
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import numerics
from bench.common import ROOT, Budget, Row, format_table, machine_info

RESULTS = ROOT / "bench" / "results.json"
SECTIONS = ("numerics", "explorers", "site", "build")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="cut repeats (a smoke run)")
    parser.add_argument(
        "--skip-build", action="store_true", help="skip the cold build of a fresh clone"
    )
    parser.add_argument(
        "--skip-browser", action="store_true", help="skip the frame swap in Chromium"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=SECTIONS,
        default=list(SECTIONS),
        help="run only these sections",
    )
    parser.add_argument(
        "--html",
        type=Path,
        default=ROOT / "_build" / "html",
        help="the built site to measure (default: _build/html)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="after the table, print a cProfile of the slowest explorer's live redraws",
    )
    parser.add_argument(
        "--keep-build", action="store_true", help="keep the fresh clone and its build log"
    )
    return parser.parse_args(argv)


def run_numerics(budget: Budget, quick: bool) -> list[Row]:
    log("local_layer against scipy")
    rows = numerics.bench_local_layer(budget=budget)
    log("dense_layer against the bare product")
    rows += numerics.bench_dense_layer(budget=budget)
    log("refusing a dense tensor for 1000 x 1000")
    rows += numerics.bench_refusal(budget=budget)
    return rows


def run_explorers(budget: Budget, quick: bool, state: dict) -> list[Row]:
    from bench import explorers
    from bench.static_site import toc_pages

    log("running the chapters to find the explorers")
    found, rows = explorers.collect_explorers(toc_pages())
    state["explorers"] = found
    live, static = [], []
    for item in found:
        log(f"explorer {item.name}")
        measured = explorers.bench_explorer(item, budget)
        live += [r for r in measured if r.section == explorers.SECTION_LIVE]
        static += [r for r in measured if r.section == explorers.SECTION_STATIC]
    return rows + live + static


def run_site(html: Path, quick: bool, skip_browser: bool) -> list[Row]:
    from bench import static_site

    pages = static_site.toc_pages()
    if not (html / "index.html").exists():
        raise FileNotFoundError(f"no built site at {html}: run `make book` first")
    log(f"sizes of the site in {html}")
    rows = static_site.site_sizes(html) + static_site.page_sizes(html, pages)
    if not skip_browser:
        log("frame swaps in Chromium")
        rows += static_site.bench_frame_swaps(html, pages, positions=10 if quick else 40)
    return rows


def run_build(keep: bool) -> list[Row]:
    from bench import build

    log("cold build of a fresh clone, then a rebuild (a few minutes)")
    return build.bench_build(keep=keep)


def main(argv=None) -> int:
    args = parse_args(argv)
    budget = Budget.quick() if args.quick else Budget()
    live_budget = (
        Budget(seconds=0.3, min_rounds=3, max_rounds=10)
        if args.quick
        else Budget(seconds=1.5, min_rounds=8, max_rounds=60)
    )
    started = time.perf_counter()
    machine = machine_info()
    rows: list[Row] = []
    crashed: list[str] = []
    state: dict = {}
    steps = {
        "numerics": lambda: run_numerics(budget, args.quick),
        "explorers": lambda: run_explorers(live_budget, args.quick, state),
        "site": lambda: run_site(args.html, args.quick, args.skip_browser),
        "build": lambda: [] if args.skip_build else run_build(args.keep_build),
    }
    for section in SECTIONS:
        if section not in args.only:
            continue
        try:
            rows += steps[section]()
        except Exception as exc:
            traceback.print_exc()
            crashed.append(section)
            rows.append(
                Row(
                    f"{section} (crashed)",
                    f"{type(exc).__name__}: {exc}".splitlines()[0][:100],
                    None,
                    "count",
                )
            )
    elapsed = time.perf_counter() - started
    machine["elapsed_s"] = round(elapsed, 1)
    print(format_table(rows, machine))
    print(f"measured in {elapsed:.0f} s; results in {args.out}")
    if crashed:
        print(f"the benchmark crashed in: {', '.join(crashed)}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "machine": machine,
                "quick": args.quick,
                "crashed": crashed,
                "rows": [row.to_dict() for row in rows],
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )
    if args.profile and state.get("explorers"):
        from bench import explorers

        slowest = max(
            (r for r in rows if r.section == explorers.SECTION_LIVE and r.value is not None),
            key=lambda r: r.value,
            default=None,
        )
        target = next((f for f in state["explorers"] if slowest and f.name == slowest.name), None)
        if target is not None:
            print()
            print(explorers.profile_redraw(target))
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
