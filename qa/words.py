"""Words that carry meaning: the one rule retrieval, question analysis and the evidence checks share."""

from __future__ import annotations

import re

from index.keywords import stem

_STOP = {"the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "is", "was", "were", "did", "does",
         "do", "what", "which", "who", "whom", "why", "how", "when", "where", "this", "that", "these", "those",
         "with", "by", "at", "from", "as", "be", "been", "are", "it", "its", "has", "have", "had", "week",
         "recently", "according", "said", "says", "about", "after", "than", "their", "they", "his", "her"}


def content_words(text: str) -> set[str]:
    """Stemmed, lower-cased words that carry meaning (no stop words, no single characters)."""
    return set(stem([w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 1]))


_POSSESSIVE = re.compile(r"\s*['’]s$")


def without_possessive(name: str) -> str:
    """A name without its possessive: "South Korea's" -> "South Korea", and the tagger's spaced "Sri Lanka 's"."""
    return _POSSESSIVE.sub("", name)
