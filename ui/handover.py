"""Writes handed to a running `serve` (the home's single writer, see index/writer.py): a loopback HTTP
endpoint inside `serve`, and the client `newsdesk ingest` / `newsdesk remove` use when a serve holds the home.

The endpoint listens on 127.0.0.1 only and wants the token that `serve` wrote to NEWSDESK_HOME/writer.json
(owner-only permissions): only the home's owner can hand work over. One hand-over runs at a time; questions
keep being answered meanwhile and see the new articles as soon as each batch is committed.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from index.errors import NewsdeskError
from index.ingest import Indexer
from index.writer import Holder


class HandoverError(NewsdeskError):
    """The running serve could not take the work."""


class HandoverServer:
    """Runs ingests and removals for other processes, with the serving process's own store objects."""

    def __init__(self, indexer: Indexer) -> None:
        self.indexer = indexer
        self.token = secrets.token_urlsafe(24)
        self._work = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet: serve prints its own lines
                return

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                try:
                    length = int(self.headers.get("Content-Length", "0"))
                    body = json.loads(self.rfile.read(min(length, 1_000_000)) or b"{}")
                except ValueError:
                    return self._reply(400, {"error": "the request body is not JSON"})
                if not hmac.compare_digest(str(body.get("token", "")), outer.token):
                    return self._reply(403, {"error": "wrong token: read it from NEWSDESK_HOME/writer.json"})
                try:
                    result = outer.run(self.path, body)
                except NewsdeskError as exc:
                    return self._reply(400, {"error": str(exc)})
                except Exception as exc:  # report, keep serving
                    return self._reply(500, {"error": f"{exc.__class__.__name__}: {exc}"})
                self._reply(200, result)

            def _reply(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(target=self._http.serve_forever, name="newsdesk-handover", daemon=True)

    def start(self) -> HandoverServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def ingest(self, paths: list[Path]) -> dict[str, Any]:
        """An ingest by this process (serve --watch), one at a time with the handed-over ones."""
        return self.run("/ingest", {"paths": [str(p) for p in paths]})

    def run(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        with self._work:
            if path == "/ingest":
                report = self.indexer.ingest(
                    [Path(p) for p in body.get("paths", [])], fmt=body.get("format"), strict=bool(body.get("strict")),
                    default_source=str(body.get("source") or ""), progress=False)
                return report.as_dict()
            if path == "/backup":
                from index.backup import backup

                return backup(self.indexer.settings, self.indexer.catalog, self.indexer.store, Path(body["dir"]))
            if path == "/remove":
                removed, unknown = self.indexer.remove([str(i) for i in body.get("ids", [])])
                return {"removed": removed, "unknown": unknown}
        raise HandoverError(f"unknown hand-over {path!r}")


def hand_over(holder: Holder, what: str, payload: dict[str, Any], timeout_s: float = 24 * 3600) -> dict[str, Any]:
    """Send work to the serve that holds the home; returns its result (raises HandoverError)."""
    data = json.dumps({**payload, "token": holder.token}).encode()
    request = urllib.request.Request(f"{holder.url}/{what}", data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            return dict(json.loads(response.read()))
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read()).get("error", str(exc))
        except ValueError:
            message = str(exc)
        raise HandoverError(f"the running `newsdesk serve` (pid {holder.pid}) refused the {what}: {message}") from exc
    except OSError as exc:
        raise HandoverError(
            f"`newsdesk serve` (pid {holder.pid}) holds this home but does not answer at {holder.url} ({exc}). "
            "If it has hung, stop it and run the command again.") from exc
