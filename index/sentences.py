"""Sentence spans (pure): character offsets of each sentence in a text."""

from __future__ import annotations

import re

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st", "mt", "jr", "sr",
    "inc", "corp", "co", "ltd", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "etc", "fig", "approx",
}
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")  # "u.s", "u.s.a", "d.c" (the last full stop taken off)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; lines are always boundaries; spans exclude surrounding spaces."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        start = 0
        for m in _BOUNDARY.finditer(line):
            head = line[start : m.start() + 1]
            if abbreviated(re.split(r"\s", head.strip())[-1]):
                continue
            end = m.end()
            _add(spans, line, line_start, start, end)
            start = end
        _add(spans, line, line_start, start, len(line))
    return spans


def abbreviated(word: str) -> bool:
    """Whether a word's closing full stop belongs to it ("Jr.", "U.S.", "Mt.", "J.") rather than ending a
    sentence."""
    bare = word.rstrip(".!?…").lower()
    return bare in _ABBREV or (len(bare) == 1 and bare.isalpha()) or bool(_INITIALS.fullmatch(bare))


def _add(spans: list[tuple[int, int]], line: str, offset: int, start: int, end: int) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    spans.append((offset + start + lead, offset + start + lead + len(stripped)))


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]
