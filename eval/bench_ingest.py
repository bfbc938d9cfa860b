"""Ingestion benchmark: end-to-end throughput against the project's own embedder alone on the same chunks,
against onnxruntime on the same chunks, and against a naive embedder (onnxruntime, 900-character slices of the
article text padded to 256 tokens, batches of 32) on the same articles; all in one run. Also the cost of
re-ingesting unchanged input as a fraction of the first run.

    newsdesk bench ingest [--articles FILE] [--limit N] [--repeat R] [--json]
    python -m eval.bench_ingest [--articles FILE] [--limit N] [--repeat R] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from pathlib import Path
from typing import Any

DEFAULT_INPUT = Path(__file__).resolve().parents[1].parent / "shared/data/realtimeqa/articles-3k.jsonl.gz"
NAIVE_SLICE = 900


def naive_embed(model: Any, texts: list[str], batch: int = 32) -> float:
    """Seconds a naive embedder takes: fixed 256-token padding, no length sorting, batches of 32."""
    import numpy as np
    from tokenizers import Tokenizer

    from index.embed import MAX_TOKENS, _tokenizer_file

    tok = Tokenizer.from_file(str(_tokenizer_file()))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding(length=MAX_TOKENS)
    t0 = time.perf_counter()
    for b in range(0, len(texts), batch):
        enc = tok.encode_batch(texts[b : b + batch])
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        model._run({"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})
    return time.perf_counter() - t0


def _subset(articles: Path, limit: int, dst_path: Path) -> None:
    opener = gzip.open if articles.suffix == ".gz" else open
    with opener(articles, "rt", encoding="utf-8") as src, dst_path.open("w", encoding="utf-8") as dst:
        for n, line in enumerate(src):
            if limit and n >= limit:
                break
            dst.write(line)


def run(articles: Path, limit: int, repeat: int = 3) -> dict[str, Any]:
    """Ingest into a fresh home and embed the same chunks alone, alternately, `repeat` times: this machine's
    speed drifts by 10-15% between minutes, so each ratio compares two neighbouring measurements, the run with
    the median ratio is reported, and every run is kept."""
    from index.chunk import chunk_article
    from index.embed import OnnxMiniLM, get_embedder
    from index.ingest import Indexer
    from index.settings import Settings

    runs: list[dict[str, float]] = []
    texts: list[str] = []
    bodies: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "subset.jsonl"
        _subset(articles, limit, subset)
        for n in range(max(1, repeat)):
            settings = Settings(home=Path(tmp) / f"home{n}")
            indexer = Indexer(settings)
            embedder = get_embedder(settings)
            embedder.embed(["warm up"])
            first = indexer.ingest([subset], progress=False)
            if not texts:  # the same chunks every run
                for article_id in [r["id"] for r in indexer.catalog._all("SELECT id FROM articles WHERE id=story_id")]:
                    stored = indexer.catalog.get(article_id)
                    assert stored is not None
                    bodies.append(stored.article.text)
                    for c in chunk_article(stored.article, settings.chunk_chars, settings.chunk_overlap):
                        texts.append(f"{stored.article.title}\n{c.text}")
            t0 = time.perf_counter()
            embedder.embed(texts)
            runs.append({"seconds": first.seconds, "embedder_seconds": time.perf_counter() - t0})
        t0 = time.perf_counter()
        second = indexer.ingest([subset], progress=False)
        reingest_s = time.perf_counter() - t0
    chars = sum(len(b) for b in bodies)
    for r in runs:
        r["vs_embedder"] = r["embedder_seconds"] / r["seconds"] * first.chunks / len(texts)
    median = sorted(runs, key=lambda r: r["vs_embedder"])[(len(runs) - 1) // 2]
    ingest_s, own_s = median["seconds"], median["embedder_seconds"]
    ort = OnnxMiniLM(runtime="onnxruntime")
    ort.embed(["warm up"])
    t0 = time.perf_counter()
    ort.embed(texts)
    ort_s = time.perf_counter() - t0
    slices = [b[i : i + NAIVE_SLICE] for b in bodies for i in range(0, len(b), NAIVE_SLICE)]
    naive_s = naive_embed(ort, slices)
    return {
        "articles": first.added + first.duplicate, "chunks": first.chunks, "seconds": round(ingest_s, 2),
        "chunks_per_s": round(first.chunks / ingest_s, 2), "chars_per_s": round(chars / ingest_s, 1),
        "runtime": getattr(embedder, "runtime", type(embedder).__name__),
        "embedder_chunks_per_s": round(len(texts) / own_s, 2),
        "onnxruntime_chunks_per_s": round(len(texts) / ort_s, 2),
        "naive_chars_per_s": round(chars / naive_s, 1), "naive_slices": len(slices),
        "vs_embedder": round(median["vs_embedder"], 3),
        "vs_naive": round((chars / ingest_s) / (chars / naive_s), 3),
        "repeat": len(runs),
        "runs": [{k: round(v, 3) for k, v in r.items()} for r in runs],
        "reingest_seconds": round(reingest_s, 3), "reingest_embedded": second.chunks,
        "reingest_share": round(reingest_s / ingest_s, 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return report(parser.parse_args(argv))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--articles", "--input", dest="articles", type=Path, default=DEFAULT_INPUT,
                        help="JSONL(.gz) of articles (default: ../shared/data/realtimeqa/articles-3k.jsonl.gz)")
    parser.add_argument("--limit", type=int, default=200, help="articles taken from the input (0: all)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="ingest runs in fresh homes, alternating with the embedder alone (the median is reported)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def report(args: argparse.Namespace) -> int:
    if not args.articles.exists():
        print(f"skip: {args.articles} is not there (the shared data folder sits beside the project)")
        return 0
    r = run(args.articles, args.limit, args.repeat)
    if args.json:
        print(json.dumps(r))
        return 0
    print(f"{r['articles']} articles, {r['chunks']} chunks; runtime {r['runtime']}")
    print(f"first ingest, end to end: {r['seconds']:8.1f} s  {r['chunks_per_s']:6.1f} chunks/s  "
          f"{r['chars_per_s']:9.0f} article chars/s")
    print(f"the embedder alone ({r['runtime']}): {r['embedder_chunks_per_s']:6.1f} chunks/s; end to end is "
          f"{r['vs_embedder']:.2f}x of it (the median of {r['repeat']} alternating runs; run by run: "
          + ", ".join(f"{x['seconds']:.1f} s / {x['embedder_seconds']:.1f} s = {x['vs_embedder']:.2f}x" for x in r["runs"])
          + ")")
    print(f"onnxruntime alone on the same chunks: {r['onnxruntime_chunks_per_s']:6.1f} chunks/s")
    print(f"naive embedder (onnxruntime, {NAIVE_SLICE}-char slices padded to 256 tokens, batches of 32): "
          f"{r['naive_chars_per_s']:9.0f} article chars/s; end to end is {r['vs_naive']:.2f}x of it")
    print(f"re-ingest: {r['reingest_seconds']:.2f} s, {r['reingest_embedded']} chunks embedded, "
          f"{r['reingest_share']:.1%} of the first run")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
