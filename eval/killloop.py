"""Kill loop: SIGKILL `newsdesk ingest`, `newsdesk watch --once` and a writing `newsdesk serve --watch` at
random moments, again and again, then check that nothing was lost, duplicated or left inconsistent.

Each cycle does one of three things on a temporary home, kills after a random delay, and reads `stats`: an
ingest of a JSONL file; a watch of a folder that gains a file now and then; or a `serve --watch` of that folder
with an ingest handed over to it, where the serve (the home's writer) or the handing-over ingest is killed. At the end a last ingest
and watch run to completion, and the home is compared with a clean ingest of the same input:

- acknowledged: articles stored (counted by `stats`) after some cycle; lost: acknowledged ids missing at the
  end; duplicated: articles, chunks or vectors counted more than once (catalog vs Chroma vs keyword index,
  and vs the clean run);
- consistent: SQLite integrity check, Chroma ids == catalog chunk ids, keyword documents == catalog chunks.

    python -m eval.killloop [--cycles 50] [--articles 120] [--max-delay 8] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared/data/realtimeqa/articles-3k.jsonl.gz"


def _cli(home: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("newsdesk")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=timeout, check=False,
                          env={**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_WRITER_WAIT_S": "60"})


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (the tests' servers take theirs here too)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serving(home: Path, timeout: float = 90.0) -> bool:
    """The serve started on `home` has published its hand-over address (it holds the writer lease)."""
    from index.writer import Holder

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        holder = Holder.read(home)
        if holder is not None and holder.command == "serve" and holder.url:
            return True
        time.sleep(0.2)
    return False


def _start(home: Path, *args: str) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("newsdesk")
    return subprocess.Popen([str(exe), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "NEWSDESK_HOME": str(home)})


def _articles(home: Path) -> set[str]:
    path = home / "catalog.sqlite"
    if not path.exists():
        return set()
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in db.execute("SELECT id FROM articles")}
    except sqlite3.DatabaseError:
        return set()
    finally:
        db.close()


def check(home: Path) -> dict[str, Any]:
    """Counts and consistency of a home (catalog, Chroma, keyword index)."""
    from index.catalog import Catalog
    from index.keywords import KeywordIndex
    from index.settings import Settings
    from index.store import VectorStore

    settings = Settings(home=home)
    catalog = Catalog(settings.catalog_path)
    integrity = catalog._all("PRAGMA integrity_check")[0][0]
    chunk_ids = catalog.all_chunk_ids(settings.index_key)
    store = VectorStore(settings)
    vector_ids = store.ids()
    keywords = KeywordIndex(settings.keyword_dir)
    stats = catalog.stats(settings.index_key)
    out = {
        "articles": stats["articles"], "stories": stats["stories"], "chunks": len(chunk_ids),
        "vectors": len(vector_ids), "keyword_docs": keywords.size, "pending": stats["pending"],
        "integrity": integrity, "orphan_vectors": len(vector_ids - chunk_ids.keys()),
        "missing_vectors": len(chunk_ids.keys() - vector_ids),
        "keyword_lag": catalog.last_change() - max(keywords.applied, 0),
    }
    catalog.close()
    return out


def _serve_cycle(home: Path, source: Path, drop: Path, rng: random.Random, max_delay: float) -> str:
    """`serve --watch DROP` as the home's writer, an ingest handed over to it, then SIGKILL for one of them
    (the other is stopped too: a killed serve is what this tests, a killed client what it survives)."""
    server = _start(home, "serve", "--port", str(free_port()), "--watch", str(drop), "--every", "2s")
    client = None
    try:
        if not _serving(home):
            return "not started"
        client = _start(home, "ingest", str(source), "-q")
        time.sleep(rng.uniform(0.2, max_delay))
        victim = server if rng.random() < 0.5 else client
        if victim.poll() is not None:
            return "finished"
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        return "serve killed" if victim is server else "hand-over killed"
    finally:
        for proc in (client, server):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
            if proc is not None:
                proc.wait()


def run(cycles: int, n_articles: int, max_delay: float, seed: int = 0, progress: bool = True,
        with_serve: bool = True) -> dict[str, Any]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        source = tmpdir / "articles.jsonl"
        with gzip.open(SHARED, "rt", encoding="utf-8") as f, source.open("w", encoding="utf-8") as out:
            lines = [line for _, line in zip(range(n_articles), f, strict=False)]
            out.writelines(lines[: n_articles * 3 // 4])
        drop = tmpdir / "drop"  # the watched folder gains the last quarter, a file at a time
        drop.mkdir()
        rest = lines[n_articles * 3 // 4 :]
        home = tmpdir / "home"
        acknowledged: set[str] = set()
        kills = watch_kills = serve_kills = handover_kills = serve_cycles = 0
        for cycle in range(cycles):
            if cycle % 5 == 4 and rest:
                (drop / f"part{cycle}.jsonl").write_text("".join(rest[:5]))
                rest = rest[5:]
            kind = ("ingest", "serve", "watch")[cycle % 3] if with_serve else ("ingest", "ingest", "watch")[cycle % 3]
            if kind == "serve":
                what = _serve_cycle(home, source, drop, rng, max_delay)
                serve_cycles += what != "not started"
                serve_kills += what == "serve killed"
                handover_kills += what == "hand-over killed"
                kills += what != "finished"
            else:
                proc = _start(home, *(("watch", str(drop), "--once") if kind == "watch" else ("ingest", str(source), "-q")))
                time.sleep(rng.uniform(0.2, max_delay))
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    kills += 1
                    watch_kills += kind == "watch"
                proc.wait()
                what = "killed" if proc.returncode == -signal.SIGKILL else "finished"
            acknowledged |= _articles(home)
            if progress:
                print(f"cycle {cycle + 1}/{cycles}: {kind} {what}; {len(acknowledged)} articles stored so far",
                      file=sys.stderr, flush=True)
        if rest:
            (drop / "last.jsonl").write_text("".join(rest))
        final = _cli(home, "ingest", str(source), "-q", "--json")
        final_watch = _cli(home, "watch", str(drop), "--once", "--json")
        got = check(home)
        clean_home = tmpdir / "clean"
        _cli(clean_home, "ingest", str(source), str(drop), "-q")
        clean = check(clean_home)
        stored = _articles(home)
        result = {
            "cycles": cycles, "kills": kills, "watch_kills": watch_kills, "serve_kills": serve_kills,
            "handover_kills": handover_kills, "serve_cycles": serve_cycles,
            "acknowledged": len(acknowledged), "lost": len(acknowledged - stored),
            "duplicated": max(0, got["chunks"] - clean["chunks"]) + got["orphan_vectors"]
            + max(0, got["keyword_docs"] - got["chunks"]),
            "final_ingest_ok": final.returncode == 0 and final_watch.returncode == 0,
            "after": got, "clean": clean,
            "same_as_clean": all(got[k] == clean[k] for k in ("articles", "stories", "chunks", "vectors",
                                                              "keyword_docs")),
        }
        result["ok"] = (result["lost"] == 0 and result["duplicated"] == 0 and result["same_as_clean"]
                        and got["integrity"] == "ok" and got["missing_vectors"] == 0 and got["pending"] == 0
                        and got["keyword_lag"] <= 0 and result["final_ingest_ok"])
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=50)
    parser.add_argument("--articles", type=int, default=120, help="articles of articles-3k used")
    parser.add_argument("--max-delay", type=float, default=8.0, help="longest wait before a kill, seconds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not SHARED.exists():
        print(f"skip: {SHARED} is not there (the shared data folder sits beside the project)")
        return 0
    r = run(args.cycles, args.articles, args.max_delay, args.seed, progress=not args.json)
    if args.json:
        print(json.dumps(r))
    else:
        print(f"{r['cycles']} cycles, {r['kills']} SIGKILLs ({r['watch_kills']} of `watch`, {r['serve_kills']} of a "
              f"writing `serve --watch`, {r['handover_kills']} of an ingest handing over to it); "
              f"acknowledged {r['acknowledged']}, lost {r['lost']}, duplicated {r['duplicated']}")
        print(f"after the kills and a final run: {r['after']}")
        print(f"a clean ingest of the same input: {r['clean']}")
        print("OK: same as the clean run, consistent" if r["ok"] else "FAILED")
    return 0 if r["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
