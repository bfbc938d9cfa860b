"""Ingestion benchmark: end-to-end chunks/s against the raw embedder's chunks/s in the same run, and the cost
of re-ingesting unchanged input as a fraction of the first run.

    python -m eval.bench_ingest [--input FILE] [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from pathlib import Path

from index.chunk import chunk_article
from index.embed import get_embedder
from index.ingest import Indexer
from index.settings import Settings

DEFAULT_INPUT = Path(__file__).resolve().parents[1].parent / "shared/data/realtimeqa/articles-3k.jsonl.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    parser.add_argument("--limit", type=int, default=200, help="articles taken from the input (0: all)")
    args = parser.parse_args()
    if not args.input.exists():
        print(f"skip: {args.input} is not there (the shared data folder sits beside the project)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "subset.jsonl"
        opener = gzip.open if args.input.suffix == ".gz" else open
        with opener(args.input, "rt", encoding="utf-8") as src, subset.open("w", encoding="utf-8") as dst:
            for n, line in enumerate(src):
                if args.limit and n >= args.limit:
                    break
                dst.write(line)
        settings = Settings(home=Path(tmp) / "home")
        indexer = Indexer(settings)
        get_embedder(settings).embed(["warm up"])
        first = indexer.ingest([subset], progress=False)
        t0 = time.perf_counter()
        second = indexer.ingest([subset], progress=False)
        reingest_s = time.perf_counter() - t0
        # the raw embedder alone, on exactly the texts the ingest embedded
        texts = []
        for article_id in [r["id"] for r in indexer.catalog._all("SELECT id FROM articles WHERE id=story_id")]:
            stored = indexer.catalog.get(article_id)
            assert stored is not None
            for c in chunk_article(stored.article, settings.chunk_chars, settings.chunk_overlap):
                texts.append(f"{stored.article.title}\n{c.text}")
        t0 = time.perf_counter()
        get_embedder(settings).embed(texts)
        raw_s = time.perf_counter() - t0
    e2e = first.chunks / first.seconds
    raw = len(texts) / raw_s
    print(json.dumps({"articles": first.added + first.duplicate, "added": first.added,
                      "duplicates": first.duplicate, "chunks": first.chunks}))
    print(f"first ingest:   {first.seconds:8.1f} s  {e2e:6.1f} chunks/s end to end")
    print(f"raw embedder:   {raw_s:8.1f} s  {raw:6.1f} chunks/s (same texts, same process)")
    print(f"end-to-end / raw embedder throughput: {e2e / raw:.2f}")
    print(f"re-ingest:      {reingest_s:8.2f} s  added {second.added}, skipped {second.skipped}, "
          f"embedded {second.chunks} chunks; {reingest_s / first.seconds:.1%} of the first run")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
