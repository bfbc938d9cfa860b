"""Live sources: feeds served from a local HTTP server (ETag, summaries with linked pages, errors and backoff),
watched folders, versions of changed articles, and `serve --watch`."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from index.errors import InputError
from index.ingest import Indexer
from index.settings import Settings
from index.watch import Watcher, parse_duration
from tests.conftest import run_cli, serving

LONG_PAGE_TEXT = (
    "The council approved the new tram line on Tuesday after a six-hour debate. "
    "Construction of the 12-kilometre line will start in spring and cost 400 million euros. "
    "Opponents said the money should go to buses instead. " * 3
)


def _rss(items: list[dict[str, str]]) -> str:
    body = "".join(
        f"<item><guid>{i['guid']}</guid><title>{i['title']}</title><link>{i['link']}</link>"
        f"<pubDate>{i['date']}</pubDate><description>{i['text']}</description></item>" for i in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>City Post</title>{body}</channel></rss>'


class FeedServer:
    """A local site: /feed.xml (with ETag), /tram.html (the full article), /broken.xml (HTTP 500)."""

    def __init__(self) -> None:
        self.feed_version = 1
        self.requests: list[tuple[str, str]] = []  # (path, If-None-Match)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:  # noqa: N802
                outer.requests.append((self.path, self.headers.get("If-None-Match", "")))
                if self.path == "/broken.xml":
                    self.send_response(500)
                    self.end_headers()
                    return
                if self.path not in ("/tram.html", "/feed.xml"):  # the budget entry's page is gone
                    self.send_response(404)
                    self.end_headers()
                    return
                if self.path == "/tram.html":
                    page = (f"<html><head><title>Tram line approved</title></head><body><article>"
                            f"<h1>Tram line approved</h1><p>{LONG_PAGE_TEXT}</p></article></body></html>")
                    return self._send(page.encode(), "text/html")
                etag = f'"v{outer.feed_version}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                budget = ("The city budget was adopted with a surplus of 3 million euros."
                          if outer.feed_version == 1 else
                          "The city budget was adopted with a surplus of 5 million euros after a late amendment.")
                feed = _rss([
                    {"guid": "budget-1", "title": "Budget adopted", "link": f"{outer.url}/budget.html",
                     "date": "Tue, 26 Mar 2024 09:00:00 GMT", "text": budget},
                    {"guid": "tram-1", "title": "Tram line approved", "link": f"{outer.url}/tram.html",
                     "date": "Wed, 27 Mar 2024 09:00:00 GMT", "text": "The council approved the tram line."},
                ])
                self._send(feed.encode(), "application/rss+xml", etag)

            def _send(self, data: bytes, kind: str, etag: str = "") -> None:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                if etag:
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}"
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._http.shutdown()
        self._http.server_close()


@pytest.fixture
def site() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


def _watcher(sources: list[str], every: float = 60.0) -> tuple[Watcher, Indexer]:
    settings = Settings()
    indexer = Indexer(settings)
    return Watcher(settings, sources, every, lambda paths: indexer.ingest(paths, progress=False).as_dict()), indexer


def test_durations() -> None:
    assert [parse_duration(d) for d in ("30s", "15m", "1h", "1h30m")] == [30, 900, 3600, 5400]
    for bad in ("15", "fast", "0s", "1h 30m"):
        with pytest.raises(InputError, match="--every"):
            parse_duration(bad)


def test_a_feed_is_polled_with_etags_pages_and_versions(site: FeedServer) -> None:
    watcher, indexer = _watcher([f"{site.url}/feed.xml"])
    [first] = watcher.poll()
    assert first["status"] == "new" and first["ingest"]["added"] == 2
    tram = indexer.catalog.get("tram-1")
    assert tram is not None and "12-kilometre line" in tram.article.text  # the linked page's text, not the summary
    assert tram.article.source == "City Post" and str(tram.article.published) == "2024-03-27"

    assert watcher.poll() == []  # not due yet
    [again] = watcher.poll(force=True)
    assert again["status"] == "unchanged" and site.requests[-1] == ("/feed.xml", '"v1"')  # a 304, nothing read

    site.feed_version = 2  # the budget story is corrected
    [changed] = watcher.poll(force=True)
    assert changed["ingest"]["updated"] == 1 and changed["ingest"]["added"] == 0
    assert site.requests.count(("/tram.html", "")) == 1  # an unchanged entry is not fetched again
    shown = json.loads(run_cli("show", "budget-1", "--json").stdout)
    versions = shown["versions"]
    assert [v["changed"][0] for v in versions][:1] == ["first version"] and len(versions) == 2
    assert versions[1]["changed"] == ["text: 6 words added, 2 removed"]  # 3 -> 5, "euros." -> "euros after ..."
    assert "5 million" in shown["text"]


def test_a_failing_feed_backs_off_and_the_others_carry_on(site: FeedServer, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps({"id": "f1", "title": "Dam", "published": "2024-01-01",
                                                "text": "The dam was inspected."}) + "\n")
    watcher, indexer = _watcher([f"{site.url}/broken.xml", str(folder)], every=10)
    broken, dropped = watcher.poll()
    assert broken["status"] == "error" and "HTTP 500" in broken["error"] and broken["next_in_s"] == 20
    assert dropped["status"] == "new" and dropped["ingest"]["added"] == 1
    broken2, unchanged = watcher.poll(force=True)
    assert broken2["failures"] == 2 and broken2["next_in_s"] == 40 and unchanged["status"] == "unchanged"
    (folder / "b.jsonl").write_text(json.dumps({"id": "f2", "title": "Weir", "published": "2024-01-02",
                                                "text": "The weir was rebuilt."}) + "\n")
    time.sleep(0.01)
    [_, added] = watcher.poll(force=True)
    assert added["ingest"]["added"] == 1 and added["ingest"]["skipped"] == 0  # only the new file was read
    # state survives a restart of the watcher
    again, _ = _watcher([f"{site.url}/broken.xml", str(folder)], every=10)
    assert again.state[str(folder)].seen == watcher.state[str(folder)].seen


def test_watch_once_from_the_command_line(site: FeedServer) -> None:
    r = run_cli("watch", f"{site.url}/feed.xml", "--once", "--json")
    assert r.returncode == 0, r.stderr
    [result] = json.loads(r.stdout)
    assert result["status"] == "new" and result["ingest"]["added"] == 2
    bad = run_cli("watch", "/no/such/folder", "--once")
    assert bad.returncode == 1 and "not an http(s) URL" in bad.stderr
    bad = run_cli("watch", f"{site.url}/feed.xml", "--every", "soon")
    assert bad.returncode == 1 and "write it like 30s" in bad.stderr


def test_serve_watch_ingests_a_feed_while_serving(site: FeedServer, sample_home: Path) -> None:
    from gradio_client import Client

    with serving(extra=("--watch", f"{site.url}/feed.xml", "--every", "1s")) as url:
        client = Client(url, verbose=False)
        deadline = time.time() + 60
        while time.time() < deadline:
            got = client.predict("How long is the new tram line?", "", "", [], "", api_name="/ask")
            if any(c["article_id"] == "tram-1" for c in got["citations"]):
                break
            time.sleep(1)
        else:
            raise AssertionError("the watched feed's article never became answerable")
        assert "12-kilometre" in got["text"]
