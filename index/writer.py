"""One writer per home. Embedded Chroma is not safe across processes, so in embedded mode the process that
writes (an `ingest` or `remove`, or a running `serve`) holds `writer.lock` under NEWSDESK_HOME. A running
`serve` holds it for its lifetime and takes over writes: it publishes a loopback address and a token in
`writer.json` (readable by the home's owner only), and `newsdesk ingest` hands its work to it there, so the
chat keeps answering and sees the new articles at once. With a Chroma server (NEWSDESK_CHROMA_URL) several
processes may write: the catalog (SQLite WAL), Chroma's server and the keyword index's own lock serialise them.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from index.errors import NewsdeskError
from index.settings import Settings


class WriterBusy(NewsdeskError):
    """Another process writes to this home."""


@dataclass
class Holder:
    """What the process holding the lock says about itself (writer.json)."""

    pid: int
    command: str
    url: str = ""  # a serve's hand-over address (loopback), empty for other commands
    token: str = ""

    def alive(self) -> bool:
        """Whether the process that took the lock still runs (a process it forked may hold the lock after it)."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # runs, as another user
            return True
        return True

    @staticmethod
    def read(home: Path) -> Holder | None:
        try:
            data = json.loads((home / "writer.json").read_text())
            return Holder(int(data["pid"]), str(data["command"]), str(data.get("url", "")),
                          str(data.get("token", "")))
        except (OSError, ValueError, KeyError, TypeError):
            return None


class WriterLease:
    """The exclusive right to write to one home (a no-op with a Chroma server)."""

    def __init__(self, settings: Settings, command: str) -> None:
        self.settings = settings
        self.command = command
        self._file: IO[str] | None = None

    @property
    def needed(self) -> bool:
        return not self.settings.chroma_url

    def try_acquire(self) -> bool:
        if not self.needed:
            return True
        home = self.settings.ensure_home()
        f = (home / "writer.lock").open("a+")
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            f.close()
            return False
        self._file = f
        self.publish()
        return True

    def publish(self, url: str = "", token: str = "") -> None:
        """Say who holds the lock (and, for a serve, where it takes hand-overs); owner-only permissions."""
        if self._file is None:
            return
        path = self.settings.home / "writer.json"
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump({"pid": os.getpid(), "command": self.command, "url": url, "token": token}, f)
        tmp.replace(path)

    def holder(self) -> Holder | None:
        return Holder.read(self.settings.home)

    def wait(self, timeout_s: float, on_wait: Any = None) -> None:
        """Acquire, waiting up to timeout_s for the holder to finish (on_wait(holder) is called once)."""
        deadline = time.monotonic() + timeout_s
        told = False
        while not self.try_acquire():
            if not told and on_wait is not None:
                on_wait(self.holder())
                told = True
            if time.monotonic() >= deadline:
                h = self.holder()
                who = f"`newsdesk {h.command}` (pid {h.pid})" if h else "another newsdesk process"
                raise WriterBusy(f"{who} is writing to {self.settings.home}; run this again when it has finished.")
            time.sleep(0.25)

    def release(self) -> None:
        if self._file is not None:
            try:
                (self.settings.home / "writer.json").unlink(missing_ok=True)
            finally:
                fcntl.flock(self._file, fcntl.LOCK_UN)
                self._file.close()
                self._file = None

    @contextmanager
    def held(self, timeout_s: float = 3600.0, on_wait: Any = None) -> Iterator[WriterLease]:
        self.wait(timeout_s, on_wait)
        try:
            yield self
        finally:
            self.release()
