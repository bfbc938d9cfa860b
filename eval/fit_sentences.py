"""Fit the sentence model on the early dev weeks, judge it on the late ones.

For every question the eval's retrieval runs (same filters and as_of), the retrieved sentences are checked
as the offline answer checks them (qa.evidence.candidates), and each qualifying sentence becomes a row:
its features and whether it contains one of the question's accepted answers. A logistic regression over the
early weeks' rows gives SENTENCE_WEIGHTS for qa/evidence.py; the report compares, on both splits, the share
of questions whose answer (the chosen sentences and the short answer) contains an accepted answer with
the sentences ordered by the fitted model and by the shipped weights, for a few LIKELY_RATIO values.

    python -m eval.fit_sentences ../shared/data/realtimeqa/dev.jsonl
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from eval import metrics
from eval.calibrate import fit
from eval.questions import Question, load_questions, split
from eval.run import POOL_PASSAGES
from qa.answer import Newsdesk
from qa.evidence import (
    LIKELY_RATIO,
    MAX_SENTENCES,
    SENTENCE_WEIGHTS,
    Candidate,
    candidates,
    choose,
    sentence_likelihood,
    vote,
)
from qa.extract import score_sentences
from qa.question import analyse


def _collect(desk: Newsdesk, questions: list[Question]) -> list[tuple[Question, bool, list[Candidate]]]:
    out = []
    retriever = desk.retriever
    for q in tqdm(questions, desc="questions", unit="q", disable=None):
        qvec = retriever.embed_query(q.question)
        f = desk.filters(q.question, as_of=q.as_of, exclude=q.exclude_article_ids)
        passages = retriever.search(q.question, POOL_PASSAGES, f, query_vec=qvec)
        passages = passages[: desk.settings.top_k]
        info = analyse(q.question)
        scored = score_sentences(q.question, qvec, passages, desk._embed_sentences)
        good = [c for c in candidates(info, scored, passages) if c.qualifies]
        out.append((q, info.factoid, good))
    return out


def _rows(data: list[tuple[Question, bool, list[Candidate]]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    names: list[str] = []
    xs, ys = [], []
    for q, factoid, good in data:
        for c in good:
            feats = c.sentence_features(factoid)
            names = names or list(feats)
            xs.append([feats[n] for n in names])
            ys.append(float(metrics.contains_any(c.scored.text, q.answers)))
    return names, np.array(xs), np.array(ys)


def _answered(data: list[tuple[Question, bool, list[Candidate]]], weights: dict[str, float],
              ratio: float) -> tuple[float, float, float]:
    """(share of questions whose chosen sentences or short answer contain an accepted answer, share whose
    first sentence does, share of factoid questions whose short answer does)."""
    hits, firsts, shorts, factoids = 0, 0, 0, 0
    for q, factoid, good in data:
        for c in good:
            c.likely = sentence_likelihood(c.sentence_features(factoid), weights)
        ranked = sorted(good, key=lambda c: -c.likely)
        chosen = choose(ranked, MAX_SENTENCES, ratio)
        short = None
        voted = vote(ranked) if chosen and factoid else None
        if voted is not None:
            short, where = voted
            if where not in chosen:
                chosen = choose([where] + chosen, MAX_SENTENCES, ratio)
        text = " ".join(c.scored.text for c in chosen) + " " + (short or "")
        hits += bool(chosen) and metrics.contains_any(text, q.answers)
        firsts += bool(chosen) and metrics.contains_any(chosen[0].scored.text, q.answers)
        factoids += factoid
        shorts += bool(short) and metrics.contains_any(short or "", q.answers)
    n = max(len(data), 1)
    return hits / n, firsts / n, shorts / max(factoids, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--l2", type=float, default=1e-2)
    args = parser.parse_args()
    every = [q for q in load_questions(args.questions) if q.answers and q.answerable]
    desk = Newsdesk()
    early, late = _collect(desk, split(every, "early")), _collect(desk, split(every, "late"))
    names, x, y = _rows(early)
    w = fit(x, y, l2=args.l2)
    fitted: dict[str, Any] = {"bias": round(float(w[0]), 3)} | {n: round(float(v), 3)
                                                                  for n, v in zip(names, w[1:], strict=True)}
    print(f"{len(early)} early questions, {len(x)} sentences ({int(y.sum())} with an answer); "
          f"{len(late)} late questions")
    print("SENTENCE_WEIGHTS =", json.dumps(fitted))
    for name, data in (("early", early), ("late", late)):
        reach = sum(any(metrics.contains_any(c.scored.text, q.answers) for c in good) for q, _, good in data)
        print(f"{name}: a qualifying sentence holds the answer for {reach / max(len(data), 1):.3f} of questions")
    print("\n| weights | ratio | early answered | early first sentence | early short answer | late answered "
          "| late first sentence | late short answer |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    baseline = {"bias": 0.0, "score": 1.0}  # the sentences' retrieval score alone (the previous order)
    for label, weights in (("score alone", baseline), ("shipped", SENTENCE_WEIGHTS), ("fitted", fitted)):
        for ratio in sorted({0.3, 0.5, 0.7, LIKELY_RATIO}):
            e, lt = _answered(early, weights, ratio), _answered(late, weights, ratio)
            print(f"| {label} | {ratio:.2f} | {e[0]:.3f} | {e[1]:.3f} | {e[2]:.3f} | {lt[0]:.3f} | {lt[1]:.3f} "
                  f"| {lt[2]:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
