"""RSS and Atom feeds via feedparser: one record per entry."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

from index.errors import InputError
from index.sources import Record, open_text

_TAG = re.compile(r"<[^>]+>")


def _strip_html(value: str) -> str:
    text = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h\d)\s*/?>", "\n", value)
    return html.unescape(_TAG.sub("", text))


def read_feed(path: Path) -> Iterator[Record | InputError]:
    import feedparser

    with open_text(path) as fh:
        raw = fh.read()
    feed = feedparser.parse(raw)
    if feed.bozo and not feed.entries:
        yield InputError(path.name, f"not a readable RSS/Atom feed ({feed.get('bozo_exception')})")
        return
    outlet = feed.feed.get("title", "")
    partial = (f"the feed is malformed ({feed.get('bozo_exception')}); {len(feed.entries)} entries were read from "
               "what could be parsed: check that none is missing") if feed.bozo else ""
    for n, entry in enumerate(feed.entries, start=1):
        body = ""
        if entry.get("content"):
            body = entry.content[0].get("value", "")
        body = body or entry.get("summary", "") or entry.get("description", "")
        published = ""
        for key in ("published_parsed", "updated_parsed"):
            if entry.get(key):
                t = entry[key]
                published = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
                break
        authors = [a.get("name", "") for a in entry.get("authors", []) if a.get("name")]
        yield Record(
            f"{path.name} record {n}",
            {
                "id": entry.get("id", ""),
                "title": _strip_html(entry.get("title", "")),
                "text": _strip_html(body),
                "url": entry.get("link", ""),
                "published": published,
                "source": outlet,
                "authors": authors,
                **({"_warning": partial} if partial and n == 1 else {}),
            },
        )
