"""Probe reranking signals the defaults leave out, on the early and the late dev weeks.

Each probe takes the default ranking of a question's candidates (see eval/tune_rerank.py) and reorders its
articles with one more signal at a few weights; the table shows hit@1 / hit@10 / MRR@10 on both splits, so a
signal that only helps the tuning weeks shows as such. Probes:

- `lead cosine`: the question's cosine with the article's first chunk (its title and lead);
- `best dense`: the article's best chunk cosine among the dense candidates;
- `chunk count`: log of how many of the article's chunks are candidates;
- `sentence cosine`: the best sentence cosine in the best chunk of each of the first --top articles, the
  sentences embedded at question time (their embedding time is printed);
- `recency by question`: the recency weight set apart for questions that name their time ("this week",
  "on Monday", "recently") and for the others.

    python -m eval.probe_rerank ../shared/data/realtimeqa/dev.jsonl [--top 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from eval import metrics
from eval.questions import load_questions, split
from eval.tune_rerank import Prepared
from index.embed import get_embedder
from index.sentences import split_sentences
from index.settings import Settings
from qa import Newsdesk
from qa.retrieve import Candidate, Weights

# questions that say when: their news is of that time, the others may be background
NAMES_ITS_TIME = re.compile(
    r"\b(this (week|weekend|month|year)|last (week|weekend)|recent(ly)?|today|yesterday|tonight|this past|now|"
    r"currently|latest|new(ly)?|just|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


@dataclass
class Ranked:
    """One question's default ranking with the per-article signals the probes read."""

    question: str
    late: bool
    gold: set[str]
    articles: list[str]  # default order, best first
    score: dict[str, float]  # the default score of each article's best chunk
    lead: dict[str, float] = field(default_factory=dict)
    dense: dict[str, float] = field(default_factory=dict)
    count: dict[str, int] = field(default_factory=dict)
    sentence: dict[str, float] = field(default_factory=dict)


Order = Callable[[Ranked, str], float]


def prepare(prep: Prepared, late_ids: set[str], top: int) -> tuple[list[Ranked], list[float]]:
    """Each question's default ranking with the signals the probes read, and the seconds spent embedding the
    sentences of its first `top` articles."""
    r = prep.retriever
    r.weights = Weights()
    embedder = get_embedder(r.settings)
    out, seconds = [], []
    for n, (q, f, gold, qvec) in enumerate(prep.items):
        ranked = r._rerank(q.question, [Candidate(**vars(c)) for c in prep.candidates(n)], f)
        item = Ranked(q.question, q.id in late_ids, gold, [], {})
        best_chunk: dict[str, str] = {}
        for c in ranked:
            if c.article_id not in item.score:
                item.score[c.article_id] = c.final
                best_chunk[c.article_id] = c.chunk_id
                item.articles.append(c.article_id)
            item.dense[c.article_id] = max(item.dense.get(c.article_id, 0.0), c.dense)
            item.count[c.article_id] = item.count.get(c.article_id, 0) + 1
        item.articles = item.articles[:40]
        leads = {a: best_chunk[a].rsplit(":", 1)[0] + ":0" for a in item.articles}  # <article>:<key>:<seq>
        vectors = r.store.vectors(list(leads.values()))
        item.lead = {a: float(vectors[c] @ qvec) for a, c in leads.items() if c in vectors}
        rows = r.catalog.chunk_rows(r.settings.index_key, [best_chunk[a] for a in item.articles[:top]])
        sentences, owners = [], []
        for a in item.articles[:top]:
            row = rows.get(best_chunk[a])
            for s in split_sentences(f"{row['title'] or ''}\n{row['text']}") if row else []:
                if len(s) > 20:
                    sentences.append(s)
                    owners.append(a)
        t0 = time.perf_counter()
        vecs = embedder.embed(sentences) if sentences else []
        seconds.append(time.perf_counter() - t0)
        for a, v in zip(owners, vecs, strict=True):
            item.sentence[a] = max(item.sentence.get(a, -1.0), float(v @ qvec))
        out.append(item)
    return out, seconds


def score(items: list[Ranked], late: bool, order: Order, story: Callable[[str], str]) -> str:
    """hit@1 / hit@10 / MRR@10 over one split, the articles ordered by `order` (a story's copies count once)."""
    h1, h10, mrr = [], [], []
    for it in items:
        if it.late != late:
            continue
        ranked = list(dict.fromkeys(story(a) for a in sorted(it.articles, key=lambda a: -order(it, a))))
        h1.append(metrics.hit_at(ranked, it.gold, 1))
        h10.append(metrics.hit_at(ranked, it.gold, 10))
        mrr.append(metrics.mrr_at(ranked, it.gold, 10))
    return f"{np.mean(h1):.3f} / {np.mean(h10):.3f} / {np.mean(mrr):.3f}"


def _sentence_order(w: float, top: int) -> Order:
    def order(it: Ranked, a: str) -> float:
        if a in it.articles[:top]:
            return it.score[a] + w * it.sentence.get(a, 0.0)
        return it.score[a] - 100.0  # below the probed ones, in default order

    return order


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--top", type=int, default=5, help="articles whose sentences are embedded (default 5)")
    args = parser.parse_args()
    desk = Newsdesk(Settings())
    every = [q for q in load_questions(args.questions) if q.gold_article_ids]
    late_ids = {q.id for q in split(every, "late")}
    prep = Prepared(desk, every)
    items, seconds = prepare(prep, late_ids, args.top)

    def story(a: str) -> str:
        return desk.catalog.story_of(a) or a

    probes: list[tuple[str, str, Order]] = [("defaults", "", lambda it, a: it.score[a])]
    for w in (0.1, 0.2, 0.4, 0.8):
        probes.append(("lead cosine", f"{w}", lambda it, a, w=w: it.score[a] + w * it.lead.get(a, 0.0)))
    for w in (0.1, 0.2, 0.4, 0.8):
        probes.append(("best dense", f"{w}", lambda it, a, w=w: it.score[a] + w * it.dense.get(a, 0.0)))
    for w in (0.01, 0.02, 0.03, 0.05, 0.1):
        probes.append(("chunk count", f"{w}", lambda it, a, w=w: it.score[a] + w * math.log(it.count.get(a, 1))))
    for w in (0.1, 0.2, 0.3, 0.5, 1.0, 2.0):
        probes.append(("sentence cosine", f"{w}", _sentence_order(w, args.top)))
    print(f"{sum(not i.late for i in items)} early questions, {sum(i.late for i in items)} late; sentences of the"
          f" first {args.top} articles embedded in p50 {1000 * np.median(seconds):.0f} ms,"
          f" p95 {1000 * np.percentile(seconds, 95):.0f} ms a question\n")
    print("| probe | weight | early hit@1 / hit@10 / MRR@10 | late hit@1 / hit@10 / MRR@10 |")
    print("|---|---:|---:|---:|")
    for name, weight, order in probes:
        print(f"| {name} | {weight} | {score(items, False, order, story)} | {score(items, True, order, story)} |")
    # recency by question: rerank again with the weight chosen by whether the question names its time
    r = prep.retriever
    timed = [bool(NAMES_ITS_TIME.search(q.question)) for q, *_ in prep.items]
    base = Weights()
    for named, other in ((0.4, 0.2), (0.6, 0.2), (0.6, 0.4), (0.8, 0.4)):
        by_time = {True: dataclasses.replace(base, recency=named), False: dataclasses.replace(base, recency=other)}
        again = []
        for n, (q, f, _gold, _) in enumerate(prep.items):
            r.weights = by_time[timed[n]]
            ranked = r._rerank(q.question, [Candidate(**vars(c)) for c in prep.candidates(n)], f)
            it = dataclasses.replace(items[n], articles=list(dict.fromkeys(c.article_id for c in ranked)))
            again.append(it)
        keep: Order = lambda it, a: -it.articles.index(a)  # noqa: E731 - the rerank's own order
        print(f"| recency by question | {named} named / {other} other | {score(again, False, keep, story)} | "
              f"{score(again, True, keep, story)} |")
    share = {late: np.mean([t for t, (q, *_) in zip(timed, prep.items, strict=True) if (q.id in late_ids) == late])
             for late in (False, True)}
    print(f"\nquestions that name their time: {share[False]:.2f} early, {share[True]:.2f} late")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
