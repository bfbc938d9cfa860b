"""Keyword engines compared, the measurement behind the choice of tantivy: SQLite FTS5 (in the catalog's own
file, porter stemmer, bm25()) against tantivy (the shipped index), in the same run.

1. Dev-set quality: the archive under NEWSDESK_HOME (ingest the RealTimeQA articles first), its RealTimeQA
   dev questions, hit@1 / hit@10 / MRR@10 of the whole retrieval (dense + keywords, reranked) and of
   keywords alone, with each engine behind the same retriever.
2. Latency at N synthetic chunks (real chunk texts, one word dropped per copy): top-200 keyword candidates
   of real questions, plain and with a one-year date range and three outlets; build time and size on disk.

    python -m eval.bench_keywords [--chunks 1000000] [--queries 100] [--split late] [--skip-quality]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from eval import metrics
from eval.bench_query import FIRST_DAY, OUTLETS, QUESTIONS, _questions, _real_chunks
from index.filters import Filters
from index.keywords import KeywordHit, KeywordIndex, query_words


class Fts5Keywords:
    """The FTS5 alternative behind the keyword interface (`search(query, limit, filters)`)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.executescript(
            "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, text, content='', tokenize='porter unicode61');"
            "CREATE TABLE IF NOT EXISTS meta(rowid INTEGER PRIMARY KEY, day INTEGER, source TEXT, article TEXT);"
            "CREATE INDEX IF NOT EXISTS meta_day ON meta(day);")

    def add(self, rows: list[tuple[int, str, str, int, str, str]]) -> None:
        """(rowid, title, text, day, outlet, article id) rows."""
        self.db.executemany("INSERT INTO fts(rowid, title, text) VALUES (?,?,?)", [r[:3] for r in rows])
        self.db.executemany("INSERT INTO meta VALUES (?,?,?,?)", [(r[0], r[3], r[4].lower(), r[5]) for r in rows])
        self.db.commit()

    def search(self, query: str, limit: int, filters: Filters | None = None) -> list[KeywordHit]:
        words = list(dict.fromkeys(query_words(query)))
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        where, args = ["fts MATCH ?"], [match]
        f = filters or Filters()
        if f.first_day is not None or f.last_day is not None:
            span = "m.day BETWEEN ? AND ?"
            where.append(f"({span} OR m.day=-1)" if f.undated_ok else span)
            args += [f.first_day if f.first_day is not None else 0, f.last_day if f.last_day is not None else 10**7]
        if f.sources:
            where.append(f"m.source IN ({','.join('?' * len(f.outlets))})")
            args += sorted(f.outlets)
        if f.exclude:
            where.append(f"m.article NOT IN ({','.join('?' * len(f.exclude))})")
            args += sorted(f.exclude)
        rows = self.db.execute(
            "SELECT fts.rowid, -bm25(fts) AS s, m.day FROM fts JOIN meta m ON m.rowid=fts.rowid"
            f" WHERE {' AND '.join(where)} ORDER BY bm25(fts) LIMIT ?", [*args, limit]).fetchall()
        return [KeywordHit(int(r), float(s), int(d)) for r, s, d in rows]


def _pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 2)


# -- 1. quality on the dev set --------------------------------------------------------------------------
def quality(split_name: str) -> list[dict[str, Any]]:
    from eval.questions import load_questions, split
    from index.settings import Settings
    from qa import Newsdesk

    settings = Settings()
    desk = Newsdesk(settings)
    retriever = desk.retriever
    tantivy_index = retriever.keywords
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        fts = Fts5Keywords(Path(tmp) / "fts.sqlite")
        for rows in desk.catalog.keyword_docs(settings.index_key):
            fts.add([(r["rowid"], r["title"], r["text"],
                      date.fromisoformat(r["published"]).toordinal() if r["published"] else -1, r["source"],
                      r["article_id"]) for r in rows])
        fts_build = time.perf_counter() - t0
        questions = split(load_questions(QUESTIONS), split_name)
        prepared = [(q, desk.filters(q.question, as_of=q.as_of), {desk.catalog.story_of(g) or g
                                                                   for g in q.gold_article_ids})
                    for q in questions if q.gold_article_ids]
        out = []
        for name, engine in (("tantivy", tantivy_index), ("fts5", fts)):
            retriever._keywords = engine  # type: ignore[assignment]
            for mode in ("hybrid", "bm25"):
                h1, h10, mrr = [], [], []
                for q, f, gold in prepared:
                    ranked = list(dict.fromkeys(p.article_id for p in retriever.search(q.question, k=10, filters=f,
                                                                                       mode=mode)))
                    h1.append(metrics.hit_at(ranked, gold, 1))
                    h10.append(metrics.hit_at(ranked, gold, 10))
                    mrr.append(metrics.mrr_at(ranked, gold, 10))
                out.append({"engine": name, "retrieval": "default" if mode == "hybrid" else "keywords alone",
                            "n": len(prepared), "hit@1": round(metrics.mean(h1) or 0, 3),
                            "hit@10": round(metrics.mean(h10) or 0, 3), "mrr@10": round(metrics.mean(mrr) or 0, 3)})
        retriever._keywords = tantivy_index
        out.append({"fts5_build_s": round(fts_build, 1)})
        return out


# -- 2. latency at scale ----------------------------------------------------------------------------------
def latency(n: int, n_queries: int) -> list[dict[str, Any]]:
    real, _ = _real_chunks()
    rng = random.Random(0)
    questions = _questions(n_queries)
    filters = Filters(since=date(2018, 1, 1), until=date(2018, 12, 31), sources=OUTLETS[:3])
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        def docs() -> Any:
            batch = []
            for i in range(n):
                title, text = real[i % len(real)]
                words = text.split()
                if i >= len(real) and len(words) > 1:
                    words.pop(rng.randrange(len(words)))
                batch.append((i + 1, title, " ".join(words), FIRST_DAY + rng.randrange(3650),
                              OUTLETS[rng.randrange(len(OUTLETS))], f"s{i // 4}"))
                if len(batch) == 20_000:
                    yield batch
                    batch = []
            if batch:
                yield batch

        engines: dict[str, Any] = {}
        t0 = time.perf_counter()
        fts = Fts5Keywords(Path(tmp) / "fts.sqlite")
        for batch in docs():
            fts.add(batch)
        engines["fts5"] = (fts, time.perf_counter() - t0, (Path(tmp) / "fts.sqlite").stat().st_size)
        rng.seed(0)
        t0 = time.perf_counter()
        tv = KeywordIndex(Path(tmp) / "tantivy")
        with tv._writer() as writer:
            for batch in docs():
                for r in batch:
                    writer.add_document(tv._document({
                        "rowid": r[0], "title": r[1], "text": r[2], "published": date.fromordinal(r[3]).isoformat(),
                        "source": r[4], "article_id": r[5]}))
            writer.commit()
            writer.wait_merging_threads()
        tv.refresh()
        size = sum(p.stat().st_size for p in (Path(tmp) / "tantivy").iterdir() if p.is_file())
        engines["tantivy"] = (tv, time.perf_counter() - t0, size)
        for name, (engine, build_s, disk) in engines.items():
            row: dict[str, Any] = {"engine": name, "chunks": n, "build_s": round(build_s, 1),
                                   "disk_mb": round(disk / 1e6, 1)}
            for label, f in (("", None), ("filtered_", filters)):
                times = []
                for q in questions:
                    t = time.perf_counter()
                    engine.search(q, 200, f)
                    times.append((time.perf_counter() - t) * 1000)
                row[f"{label}p50_ms"] = _pct(times, 50)
                row[f"{label}p95_ms"] = _pct(times, 95)
            out.append(row)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=100_000, help="synthetic chunks for the latency part")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--split", choices=["early", "late", "all"], default="all")
    parser.add_argument("--skip-quality", action="store_true", help="only the latency part")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {}
    if not args.skip_quality:
        result["quality"] = quality(args.split)
    result["latency"] = latency(args.chunks, args.queries)
    if args.json:
        print(json.dumps(result))
        return 0
    for part, rows in result.items():
        print(f"\n{part}:")
        for row in rows:
            print("  " + "  ".join(f"{k}={v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
