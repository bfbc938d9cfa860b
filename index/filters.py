"""The one filter rule: what a search may return, by date, outlet and story. Every path applies it: the
dense candidates in Python (`allows`), Chroma as a `where` clause (`where`), the keyword index as a query
(`index.keywords`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class Filters:
    """Restrictions on what may be retrieved. `as_of` also makes recent news rank higher."""

    since: date | None = None
    until: date | None = None
    sources: list[str] = field(default_factory=list)
    as_of: date | None = None
    anchor: date | None = None  # recency is measured from here (default: as_of)
    exclude: frozenset[str] = frozenset()  # story ids treated as absent (eval's unanswerable copies)
    # the question asks about events in this range ("what happened in March 2013?"): passages that date an
    # event inside it, or were published inside it, rank higher; it restricts nothing by itself
    event_since: date | None = None
    event_until: date | None = None

    def event_match(self, day: int, events: list[str] | None) -> bool:
        """The chunk gives an event date inside the event range, or was published inside it."""
        if self.event_since is None or self.event_until is None:
            return False
        first, last = self.event_since.isoformat(), self.event_until.isoformat()
        if day >= 0 and self.event_since.toordinal() <= day <= self.event_until.toordinal():
            return True
        # an event date is "2013-03-05" or, known to the month, "2013-03": compared at its own precision
        return any(first[: len(e)] <= e <= last[: len(e)] for e in events or [])

    @property
    def first_day(self) -> int | None:
        return self.since.toordinal() if self.since else None

    @property
    def last_day(self) -> int | None:
        days = [d.toordinal() for d in (self.until, self.as_of) if d]
        return min(days) if days else None

    @property
    def active(self) -> bool:
        return bool(self.since or self.until or self.sources or self.as_of or self.exclude)

    @property
    def undated_ok(self) -> bool:
        """Undated articles pass only when no date range is asked for (an as-of date alone keeps them)."""
        return self.first_day is None and (self.until is None)

    @property
    def outlets(self) -> set[str]:
        """The outlets asked for, lower-cased: outlet names match whatever their case."""
        return {s.lower() for s in self.sources}

    def allows(self, day: int, source: str, article_id: str = "") -> bool:
        """The rule itself; `where` and the keyword query say the same to Chroma and to the keyword index."""
        if article_id and article_id in self.exclude:
            return False
        if self.sources and source.lower() not in self.outlets:
            return False
        if day < 0:
            return self.undated_ok
        first, last = self.first_day, self.last_day
        return (first is None or day >= first) and (last is None or day <= last)

    def where(self, spellings: list[str] | None = None) -> dict[str, Any] | None:
        """The same restriction as a Chroma `where` clause (used only as a fallback: filters are slow).
        `spellings`: every outlet name as stored, so that the exact-match `$in` matches whatever the case.
        Excluded stories are left to `allows` (the caller asks for a few more)."""
        clauses: list[dict[str, Any]] = []
        if self.first_day is not None:
            clauses.append({"day": {"$gte": self.first_day}})
        if self.last_day is not None:
            clauses.append({"day": {"$lte": self.last_day}})
        if self.sources:
            names = [n for n in spellings or [] if n.lower() in self.outlets] or list(self.sources)
            clauses.append({"source": {"$in": names}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}
