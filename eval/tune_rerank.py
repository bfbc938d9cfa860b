"""Tune the reranking weights on the early dev weeks and judge them on the late ones.

Validation by time: the weights are chosen on the first two thirds of the dev weeks (by quiz date) and
reported on the last third, which stands in for questions from the future. Candidates (dense + BM25,
filtered) are computed once per question and expansion setting; only the cheap reranking is repeated.
The search is coordinate-wise from the current defaults: one weight at a time, each over a few values.

    python -m eval.tune_rerank ../shared/data/realtimeqa/dev.jsonl [--rounds 2] [--try NAME=VALUE]...
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any

from eval import metrics
from eval.questions import load_questions, split
from index.settings import Settings
from qa import Newsdesk
from qa.retrieve import POOL, Candidate, Weights

GRID: dict[str, list[float]] = {
    "rrf_dense": [0.0, 0.3, 0.6, 1.0],
    "bm25": [0.0, 0.3, 0.6],
    "dense": [0.0, 0.3],
    "recency": [0.0, 0.2, 0.4, 0.6],
    "recency_days": [7.0, 14.0, 30.0],
    "undated_days": [-1.0, 3.0, 7.0, 14.0, 30.0],
    "title": [0.0, 0.1, 0.2, 0.3],
    "article": [0.0, 0.2, 0.4],
    "lead": [0.0, 0.05, 0.1, 0.2],
    "key_terms": [0.0, 0.2, 0.4, 0.6],
}


class Prepared:
    """Per question: filters, gold stories and candidates."""

    def __init__(self, desk: Newsdesk, questions: list[Any]) -> None:
        self.desk = desk
        self.retriever = desk.retriever
        self.items = []
        for q in questions:
            f = desk.filters(q.question, as_of=q.as_of)
            gold = {desk.catalog.story_of(g) or g for g in q.gold_article_ids}
            self.items.append((q, f, gold, self.retriever.embed_query(q.question)))
        self._cache: dict[int, list[Candidate]] = {}

    def candidates(self, n: int) -> list[Candidate]:
        key = n
        if key not in self._cache:
            q, f, _, qvec = self.items[n]
            r = self.retriever
            cands: dict[str, Candidate] = {}
            keyword = r._bm25(q.question, f, POOL)
            for rank, c in enumerate(r._dense(qvec, f, POOL, keyword)):
                cands[c.chunk_id] = c
                c.dense_rank = rank
            for rank, c in enumerate(keyword):
                have = cands.setdefault(c.chunk_id, c)
                have.bm25 = c.bm25
                have.bm25_rank = rank
            self._cache[key] = list(cands.values())
        return self._cache[key]

    def score(self, weights: Weights, which: set[int]) -> dict[str, float]:
        r = self.retriever
        r.weights = weights
        mrr, h1, h10 = [], [], []
        for n, (q, f, gold, _) in enumerate(self.items):
            if n not in which:
                continue
            ranked: list[str] = []
            for c in r._rerank(q.question, [Candidate(**vars(c)) for c in self.candidates(n)], f):
                if c.article_id not in ranked:
                    ranked.append(c.article_id)
            mrr.append(metrics.mrr_at(ranked, gold, 10))
            h1.append(metrics.hit_at(ranked, gold, 1))
            h10.append(metrics.hit_at(ranked, gold, 10))
        return {"mrr@10": metrics.mean(mrr) or 0.0, "hit@1": metrics.mean(h1) or 0.0,
                "hit@10": metrics.mean(h10) or 0.0}


def _row(name: str, w: Weights, early: dict[str, float], late: dict[str, float]) -> str:
    return (f"| {name} | {early['hit@1']:.3f} | {early['hit@10']:.3f} | {early['mrr@10']:.3f} | "
            f"{late['hit@1']:.3f} | {late['hit@10']:.3f} | {late['mrr@10']:.3f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--rounds", type=int, default=2, help="passes over the weights (default 2)")
    parser.add_argument("--try", dest="trials", action="append", default=[], metavar="NAME=VALUE",
                        help="also score the defaults with this one weight changed (repeatable)")
    args = parser.parse_args()
    desk = Newsdesk(Settings())
    every = [q for q in load_questions(args.questions) if q.gold_article_ids]
    late_ids = {q.id for q in split(every, "late")}
    prep = Prepared(desk, every)
    early = {n for n, (q, *_rest) in enumerate(prep.items) if q.id not in late_ids}
    late = {n for n, (q, *_rest) in enumerate(prep.items) if q.id in late_ids}
    print(f"{len(early)} early questions (tuning), {len(late)} late questions (judging)")
    start = Weights()
    best, best_score = start, prep.score(start, early)
    for _ in range(args.rounds):
        for name, values in GRID.items():
            for v in values:
                trial = dataclasses.replace(best, **{name: v})
                score = prep.score(trial, early)
                if score["mrr@10"] > best_score["mrr@10"] + 1e-4:
                    best, best_score = trial, score
    print("| weights | early hit@1 | early hit@10 | early MRR@10 | late hit@1 | late hit@10 | late MRR@10 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(_row("current defaults", start, prep.score(start, early), prep.score(start, late)))
    for trial_arg in args.trials:
        name, _, value = trial_arg.partition("=")
        trial = dataclasses.replace(start, **{name: float(value)})
        print(_row(f"defaults, {name}={value}", trial, prep.score(trial, early), prep.score(trial, late)))
    print(_row("tuned on early", best, best_score, prep.score(best, late)))
    for name in GRID:  # what each feature carries: the tuned weights with that one switched off
        off = dataclasses.replace(best, **{name: 0.0}) if name != "recency_days" else None
        if off is not None and getattr(best, name) != 0.0:
            print(_row(f"tuned, without {name}", off, prep.score(off, early), prep.score(off, late)))
    print("\ntuned weights:", {f.name: getattr(best, f.name) for f in dataclasses.fields(best)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
