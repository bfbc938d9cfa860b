"""Query benchmark at archive scale: a synthetic archive of N chunks (real news chunk texts, each copy with
one word dropped; clustered random vectors; 20 outlets over ten years; four chunks an article) is built in a
temporary home, then a fresh query process measures, in the same run:

- `p50_ms`/`p95_ms`: newsdesk retrieval (query embedding, dense + keyword candidates, fusion, reranking,
  passages) of real news questions; `filtered_*`: the same with a one-year date range and three outlets;
- `chroma_p50_ms`: a plain Chroma nearest-neighbour query (the floor under the dense half);
- `rss_bytes_per_chunk`: resident memory the loaded archive adds to the query process, divided by N;
- `add_one_s`: ingesting one real article (embedding included) into this archive, `add_one_small_s` the same
  into an archive of N/10 chunks built in the same run, and their ratio.

    newsdesk bench query [--chunks N] [--queries Q] [--json]
    python -m eval.bench_query [--chunks N] [--queries Q] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

SHARED = Path(__file__).resolve().parents[1].parent / "shared/data/realtimeqa"
ARTICLES = SHARED / "articles-3k.jsonl.gz"
QUESTIONS = SHARED / "dev.jsonl"
OUTLETS = [f"Outlet {i:02d}" for i in range(20)]
FIRST_DAY = date(2014, 1, 1).toordinal()


def _real_chunks(limit: int = 3000) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """(title, chunk text) of real articles, and the raw records (for the add-one-article timing)."""
    from index.chunk import chunk_article
    from index.types import Article

    out: list[tuple[str, str]] = []
    records: list[dict[str, Any]] = []
    with gzip.open(ARTICLES, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n >= limit:
                break
            r = json.loads(line)
            records.append(r)
            a = Article(id=f"r{n}", title=r.get("title") or "", text=r.get("text") or "", url="", source="",
                        published=None, authors=[], origin="bench")
            out += [(a.title, c.text) for c in chunk_article(a)]
    return out, records


def _questions(n: int) -> list[str]:
    with QUESTIONS.open(encoding="utf-8") as f:
        qs = [json.loads(line) for line in f]
    return [q.get("question_sentence") or q.get("question") or "" for q in qs][:n]


def build(home: Path, n: int, real: list[tuple[str, str]], progress: bool = True) -> None:
    """A synthetic archive of n chunks under `home` (catalog, Chroma, keyword index)."""
    from index.catalog import Catalog
    from index.ingest import Indexer
    from index.settings import Settings
    from index.types import Article, Chunk

    settings = Settings(home=home)
    indexer = Indexer(settings)
    rng = random.Random(0)
    nrng = np.random.default_rng(0)
    centers = nrng.normal(size=(2000, 384)).astype(np.float32)
    bar = tqdm(total=n, desc=f"building {n:,} chunks", unit=" chunks", disable=not progress)
    batch = 20_000
    for b in range(0, n, batch):
        m = min(batch, n - b)
        vecs = centers[nrng.integers(0, len(centers), size=m)] + nrng.normal(scale=0.6, size=(m, 384))
        vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
        ids, metas = [], []
        with indexer.catalog.transaction() as db:
            for a0 in range(b, b + m, 4):
                day = FIRST_DAY + rng.randrange(3650)
                source = OUTLETS[rng.randrange(len(OUTLETS))]
                title, _ = real[a0 % len(real)]
                article = Article(id=f"s{a0 // 4}", title=title, text="", url=f"https://example.org/{a0 // 4}",
                                  source=source, published=date.fromordinal(day), authors=[], origin="bench")
                Catalog.put_article(db, article, article.id, article.url, None)
                chunks = []
                for i in range(a0, min(a0 + 4, b + m)):
                    words = real[i % len(real)][1].split()
                    if i >= len(real) and len(words) > 1:  # copies differ by a word
                        words.pop(rng.randrange(len(words)))
                    text = " ".join(words)
                    chunks.append(Chunk(f"{article.id}:{i}", article.id, i - a0, text, 0, len(text)))
                    ids.append(chunks[-1].id)
                    metas.append({"article_id": article.id, "day": day, "source": source, "title": title})
                Catalog.put_chunks(db, settings.index_key, article.record_hash, article.id, chunks)
            indexer.catalog.bump_generation(db, settings.index_key)
        indexer.store.upsert(ids, vecs, metas)
        bar.update(m)
    bar.close()
    indexer.catch_up_keywords()


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure(home: Path, n_queries: int) -> dict[str, Any]:
    """Run in a fresh process: memory and latency of querying the archive under `home`."""
    import chromadb  # noqa: F401  (libraries loaded before the baseline memory reading)
    import tantivy  # noqa: F401

    from index.embed import get_embedder
    from index.filters import Filters
    from index.nlp import entities
    from index.settings import Settings
    from qa.question import analysed
    from qa.retrieve import Retriever

    settings = Settings(home=home)
    embedder = get_embedder(settings)
    embedder.embed(["warm up"])
    entities(["Warm up in Paris."])  # the tagger, like the embedder, is a model, not the archive
    questions = _questions(n_queries)
    rss0 = _rss()
    retriever = Retriever(settings)
    retriever.search(questions[0], k=10)  # loads the vectors and the keyword index
    chunks = retriever.store.count()
    filters = Filters(since=date(2018, 1, 1), until=date(2018, 12, 31), sources=OUTLETS[:3])

    def timed(fn: Any) -> list[float]:
        out = []
        analysed.cache_clear()  # each pass analyses its questions afresh, as a new question is
        for q in questions:
            t0 = time.perf_counter()
            fn(q)
            out.append((time.perf_counter() - t0) * 1000)
        return out

    plain = timed(lambda q: retriever.search(q, k=10))
    filtered = timed(lambda q: retriever.search(q, k=10, filters=filters))
    vectors = {q: embedder.embed([q])[0] for q in questions}
    chroma = timed(lambda q: retriever.store.query(vectors[q], 10))
    rss = _rss() - rss0
    return {
        "chunks": chunks, "queries": len(questions),
        "p50_ms": round(float(np.percentile(plain, 50)), 1), "p95_ms": round(float(np.percentile(plain, 95)), 1),
        "filtered_p50_ms": round(float(np.percentile(filtered, 50)), 1),
        "filtered_p95_ms": round(float(np.percentile(filtered, 95)), 1),
        "chroma_p50_ms": round(float(np.percentile(chroma, 50)), 1),
        "rss_bytes": rss, "rss_bytes_per_chunk": round(rss / max(chunks, 1), 1),
    }


def add_one(home: Path, record: dict[str, Any]) -> float:
    """Seconds to ingest one real article into the archive under `home` (embedding included)."""
    from index.embed import get_embedder
    from index.ingest import Indexer
    from index.settings import Settings

    settings = Settings(home=home)
    indexer = Indexer(settings)
    get_embedder(settings).embed(["warm up"])
    path = home / "one.jsonl"
    path.write_text(json.dumps(record) + "\n")
    t0 = time.perf_counter()
    report = indexer.ingest([path], progress=False)
    seconds = time.perf_counter() - t0
    assert report.chunks > 0, report.as_dict()
    return seconds


def run(n: int, n_queries: int, progress: bool = True) -> dict[str, Any]:
    real, records = _real_chunks()
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "big", Path(tmp) / "small"
        build(big, n, real, progress)
        build(small, max(n // 10, 100), real, progress)
        out = subprocess.run([sys.executable, "-m", "eval.bench_query", "--measure", str(big),
                              "--queries", str(n_queries)], capture_output=True, text=True, check=False,
                             cwd=Path(__file__).resolve().parents[1])
        if out.returncode != 0:
            raise RuntimeError(f"the query process failed:\n{out.stderr[-3000:]}")
        result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
        # the median of three single-article ingests at each size (each a different article)
        big_s = sorted(add_one(big, records[i]) for i in (0, 1, 2))[1]
        small_s = sorted(add_one(small, records[i]) for i in (0, 1, 2))[1]
    result.update({"add_one_s": round(big_s, 3), "add_one_small_s": round(small_s, 3),
                   "add_one_small_chunks": max(n // 10, 100), "add_one_ratio": round(big_s / small_s, 3)})
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--chunks", type=int, default=100_000, help="chunks in the synthetic archive")
    parser.add_argument("--queries", type=int, default=100, help="questions timed (real dev questions)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the fresh query process


def report(args: argparse.Namespace) -> int:
    if args.measure:
        print(json.dumps(measure(args.measure, args.queries)))
        return 0
    if not ARTICLES.exists() or not QUESTIONS.exists():
        print(f"skip: {SHARED} is not there (the shared data folder sits beside the project)")
        return 0
    r = run(args.chunks, args.queries, progress=not args.json)
    if args.json:
        print(json.dumps(r))
        return 0
    print(f"{r['chunks']:,} chunks, {r['queries']} questions")
    print(f"retrieval:                        p50 {r['p50_ms']:7.1f} ms   p95 {r['p95_ms']:7.1f} ms")
    print(f"retrieval, 1 year and 3 outlets:  p50 {r['filtered_p50_ms']:7.1f} ms   p95 {r['filtered_p95_ms']:7.1f} ms")
    print(f"plain Chroma query (same run):    p50 {r['chroma_p50_ms']:7.1f} ms")
    print(f"memory: {r['rss_bytes'] / 2**20:.0f} MiB resident for the archive, {r['rss_bytes_per_chunk']:.0f} bytes/chunk")
    print(f"adding one article: {r['add_one_s']:.3f} s at {r['chunks']:,} chunks, {r['add_one_small_s']:.3f} s at "
          f"{r['add_one_small_chunks']:,} chunks ({r['add_one_ratio']:.2f}x)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return report(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
