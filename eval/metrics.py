"""Metrics (pure). Retrieval is scored at article level against gold_article_ids; see docs/metrics in README."""

from __future__ import annotations

import math
import re

import numpy as np


def hit_at(ranked: list[str], gold: set[str], k: int) -> float:
    """1 if any gold article is among the first k, else 0."""
    return float(any(a in gold for a in ranked[:k]))


def recall_at(ranked: list[str], gold: set[str], k: int) -> float:
    """Share of the gold articles found among the first k."""
    return len(gold & set(ranked[:k])) / len(gold) if gold else 0.0


def mrr_at(ranked: list[str], gold: set[str], k: int) -> float:
    """1 / rank of the first gold article within the first k, else 0."""
    for i, a in enumerate(ranked[:k], start=1):
        if a in gold:
            return 1.0 / i
    return 0.0


def ndcg_at(ranked: list[str], gold: set[str], k: int) -> float:
    """Binary-relevance nDCG: DCG of the ranking over the DCG of a perfect one."""
    dcg = sum(1.0 / math.log2(i + 1) for i, a in enumerate(ranked[:k], start=1) if a in gold)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(gold), k) + 1))
    return dcg / ideal if ideal else 0.0


def normalize(text: str) -> str:
    """Lower case, punctuation as spaces, no articles, single spaces (SQuAD-style): the one rule in qa.claims."""
    from qa.claims import normalize as norm

    return norm(text)


def contains_any(text: str, needles: list[str]) -> bool:
    """True if any needle (normalised) occurs in the text (normalised), on word boundaries."""
    hay = f" {normalize(text)} "
    return any(normalize(n) and f" {normalize(n)} " in hay for n in needles)


_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def restates(text: str, answer: str, question: str) -> bool:
    """Whether the text states the answer, perhaps in other words: every figure of the answer (number words as
    figures), and of its other words that the question does not use (stemmed) all but one, with its head among
    them: its last name-like word (capitalised; the first word only with capitals inside, since answers come in
    sentence case), else its last word. "Mar-a-Lago resort" for "Mar-a-Lago estate", "Lt. Nyota Uhura" for
    "Lieutenant Uhura", "below $4 a gallon" for "$4 per gallon"; not "five years" for "At least ten years", nor
    "Tampa Bay Buccaneers" for "Tampa Bay Lightning". For listing what may have survived an exclusion, not for
    scoring: it is looser than answer match."""
    from qa.words import content_words, in_figures

    answer, text = in_figures(answer), in_figures(text)
    figures = set(_FIGURE.findall(answer.replace(",", "")))
    if not figures <= set(_FIGURE.findall(text.replace(",", ""))):
        return False
    asked = content_words(question)
    own = [w for w in re.findall(r"[\w'’-]+", answer)
           if not _FIGURE.fullmatch(w) and (c := content_words(w)) and not c & asked]
    if not own:
        return bool(figures)
    # a capitalised first word may only be sentence case ("Distant galaxies"), unless capitals recur in it
    named = [w for i, w in enumerate(own) if w[0].isupper() and (
        i or w != answer.split()[0] or any(ch.isupper() for ch in w[1:]))]
    words = content_words(" ".join(own))
    found = words & content_words(text)
    return content_words((named or own)[-1]) <= found and len(found) >= max(1, len(words) - 1)


def evidence_in(passage: str, evidence: str, min_overlap: float = 0.6) -> bool:
    """The evidence sentence is (mostly) inside the passage: share of its words found there."""
    ev = normalize(evidence).split()
    if not ev:
        return False
    words = set(normalize(passage).split())
    return sum(w in words for w in ev) / len(ev) >= min_overlap


def percentile(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


def mean(values: list[float]) -> float | None:
    return round(float(np.mean(values)), 4) if values else None
