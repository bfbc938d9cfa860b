"""Tune the reranking weights on half of a question set and check them on the other half.

Candidates (dense + BM25, filtered, RRF) are computed once per question; only the cheap reranking is
repeated for each weight setting.  python -m eval.tune_rerank QUESTIONS.jsonl
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from eval import metrics
from eval.questions import load_questions
from index.settings import Settings
from qa import Newsdesk
from qa.retrieve import POOL, Candidate, Weights


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions", type=Path)
    args = parser.parse_args()
    desk = Newsdesk(Settings())
    retriever = desk.retriever
    questions = [q for q in load_questions(args.questions) if q.gold_article_ids]
    prepared = []
    for q in questions:
        for use_dates in (True,):
            f = desk.filters(q.question, as_of=q.as_of, dates_from_question=use_dates)
            cands: dict[str, Candidate] = {}
            for rank, c in enumerate(retriever._dense(retriever.embed_query(q.question), f, POOL)):
                cands[c.chunk_id] = c
                c.dense_rank = rank
            for rank, c in enumerate(retriever._bm25(q.question, f, POOL)):
                have = cands.setdefault(c.chunk_id, c)
                have.bm25 = c.bm25
                have.bm25_rank = rank
            gold = {desk.catalog.story_of(g) or g for g in q.gold_article_ids}
            prepared.append((q, use_dates, f, list(cands.values()), gold))
    grid = itertools.product([1.0, 0.6, 0.3], [0.0, 0.3, 0.6], [0.0, 0.3], [0.2, 0.3, 0.4], [14.0, 30.0], [0.1],
                             [True])
    results = []
    for rrf_dense, bm25, dense, recency, days, title, use_dates in grid:
        params = (rrf_dense, bm25, dense, recency, days, title, use_dates)
        retriever.weights = Weights(rrf_dense=rrf_dense, bm25=bm25, dense=dense, recency=recency,
                                    recency_days=days, title=title)
        halves: list[list[float]] = [[], []]
        hits: list[list[float]] = [[], []]
        for i, (q, _dates, f, cands, gold) in enumerate(p for p in prepared if p[1] == use_dates):
            ranked: list[str] = []
            for c in retriever._rerank(q.question, [Candidate(**vars(c)) for c in cands], f):
                if c.article_id not in ranked:
                    ranked.append(c.article_id)
            halves[i % 2].append(metrics.mrr_at(ranked, gold, 10))
            hits[i % 2].append(metrics.hit_at(ranked, gold, 10))
        results.append((params, metrics.mean(halves[0]), metrics.mean(hits[0]),
                        metrics.mean(halves[1]), metrics.mean(hits[1])))
    results.sort(key=lambda r: -(r[1] or 0))
    print("rrf_dense, bm25, dense, recency, days, title, question dates | tune MRR@10 hit@10 | check MRR@10 hit@10")
    for params, m0, h0, m1, h1 in results[:10]:
        print(f"{params} | {m0:.3f} {h0:.3f} | {m1:.3f} {h1:.3f}")
    current = Weights()
    for params, m0, h0, m1, h1 in results:
        if params[:6] == (current.rrf_dense, current.bm25, current.dense, current.recency, current.recency_days,
                          current.title):
            print(f"current defaults {params} | {m0:.3f} {h0:.3f} | {m1:.3f} {h1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
