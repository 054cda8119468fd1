"""The benchmark of the book and its package: ``make bench`` runs ``bench/run.py``.

Modules, one per section of the results table:

- :mod:`bench.common`: rows, interleaved timing, statistics and the table;
- :mod:`bench.numerics`: the layers against scipy and a bare matrix product, and the
  refusal of a dense tensor that would not fit in memory;
- :mod:`bench.explorers`: every explorer of the book, found by running the chapters,
  redrawn live and pre-rendered;
- :mod:`bench.static_site`: the built site, its sizes and the frame swap in Chromium;
- :mod:`bench.build`: a cold build of a fresh clone and a rebuild with nothing changed.

See ``bench/README.md`` for what each row means.
"""
