"""Citation markers: parse, verify against the cited passages, re-attribute or drop, renumber by first use."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from index.sentences import sentence_spans
from qa.injection import planted
from qa.types import Citation, Claim, Passage
from qa.words import content_words

MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
SUPPORT_MIN = 0.5  # share of a sentence's content words found in the supporting passage sentence(s)


TRAILING_MARKER = re.compile(r"([.!?])((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")


def with_markers(claim: str, marks: list[str]) -> str:
    """'Claim.' + ['[1]'] -> 'Claim [1].'"""
    claim = claim.rstrip()
    end = ""
    if claim and claim[-1] in ".!?":
        claim, end = claim[:-1].rstrip(), claim[-1]
    return f"{claim} {''.join(marks)}{end}"


@dataclass
class Support:
    score: float
    start: int  # offsets of the best supporting sentence in the article
    end: int
    quote: str


def passage_sentences(p: Passage) -> list[tuple[int, int, str]]:
    """(article start, article end, text) of each sentence in a passage."""
    return [(p.start + s, p.start + e, p.text[s:e]) for s, e in sentence_spans(p.text)]


def support(claim: str, p: Passage) -> Support:
    """How well a passage supports a claim: its best sentence, or two adjacent ones if the claim joins them."""
    words = content_words(MARKER.sub("", claim))
    sents = [s for s in passage_sentences(p) if not planted(s[2])]
    if not words or not sents:
        return Support(0.0, p.start, p.start, "")
    sets = [content_words(text) for _, _, text in sents]
    singles = [len(words & sw) / len(words) for sw in sets]
    i = max(range(len(sents)), key=lambda j: singles[j])
    best = Support(singles[i], sents[i][0], sents[i][1], sents[i][2])
    for j in range(len(sents) - 1):
        pair = len(words & (sets[j] | sets[j + 1])) / len(words)
        if pair > best.score + 0.2:  # the claim joins two sentences
            start, end = sents[j][0], sents[j + 1][1]
            best = Support(pair, start, end, p.text[start - p.start : end - p.start])
    return best


@dataclass
class Checked:
    text: str
    citations: list[Citation]
    flagged: list[str]
    claims: list[Claim]


def make_citation(n: int, p: Passage, sup: Support) -> Citation:
    return Citation(
        number=n, article_id=p.article_id, title=p.title, source=p.source, published=p.published, url=p.url,
        chunk_id=p.chunk_id, quote=sup.quote or p.text, start=sup.start if sup.quote else p.start,
        end=sup.end if sup.quote else p.end, passage=p.text, passage_start=p.start,
        also_reported_by=p.also_reported_by,
    )


def check(answer: str, passages: list[Passage], judge: Callable[[str, Passage], bool] | None = None,
          min_support: float = SUPPORT_MIN) -> Checked:
    """Keep only sentences whose citations point at retrieved passages that support them.

    - a marker whose number is not a retrieved passage is removed (flagged);
    - a cited passage that does not support its sentence is replaced by the retrieved passage that does
      best, if one does; otherwise the citation is dropped (flagged);
    - a sentence left with no supported citation is dropped from the answer (flagged);
    - numbers are renumbered 1, 2, ... in order of first use.
    """
    flagged: list[str] = []
    numbering: dict[tuple[int, int, int], int] = {}  # (passage index, quote start, quote end) -> number
    quotes: dict[tuple[int, int, int], Support] = {}
    kept: list[str] = []
    claims: list[Claim] = []
    seen_claims: set[str] = set()
    answer = TRAILING_MARKER.sub(r"\2\1", answer)
    for line in answer.split("\n"):
        if not line.strip():
            continue
        for s, e in sentence_spans(line):
            sentence = line[s:e]
            cited = [int(n) for m in MARKER.finditer(sentence) for n in re.split(r"[,;]", m.group(1))]
            claim = MARKER.sub("", sentence).strip()
            if not claim or claim in seen_claims:
                continue  # empty, or said already
            seen_claims.add(claim)
            valid: list[tuple[int, Support]] = []
            for n in dict.fromkeys(cited):
                if not 1 <= n <= len(passages):
                    flagged.append(f"citation [{n}] names no retrieved source: removed")
                    continue
                sup = support(claim, passages[n - 1])
                if sup.score >= min_support and (judge is None or judge(claim, passages[n - 1])):
                    valid.append((n - 1, sup))
                else:
                    flagged.append(f"citation [{n}] does not support: {claim[:120]}")
            if not valid:
                best_i, best = -1, Support(0.0, 0, 0, "")
                for i, p in enumerate(passages):
                    sup = support(claim, p)
                    if sup.score > best.score:
                        best_i, best = i, sup
                if best_i >= 0 and best.score >= max(min_support, 0.6) and (
                    judge is None or judge(claim, passages[best_i])
                ):
                    valid.append((best_i, best))
                    if cited:
                        flagged.append(f"re-attributed to the passage that supports it: {claim[:120]}")
                else:
                    flagged.append(f"unsupported sentence dropped: {claim[:120]}")
                    continue
            marks = []
            numbers = []
            for i, sup in valid:
                key = (i, sup.start, sup.end)
                if key not in numbering:
                    numbering[key] = len(numbering) + 1
                    quotes[key] = sup
                marks.append(f"[{numbering[key]}]")
                numbers.append(numbering[key])
            kept.append(with_markers(claim, marks))
            claims.append(Claim(claim, numbers, support=round(max(sup.score for _, sup in valid), 3)))
    citations = [make_citation(n, passages[key[0]], quotes[key]) for key, n in numbering.items()]
    return Checked(" ".join(kept), citations, flagged, claims)
