"""Sentence scoring: each retrieved sentence (and adjacent pair) against the question (see qa/evidence.py)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa.citations import passage_sentences
from qa.injection import planted
from qa.types import Passage
from qa.words import content_words

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
    article_id: str = ""
    sentences: int = 1


def _table_row(text: str) -> bool:
    """Scores, standings and listings ("Tel Aviv, Israel 103 +2 10, Sydney, ...") are no sentences to quote."""
    tokens = text.split()
    numeric = sum(any(ch.isdigit() for ch in t) for t in tokens)
    return len(tokens) >= 4 and numeric / len(tokens) > 0.3


def score_sentences(question: str, qvec: np.ndarray, passages: list[Passage], embed,  # type: ignore[no-untyped-def]
                    pairs: int = 8) -> list[Scored]:
    """The passages' sentences scored against the question: 0.6 x cosine + 0.4 x question-word coverage.

    Adjacent pairs are scored too (a claim often needs the sentence before for its subject), but only
    around the `pairs` best single sentences, to keep the embedding work small.
    """
    q_words = content_words(question)
    sents: list[list[tuple[int, int, str]]] = [
        [x for x in passage_sentences(p) if len(x[2]) >= 25 and not planted(x[2]) and not _table_row(x[2])]
        for p in passages
    ]
    singles = [(i, j) for i, ss in enumerate(sents) for j in range(len(ss))]
    if not singles:
        return []

    def coverage(text: str) -> float:
        return len(q_words & content_words(text)) / len(q_words) if q_words else 0.0

    def score(i: int, cos: float, cov: float, pair: bool) -> float:
        rank_bonus = 0.03 * (len(passages) - i) / len(passages)
        return 0.6 * cos + 0.4 * cov + rank_bonus - (PAIR_COST if pair else 0.0)

    cos1 = embed([sents[i][j][2] for i, j in singles]) @ qvec
    out = []
    for (i, j), c in zip(singles, cos1, strict=True):
        s, e, text = sents[i][j]
        cov = coverage(text)
        out.append(Scored(i, s, e, text, score(i, float(c), cov, False), float(c), cov, passages[i].article_id))
    best = sorted(range(len(singles)), key=lambda n: -out[n].score)[:pairs]
    pair_items = []
    for n in best:
        i, j = singles[n]
        for a, b in ((j - 1, j), (j, j + 1)):
            if a >= 0 and b < len(sents[i]) and sents[i][b][0] - sents[i][a][1] <= 2 and (i, a) not in pair_items:
                pair_items.append((i, a))
    if pair_items:
        texts = [passages[i].text[sents[i][a][0] - passages[i].start : sents[i][a + 1][1] - passages[i].start]
                 for i, a in pair_items]
        for (i, a), text, c in zip(pair_items, texts, embed(texts) @ qvec, strict=True):
            cov = coverage(text)
            out.append(Scored(i, sents[i][a][0], sents[i][a + 1][1], text, score(i, float(c), cov, True),
                              float(c), cov, passages[i].article_id, sentences=2))
    return sorted(out, key=lambda x: -x.score)
