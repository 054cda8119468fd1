"""The benchmark's own code, on tiny inputs: rows are well-formed, no timing is asserted.

``make bench`` measures the real sizes; here every module-level benchmark function runs
in quick mode on inputs small enough to take a second or two, and the rows it returns
must have a name, a known unit, a target and a boolean ``met`` (``None`` only for rows
without a target). Neither the built book nor Chromium is needed.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import explorers, numerics, run, static_site  # noqa: E402
from bench.common import UNITS, Budget, Row, format_table, interleaved  # noqa: E402

QUICK = Budget.quick()


def assert_well_formed(rows, *, section=None):
    assert rows, "a benchmark returned no rows"
    names = set()
    for row in rows:
        d = row.to_dict()
        assert {"section", "name", "value", "unit", "target", "met"} <= set(d)
        assert isinstance(d["section"], str) and d["section"]
        if section is not None:
            assert d["section"] == section
        assert isinstance(d["name"], str) and d["name"]
        assert (d["section"], d["name"]) not in names, f"two rows named {d['name']!r}"
        names.add((d["section"], d["name"]))
        assert d["unit"] in UNITS
        assert d["value"] is None or isinstance(d["value"], float)
        if d["target"] is None:
            assert d["met"] is None
        else:
            assert isinstance(d["target"], float)
            assert isinstance(d["met"], bool)
    json.dumps([row.to_dict() for row in rows])  # results.json must be able to hold them
    assert format_table(rows)


def test_row_met_compares_value_with_target_and_is_none_without_one():
    assert Row("s", "fast", 0.5, "x", 1.5).met is True
    assert Row("s", "slow", 2.0, "x", 1.5).met is False
    assert Row("s", "failed", None, "ms", 16.0).met is False
    assert Row("s", "at least", 3.0, "count", 2.0, op=">=").met is True
    assert Row("s", "info", 1e6, "B").met is None
    with pytest.raises(ValueError, match="`unit` must be one of"):
        Row("s", "bad", 1.0, "parsecs")


def test_interleaved_times_every_contender_in_every_round():
    calls = []
    times = interleaved(
        {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")},
        Budget(seconds=0.0, min_rounds=3, max_rounds=3),
    )
    assert [len(t) for t in times.values()] == [3, 3]
    assert calls == ["a", "b", "b", "a", "a", "b"]  # alternating order


def test_local_layer_rows_compare_with_scipy_on_a_tiny_image():
    rows = numerics.bench_local_layer(sizes=(24,), deltas=(1, 3), budget=QUICK)
    assert_well_formed(rows, section=numerics.SECTION_LOCAL)
    assert len(rows) == 2
    assert all(r.value is not None and r.target == numerics.LOCAL_TARGET for r in rows)
    assert rows[0].stats["fastest"] in {
        "ndimage.correlate",
        "correlate2d",
        "fftconvolve",
        "oaconvolve",
    }


def test_dense_layer_rows_compare_with_the_bare_product():
    rows = numerics.bench_dense_layer(sizes=(4, 6), budget=QUICK)
    assert_well_formed(rows, section=numerics.SECTION_DENSE)
    assert [r.target for r in rows] == [numerics.DENSE_TARGET] * 2


def test_refusal_rows_report_time_and_a_small_memory_peak():
    rows = numerics.bench_refusal(budget=QUICK)
    assert_well_formed(rows, section=numerics.SECTION_REFUSAL)
    time_row, memory_row = rows
    assert time_row.unit == "ms" and memory_row.unit == "B"
    assert memory_row.value < numerics.REFUSAL_MEMORY_LIMIT  # no tensor was allocated


def _draw(fig, n, mode="up"):
    ax = fig.subplots()
    ax.plot(np.arange(n) * (1 if mode == "up" else -1))
    return {"points": n}


def test_explorers_are_found_by_running_a_chapter(tmp_path):
    chapter = tmp_path / "book" / "tiny.md"
    chapter.parent.mkdir()
    chapter.write_text(
        textwrap.dedent(
            """\
            ---
            jupytext:
              text_representation:
                extension: .md
                format_name: myst
                format_version: 0.13
            kernelspec:
              display_name: Python 3
              language: python
              name: python3
            ---
            # Tiny

            ```{code-cell} ipython3
            import numpy as np
            from mlp2conv.widgets import explore

            def draw(fig, n):
                fig.subplots().plot(np.arange(n))
                return {"points": n}
            ```

            ```{code-cell} ipython3
            explore(draw, n=range(2, 5), title="Lines")
            ```
            """
        )
    )
    found, rows = explorers.collect_explorers(["book/tiny", "book/missing"], root=tmp_path)
    assert [f.name for f in found] == ["tiny #1: Lines"]
    assert_well_formed(rows, section=explorers.SECTION_CHAPTERS)
    assert rows[0].value is not None and rows[1].value is None  # the missing chapter fails


def test_explorer_rows_time_live_redraws_and_size_the_static_html():
    from mlp2conv.widgets import explore

    found = explorers.Found("book/tiny", 1, explore(_draw, n=range(2, 5), mode=["up", "down"]))
    rows = explorers.bench_explorer(found, Budget(seconds=0.0, min_rounds=3, max_rounds=3))
    assert_well_formed(rows)
    live, static = rows
    assert live.section == explorers.SECTION_LIVE and live.stats["n"] == 3
    assert "gave no new frame" not in live.note
    assert static.section == explorers.SECTION_STATIC and static.stats["states"] == 6


def test_static_site_sizes_count_the_page_and_its_own_images(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "_images").mkdir()
    (tmp_path / "_static" / "mathjax").mkdir(parents=True)
    (tmp_path / "_images" / "a.png").write_bytes(b"x" * 1000)
    (tmp_path / "_static" / "mathjax" / "tex.js").write_bytes(b"y" * 5000)
    page = '<html><img src="../_images/a.png"><img src="data:image/png;base64,AA"></html>'
    (tmp_path / "book" / "ch.html").write_text(page)
    rows = static_site.site_sizes(tmp_path) + static_site.page_sizes(
        tmp_path, ["book/ch", "book/absent"]
    )
    assert_well_formed(rows, section=static_site.SECTION_SIZES)
    whole, without, ch, absent = rows
    assert whole.value - without.value == 5000
    assert ch.value == len(page) + 1000 and ch.met is True
    assert absent.value is None and absent.met is False


def test_run_writes_results_and_exits_zero_even_when_targets_are_missed(
    tmp_path, monkeypatch, capsys
):
    missed = [Row(numerics.SECTION_DENSE, "too slow", 9.0, "x", numerics.DENSE_TARGET)]
    monkeypatch.setattr(run, "run_numerics", lambda budget, quick: missed)
    out = tmp_path / "results.json"
    assert run.main(["--quick", "--only", "numerics", "--out", str(out)]) == 0
    results = json.loads(out.read_text())
    assert {"machine", "rows"} <= set(results)
    assert results["machine"]["nproc"] >= 1
    assert results["rows"][0]["met"] is False
    assert "too slow" in capsys.readouterr().out


def test_run_exits_non_zero_when_the_benchmark_itself_crashes(tmp_path, monkeypatch):
    def crash(budget, quick):
        raise RuntimeError("boom")

    monkeypatch.setattr(run, "run_numerics", crash)
    out = tmp_path / "results.json"
    assert run.main(["--quick", "--only", "numerics", "--out", str(out)]) == 1
    results = json.loads(out.read_text())
    assert results["crashed"] == ["numerics"]
