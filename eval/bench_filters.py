"""Filter cost benchmark: Chroma `where` filters against newsdesk's approach (unfiltered top-200, then
filtering in Python) on a collection of N chunks. The keyword side filters inside tantivy (see
eval/bench_keywords.py).

    python -m eval.bench_filters [--n 50000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

from index.settings import Settings
from index.store import VectorStore
from qa.retrieve import Filters


def _timed(fn, repeat: int = 30) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=50_000, help="chunks in the collection")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    first_day = date(2015, 1, 1).toordinal()
    sources = ["CNN", "USA Today", "The Week", "Reuters", "AP"]
    with tempfile.TemporaryDirectory() as tmp:
        store = VectorStore(Settings(home=Path(tmp)))
        vecs = rng.normal(size=(args.n, 384)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        days = rng.integers(first_day, first_day + 3650, size=args.n)
        t0 = time.perf_counter()
        for b in range(0, args.n, 5000):
            ids = [f"c{i}" for i in range(b, min(b + 5000, args.n))]
            metas = [{"day": int(days[i]), "source": sources[i % 5], "article_id": f"a{i // 4}"}
                     for i in range(b, b + len(ids))]
            store.upsert(ids, vecs[b : b + len(ids)], metas)
        insert_s = time.perf_counter() - t0
        q = vecs[123] + rng.normal(scale=0.5, size=384).astype(np.float32)
        f = Filters(as_of=date(2020, 6, 1), sources=["CNN", "Reuters"])
        plain = _timed(lambda: store.query(q, 10))
        where = _timed(lambda: store.query(q, 10, where=f.where()), repeat=10)

        def ours() -> list:
            hits = store.query(q, 200)
            return [h for h in hits if f.allows(int(h.metadata["day"]), str(h.metadata["source"]))][:10]

        python_side = _timed(ours)
        kept = len(ours())
    print(f"collection: {args.n} chunks, inserted at {args.n / insert_s:,.0f}/s")
    print(f"unfiltered top-10 query:                {plain:8.1f} ms")
    print(f"Chroma where (as_of + 2 outlets):       {where:8.1f} ms  ({where / plain:.0f}x unfiltered)")
    print(f"top-200 unfiltered, filtered in Python: {python_side:8.1f} ms  ({python_side / plain:.1f}x unfiltered, "
          f"{where / python_side:.0f}x faster than where; {kept} of 10 kept)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
