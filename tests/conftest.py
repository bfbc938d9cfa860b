"""Shared fixtures: an isolated NEWSDESK_HOME per test, the sample archive, a fake OpenAI server, Chroma server."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from eval.killloop import free_port

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SEED = ROOT / "index" / "sample" / "ria-novosti-2013-08-08.txt"
ARTIFACTS = ROOT / "test-artifacts"

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["ANONYMIZED_TELEMETRY"] = "False"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own NEWSDESK_HOME and no LLM or Chroma server unless it sets one."""
    for key in list(os.environ):
        if key.startswith("NEWSDESK_") or key in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            monkeypatch.delenv(key, raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("NEWSDESK_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def sample_home_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with the bundled sample archive ingested once per session (copied per test)."""
    from index.ingest import Indexer, sample_archive
    from index.settings import Settings

    home = tmp_path_factory.mktemp("sample-home")
    indexer = Indexer(Settings(home=home))
    indexer.ingest([sample_archive()], progress=False)
    # closed now, not whenever it is garbage-collected: SQLite removes the WAL files when the last connection
    # closes, and a copy of the template running at that moment fails on them
    indexer.catalog.close()
    return home


@pytest.fixture
def sample_home(sample_home_template: Path, isolated_home: Path) -> Path:
    shutil.copytree(sample_home_template, isolated_home)
    return isolated_home


@pytest.fixture
def fake_llm(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    from tests.fake_openai import FakeOpenAI

    with FakeOpenAI() as server:
        monkeypatch.setenv("NEWSDESK_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("NEWSDESK_LLM_MODEL", "fake-model")
        monkeypatch.setenv("NEWSDESK_LLM_API_KEY", "test-key")
        yield server


def wait_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` on 127.0.0.1 (the chromadb package ships the server)."""
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    chroma = Path(sys.executable).with_name("chroma")
    log = open(data / "server.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([str(chroma), "run", "--path", str(data / "db"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_http(f"http://127.0.0.1:{port}/api/v2/heartbeat")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def ingest_rows(folder: Path, rows: list[dict[str, str]]) -> None:
    """The rows as a JSONL file in `folder`, ingested into the test's home."""
    from index.ingest import Indexer
    from index.settings import Settings

    (folder / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    Indexer(Settings()).ingest([folder / "articles.jsonl"], progress=False)


def run_cli(*args: str, env: dict[str, str] | None = None, input: str | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the installed `newsdesk` command as a user would."""
    exe = Path(sys.executable).with_name("newsdesk")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env={**os.environ, **(env or {})},
                          input=input, timeout=timeout)


@contextlib.contextmanager
def serving(env: dict[str, str] | None = None, extra: tuple[str, ...] = ()) -> Iterator[str]:
    """`newsdesk serve` in a subprocess on a free loopback port; yields its URL."""
    port = free_port()
    exe = Path(sys.executable).with_name("newsdesk")
    log_path = Path(os.environ["NEWSDESK_HOME"]).parent / f"serve-{port}.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([str(exe), "serve", "--port", str(port), *extra], stdout=log,
                                stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        try:
            wait_http(f"http://127.0.0.1:{port}/", timeout=90)
            yield f"http://127.0.0.1:{port}"
        except TimeoutError:
            raise AssertionError(log_path.read_text()) from None
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
