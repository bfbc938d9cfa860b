"""An article's versions, oldest first, each with what changed since the one before (for `show --json`)."""

from __future__ import annotations

import difflib
from typing import Any

from index.catalog import Catalog

_FIELDS = (("title", "title"), ("published", "date"), ("source", "outlet"), ("url", "link"))


def _text_change(before: str, after: str) -> str | None:
    if before == after:
        return None
    a, b = before.split(), after.split()
    added = removed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            removed += i2 - i1
        if op in ("replace", "insert"):
            added += j2 - j1
    return f"text: {added} words added, {removed} removed"


def history(catalog: Catalog, article_id: str) -> list[dict[str, Any]]:
    """[{date, published, title, url, hash, changed}] oldest first, the current version last. `date` is when
    newsdesk stored the version; `changed` names what differs from the version before."""
    out: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for v in catalog.versions(article_id):
        if previous is None:
            changed = ["first version"]
        else:
            changed = [f"{label}: {previous[key] or '-'} -> {v[key] or '-'}" for key, label in _FIELDS
                       if previous[key] != v[key]]
            text = _text_change(previous["text"], v["text"])
            changed += [text] if text else []
        out.append({"date": v["recorded_at"], "published": v["published"], "title": v["title"], "url": v["url"],
                    "source": v["source"], "hash": v["hash"], "changed": changed or ["nothing visible"]})
        previous = v
    return out
