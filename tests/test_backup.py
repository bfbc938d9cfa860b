"""`newsdesk backup` (also while `serve` runs) and `newsdesk restore`, verified by counts and a question."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli, serving

QUESTION = "Why did missile defense talks stall?"


def test_backup_while_serving_then_restore_elsewhere(sample_home: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "ferry", "title": "Ferry returns", "published": "2024-03-26",
                                 "text": "The harbour ferry resumed service from Pier 4 on Monday."}) + "\n")
    assert run_cli("ingest", str(extra), "-q").returncode == 0
    original = json.loads(run_cli("ask", QUESTION, "--json").stdout)
    target = tmp_path / "backup"
    with serving():
        r = run_cli("backup", str(target), "--json")  # handed to the running serve
        assert r.returncode == 0, r.stderr
    manifest = json.loads(r.stdout)
    assert manifest["articles"] == 2 and manifest["chunks"] == manifest["vectors"] >= 3
    assert (target.stat().st_mode & 0o077) == 0

    elsewhere = tmp_path / "restored-home"
    env = {"NEWSDESK_HOME": str(elsewhere)}
    r = run_cli("restore", str(target), "--json", env=env)
    assert r.returncode == 0, r.stderr
    restored = json.loads(r.stdout)
    assert {k: restored[k] for k in ("articles", "chunks", "vectors")} == {
        k: manifest[k] for k in ("articles", "chunks", "vectors")}
    again = json.loads(run_cli("ask", QUESTION, "--json", env=env).stdout)
    assert again["text"] == original["text"] and again["answerable"]
    ferry = json.loads(run_cli("search", "harbour ferry Pier 4", "--json", env=env).stdout)
    assert ferry[0]["article_id"] == "ferry"  # the keyword and vector sides were both restored

    refused = run_cli("restore", str(target), env=env)  # the home is not empty now
    assert refused.returncode == 1 and "--force" in refused.stderr
    forced = run_cli("restore", str(target), "--force", "--json", env=env)
    assert forced.returncode == 0 and json.loads(forced.stdout)["moved_aside"]


def test_a_damaged_backup_is_refused(sample_home: Path, tmp_path: Path) -> None:
    target = tmp_path / "backup"
    assert run_cli("backup", str(target)).returncode == 0
    data = bytearray((target / "vectors.npy").read_bytes())
    data[-1] ^= 0xFF
    (target / "vectors.npy").write_bytes(bytes(data))
    r = run_cli("restore", str(target), env={"NEWSDESK_HOME": str(tmp_path / "new-home")})
    assert r.returncode == 1 and "vectors.npy" in r.stderr and "damaged" in r.stderr
    assert run_cli("backup", str(target)).returncode == 1  # never into a non-empty folder
