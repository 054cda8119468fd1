"""Build time: ``make book`` on a fresh clone (cold), then again with nothing changed.

The clone (``git clone``) holds only committed work, which is the point: it is what a
new contributor or CI gets, with empty caches (no ``_build``, no executed-notebook
cache). The project's existing virtual environment is reused through a symlink
``.venv -> <repository>/.venv`` so that nothing is installed, and ``make`` is told
``ENV_STAMP=`` (no environment prerequisite) so that it can never reinstall into the
shared environment. ``PYTHONPATH`` points at the clone's ``src`` so the chapters run
the clone's package, not the working tree's (the environment's editable install
points at the working tree).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, Row

COLD_TARGET_S = 120.0
REBUILD_TARGET_S = 15.0
SECTION = "build (make book on a fresh clone of the committed work)"


def _make_book(clone: Path, env: dict, log: Path, timeout: float) -> tuple[float, int]:
    t0 = time.perf_counter()
    with log.open("ab") as out:
        try:
            proc = subprocess.run(
                ["make", "book", "ENV_STAMP="],
                cwd=clone,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
            code = proc.returncode
        except subprocess.TimeoutExpired:
            code = -1
    return time.perf_counter() - t0, code


def _tail(log: Path, lines: int = 3) -> str:
    try:
        text = log.read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(line.strip() for line in text[-lines:])[:150]


def bench_build(
    source: Path = ROOT, *, venv: Path | None = None, timeout: float = 600, keep: bool = False
) -> list[Row]:
    """Two rows: the cold build of a fresh clone and the rebuild with nothing changed."""
    venv = Path(venv or source / ".venv").resolve()
    tmp = Path(tempfile.mkdtemp(prefix="m2c-bench-build-"))
    clone = tmp / "clone"
    log = tmp / "build.log"
    try:
        subprocess.run(
            ["git", "clone", "--quiet", str(source), str(clone)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=clone,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        (clone / ".venv").symlink_to(venv, target_is_directory=True)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(clone / "src"), env.get("PYTHONPATH", "")) if p
        )
        env.pop("MAKEFLAGS", None)
        env.pop("MFLAGS", None)
        rows = []
        for name, target in (
            (f"cold build (commit {commit}, empty caches)", COLD_TARGET_S),
            ("rebuild, nothing changed", REBUILD_TARGET_S),
        ):
            seconds, code = _make_book(clone, env, log, timeout)
            pages = sorted((clone / "_build" / "html").rglob("*.html"))
            if code != 0:
                reason = "timed out" if code == -1 else f"make exited {code}"
                rows.append(Row(SECTION, name, None, "s", target, note=f"{reason}: {_tail(log)}"))
                break
            rows.append(
                Row(
                    SECTION,
                    name,
                    seconds,
                    "s",
                    target,
                    note=f"{len(pages)} HTML files" + (f"; log {log}" if keep else ""),
                    stats={"seconds": seconds, "commit": commit, "html_files": len(pages)},
                )
            )
        return rows
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
