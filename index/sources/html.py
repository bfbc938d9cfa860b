"""Saved HTML pages: main text and metadata via trafilatura."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from index.errors import InputError
from index.sources import Record, open_text


def read_html(path: Path) -> Iterator[Record | InputError]:
    import trafilatura

    with open_text(path) as fh:
        raw = fh.read()
    doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, favor_precision=True)
    if doc is None:
        yield InputError(path.name, "no article text found in the page", "is it a saved article page?")
        return
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = meta.get("text") or ""
    if not text.strip():
        yield InputError(path.name, "no article text found in the page", "is it a saved article page?")
        return
    yield Record(
        path.name,
        {
            "id": meta.get("id") or "",
            "title": meta.get("title") or "",
            "text": text,
            "url": meta.get("url") or "",
            "published": meta.get("date") or "",
            "source": meta.get("sitename") or meta.get("hostname") or "",
            "authors": meta.get("author") or "",
            "_file": str(path),
        },
    )
