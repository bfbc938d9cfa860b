"""Saved chat conversations: one JSON file each under NEWSDESK_HOME/conversations, reopened by a link (?c=ID).

A conversation belongs to the signed-in user who started it (no user when `serve` runs without
NEWSDESK_AUTH); another user's id opens nothing. Files are written whole (temporary file, then rename), so a
crash leaves the previous version, and are readable by the home's owner only.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path
from typing import Any

from index.settings import Settings

_ID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")


class Conversations:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.folder = settings.home / "conversations"

    @staticmethod
    def new_id() -> str:
        return secrets.token_urlsafe(12)

    def _path(self, cid: str) -> Path | None:
        return self.folder / f"{cid}.json" if _ID.match(cid or "") else None

    def save(self, cid: str, user: str | None, messages: list[dict[str, Any]], answers: list[dict[str, Any]],
             sources: str = "") -> None:
        path = self._path(cid)
        if path is None:
            raise ValueError(f"not a conversation id: {cid!r}")
        self.settings.ensure_home()
        self.folder.mkdir(mode=0o700, exist_ok=True)
        old = self.load(cid, user)
        asked = [a.get("question") for a in answers if a and a.get("question")]
        record = {"id": cid, "user": user, "title": (asked[0] if asked else "")[:120],
                  "created": (old or {}).get("created") or time.strftime("%Y-%m-%dT%H:%M:%S"),
                  "updated": time.strftime("%Y-%m-%dT%H:%M:%S"), "messages": messages, "answers": answers,
                  "sources": sources}
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh, ensure_ascii=False)
        os.replace(tmp, path)

    def load(self, cid: str, user: str | None) -> dict[str, Any] | None:
        """The conversation, or None if there is none with that id for this user (or the file is damaged)."""
        path = self._path(cid)
        if path is None or not path.is_file():
            return None
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return record if isinstance(record, dict) and record.get("user") == user else None

    def recent(self, user: str | None, limit: int = 50) -> list[tuple[str, str]]:
        """(label, id) of the user's conversations, the latest first: 'YYYY-MM-DD HH:MM  first question'."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True):
            record = self.load(path.stem, user)
            if record is not None:
                label = f"{record.get('updated', '')[:16].replace('T', ' ')}  {record.get('title') or '(no question)'}"
                found.append((label, record["id"]))
            if len(found) >= limit:
                break
        return found
