"""The indexing half of the domain chain: Article -> Chunk (ids from content hashes)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


def content_hash(text: str) -> str:
    """A stable hash of an article's cleaned text (whitespace-insensitive)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass
class Article:
    """One cleaned article as stored in the catalog."""

    id: str
    title: str
    text: str
    url: str = ""
    source: str = ""
    published: date | None = None
    authors: list[str] = field(default_factory=list)
    origin: str = ""  # file and line/record it came from

    @property
    def hash(self) -> str:
        """The content hash (title and text): exact duplicates share it; chunk ids derive from it."""
        return content_hash(self.title + "\n" + self.text)

    @property
    def record_hash(self) -> str:
        """Content and metadata: a corrected date or outlet changes it, and the index is brought up to date."""
        meta = [self.url, self.source, self.published.isoformat() if self.published else "", *self.authors]
        return content_hash(self.hash + "\n" + "\n".join(meta))


@dataclass(frozen=True)
class Chunk:
    """A sentence-aligned span of an article; start/end are character offsets into Article.text."""

    id: str
    article_id: str
    seq: int
    text: str
    start: int
    end: int
    events: tuple[str, ...] = ()  # dates its text gives events ("2024-03-25", or "2024-03" for a month)

    @staticmethod
    def make_id(article_id: str, article_hash: str, seq: int) -> str:
        return f"{article_id}:{article_hash[:8]}:{seq}"
