"""The answering half of the domain chain: Passage -> Citation -> Answer (and chat Turns)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal


def iso_date(text: str | None) -> date | None:
    """A stored ISO date, None when undated (or not a date)."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@dataclass
class Passage:
    """A retrieved chunk with its article's metadata; start/end are offsets into the article text."""

    chunk_id: str
    article_id: str
    title: str
    source: str
    published: str  # ISO date or ""
    url: str
    text: str
    start: int
    end: int
    score: float = 0.0
    also_reported_by: list[dict[str, str]] = field(default_factory=list)

    @property
    def published_date(self) -> date | None:
        return iso_date(self.published)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Citation:
    """One numbered citation: the exact quoted sentence(s) of one passage, with article offsets."""

    number: int
    article_id: str
    title: str
    source: str
    published: str
    url: str
    chunk_id: str
    quote: str
    start: int
    end: int
    passage: str = ""  # the whole retrieved passage the quote sits in
    passage_start: int = 0
    also_reported_by: list[dict[str, str]] = field(default_factory=list)

    @property
    def published_date(self) -> date | None:
        return iso_date(self.published)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Claim:
    """One sentence of an answer as data: its text, the citation numbers that support it, how well."""

    text: str
    citations: list[int]
    support: float = 1.0  # share of the claim's content words found in its cited sentence(s)
    kind: Literal["answer", "evidence", "earlier"] = "evidence"  # "answer": the one-line direct answer;
    # "earlier": a figure an older report gave, replaced by a later one

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    """What `ask` returns. `answerable` is False when the archive does not support an answer."""

    question: str
    text: str
    answerable: bool
    citations: list[Citation] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)  # the closest passages, cited or not
    query: str = ""  # the standalone query actually searched (after chat rewriting)
    mode: Literal["extractive", "llm"] = "extractive"
    flagged: list[str] = field(default_factory=list)  # sentences or citations dropped by the checker
    filters: dict[str, Any] = field(default_factory=dict)
    timings_ms: dict[str, float] = field(default_factory=dict)
    confidence: float = 0.0  # 0..1: how well the archive supports an answer (calibrated; see qa/evidence.py)
    short_answer: str | None = None  # the direct answer of a factoid question ("Edward Snowden")
    claims: list[Claim] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a reader should know: stale evidence, later figures
    signals: dict[str, float] = field(default_factory=dict, repr=False)  # the confidence's inputs (for eval)

    def as_dict(self) -> dict[str, Any]:
        """The `newsdesk ask --json` object."""
        return {
            "question": self.question,
            "text": self.text,
            "answerable": self.answerable,
            "citations": [c.as_dict() for c in self.citations],
            "passages": [p.as_dict() for p in self.passages],
            "query": self.query,
            "mode": self.mode,
            "flagged": self.flagged,
            "filters": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.filters.items()},
            "timings_ms": self.timings_ms,
            "confidence": self.confidence,
            "short_answer": self.short_answer,
            "claims": [c.as_dict() for c in self.claims],
            "notes": self.notes,
        }


@dataclass
class Verification:
    """What `verify` returns: does the archive support the claim, contradict it, or not mention it?"""

    claim: str
    verdict: Literal["supported", "contradicted", "not_found"]
    confidence: float
    citations: list[Citation] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    note: str = ""  # for contradictions: what the archive states instead

    def as_dict(self) -> dict[str, Any]:
        """The `newsdesk verify --json` object."""
        return {"claim": self.claim, "verdict": self.verdict, "confidence": self.confidence,
                "citations": [c.as_dict() for c in self.citations],
                "passages": [p.as_dict() for p in self.passages], "note": self.note}


@dataclass
class Turn:
    role: Literal["user", "assistant"]
    content: str
