"""Live sources: RSS/Atom feeds over HTTP(S) and folders (or files), polled every so often.

Feeds are fetched with ETag / Last-Modified (an unchanged feed costs one 304). Entries that are new or changed
since the last poll are ingested; where an entry carries only a summary, the linked page is fetched and its
text used when it has more. Folders: files that are new or changed (size, modification time) are ingested.
A source that fails (network, HTTP error, unreadable feed) is retried later and later (the interval doubled
per failure, at most an hour); the others carry on. What was seen is kept in NEWSDESK_HOME/watch/state.json.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from index.errors import InputError
from index.settings import Settings
from index.sources import Record, iter_files, read_records

log = logging.getLogger(__name__)
MAX_BACKOFF_S = 3600.0
SHORT_ENTRY_CHARS = 1200  # entries shorter than this are summaries: the linked page may hold the article
USER_AGENT = "newsdesk-watch (+https://github.com/newsdesk)"
_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhd])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

Write = Callable[[list[Path]], dict[str, Any]]  # ingest these files, return the ingest summary


def parse_duration(text: str) -> float:
    """'30s', '15m', '1h', '1h30m' -> seconds."""
    value = text.strip().lower()
    parts = _DURATION.findall(value)
    if not parts or "".join(n + u for n, u in parts) != value:
        raise InputError("--every", f"{text!r} is not a duration", "write it like 30s, 15m, 1h or 1h30m")
    seconds = sum(float(n) * _UNITS[u] for n, u in parts)
    if seconds <= 0:
        raise InputError("--every", f"{text!r} is not a positive duration", "write it like 30s, 15m or 1h")
    return seconds


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


@dataclass
class SourceState:
    etag: str = ""
    modified: str = ""
    failures: int = 0
    next_at: float = 0.0  # wall-clock time of the next poll
    last_error: str = ""
    seen: dict[str, str] = field(default_factory=dict)  # entry id or file -> its hash or (size, mtime)


class Watcher:
    """Polls its sources; `poll()` does one round of those that are due, `run()` loops until stopped."""

    def __init__(self, settings: Settings, sources: list[str], every_s: float, write: Write,
                 fetch_pages: bool = True, timeout_s: float = 20.0) -> None:
        for s in sources:
            if not is_url(s) and not Path(s).exists():
                raise InputError(s, "no such file or folder, and not an http(s) URL",
                                 "give a feed URL (http://... or https://...) or a folder of articles")
        self.settings = settings
        self.sources = [s if is_url(s) else str(Path(s).resolve()) for s in sources]
        self.every_s = every_s
        self.write = write
        self.fetch_pages = fetch_pages
        self.timeout_s = timeout_s
        self.folder = settings.ensure_home() / "watch"
        self.folder.mkdir(exist_ok=True)
        self._state_file = self.folder / "state.json"
        self.state = self._load()

    # -- state ---------------------------------------------------------------------------------------------
    def _load(self) -> dict[str, SourceState]:
        try:
            raw = json.loads(self._state_file.read_text())
        except (OSError, ValueError):
            raw = {}
        known = set(SourceState.__dataclass_fields__)
        return {s: SourceState(**{k: v for k, v in raw.get(s, {}).items() if k in known}) for s in self.sources}

    def _save(self) -> None:
        try:
            raw = json.loads(self._state_file.read_text())
        except (OSError, ValueError):
            raw = {}
        raw.update({s: asdict(st) for s, st in self.state.items()})
        tmp = self._state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(raw))
        tmp.replace(self._state_file)

    # -- polling -------------------------------------------------------------------------------------------
    def poll(self, force: bool = False) -> list[dict[str, Any]]:
        """One round over the sources that are due (all with force). One result per source polled:
        {source, status: new|unchanged|error, ingest (the summary, when something was ingested), error,
        next_in_s}."""
        results = []
        now = time.time()
        for source in self.sources:
            st = self.state[source]
            if not force and st.next_at > now:
                continue
            try:
                files, update = self._poll_url(source, st) if is_url(source) else self._poll_path(source, st)
                report = self.write(files) if files else None
                for k, v in update.items():  # remembered only once ingested: a failed write is retried
                    setattr(st, k, v)
                for f in files:
                    if f.parent == self.folder / "spool":
                        f.unlink(missing_ok=True)
                st.failures, st.last_error = 0, ""
                st.next_at = time.time() + self.every_s
                results.append({"source": source, "status": "new" if files else "unchanged", "ingest": report,
                                 "next_in_s": round(self.every_s, 1)})
            except Exception as exc:  # one failing source never stops the others
                st.failures += 1
                delay = min(self.every_s * 2**st.failures, max(MAX_BACKOFF_S, self.every_s))
                st.last_error = str(exc) if isinstance(exc, InputError) else f"{exc.__class__.__name__}: {exc}"
                st.next_at = time.time() + delay
                log.warning("watch: %s failed (%s); retrying in %.0f s", source, st.last_error, delay)
                results.append({"source": source, "status": "error", "error": st.last_error,
                                 "failures": st.failures, "next_in_s": round(delay, 1)})
            self._save()
        return results

    def run(self, stop: threading.Event, on_round: Callable[[list[dict[str, Any]]], None] | None = None) -> None:
        while not stop.is_set():
            results = self.poll()
            if results and on_round is not None:
                on_round(results)
            due = min(st.next_at for st in self.state.values())
            stop.wait(max(0.2, min(due - time.time(), self.every_s)))

    # -- one source --------------------------------------------------------------------------------------------
    def _get(self, url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return 304, b"", dict(exc.headers)
            raise InputError(url, f"HTTP {exc.code} {exc.reason}", "check the feed address") from exc

    def _spool(self, source: str, suffix: str, data: bytes) -> Path:
        path = self.folder / "spool" / f"{hashlib.sha1(source.encode()).hexdigest()[:16]}{suffix}"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        return path

    def _poll_url(self, url: str, st: SourceState) -> tuple[list[Path], dict[str, Any]]:
        headers = {}
        if st.etag:
            headers["If-None-Match"] = st.etag
        if st.modified:
            headers["If-Modified-Since"] = st.modified
        status, body, response_headers = self._get(url, headers)
        if status == 304:
            return [], {}
        feed_file = self._spool(url, ".xml", body)
        records: list[dict[str, Any]] = []
        seen = dict(st.seen)
        for item in read_records(feed_file, "feed"):
            if isinstance(item, InputError):
                raise InputError(url, item.args[0] if item.args else "not a readable RSS/Atom feed")
            key = str(item.fields.get("id") or item.fields.get("url") or item.fields.get("title"))
            digest = hashlib.sha1(json.dumps(item.fields, sort_keys=True, default=str).encode()).hexdigest()
            if seen.get(key) == digest:
                continue
            records.append(self._with_page(item))
            seen[key] = digest
        out = []
        if records:
            batch = self._spool(url + f"#{time.time_ns()}", ".jsonl",
                                "".join(json.dumps(r) + "\n" for r in records).encode())
            out.append(batch)
        feed_file.unlink(missing_ok=True)
        return out, {"etag": response_headers.get("ETag", "") or "",
                     "modified": response_headers.get("Last-Modified", "") or "", "seen": seen}

    def _with_page(self, item: Record) -> dict[str, Any]:
        """The entry's fields; its text from the linked page when the entry is a summary and the page has more."""
        fields = {k: v for k, v in item.fields.items() if not k.startswith("_")}
        link = str(fields.get("url") or "")
        if not (self.fetch_pages and is_url(link) and len(str(fields.get("text") or "")) < SHORT_ENTRY_CHARS):
            return fields
        try:
            _, body, _ = self._get(link)
            page = self._spool(link, ".html", body)
            records = list(read_records(page, "html"))
            page.unlink(missing_ok=True)
            for rec in records:
                if isinstance(rec, Record) and len(rec.fields.get("text") or "") > len(str(fields.get("text") or "")):
                    fields["text"] = rec.fields["text"]
                    fields["published"] = fields.get("published") or rec.fields.get("published") or ""
        except Exception as exc:  # the entry's own text is still worth having
            log.warning("watch: the page %s of a feed entry could not be read (%s); keeping the entry's text",
                        link, exc)
        return fields

    def _poll_path(self, source: str, st: SourceState) -> tuple[list[Path], dict[str, Any]]:
        changed: list[Path] = []
        seen: dict[str, str] = {}
        for item in iter_files([Path(source)]):
            if isinstance(item, InputError):
                continue  # files of unknown formats in a watched folder are skipped quietly
            path = item[0]
            stat = path.stat()
            mark = f"{stat.st_size}:{stat.st_mtime_ns}"
            seen[str(path)] = mark
            if st.seen.get(str(path)) != mark:
                changed.append(path)
        return changed, {"seen": seen}
