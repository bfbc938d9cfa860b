"""Timelines: the dated events of a topic, in order, one entry per event, each cited (several outlets where
they exist).

The sentences of the retrieved passages that are on the topic (the question's key terms in the passage, and a
sentence score above a floor) are dated by the first date they state (resolved against their article's
publication date: "on Monday" -> that Monday), else by the publication date. Sentences of one day that say
the same thing (most content words shared) are one event: its entry quotes the best of them and cites all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from index.eventdates import event_dates
from qa.citations import Support, make_citation
from qa.evidence import passes_gate
from qa.extract import Scored
from qa.question import QuestionInfo
from qa.types import Citation, Passage
from qa.words import content_words

FLOOR = 0.3  # sentence score (0.6 x cosine + 0.4 x question-word coverage) an entry needs
SAME_EVENT = 0.5  # share of content words two sentences of one day share to be one event
MAX_ENTRIES = 12


@dataclass
class TimelineEntry:
    date: str  # YYYY-MM-DD
    text: str
    citations: list[Citation] = field(default_factory=list)
    dated_by: str = "published"  # "text" when the sentence states the date itself

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.date, "text": self.text, "dated_by": self.dated_by,
                "citations": [c.as_dict() for c in self.citations]}


@dataclass
class Timeline:
    query: str
    entries: list[TimelineEntry]
    passages: list[Passage] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "entries": [e.as_dict() for e in self.entries]}


def build(info: QuestionInfo, scored: list[Scored], passages: list[Passage], *, as_of: date | None = None,
          limit: int = MAX_ENTRIES, floor: float = FLOOR) -> list[TimelineEntry]:
    """Entries in date order (oldest first); nothing dated after `as_of`."""
    events: list[tuple[date, str, set[str], list[tuple[Scored, Passage]]]] = []
    for s in scored:  # best first
        if s.score < floor or s.sentences > 1:
            continue
        p = passages[s.passage]
        if not passes_gate(info, p):
            continue
        published = p.published_date
        stated = [d for d in event_dates(s.text, published) if d.precision == "day"]
        day = stated[0].day if stated else published
        if day is None or (as_of is not None and day > as_of) or (published and day > published):
            continue
        words = content_words(s.text)
        for e_day, _, e_words, members in events:
            if e_day == day and len(words & e_words) >= SAME_EVENT * max(min(len(words), len(e_words)), 1):
                if all(m[1].article_id != p.article_id for m in members):
                    members.append((s, p))  # another outlet's report of the same event
                break
        else:
            if len(events) < limit:
                events.append((day, "text" if stated else "published", words, [(s, p)]))
    entries = []
    for day, dated_by, _, members in sorted(events, key=lambda e: e[0]):
        cites = [make_citation(0, p, Support(1.0, s.start, s.end, s.text)) for s, p in members]
        entries.append(TimelineEntry(day.isoformat(), members[0][0].text, cites, dated_by))
    n = 0
    for e in entries:  # numbered in reading order
        for c in e.citations:
            n += 1
            c.number = n
    return entries
