"""Offline answers: the passages' most relevant sentences, de-duplicated, each with its citation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa.citations import INJECTION, passage_sentences
from qa.retrieve import content_words
from qa.types import Passage

MAX_SENTENCES = 3
# A sentence must reach this score (0.6 x cosine + 0.4 x query-word coverage) to be part of an answer.
MIN_SENTENCE_SCORE = 0.38
PAIR_COST = 0.04  # a two-sentence quote must beat a single sentence by this much


@dataclass
class Scored:
    passage: int
    start: int
    end: int
    text: str
    score: float
    cosine: float
    coverage: float


def score_sentences(question: str, qvec: np.ndarray, passages: list[Passage], embed) -> list[Scored]:  # type: ignore[no-untyped-def]
    """Every sentence of the passages scored against the question."""
    q_words = content_words(question)
    items: list[tuple[int, int, int, str]] = []
    for i, p in enumerate(passages):
        sents = [x for x in passage_sentences(p) if len(x[2]) >= 25 and not INJECTION.search(x[2])]
        for j, (s, e, text) in enumerate(sents):
            items.append((i, s, e, text))
            if j + 1 < len(sents) and sents[j + 1][0] - e <= 2 and len(text) + len(sents[j + 1][2]) < 600:
                # two adjacent sentences: a claim often needs the one before for its subject
                s2, e2, _ = sents[j + 1]
                items.append((i, s, e2, p.text[s - p.start : e2 - p.start]))
    if not items:
        return []
    vectors = embed([t for *_, t in items])
    cos = vectors @ qvec
    out = []
    for (i, s, e, text), c in zip(items, cos, strict=True):
        cov = len(q_words & content_words(text)) / len(q_words) if q_words else 0.0
        rank_bonus = 0.03 * (len(passages) - i) / len(passages)
        pair_cost = PAIR_COST if "\n" in text or text.count(". ") >= 1 and e - s > len(text.split(". ")[0]) + 3 else 0.0
        out.append(Scored(i, s, e, text, 0.6 * float(c) + 0.4 * cov + rank_bonus - pair_cost, float(c), cov))
    return sorted(out, key=lambda x: -x.score)


def pick(scored: list[Scored], limit: int = MAX_SENTENCES, min_score: float = MIN_SENTENCE_SCORE) -> list[Scored]:
    chosen: list[Scored] = []
    for s in scored:
        if s.score < min_score or len(chosen) >= limit:
            break
        words = content_words(s.text)
        if any(len(words & content_words(c.text)) / max(len(words), 1) > 0.6 for c in chosen):
            continue  # the same fact from a syndicated copy or an overlapping chunk
        if chosen and s.score < chosen[0].score - 0.15:
            break  # far weaker than the best: leave it out
        chosen.append(s)
    return chosen
