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
from qa.retrieve import POOL, RRF_K, Candidate, Weights


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions", type=Path)
    args = parser.parse_args()
    desk = Newsdesk(Settings())
    retriever = desk.retriever
    questions = [q for q in load_questions(args.questions) if q.gold_article_ids]
    prepared = []
    for q in questions:
        for use_dates in (True, False):
            f = desk.filters(q.question, as_of=q.as_of, dates_from_question=use_dates)
            cands: dict[str, Candidate] = {}
            for rank, c in enumerate(retriever._dense(retriever.embed_query(q.question), f, POOL)):
                cands[c.chunk_id] = c
                c.rrf += 1.0 / (RRF_K + rank + 1)
            for rank, c in enumerate(retriever._bm25(q.question, f, POOL)):
                have = cands.setdefault(c.chunk_id, c)
                have.bm25 = c.bm25
                have.rrf += 1.0 / (RRF_K + rank + 1)
            gold = {desk.catalog.story_of(g) or g for g in q.gold_article_ids}
            prepared.append((q, use_dates, f, list(cands.values()), gold))
    grid = itertools.product([0.0, 0.2, 0.3, 0.4], [3.0, 14.0, 30.0, 60.0], [0.0, 0.1, 0.2], [True, False])
    results = []
    for recency, days, title, use_dates in grid:
        retriever.weights = Weights(recency=recency, recency_days=days, title=title)
        halves: list[list[float]] = [[], []]
        hits: list[list[float]] = [[], []]
        for i, (q, _dates, f, cands, gold) in enumerate(p for p in prepared if p[1] == use_dates):
            ranked: list[str] = []
            for c in retriever._rerank(q.question, [Candidate(**vars(c)) for c in cands], f):
                if c.article_id not in ranked:
                    ranked.append(c.article_id)
            halves[i % 2].append(metrics.mrr_at(ranked, gold, 10))
            hits[i % 2].append(metrics.hit_at(ranked, gold, 10))
        results.append(((recency, days, title, use_dates), metrics.mean(halves[0]), metrics.mean(hits[0]),
                        metrics.mean(halves[1]), metrics.mean(hits[1])))
    results.sort(key=lambda r: -(r[1] or 0))
    print("recency, days, title, dates | tune MRR@10 hit@10 | check MRR@10 hit@10")
    for use_dates in (False, True):
        print(f"-- dates written in questions as filters: {use_dates}")
        for params, m0, h0, m1, h1 in [r for r in results if r[0][3] == use_dates][:6]:
            print(f"{params} | {m0:.3f} {h0:.3f} | {m1:.3f} {h1:.3f}")
        base = next(r for r in results if r[0] == (0.0, 3.0, 0.0, use_dates))
        print(f"no reranking features {base[0]} | {base[1]:.3f} {base[2]:.3f} | {base[3]:.3f} {base[4]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
