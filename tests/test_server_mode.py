"""NEWSDESK_CHROMA_URL: the same behaviour against a real `chroma run` server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.ingest import sample_archive
from tests.conftest import free_port, run_cli

pytestmark = pytest.mark.server


def test_ingest_ask_stats_and_remove_through_a_chroma_server(chroma_server: str, isolated_home: Path) -> None:
    env = {"NEWSDESK_CHROMA_URL": chroma_server}
    r = run_cli("ingest", str(sample_archive()), "-q", env=env)
    assert r.returncode == 0, r.stderr
    stats = json.loads(run_cli("stats", "--json", env=env).stdout)
    assert (stats["articles"], stats["sources"]) == (1, 1) and stats["chunks"] >= 2
    again = run_cli("ingest", str(sample_archive()), "--json", "-q", env=env)
    assert json.loads(again.stdout)["chunks_embedded"] == 0
    answer = json.loads(run_cli("ask", "Why did missile defense talks stall?", "--json", env=env).stdout)
    assert answer["answerable"] and any("legal guarantees" in c["quote"] for c in answer["citations"])
    import chromadb

    host, port = chroma_server.rsplit(":", 1)
    client = chromadb.HttpClient(host=host.split("//")[1], port=int(port))
    [collection] = [c for c in client.list_collections() if c.name.startswith("newsdesk_")]
    assert collection.count() == stats["chunks"]
    assert run_cli("remove", "ria-novosti-2013-08-08", env=env).returncode == 0
    assert client.get_collection(collection.name).count() == 0


def test_a_chroma_server_that_is_down_gives_a_clear_error(isolated_home: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    r = run_cli("ask", "anything", env={"NEWSDESK_CHROMA_URL": url})
    assert r.returncode == 1
    assert f"The Chroma server at {url} is not reachable" in r.stderr and "chroma run" in r.stderr
    assert "Traceback" not in r.stderr
    bad = run_cli("ingest", str(sample_archive()), env={"NEWSDESK_CHROMA_URL": "localhost:8000"})
    assert bad.returncode == 1 and "is not a URL" in bad.stderr


def test_two_serve_workers_on_one_chroma_server_answer_and_see_an_ingest(chroma_server: str, isolated_home: Path,
                                                                          tmp_path: Path) -> None:
    """The scale-out path on one machine: a Chroma server, two `serve` workers, one home; an ingest while both
    run is seen by both without a restart."""
    import os

    from gradio_client import Client

    from tests.conftest import serving

    os.environ["HF_HUB_OFFLINE"] = "1"
    env = {"NEWSDESK_CHROMA_URL": chroma_server}
    assert run_cli("ingest", str(sample_archive()), "-q", env=env).returncode == 0
    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps({
        "id": "ferry-2024", "title": "Harbour ferry returns after storm repairs", "source": "Bay Courier",
        "published": "2024-03-26", "text": "The harbour ferry resumed service from Pier 4 on Monday after three "
        "weeks of storm repairs. The port authority said the new pontoon cost 2.3 million dollars."}) + "\n")
    question = "When did the harbour ferry resume service from Pier 4?"
    with serving(env) as first, serving(env) as second:
        clients = [Client(url, verbose=False) for url in (first, second)]
        for c in clients:
            missile = c.predict("Why did missile defense talks stall?", "", "", [], "", api_name="/ask")
            assert missile["answerable"]
        r = run_cli("ingest", str(new), "--json", "-q", env=env)  # written directly: no hand-over needed
        assert r.returncode == 0 and json.loads(r.stdout)["added"] == 1, r.stderr
        for c in clients:
            got = c.predict(question, "", "", [], "", api_name="/ask")
            assert got["answerable"] and got["citations"][0]["article_id"] == "ferry-2024"


def test_a_chroma_server_restarted_mid_session(isolated_home: Path, tmp_path: Path) -> None:
    """The chat stays up while Chroma is down (a clear message), and answers again once it is back."""
    import os
    import subprocess
    import sys

    from gradio_client import Client
    from gradio_client.exceptions import AppError

    from tests.conftest import serving, wait_http

    os.environ["HF_HUB_OFFLINE"] = "1"
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")

    def start() -> subprocess.Popen[bytes]:
        proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "db"), "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(f"http://127.0.0.1:{port}/api/v2/heartbeat")
        return proc

    server = start()
    env = {"NEWSDESK_CHROMA_URL": f"http://127.0.0.1:{port}"}
    try:
        assert run_cli("ingest", str(sample_archive()), "-q", env=env).returncode == 0
        with serving(env) as url:
            client = Client(url, verbose=False)
            q = "Why did missile defense talks stall?"
            assert client.predict(q, "", "", [], "", api_name="/ask")["answerable"]
            server.terminate()
            server.wait(timeout=20)
            with pytest.raises(AppError, match="chroma run"):
                client.predict(q, "", "", [], "", api_name="/ask")
            server = start()
            assert client.predict(q, "", "", [], "", api_name="/ask")["answerable"]
    finally:
        server.terminate()
        server.wait(timeout=20)
