"""Article -> sentence-aligned chunks with character offsets into the article text (pure)."""

from __future__ import annotations

from datetime import date

from index.eventdates import event_dates
from index.sentences import sentence_spans
from index.types import Article, Chunk


def chunk_events(text: str, published: date | None) -> tuple[str, ...]:
    """The event dates a chunk's text gives, resolved against the publication date, as sorted ISO strings
    ("2024-03-25"; "2024-03" where only the month is known)."""
    found = {d.day.isoformat() if d.precision == "day" else d.day.isoformat()[:7]
             for d in event_dates(text, published)}
    return tuple(sorted(found))


def chunk_article(article: Article, target_chars: int = 1100, overlap: int = 1) -> list[Chunk]:
    """Pack whole sentences into chunks of about `target_chars`; repeat `overlap` sentences between chunks.

    A sentence longer than the target becomes a chunk of its own (split at the target if it is huge).
    """
    spans: list[tuple[int, int]] = []
    for s, e in sentence_spans(article.text):
        while e - s > 2 * target_chars:  # a run-on "sentence" (tables, lists): cut it
            cut = article.text.rfind(" ", s, s + target_chars)
            cut = cut if cut > s else s + target_chars
            spans.append((s, cut))
            s = cut + 1
        spans.append((s, e))
    chunks: list[Chunk] = []
    article_hash = article.hash
    i = 0
    while i < len(spans):
        j = i
        while j + 1 < len(spans) and spans[j + 1][1] - spans[i][0] <= target_chars:
            j += 1
        start, end = spans[i][0], spans[j][1]
        seq = len(chunks)
        chunks.append(
            Chunk(
                id=Chunk.make_id(article.id, article_hash, seq),
                article_id=article.id,
                seq=seq,
                text=article.text[start:end],
                start=start,
                end=end,
                events=chunk_events(article.text[start:end], article.published),
            )
        )
        if j + 1 >= len(spans):
            break
        i = max(j + 1 - overlap, i + 1)
    return chunks
