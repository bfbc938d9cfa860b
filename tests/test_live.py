"""A live archive: `newsdesk ingest` into a home that a running `newsdesk serve` uses, while eight users ask
questions; one writer per home; the shared Newsdesk under concurrent questions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import serving

NEW_ARTICLE = {
    "id": "ferry-2024", "title": "Harbour ferry returns after storm repairs", "source": "Bay Courier",
    "published": "2024-03-26", "url": "https://example.org/ferry",
    "text": "The harbour ferry resumed service from Pier 4 on Monday after three weeks of storm repairs. "
            "The port authority said the new pontoon cost 2.3 million dollars.",
}
QUESTIONS = ["Why did missile defense talks stall?", "What did Lavrov say?", "Who visited Moscow?",
             "What happened at Pier 4?"]


def _newsdesk(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("newsdesk")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=timeout, env=dict(os.environ),
                          check=False)


def test_ingest_while_serving_with_eight_users(sample_home: Path, tmp_path: Path) -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    from gradio_client import Client

    path = tmp_path / "new.jsonl"
    path.write_text(json.dumps(NEW_ARTICLE) + "\n")
    with serving() as url:
        holder = json.loads((sample_home / "writer.json").read_text())
        assert holder["command"] == "serve" and holder["url"].startswith("http://127.0.0.1:")
        assert (sample_home / "writer.json").stat().st_mode & 0o077 == 0  # the token is the owner's alone
        before = Client(url, verbose=False).predict("What happened at Pier 4?", "", "", [], "", api_name="/ask")
        assert not any(c["article_id"] == "ferry-2024" for c in before["citations"])

        stop = threading.Event()
        answers: list[dict[str, Any]] = []
        errors: list[BaseException] = []

        def user(n: int) -> None:
            client = Client(url, verbose=False)
            i = n
            while not stop.is_set():
                try:
                    answers.append(client.predict(QUESTIONS[i % len(QUESTIONS)], "", "", [], "", api_name="/ask"))
                except BaseException as exc:  # noqa: BLE001  (collected and asserted below)
                    errors.append(exc)
                i += 1

        users = [threading.Thread(target=user, args=(n,)) for n in range(8)]
        for t in users:
            t.start()
        time.sleep(1.0)
        during = len(answers)
        result = _newsdesk("ingest", str(path), "--json")
        answered_while_ingesting = len(answers) - during
        stop.set()
        for t in users:
            t.join(timeout=120)
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["added"] == 1 and report["chunks_embedded"] >= 1
        assert not errors, errors[:3]
        assert answered_while_ingesting > 0 and len(answers) >= 8
        assert all(a["text"] for a in answers)
        # the next question sees the new article, no restart
        after = Client(url, verbose=False).predict("When did the harbour ferry resume service from Pier 4?",
                                                   "", "", [], "", api_name="/ask")
        assert after["answerable"] and any(c["article_id"] == "ferry-2024" for c in after["citations"])
        removed = _newsdesk("remove", "ferry-2024")  # removals are handed over too
        assert removed.returncode == 0 and "removed 1" in removed.stdout, removed.stderr
    assert not (sample_home / "writer.json").exists()  # released when serve stops


def test_a_second_writer_waits_and_says_for_whom(isolated_home: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from index.settings import Settings
    from index.writer import WriterBusy, WriterLease

    holder = WriterLease(Settings(), "ingest")
    assert holder.try_acquire()
    try:
        path = tmp_path / "a.jsonl"
        path.write_text(json.dumps(NEW_ARTICLE) + "\n")
        monkeypatch.setenv("NEWSDESK_WRITER_WAIT_S", "1")
        result = _newsdesk("ingest", str(path))
        assert result.returncode == 1
        assert f"`newsdesk ingest` (pid {os.getpid()}) is writing to {isolated_home}" in result.stderr
        with pytest.raises(WriterBusy):
            WriterLease(Settings(), "remove").wait(0.3)
    finally:
        holder.release()
    result = _newsdesk("ingest", str(path), "--json")  # free again
    assert result.returncode == 0 and json.loads(result.stdout)["added"] == 1


def test_one_newsdesk_answers_concurrent_questions_like_sequential_ones(sample_home: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from qa import Newsdesk

    desk = Newsdesk()
    expected = {q: Newsdesk().ask(q).as_dict() for q in QUESTIONS}
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda q: (q, desk.ask(q).as_dict()), QUESTIONS * 4))
    for q, answer in got:
        assert answer["text"] == expected[q]["text"]
        assert [c["quote"] for c in answer["citations"]] == [c["quote"] for c in expected[q]["citations"]]


def test_a_lock_left_behind_by_a_dead_serve_is_named_not_waited_on(isolated_home: Path, tmp_path: Path) -> None:
    """A serve that died while a process it forked kept the writer lock: no hand-over to its dead address."""
    isolated_home.mkdir(parents=True)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a pid that no longer runs
    (isolated_home / "writer.json").write_text(json.dumps(
        {"pid": gone.pid, "command": "serve", "url": "http://127.0.0.1:9", "token": "t"}))
    keeper = subprocess.Popen(  # what the dead serve left behind: a process holding the lock
        [sys.executable, "-c", "import fcntl, sys, time\nf = open(sys.argv[1], 'a+')\n"
         "fcntl.flock(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(120)",
         str(isolated_home / "writer.lock")], stdout=subprocess.PIPE, text=True)
    try:
        assert keeper.stdout is not None and keeper.stdout.readline().strip() == "locked"
        path = tmp_path / "a.jsonl"
        path.write_text(json.dumps(NEW_ARTICLE) + "\n")
        result = _newsdesk("ingest", str(path))
        assert result.returncode != 0
        assert f"`newsdesk serve` (pid {gone.pid})" in result.stderr and "no longer runs" in result.stderr
        assert f"fuser {isolated_home}/writer.lock" in result.stderr
    finally:
        keeper.kill()
        keeper.wait()
